"""The dashboard behind nginx (deploy/nginx.conf.template) against Streamlit serving alone.

Run: ``python bench/proxy.py [--runs 5]`` (needs nginx on PATH: ``apt-get install -y nginx``,
and Chromium at /usr/bin/chromium). Starts the app and the bare page, each once directly and
once behind its own nginx, and measures side by side: time to the map (or the bare heading)
visible in a fresh browser context, bytes a first visit transfers, and the Streamlit
process's CPU per view. Prints the figures and writes ``bench/proxy_results.json``.

``python bench/proxy.py --print-config [--listen 0.0.0.0:80] [--upstream 127.0.0.1:8501]``
prints a filled-in configuration for a deployment instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, App, ByteCounter, free_port, launch, median, write_results

sys.path.insert(0, str(ROOT))
from deploy.cluster import nginx_config  # noqa: E402


def config(
    listen: str,
    upstream: str,
    workdir: str | None = None,
    as_root: bool = False,
) -> str:
    """deploy/nginx.conf.template filled in for one upstream (``deploy/cluster.py``).
    ``as_root``: the worker runs as root (the benchmark, run as root here, reads a venv under
    /root); a deployment leaves nginx's own user. New sessions are not rate-limited here: the
    benchmark opens many from one address."""
    return nginx_config(
        listen, [upstream], workdir=workdir, as_root=as_root, session_rate="6000r/m"
    )


class Nginx:
    """An nginx in front of ``upstream_port`` on a free loopback port."""

    def __init__(self, upstream_port: int):
        self.dir = tempfile.mkdtemp(prefix="corridor-nginx-")
        self.port = free_port()
        conf = Path(self.dir) / "nginx.conf"
        conf.write_text(
            config(
                f"127.0.0.1:{self.port}",
                f"127.0.0.1:{upstream_port}",
                self.dir,
                as_root=os.geteuid() == 0,
            )
        )
        self.args = ["nginx", "-c", str(conf), "-p", self.dir]
        subprocess.run(self.args, check=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        subprocess.run([*self.args, "-s", "stop"], check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--print-config", action="store_true")
    ap.add_argument("--listen", default="0.0.0.0:80")
    ap.add_argument("--upstream", default="127.0.0.1:8501")
    args = ap.parse_args()
    if args.print_config:
        print(config(args.listen, args.upstream))
        return
    if not shutil.which("nginx"):
        sys.exit("nginx is not installed: apt-get install -y nginx")
    from playwright.sync_api import sync_playwright
    from run import cpu_per_view, first_load_bytes, visible_bare, visible_map

    app, bare = App(ROOT / "serve.py"), App(ROOT / "bench" / "bare_serve.py")
    app_ngx, bare_ngx = Nginx(app.port), Nginx(bare.port)
    results: dict = {"runs": args.runs}
    try:
        with sync_playwright() as pw:
            browser = launch(pw)
            for label, map_url, bare_url in (
                ("direct", app.url, bare.url),
                ("nginx", app_ngx.url, bare_ngx.url),
            ):
                visible_map(browser, map_url)  # warm up
                visible_bare(browser, bare_url)
                m, b = [], []
                for _ in range(args.runs):  # side by side, so noise hits both
                    b.append(visible_bare(browser, bare_url))
                    m.append(visible_map(browser, map_url))
                results[label] = {
                    "map_visible_s": median(m),
                    "bare_visible_s": median(b),
                    "map_vs_bare_ratio": round(median(m) / median(b), 2),
                }
            for label, port in (("direct", app.port), ("nginx", app_ngx.port)):
                counter = ByteCounter(port)
                results[label]["first_load_bytes_all"] = first_load_bytes(
                    browser, counter, args.runs
                )["all"]
            results["direct"]["server_cpu_s_per_view"] = cpu_per_view(browser, app, args.runs)
            # the same Streamlit process, its pages requested through nginx
            results["nginx"]["server_cpu_s_per_view"] = cpu_per_view(
                browser, app, args.runs, url=app_ngx.url
            )
            browser.close()
    finally:
        app_ngx.stop()
        bare_ngx.stop()
        app.stop()
        bare.stop()
    write_results("proxy_results", results)


if __name__ == "__main__":
    main()
