"""Shared pieces of the benchmarks: start a Streamlit app, count its bytes, drive Chromium."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """``streamlit run SCRIPT`` on a free loopback port, with the project's config."""

    def __init__(self, script: Path, cwd: Path = ROOT):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{script} did not start")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        """Resident memory of the server process, in MB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


class ByteCounter:
    """A loopback TCP proxy in front of the app that counts bytes sent to the browser."""

    def __init__(self, target_port: int):
        self.target = target_port
        self.port = free_port()
        self.to_browser = 0
        self.ws_to_browser = 0  # Streamlit's websocket: the page's data, map and charts
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        self.ready.wait(10)
        self.url = f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self._client, "127.0.0.1", self.port)
        )
        self.ready.set()
        self.loop.run_until_complete(server.serve_forever())

    async def _pipe(self, reader, writer, count: bool, ws: bool = False) -> None:
        try:
            while data := await reader.read(65536):
                if count:
                    self.to_browser += len(data)
                    if ws:
                        self.ws_to_browser += len(data)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _client(self, reader, writer) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        first = await reader.read(65536)
        ws = b"/_stcore/stream" in first.split(b"\r\n", 1)[0]
        up_writer.write(first)
        await asyncio.gather(
            self._pipe(reader, up_writer, False), self._pipe(up_reader, writer, True, ws)
        )


def write_results(name: str, results: dict) -> None:
    """Print a benchmark's figures and keep them in ``bench/<name>.json``."""
    text = json.dumps(results, indent=2)
    print(text)
    (ROOT / "bench" / f"{name}.json").write_text(text + "\n")


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def launch(pw):
    """Debian's Chromium (no downloaded browser)."""
    return pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)


MAP_DRAWN = "() => window.map && document.querySelector('.corridor-map path.leaflet-interactive')"
OLD_FRAME = "iframe[src*='streamlit_folium.st_folium']"


def map_frame(page):
    """The frame the map is drawn in, once drawn (polled on every animation frame).

    The map is drawn in the page itself (corridor/map_component.js); before 2026-12-01 it
    was in streamlit-folium's iframe, still handled so ``compare.py`` can measure old commits.
    """
    # One wait, checked in every animation frame: the frame in which the map's shapes first
    # exist is the frame that paints them. (A second wait, started after the first returned,
    # measured whatever the page ran next as well: the rest of the page's render, up to
    # 0.19 s more, while the map was already on screen.)
    page.wait_for_function(
        f'() => ({MAP_DRAWN})() || document.querySelector("{OLD_FRAME}")',
        polling="raf",
        timeout=60_000,
    )
    if page.query_selector(".corridor-map"):
        return page
    frame = None
    for _ in range(3000):  # the iframe element appears before its document does
        frame = next((f for f in page.frames if "st_folium" in f.url), None)
        if frame:
            break
        page.wait_for_timeout(10)
    frame.wait_for_function(
        "() => window.map && document.querySelector('path.leaflet-interactive')", timeout=60_000
    )
    return frame


def frame_offset(page, frame) -> tuple[float, float]:
    """Where a map frame's (0, 0) is on the page: the page's own, or the old iframe's."""
    if frame is page:
        return 0.0, 0.0
    box = page.locator(OLD_FRAME).first.bounding_box()
    return box["x"], box["y"]


def wait_idle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000
    )
