"""The one caching layer: Streamlit ``st.cache_data`` wrappers around pure loaders."""

from __future__ import annotations

import streamlit as st

from corridor.catalog import Catalog, load_catalog
from corridor.paths import data_dir, geodata_dir


@st.cache_data(show_spinner=False)
def _catalog(data: str, geodata: str) -> Catalog:
    """Load and check every file once per folder pair (the files do not change at run time)."""
    from pathlib import Path

    return load_catalog(Path(data), Path(geodata))


def catalog() -> Catalog:
    """The loaded data of this app, with per-file errors."""
    return _catalog(str(data_dir()), str(geodata_dir()))
