"""Reader words: the one place where codes, column names and flags get the words shown.

Every page and builder names a country, mode, metric, direction, reporter side, grade, flag or
column through this module, so a reader meets one word for one thing everywhere, and no
machine name (``partner_country``, ``cn_ru``, ``10k_t``) reaches the screen by accident.
Pure: no Streamlit.
"""

from __future__ import annotations

import re

from babel.numbers import format_decimal

from corridor.i18n import N_, Words, _, current, locale, period_words

# Countries and partners, by ISO 3166 alpha-3 code (and the air ports' two cases).
PARTNER_NAMES = Words(
    {
        "RUS": N_("Russia"),
        "MNG": N_("Mongolia"),
        "CHN": N_("China"),
        "PRK": N_("North Korea"),
        "KAZ": N_("Kazakhstan"),
        "MULTI": N_("several (air)"),
        "": N_("not recorded (air)"),
    }
)
PARTNER_FILTER_NAMES = Words({"both": N_("Both"), **PARTNER_NAMES._entries})
MODE_LABELS = Words(
    {"rail": N_("Rail"), "road": N_("Road"), "river": N_("River"), "air": N_("Air")}
)
METRIC_LABELS = Words(
    {
        "freight": N_("Freight"),
        "passengers": N_("Passengers"),
        "ce_trains": N_("China–Europe trains"),
        "ce_teu": N_("China–Europe containers"),
        "cross_border_tourists": N_("Cross-border tourists"),
    }
)
# The same, inside a sentence ("Erenhot: China–Europe trains by year"): proper nouns kept.
METRIC_IN_TEXT = Words(
    {
        "freight": N_("freight"),
        "passengers": N_("passengers"),
        "ce_trains": N_("China–Europe trains"),
        "ce_teu": N_("China–Europe containers"),
        "cross_border_tourists": N_("cross-border tourists"),
    }
)
DIRECTION_LABELS = Words(
    {
        "total": N_("total"),
        "in": N_("inbound (into China)"),
        "out": N_("outbound (out of China)"),
        "import": N_("imports"),
        "export": N_("exports"),
    }
)
# Whose statistics a figure is: the reporter side (the two sides' figures often differ).
REPORTER_NAMES = Words({"CHN": N_("Chinese"), "MNG": N_("Mongolian"), "RUS": N_("Russian")})
TILE_NAMES = Words(
    {
        "none": N_("Own basemap (offline)"),
        "osm": N_("OpenStreetMap tiles"),
        "tianditu": N_("Tianditu tiles (天地图)"),
    }
)
# Grades of the source registry, most trusted first, each with what it means to a reader.
GRADES = Words(
    {
        "official statistic": N_("a statistics office's or ministry's own publication"),
        "customs": N_("a customs administration's release"),
        "operator": N_("the railway or port operator"),
        "geodata": N_("a published map dataset (Natural Earth, GeoNames)"),
        "research": N_("a research paper or report"),
        "wire service": N_("a news agency (Xinhua, China News Service, Sputnik, Reuters…)"),
        "news media": N_("a newspaper, broadcaster or news site"),
        "encyclopedia": N_("an encyclopedia article (Wikipedia and others)"),
        "personal": N_("a personal page or blog"),
        "secondary copy": N_("a copy of another publisher's article on a third site"),
    }
)
GRADE_ORDER = {g: i for i, g in enumerate(GRADES)}
# The grades' own names (the codes are English words; other languages need them translated).
GRADE_NAMES = Words(
    {
        "official statistic": N_("official statistic"),
        "customs": N_("customs"),
        "operator": N_("operator"),
        "geodata": N_("geodata"),
        "research": N_("research"),
        "wire service": N_("wire service"),
        "news media": N_("news media"),
        "encyclopedia": N_("encyclopedia"),
        "personal": N_("personal"),
        "secondary copy": N_("secondary copy"),
    }
)
# What a port's figure covers (port_flows.csv ``scope``); other scopes are shown as recorded.
SCOPES = Words(
    {
        "whole port": N_("whole port"),
        "rail port": N_("rail port"),
        "road port": N_("road port"),
        "port": N_("port"),
        "road port passenger channel": N_("road port passenger channel"),
        "port (navigation season)": N_("port (navigation season)"),
        "Mongolian Zamyn-Uud road checkpoint": N_("Mongolian Zamyn-Üüd road checkpoint"),
    }
)
# What a port of a town is, where the town has several (``erenhot_rail``, ``erenhot_road``):
# said after the town's name in a language whose sources name only the town.
PORT_KINDS = Words({"rail": N_("rail port"), "road": N_("road port"), "air": N_("airport")})
# Border sections (borders.geojson ``border_id``, and ``cn_ru`` for both China–Russia sections).
BORDER_SECTIONS = Words(
    {
        "cn_mn": N_("China–Mongolia"),
        "cn_mn_gs": N_("Gansu–Mongolia"),
        "cn_mn_nm": N_("Inner Mongolia–Mongolia"),
        "cn_mn_xj": N_("Xinjiang–Mongolia"),
        "cn_ru": N_("China–Russia (both sections)"),
        "cn_ru_east": N_("China–Russia (east)"),
        "cn_ru_west": N_("China–Russia (west)"),
        "cn_ru_hl": N_("Heilongjiang–Russia"),
        "cn_ru_jl": N_("Jilin–Russia"),
        "cn_ru_nm": N_("Inner Mongolia–Russia"),
        "cn_ru_xj": N_("Xinjiang–Russia"),
        "mn_ru": N_("Mongolia–Russia"),
    }
)
# A port's status, by the words ports.geojson ``status_season`` opens with (its dates and
# conditions stay in the research table's English, shown beside it).
STATUS_KINDS = Words(
    {
        "year-round": N_("year-round"),
        "seasonal": N_("seasonal"),
        "suspended": N_("suspended"),
        "permanent": N_("permanent"),
    }
)
# Places of flows.csv ``geography`` that are groups of ports or regions (a single port's or
# province's name is a name, shown as published).
GEOGRAPHY_NAMES = Words(
    {
        "Inner Mongolia (land ports)": N_("Inner Mongolia (land ports)"),
        "Inner Mongolia (all ports)": N_("Inner Mongolia (all ports)"),
        "China (national)": N_("China (national)"),
        "China (national, China-Europe + China-Central Asia)": N_(
            "China (national, China–Europe and China–Central Asia trains)"
        ),
        "Alashankou + Horgos (Xinjiang)": N_("Alashankou + Horgos (Xinjiang)"),
        "Manzhouli + Suifenhe + Tongjiang": N_("Manzhouli + Suifenhe + Tongjiang"),
        "Manzhouli + Erenhot rail ports": N_("Manzhouli + Erenhot rail ports"),
        "Inner Mongolia": N_("Inner Mongolia"),
        "Heilongjiang": N_("Heilongjiang"),
        # Mongolia's exports to and imports from China and Russia, as Mongolia's statistics count
        # them
        "MN-CN": N_("Mongolia–China"),
        "MN-RU": N_("Mongolia–Russia"),
        "Mongolia->China": N_("Mongolia–China"),
    }
)
# Event categories of events.csv.
EVENT_CATEGORIES = Words(
    {
        "Beijing–Inner Mongolia": N_("Beijing–Inner Mongolia"),
        "Corridor": N_("Corridor"),
        "Siberia–China": N_("Siberia–China"),
        "Heilongjiang–Russia": N_("Heilongjiang–Russia"),
        "Ports": N_("Ports"),
    }
)
# How the map draws a rail channel (its tooltip and the legend say it the same way).
CHANNEL_DRAWING = N_(
    "along OpenStreetMap railway lines, straight where they have none; not surveyed track"
)
# How a port's point was placed (ports.geojson ``location_precision``).
LOCATION_PRECISION = Words(
    {
        "exact": N_("published point"),
        "town": N_("town's point"),
        "approximate": N_("approximate point"),
        "none": N_("no published point"),
    }
)
# The same, as a port's card says it in full.
LOCATION_DETAIL = Words(
    {
        "exact": N_("point of the crossing or port facility"),
        "town": N_("point of the town, not the crossing"),
        "approximate": N_("approximate point"),
        "none": N_("no published coordinate"),
    }
)
PROVINCE_NAMES = Words(
    {
        "Inner Mongolia": N_("Inner Mongolia"),
        "Heilongjiang": N_("Heilongjiang"),
        "Jilin": N_("Jilin"),
        "Xinjiang": N_("Xinjiang"),
        "Gansu": N_("Gansu"),
    }
)
FLAG_LABELS = Words(
    {
        "is_lower_bound": N_("lower bound (≥): published as 'over' or 'more than'"),
        "is_partial_year": N_("part of a year (e.g. January–June)"),
        "is_approximate": N_("approximate ('about', 'nearly')"),
        "is_inferred": N_("year or period read from the context, not printed"),
        "is_mirror": N_("a copy of another publisher's article"),
    }
)
# Column names of the data as table headers (outside the codebook, which shows the names).
COLUMN_LABELS = Words(
    {
        "border_id": N_("Border section code"),
        "section": N_("Section"),
        "level": N_("Level"),
        "partner": N_("Partner"),
        "computed_length_km": N_("Computed length (km)"),
        "computed_from": N_("Computed from"),
        "computed_share_pct": N_("Computed share (%)"),
        "reported_length_km": N_("Reported length (km)"),
        "reported_share_pct": N_("Reported share (%)"),
        "source_id": N_("Source code"),
        "source": N_("Source"),
        "quote": N_("Quoted words"),
        "note": N_("Note"),
        "notes": N_("Notes"),
        "port_id": N_("Port code"),
        "port": N_("Port"),
        "year": N_("Year"),
        "period": N_("Period"),
        "metric": N_("Measure"),
        "direction": N_("Direction"),
        "value": N_("Value"),
        "unit": N_("Unit"),
        "scope": N_("What the figure covers"),
        "reporter": N_("Whose statistics"),
        "is_lower_bound": N_("Lower bound (≥)"),
        "is_partial_year": N_("Part of a year"),
        "is_approximate": N_("Approximate"),
        "is_inferred": N_("Year read from context"),
        "indicator": N_("Indicator"),
        "value_unit": N_("Value"),
        "source_section": N_("Part of the source"),
        "date": N_("Date"),
        "date_precision": N_("Date precision"),
        "title": N_("Title"),
        "description": N_("Description"),
        "category": N_("Category"),
        "channel": N_("Channel"),
        "channel_id": N_("Channel code"),
        "counterpart": N_("Counterpart"),
        "gauge_china_mm": N_("Gauge in China (mm)"),
        "gauge_partner_mm": N_("Gauge across the border (mm)"),
        "is_break_of_gauge": N_("Break of gauge"),
        "publisher": N_("Publisher"),
        "original_publisher": N_("Original publisher"),
        "is_mirror": N_("Copy of another site's article"),
        "grade": N_("Grade"),
        "url": N_("Link"),
        "language": N_("Language"),
        "date_published": N_("Published"),
        "date_accessed": N_("Accessed"),
    }
)


