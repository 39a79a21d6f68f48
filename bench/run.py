"""Benchmarks of what readers feel: load, click, bytes, server CPU and memory, rerun time.

Run: ``python bench/run.py [--runs 5] [--sessions 30] [--lang zh]`` (needs Chromium at
/usr/bin/chromium). Prints the figures and writes ``bench/results.json`` (``results_<lang>.json``
for another language than English). Each browser figure is the median of
``--runs`` fresh contexts, taken side by side with its reference so the ratio holds on a noisy
machine. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time

from common import (
    MAP_DRAWN,
    OLD_FRAME,
    ROOT,
    App,
    ByteCounter,
    frame_offset,
    launch,
    map_frame,
    median,
    wait_idle,
    write_results,
)

# Located ports with a published freight series: each click ends with that port's chart.
CLICK_PORTS = [
    "ceke",
    "erenhot_rail",
    "manzhouli_rail",
    "suifenhe_rail",
    "arxan",
    "erenhot_road",
    "manzhouli_road",
    "ceke",
]


BARE_SHOWN = "() => [...document.querySelectorAll('h1')].some(h => h.textContent.includes('Bare'))"


def first_frame_probe(condition: str) -> str:
    """A script, run in the page before its own, that notes the time (ms since the navigation
    began, ``performance.now()``) of the first animation frame in which ``condition`` holds:
    the frame that paints it. Read in the page, the time leaves out what a wait in Playwright
    adds: its answer waits for the page's next task to end, and after the map the page renders
    the rest of its content (up to 0.19 s on this machine, for the map and not the bare page).
    """
    return f"""(() => {{
        const shown = {condition};
        const tick = () => {{
            let ok = false;
            try {{ ok = Boolean(shown()); }} catch (e) {{}}
            if (ok) {{ window.__shownAt = performance.now(); }}
            else {{ requestAnimationFrame(tick); }}
        }};
        requestAnimationFrame(tick);
    }})();"""


def _shown_s(page, t0: float) -> float:
    """Seconds from the navigation to the first frame showing it (the wall clock for a page
    whose map is in an iframe, as before 2026-12-01, which the probe cannot see)."""
    at = page.evaluate("window.__shownAt ?? null")
    return at / 1000 if at is not None else time.perf_counter() - t0


def visible_bare(browser, url: str) -> float:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.add_init_script(first_frame_probe(BARE_SHOWN))
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    # polled on every animation frame, as the map's readiness is (a fair comparison)
    page.wait_for_function(BARE_SHOWN, polling="raf", timeout=60_000)
    dt = _shown_s(page, t0)
    ctx.close()
    return dt


def visible_map(browser, url: str) -> float:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.add_init_script(first_frame_probe(MAP_DRAWN))
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    map_frame(page)
    dt = _shown_s(page, t0)
    ctx.close()
    return dt


def locate_port(page, port_id: str) -> tuple[float, float, str]:
    """Page coordinates of a port's marker and its name (found before the clock starts)."""
    frame = map_frame(page)
    page.locator(f".corridor-map, {OLD_FRAME}").first.scroll_into_view_if_needed()
    box = frame.evaluate(
        """(pid) => { let r = null; window.map.eachLayer(l => {
        if (l.feature && l.feature.properties.port_id === pid && l._path) {
            l.bringToFront(); const b = l._path.getBoundingClientRect();
            r = {x: b.x + b.width / 2, y: b.y + b.height / 2,
                 name: l.feature.properties.name_en}; } });
        return r; }""",
        port_id,
    )
    dx, dy = frame_offset(page, frame)
    return dx + box["x"], dy + box["y"], box["name"]


CHART_TITLE = "{port}: {metric} by year"


