"""Every page in Streamlit's AppTest: plain, filtered, with a selected port, with junk links."""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import plotly.io
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = [
    "pages/map.py",
    "pages/ports.py",
    "pages/channels.py",
    "pages/borders.py",
    "pages/flows.py",
    "pages/cooperation.py",
    "pages/sources.py",
    "pages/about.py",
]


def drawn(at: AppTest) -> AppTest:
    """What a browser does once it has drawn a page's maps: each map element awaiting it
    reports ``drawn`` (a state value), and the script runs again with the sidebar
    (``mapcomponent.awaiting_first_draw``). AppTest draws nothing, so it is done here."""
    awaiting = [
        e.proto.id.split("-", 2)[2]  # "$$ID-<hash>-<key>"
        for e in at.get("bidi_component")
        if e.proto.component_name == "corridor_map_element"
        and json.loads(e.proto.json).get("awaiting_draw")
    ]
    _keep_maps(at)
    for key in awaiting:
        value = at.session_state.get(key)
        state = dict(value) if isinstance(value, dict) else {}
        at.session_state[key] = {**state, "drawn": {"base": "", "n": 1}}
    return at.run() if awaiting else at


def run(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    # AppTest cannot open a page by its URL path: the first run identifies pages, then the
    # switch reruns app.py with that page selected.
    drawn(at.run())
    if page != "pages/map.py":
        at.switch_page(page)
        drawn(at.run())
    return at


def text_of(at: AppTest) -> str:
    """All visible text elements, Markdown escapes removed."""
    parts = [
        e.value
        for kind in (
            "title",
            "header",
            "subheader",
            "markdown",
            "caption",
            "info",
            "warning",
            "error",
            "text",
        )
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def decoded(values):
    """Plotly sends numeric arrays base64-encoded ({'dtype', 'bdata'}); decode them."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


# A map's own strings by base, as the element keeps them (mapcomponent sends them once).
_KEPT: dict[str, dict] = {}


def _keep_maps(at: AppTest) -> None:
    for e in at.get("bidi_component"):
        data = json.loads(e.proto.json) if e.proto.component_name == "corridor_map_element" else {}
        if "script" in data:
            _KEPT[data["base"]] = {k: data[k] for k in ("script", "html", "css")}


def map_payload(at: AppTest) -> dict:
    """What the page's map element draws (corridor.mapcomponent): the rendered map, with the
    strings the element keeps from an earlier run of the session (as a browser does)."""
    _keep_maps(at)
    comp = [e for e in at.get("bidi_component") if e.proto.component_name == "corridor_map_element"]
    assert comp, "no map element on the page"
    data = json.loads(comp[0].proto.json)
    return {**_KEPT.get(data["base"], {}), **data}


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page):
    at = run(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "page has no title"
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_with_every_filter_set(page):
    at = run(
        page,
        partner="MNG",
        province="inner_mongolia",
        mode="road,rail",
        years="2010-2024",
        port="erenhot_rail",
    )
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning or all("Ignored" not in w.value for w in at.warning)


JUNK = {
    "port": "<script>alert(1)</script>",
    "partner": "x" * 5000,
    "years": "2030-1990",
    "bogus": "1",
}


def test_junk_link_falls_back_with_a_notice():
    at = run("pages/map.py", **JUNK)
    assert not at.exception
    notices = " ".join(w.value for w in at.warning).replace("\\", "")
    for name in ("port", "partner", "years", "bogus"):
        assert name in notices, f"no notice names {name}"
    for md in at.markdown:
        assert "<script>" not in md.value
    assert at.session_state["partner"] == "both" and at.session_state["port"] is None
    assert "bogus" not in at.query_params and "port" not in at.query_params


@pytest.mark.parametrize("page", PAGES[1:])
def test_every_page_shows_the_default_view_after_a_junk_link(page):
    at = run(page, **JUNK)
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="partner").value == "both"
    for md in at.markdown:
        assert "<script>" not in md.value


def test_map_page_draws_every_located_port_and_local_scripts_only():
    from corridor.catalog import load_catalog

    ports = load_catalog().layers["ports"]
    at = run("pages/map.py")
    payload = map_payload(at)
    script = payload["script"]
    for pid in ports.loc[ports.geometry.notna(), "port_id"]:
        assert f'"port_id": "{pid}"' in script, pid
    assert all(u.startswith("/app/static/") for u in payload["js_links"] + payload["css_links"])


def test_mongolia_filter_leaves_only_mongolian_border_ports():
    from corridor.catalog import load_catalog

    ports = load_catalog().layers["ports"]
    script = map_payload(run("pages/map.py", partner="MNG"))["script"]
    for p in ports[ports.geometry.notna()].itertuples():
        assert (f'"port_id": "{p.port_id}"' in script) == (p.partner_country == "MNG"), p.port_id


def test_selected_port_shows_its_card_with_sources():
    at = run("pages/map.py", port="erenhot_rail")
    text = text_of(at)
    assert "Erenhot (Erlian) railway port" in text
    assert "Source:" in text


def test_ports_page_charts_erenhot_from_2015_with_sources():
    at = run("pages/ports.py", port="erenhot_rail")
    charts = at.get("plotly_chart")
    assert charts, "no charts"
    figs = [plotly.io.from_json(c.proto.spec) for c in charts]
    freight = next(f for f in figs if "freight" in f.layout.title.text)
    years = {int(x) for trace in freight.data for x in decoded(trace.x)}
    assert {2015, 2016, 2017, 2018, 2019} <= years
    assert "10,000 tonnes" in freight.layout.yaxis.title.text
    assert "Liu" in text_of(at)


def test_ports_page_port_box_finds_a_port_by_its_chinese_russian_and_mongolian_names():
    # Streamlit's select box filters on the label it shows: the label must hold every name.
    from corridor import cache

    ports = cache.catalog().layers["ports"].set_index("port_id")
    at = run("pages/ports.py", port="manzhouli_rail")
    box = at.selectbox(key="port_select")
    assert box.value == "manzhouli_rail"  # the option values stay port ids
    (label,) = [o for o in box.options if o.startswith("Manzhouli railway port")]
    row = ports.loc["manzhouli_rail"]
    for name in (row.name_zh, row.name_ru, row.name_mn, row.counterpart_name_local):
        assert name and name in label
    assert "满洲里" in label and "Маньчжурия" in label and "Забайкальск" in label


def test_channel_link_opens_its_card():
    at = run("pages/map.py", channel="ch3")
    assert "Channel 3" in text_of(at)


def test_broken_file_disables_only_its_views(data_copy, monkeypatch):
    data, geo = data_copy
    (data / "port_flows.csv").write_text("port_id,year\nerenhot,20x5\n", encoding="utf-8")
    monkeypatch.setenv("CORRIDOR_DATA_DIR", str(data))
    monkeypatch.setenv("CORRIDOR_GEODATA_DIR", str(geo))
    at = run("pages/map.py")
    assert not at.exception
    assert any("port_flows.csv" in e.value.replace("\\", "") for e in at.error)
    assert map_payload(at)  # the map still draws
    at = run("pages/borders.py")
    assert not at.exception and not at.error


def test_ports_without_a_published_point_are_named_not_guessed():
    from corridor.catalog import load_catalog

    ports = load_catalog().layers["ports"]
    missing = ports[ports.geometry.isna()]
    at = run("pages/map.py")
    text = text_of(at)
    if len(missing):
        assert (
            f"{len(missing)} of the {len(ports)} ports shown have no published coordinate" in text
        )
        for name in missing["name_en"]:
            assert name in text
    script = map_payload(at)["script"]
    for pid in missing["port_id"]:
        assert f'"port_id": "{pid}"' not in script


def test_map_layer_downloads_as_geojson_with_sources():
    at = run("pages/map.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the ports shown (GeoJSON)" in labels
    assert "Download CSV (with sources)" in labels


def test_pages_leave_the_shared_catalog_untouched():
    """The catalog, the ports with their latest figures, the rendered maps and the port cards'
    charts are shared by every session (st.cache_resource): no page may modify them. Run every
    page with filters and a selection, then compare with a fresh load."""
    import copy

    import pandas as pd

    from corridor import cache
    from corridor.catalog import load_catalog
    from corridor.citations import source_line
    from corridor.filters import attach_latest
    from corridor.paths import DATA_DIR, GEODATA_DIR
    from corridor.viewstate import View

    view = View(partner="MNG", years=(2015, 2019))
    shared_map = cache.corridor_map(view)
    map_before = copy.deepcopy(shared_map)
    shared_chart = cache.port_card_figure("erenhot_rail", "freight")
    chart_before = copy.deepcopy(shared_chart.to_plotly_json())
    shared_latest = cache.port_latest("erenhot_rail")
    latest_before = shared_latest.copy()
    events = load_catalog(DATA_DIR, GEODATA_DIR).tables["events"]
    timeline_source = source_line(events["source_id"], cache.catalog().tables["sources"], limit=6)
    shared_timeline = cache.figure("timeline", events, timeline_source)
    timeline_before = shared_timeline.to_json()
    shared_flows = cache.flow_items(view)
    flows_before = [
        (i.key, i.figure and i.figure.to_json(), None if i.rows is None else i.rows.copy())
        for i in shared_flows
    ]
    for page in PAGES:
        at = run(page, port="erenhot_rail", partner="MNG", years="2015-2019")
        assert not at.exception
    # the other shared objects: ports with their latest figure, and the rendered map
    assert cache.corridor_map(view) is shared_map
    assert shared_map == map_before
    assert cache.port_card_figure("erenhot_rail", "freight") is shared_chart
    assert shared_chart.to_plotly_json() == chart_before
    assert cache.port_latest("erenhot_rail") is shared_latest
    pd.testing.assert_frame_equal(shared_latest, latest_before)
    # the Cooperation page drew this very figure (same inputs) and left it as it was
    assert cache.figure("timeline", events.copy(), timeline_source) is shared_timeline
    assert shared_timeline.to_json() == timeline_before
    # the Flows page drew these very items (same filters) and left them as they were
    assert cache.flow_items(view) is shared_flows
    for item, (key, fig, rows) in zip(shared_flows, flows_before):
        assert item.key == key and (item.figure and item.figure.to_json()) == fig
        if rows is not None:
            pd.testing.assert_frame_equal(item.rows, rows)
    fresh_catalog = load_catalog(DATA_DIR, GEODATA_DIR)
    pd.testing.assert_frame_equal(
        cache.ports_latest(),
        attach_latest(fresh_catalog.layers["ports"], fresh_catalog.tables["port_flows"]),
    )
    shared = cache.catalog()
    fresh = load_catalog(DATA_DIR, GEODATA_DIR)
    assert shared is cache.catalog()  # one object, not a copy per call
    assert shared.tables.keys() == fresh.tables.keys()
    assert shared.layers.keys() == fresh.layers.keys()
    for name, df in fresh.tables.items():
        pd.testing.assert_frame_equal(shared.tables[name], df, obj=name)
    for name, gdf in fresh.layers.items():
        pd.testing.assert_frame_equal(shared.layers[name], gdf, obj=name)


def test_the_selection_highlight_is_drawn_only_for_a_shown_port():
    from corridor import cache
    from corridor.viewstate import View

    mongolia = cache.shown_ports(View(partner="MNG"))
    nothing = cache.selection_layer(mongolia, View(partner="MNG"))
    erenhot = cache.selection_layer(mongolia, View(partner="MNG", port="erenhot_rail"))
    suifenhe = cache.selection_layer(mongolia, View(partner="MNG", port="suifenhe_rail"))
    assert "circle_marker" in erenhot and "circle_marker" not in nothing
    assert suifenhe == nothing  # a Russian port, filtered out: not highlighted
    assert "poly_line" in cache.selection_layer(mongolia, View(channel="ch3"))
    assert cache.selection_layer(mongolia, View(partner="MNG", port="erenhot_rail")) is erenhot


def test_a_figure_is_built_once_per_distinct_input():
    from corridor import cache
    from corridor.figures import build_series_figure

    flows = cache.catalog().tables["flows"]
    df = flows[flows["series_id"] == "CNRU_total"].assign(label="China–Russia")
    args = ("China–Russia trade", "Source: test.", "US$ bn")
    fig = cache.figure("series", df, *args, label_col="label")
    assert cache.figure("series", df.copy(), *args, label_col="label") is fig  # by content
    fresh = build_series_figure(df, *args, label_col="label")
    assert fig.to_json() == fresh.to_json()
    fewer = cache.figure("series", df[df["year"] < 2020], *args, label_col="label")
    assert fewer is not fig and max(fewer.data[0].x) < 2020


def test_shared_source_texts_equal_a_fresh_build():
    """The cached source lines and citation are the pure functions' output, per distinct input."""
    from corridor import cache
    from corridor.citations import cite_view, source_line

    sources = cache.catalog().tables["sources"]
    ids = list(cache.catalog().tables["flows"]["source_id"][:12]) + [""]
    assert cache.source_text(ids) == source_line(ids, sources)
    assert cache.source_text(ids[:3]) == source_line(ids[:3], sources) != cache.source_text(ids)
    assert cache.source_text(ids, limit=6) == source_line(ids, sources, limit=6)
    url, day = "https://example.org/?port=erenhot", "2026-11-25"
    assert cache.citation(url, ids, day) == cite_view(url, ids, sources, day)


def test_map_table_twin_runs_only_when_opened():
    at = run("pages/map.py", partner="MNG", port="ceke")
    assert not at.exception
    assert len(at.dataframe) == 0  # closed: the grid is not sent with the map
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download CSV (with sources)" in labels  # the data stays one click away
    at.session_state["map_table_open"] = True
    at.run()
    (grid,) = at.dataframe
    ports = gpd.read_file(ROOT / "geodata" / "ports.geojson")
    mongolian = ports[ports["partner_country"] == "MNG"]
    assert sorted(grid.value["Port"]) == sorted(mongolian["name_en"])
    assert at.session_state["port"] == "ceke"


def test_a_map_click_selects_once_and_a_new_click_on_it_selects_again():
    """The component's value stays in the session: an old click is never replayed, a new
    (numbered) click on the same port is acted on."""

    def clicked(pid, n):
        return {"last_active_drawing": {"properties": {"port_id": pid}}, "click_count": n}

    at = run("pages/map.py")
    at.session_state["corridor_map"] = {"click": clicked("ceke", 1)}
    at.run()
    assert at.session_state["port"] == "ceke"
    at.session_state["port"] = "erenhot_rail"  # chosen in the table
    at.run()
    assert at.session_state["port"] == "erenhot_rail"  # the old click is not replayed
    at.session_state["corridor_map"] = {"click": clicked("ceke", 2)}
    at.run()
    assert at.session_state["port"] == "ceke"
    assert not at.exception


def test_filter_buttons_name_what_each_filter_holds():
    def labels(at):  # as shown: the Markdown escapes removed
        return [re.sub(r"\\(.)", r"\1", p.proto.popover.label) for p in at.get("popover")]

    at = run("pages/map.py", partner="MNG", mode=["rail", "road"], years="2015-2019")
    assert labels(at)[-1] == "Share"  # after the filters, the Share control
    assert labels(at)[:-1] == [
        "Partner country: Mongolia",
        "Province: All",
        "Mode: Rail or Road",
        "Ports: All",
        "Years: 2015–2019",
        "Map background: Own basemap (offline)",
    ]
    at.multiselect(key="ports").set_value(["ceke", "arxan", "erenhot_rail"]).run()
    assert labels(at)[3] == "Ports: 3 chosen"
    at.multiselect(key="ports").set_value(["ceke"]).run()
    assert labels(at)[3] == "Ports: Ceke road port"


def test_a_fresh_servers_first_filter_change_is_kept(monkeypatch):
    """A fresh server runs its first session in pages-folder mode until app.py switches to
    st.navigation (a rerun). That switch must come before any filter is drawn, or the
    reader's first change is lost (it was, until app.py made it first)."""
    monkeypatch.undo()  # no pre-decided navigation: start as a fresh server does
    at = AppTest.from_file(APP, default_timeout=90)
    drawn(at.run())
    at.radio(key="partner").set_value("MNG").run()
    assert at.session_state["partner"] == "MNG"
    assert at.query_params["partner"] == "MNG"


def test_clear_filters_shows_everything_again_and_keeps_the_selection():
    at = run("pages/map.py", partner="MNG", mode="rail", years="2015-2019", port="ceke")
    (clear,) = [b for b in at.button if b.label == "Clear filters"]
    clear.click().run()
    assert not at.exception
    assert at.session_state["partner"] == "both"
    assert at.session_state["mode"] == []
    assert dict(at.query_params) == {"port": "ceke"}
    assert not [b for b in at.button if b.label == "Clear filters"]  # nothing left to clear
    labels = [re.sub(r"\\(.)", r"\1", p.proto.popover.label) for p in at.get("popover")]
    assert "Partner country: Both" in labels and "Mode: All" in labels


def test_sources_page_summarises_how_far_the_sources_go():
    import pandas as pd

    at = run("pages/sources.py")
    assert not at.exception
    (quality,) = [d for d in at.dataframe if "headline not captured" in d.value.columns]
    table = quality.value.set_index("grade")
    sources = pd.read_csv(ROOT / "data" / "sources.csv")
    assert table.loc["all grades", "sources"] == len(sources)
    bracketed = sources["title"].str.startswith("[").sum()
    assert table.loc["all grades", "headline not captured"] == bracketed
    assert table.loc["all grades", "copies of another site's article"] == sources["is_mirror"].sum()


def test_flows_page_shows_trade_by_direction_and_whether_it_adds_up():
    """The page wires the data to the chart and the table (their logic is unit-tested)."""
    from corridor import cache
    from corridor.flowsets import direction_series, parts_vs_total
    from corridor.viewstate import View

    at = run("pages/flows.py")
    assert not at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    title = "China–Russia trade by direction (US$ bn)"
    chart = next(c for c in charts if c["layout"]["meta"]["title"].startswith(title))
    names = {html.unescape(t["name"]).replace("<br>", " ") for t in chart["data"]}
    assert {
        "China's exports to Russia (Chinese statistics)",
        "China's imports from Russia (Chinese statistics)",
    } <= names
    flows = cache.catalog().tables["flows"]
    expected = parts_vs_total(direction_series(flows, View(), "CN-RU", "usd_bn"))
    off = int((~expected["adds_up"]).sum())
    label = next(e.label for e in at.expander if "published with exports" in e.label)
    label = label.replace("\\", "")
    assert label.startswith(f"{len(expected)} totals published with exports and imports")
    assert f"{len(expected) - off} match" in label
    assert (f"{off} do not" in label or f"{off} does not" in label) == (off > 0)
    tables = [t for t in at.table if "Adds up" in t.value.columns]
    assert len(tables[0].value) == len(expected)


def test_a_partner_filter_hides_the_other_pairs_by_direction():
    """Under a Mongolia filter the China–Russia pair is hidden, not reported as totals only."""
    at = run("pages/flows.py", partner="MNG")
    assert not at.exception
    titles = [json.loads(c.proto.spec)["layout"]["meta"]["title"] for c in at.get("plotly_chart")]
    assert not any(t.startswith("China–Russia trade by direction") for t in titles)
    assert "China–Russia" not in " ".join(i.value for i in at.info)


def test_clear_filters_on_a_page_that_stops_early_is_kept_and_linked():
    """The Ports page ends its run early (st.stop) until a port is chosen: the filters kept
    for the next page switch, and the link, must still follow a Clear filters click there."""
    at = run("pages/map.py", partner="MNG", years="2015-2019")
    at.switch_page("pages/ports.py").run()
    assert at.session_state["_filters_kept"]["partner"] == "MNG"
    at.button(key="clear_filters").click().run()
    assert not at.exception
    assert at.session_state["partner"] == "both"
    assert at.session_state["_filters_kept"]["partner"] == "both"
    assert tuple(at.session_state["_filters_kept"]["years"]) == (2000, 2025)
    assert "partner" not in at.query_params and "years" not in at.query_params


def test_sources_page_describes_every_map_layer_property():
    """The layers' property tables come from geodata/metadata.json: one row per property,
    each with its description (and unit where it has one)."""
    meta = json.loads((ROOT / "geodata" / "metadata.json").read_text(encoding="utf-8"))
    at = run("pages/sources.py")
    shown = [t for t in codebook_tables(at) if "property" in t.columns]
    assert len(shown) == len(meta["layers"])  # one table per layer, in the layers' order
    tables = dict(zip(meta["layers"], (df.set_index("property") for df in shown)))
    for name, layer in meta["layers"].items():
        assert list(tables[name].index) == list(layer["properties"])
        assert tables[name]["description"].str.len().gt(0).all(), name
    assert tables["borders"].loc["length_km", "unit"] == "km"


def codebook_tables(at: AppTest) -> list:
    """The codebook tables of the Data and sources page (ui.render_english_table), as frames."""
    import pandas as pd

    out = []
    for m in at.markdown:
        if 'class="in-english codebook"' not in m.value:
            continue
        rows = [
            [html.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", m.value, re.S)
        ]
        out.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return out


def test_sources_page_codebook_shows_reader_text_that_wraps():
    """The codebook's descriptions show as text: no Markdown backticks, in a table whose long
    cells wrap (not a data grid, which clips them at its column's edge)."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    at = run("pages/sources.py")
    assert not at.exception
    tables = [t for t in codebook_tables(at) if "column" in t.columns]
    assert len(tables) == len(package["resources"])
    assert not [d for d in at.dataframe if "description" in d.value.columns]
    stations = [
        f["description"]
        for res in package["resources"]
        for f in res["schema"]["fields"]
        if "`" in f.get("description", "")
    ]
    assert stations, "the codebook has no backticks to leave out: the test would prove nothing"
    shown = "\n".join(d for t in tables for d in t["description"])
    assert "`" not in shown
    assert stations[0].replace("`", "") in shown


def test_a_port_without_figures_says_so_once_and_a_filtered_one_names_the_years():
    at = run("pages/ports.py", port="hongshanzui")
    texts = [e.value for e in at.info] + [e.value for e in at.caption]
    assert sum("No published figures for this port" in t for t in texts) == 1
    at = run("pages/ports.py", port="erenhot_rail", years="2000-2001")
    assert any("in the chosen years" in e.value for e in at.info)


def footer_text(at: AppTest) -> str:
    """The page's footer: its caption and its link to the About page."""
    captions = [c.value.replace("\\", "") for c in at.caption]
    links = [e.proto.label for e in at.get("page_link")]
    return "\n".join([c for c in captions if c.startswith("Data licence")] + links)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_ends_with_the_datas_licence_date_and_the_about_link(page):
    """Read from data/datapackage.json, never typed: the licence's title and the created date
    (also on the Ports page, which ends its run early until a port is chosen)."""
    import datetime as dt

    from corridor.about import long_date
    from corridor.data import load_datapackage

    package = load_datapackage()
    at = run(page)
    text = footer_text(at)
    licence, created = package["licenses"][0], package["created"][:10]
    assert licence["title"] in text
    assert f"data updated {long_date(dt.date.fromisoformat(created))}" in text
    assert "About this dashboard" in text
    assert any(licence["path"] in c.value for c in at.caption)


def test_the_footer_leaves_out_what_the_data_package_does_not_say(monkeypatch):
    import corridor.data
    from corridor.data import load_datapackage

    bare = {k: v for k, v in load_datapackage().items() if k not in ("licenses", "created")}
    monkeypatch.setattr(corridor.data, "load_datapackage", lambda *a, **k: bare)
    at = run("pages/borders.py")
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "licence" not in captions.lower() and "updated" not in captions
    assert "Every figure names its source" in captions.replace("\\", "")


def test_about_page_explains_the_words_and_shows_the_changelog_only_if_there(monkeypatch, tmp_path):
    import corridor.paths
    from corridor.vocabulary import GLOSSARY

    monkeypatch.setattr(corridor.paths, "ROOT", tmp_path)
    at = run("pages/about.py")
    assert not at.exception
    text = text_of(at)
    for term in GLOSSARY:
        assert term in text
    for words in ("lower bound", "part of a year", "reporting side", "schematic", "How to cite"):
        assert words.lower() in text.lower(), words
    assert "What changed in the data" not in text
    (tmp_path / "CHANGELOG.md").write_text("## 2026-12-02\n\n- Added Ulastai port.\n")
    at = run("pages/about.py")
    assert "What changed in the data" in text_of(at)
    assert "Added Ulastai port." in text_of(at)


def test_cite_this_view_is_short_and_downloads_every_source():
    from corridor import cache
    from corridor.citations import DASHBOARD_TITLE, best_graded
    from corridor.filters import flows_for_port

    at = run("pages/ports.py", port="erenhot_rail")
    (cite,) = [t.value for t in at.text if t.value.startswith(DASHBOARD_TITLE)]
    cat = cache.catalog()
    flows = flows_for_port(cat.tables["port_flows"], cat.layers["ports"], "erenhot_rail")
    ranked = best_graded(flows["source_id"], cat.tables["sources"])
    assert len(ranked) > 3
    for name in ranked["cited_as"][:3]:
        assert name in cite
    assert cite.endswith(f"and {len(ranked) - 3} more (full list in the download).")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download every source of this view (CSV)" in labels


def test_flows_page_is_in_tabs_each_with_one_download_and_keys_beside_its_charts():
    from corridor.vocabulary import FLOW_SECTIONS

    at = run("pages/flows.py")
    assert not at.exception
    assert [t.label for t in at.tabs] == list(FLOW_SECTIONS.values())
    for tab in at.tabs:
        downloads = [b for b in tab.get("download_button") if b.proto.label.startswith("Download")]
        assert len(downloads) == 1, tab.label
        assert tab.label in downloads[0].proto.label
        charts = tab.get("plotly_chart")
        keys = [c.value for c in tab.caption if c.value.startswith("Key:")]
        assert charts and 0 < len(keys) <= len(charts), tab.label


# snake_case (columns, ids, codes) and the data's country codes standing alone
MACHINE_NAME = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b|\b(?:CHN|MNG|RUS|PRK|KAZ|MULTI)\b")


def machine_names(at: AppTest) -> list[tuple[str, str]]:
    """Machine names a reader would see: in table headers (columns hidden by the page's
    column settings aside), chart titles, axes, legends, hover text and notes, and the page's
    text."""
    found = []
    for d in at.dataframe:
        settings = json.loads(d.proto.columns) if d.proto.columns else {}
        hidden = {k for k, v in settings.items() if v.get("hidden")}
        found += [("table header", str(c)) for c in d.value.columns if c not in hidden]
    found += [("table header", str(c)) for t in at.table for c in t.value.columns]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        layout = spec["layout"]
        found += [("chart title", layout.get("title", {}).get("text", ""))]
        found += [
            ("axis", layout.get(ax, {}).get("title", {}).get("text", ""))
            for ax in ("xaxis", "yaxis")
        ]
        found += [("legend", t.get("name", "")) for t in spec["data"]]
        found += [("hover", h) for t in spec["data"] for h in t.get("hovertext") or []]
        found += [("chart note", a.get("text", "")) for a in layout.get("annotations", [])]
    found += [("text", line) for line in text_of(at).splitlines()]
    links = re.compile(r"https?://\S+|\?\S+")  # a link's own parameters are not words
    return [
        (where, m) for where, text in found for m in MACHINE_NAME.findall(links.sub("", str(text)))
    ]


@pytest.mark.parametrize("page", [p for p in PAGES if p != "pages/sources.py"])
def test_no_machine_names_outside_the_codebook(page):
    """Column names, codes and source ids belong to the Data and sources page (the codebook)
    and the downloads; everywhere else a reader sees words. Walked with a port selected and
    with filters set, so the cards, notes and filtered charts are checked too."""
    for params in ({"port": "erenhot_rail"}, {"partner": "MNG", "years": "2010-2020"}):
        at = run(page, **params)
        assert not at.exception
        assert machine_names(at) == [], params


def test_the_machine_name_check_can_fail():
    class Fake:
        dataframe, table = [], []

        def get(self, kind):
            return []

    import pandas as pd

    fake = Fake()
    fake.table = [type("T", (), {"value": pd.DataFrame(columns=["reported_length_km"])})()]
    import tests.pages.test_pages as me

    original = me.text_of
    me.text_of = lambda at: "Source: liu_c2021. Countries: CHN, Mongolia"
    try:
        assert machine_names(fake) == [
            ("table header", "reported_length_km"),
            ("text", "liu_c2021"),
            ("text", "CHN"),
        ]
    finally:
        me.text_of = original


def test_the_port_picker_follows_the_other_filters_and_names_a_hidden_choice():
    from corridor import cache
    from corridor.filters import filter_ports
    from corridor.viewstate import View

    at = run("pages/map.py", partner="MNG", ports="ceke,manzhouli_rail")
    assert not at.exception
    mongolian = set(filter_ports(cache.catalog().layers["ports"], View(partner="MNG"))["port_id"])
    assert set(at.multiselect(key="ports").options) == {
        at.multiselect(key="ports").format_func(p) for p in mongolian | {"manzhouli_rail"}
    }
    (note,) = [c.value.replace("\\", "") for c in at.caption if "hidden by another" in c.value]
    assert "Manzhouli railway port (Partner country)" in note and "Ceke" not in note


def test_map_page_opens_at_the_links_zoom_and_centre_and_keeps_the_readers_moves():
    at = run("pages/map.py", zoom="6.25", center="45.1,118.2")
    assert map_payload(at)["view"] == {"zoom": 6.25, "center": [45.1, 118.2]}
    assert map_payload(at)["track_view"] is True
    assert at.query_params["zoom"] == "6.25" and at.query_params["center"] == "45.100,118.200"
    # the reader moves the map: the element's state value, checked, goes to the link
    at.session_state["corridor_map"] = {"view": {"zoom": 7, "lat": 46.5, "lng": 120.25}}
    at.run()
    assert at.query_params["zoom"] == "7" and at.query_params["center"] == "46.500,120.250"
    at.session_state["corridor_map"] = {"view": {"zoom": "<b>", "lat": 1, "lng": 2}}
    at.run()
    assert at.query_params["zoom"] == "7"  # junk from the browser changes nothing
    plain = run("pages/map.py", zoom="99", center="nowhere")
    assert map_payload(plain)["view"] is None
    assert "Ignored zoom=" in text_of(plain)


def test_map_page_sizes_and_headline_follow_the_years():
    early = run("pages/map.py", years="2015-2019")
    late = run("pages/map.py", years="2020-2023")
    assert "freight in 2019" in map_payload(early)["script"]
    assert "freight in 2023" in map_payload(late)["script"]
    assert map_payload(early)["base"] != map_payload(late)["base"]
    assert re.search(r"freight through \d+ of the \d+ ports shown, 2019", text_of(early))
    assert re.search(r"freight through \d+ of the \d+ ports shown, 2023", text_of(late))
    # the card keeps to the years: its chart, and no figure from another year unsaid
    card = run("pages/map.py", years="2000-2004", port="erenhot_rail")
    assert "No published figures for this port in 2000–2004" in text_of(card)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_share_control_with_its_link_and_embed_code(page):
    """Even a page that ends early (Ports without a port) gets its Share control."""
    at = run(page, partner="MNG")
    assert [p.proto.popover.label for p in at.get("popover")][-1] == "Share"
    texts = [t.value for t in at.text]
    codes = [t for t in texts if t.startswith("<iframe ")]
    assert len(codes) == 1 and "partner=MNG" in codes[0] and "embed=true" in codes[0]
    assert any("partner=MNG" in t and "embed" not in t for t in texts)  # the link itself
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download CSV (with sources)" in labels


def test_the_card_shows_figures_that_differ_grouped_with_why():
    """Erenhot 2023: over 19 Mt for the whole port (China's count, part of the year) and
    240 × 10,000 t at the Mongolian road checkpoint (Mongolia's): both, each with its scope
    and side, and the reasons they differ."""
    at = run("pages/map.py", port="erenhot_road")
    text = text_of(at)
    assert "Figures that differ for 2023: Freight (total)" in text
    assert "whole port, Chinese statistics: ≥ 1,900 × 10,000 t" in text
    assert "Mongolian Zamyn-Üüd road checkpoint, Mongolian statistics: 240 × 10,000 t" in text
    assert "they count different things" in text and "different sides of the border" in text
    # the map's tooltip points to the card for the same port
    assert "Figures that differ for 2023" in map_payload(at)["script"]


def test_every_chart_has_about_this_data_with_its_units_sources_and_citation():
    for page, params in (
        ("pages/map.py", {"port": "erenhot_rail"}),
        ("pages/ports.py", {"port": "erenhot_rail"}),
        ("pages/flows.py", {}),
        ("pages/channels.py", {}),
        ("pages/borders.py", {}),
        ("pages/cooperation.py", {}),
        ("pages/sources.py", {}),
    ):
        at = run(page, **params)
        charts = at.get("plotly_chart")
        notes = [e for e in at.expander if e.label == "About this data"]
        assert charts and len(notes) == len(charts), page
        for chart, note in zip(charts, notes):
            words = "\n".join(m.value for m in note.markdown).replace("\\", "")
            assert "How to cite this chart" in words and "View: " in words, (page, words[-300:])
            assert "Sources" in words, page
            spec = json.loads(chart.proto.spec)
            credit = [a for a in spec["layout"]["annotations"] if a.get("name") == "credit"]
            assert credit and "CC BY 4.0" in credit[0]["text"], page


def test_a_first_view_sends_the_map_before_the_sidebar_and_the_sidebar_once_drawn():
    """The sidebar's filters and Share control wait for the browser's report that the map is
    drawn (mapcomponent.awaiting_first_draw): the map reaches the reader first. The report
    reruns the script with them, and later runs keep them without asking again."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["partner"] = "MNG"
    at.run()
    assert map_payload(at)["awaiting_draw"] is True
    assert at.get("popover") == [] and not at.sidebar.get("selectbox")
    assert at.session_state["partner"] == "MNG"  # the link's filters hold meanwhile
    drawn(at)
    labels = [p.proto.popover.label.replace("\\", "") for p in at.get("popover")]
    assert labels[0] == "Partner country: Mongolia" and labels[-1] == "Share"
    assert map_payload(at)["awaiting_draw"] is False
    at.radio(key="partner").set_value("both").run()
    assert at.get("popover")[0].proto.popover.label.replace("\\", "") == "Partner country: Both"
    assert map_payload(at)["awaiting_draw"] is False
    # a page without a map draws its sidebar at once
    at = AppTest.from_file(APP, default_timeout=90)
    drawn(at.run())
    at.switch_page("pages/flows.py").run()
    assert [p.proto.popover.label for p in at.get("popover")][-1] == "Share"


def test_a_first_run_cut_short_does_not_hold_the_next_runs_sidebar_back():
    """The browser's report that the map is drawn can arrive while the first run is still
    drawing the rest of the page: Streamlit then ends that run early and starts the next.
    The ended run's note of a map awaiting its draw must not carry over, or the next run
    (which has the report) held the sidebar back for good (seen with a link to a port)."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["port"] = "ceke"
    at.run()
    at.session_state["_corridor_map_awaited"] = True  # as a run cut short leaves it
    drawn(at)
    labels = [p.proto.popover.label.replace("\\", "") for p in at.get("popover")]
    assert labels and labels[-1] == "Share"


def test_english_quotes_stay_escaped_text_whatever_their_line_breaks():
    """``ui.render_in_english`` shows data as typed inside an HTML block: a blank line (also
    one made of carriage returns) would end the block, and Markdown would read the rest."""

    def page():
        from corridor import ui

        ui.render_in_english(["a\r\r[link](http://x.test) <b>bold</b>", "b\r\n\r\nc"])

    at = AppTest.from_function(page, default_timeout=30).run()
    (md,) = at.caption
    assert "\r" not in md.value and "\n" not in md.value
    assert "&lt;b&gt;bold&lt;/b&gt;" in md.value and "<br><br>[link]" in md.value


def test_a_card_figure_from_the_partners_statistics_says_so_and_keeps_its_about():
    """Manzhouli's 2024 freight is the Russian side's 'приблизительно 24 млн т': its card
    line must not read as a Chinese, exact figure (the map sizes China's figures only)."""
    at = run("pages/map.py", port="manzhouli_rail")
    lines = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("Freight")]
    (line,) = [x for x in lines if "(2024)" in x]
    assert "≈ 24 Mt" in line and "Russian statistics" in line


def test_a_port_chart_has_a_key_to_its_symbols():
    """The Flows page's charts had a key to their symbols; a port's chart, which draws
    triangles, open symbols and dashes too, had none (Erenhot: part-years and directions)."""
    at = run("pages/map.py", port="erenhot_road")
    keys = [c.value for c in at.caption if c.value.startswith("Key:")]
    assert any("open symbol: part of a year" in k for k in keys)
    assert any("dashed: inbound (into China)" in k for k in keys)


def test_a_clicked_ports_chart_and_the_figures_are_under_the_map_and_the_card_beside_it():
    """With a card open, its chart and the headline figures stay in the map's column (under a
    long card they left the space under the map empty); the page's style (pagehead.PAGE_CSS)
    puts them after the card where a phone stacks the columns (tests/e2e/test_map_reading.py
    reads that order)."""

    def map_column(at: AppTest) -> str:
        return " ".join(m.value for m in at.columns[0].markdown)

    plain = run("pages/map.py")
    assert "ports shown" in map_column(plain)
    opened = run("pages/map.py", port="erenhot_road")
    assert "ports shown" in map_column(opened)
    assert opened.columns[0].get("plotly_chart"), "the port's chart is under the map"
    card_column = opened.columns[-1]  # the map column's own (the figures') come first
    assert [h.value for h in card_column.subheader] == ["Erenhot (Erlian) road port"]
    assert not card_column.get("plotly_chart")


def test_the_channels_page_says_its_lines_are_drawings_once():
    """The page's warning and the channel card's said the same thing twice in a row; the
    Map page's channel card keeps its own."""

    def drawings(at: AppTest) -> int:
        return sum("a drawing, not surveyed track" in w.value for w in at.warning)

    assert drawings(run("pages/channels.py", channel="ch3")) == 1
    assert drawings(run("pages/map.py", channel="ch3")) == 1
