"""The map a reader can read and use: every port reachable by clicks, years driving the
sizes and the figures, labels without hovering, the map on the first screen, its view in the
link. In headless Chromium at a desktop (1400×900) and a phone (390×844) size."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Session
from tests.e2e.test_browser import MAP, located_ports, map_frame

pytestmark = pytest.mark.e2e

DESKTOP = {"viewport": {"width": 1400, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}

# Each drawn port's marker: its centre on the screen, and the port whose marker the browser
# finds there (what a click at that point reaches, nothing brought to the front).
MARKERS_JS = """() => { const out = {}; window.map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.port_id && l._path) {
        const b = l._path.getBoundingClientRect();
        const x = b.x + b.width / 2, y = b.y + b.height / 2;
        const hit = document.elementFromPoint(x, y);
        let found = null; window.map.eachLayer(k => {
            if (k._path === hit && k.feature) found = k.feature.properties.port_id; });
        out[p.port_id] = {x, y, r: l._radius, found};
    } }); return out; }"""
LABELS_JS = """() => [...document.querySelectorAll('.corridor-label[data-shown]')].map(e => {
    const b = e.getBoundingClientRect();
    return {text: e.textContent, key: e.dataset.label, x1: b.left, y1: b.top, x2: b.right,
            y2: b.bottom}; })"""


@pytest.fixture
def desktop(browser, server):
    s = Session(browser, server, **DESKTOP)
    yield s
    s.close()


@pytest.fixture
def phone(browser, server):
    s = Session(browser, server, **PHONE)
    yield s
    s.close()


def settled(session):
    """The map drawn and its labels placed."""
    page = map_frame(session)
    page.evaluate("() => window.scrollTo(0, 0)")
    page.wait_for_function("() => document.querySelector('.corridor-label[data-shown]')")
    session.wait_idle()
    return page


def test_every_drawn_port_is_selected_by_a_click_on_the_map(desktop):
    """At the default view every drawn port has its own spot on the map (ports that share a
    place are drawn side by side), and a real click there selects it."""
    page = desktop.open("/")
    settled(desktop)
    markers = page.evaluate(MARKERS_JS)
    assert sorted(markers) == located_ports()
    box = page.locator(MAP).bounding_box()
    for pid, m in markers.items():
        assert box["x"] < m["x"] < box["x"] + box["width"], f"{pid} is off the map"
        assert box["y"] < m["y"] < box["y"] + box["height"], f"{pid} is off the map"
        assert m["found"] == pid, f"a click on {pid} reaches {m['found']}"
    # the rail ports that sat on their road ports are apart from them, at every zoom
    for a, b in (("erenhot_rail", "erenhot_road"), ("manzhouli_rail", "manzhouli_road")):
        assert abs(markers[a]["x"] - markers[b]["x"]) >= markers[a]["r"] + markers[b]["r"]
    for pid in located_ports():
        x, y = markers[pid]["x"], markers[pid]["y"]
        page.mouse.click(x, y)
        expect(page).to_have_url(re.compile(rf"[?&]port={pid}(&|$)"), timeout=30_000)
        desktop.wait_idle()
    page.wait_for_function("() => !window.map._animatingZoom")
    page.evaluate("() => window.map.setZoom(window.map.getZoom() + 2, {animate: false})")
    page.evaluate("""() => { window.map.eachLayer(l => {
        if (l.feature && l.feature.properties.port_id === 'suifenhe_rail')
            window.map.panTo(l.getLatLng(), {animate: false}); }); }""")
    zoomed = page.evaluate(MARKERS_JS)
    for a, b in (("suifenhe_rail", "suifenhe_road"), ("hunchun_rail", "hunchun_road")):
        if a in zoomed and b in zoomed and zoomed[a]["found"] and zoomed[b]["found"]:
            assert zoomed[a]["found"] == a and zoomed[b]["found"] == b
    assert desktop.errors == []


def radii(page) -> dict[str, float]:
    return page.evaluate("""() => { const out = {}; window.map.eachLayer(l => {
        if (l.feature && l.feature.properties.port_id && l._radius)
            out[l.feature.properties.port_id] = l._radius; }); return out; }""")


def test_years_in_the_link_drive_marker_sizes_legend_and_headline(desktop):
    page = desktop.open("/?years=2015-2019")
    settled(desktop)
    early, early_text = (
        radii(page),
        page.get_by_text(re.compile(r"freight through \d+ of the")).first.inner_text(),
    )
    legend_early = page.locator(".corridor-legend summary").inner_text()
    page = desktop.open("/?years=2020-2023")
    settled(desktop)
    late, late_text = (
        radii(page),
        page.get_by_text(re.compile(r"freight through \d+ of the")).first.inner_text(),
    )
    legend_late = page.locator(".corridor-legend summary").inner_text()
    assert "2019" in legend_early and "2023" in legend_late
    assert early_text.strip().endswith("2019") and late_text.strip().endswith("2023")
    assert early_text.split(" Mt")[0] != late_text.split(" Mt")[0]
    assert early != late
    # a port with no figure in 2019 is drawn plainly, and sized in 2023
    assert early["ganqimaodu"] < late["ganqimaodu"]
    numbers = page.locator("strong").all_inner_texts()
    assert any(n.endswith("Mt") for n in numbers)
    page.locator(".corridor-legend summary").click()
    expect(page.locator(".corridor-legend")).to_contain_text("freight in 2023")
    # the card's chart keeps to the years
    page = desktop.open("/?years=2015-2019&port=erenhot_rail")
    expect(page.locator(".gtitle", has_text="2015–2019").first).to_be_visible(timeout=30_000)
    assert desktop.errors == []


def test_main_ports_countries_and_channels_are_labelled_without_hovering(desktop):
    page = desktop.open("/")
    settled(desktop)
    labels = page.evaluate(LABELS_JS)
    texts = [lab["text"] for lab in labels]
    for name in ("Erenhot", "Manzhouli", "Suifenhe", "Hunchun", "China", "Mongolia", "Russia"):
        assert name in texts, f"{name} is not labelled: {texts}"
    for n in "1234":
        assert any(t.startswith(f"{n} ") for t in texts), f"channel {n} is not labelled"
    assert any(t in texts for t in ("Beijing", "Ulaanbaatar", "Harbin", "Chita", "Hohhot"))
    box = page.locator(MAP).bounding_box()
    inside = [
        lab
        for lab in labels
        if lab["x1"] >= box["x"] and lab["x2"] <= box["x"] + box["width"] and lab["y1"] >= box["y"]
    ]
    for i, a in enumerate(inside):  # no two labels overlap
        for b in inside[i + 1 :]:
            apart = (
                a["x2"] <= b["x1"] or b["x2"] <= a["x1"] or a["y2"] <= b["y1"] or b["y2"] <= a["y1"]
            )
            assert apart, f"{a['text']!r} overlaps {b['text']!r}"
    # labels are text: nothing inside them is markup
    assert page.locator(".corridor-label *").count() == 0
    # zoomed in, the other crossings get their names too
    assert "Heihe" not in texts
    page.evaluate("""() => { window.map.eachLayer(l => {
        if (l.feature && l.feature.properties.port_id === 'heihe')
            window.map.setView(l.getLatLng(), window.map.getZoom() + 1.5, {animate: false}); });
        }""")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.corridor-label[data-shown]')]"
        ".some(e => e.textContent === 'Heihe')"
    )
    assert desktop.errors == []


def test_the_map_and_its_legend_fit_the_first_screen_on_a_desktop(desktop):
    page = desktop.open("/")
    settled(desktop)
    box = page.locator(MAP).bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900, box
    assert box["height"] >= 400 and box["width"] >= 550
    legend = page.locator(".corridor-legend").bounding_box()
    scale = page.locator(".leaflet-control-scale").bounding_box()
    assert legend["y"] + legend["height"] <= box["y"] + box["height"]
    page.locator(".corridor-legend summary").click()  # opened, it still leaves the scale free
    legend = page.locator(".corridor-legend").bounding_box()
    assert legend["y"] + legend["height"] <= box["y"] + box["height"]
    assert (
        legend["x"] >= scale["x"] + scale["width"] or legend["y"] + legend["height"] <= scale["y"]
    )
    text = page.locator(".corridor-legend").inner_text()
    for words in ("Russia", "Mongolia", "Rail", "Road", "Air", "freight in", "station", "border"):
        assert words in text, words
    for n in "1234":
        assert f"\n{n} " in "\n" + text or f" {n} " in text
    assert re.search(r"\d+ km", page.locator(".leaflet-control-scale").inner_text())
    assert "mi" not in page.locator(".leaflet-control-scale").inner_text()
    # the frame: the top of the view lies inside the drawn countries' frame (no empty band)
    north = page.evaluate("() => window.map.getBounds().getNorth()")
    assert north <= 56.01
    page.locator(".corridor-legend summary").click()
    page.wait_for_timeout(300)
    desktop.shot("map_desktop")
    assert desktop.errors == []


def test_on_a_phone_the_map_is_on_the_first_screen_and_a_tap_shows_the_card(phone):
    page = phone.open("/")
    settled(phone)
    box = page.locator(MAP).bounding_box()
    assert box["y"] + 200 < 844, box  # most of the map shows before any scrolling
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    phone.shot("map_phone")
    markers = page.evaluate(MARKERS_JS)
    # too narrow for the whole corridor, the phone's map shows its east end, where most ports
    # are: it used to cut Suifenhe, Hunchun and Heihe off at the right edge
    for pid in ("suifenhe_rail", "hunchun_road", "erenhot_road"):
        assert box["x"] < markers[pid]["x"] < box["x"] + box["width"], pid
    pid = "erenhot_road"
    page.touchscreen.tap(markers[pid]["x"], markers[pid]["y"])
    expect(page).to_have_url(re.compile(rf"[?&]port={pid}"), timeout=30_000)
    heading = page.get_by_role("heading", name="Erenhot (Erlian) road port")
    expect(heading).to_be_visible()
    page.wait_for_timeout(800)
    top = heading.bounding_box()["y"]
    # (scrolled to the top edge, a heading may sit a fraction of a pixel above it)
    assert -1 < top < 844, f"the card's heading is at {top}px"
    # no tooltip left behind, clipped at the map's edge
    assert page.locator(".leaflet-tooltip").count() == 0
    # in reading order: the map, the card, the port's chart, then the headline figures
    # (the chart and the figures are in the map's column, which a phone stacks first)
    tops = [
        page.locator(sel).bounding_box()["y"]
        for sel in (MAP, ".st-key-selection_card", ".st-key-selection_chart", ".st-key-map_figures")
    ]
    assert tops == sorted(tops), tops
    # a filter chosen from the sidebar closes it
    page.evaluate("() => window.scrollTo(0, 0)")
    page.get_by_test_id("stExpandSidebarButton").click()
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="Partner country: Both").click()
    page.get_by_test_id("stPopoverBody").get_by_text("Russia", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]partner=RUS"), timeout=30_000)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right < 40"
    )
    assert phone.errors == []


def test_a_zoomed_view_is_restored_from_its_link(browser, server, desktop):
    page = desktop.open("/")
    settled(desktop)
    page.wait_for_function("() => !window.map._animatingZoom")
    box = page.locator(MAP).bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.5)
    page.mouse.wheel(0, -300)  # the reader zooms in with the wheel
    expect(page).to_have_url(re.compile(r"[?&]zoom=[\d.]+&center=[\d.]+%2C[\d.]+"), timeout=30_000)
    desktop.wait_idle()
    zoom = page.evaluate("() => window.map.getZoom()")
    center = page.evaluate("() => window.map.getCenter()")
    url = page.url
    assert zoom > page.evaluate("() => window.map.__corridorBaseZoom")
    fresh = Session(browser, server, **DESKTOP)
    try:
        again = fresh.open(url.removeprefix(server))
        map_frame(fresh)
        assert again.evaluate("() => window.map.getZoom()") == zoom
        restored = again.evaluate("() => window.map.getCenter()")
        assert abs(restored["lat"] - center["lat"]) < 0.01
        assert abs(restored["lng"] - center["lng"]) < 0.01
        # junk falls back to the default view, with a notice
        junk = fresh.open("/?zoom=99&center=%3Cscript%3E")
        expect(junk.get_by_text("Ignored zoom=").first).to_be_visible()
        map_frame(fresh)
        assert junk.evaluate("() => window.map.getZoom() === window.map.__corridorBaseZoom")
        assert fresh.errors == []
    finally:
        fresh.close()


def test_a_ports_tooltip_is_wide_enough_to_read_and_inside_the_map(desktop):
    """Tooltips shrank to their longest word (147 px wide, 602 px tall for Erenhot's road
    port) and spilled past the map's edges, hiding the port's name."""
    page = desktop.open("/?partner=MNG&years=2015-2019")
    settled(desktop)
    markers = page.evaluate(MARKERS_JS)
    box = page.locator(MAP).bounding_box()
    page.mouse.move(markers["erenhot_road"]["x"], markers["erenhot_road"]["y"])
    tip = page.locator(".leaflet-tooltip")
    expect(tip).to_be_visible()
    b = tip.bounding_box()
    assert b["width"] >= 200, b
    assert b["height"] < box["height"], b
    assert "drawn at Erenhot (Erlian) railway port" in tip.inner_text()


def test_a_clicked_ports_chart_fills_the_space_under_the_map_on_a_desktop(desktop):
    """The card is beside the map; the port's chart and the headline figures are under the map
    at its width, not under the long card (which left the space under the map empty)."""
    page = desktop.open("/?port=manzhouli_rail")
    settled(desktop)
    expect(page.get_by_role("heading", name="Manzhouli railway port")).to_be_visible()
    chart = page.locator(".st-key-selection_chart .js-plotly-plot")
    expect(chart).to_be_visible(timeout=30_000)
    the_map = page.locator(MAP).bounding_box()
    box = chart.bounding_box()
    card = page.locator(".st-key-selection_card").bounding_box()
    assert abs(box["x"] - the_map["x"]) < 2 and box["width"] > 0.9 * the_map["width"], box
    assert the_map["y"] + the_map["height"] < box["y"] < the_map["y"] + the_map["height"] + 200
    assert card["x"] > the_map["x"] + the_map["width"], "the card is beside the map"
    figures = page.locator(".st-key-map_figures").bounding_box()
    assert figures["y"] < card["y"] + card["height"], "the figures wait below the card"
    assert desktop.errors == []
