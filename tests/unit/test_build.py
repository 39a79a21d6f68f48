"""The repository rebuilds its own data: one entry point, inputs inside the checkout, no cycles."""

from __future__ import annotations

import ast
import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corridor.paths import ROOT

SCRIPTS = ROOT / "scripts"


def _differences(built: Path, shipped: Path) -> list[str]:
    """Files that differ, or exist on one side only, between two folders (recursively)."""
    out = []
    cmp = filecmp.dircmp(built, shipped)
    out += [f"only built: {built / n}" for n in cmp.left_only]
    out += [f"only shipped: {shipped / n}" for n in cmp.right_only]
    for name in cmp.common_files:
        if (built / name).read_bytes() != (shipped / name).read_bytes():
            out.append(f"differs: {shipped / name}")
    for name in cmp.common_dirs:
        out += _differences(built / name, shipped / name)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The build of a copy of the code alone, with no folder beside it, into a fresh folder.

    Only ``scripts/``, ``corridor/`` and the catalogs' sources (``locales/``, without the
    compiled ``.mo``) are copied, into a folder whose parent holds nothing
    else: a step that read a path outside the checkout (``../shared``) or a shipped output
    would fail or differ. The geodata step's pinned packages are kept in the repo's
    ``build/`` cache (downloaded by pip and npm the first time).
    """
    base = tmp_path_factory.mktemp("rebuild")
    checkout = base / "checkout"
    for name in ("scripts", "corridor", "locales"):
        skip = shutil.ignore_patterns("__pycache__", "*.mo")
        shutil.copytree(ROOT / name, checkout / name, ignore=skip)
    out = base / "out"
    cache = ROOT / "build" / "geodata_cache"
    proc = subprocess.run(
        [sys.executable, str(checkout / "scripts" / "build.py"), "--out", str(out)]
        + ["--cache", str(cache)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


@pytest.mark.parametrize("folder", ["data", "geodata", "static/geo"])
def test_the_build_reproduces_the_shipped_files_byte_for_byte(built, folder):
    shipped = ROOT / folder
    assert shipped.is_dir()
    assert _differences(built / folder, shipped) == []


def test_the_build_compiles_the_shipped_catalogs(built):
    """The app reads the compiled catalogs (.mo): each is what its .po compiles to."""
    shipped = sorted(p.relative_to(ROOT) for p in (ROOT / "locales").rglob("*.mo"))
    assert shipped, "no compiled catalog shipped"
    made = sorted(p.relative_to(built) for p in (built / "locales").rglob("*.mo"))
    assert made == shipped
    for rel in shipped:
        assert (built / rel).read_bytes() == (ROOT / rel).read_bytes(), rel


def test_the_comparison_sees_a_changed_byte(built, tmp_path):
    """The byte comparison above can fail: one changed byte in a copy is reported."""
    copy = tmp_path / "data"
    shutil.copytree(built / "data", copy)
    path = copy / "flows.csv"
    path.write_bytes(path.read_bytes().replace(b",", b";", 1))
    assert _differences(copy, ROOT / "data") == [f"differs: {ROOT / 'data' / 'flows.csv'}"]


def _script_imports() -> dict[str, set[str]]:
    """For each module of scripts/, the other modules of scripts/ it imports."""
    names = {p.stem for p in SCRIPTS.glob("*.py")}
    graph = {}
    for path in SCRIPTS.glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
        graph[path.stem] = found & names - {path.stem}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` as a list of modules, or [] if it has none."""
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str]:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt]
            if nxt not in state and (found := visit(nxt, trail + [nxt])):
                return found
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return []


def test_no_module_of_scripts_imports_one_that_imports_it_back():
    graph = _script_imports()
    assert "build" in graph and graph["build"] >= {"build_geodata", "build_points"}
    assert _cycle(graph) == []


def test_the_cycle_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_no_script_names_a_folder_outside_the_checkout():
    """The inputs are in the repository: no script reaches for a sibling folder."""
    for path in SCRIPTS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "ROOT.parent" not in text, path.name
        assert "../shared" not in text and '"shared"' not in text, path.name
