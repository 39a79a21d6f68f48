"""Every shipped file loads, validates and agrees with the others; the paper is kept as printed."""

from __future__ import annotations

import math
import re

import geopandas as gpd
import pandas as pd
import pytest

from corridor.catalog import MAX_BORDER_DISTANCE_KM, load_catalog
from corridor.data import load_datapackage
from corridor.geo import geodesic_length_km, load_geodata_meta
from corridor.paths import ROOT

CAT = load_catalog()


def test_every_table_and_layer_loads():
    assert CAT.errors == {}, "\n".join(str(e) for e in CAT.errors.values())
    package = load_datapackage()
    assert set(CAT.tables) == {r["name"] for r in package["resources"]}
    assert set(CAT.layers) == set(load_geodata_meta()["layers"])


@pytest.mark.parametrize("res", load_datapackage()["resources"], ids=lambda r: r["name"])
def test_every_numeric_column_has_a_unit(res):
    units = load_datapackage()["units"]
    for f in res["schema"]["fields"]:
        if f.get("type") in ("number", "integer") and f["name"] not in ("year",):
            unit = f.get("unit") or f.get("unitField")
            assert unit, f"{res['path']} column {f['name']} has no unit"
            if "unitField" in f:
                table = CAT.tables[res["name"]]
                assert set(table[f["unitField"]]) <= set(units), res["path"]


def test_every_source_id_resolves():
    known = set(CAT.tables["sources"]["source_id"])
    cited = set()
    for df in list(CAT.tables.values()) + list(CAT.layers.values()):
        for col in [c for c in df.columns if c == "source_id" or c.endswith("_source_id")]:
            cited |= {s for s in df[col] if s}
    assert cited, "no source ids found at all"
    assert cited <= known, sorted(cited - known)


def test_every_source_has_publisher_title_grade_and_access_date():
    src = CAT.tables["sources"]
    assert (src["publisher"].str.len() > 0).all()
    assert (src["title"].str.len() > 0).all()
    assert (src["date_accessed"].str.len() == 10).all()


def test_copies_replaced_by_their_original_cite_the_original():
    """A figure first read in a copy, whose original was found, cites the original (with the
    original's passage as its quote) and no longer the copy. A row researched on the original's
    page itself keeps its own quote."""
    import csv

    from corridor.paths import ROOT

    path = ROOT / "scripts" / "inputs" / "source_originals.csv"
    sources = CAT.tables["sources"].set_index("url")
    flows = pd.concat([CAT.tables["flows"], CAT.tables["port_flows"]])
    researched = [
        *_inputs("flows_extra.csv"),
        *_inputs("research/flow_series.csv"),
        *_inputs("research/port_timeseries.csv"),
    ]
    for row in csv.DictReader(path.open(encoding="utf-8")):
        assert row["copy_url"] not in sources.index  # the copy is cited nowhere
        original = sources.loc[row["original_url"]]
        assert row["copy_url"] in original["notes"]  # but it is named in the notes
        cited = flows[flows["source_id"] == original["source_id"]]
        own = {r["quote"] for r in researched if r["source_url"] == row["original_url"]}
        assert row["evidence"] in set(cited["quote"])
        assert set(cited["quote"]) <= {row["evidence"], *own}


def test_every_port_id_in_data_exists_in_geodata():
    ports = CAT.layers["ports"]
    known = set(ports["port_id"]) | set(ports["complex_id"])
    assert set(CAT.tables["port_flows"]["port_id"]) <= known
    assert set(CAT.tables["rail_crossings"]["port_id"]) <= set(ports["port_id"])


LIU_TABLE_1 = {  # Liu, Table 1 "2015-2019 Erenhot's Import and Export Volume", as printed
    2015: (1402.7, 945.1, 457.6, 182.3, 91.5, 90.9),
    2016: (1435.7, 1104.8, 330.9, 210.8, 105.4, 105.4),
    2017: (1503.1, 1179.2, 323.9, 223.4, 111.8, 111.6),
    2018: (1656.1, 1306.8, 349.2, 244.1, 122.1, 122.0),
    2019: (1734.2, 1413.6, 385.2, 256.2, 145.2, 134.2),
}