# The cooperation table's indicators ("im": Inner Mongolia).
INDICATOR_LABELS = Words(
    {
        "beijing_assistance_funds": N_("Beijing's assistance funds"),
        "beijing_assistance_funds_annual_growth": N_(
            "Growth of Beijing's assistance funds per year"
        ),
        "cadre_implemented_funds": N_("Funds carried out by seconded cadres"),
        "cadre_implemented_projects": N_("Projects carried out by seconded cadres"),
        "seconded_cadres": N_("Cadres seconded from Beijing"),
        "farmers_herders_employed": N_("Farmers and herders given work"),
        "im_agri_sales_in_beijing": N_("Inner Mongolia's farm products sold in Beijing"),
        "im_agri_sales_in_beijing_ratio_to_prior_year": N_(
            "Inner Mongolia's farm sales in Beijing, against the year before"
        ),
        "rural_revitalisation_funds": N_("Rural revitalisation funds"),
        "demonstration_villages": N_("Demonstration villages"),
        "industrial_project_funds": N_("Industrial project funds"),
        "industrial_projects": N_("Industrial projects"),
        "co_built_industrial_parks": N_("Industrial parks built together"),
        "clean_energy_bases": N_("Clean energy bases"),
        "beijing_electricity_share_from_im": N_(
            "Share of Beijing's electricity from Inner Mongolia"
        ),
        "assisted_banners_counties": N_("Banners and counties assisted"),
        "im_mn_open_ports": N_("Ports opened between Inner Mongolia and Mongolia"),
        "im_mn_ports_share_of_bilateral_trade": N_(
            "Those ports' share of trade between China, Mongolia and Russia"
        ),
    }
)


