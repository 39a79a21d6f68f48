"""Take the README's screenshots of the Map page, one per language, in headless Chromium.

    python scripts/screenshots.py            # writes docs/screenshot_map_<lang>.png

Starts the app as deployed (``streamlit run serve.py``) on a free loopback port, opens the Map
page at 1400×900 in each language with every request off the app's origin blocked, waits for
the map, and saves the first screen. Needs Debian's Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "zh", "ru", "mn")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
ARGS += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    """Serve the app, take one screenshot per language, stop the app."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    app = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py")]
        + ["--server.port", str(port), "--server.address", "127.0.0.1"]
        + ["--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(180):
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for lang in LANGS:
                ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                ctx.route(
                    "**/*",
                    lambda r: r.continue_() if r.request.url.startswith(base) else r.abort(),
                )
                page = ctx.new_page()
                page.goto(f"{base}/?lang={lang}", wait_until="domcontentloaded")
                page.wait_for_function("() => window.map && window.map._loaded", timeout=90_000)
                page.wait_for_function(
                    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                    timeout=90_000,
                )
                page.wait_for_timeout(2500)  # labels, fonts and the figures settle
                out = ROOT / "docs" / f"screenshot_map_{lang}.png"
                page.screenshot(path=str(out))
                print(out.relative_to(ROOT))
                ctx.close()
            browser.close()
    finally:
        app.terminate()
        app.wait(timeout=20)


if __name__ == "__main__":
    main()
