"""Trade and passenger flows: country pairs, provinces, ports and China–Europe trains, in tabs."""

import pandas as pd
import streamlit as st

from corridor import cache, ui
from corridor.i18n import _
from corridor.vocabulary import FLOW_SECTIONS

cat, opts, view = ui.page_context()
st.title(_("Trade and passenger flows"))
st.caption(
    _(
        "Values as published, each with its source. Each tab holds one part of the flows and "
        "one download of all its figures; each chart's key to its symbols is beside it."
    )
)


def show(items) -> None:
    """Draw what ``corridor.flowcharts`` built for this view (shared; built once per filters)."""
    for item in items:
        if item.kind == "subheader":
            st.subheader(item.text)
        elif item.kind == "info":
            st.info(item.text)
        else:
            if item.symbols:
                st.caption(item.symbols)
            note = cache.flow_note(view, item)
            ui.render_chart(item.figure, key=item.key, filename=item.key, note=note)
            ui.render_source(item.source_ids, unit=item.unit)
            if item.parts is not None:
                unit = item.unit or ""
                ui.render_parts_vs_total(item.parts, f"{item.key}_parts", unit)


def section_rows(items) -> pd.DataFrame:
    """Every figure of a section's charts, once (a figure on two charts is one row)."""
    frames = [i.rows for i in items if i.kind == "chart" and i.rows is not None]
    if not frames:
        return pd.DataFrame()
    rows = pd.concat(frames, ignore_index=True)
    return rows.drop_duplicates(ignore_index=True)


items = list(cache.flow_items(view)) if ui.render_unavailable(cat, "flows") else []
if ui.render_unavailable(cat, "ports", "port_flows"):
    items += list(cache.port_flow_items(view))
tabs = dict(zip(FLOW_SECTIONS, st.tabs(list(FLOW_SECTIONS.values()))))
cited = []
for section, tab in tabs.items():
    with tab:
        here = [i for i in items if i.section == section]
        if not here:
            st.info(_("Not shown: the table these charts come from could not be used."))
            continue
        show(here)
        rows = section_rows(here)
        if not rows.empty:
            cited += list(rows["source_id"])
            ui.render_download(
                rows,
                cat,
                f"flows_{section}",
                key=f"{section}_dl",
                label=_("Download every figure of {section} (CSV, with sources)").format(
                    section=FLOW_SECTIONS[section]
                ),
            )
ui.render_citation(ui.current_url(), cited)
