"""N replicas of the dashboard behind nginx on this machine, and the nginx configuration itself.

Run ``python deploy/cluster.py --replicas 2 --port 8080``: starts N app processes
(``streamlit run serve.py``, each on its own loopback port) and Debian's nginx in front of them
(``apt-get install -y nginx``), run as a child process with its own files in a temporary folder.
nginx serves the static files, keeps each browser on one replica (sticky cookie; the websocket
needs it) and moves a browser whose replica has gone to another. Ctrl-C stops everything.

``python deploy/cluster.py --print-config [--listen 0.0.0.0:80] [--upstream HOST:PORT ...]``
prints the configuration for a host's own nginx instead. The tests and ``bench/`` use
:class:`Cluster` and :func:`nginx_config` directly.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

# The tile servers a reader may switch on (corridor.maps.tile_sources); nothing else is
# fetched from another origin.
TILE_HOSTS = ("https://tile.openstreetmap.org", "https://*.tianditu.gov.cn")


def streamlit_static() -> Path:
    """Streamlit's frontend folder (index.html and its hashed static/ files)."""
    import importlib.util

    spec = importlib.util.find_spec("streamlit")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def inline_script_hashes(index_html: str) -> list[str]:
    """CSP hashes of the inline scripts in Streamlit's index.html (one sets a flag for
    prerendering), so the policy allows exactly them instead of every inline script."""
    out = []
    for body in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", index_html, re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        out.append(f"'sha256-{digest}'")
    return out


def content_security_policy(index_html: str) -> str:
    """The Content-Security-Policy the app works under (a browser test checks it reports no
    violation).

    - scripts: the app's own files and Streamlit's inline flag (by hash); ``blob:`` because
      Streamlit loads a custom element's module (the map) from a blob URL; ``'unsafe-eval'``
      because the map element runs folium's generated script with ``new Function``;
    - styles inline: Streamlit's components style themselves at run time (emotion);
    - images: the app, ``data:``/``blob:`` (Plotly, Leaflet) and the tile servers;
    - connections (the websocket too) only to the app itself;
    - ``frame-ancestors *``: deliberately open, so any site may embed a view.
    """
    script = " ".join(["'self'", *inline_script_hashes(index_html), "blob:", "'unsafe-eval'"])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob: " + " ".join(TILE_HOSTS),
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors *",
        ]
    )