@pytest.mark.parametrize("year", sorted(LIU_TABLE_1))
def test_liu_table_1_is_reproduced_exactly(year):
    df = CAT.tables["port_flows"]
    rows = df[(df["source_id"] == "liu_c2021") & (df["year"] == year)]
    got = {(r.metric, r.direction): r.value for r in rows.itertuples()}
    f_tot, f_in, f_out, p_tot, p_in, p_out = LIU_TABLE_1[year]
    assert got == {
        ("freight", "total"): f_tot,
        ("freight", "in"): f_in,
        ("freight", "out"): f_out,
        ("passengers", "total"): p_tot,
        ("passengers", "in"): p_in,
        ("passengers", "out"): p_out,
    }
    assert set(rows["unit"]) == {"10k_t", "10k_persons"}


def test_liu_2019_parts_do_not_add_up_and_are_kept():
    df = CAT.tables["port_flows"]
    rows = df[(df["source_id"] == "liu_c2021") & (df["year"] == 2019) & (df["metric"] == "freight")]
    by = dict(zip(rows["direction"], rows["value"]))
    assert not math.isclose(by["in"] + by["out"], by["total"], abs_tol=0.05)
    assert rows["note"].str.contains("do not add up").all()


def test_geodesic_length_of_one_degree_on_the_equator():
    from shapely.geometry import LineString

    # One degree of longitude on the WGS84 equator is 111.319 km (a = 6,378,137 m).
    assert geodesic_length_km(LineString([(0, 0), (1, 0)])) == pytest.approx(111.3195, abs=1e-3)
    # A meridian degree at 45°N is about 111.13 km.
    assert geodesic_length_km(LineString([(0, 44.5), (0, 45.5)])) == pytest.approx(111.13, abs=0.02)


def test_border_lengths_match_natural_earth_reference():
    b = CAT.layers["borders"].set_index("border_id")["length_km"]
    # Reference lengths of Natural Earth 1:10m measured on this machine (shared GEODATA.md).
    assert b["cn_mn"] == pytest.approx(4378, rel=0.01)
    assert b["cn_ru_east"] == pytest.approx(3505, rel=0.01)
    assert b["mn_ru"] == pytest.approx(2913, rel=0.01)


def test_provincial_sections_sum_to_the_national_lines():
    b = CAT.layers["borders"]
    prov = b[b["level"] == "province"]
    nat = b[b["level"] == "national"].set_index("border_id")["length_km"]
    cn_mn = prov[prov["border_id"].str.startswith("cn_mn_")]["length_km"].sum()
    assert cn_mn == pytest.approx(nat["cn_mn"], rel=0.02)


def test_land_ports_sit_on_the_border_unless_flagged():
    ports = CAT.layers["ports"]
    land = ports[ports["is_land_port"] & ports.geometry.notna()]
    assert len(land) >= 10
    for p in land.itertuples():
        if p.location_precision == "exact":
            assert p.border_distance_km <= MAX_BORDER_DISTANCE_KM, p.port_id
        else:
            assert p.location_precision in ("town", "approximate"), p.port_id


def test_inner_mongolia_ports_are_all_there():
    ports = CAT.layers["ports"]
    im = ports[ports["province"] == "Inner Mongolia"]
    assert (im["group"] == "IM_land").sum() == 14
    assert (im["group"] == "IM_air").sum() == 6


