"""End-to-end in headless Chromium with every request off the app's origin blocked."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PAGES = {
    "/": "China–Mongolia–Russia Economic Corridor",
    "/ports": "Ports",
    "/channels": "The four northern rail channels",
    "/borders": "Borders and their lengths",
    "/flows": "Trade and passenger flows",
    "/cooperation": "Cooperation",
    "/sources": "Data and sources",
    "/about": "About this dashboard",
}
PORT_COUNT_JS = """() => { let n = 0; window.map.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.port_id) n++; }); return n; }"""
PORT_IDS_JS = """() => { const ids = []; window.map.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.port_id)
        ids.push(l.feature.properties.port_id); }); return ids.sort(); }"""


def located_ports(partner: str | None = None) -> list[str]:
    from corridor.catalog import load_catalog

    ports = load_catalog().layers["ports"]
    ports = ports[ports.geometry.notna()]
    if partner:
        ports = ports[ports["partner_country"] == partner]
    return sorted(ports["port_id"])


MAP = ".corridor-map"  # the map element (corridor/map_component.js), drawn in the page


def map_frame(session):
    """The page, once its map is drawn (the map has no iframe: it is drawn in the page)."""
    session.page.wait_for_selector(MAP)
    session.page.locator(MAP).first.scroll_into_view_if_needed()
    session.page.wait_for_function("() => window.map && Object.keys(window.map._layers).length > 5")
    return session.page


def click_port(session, port_id: str) -> None:
    """Click the port's marker where it is drawn (a real mouse click on the map)."""
    page = map_frame(session)
    session.wait_idle()
    box = page.evaluate(
        """(pid) => { let r = null; window.map.eachLayer(l => {
        if (l.feature && l.feature.properties.port_id === pid && l._path) {
            l.bringToFront(); r = l._path.getBoundingClientRect(); } });
        return r && {x: r.x + r.width / 2, y: r.y + r.height / 2}; }""",
        port_id,
    )
    assert box, f"{port_id} is not drawn"
    page.mouse.click(box["x"], box["y"])


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_loads_without_errors(session, path):
    page = session.open(path)
    expect(page.get_by_role("heading", name=PAGES[path]).first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    session.shot("page" + path.replace("/", "_").rstrip("_"))
    assert session.errors == []
    assert not [u for u in session.blocked if not u.startswith("http://127.0.0.1")]


def test_map_shows_every_located_port_offline(session):
    session.open("/")
    frame = map_frame(session)
    assert frame.evaluate(PORT_IDS_JS) == located_ports()
    # the basemap is ours: country polygons drawn, no tile images requested
    frame.wait_for_function(
        f"() => document.querySelectorAll('.corridor-map path').length > {len(located_ports()) + 5}"
    )
    assert frame.locator("img.leaflet-tile").count() == 0
    region = session.page.locator(MAP)
    expect(region).to_be_visible()
    session.page.wait_for_timeout(1000)
    session.shot("map_offline")  # the README's screenshot
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("aria-label", re.compile("Map of the China–Mongolia–Russia"))
    assert session.errors == []


def test_clicking_a_port_updates_card_chart_and_url(session):
    page = session.open("/")
    click_port(session, "ceke")
    expect(page).to_have_url(re.compile(r"[?&]port=ceke"), timeout=30_000)
    session.wait_idle()
    expect(page.get_by_role("heading", name="Ceke road port")).to_be_visible()
    expect(page.locator(".gtitle", has_text="Ceke road port").first).to_be_visible()
    session.shot("map_port_selected")
    assert session.errors == []


def test_clicking_a_channel_opens_its_card(session):
    session.open("/")
    frame = map_frame(session)
    # a point of the drawn (dashed) line itself, from its middle outward: what a reader clicks
    point = frame.evaluate("""() => { let r = null; window.map.eachLayer(l => {
        if (r || !(l.feature && l.feature.properties.channel_id === 'ch3' && l._path)) return;
        const len = l._path.getTotalLength(), m = l._path.getScreenCTM();
        for (let i = 0; i < 400 && !r; i++) {
            const at = len / 2 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 2;
            const pt = l._path.getPointAtLength(at);
            const x = pt.x * m.a + m.e, y = pt.y * m.d + m.f;
            if (document.elementFromPoint(x, y) === l._path) r = {x, y};
        } }); return r; }""")
    assert point, "no point of channel 3's line can be clicked"
    session.page.mouse.click(point["x"], point["y"])
    expect(session.page).to_have_url(re.compile(r"channel=ch3"), timeout=30_000)
    expect(session.page.get_by_text("Channel 3:").first).to_be_visible()


def test_filters_change_map_and_charts_together(session):
    page = session.open("/?partner=MNG")
    frame = map_frame(session)
    assert frame.evaluate(PORT_IDS_JS) == located_ports("MNG")
    session.open("/flows?partner=MNG")
    page.locator(".gtitle").first.wait_for()
    titles = page.locator(".gtitle").all_text_contents()
    assert titles and not any("China–Russia" in t for t in titles)
    legend = " ".join(page.locator(".legendtext").all_text_contents())
    assert "China–Mongolia" in legend or "Mongolia" in legend
    assert "China–Russia" not in legend


def test_sidebar_filter_buttons_name_their_choice_and_filter_the_map(session):
    page = session.open("/")
    map_frame(session)
    session.wait_idle()
    sidebar = page.get_by_test_id("stSidebar")
    # closed, a filter's control is not drawn: only its button, which names what it holds
    expect(sidebar.get_by_role("radiogroup")).to_have_count(0)
    sidebar.get_by_role("button", name="Partner country: Both").click()
    page.get_by_test_id("stPopoverBody").get_by_text("Mongolia", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]partner=MNG"), timeout=30_000)
    expect(sidebar.get_by_role("button", name="Partner country: Mongolia")).to_be_visible()
    session.wait_idle()
    frame = map_frame(session)
    frame.wait_for_function(f"() => ({PORT_IDS_JS})().length === {len(located_ports('MNG'))}")
    assert frame.evaluate(PORT_IDS_JS) == located_ports("MNG")
    page.keyboard.press("Escape")
    sidebar.get_by_role("button", name="Mode: All").click()
    page.get_by_test_id("stPopoverBody").get_by_role("combobox").click()
    page.get_by_role("option", name="Rail").click()
    page.keyboard.press("Escape")  # a multiselect applies its choice when its list closes
    expect(page).to_have_url(re.compile(r"[?&]mode=rail"), timeout=30_000)
    expect(sidebar.get_by_role("button", name="Mode: Rail")).to_be_visible()
    assert session.errors == []


def test_the_years_control_stays_open_while_the_reader_moves_it(session):
    """The years button names the range it holds; a new range was a new, closed button, so
    every step of the slider (an arrow key, a drag) shut the control under the reader."""
    page = session.open("/")
    map_frame(session)
    session.wait_idle()
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="Years: 2000–2025").click()
    body = page.get_by_test_id("stPopoverBody")
    body.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"[?&]years=2001-2025"), timeout=30_000)
    expect(sidebar.get_by_role("button", name="Years: 2001–2025")).to_be_visible()
    session.wait_idle()
    expect(body).to_be_visible()
    expect(body.get_by_role("slider").first).to_be_visible()
    # the reader moves the other end, without reopening the control
    body.get_by_role("slider").last.focus()
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"[?&]years=2001-2024"), timeout=30_000)
    assert session.errors == []


