"""The one caching layer: Streamlit cache wrappers around pure loaders and builders.

Everything here is held once per server process and shared by every session
(``st.cache_resource``), never copied per call (``st.cache_data`` would unpickle a copy on
every run, which costs server CPU on each page view; ``bench/run.py`` measures it). So none
of it may be modified: ``tests/pages`` runs every page and then compares each shared object
with a fresh computation.

- The catalog (every table and layer) is read-only; pages derive new frames.
- The ports with their latest figure depend only on the catalog; each run filters them.
- Rendered maps are strings the map element only reads.
- Charts are Plotly figures that ``st.plotly_chart`` only serialises: :func:`figure` builds
  each once per distinct input; :func:`port_card_figure` keys the port card's chart by port,
  so a click does not hash rows. The card's latest figures, the map's selection highlight and
  the headline figures are kept the same way.
- The Flows page's charts are built together, with the rows they show, once per filter set
  (:func:`flow_items`, :func:`port_flow_items`), so a rerun does not hash each chart's rows.
- Source lines and the "cite this view" text are built once per distinct list of sources.

Everything that holds words is keyed by the reader's language too (``lang``, from
``i18n.current()``): the same view in two languages is two entries.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from corridor import coverage, figures, flowcharts, i18n, mapcomponent
from corridor.catalog import Catalog, load_catalog
from corridor.chartnotes import item_note
from corridor.citations import cite_view, source_line
from corridor.citations import source_quality as build_source_quality
from corridor.figures import port_card_figure as build_port_card_figure
from corridor.filters import (
    attach_latest,
    filter_ports,
    flows_for_port,
    fuller_year,
    port_names,
    series_names,
    view_options,
    year_bounds,
)
from corridor.maps import (
    build_channel_map,
    build_selection_layer,
    corridor_map_for,
)
from corridor.maps import map_ports as build_map_ports
from corridor.paths import data_dir, geodata_dir
from corridor.places import port_name
from corridor.summary import Figure, latest_by_metric
from corridor.summary import headline_figures as build_headline_figures
from corridor.viewstate import Options, View


@st.cache_resource(show_spinner=False)
def _catalog(data: str, geodata: str) -> Catalog:
    """Load and check every file once per folder pair (the files do not change at run time)."""
    return load_catalog(Path(data), Path(geodata))


def catalog() -> Catalog:
    """The loaded data of this app, with per-file errors. Read-only: shared by every session."""
    return _catalog(str(data_dir()), str(geodata_dir()))


@st.cache_resource(show_spinner=False)
def _options(data: str, geodata: str) -> Options:
    cat = _catalog(data, geodata)
    return view_options(cat.layers.get("ports"), year_bounds(cat), cat.layers.get("channels"))


def options() -> Options:
    """What a view may hold (ports, provinces, channels, years), from the loaded data."""
    return _options(str(data_dir()), str(geodata_dir()))


@st.cache_resource(show_spinner=False)
def _port_labels(data: str, geodata: str, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    cat = _catalog(data, geodata)
    ports = cat.layers.get("ports")
    if ports is None:
        return port_names(cat), {}
    # the reader's language where the data names the port in it, else English
    names = [port_name(r) for r in ports.to_dict("records")]
    return port_names(cat), dict(zip(ports["port_id"], names))


def port_labels() -> tuple[dict[str, str], dict[str, str]]:
    """Port id -> (search label in every script, name in the reader's language where the data
    has it, else English). Read-only."""
    return _port_labels(str(data_dir()), str(geodata_dir()), i18n.current())


@st.cache_resource(show_spinner=False)
def _ports_latest(data: str, geodata: str, lang: str) -> pd.DataFrame | None:
    cat = _catalog(data, geodata)
    ports = cat.layers.get("ports")
    return None if ports is None else attach_latest(ports, cat.tables.get("port_flows"))


def ports_latest() -> pd.DataFrame | None:
    """Every port with its latest freight figure; None when ports did not load. Read-only."""
    return _ports_latest(str(data_dir()), str(geodata_dir()), i18n.current())


def _shown(data: str, geodata: str, view: View) -> pd.DataFrame | None:
    latest = _ports_latest(data, geodata, i18n.current())
    return None if latest is None else filter_ports(latest, view)


def shown_ports(view: View) -> pd.DataFrame | None:
    """The ports a view's filters show, with their latest freight (a new frame per call)."""
    return _shown(str(data_dir()), str(geodata_dir()), view)