def test_channels_run_by_their_stations_in_order_and_the_towns_between():
    """Each station is on its channel's line, or within the 10 km a station is moved to reach
    the railway line, and the stations come in the paper's order along the line."""
    from pyproj import Geod
    from shapely.ops import nearest_points

    geod = Geod(ellps="WGS84")
    ch = CAT.layers["channels"]
    st = CAT.layers["stations"].set_index("station_id")
    sources = set(CAT.tables["sources"]["source_id"])
    assert sorted(ch["number"]) == [1, 2, 3, 4]
    assert ch["is_schematic"].all()
    for c in ch.itertuples():
        hubs = [st.loc[i].geometry for i in c.stations.split(";")]
        for h in hubs:
            on_line = nearest_points(c.geometry, h)[0]
            assert geod.inv(h.x, h.y, on_line.x, on_line.y)[2] <= 10_500, (c.channel_id, h)
        at = [c.geometry.project(h) for h in hubs]
        assert at == sorted(at), c.channel_id
        assert c.length_km_schematic == pytest.approx(geodesic_length_km(c.geometry), abs=0.1)
        if c.route_town_count:
            assert set(c.route_source_ids.split(";")) <= sources
        assert c.railway_source_id in sources | {""}
    # the route follows the railways: Manzhouli–Vladivostok through its 20 towns
    assert ch.set_index("channel_id").loc["ch3", "route_town_count"] >= 20


def test_codebooks_are_up_to_date():
    """data/README.md and geodata/README.md document every file, column and unit."""
    import importlib.util

    from corridor.paths import ROOT

    spec = importlib.util.spec_from_file_location("wc", ROOT / "scripts" / "write_codebooks.py")
    wc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(wc)
    data_md = wc.data_codebook(ROOT / "data")
    assert (ROOT / "data" / "README.md").read_text(encoding="utf-8") == data_md
    geo_md = wc.geodata_codebook(ROOT / "geodata")
    assert (ROOT / "geodata" / "README.md").read_text(encoding="utf-8") == geo_md
    text = data_md
    for res in load_datapackage()["resources"]:
        assert res["path"] in text
        for f in res["schema"]["fields"]:
            assert f"`{f['name']}`" in text


from tests.scripts_import import script as _script  # noqa: E402


def _inputs(name: str) -> list[dict]:
    import csv

    from corridor.paths import ROOT

    path = ROOT / "scripts" / "inputs" / name
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_every_researched_flow_row_is_shipped():
    """A row of flows_extra.csv that repeats another row would be dropped silently: none does."""
    flows = pd.read_csv(ROOT / "data" / "flows.csv")
    ports = pd.read_csv(ROOT / "data" / "port_flows.csv")
    sid = pd.read_csv(ROOT / "data" / "sources.csv").set_index("url")["source_id"]
    shipped = {(r.year, r.value, r.source_id) for r in flows.itertuples()}
    shipped |= {(r.year, r.value, r.source_id) for r in ports.itertuples()}
    rows = _inputs("flows_extra.csv")
    assert rows
    # a copy whose original was found is cited as the original
    original = {o["copy_url"]: o["original_url"] for o in _inputs("source_originals.csv")}
    for r in rows:
        url = original.get(r["source_url"], r["source_url"])
        key = (int(r["year"]), float(r["value"]), sid[url])
        assert key in shipped, (r["series_id"], r["year"], r["value"])


def test_no_computed_value_is_shipped():
    """The research table computed one value from two others: published figures only ship."""
    for name in ("flows.csv", "port_flows.csv"):
        notes = pd.read_csv(ROOT / "data" / name)["note"].fillna("")
        assert not notes.str.contains("INFERRED =").any(), name


def test_the_registry_describes_its_sources_first():
    """Where the registry describes a page, a researched row does not re-describe it."""
    sources = pd.read_csv(ROOT / "data" / "sources.csv").set_index("url")
    registry = {r["url"]: r for r in _inputs("source_registry.csv")}
    checked = 0
    for r in _inputs("flows_extra.csv"):
        if r["source_url"] in registry and r["source_url"] in sources.index:
            assert (
                sources.loc[r["source_url"], "publisher"] == registry[r["source_url"]]["publisher"]
            )
            checked += 1
    assert checked


