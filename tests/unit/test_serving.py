"""The static-file middleware of ``serve.py``: what it answers, what it leaves to Streamlit."""

from __future__ import annotations

import asyncio
import gzip
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from corridor.paths import ROOT
from corridor.serving import (
    IMMUTABLE,
    PrecompressedStatic,
    StaticMount,
    UnknownPathRedirect,
    accepts_gzip,
    corridor_mounts,
    page_for,
)

JS = b"function f(){return 1}\n" * 400


class Downstream:
    """Stands in for Streamlit: records the paths it was asked for and answers 418."""

    def __init__(self):
        self.paths: list[str] = []

    async def __call__(self, scope, receive, send):
        self.paths.append(scope["path"])
        await send({"type": "http.response.start", "status": 418, "headers": []})
        await send({"type": "http.response.body", "body": b"streamlit"})


def request(mw, path, method="GET", query="", **headers):
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query.encode(),
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
    }
    sent = []

    async def send(msg):
        sent.append(msg)

    async def receive():
        return {"type": "http.request", "body": b""}

    # in a thread of its own: the browser tests' sync Playwright keeps an event loop running
    # in the main thread for the whole session, where asyncio.run() refuses to start
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, mw(scope, receive, send)).result()
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "js").mkdir(parents=True)
    (root / "js" / "a.js").write_bytes(JS)
    (root / "font.woff2").write_bytes(b"\x00binary")
    (root / "index.html").write_text("<html></html>")
    (tmp_path / "secret.js").write_bytes(b"secret")  # beside the mount, not in it
    down = Downstream()
    mount = StaticMount("/static/", root, IMMUTABLE, (("x-extra", "1"),))
    return PrecompressedStatic(down, [mount]), down, root


def test_a_listed_file_is_sent_gzipped_with_streamlits_cache_header(site):
    mw, down, _ = site
    status, headers, body = request(mw, "/static/js/a.js", accept_encoding="gzip, deflate")
    assert status == 200 and down.paths == []
    assert gzip.decompress(body) == JS and len(body) < len(JS) / 10
    assert headers["content-encoding"] == "gzip"
    assert headers["content-type"] == "application/javascript"
    assert headers["content-length"] == str(len(body))
    assert headers["cache-control"] == IMMUTABLE and headers["x-extra"] == "1"
    assert headers["vary"] == "Accept-Encoding"


def test_head_sends_the_headers_without_the_body(site):
    mw, _, _ = site
    status, headers, body = request(mw, "/static/js/a.js", "HEAD", accept_encoding="gzip")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


@pytest.mark.parametrize(
    "path, encoding",
    [
        ("/static/js/a.js", ""),  # a client that does not accept gzip gets Streamlit's answer
        ("/static/js/a.js", "gzip;q=0, deflate"),
        ("/static/js/missing.js", "gzip"),  # not a file: Streamlit's own 404 / page fallback
        ("/static/font.woff2", "gzip"),  # already compressed: left alone
        ("/static/index.html", "gzip"),  # pages are Streamlit's
        ("/static/../secret.js", "gzip"),  # traversal never reaches a file outside
        ("/static/js/../js/a.js", "gzip"),  # unnormalised paths are not in the list
        ("/other/js/a.js", "gzip"),
        ("/", "gzip"),
    ],
)
def test_everything_else_goes_on_to_streamlit(site, path, encoding):
    mw, down, _ = site
    status, _, body = request(mw, path, accept_encoding=encoding)
    assert (status, body, down.paths) == (418, b"streamlit", [path])


def test_post_and_websockets_go_on_to_streamlit(site):
    mw, down, _ = site
    assert request(mw, "/static/js/a.js", "POST", accept_encoding="gzip")[0] == 418
    assert down.paths == ["/static/js/a.js"]


def test_a_matching_etag_gets_304_without_a_body(site):
    mw, _, _ = site
    _, headers, _ = request(mw, "/static/js/a.js", accept_encoding="gzip")
    status, again, body = request(
        mw, "/static/js/a.js", accept_encoding="gzip", if_none_match=headers["etag"]
    )
    assert (status, body) == (304, b"") and again["etag"] == headers["etag"]
    status, _, _ = request(mw, "/static/js/a.js", accept_encoding="gzip", if_none_match='"x"')
    assert status == 200


