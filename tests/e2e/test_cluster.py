"""Two replicas behind real nginx (deploy/cluster.py): the hosting headers, the app under its
Content-Security-Policy, an embedded view in a cross-origin iframe, and failover: readers of a
killed replica come back on the same view on the survivor, readers of the other notice nothing.

Without nginx (or Chromium) these tests skip with a message; under CI (CI=true) they fail.
"""

from __future__ import annotations

import gzip
import http.client
import re
import threading
import time
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deploy.cluster import Cluster
from tests.conftest import need_nginx
from tests.e2e.conftest import ARTIFACTS, IDLE_JS, _need_browser

pytestmark = pytest.mark.e2e

# Collects CSP violations in every frame of a page (the event carries what was blocked).
CSP_PROBE = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
IDLE = IDLE_JS  # the script has finished: conftest.Session.wait_idle


@pytest.fixture(scope="module")
def cluster():
    need_nginx()
    _need_browser()
    with Cluster(replicas=2) as c:
        yield c


def websockets_on(port: int) -> set[str]:
    """Established connections into a replica's port (by their far end): one per open
    websocket, as nginx opens no other lasting connection to a replica."""
    out = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            cols = line.split()
            if int(cols[1].rsplit(":", 1)[1], 16) == port and cols[3] == "01":
                out.add(cols[2])
    return out


def fetch(url: str, method: str = "GET", body: bytes | None = None, **headers):
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


# ---------------------------------------------------------------- hosting headers