@pytest.mark.parametrize(
    "quote,year,expected",
    [
        ("去年中俄贸易额为680亿美元。", "2015", True),
        ("The trains transported 1.14 million TEU last year, up 56 percent.", "2020", True),
        ("в прошлом году объем торговли ... до 21,31 млрд", "2012", True),
        ("2015年中俄贸易额为680亿美元。", "2015", False),  # the year is printed
        ("In 2015 trade fell, as it had the previous year", "2015", False),
        ("Its trade with Russia reached 122 billion yuan", "2018", False),  # no relative word
    ],
)
def test_a_year_is_from_context_when_the_quote_dates_it_relative_to_the_page(quote, year, expected):
    assert _script("import_research").year_from_context(quote, year) is expected


def test_port_updates_are_in_the_shipped_ports():
    """Each sourced update of the research table (scripts/inputs/port_updates.csv) is shipped."""
    import csv

    from corridor.paths import ROOT

    ports = gpd.read_file(ROOT / "geodata" / "ports.geojson").set_index("port_id")
    path = ROOT / "scripts" / "inputs" / "port_updates.csv"
    updates = list(csv.DictReader(path.open(encoding="utf-8")))
    assert updates
    for u in updates:
        p = ports.loc[u["port_id"]]
        if u["field"] == "counterpart_port":
            name_en, name_local = _script("build_points").split_name(u["value"])
            assert (p["counterpart_name_en"], p["counterpart_name_local"]) == (name_en, name_local)
            assert name_en
        elif u["field"] == "coord_note":  # shipped as the point's location note
            assert p["location_note"] == u["value"]
        else:
            assert p[u["field"]] == u["value"]


def test_a_stale_port_update_stops_the_build(tmp_path):
    """An update names the value it replaces: if the research table changed, the build stops."""
    bp = _script("build_points")
    rows = [{"id": "x", "notes": "new text in the research table"}]
    (tmp_path / "port_updates.csv").write_text(
        "port_id,field,replaces,value\nx,notes,old text,our text\n", encoding="utf-8"
    )
    with pytest.raises(SystemExit, match="x.notes is no longer 'old text'"):
        bp.with_updates(tmp_path, rows)
    rows[0]["notes"] = "old text"
    assert bp.with_updates(tmp_path, rows)[0]["notes"] == "our text"


@pytest.mark.parametrize("name", ["countries", "provinces"])
def test_static_basemap_copy_matches_the_geodata(name):
    """The map fetches the basemap from static/geo/: it must be the validated file."""
    from corridor.paths import GEODATA_DIR, STATIC_DIR

    served = (STATIC_DIR / "geo" / f"{name}.geojson").read_bytes()
    assert served == (GEODATA_DIR / f"{name}.geojson").read_bytes()


@pytest.mark.parametrize(
    "quote,value,approx,lower",
    [
        ("the port handled about 26.5 million tonnes of imported coal", 26.5, True, False),
        ("今年上半年,全区口岸进出境货运量约4728.6万吨,较上年同比增长140%", 4728.6, True, False),
        ("共监管出入境人员合计约122562人次", 122562, True, False),
        (
            "Trade between China and Russia topped 56.83 billion U.S. dollars in 2008",
            56.83,
            False,
            True,
        ),
        ("trade exceeded 100 million tonnes for the first time", 100, False, True),
        ("同江铁路口岸 开通三年运量突破1400万吨", 1400, False, True),
        ("累计开行3000多列", 3000, False, True),
        ("过货量1400余万吨", 1400, False, True),
        ("товарооборот составил свыше 100 млрд долларов", 100, False, True),
        ("товарооборот составил около 20 млрд долларов", 20, True, False),
        ("это приблизительно 24 миллиона тонн по итогам 2024 года", 24, True, False),
        ("surged nearly 2.5 times to 760,000", 760000, False, False),
        ("nearly 80,000 travellers", 80000, True, False),
        # the word qualifies another number of the sentence, not this one
        ("bilateral trade dropped by almost 16 percent in 2013 to $1.6 billion", 1.6, False, False),
        (
            "2021年,中俄货物贸易额达到1468.7亿美元,历史上首次突破1400亿美元大关",
            146.87,
            False,
            False,
        ),
        ("2013年2列,2014年近10列,2015年约80列", 2, False, False),
        ("It reached 122 billion yuan", 122, False, False),
        ("", 5, False, False),
    ],
)
def test_quote_flags_read_the_words_next_to_the_figure(quote, value, approx, lower):
    flags = _script("import_research").quote_flags(quote, value)
    assert flags == {"is_approximate": approx, "is_lower_bound": lower}