def test_a_changed_file_is_compressed_again(site):
    mw, _, root = site
    _, before, _ = request(mw, "/static/js/a.js", accept_encoding="gzip")
    (root / "js" / "a.js").write_bytes(b"var changed = true;\n" * 50)
    st = (root / "js" / "a.js").stat()
    os.utime(root / "js" / "a.js", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    _, after, body = request(mw, "/static/js/a.js", accept_encoding="gzip")
    assert gzip.decompress(body) == b"var changed = true;\n" * 50
    assert after["etag"] != before["etag"]


def test_a_base_url_path_is_honoured(site):
    _, down, root = site
    mw = PrecompressedStatic(down, [StaticMount("/static/", root, IMMUTABLE)], lambda: "/app1/")
    assert request(mw, "/app1/static/js/a.js", accept_encoding="gzip")[0] == 200
    assert request(mw, "/static/js/a.js", accept_encoding="gzip")[0] == 418


@pytest.mark.parametrize(
    "header, ok",
    [
        ("gzip, deflate", True),
        ("deflate, br", False),
        ("gzip;q=0", False),
        ("gzip;q=0.5", True),
        ("*", True),
        ("GZIP", True),
        ("", False),
        ("gzip;q=junk", False),
    ],
)
def test_accepts_gzip(header, ok):
    assert accepts_gzip(header) is ok


def test_the_dashboards_mounts_hold_what_a_visit_loads():
    mounts = {m.prefix: m for m in corridor_mounts(ROOT)}
    assert any(name.startswith("js/index.") for name in mounts["/static/"].files)
    assert "vendor/leaflet/leaflet.js" in mounts["/app/static/"].files
    assert "geo/countries.geojson" in mounts["/app/static/"].files
    assert set(mounts) == {"/static/", "/app/static/"}  # the map has no iframe of its own
    assert not any(name.endswith(".html") for m in mounts.values() for name in m.files)


@pytest.mark.parametrize(
    "path, target",
    [
        ("/ports/x", "/ports"),
        ("/ports/", "/ports"),
        ("/ports/x/y", "/ports"),
        ("/no-such/page", "/no-such"),
        ("/ports", None),  # a page, or an unknown page Streamlit falls back from itself
        ("/", None),
        ("/favicon.png", None),
        ("/_stcore/stream", None),
        ("/_stcore/health", None),
        ("/static/js/index.js", None),
        ("/app/static/vendor/leaflet/leaflet.js", None),
        ("/media/abc.png", None),
        ("/component/x/index.html", None),
        ("/ports/_stcore/health", None),  # Streamlit's probe for its server under a folder
        ("/ports/static/js/index.js", None),
    ],
)
def test_only_addresses_deeper_than_a_page_are_redirected(path, target):
    assert page_for(path) == target


def test_a_deep_address_is_redirected_to_its_page_with_the_links_parameters():
    from urllib.parse import parse_qs, urlsplit

    down = Downstream()
    mw = UnknownPathRedirect(down)
    page = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    status, headers, body = request(mw, "/ports/x", query="port=ceke&not_found=old", **page)
    assert (status, body, down.paths) == (302, b"", [])
    where = urlsplit(headers["location"])
    assert where.path == "/ports"
    assert parse_qs(where.query) == {"port": ["ceke"], "not_found": ["/ports/x"]}
    assert request(mw, "/ports/x", sec_fetch_dest="document")[0] == 302
    assert request(mw, "/ports/x", "POST", **page)[0] == 418  # only a browser opening it
    assert request(mw, "/ports/x", accept="*/*")[0] == 418  # a script's fetch
    assert request(mw, "/ports/x", sec_fetch_dest="script", **page)[0] == 418
    assert request(mw, "/ports", **page)[0] == 418
    assert down.paths == ["/ports/x", "/ports/x", "/ports/x", "/ports"]


def test_a_deep_address_under_a_base_url_path_stays_under_it():
    down = Downstream()
    mw = UnknownPathRedirect(down, lambda: "/dash/")
    status, headers, _ = request(mw, "/dash/ports/x/", sec_fetch_dest="document")
    assert status == 302 and headers["location"].startswith("/dash/ports?")
    assert request(mw, "/other/ports/x", sec_fetch_dest="document")[0] == 418  # not this app
