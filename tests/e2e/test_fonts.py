"""Chinese names drawn with the app's own font on a machine without any CJK font.

Chromium runs with a fontconfig that lists only the machine's font folders holding no CJK font,
so without the served Noto Sans SC slices every Chinese character would be a box. The checks:
the page fetched a few of the vendored slices, the browser reports the name's glyphs as drawn
from the served font, and the name measures as full-width ideographs, not as boxes.
"""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import ROOT, Session

pytestmark = pytest.mark.e2e

FONT_DIR = ROOT / "static" / "vendor" / "fonts" / "noto-sans-sc"
PORT = "erenhot_rail"
MAP = ".corridor-map"


def _name_zh(port_id: str) -> str:
    features = json.loads((ROOT / "geodata" / "ports.geojson").read_text())["features"]
    return next(
        f["properties"]["name_zh"] for f in features if f["properties"]["port_id"] == port_id
    )


# The innermost element showing exactly ``text``; where the text is part of a longer line
# ("Chinese name: 二连浩特铁路口岸"), its run is set apart in a span (same style) to be measured.
MARK = """([root, text]) => {
    const els = [...document.querySelectorAll(root + ' *')]
        .filter(e => e.textContent.trim() === text);
    if (els.length) {
        els[els.length - 1].setAttribute('data-font-probe', '1');
        return true;
    }
    for (const r of document.querySelectorAll(root)) {
        const walker = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const at = n.textContent.indexOf(text);
            if (at < 0) continue;
            const run = n.splitText(at);
            run.splitText(text.length);
            const span = document.createElement('span');
            span.setAttribute('data-font-probe', '1');
            run.replaceWith(span);
            span.appendChild(run);
            return true;
        }
    }
    return false;
}"""


def _fonts_of(page, root: str, text: str) -> list[dict]:
    """The fonts Chromium drew ``text`` with, for its innermost element under ``root``."""
    page.evaluate(
        "() => document.querySelectorAll('[data-font-probe]').forEach(e => "
        "e.removeAttribute('data-font-probe'))"
    )
    assert page.evaluate(MARK, [root, text]), f"{text!r} is not shown under {root}"
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        doc = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": doc, "selector": "[data-font-probe]"})
        return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    finally:
        cdp.detach()


WIDTHS = """async (text) => {
    await document.fonts.load('16px noto-sans-sc', text);
    const c = document.createElement('canvas').getContext('2d');
    const width = (family) => { c.font = '16px ' + family; return c.measureText(text).width; };
    return {served: width('noto-sans-sc'), missing: width('no-such-family-anywhere')};
}"""


def test_ports_page_draws_chinese_names_with_the_served_font(no_cjk_browser, server):
    s = Session(no_cjk_browser, server, viewport={"width": 1400, "height": 1000})
    fetched: dict[str, int] = {}
    s.page.on(
        "response",
        lambda r: (
            fetched.__setitem__(r.url.rsplit("/", 1)[-1], r.status)
            if r.url.endswith(".woff2") and "/vendor/fonts/" in r.url
            else None
        ),
    )
    try:
        page = s.open(f"/ports?port={PORT}")
        name = _name_zh(PORT)
        card = '[data-testid="stMain"] [data-testid="stMarkdownContainer"]'
        page.locator(card, has_text=name).first.wait_for()
        page.evaluate("() => document.fonts.ready")
        page.wait_for_timeout(1000)  # the table's canvas redraws once its slices are in

        # (a) a few slices, each served
        vendored = {p.name for p in FONT_DIR.glob("*.woff2")}
        assert fetched, "the page fetched no font slice"
        assert set(fetched) <= vendored, set(fetched) - vendored
        assert all(status in (200, 304) for status in fetched.values()), fetched
        assert len(fetched) < len(vendored) / 2, f"{len(fetched)} of {len(vendored)} slices"
        loaded = page.evaluate(
            "() => [...document.fonts].filter(f => f.family.replace(/[\"']/g, '') === "
            "'noto-sans-sc' && f.status === 'loaded').length"
        )
        assert loaded == len(fetched)

        # (b) the card's Chinese name: every glyph from the served font ...
        fonts = _fonts_of(page, card, name)
        assert fonts and all(f["isCustomFont"] for f in fonts), fonts
        assert all(f["familyName"].startswith("Noto Sans SC") for f in fonts), fonts
        assert sum(f["glyphCount"] for f in fonts) == len(name)
        # ... while the page's Latin text keeps Streamlit's Source Sans
        latin = _fonts_of(page, '[data-testid="stMain"]', "Ports")
        assert latin and all(f["familyName"].startswith("SourceSans") for f in latin), latin
        # ... and it measures as full-width ideographs, not as the boxes of a missing font
        widths = page.evaluate(WIDTHS, name)
        assert abs(widths["served"] - 16 * len(name)) < 0.5, widths
        assert abs(widths["served"] - widths["missing"]) > 4, widths
        s.shot("fonts_ports_no_cjk")
        assert not s.blocked and not s.errors, (s.blocked, s.errors)
    finally:
        s.close()


def test_map_tooltip_draws_chinese_names_with_the_served_font(no_cjk_browser, server):
    s = Session(no_cjk_browser, server, viewport={"width": 1400, "height": 1000})
    try:
        page = s.open("/")
        page.wait_for_selector(MAP)
        page.wait_for_function("() => window.map && Object.keys(window.map._layers).length > 5")
        s.wait_idle()
        xy = page.evaluate(
            """(pid) => { let r = null; window.map.eachLayer(l => {
            if (l.feature && l.feature.properties.port_id === pid && l._path) {
                l.bringToFront(); const b = l._path.getBoundingClientRect();
                r = [b.x + b.width / 2, b.y + b.height / 2]; } }); return r; }""",
            PORT,
        )
        assert xy, f"{PORT} is not on the map"
        page.mouse.move(*xy)
        name = _name_zh(PORT)
        page.wait_for_selector(f".leaflet-tooltip:has-text('{name}')")
        page.evaluate("() => document.fonts.ready")
        page.wait_for_timeout(500)
        fonts = _fonts_of(page, ".leaflet-tooltip", name)
        assert fonts and all(f["familyName"].startswith("Noto Sans SC") for f in fonts), fonts
        assert sum(f["glyphCount"] for f in fonts) == len(name)
        page.screenshot(path=str(ROOT / "tests" / "e2e" / "artifacts" / "fonts_map_tooltip.png"))
    finally:
        s.close()
