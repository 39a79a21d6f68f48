"""Reader words: the one place where codes, column names and flags get the words shown.

Every page and builder names a country, mode, metric, direction, reporter side, grade, flag or
column through this module, so a reader meets one word for one thing everywhere, and no
machine name (``partner_country``, ``cn_ru``, ``10k_t``) reaches the screen by accident.
Pure: no Streamlit.
"""

from __future__ import annotations

import re

# Countries and partners, by ISO 3166 alpha-3 code (and the air ports' two cases).
PARTNER_NAMES = {
    "RUS": "Russia",
    "MNG": "Mongolia",
    "CHN": "China",
    "PRK": "North Korea",
    "KAZ": "Kazakhstan",
    "MULTI": "several (air)",
    "": "not recorded (air)",
}
PARTNER_FILTER_NAMES = {"both": "Both", **PARTNER_NAMES}
MODE_LABELS = {"rail": "Rail", "road": "Road", "river": "River", "air": "Air"}
METRIC_LABELS = {
    "freight": "Freight",
    "passengers": "Passengers",
    "ce_trains": "China–Europe trains",
    "ce_teu": "China–Europe containers",
    "cross_border_tourists": "Cross-border tourists",
}
# The same, inside a sentence ("Erenhot: China–Europe trains by year"): proper nouns kept.
METRIC_IN_TEXT = {
    "freight": "freight",
    "passengers": "passengers",
    "ce_trains": "China–Europe trains",
    "ce_teu": "China–Europe containers",
    "cross_border_tourists": "cross-border tourists",
}
DIRECTION_LABELS = {
    "total": "total",
    "in": "inbound (into China)",
    "out": "outbound (out of China)",
    "import": "imports",
    "export": "exports",
}
# Whose statistics a figure is: the reporter side (the two sides' figures often differ).
REPORTER_NAMES = {"CHN": "Chinese", "MNG": "Mongolian", "RUS": "Russian"}
TILE_NAMES = {
    "none": "Own basemap (offline)",
    "osm": "OpenStreetMap tiles",
    "tianditu": "Tianditu tiles (天地图)",
}
# Grades of the source registry, most trusted first, each with what it means to a reader.
GRADES = {
    "official statistic": "a statistics office's or ministry's own publication",
    "customs": "a customs administration's release",
    "operator": "the railway or port operator",
    "geodata": "a published map dataset (Natural Earth, GeoNames)",
    "research": "a research paper or report",
    "wire service": "a news agency (Xinhua, China News Service, Sputnik, Reuters…)",
    "news media": "a newspaper, broadcaster or news site",
    "encyclopedia": "an encyclopedia article (Wikipedia and others)",
    "personal": "a personal page or blog",
    "secondary copy": "a copy of another publisher's article on a third site",
}
GRADE_ORDER = {g: i for i, g in enumerate(GRADES)}
FLAG_LABELS = {
    "is_lower_bound": "lower bound (≥): published as 'over' or 'more than'",
    "is_partial_year": "part of a year (e.g. January–June)",
    "is_approximate": "approximate ('about', 'nearly')",
    "is_inferred": "year or period read from the context, not printed",
    "is_mirror": "a copy of another publisher's article",
}
# Column names of the data as table headers (outside the codebook, which shows the names).
COLUMN_LABELS = {
    "border_id": "Border section code",
    "section": "Section",
    "level": "Level",
    "partner": "Partner",
    "computed_length_km": "Computed length (km)",
    "computed_from": "Computed from",
    "computed_share_pct": "Computed share (%)",
    "reported_length_km": "Reported length (km)",
    "reported_share_pct": "Reported share (%)",
    "source_id": "Source code",
    "source": "Source",
    "quote": "Quoted words",
    "note": "Note",
    "notes": "Notes",
    "port_id": "Port code",
    "port": "Port",
    "year": "Year",
    "period": "Period",
    "metric": "Measure",
    "direction": "Direction",
    "value": "Value",
    "unit": "Unit",
    "scope": "What the figure covers",
    "reporter": "Whose statistics",
    "is_lower_bound": "Lower bound (≥)",
    "is_partial_year": "Part of a year",
    "is_approximate": "Approximate",
    "is_inferred": "Year read from context",
    "indicator": "Indicator",
    "value_unit": "Value",
    "date": "Date",
    "date_precision": "Date precision",
    "title": "Title",
    "description": "Description",
    "category": "Category",
    "channel": "Channel",
    "channel_id": "Channel code",
    "gauge_china_mm": "Gauge in China (mm)",
    "gauge_partner_mm": "Gauge across the border (mm)",
    "is_break_of_gauge": "Break of gauge",
    "publisher": "Publisher",
    "original_publisher": "Original publisher",
    "is_mirror": "Copy of another site's article",
    "grade": "Grade",
    "url": "Link",
    "language": "Language",
    "date_published": "Published",
    "date_accessed": "Accessed",
}


# The cooperation table's indicators ("im": Inner Mongolia).
INDICATOR_LABELS = {
    "beijing_assistance_funds": "Beijing's assistance funds",
    "beijing_assistance_funds_annual_growth": "Growth of Beijing's assistance funds per year",
    "cadre_implemented_funds": "Funds carried out by seconded cadres",
    "cadre_implemented_projects": "Projects carried out by seconded cadres",
    "seconded_cadres": "Cadres seconded from Beijing",
    "farmers_herders_employed": "Farmers and herders given work",
    "im_agri_sales_in_beijing": "Inner Mongolia's farm products sold in Beijing",
    "im_agri_sales_in_beijing_ratio_to_prior_year": "Inner Mongolia's farm sales in Beijing, "
    "against the year before",
    "rural_revitalisation_funds": "Rural revitalisation funds",
    "demonstration_villages": "Demonstration villages",
    "industrial_project_funds": "Industrial project funds",
    "industrial_projects": "Industrial projects",
    "co_built_industrial_parks": "Industrial parks built together",
    "clean_energy_bases": "Clean energy bases",
    "beijing_electricity_share_from_im": "Share of Beijing's electricity from Inner Mongolia",
    "assisted_banners_counties": "Banners and counties assisted",
}


