"""Static files gzipped once and served from memory: an ASGI middleware for ``serve.py``.

Why: Streamlit serves its own 2.7 MB of JavaScript, CSS and fonts uncompressed to every new
browser (it skips gzip on static paths because compressing on every request costs more than
it saves), and gzips the app's own ``static/`` files (Leaflet, the basemap GeoJSON) again on
every request. Writing those bytes was most of the server's CPU per page view (py-spy,
``bench/run.py``). Compressing each file once, when first asked for, and keeping the result
in memory makes a fresh visit send about a quarter of the bytes for almost no CPU.

Only what Streamlit would serve anyway is answered here: files that exist under a mount's
directory, with a compressible suffix, asked for with GET or HEAD by a client that accepts
gzip. Everything else (pages, the websocket, HTML, fonts, images, unknown or unsafe paths) goes
on to Streamlit unchanged. No Streamlit import: ``serve.py`` passes the directories in.

``UnknownPathRedirect`` sends a reader who asks for an address deeper than any page (``/ports/x``)
to the page, which Streamlit would otherwise answer with a page that never loads.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corridor.pagehead import PageHead
from corridor.viewstate import NOT_FOUND_KEY

# suffix -> content type, as Streamlit's own handlers name them
CONTENT_TYPES = {
    ".js": "application/javascript",
    ".mjs": "application/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".geojson": "application/geo+json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".ttf": "font/ttf",
    ".txt": "text/plain; charset=utf-8",
}
IMMUTABLE = "public, immutable, max-age=31536000"


def base_prefix(base_url: str | Callable[[], str]) -> str:
    """The app's base URL path as a prefix ("/dash", or "" at the root); ``base_url`` may be
    a function, read when first needed (Streamlit's config is set after the app is built)."""
    base = base_url() if callable(base_url) else base_url
    base = (base or "").strip("/")
    return f"/{base}" if base else ""


@dataclass(frozen=True)
class StaticMount:
    """Files under ``root`` answered at URL path ``prefix`` (e.g. ``/static/``).

    ``cache_control`` is what Streamlit sends for that path (hashed bundles may be cached for a
    year; the app's own files are revalidated by their ETag); ``headers`` are added as given.
    """

    prefix: str
    root: Path
    cache_control: str
    headers: tuple[tuple[str, str], ...] = ()
    files: dict[str, Path] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # The files are listed once: a request can only ever reach a file in this list, so
        # junk paths cost a dictionary lookup and nothing is cached for them.
        root = self.root.resolve()
        for dirpath, _, names in os.walk(root):
            for name in names:
                path = Path(dirpath, name)
                if path.suffix in CONTENT_TYPES:
                    self.files[path.relative_to(root).as_posix()] = path


@dataclass(frozen=True)
class _Encoded:
    stamp: tuple[int, int]  # the file's (mtime_ns, size) when compressed
    body: bytes
    headers: list[tuple[bytes, bytes]]
    etag: bytes


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header allows gzip (``gzip;q=0`` refuses it)."""
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() not in ("gzip", "*"):
            continue
        q = params.strip().lower()
        if q.startswith("q="):
            try:
                return float(q[2:]) > 0
            except ValueError:
                return False
        return True
    return False


class PrecompressedStatic:
    """ASGI middleware: answer the mounts' files gzipped, compressed once per file.

    ``base_url`` is the app's ``server.baseUrlPath`` (or a callable returning it, read at the
    first request, after the server's configuration is loaded).
    """

    def __init__(
        self,
        app,
        mounts: list[StaticMount],
        base_url: str | Callable[[], str] = "",
        level: int = 9,
    ) -> None:
        self.app = app
        self.mounts = mounts
        self._base_url = base_url
        self._prefix: str | None = None
        self.level = level
        self._encoded: dict[Path, _Encoded] = {}

    def _base(self) -> str:
        if self._prefix is None:
            self._prefix = base_prefix(self._base_url)
        return self._prefix

    def lookup(self, path: str) -> tuple[StaticMount, Path] | None:
        """The mount and file a URL path names, or None if it is not one of the listed files."""
        base = self._base()
        if base:
            if not path.startswith(base + "/"):
                return None
            path = path[len(base) :]
        for mount in self.mounts:
            if path.startswith(mount.prefix):
                file = mount.files.get(path[len(mount.prefix) :])
                return (mount, file) if file else None
        return None

    def encoded(self, mount: StaticMount, file: Path) -> _Encoded | None:
        """The file gzipped, compressed again only if the file changed since."""
        try:
            st = file.stat()
        except OSError:
            return None
        stamp = (st.st_mtime_ns, st.st_size)
        entry = self._encoded.get(file)
        if entry is None or entry.stamp != stamp:
            raw = file.read_bytes()
            body = gzip.compress(raw, self.level, mtime=0)
            etag = f'"{hashlib.md5(raw).hexdigest()}-gz"'.encode()
            headers = [
                (b"content-type", CONTENT_TYPES[file.suffix].encode()),
                (b"content-encoding", b"gzip"),
                (b"content-length", str(len(body)).encode()),
                (b"vary", b"Accept-Encoding"),
                (b"etag", etag),
                (b"cache-control", mount.cache_control.encode()),
                *((k.encode(), v.encode()) for k, v in mount.headers),
            ]
            entry = _Encoded(stamp, body, headers, etag)
            self._encoded[file] = entry
        return entry

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            found = self.lookup(scope["path"])
            if found:
                headers = {k.lower(): v for k, v in scope.get("headers", [])}
                if accepts_gzip(headers.get(b"accept-encoding", b"").decode("latin-1")):
                    entry = self.encoded(*found)
                    if entry is not None:
                        await self._send(entry, headers, scope["method"], send)
                        return
        await self.app(scope, receive, send)

    @staticmethod
    async def _send(entry: _Encoded, request_headers: dict, method: str, send) -> None:
        if entry.etag in request_headers.get(b"if-none-match", b"").split(b", "):
            kept = [(k, v) for k, v in entry.headers if k in (b"etag", b"cache-control", b"vary")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
        await send({"type": "http.response.body", "body": entry.body if method == "GET" else b""})


# Streamlit's own routes under a path of two or more segments; every other such path gets
# Streamlit's page (index.html), whose relative script URLs then resolve one folder too deep.
STREAMLIT_PREFIXES = ("_stcore/", "static/", "app/static/", "media/", "component/", "auth/")


def page_for(path: str) -> str | None:
    """The page address to send a reader to when ``path`` (after the base URL path) is deeper
    than any page, or None when Streamlit should answer it as it is.

    A page of the app is one segment (``/ports``). Streamlit answers any deeper unknown path
    (``/ports/x``, ``/ports/``) with its page, whose scripts are linked relative to the page
    (``./static/js/…``): from ``/ports/x`` they resolve to ``/ports/static/js/…``, which is the
    page again, not a script, and the reader sees a blank page that never loads.
    """
    rest = path.lstrip("/")
    if "/" not in rest or rest.startswith(STREAMLIT_PREFIXES):
        return None
    first, deeper = rest.split("/", 1)
    # Streamlit's page probes for its server under every folder of its address
    # (``/ports/_stcore/health``): those must get Streamlit's own answer.
    if deeper.startswith(STREAMLIT_PREFIXES):
        return None
    return "/" + first


def is_page_request(headers: dict[bytes, bytes]) -> bool:
    """Whether a request is a browser opening an address (not a script's fetch of a file)."""
    dest = headers.get(b"sec-fetch-dest")
    if dest is not None:
        return dest == b"document"
    return b"text/html" in headers.get(b"accept", b"")


class UnknownPathRedirect:
    """ASGI middleware: send a reader who asks for a path deeper than any page to its first
    segment's page (``/ports/x`` → ``/ports``), keeping the link's parameters and naming the
    address asked for in ``not_found`` (the app shows it as a notice and drops it).

    Only a browser opening an address (GET or HEAD, for a document) is redirected; the
    websocket, scripts' requests, Streamlit's files and routes, and every one-segment path
    (pages, and unknown pages Streamlit itself falls back from) go on to Streamlit unchanged.
    """

    def __init__(self, app, base_url: str | Callable[[], str] = "") -> None:
        self.app = app
        self._base_url = base_url
        self._prefix: str | None = None

    def _base(self) -> str:
        if self._prefix is None:
            self._prefix = base_prefix(self._base_url)
        return self._prefix

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            base, path = self._base(), scope["path"]
            headers = {k.lower(): v for k, v in scope.get("headers", [])}
            if is_page_request(headers) and (not base or path.startswith(base + "/")):
                target = page_for(path[len(base) :])
                if target is not None:
                    await self._redirect(base + target, path, scope.get("query_string", b""), send)
                    return
        await self.app(scope, receive, send)

    @staticmethod
    async def _redirect(target: str, asked: str, query: bytes, send) -> None:
        from urllib.parse import parse_qsl, quote, urlencode

        params = [
            (k, v)
            for k, v in parse_qsl(query.decode("latin-1"), keep_blank_values=True)
            if k != NOT_FOUND_KEY
        ]
        params.append((NOT_FOUND_KEY, asked[:200]))
        location = quote(target) + "?" + urlencode(params)
        await send(
            {
                "type": "http.response.start",
                "status": 302,
                "headers": [
                    (b"location", location.encode("latin-1")),
                    (b"content-length", b"0"),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})


def _package_dir(name: str) -> Path:
    """Where an installed package lives, found without importing it (Streamlit stays out of
    this module)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(name)
    return Path(next(iter(spec.submodule_search_locations)))


def corridor_mounts(app_root: Path) -> list[StaticMount]:
    """The dashboard's mounts: Streamlit's bundle (with the map element's runtime) and the
    app's ``static/`` (Leaflet, the basemap), with the cache headers Streamlit sends for each."""
    return [
        StaticMount("/static/", _package_dir("streamlit") / "static" / "static", IMMUTABLE),
        StaticMount(
            "/app/static/",
            app_root / "static",
            "no-cache",
            (("access-control-allow-origin", "*"), ("x-content-type-options", "nosniff")),
        ),
    ]


def middleware(app_root: Path, base_url: str | Callable[[], str] = "") -> list:
    """The middleware list for ``st.App``: the mounts of the app in ``app_root``, gzipped, and
    the served font linked from the page's head."""
    from starlette.middleware import Middleware

    return [
        Middleware(UnknownPathRedirect, base_url=base_url),
        Middleware(PrecompressedStatic, mounts=corridor_mounts(app_root), base_url=base_url),
        Middleware(PageHead),
    ]