def chart_title(port_id: str, lang: str) -> str:
    """The card chart's title for a port, in the reader's language (what a click waits for):
    the port named as the card names it."""
    sys.path.insert(0, str(ROOT))
    from corridor import i18n
    from corridor.catalog import load_catalog
    from corridor.places import port_name
    from corridor.vocabulary import METRIC_IN_TEXT

    ports = load_catalog().layers["ports"]
    row = ports[ports["port_id"] == port_id].iloc[0].to_dict()
    try:
        i18n.use(lang)
        name = port_name(row)
        return i18n._(CHART_TITLE).format(port=name, metric=METRIC_IN_TEXT["freight"])
    finally:
        i18n.use("en")


LANG = "en"


# The chart whose title names the port (the title may be wrapped and end with the years).
CHART_SHOWN = (
    "(t) => [...document.querySelectorAll('.gtitle')].some(e => "
    "e.textContent.replace(/\\s/g, '').startsWith(t.replace(/\\s/g, '')))"
)
# Notes the time of the next pointer press, then of the first frame showing the chart.
CLICK_PROBE = f"""(t) => {{
    window.__clickAt = null; window.__chartAt = null;
    const shown = {CHART_SHOWN};
    document.addEventListener("pointerdown", () => {{
        window.__clickAt = performance.now();
        const tick = () => {{
            if (shown(t)) {{ window.__chartAt = performance.now(); }}
            else {{ requestAnimationFrame(tick); }}
        }};
        requestAnimationFrame(tick);
    }}, {{once: true, capture: true}});
}}"""


