"""Map (home): the corridor on our own basemap, headline figures, the selected port's card."""

import streamlit as st
from streamlit_folium import st_folium

from corridor import cache, state, ui
from corridor.filters import attach_latest, filter_ports, view_options, year_bounds
from corridor.maps import build_corridor_map, build_selection_layer
from corridor.summary import (
    Figure,
    inner_mongolia_borders,
    latest_region_freight,
    ports_by_partner,
    reported_lengths_text,
)

ui.ensure_app_navigation()
cat = cache.catalog()
opts = view_options(cat.layers.get("ports"), year_bounds(cat), cat.layers.get("channels"))
# A click on the map reruns the script with the clicked feature already in the session:
# take it first, so this one run draws the new selection (no second run).
state.handle_map_click(st.session_state.get("corridor_map"))
view = state.current_view(opts)

st.title("China–Mongolia–Russia Economic Corridor")
st.caption(
    "Border ports of Inner Mongolia and Northeast China, the four northern rail "
    "channels and the borders they cross. Click a port or a channel."
)
ui.render_unavailable(cat, "countries", "borders", "ports", "channels", "port_flows")

ports = cat.layers.get("ports")
shown = (
    filter_ports(attach_latest(ports, cat.tables.get("port_flows")), view)
    if ports is not None
    else None
)

figures = [
    f
    for f in (
        ports_by_partner(shown) if shown is not None else None,
        latest_region_freight(cat.tables["flows"]) if "flows" in cat.tables else None,
        inner_mongolia_borders(cat.tables["border_lengths_reported"])
        if "border_lengths_reported" in cat.tables
        else None,
    )
    if f is not None
]
if "channels" in cat.layers:
    ch = cat.layers["channels"]
    figures.append(
        Figure(
            "Northern rail channels",
            str(len(ch)),
            "drawn schematic",
            tuple(sorted(set(ch["source_id"]))),
        )
    )
ui.render_figures(figures, cat)

layers = {
    k: v for k, v in cat.layers.items() if k in ("countries", "provinces", "borders", "channels")
}
if shown is not None:
    layers["ports"] = shown
reported = (
    reported_lengths_text(cat.tables["border_lengths_reported"], cat.tables.get("sources"))
    if "border_lengths_reported" in cat.tables
    else {}
)
col_map, col_card = st.columns([3, 2], gap="medium")
with col_map:
    # The base map changes only with the filters; the selection is a small layer on top.
    fmap = build_corridor_map(layers, reported=reported, tiles=view.tiles)
    out = st_folium(
        fmap,
        feature_group_to_add=build_selection_layer(layers, view.port, view.channel),
        key="corridor_map",
        height=560,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
    )
    if state.handle_map_click(out):
        st.rerun()
    st.caption(
        "Rail channels are schematic: straight lines between their stations, not "
        "railway geometry. Basemap: Natural Earth 1:10m (public domain)."
    )
with col_card:
    ui.render_selection_card(cat, view, shown)

if shown is not None:
    unlocated = shown[shown.geometry.isna()]
    if len(unlocated):
        st.info(
            ui.md_escape(
                f"{len(unlocated)} of the {len(shown)} ports shown have no published "
                "coordinate and are not drawn on the map (we do not place them by guess): "
                + ", ".join(unlocated["name_en"])
                + ". They are listed, with their figures, in the table below."
            )
        )
    ui.render_port_table(shown, cat, key="map_port_table")
    ui.render_geojson_download(
        shown, "ports_shown", "map_ports_geojson", "Download the ports shown (GeoJSON)"
    )
ui.render_citation(ui.current_url(), ui.shown_sources(shown), cat)
