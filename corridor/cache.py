"""The one caching layer: Streamlit cache wrappers around pure loaders and builders.

Two kinds, each for a reason measured in ``bench/run.py``:

- The catalog is read-only and shared by every session, so it is held once with
  ``st.cache_resource``. ``st.cache_data`` would unpickle a copy of every table and layer
  on each call, twice per page view (36 ms of server CPU). Nothing may modify it: pages
  derive new frames (pandas copy-on-write), and ``tests/pages`` checks after running every
  page that the cached catalog still equals a fresh load.
- Rendered maps are small strings, copied cheaply: ``st.cache_data``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from corridor import mapcomponent
from corridor.catalog import Catalog, load_catalog
from corridor.maps import build_channel_map, corridor_map_for
from corridor.paths import data_dir, geodata_dir
from corridor.viewstate import View


@st.cache_resource(show_spinner=False)
def _catalog(data: str, geodata: str) -> Catalog:
    """Load and check every file once per folder pair (the files do not change at run time)."""
    return load_catalog(Path(data), Path(geodata))


def catalog() -> Catalog:
    """The loaded data of this app, with per-file errors. Read-only: shared by every session."""
    return _catalog(str(data_dir()), str(geodata_dir()))


@st.cache_data(show_spinner=False, max_entries=256)
def _corridor_map(data: str, geodata: str, filters: tuple) -> dict:
    partner, provinces, modes, ports, years, tiles = filters
    view = View(partner, provinces, modes, ports, years, tiles=tiles)
    return mapcomponent.payload(corridor_map_for(_catalog(data, geodata), view))


def corridor_map(view: View) -> dict:
    """The corridor map of a view's filters, rendered for the map component (no selection)."""
    filters = (view.partner, view.provinces, view.modes, view.ports, view.years, view.tiles)
    return _corridor_map(str(data_dir()), str(geodata_dir()), filters)


@st.cache_data(show_spinner=False, max_entries=16)
def _channel_map(data: str, geodata: str, channel_id: str) -> dict:
    layers = _catalog(data, geodata).layers
    return mapcomponent.payload(build_channel_map(layers, channel_id), instant_click=False)


def channel_map(channel_id: str) -> dict:
    """The route map of one rail channel, rendered for the map component."""
    return _channel_map(str(data_dir()), str(geodata_dir()), channel_id)