def indicator_label(code: str) -> str:
    """An indicator code in words (known codes, else the words of the code)."""
    return INDICATOR_LABELS.get(code) or str(code).replace("_", " ").capitalize()


def printed_number(value) -> str:
    """A number as its source printed it: every stored digit and no added one (4,630 for
    4630.0; 4,672.7153 for 4672.7153); '' for a missing value."""
    if value is None or value != value:
        return ""
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"


def province_name(code: str) -> str:
    """A province code as a name: ``inner_mongolia`` → ``Inner Mongolia``."""
    return str(code).replace("_", " ").title()


def column_label(name: str) -> str:
    """A data column's header in reader words (known names, else the words of the name)."""
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    words = re.sub(r"_pct$", " (%)", re.sub(r"_km$", " (km)", name)).replace("_", " ")
    return words[:1].upper() + words[1:]


def reader_columns(df):
    """``df`` with every column renamed to its reader words (for a table on screen)."""
    return df.rename(columns={c: column_label(c) for c in df.columns})


# What the dashboard's words mean (the About page's glossary).
GLOSSARY = {
    "Border port (口岸)": "a place where people and goods may cross the border under customs "
    "and border control, by rail, road, river or air. A port has a partner port across the "
    "line (its counterpart).",
    "Whole port": "a figure for the whole port (all its modes, or its road and rail ports "
    "together), as published; a figure for the rail port alone is shown apart from it.",
    "Inbound / outbound": "into China / out of China, as Chinese sources count them. Where a "
    "source publishes both and the total, the dashboard checks whether they add up and keeps "
    "all three as published.",
    "Exports / imports": "China's exports to and imports from the partner, unless the reporter "
    "side says otherwise.",
    "Lower bound (≥)": "a figure published as 'over', 'more than' or 'at least': the true value "
    "is this or higher. Drawn as a triangle and written with ≥.",
    "Part-year figure": "a figure for part of a year (January–June, a navigation season). "
    "Drawn as an open symbol and never joined by a line to the full years.",
    "Reporter side": "whose statistics a trade figure is: Chinese customs, or the partner's "
    "statistics office. The two sides count differently and often disagree; both are shown "
    "side by side (the partner's as dotted lines and diamonds).",
    "Approximate": "a figure published as 'about' or 'nearly'.",
    "Schematic channel": "a rail channel drawn as straight lines between its stations in the "
    "order the source lists them, not the railway's own line; its length is shorter than the "
    "railway's.",
    "Break of gauge": "where China's standard gauge meets the broader gauge of Russia and "
    "Mongolia: wagons are changed or re-bogied at the border (the Rail channels page gives "
    "each crossing's gauges with their source).",
    "Computed length": "a border's length measured on a map dataset (Natural Earth 1:10m, "
    "geodesic on the WGS84 ellipsoid). Coarser maps cut meanders, so it is shorter than the "
    "length published from surveys.",
    "Reported length": "a border's length as a source printed it, with that source.",
    "Source grade": "what kind of publisher a source is (official statistic, wire service, "
    "news media, encyclopedia, copy…); the Data and sources page counts them.",
    "Copy": "a page that reprints another publisher's article. It is cited under its original "
    "publisher, with the copy's address in the details.",
    "10,000 tonnes (万吨)": "the unit in which Chinese sources publish freight; 100 × 10,000 t "
    "= 1 million tonnes (Mt).",
}

HOW_TO_READ = [
    (
        "Values as published",
        "Every number is shown as its source printed it, with its unit and source. A year "
        "nobody published stays empty (a gap in a line is a gap in the record, never "
        "interpolated).",
    ),
    (
        "Whole port or one mode",
        "A port's figure may cover the whole port or only its rail or road port; the chart "
        "and the table say which (What the figure covers).",
    ),
    (
        "Inbound and outbound",
        "Freight and passengers into China and out of China are drawn as dashed and dotted "
        "lines beside the total.",
    ),
    (
        "Lower bounds (≥)",
        "Triangles mark figures published as 'over …': the true value is at least this.",
    ),
    ("Part-year figures", "Open symbols are figures for part of a year; they stand alone."),
    (
        "Reporter side",
        "Trade is drawn once per reporting side: solid lines and circles for Chinese "
        "statistics, dotted lines and diamonds for the partner's.",
    ),
    (
        "Schematic channels",
        "The rail channels are drawn as straight lines between their stations, not as the "
        "railway; their lengths are shorter than the railways'.",
    ),
    (
        "Filters",
        "The sidebar's filters (partner country, province, mode, ports, years) apply to every "
        "page; Clear filters shows everything again. The address in the browser reopens "
        "exactly the view you see.",
    ),
]

# The charts' symbols, in the words of the key shown beside each chart that uses them.
SYMBOL_KEY = {
    "reporter": "solid line and circles: Chinese statistics; dotted line and diamonds: the "
    "partner country's statistics",
    "lower_bound": "triangle: a lower bound (≥, published as 'over …')",
    "partial": "open symbol: part of a year, not joined to the full years",
    "direction": "solid line: total; dashed: inbound (into China); dotted: outbound (out of China)",
    "gap": "a break in a line: no figure published for the years between",
}
FLOW_SECTIONS = {
    "pairs": "Country pairs",
    "provinces": "Provinces",
    "ports": "Ports",
    "trains": "China–Europe trains",
}