def _filter_key(view: View) -> tuple:
    """What of a view changes the map and the headline figures (not the selection)."""
    return (view.partner, view.provinces, view.modes, view.ports, view.years, view.tiles)


def _view_of(filters: tuple) -> View:
    partner, provinces, modes, ports, years, tiles = filters
    return View(partner, provinces, modes, ports, years, tiles=tiles)


@st.cache_resource(show_spinner=False, max_entries=256)
def _corridor_map(data: str, geodata: str, filters: tuple, lang: str) -> dict:
    return mapcomponent.payload(corridor_map_for(_catalog(data, geodata), _view_of(filters)))


def corridor_map(view: View) -> dict:
    """The corridor map of a view's filters, rendered for the map component (no selection).

    Shared by every session: read it, never change it."""
    return _corridor_map(str(data_dir()), str(geodata_dir()), _filter_key(view), i18n.current())


@st.cache_resource(show_spinner=False, max_entries=16)
def _channel_map(data: str, geodata: str, channel_id: str, lang: str) -> dict:
    layers = _catalog(data, geodata).layers
    return mapcomponent.payload(build_channel_map(layers, channel_id))


def channel_map(channel_id: str) -> dict:
    """The route map of one rail channel, rendered for the map component. Read-only."""
    return _channel_map(str(data_dir()), str(geodata_dir()), channel_id, i18n.current())


@st.cache_resource(show_spinner=False, max_entries=64)  # every port's chart (36), bounded
def _port_card_figure(data: str, geodata: str, port_id: str, metric: str, years, lang: str):
    return build_port_card_figure(_catalog(data, geodata), port_id, metric, years)


def port_card_figure(port_id: str, metric: str, years: tuple[int, int] | None = None):
    """The port card's chart of one metric (a Plotly figure, or None when nothing is published).

    Built once per port and shared: building it takes about 0.1 s, which would otherwise be
    spent on every click on a port (``bench/rerun.py``). ``st.plotly_chart`` serialises a copy;
    nothing may change it.
    """
    return _port_card_figure(
        str(data_dir()), str(geodata_dir()), port_id, metric, years, i18n.current()
    )


def _port_rows(cat: Catalog, port_id: str, years) -> pd.DataFrame:
    rows = flows_for_port(cat.tables["port_flows"], cat.layers["ports"], port_id)
    if years:
        rows = rows[(rows["year"] >= years[0]) & (rows["year"] <= years[1])]
    return rows


@st.cache_resource(show_spinner=False, max_entries=256)
def _port_conflicts(data: str, geodata: str, port_id: str, years, lang: str) -> tuple:
    from corridor.conflicts import latest_conflicts

    return tuple(latest_conflicts(_port_rows(_catalog(data, geodata), port_id, years), most=3))


def port_conflicts(port_id: str, years: tuple[int, int] | None = None) -> tuple:
    """A port's figures that differ for one year (``conflicts.latest_conflicts``, at most 3),
    within ``years``: worked out once per port, years and language (it takes ~0.06 s)."""
    return _port_conflicts(str(data_dir()), str(geodata_dir()), port_id, years, i18n.current())


