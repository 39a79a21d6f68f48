"""Shared fixtures: copies of the shipped data that a test may break."""

from __future__ import annotations

import hashlib
import os
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


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def need_nginx() -> str:
    """nginx's path; without nginx a test skips with a message, and fails under CI=true
    (as the browser tests do without Chromium)."""
    if Path(NGINX).exists():
        return NGINX
    message = "nginx not found: install it with `apt-get install -y nginx` to run this test"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)
