"""Import a module of scripts/ from a test (the scripts import each other by name)."""

from __future__ import annotations

import importlib
import sys

from corridor.paths import ROOT


def script(name: str):
    """The module ``scripts/<name>.py``."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT / "scripts"))
