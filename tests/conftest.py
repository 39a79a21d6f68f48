"""Shared fixtures: copies of the shipped data that a test may break."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from corridor.paths import DATA_DIR, GEODATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> tuple[Path, Path]:
    """Fresh copies of data/ and geodata/ in a temporary folder: (data_dir, geodata_dir)."""
    data, geo = tmp_path / "data", tmp_path / "geodata"
    shutil.copytree(DATA_DIR, data)
    shutil.copytree(GEODATA_DIR, geo)
    return data, geo


def tree_digest(*folders: Path) -> str:
    """One hash of every file's bytes under the folders (to prove nothing was written)."""
    h = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(path.name.encode())
                h.update(path.read_bytes())
    return h.hexdigest()