def test_shared_link_restores_the_view_in_a_fresh_context(browser, server):
    from tests.e2e.conftest import Session

    link = "/ports?partner=MNG&mode=rail&years=2015-2019&port=erenhot_rail"
    first = Session(browser, server)
    first.open(link)
    url = first.page.url
    first.close()
    fresh = Session(browser, server)
    page = fresh.open(url.removeprefix(server))
    expect(page.get_by_role("heading", name="Erenhot (Erlian) railway port")).to_be_visible()
    assert "partner=MNG" in page.url and "years=2015-2019" in page.url
    # Plotly draws after the page's run: on a loaded machine, later than expect's 5 s
    expect(page.locator(".gtitle", has_text="freight").first).to_be_visible(timeout=30_000)
    fresh.close()


def test_junk_link_shows_notice_and_runs_no_script(session):
    page = session.open("/?port=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&partner=%3Cscript%3E")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    expect(page.get_by_text("Ignored port=").first).to_be_visible()
    expect(page.get_by_role("heading", name=PAGES["/"])).to_be_visible()
    page.wait_for_timeout(1000)
    assert dialogs == [] and session.errors == []
    assert page.locator("img[src=x]").count() == 0


def test_download_carries_sources(session):
    page = session.open("/ports?port=erenhot_rail")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV (with sources)").last.click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(r["source_id"] and r["source_publisher"] for r in rows)
    assert any(r["source_id"] == "liu_c2021" for r in rows)


