"""The real app in headless Chromium: a server on a free port, a browser that reaches nothing else.

Without Chromium these tests skip with a message; under CI (CI=true) a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

# This machine is shared and often loaded (load averages of 10 and more on 2 cores): a page
# that shows in 1 s when idle can take several. Assertions wait up to 15 s, not 5.
expect.set_options(timeout=15_000)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need_browser() -> None:
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    message = (
        f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y "
        "chromium` to run the browser tests"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def server():
    """The app on a free loopback port, serving the shipped data."""
    yield from start_server({}, "server")


def start_server(extra_env: dict, name: str):
    """Start the app as deployed (`streamlit run serve.py`) on a free loopback port; stop it
    by PID after."""
    _need_browser()
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **extra_env}
    log = ARTIFACTS / f"{name}.log"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "serve.py"),  # as deployed (the README runs serve.py)
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail(f"the app did not start in 90 s; see {log}")
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=ARGS,
        )
        yield b
        b.close()


IDLE_JS = """() => !document.querySelector('[data-testid="stStatusWidget"]')
    && document.querySelector('.st-key-page_footer')
    && (!document.querySelector('[data-testid="stSidebar"]')
        || document.querySelector('[data-testid="stSidebar"] [data-testid="stPopover"]'))"""


class Session:
    """A fresh browser context whose every request off the app's origin is blocked."""

    def __init__(self, browser, base: str, **context_args):
        self.base = base
        self.context = browser.new_context(accept_downloads=True, **context_args)
        self.context.set_default_timeout(45_000)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, path: str = "/"):
        self.page.goto(self.base + path, wait_until="domcontentloaded")
        self.page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
        self.wait_idle()
        return self.page

    def wait_idle(self):
        """Wait until Streamlit has finished running the script: no status widget, the page's
        footer drawn (the last thing every run draws) and, with a sidebar, its Share control
        (a first view of a page with a map sends the sidebar in a second run, once the map is
        drawn; Streamlit shows its status widget only for runs that take a while)."""
        self.page.wait_for_function(IDLE_JS, timeout=60_000)
        self.page.wait_for_timeout(300)

    def shot(self, name: str):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()


@pytest.fixture
def session(browser, server, request):
    s = Session(browser, server)
    yield s
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        s.shot(f"failed_{request.node.name}")
    s.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def _fc_files(env: dict, pattern: str = "") -> list[str]:
    cmd = ["fc-list", "--format", "%{file}\\n"] + ([pattern] if pattern else [])
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line]


@pytest.fixture(scope="session")
def no_cjk_browser(browser, tmp_path_factory):
    """Chromium that can reach no CJK font of the machine (checked with fc-list), launched by
    the same Playwright as the session's browser (one sync Playwright per thread)."""
    if not shutil.which("fc-list"):
        pytest.skip("fc-list (fontconfig) is needed to hide the machine's CJK fonts")
    cjk_dirs = {str(Path(f).parent) for f in _fc_files(dict(os.environ), ":lang=zh")}
    dirs = sorted({str(Path(f).parent) for f in _fc_files(dict(os.environ))} - cjk_dirs)
    tmp = tmp_path_factory.mktemp("fontconfig")
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        + "".join(f"  <dir>{d}</dir>\n" for d in dirs)
        + f"  <cachedir>{tmp / 'cache'}</cachedir>\n</fontconfig>\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    assert _fc_files(env), "the fontconfig lists no font at all"
    assert not _fc_files(env, ":lang=zh"), "the fontconfig still reaches a CJK font"
    b = browser.browser_type.launch(
        executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
        args=ARGS,
        env=env,
    )
    yield b
    b.close()
