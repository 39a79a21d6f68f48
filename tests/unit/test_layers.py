"""The package's layering: only the UI modules import Streamlit (STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import corridor

UI_MODULES = {"ui", "cache", "state", "mapcomponent"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_ui_modules_import_streamlit():
    package = Path(corridor.__file__).parent
    offenders = {
        p.stem
        for p in package.glob("*.py")
        if imports_of(p) & {"streamlit", "streamlit_folium"} and p.stem not in UI_MODULES
    }
    assert offenders == set()
    # and the rule is not vacuous: the UI modules do import it
    assert all(imports_of(package / f"{m}.py") & {"streamlit"} for m in UI_MODULES)