@pytest.mark.parametrize(
    "raw,unit",
    [("10,000 t", "10k_t"), ("10,000 persons", "10k_persons"), ("persons", "persons")],
)
def test_researched_unit_spellings(raw, unit):
    """A passenger count printed in 万人次 can be entered as printed ("10,000 persons")."""
    assert _script("import_research").unit_of(raw) == unit


@pytest.mark.parametrize(
    "series,year,words,flag",
    [
        ("Ganqimaodu_commodity", 2023, "about|约", "is_approximate"),
        ("IM_ports_total", 2023, "about|约", "is_approximate"),
        # 2008's China–Russia total now cites Interfax's exact figure, not a copy's "topped"
        ("CRE_trains_national", 2023, "超", "is_lower_bound"),
    ],
)
def test_shipped_flows_carry_the_flags_their_quotes_print(series, year, words, flag):
    df = CAT.tables["flows"]
    rows = df[(df["series_id"] == series) & (df["year"] == year)]
    qualified = rows[rows["quote"].str.contains(words)]
    assert len(qualified) and qualified[flag].all()


def test_a_published_figure_is_shipped_once():
    """The same figure from the same source is not in two series (1.32亿吨 in 2025 was both
    IM_port_freight, 132 mt, and IM_land_ports_total, 13,200 10k_t)."""
    df = CAT.tables["flows"]
    scale = {"mt": 1e6, "10k_t": 1e4, "t": 1}
    df = df.assign(t=[v * scale.get(u, 1) for v, u in zip(df["value"], df["unit"])])
    key = ["source_id", "year", "period", "metric", "direction", "t"]
    per_figure = df.groupby(key)["series_id"].nunique()
    assert (per_figure == 1).all(), per_figure[per_figure > 1]
    im25 = df[(df["year"] == 2025) & (df["source_id"] == "www_nmgsb_com_cn_63fc17")]
    assert list(im25["series_id"]) == ["IM_land_ports_total"]


def test_cooperation_years_not_in_the_quote_are_flagged_inferred():
    df = CAT.tables["cooperation"]
    for r in df.itertuples():
        if str(r.year) not in r.quote:
            assert r.is_inferred, (r.indicator, r.year)


def test_inner_mongolia_headline_is_the_liu_papers():
    """Other sources' Inner Mongolia sections are kept beside the paper's, but the Map page's
    figure (Liu 3.1: 3,211 + 1,010 km) must not change."""
    from corridor.summary import inner_mongolia_borders

    fig = inner_mongolia_borders(CAT.tables["border_lengths_reported"])
    assert fig.value == "4,221 km"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Zabaykalsk (Забайкальск)", ("Zabaykalsk", "Забайкальск", "")),
        (
            "Blagoveshchensk (Благовещенск); road bridge to Kani-Kurgan",
            ("Blagoveshchensk", "Благовещенск", "road bridge to Kani-Kurgan"),
        ),
        (
            "Pogranichny (Пограничный; rail station Grodekovo)",
            ("Pogranichny", "Пограничный", "rail station Grodekovo"),
        ),
        ("Nariin Sebestei", ("Nariin Sebestei", "", "")),
        ("", ("", "", "")),
    ],
)
def test_counterpart_names_split_into_latin_local_and_remark(text, expected):
    assert _script("build_points").split_counterpart(text) == expected


def test_counterpart_name_fields_hold_one_script_each():
    ports = CAT.layers["ports"]
    for p in ports.itertuples():
        assert not re.search(r"[\u0400-\u04ff;]", p.counterpart_name_en or ""), p.port_id
        assert not re.search(r"[A-Za-z;]", p.counterpart_name_local or ""), p.port_id