def indicator_label(code: str) -> str:
    """An indicator code in words (known codes, else the words of the code)."""
    return INDICATOR_LABELS.get(code) or str(code).replace("_", " ").capitalize()


def printed_number(value) -> str:
    """A number as its source printed it: every stored digit and no added one (4,630 for
    4630.0; 4,672.7153 for 4672.7153), with the separators of the reader's language
    ("4 672,7153" in Russian); '' for a missing value."""
    if value is None or value != value:
        return ""
    return format_decimal(float(f"{float(value):.15g}"), format="#,##0.##########", locale=locale())


# The cooperation table's periods, as the data records them: a data value in reader words
# (a span of months goes through i18n.period_words instead).
COOPERATION_PERIODS = Words(
    {
        "year": N_("the year"),
        "cumulative": N_("cumulative"),
        "at present": N_("at present"),
        "initially": N_("initially"),
        "initially (annual)": N_("initially (per year)"),
        "period": N_("over the period"),
        "as of Nov 2024": N_("by November 2024"),
        "2021-2022 (two years)": N_("2021–2022 (two years)"),
        "12th Five-Year Plan (2011-2015)": N_("12th Five-Year Plan (2011–2015)"),
        "at the time of writing (paper c. 2021)": N_("when the paper was written (about 2021)"),
    }
)


