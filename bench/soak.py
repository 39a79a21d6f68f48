"""Soak: many readers at once on loopback, clicking ports and changing filters.

Run: ``python bench/soak.py [--sessions 30] [--seconds 120]``. Starts the app on a free loopback
port, opens ``--sessions`` browser contexts in one headless Chromium and keeps each busy
(a filtered link, then port clicks on the map) until the time is up. Prints and writes
``bench/soak_results.json``: actions done, errors, server memory over time. Bounded in count
and time; it stops by itself. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time

from common import ARGS, CHROMIUM, MAP_DRAWN, ROOT, App, write_results

LINKS = [
    "/",
    "/?partner=MNG",
    "/?partner=RUS",
    "/?mode=rail",
    "/?mode=road&partner=MNG",
    "/?years=2015-2019",
    "/ports?port=erenhot_rail",
    "/flows?partner=RUS",
]
PORTS = ["ceke", "erenhot_rail", "manzhouli_rail", "suifenhe_rail", "arxan", "heihe"]
FIND = """(pid) => { let r = null; if (!window.map) return null; window.map.eachLayer(l => {
    if (l.feature && l.feature.properties.port_id === pid && l._path) {
        const b = l._path.getBoundingClientRect();
        r = {x: b.x + b.width / 2, y: b.y + b.height / 2}; } }); return r; }"""


async def reader(browser, url: str, until: float, stats: dict, seed: int) -> None:
    """One reader: open links and click ports until the time is up."""
    rnd = random.Random(seed)
    ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
    # 30 readers and the server share 2 cores here: a slow answer is not an error, a failed one is
    ctx.set_default_timeout(120_000)
    ctx.set_default_navigation_timeout(120_000)
    page = await ctx.new_page()
    page.on("pageerror", lambda e: stats["page_errors"].append(str(e)[:200]))
    await asyncio.sleep(seed * 0.7)  # readers arrive over the first ~20 s, not all at once
    while time.time() < until:
        try:
            link = rnd.choice(LINKS)
            await page.goto(url + link, wait_until="domcontentloaded")
            await page.wait_for_selector('[data-testid="stApp"]', timeout=90_000)
            await page.get_by_role("heading").first.wait_for(timeout=90_000)
            if await page.locator('[data-testid="stException"]').count():
                stats["exceptions"] += 1
            if not (link == "/" or link.startswith("/?")):
                stats["actions"] += 1
                await page.wait_for_timeout(1500)
                continue
            await page.wait_for_function(MAP_DRAWN, timeout=90_000)
            box = await page.evaluate(FIND, rnd.choice(PORTS))
            if box:
                await page.mouse.click(box["x"], box["y"])
                await page.wait_for_timeout(3000)
            stats["actions"] += 1
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
            if time.time() < until:
                stats["errors"].append(type(exc).__name__ + ": " + str(exc)[:120])
    await ctx.close()


async def soak(sessions: int, seconds: int, app: App) -> dict:
    from playwright.async_api import async_playwright

    stats = {"actions": 0, "exceptions": 0, "errors": [], "page_errors": []}
    rss = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        until = time.time() + seconds
        tasks = [
            asyncio.create_task(reader(browser, app.url, until, stats, i)) for i in range(sessions)
        ]
        while time.time() < until:
            rss.append(round(app.rss_mb(), 1))
            await asyncio.sleep(5)
        await asyncio.wait(tasks, timeout=120)
        await browser.close()
    return {
        "sessions": sessions,
        "seconds": seconds,
        "actions": stats["actions"],
        "errors": len(stats["errors"]),
        "streamlit_exceptions": stats["exceptions"],
        "page_errors": len(stats["page_errors"]),
        "error_samples": stats["errors"][:5],
        "rss_start_mb": rss[0],
        "rss_max_mb": max(rss),
        "rss_end_mb": rss[-1],
        "rss_samples_mb": rss,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--seconds", type=int, default=120)
    args = ap.parse_args()
    app = App(ROOT / "serve.py")
    try:
        out = asyncio.run(soak(args.sessions, args.seconds, app))
    finally:
        app.stop()
    write_results("soak_results", out)


if __name__ == "__main__":
    main()
