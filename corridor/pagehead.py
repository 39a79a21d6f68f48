"""Links added to the head of Streamlit's page: an ASGI middleware for ``serve.py``.

Why: the dashboard serves its own Chinese font (Noto Sans SC in 97 unicode-range slices,
``docs/fonts.md``). Declared as ``[[theme.fontFaces]]`` tables, its rules travelled in the theme
that Streamlit sends at the start of **every** script run: 85 KB (30 KB deflated) with every
click on the map. Linked once from the page's head, the same rules are one cached style sheet
per visit, and the page's text (``theme.font`` names the family) finds them as before. The
page's own few style rules (:data:`PAGE_CSS`) go in the head too: in the page they would be an
element whose code the browser fetches before it draws the map.

The page (Streamlit's ``index.html``) is answered by Streamlit; this middleware only edits a
``text/html`` answer on its way out: the links go before ``</head>``, the length is set again,
and the page is gzipped when the browser accepts it. The entity tag gets a suffix naming the
links, so a browser never keeps a page with other links than the server's; a browser's
``If-None-Match`` has the suffix taken off before Streamlit compares it.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import re
from pathlib import Path

# Relative to the page, like Streamlit's own ``./static/…`` (so a base URL path works).
FONT_LINK = (
    '<link rel="stylesheet" href="./app/static/vendor/fonts/noto-sans-sc/noto-sans-sc.css" />'
)
# What the Map page (the front door) loads once its data arrives: asked for with the page, so a
# first visit fetches them beside Streamlit's own scripts, not after them. The same addresses
# as the map asks for (tests/unit/test_pagehead.py holds them to it).
MAP_PRELOADS = (
    ("/app/static/vendor/leaflet/leaflet.js", "script"),
    ("/app/static/vendor/leaflet/leaflet.css", "style"),
    ("/app/static/geo/countries.geojson", "fetch"),
    ("/app/static/geo/provinces.geojson", "fetch"),
)
PRELOAD_LINKS = "\n".join(
    f'<link rel="preload" href="{href}" as="{kind}"'
    + (" crossorigin" if kind == "fetch" else "")
    + " />"
    for href, kind in MAP_PRELOADS
)

# Streamlit's frontend loads a widget's code when the widget first appears. The Map page's
# first run shows the language switch (a select box) and the map element (a Components v2
# element): their chunks were asked for only once the page's first data had arrived, queued
# behind each other, and the map waited ~0.15 s for them (bench/run.py timeline). Named here by
# their entry chunk; the files they import are found in the installed Streamlit's own build.
# (found, not imported: this module serves files and uses none of Streamlit's API)
_STREAMLIT = importlib.util.find_spec("streamlit").submodule_search_locations[0]
STREAMLIT_JS = Path(_STREAMLIT) / "static" / "static" / "js"
EARLY_CHUNKS = ("BidiComponent", "Selectbox", "DownloadButton", "PageLink")
_IMPORT = re.compile(r'(?:from|import)\s*"\./([\w.-]+\.js)"')


def chunk_closure(js_dir: Path, entries: tuple[str, ...], page: str) -> list[str]:
    """The chunk files ``entries`` need (themselves and what they import, transitively),
    less those the page itself already asks for; in a stable order. An entry not found in
    ``js_dir`` (another Streamlit build) is left out: a preload is only a hint."""
    loaded = set(re.findall(r'href="\./static/js/([\w.-]+\.js)"', page))
    loaded |= set(re.findall(r'src="\./static/js/([\w.-]+\.js)"', page))
    todo = [p.name for e in entries for p in sorted(js_dir.glob(f"{e}.*.js"))]
    seen: list[str] = []
    while todo:
        name = todo.pop(0)
        if name in seen or name in loaded or not (js_dir / name).is_file():
            continue
        seen.append(name)
        todo.extend(_IMPORT.findall((js_dir / name).read_text(encoding="utf-8")))
    return seen


def chunk_links(js_dir: Path = STREAMLIT_JS, entries: tuple[str, ...] = EARLY_CHUNKS) -> str:
    """``modulepreload`` links for the chunks of ``entries`` (see :data:`EARLY_CHUNKS`)."""
    index = js_dir.parent.parent / "index.html"
    page = index.read_text(encoding="utf-8") if index.is_file() else ""
    return "\n".join(
        f'<link rel="modulepreload" crossorigin href="./static/js/{name}" />'
        for name in chunk_closure(js_dir, entries, page)
    )


# The page's own style rules, in the head: no element of the page's and no request.
# The Map page's first row (pages/map.py, its blocks by key): the map column holds the map, the
# selected port's chart and the headline figures; the card column, the card. Below 640 px
# Streamlit stacks the columns, which would put the chart and figures between the map and the
# card a reader just tapped: there the map column's blocks join the row and the card moves up
# to follow the map. A port without a chart keeps no room for it.
PAGE_CSS = (
    "@media (max-width:640px){"
    ".st-key-map_row [data-testid=stHorizontalBlock]{flex-direction:column;row-gap:1rem}"
    ".st-key-map_row [data-testid=stColumn]:first-child,"
    ".st-key-map_row [data-testid=stColumn]:first-child>[data-testid=stVerticalBlock]"
    "{display:contents}"
    ".st-key-map_row [data-testid=stColumn]:last-child{order:1}"
    ".st-key-map_row [data-testid=stLayoutWrapper]:has(>.st-key-selection_chart){order:2}"
    ".st-key-map_row [data-testid=stLayoutWrapper]:has(>.st-key-map_figures){order:3}"
    "}"
    ".st-key-map_row [data-testid=stLayoutWrapper]:has(>.st-key-selection_chart:empty)"
    "{display:none}"
)

HEAD_LINKS = (
    FONT_LINK + "\n" + PRELOAD_LINKS + "\n" + chunk_links() + f"\n<style>{PAGE_CSS}</style>"
)


def _accepts_gzip(value: bytes) -> bool:
    from corridor.serving import accepts_gzip  # one reading of Accept-Encoding (no cycle)

    return accepts_gzip(value.decode("latin-1"))


class PageHead:
    """ASGI middleware: put ``links`` into the head of every HTML page the app answers."""

    def __init__(self, app, links: str = HEAD_LINKS) -> None:
        self.app = app
        self.links = links.encode()
        self.mark = b"-h" + hashlib.sha1(self.links).hexdigest()[:8].encode()

    def add_links(self, page: bytes) -> bytes:
        """``page`` with the links before its ``</head>`` (unchanged if it has none)."""
        head, found, rest = page.partition(b"</head>")
        return head + self.links + b"\n" + found + rest if found else page

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        from corridor.serving import is_page_request

        request = {k.lower(): v for k, v in scope.get("headers", [])}
        if not is_page_request(request):
            await self.app(scope, receive, send)
            return
        # the page is asked for plain (it is gzipped here, after the links are in)
        scope = dict(scope)
        scope["headers"] = [
            (k, v.replace(self.mark, b"") if k.lower() == b"if-none-match" else v)
            for k, v in scope.get("headers", [])
            if k.lower() != b"accept-encoding"
        ]
        gzip_ok = _accepts_gzip(request.get(b"accept-encoding", b""))
        held: dict = {}
        chunks: list[bytes] = []

        async def edit(message) -> None:
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                plain = b"content-encoding" not in headers
                if headers.get(b"content-type", b"").startswith(b"text/html") and plain:
                    held["start"] = message  # the page: sent once its body is complete
                    return
                if b"etag" in headers and message.get("status") == 304:
                    message = {**message, "headers": self._marked(message["headers"])}
                await send(message)
                return
            if "start" not in held or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            await self._send_page(held["start"], b"".join(chunks), gzip_ok, send)

        await self.app(scope, receive, edit)

    def _marked(self, headers) -> list:
        """The headers with the entity tag marked (inside its quotes: ``"abc-h1234"``)."""
        return [(k, self._mark(v) if k.lower() == b"etag" else v) for k, v in headers]

    def _mark(self, etag: bytes) -> bytes:
        return etag[:-1] + self.mark + b'"' if etag.endswith(b'"') else etag + self.mark

    async def _send_page(self, start, body: bytes, gzip_ok: bool, send) -> None:
        body = self.add_links(body)
        headers = [
            (k, v)
            for k, v in self._marked(start.get("headers", []))
            if k.lower() not in (b"content-length", b"vary")
        ]
        if gzip_ok:
            body = gzip.compress(body, 6, mtime=0)
            headers.append((b"content-encoding", b"gzip"))
        headers += [(b"content-length", str(len(body)).encode()), (b"vary", b"Accept-Encoding")]
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})