def security_headers(index_html: str) -> list[tuple[str, str]]:
    """The headers nginx adds to every response."""
    return [
        ("Content-Security-Policy", content_security_policy(index_html)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
        ("Cross-Origin-Opener-Policy", "same-origin-allow-popups"),
    ]


def nginx_config(
    listen: str,
    upstreams: list[str],
    *,
    static_dir: Path | str | None = None,
    app_static: Path | str = ROOT / "static",
    workdir: Path | str | None = None,
    error_log: str | None = None,
    session_rate: str = "60r/m",
    session_burst: int = 40,
    as_root: bool = False,
) -> str:
    """The nginx configuration for ``upstreams`` (``host:port`` of each replica).

    ``static_dir``: Streamlit's frontend folder as the nginx host sees it (default: this
    machine's); ``app_static``: the repository's ``static/``. ``workdir``: a folder for nginx's
    pid, log and temporary files (a local cluster; ``/tmp`` in the unprivileged nginx image);
    without it, nginx's usual places. ``error_log``: where errors go instead (e.g. ``stderr``).
    ``session_rate``/``session_burst``: new websocket sessions allowed per client address.
    ``as_root``: the worker runs as root (this machine's Python lives under /root; a
    deployment keeps nginx's own user).
    """
    local_static = streamlit_static()
    index_html = (local_static / "index.html").read_text(encoding="utf-8")
    headers = security_headers(index_html)
    server_level = "\n".join(f'        add_header {k} "{v}" always;' for k, v in headers)
    in_location = "\n".join(f'            add_header {k} "{v}" always;' for k, v in headers)
    if workdir:
        log = error_log or f"{workdir}/error.log"
        preamble = f"pid {workdir}/nginx.pid;\nerror_log {log} warn;"
        temp_paths = "\n".join(
            f"    {kind}_temp_path {workdir}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
    else:
        preamble = f"pid /run/nginx.pid;\nerror_log {error_log or '/var/log/nginx/error.log'} warn;"
        temp_paths = ""
    if as_root:
        preamble = "user root;\n" + preamble
    servers = "\n".join(f"        server {u} max_fails=1 fail_timeout=5s;" for u in upstreams)
    return TEMPLATE.read_text(encoding="utf-8").format(
        preamble=preamble,
        temp_paths=temp_paths,
        listen=listen,
        upstream_servers=servers,
        streamlit_static=str(static_dir or local_static).rstrip("/"),
        app_static=str(app_static).rstrip("/"),
        security_headers=server_level,
        security_headers_in_location=in_location,
        session_rate=session_rate,
        session_burst=session_burst,
    )


def compose_config() -> str:
    """deploy/compose/nginx.conf: for the ``web`` image of the Dockerfile (nginx unprivileged,
    port 8080, files under /srv, logs to stderr) in front of compose's ``app`` replicas (one
    name that resolves to every replica)."""
    return nginx_config(
        "8080",
        ["app:8501"],
        static_dir="/srv/streamlit-static",
        app_static="/srv/app-static",
        workdir="/tmp",
        error_log="stderr",
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> bool:
    """Poll ``url`` until it answers 200 (False on timeout or if ``proc`` exits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@dataclass
class Replica:
    """One app process (``streamlit run serve.py``) on a loopback port."""

    port: int
    log: Path
    env: dict
    proc: subprocess.Popen | None = None

    def start(self) -> None:
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "serve.py"),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """End the process at once (SIGKILL), as a crashed or evicted replica ends."""
        if self.alive():
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@dataclass
class Cluster:
    """N replicas and an nginx in front of them, all children of this process.

    Use as a context manager, or call :meth:`start` and :meth:`stop`. ``port`` 0 picks a free
    loopback port. ``env`` is added to each replica's environment.
    """

    replicas: int = 2
    port: int = 0
    host: str = "127.0.0.1"
    session_rate: str = "60r/m"
    session_burst: int = 40
    env: dict = field(default_factory=dict)
    workdir: Path | None = None
    nodes: list[Replica] = field(default_factory=list)
    nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 90) -> Cluster:
        if not Path(NGINX).exists():
            raise RuntimeError("nginx is not installed: apt-get install -y nginx")
        self.workdir = Path(tempfile.mkdtemp(prefix="corridor-cluster-"))
        self.port = self.port or free_port()
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            # one secret for every replica, so a signed cookie is valid on any of them
            "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_urlsafe(32),
            **self.env,
        }
        self.nodes = [
            Replica(free_port(), self.workdir / f"replica{i}.log", env)
            for i in range(self.replicas)
        ]
        for node in self.nodes:
            node.start()
        conf = self.workdir / "nginx.conf"
        conf.write_text(self.config(), encoding="utf-8")
        self.nginx = subprocess.Popen(
            [NGINX, "-c", str(conf), "-p", str(self.workdir), "-e", "stderr"]
            + ["-g", "daemon off;"],
            stdout=(self.workdir / "nginx.out").open("wb"),
            stderr=subprocess.STDOUT,
        )
        try:
            for node in self.nodes:
                if not wait_http(f"{node.url}/_stcore/health", timeout, node.proc):
                    raise RuntimeError(f"replica on port {node.port} did not start: {node.log}")
            if not wait_http(f"{self.url}/_stcore/health", 20, self.nginx):
                raise RuntimeError(f"nginx did not start: {self.workdir / 'nginx.out'}")
        except BaseException:
            self.stop()
            raise
        return self

    def config(self) -> str:
        return nginx_config(
            f"{self.host}:{self.port}",
            [f"127.0.0.1:{n.port}" for n in self.nodes],
            workdir=self.workdir,
            session_rate=self.session_rate,
            session_burst=self.session_burst,
            as_root=os.geteuid() == 0,
        )

    def stop(self) -> None:
        """Stop nginx, then every replica; remove the temporary folder."""
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finish requests, then exit
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait(timeout=10)
        for node in self.nodes:
            node.stop()
        if self.workdir is not None and not os.environ.get("CORRIDOR_KEEP_CLUSTER_LOGS"):
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=int, default=2, help="app processes (default 2)")
    ap.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    ap.add_argument("--host", default="127.0.0.1", help="nginx's address (default 127.0.0.1)")
    ap.add_argument("--session-rate", default="60r/m", help="new sessions per client address")
    ap.add_argument("--print-config", action="store_true", help="print nginx.conf and exit")
    ap.add_argument(
        "--write-compose-config", action="store_true", help="write deploy/compose/nginx.conf"
    )
    ap.add_argument("--listen", default="0.0.0.0:80", help="with --print-config")
    ap.add_argument(
        "--upstream", action="append", help="with --print-config: a replica's host:port"
    )
    args = ap.parse_args(argv)
    if args.write_compose_config:
        (ROOT / "deploy" / "compose" / "nginx.conf").write_text(compose_config(), "utf-8")
        return
    if args.print_config:
        print(nginx_config(args.listen, args.upstream or ["127.0.0.1:8501"]), end="")
        return
    if args.replicas < 1:
        ap.error("--replicas must be at least 1")
    cluster = Cluster(args.replicas, args.port, args.host, session_rate=args.session_rate)
    cluster.start()
    print(f"{args.replicas} replica(s) behind nginx: {cluster.url}  (Ctrl-C stops everything)")
    for node in cluster.nodes:
        print(f"  replica pid {node.proc.pid} on {node.url}")
    try:
        while cluster.nginx.poll() is None:
            for node in cluster.nodes:
                if not node.alive():
                    print(f"  replica on port {node.port} exited; restarting it")
                    node.start()
            time.sleep(1)
        print("nginx exited", file=sys.stderr)
    except KeyboardInterrupt:
        print("stopping")
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
