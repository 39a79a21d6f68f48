"""Borders: every section with its reported lengths (each source) and computed lengths."""

import streamlit as st

from corridor import cache, ui
from corridor.borders import border_table, province_shares
from corridor.citations import source_line

cat, opts, view = ui.page_context()
st.title("Borders and their lengths")
st.caption(
    "Published lengths are measured along the demarcated line on large-scale surveys; "
    "lengths computed from a map get shorter as the map gets coarser, because meanders "
    "and zig-zags are cut. Both are shown, with the source and resolution of each."
)
if not ui.render_unavailable(cat, "borders"):
    ui.stop()
ui.render_unavailable(cat, "border_lengths_reported", "border_lengths_computed")
borders = cat.layers["borders"]
reported = cat.tables.get("border_lengths_reported")
table = border_table(borders, reported)
st.subheader("Every section: computed and reported")
st.dataframe(table, hide_index=True, key="borders_table")
ui.render_source(list(table["source_id"].dropna()) + list(borders["length_source_id"]), unit="km")
ui.render_download(table, cat, "border_lengths", key="borders_dl")

st.subheader("Shares of China's borders by province")
shares = province_shares(borders, reported)
st.dataframe(shares, hide_index=True, key="shares_table")
st.caption(
    "Computed shares: the province's section of the Natural Earth 1:10m line over the "
    "whole line. Reported shares are as printed by their source."
)
ui.render_source(list(shares["source_id"].dropna()) + ["ne_10m_admin0"], unit="percent")

computed = cat.tables.get("border_lengths_computed")
if computed is not None and reported is not None:
    names = dict(zip(borders["border_id"], borders["name_en"]))
    ids = list(computed["source_id"]) + list(reported["source_id"])
    fig = cache.figure(
        "border_resolution", computed, reported, names, source_line(ids, cat.tables.get("sources"))
    )
    ui.render_chart(fig, "border_resolution", "border_length_by_resolution")
    ui.render_source(ids, unit="km")
    ui.render_download(computed, cat, "border_lengths_computed", key="computed_dl")
ui.render_citation(
    ui.current_url(), list(table["source_id"].dropna()) + list(borders["length_source_id"])
)