def clicks(browser, url: str, runs: int, counter: ByteCounter | None = None) -> list[float]:
    """Seconds from each port click to its chart, or bytes per click when ``counter`` is set."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.goto(url)
    map_frame(page)
    wait_idle(page)
    page.wait_for_timeout(1000)  # the component attaches its click handlers after loading
    out = []
    for pid in CLICK_PORTS[: max(runs, 5)]:
        x, y, name = locate_port(page, pid)
        before = counter.to_browser if counter else 0
        title = chart_title(pid, LANG)
        page.evaluate(CLICK_PROBE, title)  # timed in the page, as the load is (first_frame_probe)
        page.mouse.click(x, y)  # from the reader's click ...
        # ... to the first frame with the chart whose title names the clicked port
        page.wait_for_function(CHART_SHOWN, arg=title, polling="raf", timeout=30_000)
        elapsed = page.evaluate("(window.__chartAt - window.__clickAt) / 1000")
        wait_idle(page)
        page.wait_for_timeout(300)
        out.append(counter.to_browser - before if counter else elapsed)
    ctx.close()
    return out


def click_to_chart(browser, url: str, counter: ByteCounter, runs: int) -> dict:
    """Median click-to-chart time (direct to the app) and bytes per click (through the proxy).

    Timed without the byte-counting proxy: it runs in this process and would add its own delay.
    The first pass is each port's first click since the server started (its chart is built);
    the second clicks the same ports in a new session (the chart is shared, built once).
    """
    first = clicks(browser, url, runs)
    again = clicks(browser, url, runs)
    proxied = counter.url if LANG == "en" else f"{counter.url}/?lang={LANG}"
    sizes = clicks(browser, proxied, runs, counter)
    return {
        "click_to_chart_s": median(again),
        "click_to_chart_first_time_s": median(first),
        "bytes_per_click": int(median(sizes)),
        "click_times_s": [round(t, 3) for t in again],
        "click_times_first_time_s": [round(t, 3) for t in first],
        "first_click_note": "the first click of a session also loads Plotly's JavaScript",
    }


def first_load_bytes(browser, counter: ByteCounter, runs: int, bare: bool = False) -> int:
    """Bytes sent to a fresh browser until the page is complete (scripts, styles, data)."""
    out = []
    for _ in range(runs):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        before, ws_before = counter.to_browser, counter.ws_to_browser
        page.goto(counter.url)
        if bare:
            page.get_by_role("heading", name="Bare page").wait_for(timeout=60_000)
        else:
            map_frame(page)
        wait_idle(page)
        page.wait_for_timeout(500)
        out.append((counter.to_browser - before, counter.ws_to_browser - ws_before))
        ctx.close()
    return {"all": int(median([o[0] for o in out])), "websocket": int(median([o[1] for o in out]))}


def cpu_per_view(browser, app: App, runs: int, bare: bool = False, url: str | None = None) -> float:
    """Server CPU seconds (user + system) of ``app`` per fresh page view, median of ``runs``.

    ``url``: where the browser asks for the page (default: the app itself; a proxy in front).
    """
    views = []
    for _ in range(runs):
        ctx = browser.new_context()
        page = ctx.new_page()
        c0 = app.cpu_seconds()
        page.goto(url or app.url)
        if bare:
            page.get_by_role("heading", name="Bare page").wait_for(timeout=60_000)
        else:
            map_frame(page)
        wait_idle(page)
        page.wait_for_timeout(300)
        views.append(app.cpu_seconds() - c0)
        ctx.close()
    return median(views)


def memory(browser, app: App, sessions: int) -> dict:
    idle = app.rss_mb()
    contexts, errors = [], 0
    for i in range(sessions):
        ctx = browser.new_context()
        page = ctx.new_page()
        try:
            page.goto(app.url)
            map_frame(page)
        except Exception:  # noqa: BLE001 - counted and reported
            errors += 1
        contexts.append(ctx)
        if i == 0:
            one = app.rss_mb()
    time.sleep(2)
    many = app.rss_mb()
    for ctx in contexts:
        ctx.close()
    return {
        "rss_idle_mb": round(idle, 1),
        "rss_1_session_mb": round(one, 1),
        f"rss_{sessions}_sessions_mb": round(many, 1),
        "mb_per_extra_session": round((many - one) / max(sessions - 1, 1), 2),
        "session_errors": errors,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--lang", default="en", choices=["en", "zh", "ru", "mn"])
    args = ap.parse_args()
    global LANG
    LANG = args.lang
    from playwright.sync_api import sync_playwright
    from rerun import rerun_times

    app, bare = App(ROOT / "serve.py"), App(ROOT / "bench" / "bare_serve.py")
    counter, bare_counter = ByteCounter(app.port), ByteCounter(bare.port)
    results = {"machine": f"{platform.machine()}, {platform.python_version()}", "runs": args.runs}
    try:
        with sync_playwright() as pw:
            browser = launch(pw)
            url = app.url if LANG == "en" else f"{app.url}/?lang={LANG}"
            results["lang"] = LANG
            visible_map(browser, url)  # the first page after a start is slow: warm up
            visible_bare(browser, bare.url)
            m, b = [], []
            for _ in range(args.runs):  # side by side, so noise hits both
                b.append(visible_bare(browser, bare.url))
                m.append(visible_map(browser, url))
            results.update(
                {
                    "bare_visible_s": median(b),
                    "map_visible_s": median(m),
                    "map_vs_bare_ratio": round(median(m) / median(b), 2),
                }
            )
            first = first_load_bytes(browser, counter, args.runs)
            bare_first = first_load_bytes(browser, bare_counter, args.runs, bare=True)
            results.update(
                {
                    "first_load_bytes_all": first["all"],
                    "bare_first_load_bytes_all": bare_first["all"],
                    # the page's own data (map, tables, figures) over Streamlit's websocket:
                    "first_map_payload_bytes": first["websocket"],
                }
            )
            results.update(click_to_chart(browser, url, counter, args.runs))
            results["server_cpu_s_per_view"] = cpu_per_view(browser, app, args.runs)
            # the same for the bare page: what Streamlit itself costs per view here
            results["bare_server_cpu_s_per_view"] = cpu_per_view(browser, bare, args.runs, True)
            results.update(memory(browser, app, args.sessions))
            browser.close()
    finally:
        app.stop()
        bare.stop()
    results["rerun"] = rerun_times(args.runs)
    write_results("results" if LANG == "en" else f"results_{LANG}", results)


if __name__ == "__main__":
    main()
