"""Pure folium builders: data in, ``folium.Map`` out (no Streamlit, deterministic)."""

from __future__ import annotations

import html
import math
import os
import re

import folium
import geopandas as gpd

from corridor.filters import shown_ports
from corridor.map_elements import add_accessible_name, add_legend, add_static_basemap
from corridor.style import CHANNEL_COLOURS, COUNTRY_FILL, MODE_DASH, PARTNER_COLOURS, PARTNER_NAMES
from corridor.summary import reported_lengths_text

CENTER = (45.0, 118.0)
MAP_TITLE = (
    "Map of the China–Mongolia–Russia corridor: border ports, borders and rail "
    "channels. The table of ports below the map (open it with its button) lists the same "
    "ports as text."
)
ASSETS = "/app/static/vendor"
CJK_FONT_CSS = "fonts/noto-sans-sc/noto-sans-sc.css"  # written by scripts/vendor_assets.py

TIANDITU = (
    "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
    "&TILECOL={x}&tk="
)


def tile_sources() -> dict:
    """Tile layers a reader may choose: OpenStreetMap always; Tianditu when the host has a key.

    Tianditu (China's official map service; CGCS2000, which matches WGS84 at map scale, unlike
    GCJ-02 maps) needs a token on every request: it is read from the ``TIANDITU_TOKEN``
    environment variable of the host and never kept in the repository.
    """
    out = {
        "none": None,
        "osm": (
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "&copy; OpenStreetMap contributors",
            "OpenStreetMap",
        ),
    }
    token = os.environ.get("TIANDITU_TOKEN", "")
    if re.fullmatch(r"[0-9a-fA-F]{16,64}", token):
        out["tianditu"] = (TIANDITU + token, "&copy; Tianditu (天地图)", "Tianditu")
    return out


def local_assets(m: folium.Map, base: str = ASSETS) -> folium.Map:
    """Point the map's scripts and styles at the copies the app serves itself.

    Set on the instance, not the class, so no other map in the process is changed. jQuery
    (vendored too) is left out: it is needed only by popups, which these maps do not use, and
    each script the page loads before drawing delays the map. The CJK font's style sheet
    declares the served Noto Sans SC slices for the tooltips' Chinese names (a browser fetches
    only the slices a name's characters fall in; ``docs/fonts.md``).
    """
    m.default_js = [
        ("leaflet", f"{base}/leaflet/leaflet.js"),
    ]
    m.default_css = [
        ("leaflet_css", f"{base}/leaflet/leaflet.css"),
        ("cjk_font_css", f"{base}/{CJK_FONT_CSS}"),
    ]
    return m


def as_text(gdf: gpd.GeoDataFrame, columns: list[str]) -> gpd.GeoDataFrame:
    """Copy of ``gdf`` with ``columns`` HTML-escaped: Leaflet tooltips insert them as HTML."""
    out = gdf[columns + ["geometry"]].copy()
    for col in columns:
        out[col] = [html.escape("" if v is None or v != v else str(v)) for v in out[col]]
    return out


def add_basemap(
    m: folium.Map, countries: gpd.GeoDataFrame, provinces=None, fill_opacity: float = 1.0
) -> None:
    """Draw our own country (and province) polygons: the map needs no tile server.

    Over tiles the fill turns translucent, so the tiles show where they load and our
    basemap still shows where they do not.
    """
    folium.GeoJson(
        as_text(countries, ["iso_a3", "name_en", "name_zh"]),
        name="Countries",
        style_function=lambda f: {
            "fillColor": COUNTRY_FILL.get(f["properties"]["iso_a3"], "#f4f4f4"),
            "fillOpacity": fill_opacity,
            "color": "#999",
            "weight": 0.6,
        },
        tooltip=folium.GeoJsonTooltip(["name_en", "name_zh"], aliases=["", ""]),
        control=False,
    ).add_to(m)
    if provinces is not None and len(provinces):
        folium.GeoJson(
            as_text(provinces, ["province_id", "name_en", "name_local"]),
            name="Provinces",
            style_function=lambda f: {"fill": False, "color": "#b0a890", "weight": 0.7},
            tooltip=folium.GeoJsonTooltip(["name_en", "name_local"], aliases=["", ""]),
        ).add_to(m)


def add_borders(m: folium.Map, borders: gpd.GeoDataFrame, reported: dict[str, str]) -> None:
    """National border sections with their computed and reported lengths in the tooltip."""
    gdf = borders[borders["level"] == "national"].copy()
    gdf["computed"] = [f"{v:,.0f} km (Natural Earth 1:10m, geodesic)" for v in gdf["length_km"]]
    gdf["reported"] = [reported.get(b, "none on record") for b in gdf["border_id"]]
    folium.GeoJson(
        as_text(gdf, ["border_id", "name_en", "computed", "reported"]),
        name="Borders",
        style_function=lambda f: {"color": "#555", "weight": 2.2},
        highlight_function=lambda f: {"weight": 5},
        tooltip=folium.GeoJsonTooltip(
            ["name_en", "computed", "reported"], aliases=["Border", "Computed length", "Reported"]
        ),
    ).add_to(m)


