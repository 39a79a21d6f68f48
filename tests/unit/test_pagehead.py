"""The page-head middleware of ``serve.py``: the served font linked once per visit."""

from __future__ import annotations

import gzip

import pytest

from corridor.pagehead import (
    EARLY_CHUNKS,
    FONT_LINK,
    HEAD_LINKS,
    MAP_PRELOADS,
    PAGE_CSS,
    STREAMLIT_JS,
    PageHead,
    chunk_closure,
)
from corridor.paths import ROOT
from tests.unit.test_serving import request

PAGE = b"<!DOCTYPE html><html><head><title>Streamlit</title></head><body></body></html>"


class Streamlit:
    """Stands in for Streamlit: answers the page in two chunks (or 304 to its own tag)."""

    etag = b'"abc"'

    def __init__(self):
        self.asked: list[dict] = []

    async def __call__(self, scope, receive, send):
        headers = {k: v for k, v in scope["headers"]}
        self.asked.append(headers)
        if headers.get(b"if-none-match") == self.etag:
            await send(
                {"type": "http.response.start", "status": 304, "headers": [(b"etag", self.etag)]}
            )
            await send({"type": "http.response.body", "body": b""})
            return
        kind = b"text/html; charset=utf-8" if scope["path"] != "/x.js" else b"text/javascript"
        start = [
            (b"content-type", kind),
            (b"content-length", b"%d" % len(PAGE)),
            (b"etag", self.etag),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": start})
        await send({"type": "http.response.body", "body": PAGE[:20], "more_body": True})
        await send({"type": "http.response.body", "body": PAGE[20:]})


@pytest.fixture
def app():
    down = Streamlit()
    return PageHead(down), down


def test_a_page_gets_the_font_link_in_its_head_and_is_gzipped(app):
    mw, down = app
    status, headers, body = request(mw, "/ports", accept="text/html", accept_encoding="gzip, br")
    page = gzip.decompress(body)
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert int(headers["content-length"]) == len(body)
    assert page.index(FONT_LINK.encode()) < page.index(b"</head>")
    assert page.replace(HEAD_LINKS.encode() + b"\n", b"") == PAGE
    # Streamlit was asked for the page plain: the links go in before compression
    assert b"accept-encoding" not in down.asked[0]


def test_the_pages_style_is_in_the_head_and_names_the_map_pages_blocks(app):
    """The Map page's phone order (card after the map, then the chart and the figures) rests
    on rules that name its blocks by key: they must be in every page's head, and every key
    they name must be one the Map page draws."""
    import re

    mw, _ = app
    _, _, body = request(mw, "/", accept="text/html", accept_encoding="")
    head = body[: body.index(b"</head>")]
    assert f"<style>{PAGE_CSS}</style>".encode() in head
    keys = set(re.findall(r"\.st-key-(\w+)", PAGE_CSS))
    page = (ROOT / "pages" / "map.py").read_text(encoding="utf-8")
    assert keys == {"map_row", "selection_chart", "map_figures"}
    for key in keys:
        assert f'st.container(key="{key}")' in page, key


def test_a_browser_without_gzip_gets_the_page_plain(app):
    mw, _ = app
    status, headers, body = request(mw, "/", accept="text/html")
    assert "content-encoding" not in headers and int(headers["content-length"]) == len(body)
    assert FONT_LINK.encode() in body


def test_the_etag_names_the_links_and_a_revalidation_still_gets_304(app):
    mw, down = app
    _, headers, _ = request(mw, "/", accept="text/html")
    tag = headers["etag"]
    assert tag.startswith('"abc') and tag.endswith('"') and tag != '"abc"'
    status, again, body = request(mw, "/", accept="text/html", if_none_match=tag)
    assert status == 304 and body == b"" and again["etag"] == tag
    assert down.asked[-1][b"if-none-match"] == b'"abc"'
    # a page cached with other links (another release) is sent again, not kept
    other = PageHead(down, links="<link>")
    status, _, _ = request(other, "/", accept="text/html", if_none_match=tag)
    assert status == 200


def test_scripts_and_files_pass_untouched(app):
    mw, down = app
    status, headers, body = request(mw, "/x.js", accept="*/*", accept_encoding="gzip")
    assert body == PAGE and headers["etag"] == '"abc"'
    assert down.asked[-1][b"accept-encoding"] == b"gzip"
    # a script's fetch of a page (not a browser opening it) is left as Streamlit sends it
    status, headers, body = request(mw, "/", accept="*/*")
    assert body == PAGE


def test_the_linked_style_sheet_is_the_served_fonts():
    href = FONT_LINK.split('href="')[1].split('"')[0]
    assert href.startswith("./app/static/")
    sheet = ROOT / "static" / href.removeprefix("./app/static/")
    assert sheet.is_file() and "@font-face{font-family:noto-sans-sc" in sheet.read_text()


def test_the_preloads_are_what_the_map_asks_for():
    """A preload the map does not use is a wasted fetch: the addresses must be the map's."""
    import re

    from corridor import mapcomponent
    from corridor.catalog import load_catalog
    from corridor.maps import corridor_map_for
    from corridor.viewstate import View

    rendered = mapcomponent.payload(corridor_map_for(load_catalog(), View()))
    asked = set(rendered["js_links"]) | set(rendered["css_links"])
    asked |= set(re.findall(r'"(/app/static/geo/[^"]+)"', rendered["script"]))
    preloaded = {href for href, _ in MAP_PRELOADS}
    assert preloaded <= asked
    for href in preloaded:
        assert (ROOT / "static" / href.removeprefix("/app/static/")).is_file(), href


def test_a_widgets_chunks_are_found_with_what_they_import_less_the_pages_own(tmp_path):
    (tmp_path / "Widget.abc.js").write_text('import{a}from"./dep.1.js";import"./shared.2.js";')
    (tmp_path / "dep.1.js").write_text('import{b}from"./deeper.3.js";import{c}from"./gone.9.js";')
    (tmp_path / "deeper.3.js").write_text('import{a}from"./dep.1.js";')  # a cycle ends
    (tmp_path / "shared.2.js").write_text("")
    page = '<script type="module" src="./static/js/shared.2.js"></script>'
    found = chunk_closure(tmp_path, ("Widget", "Missing"), page)
    assert found == ["Widget.abc.js", "dep.1.js", "deeper.3.js"]


def test_the_installed_streamlit_has_the_chunks_the_page_preloads():
    """A Streamlit release that renames its chunks would leave the hint empty: say so here."""
    page = (STREAMLIT_JS.parent.parent / "index.html").read_text(encoding="utf-8")
    found = chunk_closure(STREAMLIT_JS, EARLY_CHUNKS, page)
    for entry in EARLY_CHUNKS:
        assert any(name.startswith(entry + ".") for name in found), entry
    for name in found:
        assert f'<link rel="modulepreload" crossorigin href="./static/js/{name}" />' in HEAD_LINKS