def test_a_published_point_wins_over_a_town_point():
    """port_towns.json is for ports without a point of their own; the build stops otherwise."""
    bp = _script("build_points")
    row = {
        "id": "x_air",
        "latitude": "40.5",
        "longitude": "110.0",
        "coord_note": "airport",
        "coord_source_url": "",
        "coord_quote": "",
    }
    town = {"x_air": {"lat": 40.6, "lon": 109.8, "precision": "town"}}
    reg = _script("registry").Registry(ROOT / "scripts" / "inputs")
    with pytest.raises(SystemExit, match="x_air has a published point"):
        bp.choose_coord(row, {}, town, reg)
    assert bp.choose_coord({**row, "latitude": ""}, {}, town, reg)["precision"] == "town"
    baotou = CAT.layers["ports"].set_index("port_id").loc["baotou_air"]
    assert baotou.location_precision == "exact"
    assert (baotou.geometry.y, baotou.geometry.x) == pytest.approx((40.55972, 109.99667))


# How far an `exact` Chinese port may lie on the partner's side of the border: 1 km, the
# accuracy of Natural Earth 1:10m along the rivers, plus 0.35 km because the shipped basemap is
# simplified at 0.02°: at every drawn port the depth measured on it differs from the depth on the
# unsimplified 1:10m line by at most 0.32 km (checked 2026-12-01; shiwei 0.81 vs 1.13 km).
MAX_EXACT_INTO_PARTNER_KM = 1.0 + 0.35


def _km_into(point, polygon) -> float:
    """Geodesic distance from a point inside ``polygon`` to its edge (0 if outside)."""
    from pyproj import Geod
    from shapely.ops import nearest_points

    if not polygon.contains(point):
        return 0.0
    near = nearest_points(point, polygon.boundary)[1]
    return Geod(ellps="WGS84").inv(point.x, point.y, near.x, near.y)[2] / 1000


def test_km_into_measures_depth_inside_a_polygon():
    from shapely.geometry import Point, box

    square = box(0, 0, 1, 1)
    assert _km_into(Point(0.5, 0.01), square) == pytest.approx(1.106, abs=0.01)
    assert _km_into(Point(2, 2), square) == 0.0


def test_exact_chinese_ports_are_not_on_the_partners_side():
    ports = CAT.layers["ports"]
    countries = CAT.layers["countries"].set_index("iso_a3")
    exact = ports[
        (ports["location_precision"] == "exact")
        & ports["partner_country"].isin(["MNG", "RUS"])
        & ports.geometry.notna()
    ]
    assert len(exact)
    for p in exact.itertuples():
        depth = _km_into(p.geometry, countries.loc[p.partner_country].geometry)
        assert depth <= MAX_EXACT_INTO_PARTNER_KM, (p.port_id, round(depth, 2))


# A unit's base quantity and factor: the same figure in two units compares equal after this.
BASE_UNIT = {
    "t": ("t", 1),
    "10k_t": ("t", 1e4),
    "mt": ("t", 1e6),
    "persons": ("persons", 1),
    "10k_persons": ("persons", 1e4),
    "cny_mn": ("cny", 1e6),
    "cny_bn": ("cny", 1e9),
}


@pytest.mark.parametrize("table,place", [("port_flows", "port_id"), ("flows", "series_id")])
def test_no_figure_is_shipped_twice_in_different_units(table, place):
    """One published figure is one row: the same place, year, period, metric, direction and
    source does not carry the same quantity in two units (erenhot_rail's 2017 imports,
    "1003.3萬噸", once shipped as 1003.3 10k_t and as 10.033 mt)."""
    df = CAT.tables[table]
    base = [BASE_UNIT.get(u, (u, 1)) for u in df["unit"]]
    df = df.assign(
        base=[b for b, _ in base],
        quantity=[round(v * f, 3) for v, (_, f) in zip(df["value"], base, strict=True)],
    )
    key = [place, "year", "period", "metric", "direction", "source_id", "base", "quantity"]
    units = df.groupby(key)["unit"].nunique()
    assert (units == 1).all(), units[units > 1]


