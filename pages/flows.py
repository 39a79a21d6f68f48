"""Trade and passenger flows: bilateral and provincial trade, port flows, China–Europe trains."""

import streamlit as st

from corridor import cache, ui

cat, opts, view = ui.page_context()
st.title("Trade and passenger flows")
st.caption(
    "Values as published. ≥ triangles are lower bounds ('over …'); open symbols are "
    "part-year figures; dotted lines and diamonds are the partner country's statistics."
)


def show(items) -> None:
    """Draw what ``corridor.flowcharts`` built for this view (shared; built once per filters)."""
    for item in items:
        if item.kind == "header":
            st.header(item.text)
        elif item.kind == "subheader":
            st.subheader(item.text)
        elif item.kind == "info":
            st.info(item.text)
        else:
            ui.render_chart(item.figure, key=item.key, filename=item.key)
            ui.render_source(item.source_ids, unit=item.unit)
            ui.render_download(item.rows, cat, item.name, key=f"{item.key}_dl")
            if item.parts is not None:
                unit = item.unit or ""
                ui.render_parts_vs_total(item.parts, f"{item.key}_parts", unit)


if ui.render_unavailable(cat, "flows"):
    show(cache.flow_items(view))

st.header("Freight and passengers by port")
if ui.render_unavailable(cat, "ports", "port_flows"):
    show(cache.port_flow_items(view))
ui.render_citation(ui.current_url(), [])
