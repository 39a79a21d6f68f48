"""The port card's chart and its exports: no text over other text, and the words a reuser needs.

On the Map page with a port chosen (five lines in its chart: a legend of five entries, some on
two lines), at a phone's width (390 px) and a desktop's (1400 px, the chart under the map,
the card beside it): the chart as drawn, its SVG download and its PNG download (Plotly's modebar).
Every text element's box (title, legend entries, axis titles, tick labels, source note,
licence and link) is measured in the browser; no two may overlap, none may leave the chart.
Screenshots and both downloads are saved in tests/e2e/artifacts/.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, Session
from tests.e2e.test_map_reading import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

PORT = "erenhot_rail"
CHART = ".st-key-chart_card_freight"

# Every non-empty text of the SVG under ``root``: its kind (tick labels are one kind: Plotly
# turns them when crowded, and their boxes are theirs to space) and its box on the screen.
TEXT_BOXES_JS = """(root) => [...root.querySelectorAll('svg text')]
    .filter(t => t.textContent.trim())
    .map(t => { const b = t.getBoundingClientRect();
        const kind = t.closest('g.xtick, g.ytick') ? 'tick' : (t.getAttribute('class') || 'text');
        return {kind, text: t.textContent.slice(0, 50), x1: b.left, y1: b.top, x2: b.right,
                y2: b.bottom}; })"""


def overlapping(boxes: list[dict], slack: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap (tick labels among themselves left out)."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a["kind"] == b["kind"] == "tick":
                continue
            if (
                a["x1"] < b["x2"] - slack
                and b["x1"] < a["x2"] - slack
                and a["y1"] < b["y2"] - slack
                and b["y1"] < a["y2"] - slack
            ):
                out.append((f"{a['kind']}: {a['text']}", f"{b['kind']}: {b['text']}"))
    return out


def outside(boxes: list[dict], box: dict, slack: float = 1.0) -> list[str]:
    """Texts that reach out of the chart's own box (cut off in the page and in exports)."""
    return [
        f"{b['kind']}: {b['text']}"
        for b in boxes
        if b["x1"] < box["x"] - slack
        or b["x2"] > box["x"] + box["width"] + slack
        or b["y1"] < box["y"] - slack
        or b["y2"] > box["y"] + box["height"] + slack
    ]


def test_the_overlap_check_can_fail():
    boxes = [
        {"kind": "legendtext", "text": "a", "x1": 0, "y1": 0, "x2": 100, "y2": 16},
        {"kind": "annotation-text", "text": "b", "x1": 50, "y1": 10, "x2": 150, "y2": 40},
        {"kind": "tick", "text": "2019", "x1": 0, "y1": 50, "x2": 20, "y2": 60},
        {"kind": "tick", "text": "2020", "x1": 10, "y1": 50, "x2": 30, "y2": 60},
    ]
    assert overlapping(boxes) == [("legendtext: a", "annotation-text: b")]
    assert outside(boxes, {"x": 0, "y": 0, "width": 120, "height": 100}) == ["annotation-text: b"]


@pytest.fixture(params=[("desktop", DESKTOP), ("phone", PHONE)], ids=["1400px", "390px"])
def sized(request, browser, server):
    name, args = request.param
    s = Session(browser, server, **args)
    yield name, s
    s.close()


def chart_boxes(page, selector: str) -> tuple[list[dict], dict]:
    root = page.locator(selector).first
    return root.evaluate(TEXT_BOXES_JS), root.bounding_box()


def test_card_chart_and_its_exports_have_no_overlapping_text(sized):
    name, s = sized
    page = s.open(f"/?port={PORT}")
    chart = page.locator(f"{CHART} .js-plotly-plot")
    chart.wait_for(state="visible", timeout=60_000)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # fonts and Plotly's last layout pass
    s.wait_idle()
    chart.screenshot(path=str(ARTIFACTS / f"card_chart_{name}.png"))

    # 1. the chart as drawn in the page
    boxes, box = chart_boxes(page, f"{CHART} .js-plotly-plot")
    kinds = {b["kind"] for b in boxes}
    assert {"gtitle", "legendtext", "annotation-text", "xtitle", "ytitle"} <= kinds, kinds
    assert len([b for b in boxes if b["kind"] == "legendtext"]) >= 5
    assert overlapping(boxes) == []
    assert outside(boxes, box) == []

    # 2. its SVG download (the button under it), measured in the same page and fonts
    with page.expect_download() as info:
        page.locator(f"{CHART} button.corridor-svg").click()
    svg_path = ARTIFACTS / f"card_chart_{name}.svg"
    info.value.save_as(svg_path)
    svg = svg_path.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    for words in ("freight by year", "Source:", "CC BY 4.0", f"port={PORT}"):
        assert words in svg.replace("</tspan>", " ") or words in _plain(svg), words
    page.evaluate(
        """(svg) => { const d = document.createElement('div'); d.id = 'exported_svg';
        d.style.cssText = 'position:absolute;left:0;top:0;background:#fff;z-index:99999';
        d.innerHTML = svg; document.body.appendChild(d); }""",
        svg,
    )
    exported, ebox = chart_boxes(page, "#exported_svg")
    assert len(exported) >= len(boxes) - 2  # the same texts (the modebar is not exported)
    assert overlapping(exported) == []
    assert outside(exported, ebox) == []
    # (the page's fixed header would cover the image's top in the screenshot)
    page.evaluate("() => document.querySelector('header').style.visibility = 'hidden'")
    page.locator("#exported_svg").screenshot(path=str(ARTIFACTS / f"card_chart_{name}_svg.png"))
    page.evaluate("""() => { document.getElementById('exported_svg').remove();
        document.querySelector('header').style.visibility = ''; }""")

    # 3. its PNG download (Plotly's modebar camera), kept as an artifact to look at; the
    # SVG button's click scrolled the chart's top (and its modebar) under the page's header
    chart.evaluate("e => e.scrollIntoView({block: 'center'})")
    chart.hover()
    button = page.locator(f"{CHART} .modebar-btn[data-title*='png' i]")
    with page.expect_download() as info:
        button.click(force=True)
    png_path = ARTIFACTS / f"card_chart_{name}_download.png"
    info.value.save_as(png_path)
    assert png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _plain(svg: str) -> str:
    """The SVG's text as one string (lines of a text are tspans)."""
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", svg).split())


@pytest.mark.parametrize("path", ["/borders", "/sources", "/ports?port=suifenhe_road&lang=ru"])
def test_charts_with_wide_labels_keep_every_text_inside_on_a_phone(browser, server, path):
    """The Borders chart's row labels (and the coverage matrix's) widen the plot's left
    margin; the source note and credit, placed from the plot, ran off the chart's right
    edge on a phone. So could a value axis of millions ("1 000 000")."""
    s = Session(browser, server, **PHONE)
    try:
        page = s.open(path)
        s.wait_idle()
        charts = page.locator(".js-plotly-plot")
        checked = 0
        for i in range(charts.count()):
            chart = charts.nth(i)
            if not chart.is_visible():
                continue  # a chart in a closed tab or expander
            chart.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            boxes, box = chart.evaluate(TEXT_BOXES_JS), chart.bounding_box()
            assert outside(boxes, box) == [], (path, i)
            assert overlapping(boxes) == [], (path, i)
            checked += 1
        assert checked >= 1
        assert s.errors == []
    finally:
        s.close()