def add_channels(m: folium.Map, channels: gpd.GeoDataFrame, selected: str | None) -> None:
    """The rail channels as dashed lines, labelled schematic in name and tooltip."""
    gdf = channels.copy()
    gdf["label"] = [f"Channel {n}: {name}" for n, name in zip(gdf["number"], gdf["name_en"])]
    gdf["kind"] = "schematic: straight lines between stations, not the railway"
    gdf["length"] = [f"{v:,.0f} km between stations" for v in gdf["length_km_schematic"]]
    folium.GeoJson(
        as_text(gdf, ["channel_id", "label", "kind", "length"]),
        name="Rail channels (schematic)",
        style_function=lambda f: {
            "color": CHANNEL_COLOURS.get(f["properties"]["channel_id"], "#333"),
            "weight": 6 if f["properties"]["channel_id"] == selected else 3.5,
            "dashArray": "10 6",
            "opacity": 0.9,
        },
        highlight_function=lambda f: {"weight": 7},
        tooltip=folium.GeoJsonTooltip(["label", "kind", "length"], aliases=["", "", ""]),
    ).add_to(m)


def marker_radius(freight_10k_t: float | None) -> float:
    """Marker radius in px: area grows with freight; ports with no figure drawn plainly."""
    if freight_10k_t is None or freight_10k_t != freight_10k_t or freight_10k_t <= 0:
        return 5.0
    return round(5 + 2.2 * math.sqrt(freight_10k_t / 100), 1)


def add_ports(m: folium.Map, ports: gpd.GeoDataFrame, selected: str | None) -> None:
    """Ports as circles: colour by partner, outline pattern by mode, size by latest freight."""
    gdf = ports[ports.geometry.notna()].copy()
    if gdf.empty:
        return
    gdf["partner"] = [PARTNER_NAMES.get(p, p) for p in gdf["partner_country"]]
    gdf["counterpart"] = [
        f"{a} {b}".strip()
        for a, b in zip(gdf["counterpart_name_en"], gdf["counterpart_name_local"])
    ]
    gdf["latest"] = gdf.get("latest_label", "no published figure")
    gdf["radius"] = [marker_radius(v) for v in gdf.get("latest_freight_10k_t", [None] * len(gdf))]
    cols = [
        "port_id",
        "name_en",
        "name_zh",
        "partner",
        "counterpart",
        "modes",
        "latest",
        "location_precision",
    ]
    data = as_text(gdf, cols)
    data["radius"], data["partner_country"] = gdf["radius"], gdf["partner_country"]
    folium.GeoJson(
        data,
        name="Ports",
        marker=folium.CircleMarker(radius=6, fill=True),
        style_function=lambda f: _port_style(f["properties"], selected),
        highlight_function=lambda f: {"weight": 4},
        tooltip=folium.GeoJsonTooltip(
            cols[1:],
            aliases=["Port", "", "Partner", "Counterpart", "Modes", "Latest freight", "Location"],
        ),
    ).add_to(m)


def _port_style(p: dict, selected: str | None) -> dict:
    """Leaflet path style of one port marker."""
    mode = p["modes"].split(";")[0]
    chosen = p["port_id"] == selected
    return {
        "radius": p["radius"] + (4 if chosen else 0),
        "fillColor": PARTNER_COLOURS.get(p["partner_country"], "#777"),
        "fillOpacity": 0.85,
        "color": "#000" if chosen else "#222",
        "weight": 4 if chosen else 1.6,
        "dashArray": MODE_DASH.get(mode),
    }


def build_corridor_map(
    layers: dict,
    *,
    reported: dict[str, str] | None = None,
    selected_port: str | None = None,
    selected_channel: str | None = None,
    tiles: str = "none",
) -> folium.Map:
    """The corridor map: basemap, borders, channels, stations and ports.

    Parameters
    ----------
    layers : dict
        GeoDataFrames by layer name (``countries``, ``provinces``, ``borders``, ``channels``,
        ``ports``); missing layers are left out.
    reported : dict, optional
        Reported-length text by border id, for the border tooltips.
    selected_port, selected_channel : str, optional
        Ids to highlight.
    tiles : {"none", "osm"}
        Tile layer under our own basemap; the basemap shows even when tiles fail.
    """
    m = folium.Map(
        location=CENTER,
        zoom_start=4,
        tiles=None,
        control_scale=True,
        min_zoom=3,
        # fractional zoom lets the corridor fill a narrow (phone, column) map
        zoom_snap=0.25,
    )
    local_assets(m)
    source = tile_sources().get(tiles)
    if source:
        url, attr, name = source
        folium.TileLayer(
            url,
            attr=attr,
            name=name,
            opacity=0.6,
            subdomains="01234567" if "tianditu" in url else "abc",
        ).add_to(m)
    if "countries" in layers:
        add_static_basemap(m, "provinces" in layers, 0.35 if source else 1.0)
    if "borders" in layers:
        add_borders(m, layers["borders"], reported or {})
    if "channels" in layers:
        add_channels(m, layers["channels"], selected_channel)
    if "ports" in layers:
        add_ports(m, layers["ports"], selected_port)
    folium.LayerControl(collapsed=True).add_to(m)
    add_legend(m)
    add_accessible_name(m, MAP_TITLE)
    m.fit_bounds(map_bounds(layers.get("ports")))
    return m