def test_a_figure_recorded_in_two_units_ships_in_the_unit_its_quote_prints():
    df = CAT.tables["port_flows"]
    row = df[(df["port_id"] == "erenhot_rail") & (df["year"] == 2017) & (df["metric"] == "freight")]
    assert list(zip(row["value"], row["unit"])) == [(1003.3, "10k_t")]
    assert "1003.3萬噸" in row["quote"].iloc[0]


def test_every_series_has_one_geography_label():
    labels = CAT.tables["flows"].groupby("series_id")["geography"].nunique()
    assert (labels == 1).all(), labels[labels > 1]


def test_mongolian_coal_exports_are_mongolias_figures():
    """The pages cite Mongolian Customs and Mongolian media (scripts/inputs/flow_reporters.csv)."""
    df = CAT.tables["flows"]
    rows = df[df["series_id"] == "MN_coal_exports"]
    assert len(rows) == 4 and set(rows["reporter"]) == {"MNG"}
    for r in _inputs("flow_reporters.csv"):
        shipped = df[(df["series_id"] == r["series_id"]) & (df["year"] == int(r["year"]))]
        assert set(shipped["reporter"]) == {r["reporter"]}
        assert shipped["note"].str.contains(r["note"], regex=False).all()


def test_a_port_status_has_a_source():
    ports = CAT.layers["ports"]
    stated = ports[ports["status_season"].fillna("") != ""]
    missing = stated[stated["status_source_id"].fillna("") == ""]
    assert missing.empty, list(missing["port_id"])


@pytest.mark.parametrize("res", load_datapackage()["resources"], ids=lambda r: r["name"])
def test_every_column_unit_is_in_the_units_table(res):
    units = load_datapackage()["units"]
    for f in res["schema"]["fields"]:
        if f.get("unit"):
            assert f["unit"] in units, f"{res['path']} column {f['name']}: unit {f['unit']}"


@pytest.mark.parametrize(
    "layer,column",
    [
        ("countries", "iso_a3"),
        ("provinces", "country_iso_a3"),
        ("borders", "country_a"),
        ("borders", "country_b"),
        ("stations", "country"),
    ],
)
def test_layers_name_countries_in_iso_alpha_3(layer, column):
    codes = set(CAT.layers[layer][column])
    assert codes and all(re.fullmatch(r"[A-Z]{3}", c) for c in codes), codes


def test_borders_carry_the_resolution_they_were_measured_at():
    borders = CAT.layers["borders"]
    computed = CAT.tables["border_lengths_computed"]
    assert set(borders["resolution"]) == {"1:10m"}
    exact = computed[computed["simplify_tolerance_deg"] == 0].set_index(["border_id", "resolution"])
    for b in borders.itertuples():
        assert exact.loc[(b.border_id, b.resolution), "length_km"] == b.length_km


def test_research_papers_and_reports_are_graded_research():
    grade = CAT.tables["sources"].set_index("source_id")["grade"]
    papers = ["liu_c2021", "song_2019", "chen_zhang_c2024", "harbin_expert_report"]
    assert set(grade[papers]) == {"research"}
    assert grade["seliverstov_2024"] == "news media"  # an opinion article in China Daily
    assert grade["vagabondcouple_2017_bogie"] == "personal"  # a travel blog, not a copy


def test_source_quality_summarises_every_grade_of_the_registry():
    from corridor.citations import source_quality

    sources = CAT.tables["sources"]
    q = source_quality(sources).set_index("grade")
    assert set(q.index) == set(sources["grade"]) | {"all grades"}
    assert q.loc["research", "sources"] == (sources["grade"] == "research").sum() >= 4
    assert q.loc["research", "copies of another site's article"] == 0
    assert q.loc["all grades", "sources"] == len(sources)


