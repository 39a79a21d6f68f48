"""What the Flows page draws for a view, in order: headings, charts, notes (pure).

Built once per filter set and shared (``cache.flow_items``), so a rerun of the page with the
same filters only sends what was built, without selecting rows or hashing charts again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from corridor.catalog import Catalog
from corridor.citations import source_line
from corridor.figures import build_port_metric_figure, build_series_figure
from corridor.filters import flows_for_ports, in_years, series_names
from corridor.flowsets import (
    NATIONAL_TRADE,
    PROVINCIAL_TRADE,
    ce_train_series,
    direction_series,
    partner_ok,
    parts_vs_total,
    trade_series,
)
from corridor.summary import UNIT_SHORT
from corridor.viewstate import View


@dataclass(frozen=True, eq=False)
class Item:
    """One thing the page shows: a ``header``, ``subheader``, ``info`` note or ``chart``.

    A chart carries its figure, the rows it shows (for the download, saved as ``name``.csv),
    their unit and source ids, and for trade by direction the check of exports + imports
    against the totals.
    """

    kind: str
    text: str = ""
    key: str = ""
    name: str = ""
    figure: object = None
    rows: pd.DataFrame | None = None
    unit: str | None = None
    source_ids: tuple[str, ...] = ()
    parts: pd.DataFrame | None = None


def _ids(df: pd.DataFrame) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for s in df["source_id"] if s))


def series_item(df: pd.DataFrame, title: str, y_title: str, key: str, sources) -> Item:
    """A series chart of ``df`` (labelled rows), or a note that nothing was published."""
    if df.empty:
        return Item("info", f"{title}: no published figures for the chosen filters.")
    fig = build_series_figure(
        df, title, source_line(df["source_id"], sources), y_title, label_col="label"
    )
    rows = df.drop(columns="label")
    return Item(
        "chart", key=key, name=key, figure=fig, rows=rows, unit=y_title, source_ids=_ids(df)
    )


def trade_items(cat: Catalog, view: View) -> list[Item]:
    """Bilateral trade, trade by direction, provincial trade and China–Europe trains."""
    sources = cat.tables.get("sources")
    flows = in_years(cat.tables["flows"], view)
    items = [Item("header", "Bilateral trade")]
    for unit in ("usd_bn", "cny_bn"):
        df = trade_series(flows, view, NATIONAL_TRADE, unit)
        title = f"Bilateral trade ({UNIT_SHORT[unit]})"
        items.append(series_item(df, title, UNIT_SHORT[unit], f"trade_national_{unit}", sources))
    items.append(Item("subheader", "By direction: exports, imports and the total"))
    totals_only = []
    for pair, name in NATIONAL_TRADE.items():
        if not partner_ok(pair, view):  # the filter hides this pair, as in the chart above
            continue
        df = direction_series(flows, view, pair, "usd_bn")
        if df.empty:
            totals_only.append(name)
            continue
        title = f"{name} trade by direction (US$ bn)"
        chart = series_item(df, title, "US$ bn", f"trade_dir_{pair}", sources)
        # the chart and, under it, whether its exports and imports add up to its totals
        items.append(replace(chart, parts=parts_vs_total(df)))
    if totals_only:
        items.append(
            Item(
                "info",
                "No exports or imports in US$ published for "
                + " or ".join(totals_only)
                + " in the chosen years (totals only, where published).",
            )
        )
    items.append(Item("header", "Provincial trade"))
    for unit in ("usd_bn", "cny_bn"):
        df = trade_series(flows, view, PROVINCIAL_TRADE, unit)
        title = f"Provincial trade ({UNIT_SHORT[unit]})"
        items.append(series_item(df, title, UNIT_SHORT[unit], f"trade_provincial_{unit}", sources))
    items.append(Item("header", "China–Europe trains"))
    port_flows = cat.tables.get("port_flows")  # None when its file failed validation
    port_flows = in_years(port_flows, view) if port_flows is not None else None
    title = "China–Europe trains, national and by border port (trains per year)"
    df = ce_train_series(flows, view, port_flows)
    items.append(series_item(df, title, "trains", "ce_trains", sources))
    return items


def port_items(
    cat: Catalog, ports: pd.DataFrame, view: View, short_names: dict[str, str]
) -> list[Item]:
    """Freight and passengers of the ports shown, by port and year."""
    sources = cat.tables.get("sources")
    pf = in_years(flows_for_ports(cat.tables["port_flows"], ports), view)
    names = series_names(short_names, pf["port_id"])
    items = []
    for metric, label in (("freight", "Freight"), ("passengers", "Passengers")):
        rows = pf[pf["metric"] == metric]
        if rows.empty:
            items.append(
                Item("info", f"{label}: no published figures for the chosen ports and years.")
            )
            continue
        source = source_line(rows["source_id"], sources)
        fig = build_port_metric_figure(rows, metric, f"{label} by port and year", source, names)
        key, name = f"ports_{metric}", f"port_{metric}"
        items.append(
            Item("chart", key=key, name=name, figure=fig, rows=rows, source_ids=_ids(rows))
        )
    return items
