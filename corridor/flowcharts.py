"""What the Flows page draws for a view, in order: headings, charts, notes (pure).

Built once per filter set and shared (``cache.flow_items``), so a rerun of the page with the
same filters only sends what was built, without selecting rows or hashing charts again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from corridor.catalog import Catalog
from corridor.citations import source_line, with_source_names
from corridor.figures import build_port_metric_figure, build_series_figure
from corridor.filters import filter_ports, flows_for_ports, in_years, series_names, year_bounds
from corridor.flowsets import (
    NATIONAL_TRADE,
    PROVINCIAL_TRADE,
    ce_train_series,
    direction_series,
    partner_ok,
    parts_vs_total,
    trade_series,
)
from corridor.i18n import _
from corridor.summary import UNIT_SHORT
from corridor.viewstate import View
from corridor.vocabulary import METRIC_LABELS, SYMBOL_KEY


@dataclass(frozen=True, eq=False)
class Item:
    """One thing the page shows: a ``subheader``, ``info`` note or ``chart``, in a ``section``
    of :data:`~corridor.vocabulary.FLOW_SECTIONS` (the page's tabs).

    A chart carries its figure, the rows it shows (for the download, saved as ``name``.csv),
    their unit and source ids, and for trade by direction the check of exports + imports
    against the totals, and the key to the symbols it uses (``symbols``); a chart of ports'
    figures names its ``metric``.
    """

    kind: str
    section: str = ""
    text: str = ""
    key: str = ""
    name: str = ""
    figure: object = None
    rows: pd.DataFrame | None = None
    unit: str | None = None
    source_ids: tuple[str, ...] = ()
    parts: pd.DataFrame | None = None
    symbols: str = ""
    metric: str = ""


def _ids(df: pd.DataFrame) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for s in df["source_id"] if s))


def symbol_key(df: pd.DataFrame, by_direction: bool = False) -> str:
    """The key to the symbols a chart of ``df`` draws (only those it draws), or ''."""
    used = []
    if by_direction and df["direction"].isin(("in", "out")).any():
        used.append("direction")
    if "reporter" in df and (df["reporter"] != "CHN").any() and not by_direction:
        used.append("reporter")
    if df["is_lower_bound"].astype(bool).any():
        used.append("lower_bound")
    if df["is_partial_year"].astype(bool).any():
        used.append("partial")
    years = sorted(set(df["year"]))
    if any(b - a > 1 for a, b in zip(years, years[1:])):
        used.append("gap")
    key = "; ".join(SYMBOL_KEY[u] for u in used)
    return _("Key: {symbols}.").format(symbols=key) if used else ""


def series_item(
    df: pd.DataFrame,
    title: str,
    y_title: str,
    key: str,
    sources,
    section: str = "",
    years: tuple[int, int] | None = None,
) -> Item:
    """A series chart of ``df`` (labelled rows), or a note that nothing was published;
    ``years``: the years filter's range, where the chart's year axis ends."""
    if df.empty:
        return Item(
            "info",
            section,
            _("{title}: no published figures for the chosen filters.").format(title=title),
        )
    fig = build_series_figure(
        with_source_names(df, sources),
        title,
        source_line(df["source_id"], sources),
        y_title,
        label_col="label",
        years=years,
    )
    rows = df.drop(columns="label")
    return Item(
        "chart",
        section,
        key=key,
        name=key,
        figure=fig,
        rows=rows,
        unit=y_title,
        source_ids=_ids(df),
        symbols=symbol_key(df),
    )


def trade_items(cat: Catalog, view: View) -> list[Item]:
    """Country pairs' trade (totals, then by direction), provincial trade, China–Europe trains.

    Each chart follows every filter that applies to it: the partner filter everywhere, the
    province filter on a province's series, and the port filters (ports, province, mode, as
    they leave ports) on the trains counted at a port.
    """
    sources = cat.tables.get("sources")
    flows = in_years(cat.tables["flows"], view)
    years = view.years or year_bounds(cat)  # what the years filter shows: its axis's end
    items = []
    for unit in ("usd_bn", "cny_bn"):
        df = trade_series(flows, view, NATIONAL_TRADE, unit)
        title = _("Bilateral trade ({unit})").format(unit=UNIT_SHORT[unit])
        key = f"trade_national_{unit}"
        russia = df["geography"] == "CN-RU"
        if russia.all() or not russia.any():
            pairs = list(dict.fromkeys(df["geography"]))
            if len(pairs) == 1:  # the title names the one pair charted (yuan: China–Russia)
                title = _("{title}: {pairs}").format(title=title, pairs=NATIONAL_TRADE[pairs[0]])
            items.append(series_item(df, title, UNIT_SHORT[unit], key, sources, "pairs", years))
            continue
        # China–Russia trade is ten to thirty times Mongolia's with either neighbour: on one
        # axis the Mongolian pairs lay on its zero line, unreadable. Two charts, two scales.
        for part, rows, suffix in (
            (NATIONAL_TRADE["CN-RU"], df[russia], ""),
            (_("Mongolia with China and with Russia"), df[~russia], "_mn"),
        ):
            items.append(
                series_item(
                    rows,
                    _("{title}: {pairs}").format(title=title, pairs=part),
                    UNIT_SHORT[unit],
                    key + suffix,
                    sources,
                    "pairs",
                    years,
                )
            )
    items.append(Item("subheader", "pairs", _("By direction: exports, imports and the total")))
    totals_only = []
    for pair, name in NATIONAL_TRADE.items():
        if not partner_ok(pair, view):  # the filter hides this pair, as in the chart above
            continue
        df = direction_series(flows, view, pair, "usd_bn")
        if df.empty:
            totals_only.append(name)
            continue
        title = _("{pair} trade by direction (US$ bn)").format(pair=name)
        chart = series_item(
            df, title, UNIT_SHORT["usd_bn"], f"trade_dir_{pair}", sources, "pairs", years
        )
        # the chart and, under it, whether its exports and imports add up to its totals
        items.append(replace(chart, parts=parts_vs_total(df)))
    if totals_only:
        items.append(
            Item(
                "info",
                "pairs",
                _(
                    "No exports or imports in US$ published for {pairs} in the chosen years "
                    "(totals only, where published)."
                ).format(pairs=" / ".join(totals_only)),
            )
        )
    for unit in ("usd_bn", "cny_bn"):
        df = trade_series(flows, view, PROVINCIAL_TRADE, unit)
        title = _("Provincial trade ({unit})").format(unit=UNIT_SHORT[unit])
        key = f"trade_provincial_{unit}"
        items.append(series_item(df, title, UNIT_SHORT[unit], key, sources, "provinces", years))
    port_flows = cat.tables.get("port_flows")  # None when its file failed validation
    port_flows = in_years(port_flows, view) if port_flows is not None else None
    ports = cat.layers.get("ports")
    port_ids = None if ports is None else list(filter_ports(ports, view)["port_id"])
    title = _("China–Europe trains, national and by border port (trains per year)")
    df = ce_train_series(flows, view, port_flows, port_ids)
    items.append(
        series_item(df, title, UNIT_SHORT["trains"], "ce_trains", sources, "trains", years)
    )
    if view.ports or view.provinces or view.modes:
        items.append(
            Item(
                "info",
                "trains",
                _(
                    "The national count is not a port's figure: it stays whatever ports the "
                    "filters choose; the ports' own counts follow the filters."
                ),
            )
        )
    return items


def port_items(
    cat: Catalog, ports: pd.DataFrame, view: View, short_names: dict[str, str]
) -> list[Item]:
    """Freight and passengers of the ports shown, by port and year."""
    sources = cat.tables.get("sources")
    pf = in_years(flows_for_ports(cat.tables["port_flows"], ports), view)
    names = series_names(short_names, pf["port_id"])
    items = []
    for metric in ("freight", "passengers"):
        label = METRIC_LABELS[metric]
        rows = pf[pf["metric"] == metric]
        if rows.empty:
            items.append(
                Item(
                    "info",
                    "ports",
                    _("{measure}: no published figures for the chosen ports and years.").format(
                        measure=label
                    ),
                )
            )
            continue
        source = source_line(rows["source_id"], sources)
        fig = build_port_metric_figure(
            with_source_names(rows, sources),
            metric,
            _("{measure} by port and year").format(measure=label),
            source,
            names,
        )
        key, name = f"ports_{metric}", f"port_{metric}"
        items.append(
            Item(
                "chart",
                "ports",
                key=key,
                name=name,
                figure=fig,
                rows=rows,
                source_ids=_ids(rows),
                symbols=symbol_key(rows, by_direction=True),
                metric=metric,
            )
        )
    return items
