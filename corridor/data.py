"""Typed, validated loaders for the CSV tables in data/ (pure: no Streamlit)."""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from corridor.paths import DATA_DIR, DATAPACKAGE
from corridor.validate import DataError, Problem, validate_table


@lru_cache(maxsize=4)
def load_datapackage(path: Path = DATAPACKAGE) -> dict:
    """The Frictionless descriptor of data/: resources, schemas and the unit vocabulary."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def resource(name: str, package: dict | None = None) -> dict:
    """The descriptor of one resource (table) by name."""
    package = package or load_datapackage()
    for res in package["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"no resource named {name!r} in datapackage.json")


def read_text_table(path: Path) -> pd.DataFrame:
    """Read a CSV with every cell as text; raise DataError on unreadable files.

    A UTF-8 byte-order mark is accepted; other encodings, empty files and rows with the
    wrong number of cells are reported with the file and line.
    """
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DataError(name, [Problem(name, None, None, "file is missing")]) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise DataError(name, [Problem(name, line, None, "is not UTF-8 text")]) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise DataError(name, [Problem(name, None, None, "file is empty")])
    header, body = rows[0], rows[1:]
    bad = [
        Problem(name, i + 2, None, f"has {len(r)} cells, the header has {len(header)}")
        for i, r in enumerate(body)
        if len(r) != len(header) and any(r)
    ]
    if bad:
        raise DataError(name, bad)
    body = [r for r in body if any(c.strip() for c in r)]
    return pd.DataFrame(body, columns=header, dtype=str)


def load_table(name: str, data_dir: Path = DATA_DIR, package: dict | None = None) -> pd.DataFrame:
    """Load and validate one table of data/ by its resource name.

    Parameters
    ----------
    name : str
        Resource name in ``datapackage.json`` (``"port_flows"``).
    data_dir : Path
        Folder holding the CSV files (tests point this at fixtures).
    package : dict, optional
        Descriptor to validate against; defaults to ``data/datapackage.json``.

    Returns
    -------
    pandas.DataFrame
        The typed table.

    Raises
    ------
    DataError
        When the file is missing, unreadable or breaks its schema.
    """
    res = resource(name, package)
    raw = read_text_table(Path(data_dir) / res["path"])
    return validate_table(res["path"], raw, res["schema"])


def unit_label(unit: str, package: dict | None = None) -> str:
    """Human label of a unit code (``10k_t`` -> ``10,000 tonnes (万吨)…``)."""
    units = (package or load_datapackage())["units"]
    return units.get(unit, unit)
