"""Cooperation: Beijing–Inner Mongolia figures, Heilongjiang–Russia priorities, a timeline."""

from functools import partial

import streamlit as st

from corridor import cache, ui
from corridor.chartnotes import chart_note, series_note
from corridor.citations import source_line, with_source_names
from corridor.filters import events_in_years, in_years
from corridor.i18n import _
from corridor.summary import UNIT_SHORT, cooperation_rows
from corridor.vocabulary import EVENT_CATEGORIES

cat, opts, view = ui.page_context()
st.title(_("Cooperation"))
sources = cat.tables.get("sources")

st.header(_("Beijing – Inner Mongolia paired assistance"))
if ui.render_unavailable(cat, "cooperation"):
    co = in_years(cat.tables["cooperation"], view)
    funds = co[co["indicator"] == "beijing_assistance_funds"].assign(
        label=_("Beijing assistance funds per year"),
        reporter="CHN",
        is_partial_year=False,
        is_approximate=False,
    )
    if funds.empty:
        st.info(_("Beijing's assistance funds: no published figures in the chosen years."))
    fig = (
        None
        if funds.empty
        else cache.figure(
            "series",
            with_source_names(funds, sources),
            _("Beijing's assistance funds to Inner Mongolia (million yuan per year)"),
            source_line(funds["source_id"], sources),
            UNIT_SHORT["cny_mn"],
            label_col="label",
        )
    )
    placed = _(
        "The first value is printed as 'initially'; it is placed at 1997, the year of "
        "the minutes of talks (marked inferred in the data)."
    )
    if fig is not None:
        title = fig.layout.meta["title"]
        note = partial(series_note, funds, title, _("million yuan"), sources, done=(placed,))
        ui.render_chart(fig, "coop_funds", "beijing_assistance_funds", note=note)
        ui.render_source(funds["source_id"], unit=_("million yuan"))
    st.caption(placed)
    st.dataframe(
        ui.reader_table(cooperation_rows(co)),
        hide_index=True,
        key="coop_table",
    )
    ui.render_source(co["source_id"])
    ui.render_download(co, cat, "cooperation", key="coop_dl")

st.header(_("Timeline"))
if ui.render_unavailable(cat, "events"):
    ev = events_in_years(cat.tables["events"], view)
    if ev.empty:
        st.info(_("No dated events in the chosen years."))
    else:
        fig = cache.figure("timeline", ev, source_line(ev["source_id"], sources, limit=6))
        shown = _(
            "Each dated event of the source documents, one row per category; an event dated "
            "to a year or a month only is drawn at its first day."
        )
        title = fig.layout.meta["title"]
        note = partial(chart_note, title, ev["source_id"], sources, shown=(shown,))
        ui.render_chart(fig, "timeline", "corridor_timeline", note=note)
    shown_ev = ev.assign(category=[EVENT_CATEGORIES.get(c, c) for c in ev["category"]])
    st.dataframe(
        ui.reader_table(shown_ev, drop=("date_precision",)), hide_index=True, key="events_table"
    )
    ui.render_source(ev["source_id"])
    ui.render_download(ev, cat, "events", key="events_dl")
    hlj = ev[ev["category"] == "Heilongjiang–Russia"]
    st.header(_("Heilongjiang – Russia priorities"))
    # each event as its English source words it (title and description are the source's)
    for r in hlj.itertuples():
        when = r.date or _("year not printed")
        st.markdown(f"**{ui.md_escape(when)}**")
        ui.render_in_english([r.title, r.description], small=False)
    ui.render_source(hlj["source_id"])
ui.render_citation(
    ui.current_url(),
    [
        s
        for name, rows in (("cooperation", in_years), ("events", events_in_years))
        if name in cat.tables
        for s in rows(cat.tables[name], view)["source_id"]
    ],
)