def test_xinjiang_and_gansu_ports_are_all_there():
    ports = CAT.layers["ports"]
    assert len(ports) == 38
    xj = ports[ports["group"] == "XJ_GS_MN"].set_index("port_id")
    assert sorted(xj.index) == ["hongshanzui", "laoyemiao", "mazongshan", "takeshiken", "ulastai"]
    assert set(xj["partner_country"]) == {"MNG"}
    for pid in ("hongshanzui", "ulastai"):
        p = xj.loc[pid]
        assert (p.province, p.modes, p.location_precision) == ("Xinjiang", "road", "approximate")
        assert p.status_source_id and p.year_opened_source_id and p.coord_source_id
        assert p.counterpart_name_en and p.counterpart_name_local


def test_of_two_published_points_the_one_its_own_source_contradicts_is_not_drawn():
    """Hongshanzui: China.org.cn's 48°51′N lies ~65 km inside Mongolia, while the same portal
    says the port is 2 km from the border; the Shifting Sands point (48°05′32″N, same
    longitude to the minute) is drawn, and the note keeps the other one."""
    p = CAT.layers["ports"].set_index("port_id").loc["hongshanzui"]
    assert (p.geometry.y, p.geometry.x) == pytest.approx((48.09222, 88.92778))
    assert p.border_distance_km < 2 and p.location_precision == "approximate"
    assert "48º51' N" in p.location_note and "two kilometers" in p.location_note


@pytest.mark.parametrize("pid", ["takeshiken", "laoyemiao"])
def test_a_status_from_a_later_source_keeps_the_earlier_one_in_the_notes(pid):
    p = CAT.layers["ports"].set_index("port_id").loc[pid]
    assert p.status_source_id == "montsame_301235"
    assert p.status_season.startswith("permanent")
    assert "Status differs by source" in p.notes and "seasonal" in p.notes


@pytest.mark.parametrize(
    "quote,value,expected",
    [
        ("口岸進出境人員累計168.8萬人次,同比增長20.1%", "1688000", ("168.8", "10k_persons")),
        ("通關旅客總數為181萬人。", "1810000", ("181", "10k_persons")),
        ("出入境人员1688000人次", "1688000", ("1688000", "persons")),  # printed as written
        ("累計168.8萬人次", "1690000", ("1690000", "persons")),  # not the printed figure
    ],
)
def test_a_passenger_count_printed_in_10k_persons_is_stored_as_printed(quote, value, expected):
    row = {"metric": "passengers", "unit": "persons", "value": value, "quote": quote, "note": ""}
    out = _script("import_research").as_printed(row)
    assert (out["value"], out["unit"]) == expected


def test_manzhouli_2012_passengers_ship_as_printed():
    df = CAT.tables["port_flows"]
    row = df[(df["port_id"] == "manzhouli") & (df["year"] == 2012) & (df["metric"] == "passengers")]
    assert list(zip(row["value"], row["unit"])) == [(168.8, "10k_persons")]
    assert "168.8萬人次" in row["quote"].iloc[0]


def test_a_port_drawn_at_its_town_says_it_is_not_the_crossing():
    ports = CAT.layers["ports"]
    towns = ports[ports["location_precision"] == "town"]
    assert len(towns) >= 20
    for p in towns.itertuples():
        assert "not the crossing" in p.location_note or "not of the crossing" in p.location_note, (
            p.port_id
        )
    mandula = ports.set_index("port_id").loc["mandula"]
    assert mandula.coord_source_id == "osm_mandula_township" and mandula.border_distance_km < 20
    unplaced = set(ports.loc[ports.geometry.isna(), "port_id"])
    assert unplaced <= {"uliji", "laoyemiao"}


def test_a_geocoded_point_is_drawn_as_approximate_and_says_what_it_is():
    """Arihashate: the only point is a map demo's geocode of the port's name (no published
    survey), so it is approximate, and the source line readers see says so."""
    ports = CAT.layers["ports"].set_index("port_id")
    p = ports.loc["arihashate"]
    assert (p.geometry.y, p.geometry.x) == pytest.approx((48.60156, 115.87728))
    assert p.location_precision == "approximate" and p.border_distance_km < 2
    assert "Not a published survey" in p.location_note
    source = CAT.tables["sources"].set_index("source_id").loc[p.coord_source_id]
    assert "not a published survey" in source["title"] and source["grade"] == "personal"