def cooperation_period(text: str) -> str:
    """A cooperation figure's period in the reader's words ("Jan-May" → "янв. – мая")."""
    return COOPERATION_PERIODS.get(text) or period_words(text)


def reporter_in_line(side: str) -> str:
    """A reporter's name inside a line ("…, Chinese statistics", "… (Chinese statistics)"):
    a Russian adjective there takes a small letter ("китайская статистика"); Mongolian keeps
    the country's capital ("Хятадын статистик")."""
    name = REPORTER_NAMES.get(side, side)
    return name[:1].lower() + name[1:] if current() == "ru" else name


def statistics_of(side: str) -> str:
    """Whose statistics a figure is, inside a line ("…, Chinese statistics")."""
    return _("{side} statistics").format(side=reporter_in_line(side))


def province_name(code: str) -> str:
    """A province code as a name: ``inner_mongolia`` → ``Inner Mongolia`` (in the reader's
    language where the vocabulary has it)."""
    name = str(code).replace("_", " ").title()
    return PROVINCE_NAMES.get(name, name)


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
    N_("Border port (口岸)"): N_(
        "a place where people and goods may cross the border under customs "
        "and border control, by rail, road, river or air. A port has a partner port across the "
        "line (its counterpart)."
    ),
    N_("Whole port"): N_(
        "a figure for the whole port (all its modes, or its road and rail ports "
        "together), as published; a figure for the rail port alone is shown apart from it."
    ),
    N_("Inbound / outbound"): N_(
        "into China / out of China, as Chinese sources count them. Where a "
        "source publishes both and the total, the dashboard checks whether they add up and keeps "
        "all three as published."
    ),
    N_("Exports / imports"): N_(
        "China's exports to and imports from the partner, unless the reporter side says otherwise."
    ),
    N_("Lower bound (≥)"): N_(
        "a figure published as 'over', 'more than' or 'at least': the true value "
        "is this or higher. Drawn as a triangle and written with ≥."
    ),
    N_("Part-year figure"): N_(
        "a figure for part of a year (January–June, a navigation season). "
        "Drawn as an open symbol and never joined by a line to the full years."
    ),
    N_("Reporter side"): N_(
        "whose statistics a trade figure is: Chinese customs, or the partner's "
        "statistics office. The two sides count differently and often disagree; both are shown "
        "side by side (the partner's as dotted lines and diamonds)."
    ),
    N_("Approximate"): N_("a figure published as 'about' or 'nearly'."),
    N_("Schematic channel"): N_(
        "a rail channel drawn through its stations in the order the source lists them "
        "and through the towns on its railway between them, along OpenStreetMap's railway "
        "lines where they join two of them and straight elsewhere: a drawing, not surveyed track."
    ),
    N_("Break of gauge"): N_(
        "where China's standard gauge meets the broader gauge of Russia and "
        "Mongolia: wagons are changed or re-bogied at the border (the Rail channels page gives "
        "each crossing's gauges with their source)."
    ),
    N_("Computed length"): N_(
        "a border's length measured on a map dataset (Natural Earth 1:10m, "
        "geodesic on the WGS84 ellipsoid). Coarser maps cut meanders, so it is shorter than the "
        "length published from surveys."
    ),
    N_("Reported length"): N_("a border's length as a source printed it, with that source."),
    N_("Source grade"): N_(
        "what kind of publisher a source is (official statistic, wire service, "
        "news media, encyclopedia, copy…); the Data and sources page counts them."
    ),
    N_("Copy"): N_(
        "a page that reprints another publisher's article. It is cited under its original "
        "publisher, with the copy's address in the details."
    ),
    N_("10,000 tonnes (万吨)"): N_(
        "the unit in which Chinese sources publish freight; 100 × 10,000 t = 1 million tonnes (Mt)."
    ),
}

