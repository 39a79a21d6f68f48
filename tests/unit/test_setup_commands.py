"""The README's two set-up commands are what CI and the app's entry point use."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", setup)


def test_readme_has_two_commands_install_and_run_app_and_tests():
    app, tests = readme_commands()
    assert app == "pip install -r requirements.txt && streamlit run serve.py"
    assert tests.startswith("pip install -r requirements-dev.txt && ")
    # lint before the tests: a ruff finding fails the command before any test runs
    assert tests.endswith(" && ruff check . && ruff format --check . && python -m pytest")
    assert (ROOT / "serve.py").exists() and (ROOT / "requirements-dev.txt").exists()


def test_ci_runs_exactly_the_readme_test_command():
    _, tests = readme_commands()
    lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines[-1] == tests  # the last thing CI does, and nothing after it
    assert "set -euo pipefail" in lines  # a failing test fails CI


def test_every_import_of_the_app_is_pinned():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{line} is not pinned with =="
            pins[name.lower()] = version
    for needed in ("streamlit", "streamlit-folium", "folium", "geopandas", "plotly", "pyproj"):
        assert needed in pins, needed
