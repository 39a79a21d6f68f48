"""Ports: every port in a searchable table linked with the map; the selected port's charts."""

from functools import partial

import streamlit as st

from corridor import cache, state, ui
from corridor.chartnotes import port_metric_note
from corridor.citations import source_line, with_source_names
from corridor.filters import flows_for_port, in_years, series_names
from corridor.i18n import _, ngettext
from corridor.summary import UNIT_SHORT
from corridor.vocabulary import DIRECTION_LABELS, METRIC_IN_TEXT, METRIC_LABELS, REPORTER_NAMES

cat, opts, view = ui.page_context()
st.title(_("Ports"))
if not ui.render_unavailable(cat, "ports"):
    ui.stop()
ui.render_unavailable(cat, "port_flows")
ports = cache.shown_ports(view)
st.caption(
    ngettext("{n} port matches the filters.", "{n} ports match the filters.", len(ports)).format(
        n=len(ports)
    )
    + " "
    + _(
        "Type a port's name in English, Chinese, Russian or Mongolian in the Port box below, or "
        "choose a row, to see the port."
    )
)
ui.render_port_table(ports, cat, key="ports_table")
ui.render_ports_download(ports, cat, key="ports_table_dl")

# port id -> (search label in every script, name in the reader's language); shared: read only.
# The box shows (and so filters on) the search label, as the sidebar's Ports filter does.
search_labels, names = cache.port_labels()
choice = st.selectbox(
    _("Port"),
    opts.ports,
    key="port_select",
    format_func=lambda p: search_labels.get(p, p),
    index=opts.ports.index(view.port) if view.port in opts.ports else None,
    placeholder=_("Choose a port"),
)
if choice and choice != view.port:
    state.select_port(choice)
    st.rerun()
if not view.port:
    ui.stop()

ui.render_port_card(cat, view.port)
if "port_flows" not in cat.tables:
    ui.stop()
all_years = flows_for_port(cat.tables["port_flows"], cat.layers["ports"], view.port)
flows = in_years(all_years, view)
if flows.empty:
    if not all_years.empty:  # (a port with no figure at all: its card has said so)
        st.info(_("No published figures for this port in the chosen years."))
    ui.stop()
labels = series_names(names, flows["port_id"])
for metric in [m for m in METRIC_LABELS if m in set(flows["metric"])]:
    rows = flows[flows["metric"] == metric]
    src = source_line(rows["source_id"], cat.tables.get("sources"))
    title = _("{port}: {metric} by year").format(
        port=names[view.port], metric=METRIC_IN_TEXT[metric]
    )
    named = with_source_names(rows, cat.tables.get("sources"))
    fig = cache.figure("port_metric", named, metric, title, src, labels)
    note = partial(port_metric_note, rows, metric, title, cat.tables.get("sources"))
    ui.render_chart(fig, key=f"port_{metric}", filename=f"{view.port}_{metric}", note=note)
    ui.render_port_chart_key(view.port, metric, view.years)
    ui.render_source(rows["source_id"])
st.subheader(_("Every published figure for this port"))
st.dataframe(
    ui.reader_table(
        flows.assign(
            port_id=flows["port_id"].map(lambda p: labels.get(p, p)),
            metric=flows["metric"].map(lambda m: METRIC_LABELS.get(m, m)),
            direction=flows["direction"].map(lambda d: DIRECTION_LABELS.get(d, d)),
            reporter=flows["reporter"].map(lambda r: REPORTER_NAMES.get(r, r)),
            unit=flows["unit"].map(lambda u: UNIT_SHORT.get(u, u)),
        ).rename(columns={"port_id": "port"})
    ),
    hide_index=True,
    key="port_flows_table",
)
ui.render_download(flows, cat, f"{view.port}_figures", key="port_flows_dl")
ui.render_citation(ui.current_url(), list(flows["source_id"]))