def test_geojson_download_is_made_on_click(session):
    # The file is generated only when the reader asks for it (not on every run).
    page = session.open("/?port=erenhot_rail")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the ports shown (GeoJSON)").click()
    doc = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    ids = {f["properties"]["port_id"] for f in doc["features"]}
    assert "erenhot_rail" in ids
    located = [f for f in doc["features"] if f["geometry"]]
    assert located and all(f["properties"]["coord_source_id"] for f in located)


def test_phone_width_has_no_horizontal_scroll(browser, server):
    from tests.e2e.conftest import Session

    phone = Session(
        browser,
        server,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    for path in ("/", "/ports?port=erenhot_rail"):
        page = phone.open(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide"
    phone.shot("phone_map")
    phone.close()


def test_table_twin_selects_the_port_by_keyboard(session):
    page = session.open("/")
    # closed at first (the grid loads only when asked for); opened from the keyboard
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    summary = page.locator("summary", has_text="Table of the ports shown on the map")
    summary.focus()
    page.keyboard.press("Enter")
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible(timeout=30_000)
    grid.scroll_into_view_if_needed()
    grid.click(position={"x": 15, "y": 50})  # first row's selection cell
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"[?&]port="), timeout=30_000)


def test_blocked_tiles_leave_our_basemap_and_ports(session):
    """With OpenStreetMap chosen but unreachable, the map still shows our basemap and ports."""
    session.open("/?tiles=osm")
    frame = map_frame(session)
    assert frame.evaluate(PORT_IDS_JS) == located_ports()
    n = len(located_ports()) + 5
    frame.wait_for_function(f"() => document.querySelectorAll('.corridor-map path').length > {n}")
    assert any("tile.openstreetmap.org" in u for u in session.blocked)  # tiles were tried
    assert session.errors == []


def test_unknown_page_falls_back_to_the_map(session):
    page = session.open("/no-such-page%3Cscript%3Ealert(1)%3C%2Fscript%3E?port=ceke")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    expect(page.get_by_role("heading", name=PAGES["/"])).to_be_visible()
    page.wait_for_timeout(500)
    assert dialogs == [] and session.errors == []
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.parametrize(
    "path, heading, port",
    [
        ("/ports/x?port=ceke", PAGES["/ports"], "Ceke road port"),
        ("/ports/", PAGES["/ports"], None),
        ("/no-such/page/deeper", PAGES["/"], None),
    ],
)
def test_an_address_deeper_than_a_page_shows_the_app_with_a_notice(session, path, heading, port):
    """Streamlit answers /ports/x with a page whose scripts resolve under /ports/ and never
    load (a blank page); serve.py sends the reader to /ports with a notice instead."""
    page = session.open(path)
    expect(page.get_by_role("heading", name=heading).first).to_be_visible()
    asked = path.split("?")[0]
    expect(page.get_by_text(f"There is no page at the address '{asked}'")).to_be_visible()
    if port:  # the link's parameters are kept
        expect(page.get_by_role("heading", name=port)).to_be_visible()
    expect(page).not_to_have_url(re.compile("not_found"))  # not passed on by a shared link
    assert page.locator('[data-testid="stException"]').count() == 0
    assert session.errors == []