HOW_TO_READ = [
    (
        N_("Values as published"),
        N_(
            "Every number is shown as its source printed it, with its unit and source. A year "
            "nobody published stays empty (a gap in a line is a gap in the record, never "
            "interpolated)."
        ),
    ),
    (
        N_("Whole port or one mode"),
        N_(
            "A port's figure may cover the whole port or only its rail or road port; the chart "
            "and the table say which (What the figure covers)."
        ),
    ),
    (
        N_("Inbound and outbound"),
        N_(
            "Freight and passengers into China and out of China are drawn as dashed and dotted "
            "lines beside the total."
        ),
    ),
    (
        N_("Lower bounds (≥)"),
        N_("Triangles mark figures published as 'over …': the true value is at least this."),
    ),
    (N_("Part-year figures"), N_("Open symbols are figures for part of a year; they stand alone.")),
    (
        N_("Reporter side"),
        N_(
            "Trade is drawn once per reporting side: solid lines and circles for Chinese "
            "statistics, dotted lines and diamonds for the partner's."
        ),
    ),
    (
        N_("Schematic channels"),
        N_(
            "The rail channels are drawn through their stations and the towns on their railways "
            "in order, along OpenStreetMap's railway lines (China only) and straight where those "
            "do not join two of them: a drawing, not surveyed track."
        ),
    ),
    (
        N_("Filters"),
        N_(
            "The sidebar's filters (partner country, province, mode, ports, years) apply to every "
            "page; Clear filters shows everything again. The address in the browser reopens "
            "exactly the view you see."
        ),
    ),
]

# The charts' symbols, in the words of the key shown beside each chart that uses them.
SYMBOL_KEY = Words(
    {
        "reporter": N_(
            "solid line and circles: Chinese statistics; dotted line and diamonds: the "
            "partner country's statistics"
        ),
        "lower_bound": N_("triangle: a lower bound (≥, published as 'over …')"),
        "partial": N_("open symbol: part of a year, not joined to the full years"),
        "direction": N_(
            "solid line: total; dashed: inbound (into China); dotted: outbound (out of China)"
        ),
        "gap": N_("a break in a line: no figure published for the years between"),
    }
)
FLOW_SECTIONS = Words(
    {
        "pairs": N_("Country pairs"),
        "provinces": N_("Provinces"),
        "ports": N_("Ports"),
        "trains": N_("China–Europe trains"),
    }
)
# The China–Europe train and container series named in full, for where a row stands alone (the
# coverage matrix): a chart's legend says "through Erenhot" under the chart's "China–Europe
# trains"; a row of the matrix must say both.
SERIES_IN_FULL = Words(
    {
        "CRE_trains_national": N_("China–Europe trains, national"),
        "CRE_CA_trains_national": N_("China–Europe and China–Central Asia trains, national"),
        "CRE_teu_national": N_("China–Europe containers, national"),
        "CRE_trains_Manzhouli": N_("China–Europe trains through Manzhouli"),
        "CRE_trains_Erenhot": N_("China–Europe trains through Erenhot"),
        "CRE_trains_Suifenhe": N_("China–Europe trains through Suifenhe"),
        "CRE_trains_Horgos": N_("China–Europe trains through Horgos"),
        "CRE_trains_MZL_ERL": N_(
            "China–Europe trains through Manzhouli and Erenhot, one combined figure"
        ),
        "CRE_trains_Xinjiang2ports": N_(
            "China–Europe trains through Alashankou and Horgos (Xinjiang)"
        ),
        "CRE_trains_east_corridor": N_(
            "China–Europe trains through Manzhouli, Suifenhe and Tongjiang"
        ),
    }
)
