"""Trade and passenger flows: bilateral and provincial trade, port flows, China–Europe trains."""

import streamlit as st

from corridor import cache, ui
from corridor.citations import source_line
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

cat, opts, view = ui.page_context()
st.title("Trade and passenger flows")
st.caption(
    "Values as published. ≥ triangles are lower bounds ('over …'); open symbols are "
    "part-year figures; dotted lines and diamonds are the partner country's statistics."
)
sources = cat.tables.get("sources")


def series_chart(df, title, y_title, key):
    """One series chart with its source line and download."""
    if df.empty:
        st.info(f"{title}: no published figures for the chosen filters.")
        return
    fig = cache.figure(
        "series", df, title, source_line(df["source_id"], sources), y_title, label_col="label"
    )
    ui.render_chart(fig, key=key, filename=key)
    ui.render_source(df["source_id"], cat, unit=y_title)
    ui.render_download(df.drop(columns="label"), cat, key, key=f"{key}_dl")


if ui.render_unavailable(cat, "flows"):
    flows = in_years(cat.tables["flows"], view)
    st.header("Bilateral trade")
    for unit in ("usd_bn", "cny_bn"):
        df = trade_series(flows, view, NATIONAL_TRADE, unit)
        series_chart(
            df, f"Bilateral trade ({UNIT_SHORT[unit]})", UNIT_SHORT[unit], f"trade_national_{unit}"
        )
    st.subheader("By direction: exports, imports and the total")
    totals_only = []
    for pair, name in NATIONAL_TRADE.items():
        if not partner_ok(pair, view):  # the filter hides this pair, as in the chart above
            continue
        df = direction_series(flows, view, pair, "usd_bn")
        if df.empty:
            totals_only.append(name)
            continue
        series_chart(df, f"{name} trade by direction (US$ bn)", "US$ bn", f"trade_dir_{pair}")
        ui.render_parts_vs_total(parts_vs_total(df), cat, f"trade_parts_{pair}", "US$ bn")
    if totals_only:
        st.info(
            "No exports or imports in US$ published for "
            + " or ".join(totals_only)
            + " in the chosen years (totals only, where published)."
        )
    st.header("Provincial trade")
    for unit in ("usd_bn", "cny_bn"):
        df = trade_series(flows, view, PROVINCIAL_TRADE, unit)
        series_chart(
            df,
            f"Provincial trade ({UNIT_SHORT[unit]})",
            UNIT_SHORT[unit],
            f"trade_provincial_{unit}",
        )
    st.header("China–Europe trains")
    port_flows = cat.tables.get("port_flows")  # None when its file failed validation
    port_flows = in_years(port_flows, view) if port_flows is not None else None
    series_chart(
        ce_train_series(flows, view, port_flows),
        "China–Europe trains, national and by border port (trains per year)",
        "trains",
        "ce_trains",
    )

st.header("Freight and passengers by port")
if ui.render_unavailable(cat, "ports", "port_flows"):
    ports = cache.shown_ports(view)
    pf = in_years(flows_for_ports(cat.tables["port_flows"], ports), view)
    names = series_names(cache.port_labels()[1], pf["port_id"])
    for metric, label in (("freight", "Freight"), ("passengers", "Passengers")):
        rows = pf[pf["metric"] == metric]
        if rows.empty:
            st.info(f"{label}: no published figures for the chosen ports and years.")
            continue
        fig = cache.figure(
            "port_metric",
            rows,
            metric,
            f"{label} by port and year",
            source_line(rows["source_id"], sources),
            names,
        )
        ui.render_chart(fig, key=f"ports_{metric}", filename=f"ports_{metric}")
        ui.render_source(rows["source_id"], cat)
        ui.render_download(rows, cat, f"port_{metric}", key=f"ports_{metric}_dl")
ui.render_citation(ui.current_url(), [], cat)