def test_every_page_has_a_footer_that_leads_to_the_about_page(session):
    page = session.open("/ports")  # ends its run early until a port is chosen
    footer = page.locator(".st-key-page_footer")
    expect(footer).to_contain_text("Data licence: Creative Commons Attribution 4.0")
    expect(footer).to_contain_text("data updated")
    assert footer.get_by_role("link", name="Read the licence").get_attribute("href") == (
        "https://creativecommons.org/licenses/by/4.0/"
    )
    footer.get_by_role("link", name=re.compile("About this dashboard")).click()
    expect(page.get_by_role("heading", name="About this dashboard")).to_be_visible()
    expect(page.get_by_role("heading", name="Glossary")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/about"))
    assert session.errors == []


def test_clicking_the_same_port_again_reselects_it(session):
    """Map → table → map: a second click on a port chosen before selects it again."""
    page = session.open("/")
    click_port(session, "ceke")
    expect(page).to_have_url(re.compile(r"[?&]port=ceke"), timeout=30_000)
    session.wait_idle()
    page.locator("summary", has_text="Table of the ports shown on the map").click()
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible(timeout=30_000)
    grid.click(position={"x": 15, "y": 50})  # first row: another port
    expect(page).not_to_have_url(re.compile(r"[?&]port=ceke"), timeout=30_000)
    session.wait_idle()
    click_port(session, "ceke")
    expect(page).to_have_url(re.compile(r"[?&]port=ceke"), timeout=30_000)
    assert session.errors == []


def test_a_first_visit_gets_the_scripts_gzipped_and_the_map(session):
    """serve.py: Streamlit's bundle and Leaflet arrive gzipped (compressed once on the
    server), and the page they make still draws the map and its ports."""
    got: dict[str, tuple[str, int]] = {}

    def seen(response):
        path = response.url[len(session.base) :].split("?")[0]
        if path.endswith(".js") and response.status == 200:
            got[path] = (response.header_value("content-encoding") or "", len(response.body()))

    session.page.on("response", seen)
    session.open("/")
    frame = map_frame(session)
    assert frame.evaluate(PORT_IDS_JS) == located_ports()
    kinds = {
        "Streamlit": [p for p in got if p.startswith("/static/js/index.")],
        "Leaflet": [p for p in got if p == "/app/static/vendor/leaflet/leaflet.js"],
    }
    for kind, paths in kinds.items():
        assert paths, f"no {kind} script seen among {sorted(got)}"
        for p in paths:
            assert got[p][0] == "gzip", f"{p} came as {got[p][0] or 'identity'}"
    # the browser decoded what it got: Streamlit's main bundle is its full size
    assert got[kinds["Streamlit"][0]][1] > 100_000
    assert session.errors == []


def test_selecting_a_port_keeps_the_map_and_its_view(session):
    """A click redraws only the selection layer: the same Leaflet map, zoom and centre."""
    page = session.open("/")
    map_frame(session)
    # the reader zooms in on Ceke (its marker stays in view for the click), once the map's
    # own opening zoom has finished
    page.wait_for_function("() => !window.map._animatingZoom")
    page.evaluate("""() => { window.map.eachLayer(l => {
        if (l.feature && l.feature.properties.port_id === 'ceke')
            window.map.setView(l.getLatLng(), 5, {animate: false}); });
        window.__firstMap = window.map; }""")
    assert page.evaluate("() => window.map.getZoom()") == 5
    click_port(session, "ceke")
    expect(page).to_have_url(re.compile(r"[?&]port=ceke"), timeout=30_000)
    session.wait_idle()
    assert page.evaluate("() => window.map === window.__firstMap && window.map.getZoom()") == 5
    expect(page.get_by_role("heading", name="Ceke road port")).to_be_visible()
    page.evaluate("""() => { window.map.eachLayer(l => {  // the reader pans to Erenhot
        if (l.feature && l.feature.properties.port_id === 'erenhot_road')
            window.map.panTo(l.getLatLng(), {animate: false}); });
        window.__center = window.map.getCenter(); }""")
    click_port(session, "erenhot_road")
    expect(page).to_have_url(re.compile(r"[?&]port=erenhot_road"), timeout=30_000)
    session.wait_idle()
    assert page.evaluate("() => window.map.getCenter().equals(window.__center)")
    # one selection ring at a time: the old overlay is gone
    rings = page.evaluate("""() => { let n = 0; window.map.eachLayer(l => {  // not stations
        if (l instanceof L.CircleMarker && !l.feature && l.options.radius >= 16) n++; });
        return n; }""")
    assert rings == 1
    assert page.evaluate("() => window.map === window.__firstMap")
    assert session.errors == []


def test_a_shared_links_filters_survive_a_click_and_a_page_switch(session):
    """Streamlit drops a never-opened popover's widget state on a page switch after another
    interaction: the app puts the filters back (the years slider had come back as one
    number, an error on the next page)."""
    page = session.open("/?partner=MNG&years=2010-2020")
    click_port(session, "ceke")
    expect(page).to_have_url(re.compile(r"[?&]port=ceke"), timeout=30_000)
    session.wait_idle()
    page.get_by_test_id("stSidebarNav").get_by_role("link").nth(2).click()  # Rail channels
    expect(page).to_have_url(re.compile(r"/channels\?"), timeout=30_000)
    session.wait_idle()
    assert "partner=MNG" in page.url and "years=2010-2020" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0
    expect(page.get_by_role("button", name="Partner country: Mongolia")).to_be_visible()
    expect(page.locator(MAP)).to_be_visible()  # the channel's map, drawn in the page
    assert session.errors == []


def test_a_port_under_the_selected_channels_highlight_can_be_clicked(session):
    """The selection's highlight lets clicks through: with channel 2 selected, a real click
    at an Erenhot port's centre (under the highlight, nothing brought to the front) selects it."""
    page = session.open("/?channel=ch2")
    map_frame(session)
    session.wait_idle()
    box = page.evaluate("""() => { let r = null; window.map.eachLayer(l => {
        if (l.feature && l.feature.properties.port_id === 'erenhot_rail' && l._path) {
            const b = l._path.getBoundingClientRect();
            r = {x: b.x + b.width / 2, y: b.y + b.height / 2}; } }); return r; }""")
    page.mouse.click(box["x"], box["y"])
    expect(page).to_have_url(re.compile(r"[?&]port=erenhot_"), timeout=30_000)
    assert session.errors == []


def test_a_map_whose_leaflet_failed_to_load_says_so_and_draws_on_the_next_page(session):
    """A failed script load shows a message in place of the map, and is tried again (not
    remembered as failed) when the map is drawn again: in the run that follows a first view
    (which the element's report of the failure starts), or when the reader comes back."""
    page = session.page
    failed = []

    def once(route):  # fails for the first view and the run that follows it
        if len(failed) < 2:
            failed.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/vendor/leaflet/leaflet.js", once)
    session.open("/")
    expect(page.get_by_role("alert").filter(has_text="The map could not be drawn")).to_be_visible(
        timeout=30_000
    )
    page.get_by_test_id("stSidebarNav").get_by_role("link").nth(2).click()  # Rail channels
    expect(page).to_have_url(re.compile(r"/channels"), timeout=30_000)
    page.wait_for_function("() => window.map && document.querySelector('.corridor-map path')")
    assert len(failed) == 2 and page.locator(".corridor-map").count() == 1