@st.cache_resource(show_spinner=False, max_entries=256)
def _port_note(data, geodata, port_id, metric, years, url, accessed, lang):
    from corridor.chartnotes import port_metric_note

    cat = _catalog(data, geodata)
    fig = _port_card_figure(data, geodata, port_id, metric, years, lang)
    rows = _port_rows(cat, port_id, years)
    title = fig.layout.meta["title"]
    sources = cat.tables.get("sources")
    return port_metric_note(rows, metric, title, sources, url=url, accessed=accessed)


def port_note(port_id: str, metric: str, years, url: str, accessed: str):
    """The "About this data" of a port card's chart (``chartnotes.port_metric_note``), built
    once per port, years, link, day and language rather than on every rerun."""
    return _port_note(
        str(data_dir()), str(geodata_dir()), port_id, metric, years, url, accessed, i18n.current()
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _port_chart_key(data: str, geodata: str, port_id: str, metric: str, years, lang: str) -> str:
    from corridor.flowcharts import symbol_key

    cat = _catalog(data, geodata)
    if "port_flows" not in cat.tables or "ports" not in cat.layers:
        return ""
    rows = _port_rows(cat, port_id, years)
    rows = rows[rows["metric"] == metric]
    return symbol_key(rows, by_direction=True) if len(rows) else ""


def port_chart_key(port_id: str, metric: str, years=None) -> str:
    """The key to the symbols of a port's chart of ``metric`` (``flowcharts.symbol_key``:
    dashes for directions, triangles for lower bounds, open symbols for part-years), or ''."""
    return _port_chart_key(
        str(data_dir()), str(geodata_dir()), port_id, metric, years, i18n.current()
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _port_latest(data: str, geodata: str, port_id: str, years, lang: str) -> pd.DataFrame | None:
    # keyed by language: each figure's label is in words ("Freight (total)")
    cat = _catalog(data, geodata)
    if "port_flows" not in cat.tables or "ports" not in cat.layers:
        return None
    return latest_by_metric(_port_rows(cat, port_id, years))


def port_latest(port_id: str, years: tuple[int, int] | None = None) -> pd.DataFrame | None:
    """A port's latest published value per metric (its card's figures), within ``years`` when
    given; None when the flows did not load. Read-only."""
    return _port_latest(str(data_dir()), str(geodata_dir()), port_id, years, i18n.current())


@st.cache_resource(show_spinner=False, max_entries=256)
def _selection_layer(
    data: str,
    geodata: str,
    port_id: str | None,
    channel_id: str | None,
    offset: tuple | None,
    lang: str,
):
    layers = _catalog(data, geodata).layers
    return mapcomponent.layer_script(build_selection_layer(layers, port_id, channel_id, offset))


@st.cache_resource(show_spinner=False, max_entries=256)
def _map_ports(data: str, geodata: str, filters: tuple, lang: str):
    # keyed by language: the ports carry words (the year's label, the figures that differ)
    return build_map_ports(_catalog(data, geodata), _view_of(filters))


def map_ports(view: View) -> tuple[pd.DataFrame | None, int | None]:
    """The ports the map draws for a view's filters (freight in the map's year, radius, pixel
    offset) and that year (``maps.map_ports``). Read-only."""
    return _map_ports(str(data_dir()), str(geodata_dir()), _filter_key(view), i18n.current())


def selection_layer(shown: pd.DataFrame | None, view: View) -> str | None:
    """The highlight of the view's selected port (when shown) or channel, rendered for the map
    component; the same selection is rendered once. Read-only."""
    port = view.port if shown is not None and view.port in set(shown["port_id"]) else None
    offset = None
    if port:
        drawn = map_ports(view)[0]
        match = drawn[drawn["port_id"] == port] if drawn is not None else None
        if match is not None and len(match) and match.iloc[0]["offset"]:
            offset = tuple(match.iloc[0]["offset"])
    return _selection_layer(
        str(data_dir()), str(geodata_dir()), port, view.channel, offset, i18n.current()
    )


# The figure builders that :func:`figure` may call, by name.
BUILDERS = {
    "series": figures.build_series_figure,
    "port_metric": figures.build_port_metric_figure,
    "border_resolution": figures.build_border_resolution_figure,
    "border_lengths": figures.build_border_lengths_figure,
    "timeline": figures.build_timeline_figure,
}


# A Plotly figure holds about 130 KB in memory: these bounds keep the shared charts under 25 MB
# however many filter combinations readers (or crawlers) ask for.
@st.cache_resource(show_spinner=False, max_entries=128)
def _figure(kind: str, args: tuple, kwargs: tuple, lang: str):
    return BUILDERS[kind](*args, **dict(kwargs))


def figure(kind: str, *args, **kwargs):
    """``figures.build_<kind>_figure(*args, **kwargs)``, built once per distinct input (its
    data frames are hashed by content) and shared: read it, never change it."""
    return _figure(kind, args, tuple(sorted(kwargs.items())), i18n.current())


@st.cache_resource(show_spinner=False, max_entries=256)
def _headline_figures(data: str, geodata: str, filters: tuple, lang: str) -> tuple[Figure, ...]:
    shown = _shown(data, geodata, _view_of(filters))
    return tuple(build_headline_figures(_catalog(data, geodata), shown, _view_of(filters)))


def headline_figures(view: View) -> tuple[Figure, ...]:
    """The Map page's headline numbers for a view's filters (frozen dataclasses, shared)."""
    return _headline_figures(str(data_dir()), str(geodata_dir()), _filter_key(view), i18n.current())


@st.cache_resource(show_spinner=False, max_entries=256)
def _fuller_year(data: str, geodata: str, filters: tuple) -> tuple[int, int, int, int] | None:
    shown = _shown(data, geodata, _view_of(filters))
    flows = _catalog(data, geodata).tables.get("port_flows")
    return None if shown is None else fuller_year(flows, shown, _view_of(filters))


def map_fuller_year(view: View) -> tuple[int, int, int, int] | None:
    """``filters.fuller_year`` for a view's filters: a year the map could show with at least
    twice as many ports sized, or None."""
    return _fuller_year(str(data_dir()), str(geodata_dir()), _filter_key(view))


@st.cache_resource(show_spinner=False)
def _source_quality(data: str, geodata: str, lang: str) -> pd.DataFrame | None:
    sources = _catalog(data, geodata).tables.get("sources")
    return None if sources is None else build_source_quality(sources)


def source_quality() -> pd.DataFrame | None:
    """How far the sources go, by grade (``citations.source_quality``). Read-only."""
    return _source_quality(str(data_dir()), str(geodata_dir()), i18n.current())


@st.cache_resource(show_spinner=False, max_entries=1024)
def _source_text(data: str, geodata: str, ids: tuple[str, ...], limit: int, lang: str) -> str:
    return source_line(ids, _catalog(data, geodata).tables.get("sources"), limit=limit)


def _distinct(source_ids) -> tuple[str, ...]:
    """The ids in order of first use, blanks left out: the cache key of a list of sources."""
    return tuple(dict.fromkeys(s for s in source_ids if s))


def source_text(source_ids, limit: int = 4) -> str:
    """``citations.source_line`` for these source ids, built once per distinct list."""
    return _source_text(
        str(data_dir()), str(geodata_dir()), _distinct(source_ids), limit, i18n.current()
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _citation(
    data: str, geodata: str, url: str, ids: tuple[str, ...], accessed: str, lang: str
) -> str:
    return cite_view(url, ids, _catalog(data, geodata).tables.get("sources"), accessed)


def citation(url: str, source_ids, accessed: str) -> str:
    """``citations.cite_view`` for a view, built once per distinct link, sources and day."""
    return _citation(
        str(data_dir()), str(geodata_dir()), url, _distinct(source_ids), accessed, i18n.current()
    )


# About 1.5 MB per filter set (a dozen charts): at most 16 sets are kept.
@st.cache_resource(show_spinner=False, max_entries=16)
def _flow_items(data: str, geodata: str, filters: tuple, lang: str) -> tuple[flowcharts.Item, ...]:
    return tuple(flowcharts.trade_items(_catalog(data, geodata), _view_of(filters)))


def flow_items(view: View) -> tuple[flowcharts.Item, ...]:
    """The Flows page's trade and train charts for a view's filters (built once, shared)."""
    return _flow_items(str(data_dir()), str(geodata_dir()), _filter_key(view), i18n.current())


@st.cache_resource(show_spinner=False, max_entries=16)
def _port_flow_items(
    data: str, geodata: str, filters: tuple, lang: str
) -> tuple[flowcharts.Item, ...]:
    view = _view_of(filters)
    shown = _shown(data, geodata, view)
    short = _port_labels(data, geodata, lang)[1]
    return tuple(flowcharts.port_items(_catalog(data, geodata), shown, view, short))


def port_flow_items(view: View) -> tuple[flowcharts.Item, ...]:
    """The Flows page's charts of the shown ports' freight and passengers (built once)."""
    return _port_flow_items(str(data_dir()), str(geodata_dir()), _filter_key(view), i18n.current())


@st.cache_resource(show_spinner=False, max_entries=256)
def _item_note(data, geodata, filters, key, url, accessed, lang, _item):
    # ``_item`` (not hashed: a figure and its rows) is the chart ``key`` of these filters
    sources = _catalog(data, geodata).tables.get("sources")
    return item_note(_item, sources)(url=url, accessed=accessed)


def flow_note(view: View, item):
    """The "About this data" builder of a Flows page chart (``chartnotes.item_note``): the
    note is made once per chart, filters, link, day and language, not on every rerun."""

    def note(url: str, accessed: str):
        return _item_note(
            str(data_dir()),
            str(geodata_dir()),
            _filter_key(view),
            item.key,
            url,
            accessed,
            i18n.current(),
            item,
        )

    return note


@st.cache_resource(show_spinner=False, max_entries=32)
def _coverage_figures(data: str, geodata: str, series_years, port_years, lang: str):
    cat = _catalog(data, geodata)
    sources = cat.tables.get("sources")
    out = []
    if "flows" in cat.tables:
        flows = cat.tables["flows"]
        matrix = coverage.series_coverage(flows, coverage.series_labels(flows), series_years)
        title = i18n._("Series: years with a figure")
        source = source_line(flows["source_id"], sources)
        out.append(("series", coverage.build_coverage_figure(matrix, title, source)))
    if "port_flows" in cat.tables and "ports" in cat.layers:
        pf = cat.tables["port_flows"]
        names = series_names(_port_labels(data, geodata, lang)[1], pf["port_id"])
        matrix = coverage.port_coverage(pf, names, port_years)
        title = i18n._("Ports: years with a figure")
        source = source_line(pf["source_id"], sources)
        out.append(("ports", coverage.build_coverage_figure(matrix, title, source)))
    return tuple(out)


def coverage_figures(series_years, port_years) -> tuple[tuple[str, object], ...]:
    """The Data and sources page's coverage charts (series, ports) for a years range, built
    once per range and language and shared: read them, never change them."""
    return _coverage_figures(
        str(data_dir()), str(geodata_dir()), series_years, port_years, i18n.current()
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _port_coverage_line(data: str, geodata: str, port_id: str, lang: str) -> str:
    cat = _catalog(data, geodata)
    if "port_flows" not in cat.tables or "ports" not in cat.layers:
        return ""
    rows = flows_for_port(cat.tables["port_flows"], cat.layers["ports"], port_id)
    return coverage.port_coverage_line(rows.assign(port_id=port_id), port_id)


def port_coverage_line(port_id: str) -> str:
    """The port card's line of how many years the port (and its complex) has a figure for
    (``coverage.port_coverage_line``), once per port and language; '' without the flows."""
    return _port_coverage_line(str(data_dir()), str(geodata_dir()), port_id, i18n.current())
