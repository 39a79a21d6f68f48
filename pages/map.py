"""Map (home): the corridor on our own basemap, headline figures, the selected port's card."""

import streamlit as st

from corridor import cache, mapcomponent, state, ui
from corridor.i18n import _, format_list, ngettext

ui.ensure_app_navigation()
cat = cache.catalog()
opts = cache.options()
# A click on the map reruns the script with the clicked feature already in the session:
# take it first, so this one run draws the new selection (no second run).
state.handle_map_click(mapcomponent.clicked("corridor_map"))
state.handle_map_view(mapcomponent.moved("corridor_map"))
view = state.current_view(opts)

st.title(_("China–Mongolia–Russia Economic Corridor"))
st.caption(
    _(
        "Border ports of Inner Mongolia, Northeast China and Xinjiang, the four northern rail "
        "channels and the borders they cross. Click a port or a channel."
    )
)
ui.render_unavailable(cat, "countries", "borders", "ports", "channels", "port_flows")

shown = cache.shown_ports(view)

# The map first and the card beside it: the whole map and the card's top on the first screen.
# Under the map, the selected port's chart and the headline figures, so a long card leaves no
# empty space beside it; on a phone, where the columns stack, the card comes straight after
# the map and these after the card (the page's style: pagehead.PAGE_CSS).
with st.container(key="map_row"):
    col_map, col_card = st.columns([7, 3], gap="medium")
with col_map:
    # The base map changes only with the filters (rendered once, cached); the selection
    # is a small layer drawn over it (rendered once per selection, cached too).
    out = mapcomponent.show(
        cache.corridor_map(view),
        cache.selection_layer(shown, view),
        key="corridor_map",
        height=460,
        view=(view.zoom, view.center) if view.zoom is not None else None,
        track_view=True,
    )
    if state.handle_map_click(out):
        st.rerun()
    # Every block under the map is there on every run, empty or not: a block that comes
    # and goes shifts the ones after it, and while a click's run redraws them the browser
    # would briefly hold the old figures where the chart goes (a phone then scrolled the
    # card out of view).
    with st.container(key="map_notes"):
        fuller = cache.map_fuller_year(view)
        if fuller:
            # the map's year is the last with any figure, which can rest on one port: offer
            # the year with the most, in one click (the years filter ends there)
            year, n, better, m = fuller
            note, go = st.columns([4, 1], vertical_alignment="center")
            note.caption(
                ngettext(
                    "Sizes are for {year}, which has {n} full-year freight figure in China's "
                    "statistics for the ports shown; {better} has {m}.",
                    "Sizes are for {year}, which has {n} full-year freight figures in China's "
                    "statistics for the ports shown; {better} has {m}.",
                    n,
                ).format(year=year, n=n, better=better, m=m)
            )
            go.button(
                _("Show {year}").format(year=better),
                key="fuller_year",
                on_click=state.end_years_at,
                args=(better, opts),
            )
        st.caption(
            _(
                "Rail channels are drawn along railway lines through their stations and the "
                "towns on their railways, straight where the data has no line; not surveyed "
                "track. Basemap: Natural Earth 1:10m (public domain); towns: GeoNames; railway "
                "lines: © OpenStreetMap contributors (ODbL)."
            )
        )
    with st.container(key="selection_chart"):
        if ui.selected_port(cat, view, shown):
            ui.render_port_chart(view.port, "freight", view.years)
    with st.container(key="map_figures"):
        ui.render_figures(cache.headline_figures(view), compact=True)
with col_card, st.container(key="selection_card"):
    ui.render_selection_card(cat, view, shown)

if shown is not None:
    unlocated = shown[shown.geometry.isna()]
    if len(unlocated):
        st.info(
            ui.md_escape(
                _(
                    "{n} of the {total} ports shown have no published coordinate and are not "
                    "drawn on the map (we do not place them by guess): {names}. They are "
                    "listed, with their figures, in the table of ports below."
                ).format(
                    n=len(unlocated),
                    total=len(shown),
                    names=format_list(
                        cache.port_labels()[1].get(p, p) for p in unlocated["port_id"]
                    ),
                )
            )
        )
    # The table twin of the map runs only when opened: the data grid's JavaScript (1.7 MB)
    # would otherwise load with the map and delay it (bench/run.py).
    twin = st.expander(
        # a fixed label: the expander keeps its state when the filters change
        _("Table of the ports shown on the map (select a row to select a port)"),
        key="map_table_open",
        on_change="rerun",
        icon=":material/table:",
    )
    if twin.open:
        with twin:
            ui.render_port_table(shown, cat, key="map_port_table")
    ui.render_ports_download(shown, cat, key="map_port_table_dl")
    ui.render_geojson_download(
        shown, "ports_shown", "map_ports_geojson", _("Download the ports shown (GeoJSON)")
    )
ui.render_citation(ui.current_url(), ui.shown_sources(shown))