CORRIDOR_FRAME = ((39.0, 97.0), (53.5, 134.0))  # (south, west), (north, east): IM and the Northeast


def map_bounds(ports=None, margin: float = 0.5) -> list[list[float]]:
    """The corridor's frame, widened to take in every drawn port (Xinjiang's and Gansu's lie
    west of it), as ``[[south, west], [north, east]]`` for ``fit_bounds``."""
    (s, w), (n, e) = CORRIDOR_FRAME
    located = ports[ports.geometry.notna()] if ports is not None else None
    if located is not None and len(located):
        minx, miny, maxx, maxy = located.total_bounds
        s, w = min(s, miny - margin), min(w, minx - margin)
        n, e = max(n, maxy + margin), max(e, maxx + margin)
    return [[s, w], [n, e]]


def corridor_map_for(cat, view) -> folium.Map:
    """The corridor map of a view: its filtered ports, every other loaded layer, the
    reported border lengths in the tooltips. The selection is not drawn here (see
    :func:`build_selection_layer`), so this map changes only with the filters."""
    drawn = ("countries", "provinces", "borders", "channels")
    layers = {k: v for k, v in cat.layers.items() if k in drawn}
    shown = shown_ports(cat, view)
    if shown is not None:
        layers["ports"] = shown
    reported = cat.tables.get("border_lengths_reported")
    text = (
        reported_lengths_text(reported, cat.tables.get("sources")) if reported is not None else {}
    )
    return build_corridor_map(layers, reported=text, tiles=view.tiles)


def build_channel_map(layers: dict, channel_id: str) -> folium.Map:
    """A route map of one channel: basemap, the channel (schematic) and its stations."""
    m = folium.Map(location=CENTER, zoom_start=4, tiles=None, control_scale=True)
    local_assets(m)
    if "countries" in layers:
        add_basemap(m, layers["countries"])
    channels = layers["channels"]
    one = channels[channels["channel_id"] == channel_id]
    add_channels(m, one, channel_id)
    stations = layers.get("stations")
    if stations is not None:
        ids = one.iloc[0]["stations"].split(";")
        st_gdf = stations[stations["station_id"].isin(ids)]
        folium.GeoJson(
            as_text(st_gdf, ["station_id", "name_en", "note"]),
            name="Stations",
            marker=folium.CircleMarker(radius=4, fill=True, fill_color="#fff", color="#333"),
            tooltip=folium.GeoJsonTooltip(["name_en", "note"], aliases=["Station", ""]),
        ).add_to(m)
    minx, miny, maxx, maxy = one.total_bounds
    m.fit_bounds([[miny - 1, minx - 1], [maxy + 1, maxx + 1]])
    return m


def build_selection_layer(
    layers: dict, selected_port: str | None, selected_channel: str | None
) -> folium.FeatureGroup:
    """The highlight of the selected port or channel, drawn over the base map.

    Sent apart from the base map (the map element's overlay, ``mapcomponent.show``) so a
    click changes only this small layer: the base map, its zoom and position stay.
    """
    fg = folium.FeatureGroup(name="Selection", control=False)
    ports = layers.get("ports")
    if selected_port and ports is not None:
        row = ports[(ports["port_id"] == selected_port) & ports.geometry.notna()]
        for p in row.itertuples():
            ring = folium.CircleMarker(
                location=(p.geometry.y, p.geometry.x),
                radius=16,
                color="#000",
                weight=3,
                fill=False,
                dash_array="4 3",
            )
            _not_interactive(ring).add_to(fg)
    channels = layers.get("channels")
    if selected_channel and channels is not None:
        row = channels[channels["channel_id"] == selected_channel]
        for c in row.itertuples():
            line = folium.PolyLine(
                [(y, x) for x, y in c.geometry.coords], color="#000", weight=9, opacity=0.35
            )
            _not_interactive(line).add_to(fg)
    return fg


def _not_interactive(layer):
    """A layer that lets clicks through to what is under it (folium drops ``interactive``
    from a marker's or line's arguments, so the highlight of a selection caught the clicks
    meant for the ports beneath it)."""
    layer.options["interactive"] = False
    return layer