def test_nginx_sends_the_hosting_headers(cluster):
    status, h, body = fetch(cluster.url + "/?port=ceke")
    assert status == 200 and b"<html" in body
    csp = h["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors *" in csp  # embeddable anywhere
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert h["X-Frame-Options"] is None  # it would forbid the embeds
    assert "nginx/" not in (h["Server"] or "")  # no version
    assert re.search(r"corridor_replica=[0-9a-f]{32}; Path=/; HttpOnly", h["Set-Cookie"])

    # Streamlit's hashed bundle: served by nginx gzipped, cached for a year, same headers
    script = re.search(rb'src="\./(static/js/index\.[\w-]+\.js)"', body).group(1).decode()
    status, h, js = fetch(f"{cluster.url}/{script}", **{"Accept-Encoding": "gzip"})
    assert status == 200 and h["Content-Encoding"] == "gzip"
    assert len(gzip.decompress(js)) > len(js)
    assert "max-age=31536000" in h["Cache-Control"] and "immutable" in h["Cache-Control"]
    assert h["Content-Security-Policy"] == csp and h["X-Content-Type-Options"] == "nosniff"

    # the app's own files (Leaflet): gzipped, revalidated hourly (not hashed)
    leaflet = next((Path(__file__).parents[2] / "static" / "vendor").rglob("leaflet.js"))
    rel = leaflet.relative_to(Path(__file__).parents[2] / "static").as_posix()
    status, h, _ = fetch(f"{cluster.url}/app/static/{rel}", **{"Accept-Encoding": "gzip"})
    assert status == 200 and h["Content-Encoding"] == "gzip"
    assert "max-age=3600" in h["Cache-Control"] and h["Referrer-Policy"]


def test_nginx_limits_request_size_and_new_sessions_per_address(cluster):
    status, _, _ = fetch(cluster.url + "/", "POST", b"x" * (2 * 1024 * 1024))
    assert status == 413

    def stream_status(source: str) -> int:
        conn = http.client.HTTPConnection(
            "127.0.0.1", cluster.port, timeout=10, source_address=(source, 0)
        )
        conn.request("GET", "/_stcore/stream")
        status = conn.getresponse().status
        conn.close()
        return status

    # a client at another loopback address opens sessions as fast as it can: after the burst
    # it is refused with 429, while this address (the browser tests' readers) is not
    statuses = [stream_status("127.0.0.2") for _ in range(60)]
    assert 429 in statuses and statuses[0] != 429
    assert stream_status("127.0.0.1") != 429


# ---------------------------------------------------------------- readers


class Reader:
    """One browser context reading one view through nginx, with what it has seen."""

    def __init__(self, browser, base: str, path: str, checks):
        self.path, self.checks = path, checks
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(45_000)
        self.context.add_init_script(CSP_PROBE)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.sockets: list = []
        self.closed: list[float] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("websocket", self._socket)
        self.page.goto(base + path, wait_until="domcontentloaded")
        self.page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
        self.wait_idle()
        self.check()

    def _socket(self, ws) -> None:
        ws.frames = 0

        def received(_payload, ws=ws):
            ws.frames += 1

        ws.on("framereceived", received)
        ws.on("close", lambda _ws: self.closed.append(time.monotonic()))
        self.sockets.append(ws)

    def wait_idle(self) -> None:
        self.page.wait_for_function(IDLE, timeout=60_000)
        self.page.wait_for_timeout(300)

    def check(self, timeout: float = 30_000) -> None:
        """The view is the one its link names (page, filters, selected port)."""
        assert self.page.url.endswith(self.path)
        for check in self.checks:
            check(self.page, timeout)

    def violations(self) -> list[str]:
        return [v for f in self.page.frames for v in f.evaluate("window.__csp || []")]

    def close(self) -> None:
        self.context.close()


def heading(name):
    return lambda page, t: expect(page.get_by_role("heading", name=name).first).to_be_visible(
        timeout=t
    )


def button(name):
    return lambda page, t: expect(page.get_by_role("button", name=name)).to_be_visible(timeout=t)


def chart_title(text):
    return lambda page, t: expect(page.locator(".gtitle", has_text=text).first).to_be_visible(
        timeout=t
    )


def map_drawn(page, t):
    expect(page.locator(".leaflet-container").first).to_be_visible(timeout=t)


VIEWS = [
    (
        "/ports?partner=MNG&port=erenhot_rail",
        [heading("Ports"), button("Partner country: Mongolia"), chart_title("Erenhot")],
    ),
    ("/?mode=road&port=ceke", [heading("Ceke road port"), button("Mode: Road"), map_drawn]),
    ("/flows?years=2010-2015", [heading("Trade and passenger flows"), button("Years: 2010–2015")]),
    (
        "/borders?partner=RUS",
        [heading("Borders and their lengths"), button("Partner country: Russia")],
    ),
]


def test_the_app_runs_under_its_csp_without_violations(browser, cluster):
    """The map (its element loaded from a blob, folium's script run), a Plotly chart and the
    page itself, through nginx with its Content-Security-Policy: nothing is blocked."""
    reader = Reader(browser, cluster.url, *VIEWS[1])
    try:
        reader.page.goto(cluster.url + VIEWS[0][0])
        reader.wait_idle()
        chart_title("Erenhot")(reader.page, 30_000)
        assert reader.violations() == [] and reader.errors == []
    finally:
        reader.close()


# ---------------------------------------------------------------- failover


def test_readers_of_a_killed_replica_get_their_view_back_on_the_survivor(browser, cluster):
    """Open readers until both replicas have some, kill one replica (SIGKILL), and watch: each
    of its readers reconnects by itself (no reload: a mark left in the page survives) and shows
    the same page, filters and selected port, served by the survivor; the survivor's readers
    keep their websocket and never show Streamlit's connection status.

    Which replica a reader is on is read from the replicas' own connections (one lasting
    connection per websocket), so nothing in the responses has to name a replica."""
    readers: list[tuple[Reader, int]] = []
    ports = [n.port for n in cluster.nodes]
    try:
        for i in range(12):
            before = [websockets_on(p) for p in ports]
            reader = Reader(browser, cluster.url, *VIEWS[i % len(VIEWS)])
            after = [websockets_on(p) for p in ports]
            moved = [len(a - b) for a, b in zip(after, before)]
            # the reader's websocket on one replica only (a reconnect while the page loads may
            # open a second one there, seen on a fresh clone's first run)
            assert sorted(m > 0 for m in moved) == [False, True], moved
            readers.append((reader, next(k for k, m in enumerate(moved) if m)))
            on = [sum(1 for _, r in readers if r == k) for k in (0, 1)]
            if len(readers) >= 4 and min(on) >= 1:
                break
        assert min(on) >= 1, f"nginx put every reader on one replica: {on}"
        for reader, _ in readers:
            reader.page.evaluate("window.__noReload = true")
        victim, survivor = cluster.nodes[0], cluster.nodes[1]
        orphans = [r for r, k in readers if k == 0]
        others = [r for r, k in readers if k == 1]
        sockets_before = {id(r): len(r.sockets) for r in orphans + others}
        shown_status = set()

        killed = time.monotonic()
        victim.kill()
        recovered: dict[int, float] = {}
        while len(recovered) < len(orphans) and time.monotonic() - killed < 30:
            readers[0][0].page.wait_for_timeout(200)
            for r in others:
                if r.page.locator('[data-testid="stConnectionStatus"]').count():
                    shown_status.add(r.path)
            for r in orphans:
                if id(r) in recovered or len(r.sockets) <= sockets_before[id(r)]:
                    continue
                new = r.sockets[-1]
                if new.is_closed() or new.frames < 5 or not r.page.evaluate(IDLE):
                    continue
                try:
                    r.check(timeout=100)
                except AssertionError:
                    continue
                recovered[id(r)] = time.monotonic() - killed
        times = sorted(round(t, 2) for t in recovered.values())
        print(f"failover: {len(orphans)} reader(s) back on their view after {times} s")
        assert len(recovered) == len(orphans), "a reader of the killed replica did not recover"
        assert max(times) < 15
        assert len(websockets_on(survivor.port)) >= len(readers)  # every reader on the survivor
        for r in orphans:
            assert r.page.evaluate("window.__noReload === true")  # reconnected, not reloaded
            r.check()
        for r in others:
            assert r.closed == [] and len(r.sockets) == sockets_before[id(r)], r.path
            assert r.page.evaluate("window.__noReload === true")
            r.check()
        assert shown_status == set(), f"readers of the survivor saw a reconnect: {shown_status}"
        for r, _ in readers:
            assert r.errors == [] and r.violations() == [], (r.path, r.errors)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        orphans[0].page.screenshot(path=str(ARTIFACTS / "failover_recovered.png"))
    finally:
        for r, _ in readers:
            r.close()


# ---------------------------------------------------------------- embedding


@pytest.fixture
def other_origin(tmp_path):
    """A page on another origin (another port) that embeds views in iframes."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_embedded_view_works_in_a_cross_origin_iframe(browser, cluster, other_origin):
    """The Share control's embed code, pasted into a page of another origin: the view shows
    its content only (no sidebar, no Streamlit header), under the CSP, with a link back to the
    same view in the full dashboard."""
    folder, origin = other_origin
    reader = Reader(browser, cluster.url, *VIEWS[0])
    try:
        page = reader.page
        page.get_by_role("button", name="Share").click()
        code = page.get_by_text("<iframe", exact=False).first.inner_text()
        assert 'src="' + cluster.url + "/ports?" in code and "embed=true" in code
        assert "partner=MNG" in code and "port=erenhot_rail" in code
        (folder / "embed.html").write_text(
            f"<!doctype html><title>A newsroom page</title><h1>Our story</h1>{code}"
        )
        page.goto(f"{origin}/embed.html")
        frame = page.frame_locator("iframe")
        expect(frame.locator(".gtitle", has_text="Erenhot").first).to_be_visible(timeout=60_000)
        expect(frame.get_by_role("heading", name="Ports")).to_be_visible()
        assert frame.locator('[data-testid="stSidebar"]').count() == 0
        assert (
            frame.locator('[data-testid="stHeader"]').count() == 0
            or not frame.locator('[data-testid="stToolbar"]').is_visible()
        )
        back = frame.get_by_role("link", name=re.compile("full Northern Corridor dashboard"))
        href = back.get_attribute("href")
        assert href.startswith(cluster.url + "/ports?") and "embed" not in href
        assert "partner=MNG" in href and "port=erenhot_rail" in href
        inner = next(f for f in page.frames if f.url.startswith(cluster.url))
        assert "embed=true" in inner.url
        assert reader.violations() == [] and reader.errors == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "embedded_cross_origin.png"), full_page=True)
    finally:
        reader.close()
