"""Pure folium builders: data in, ``folium.Map`` out (no Streamlit, deterministic)."""

from __future__ import annotations

import html
import math
import os
import re

import folium
import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point, box

from corridor import i18n
from corridor.conflicts import tooltip_lines
from corridor.filters import map_year, shown_ports, year_figures
from corridor.i18n import N_, _, format_list
from corridor.map_elements import (
    add_accessible_name,
    add_labels,
    add_legend_control,
    add_metric_scale,
    add_static_basemap,
    add_view,
)
from corridor.places import channel_names, local_name, section_name, with_local_names
from corridor.style import CHANNEL_COLOURS, COUNTRY_FILL, MODE_DASH, PARTNER_COLOURS, PARTNER_NAMES
from corridor.summary import reported_lengths_text
from corridor.vocabulary import CHANNEL_DRAWING, LOCATION_PRECISION, MODE_LABELS

CENTER = (45.0, 118.0)
MAP_TITLE = N_(
    "Map of the China–Mongolia–Russia corridor: border ports, borders and rail "
    "channels. The table of ports below the map (open it with its button) lists the same "
    "ports as text."
)
ISO3_TO_2 = {"CHN": "CN", "MNG": "MN", "RUS": "RU", "KAZ": "KZ", "PRK": "KP"}


def country_label(iso3: str, name_en: str, name_zh) -> str:
    """A country's name on the map in the reader's language: the data's Chinese name, or
    the Unicode CLDR name Babel ships for Russian and Mongolian; English otherwise."""
    lang = i18n.current()
    if lang == "zh" and isinstance(name_zh, str) and name_zh:
        return name_zh
    if lang in ("ru", "mn") and iso3 in ISO3_TO_2:
        return i18n.country_name(ISO3_TO_2[iso3])
    return name_en


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
    gdf["name_en"] = [section_name(b, n) for b, n in zip(gdf["border_id"], gdf["name_en"])]
    gdf["computed"] = [
        _("{km} km (Natural Earth 1:10m, geodesic)").format(km=i18n.fmt_number(round(v), 0))
        for v in gdf["length_km"]
    ]
    gdf["reported"] = [reported.get(b, _("none on record")) for b in gdf["border_id"]]
    folium.GeoJson(
        as_text(gdf, ["border_id", "name_en", "computed", "reported"]),
        name="Borders",
        style_function=lambda f: {"color": "#555", "weight": 2.2},
        highlight_function=lambda f: {"weight": 5},
        tooltip=folium.GeoJsonTooltip(
            ["name_en", "computed", "reported"],
            aliases=[_("Border"), _("Computed length"), _("Reported")],
        ),
    ).add_to(m)


def add_channels(m: folium.Map, channels: gpd.GeoDataFrame, selected: str | None) -> None:
    """The rail channels as dashed lines, saying in the tooltip how they are drawn (nothing when
    the filters leave none: folium cannot put a tooltip on an empty layer)."""
    if channels.empty:
        return
    gdf = channels.copy()
    names = gdf["name_local"] if "name_local" in gdf else gdf["name_en"]
    gdf["label"] = [
        _("Channel {number}: {name}").format(number=n, name=name)
        for n, name in zip(gdf["number"], names)
    ]
    gdf["kind"] = _(CHANNEL_DRAWING)
    gdf["length"] = [
        _("{km} km along the drawn route").format(km=i18n.fmt_number(round(v), 0))
        for v in gdf["length_km_schematic"]
    ]
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
    """Ports as circles: colour by partner, outline pattern by mode, size by freight in the
    map's year (``year_freight_10k_t``; else the latest figure); ports that share a place are
    drawn side by side (``offset``, in pixels, from :func:`port_offsets`)."""
    gdf = ports[ports.geometry.notna()].copy()
    if gdf.empty:
        return
    gdf["partner"] = [PARTNER_NAMES.get(p, p) for p in gdf["partner_country"]]
    gdf["counterpart"] = [
        f"{a} {b}".strip()
        for a, b in zip(gdf["counterpart_name_en"], gdf["counterpart_name_local"])
    ]
    gdf["mode_words"] = [
        format_list(MODE_LABELS.get(m, m) for m in str(ms).replace(",", ";").split(";") if m)
        for ms in gdf["modes"]
    ]
    gdf["where"] = [LOCATION_PRECISION.get(p, p) for p in gdf["location_precision"]]
    by_year = "year_label" in gdf
    fallback = _("no published figure")
    gdf["latest"] = gdf["year_label"] if by_year else gdf.get("latest_label", fallback)
    if "radius" not in gdf:
        values = gdf["year_freight_10k_t"] if by_year else gdf.get("latest_freight_10k_t")
        values = values if values is not None else [None] * len(gdf)
        gdf["radius"] = [marker_radius(v) for v in values]
    if "offset" not in gdf:
        offsets = port_offsets(gdf)
        gdf["offset"] = [offsets.get(p) for p in gdf["port_id"]]
    # the largest circles first, so a small port beside a large one (Dongning by Suifenhe) is
    # drawn over it and stays clickable
    gdf = gdf.sort_values("radius", ascending=False, kind="stable")
    cols = [
        "port_id",
        "name_en",
        "name_zh",
        "partner",
        "counterpart",
        "modes",
        "latest",
        "location_precision",
        "mode_words",
        "where",
    ]
    # figures of the port that differ (conflicts.tooltip_lines), where the map has them
    differ = "differ" in gdf and bool(gdf["differ"].astype(bool).any())
    data = as_text(gdf, cols + (["differ"] if differ else []))
    shown = ["name_en", "name_zh", "partner", "counterpart", "mode_words", "latest", "where"]
    shown += ["differ"] if differ else []
    data["radius"], data["partner_country"] = gdf["radius"], gdf["partner_country"]
    data["offset"] = [list(o) if o else None for o in gdf["offset"]]
    folium.GeoJson(
        data,
        name="Ports",
        marker=folium.CircleMarker(radius=6, fill=True),
        style_function=lambda f: _port_style(f["properties"], selected),
        highlight_function=lambda f: {"weight": 4},
        tooltip=folium.GeoJsonTooltip(
            shown,
            aliases=[
                _("Port"),
                "",
                _("Partner"),
                _("Counterpart"),
                _("Modes"),
                _("Freight (full year)") if by_year else _("Latest freight"),
                _("Location"),
                *([""] if differ else []),  # the line names itself
            ],
        ),
    ).add_to(m)


MODE_ORDER = {"rail": 0, "road": 1, "river": 2, "air": 3}


def port_groups(ports: gpd.GeoDataFrame, within_deg: float = 0.12) -> list[list[int]]:
    """Drawn ports that share a place (within ``within_deg`` of the group's first port: the
    same town's point, or an airport beside it), as lists of row positions, each group
    ordered rail, road, river, air."""
    located = [
        (i, g.x, g.y) for i, g in enumerate(ports.geometry) if g is not None and not g.is_empty
    ]
    groups: list[list[tuple]] = []
    for item in located:
        for grp in groups:
            if abs(grp[0][1] - item[1]) <= within_deg and abs(grp[0][2] - item[2]) <= within_deg:
                grp.append(item)
                break
        else:
            groups.append([item])
    modes = list(ports["modes"])
    return [
        sorted((i for i, _, _ in grp), key=lambda i: (MODE_ORDER.get(modes[i].split(";")[0], 9), i))
        for grp in groups
    ]


def port_offsets(ports: gpd.GeoDataFrame, gap: float = 2.0) -> dict[str, tuple[float, float]]:
    """Pixel offsets of ports drawn side by side: the ports of a group in a row centred on
    their place, each circle touching the next (``gap`` px apart), at every zoom. Ports alone
    at their place get none."""
    radii = list(ports["radius"]) if "radius" in ports else [5.0] * len(ports)
    ids = list(ports["port_id"])
    out: dict[str, tuple[float, float]] = {}
    for grp in port_groups(ports):
        if len(grp) < 2:
            continue
        width = sum(2 * radii[i] for i in grp) + gap * (len(grp) - 1)
        x = -width / 2
        for i in grp:
            out[ids[i]] = (round(x + radii[i], 1), 0.0)
            x += 2 * radii[i] + gap
    return out


def _port_style(p: dict, selected: str | None) -> dict:
    """Leaflet path style of one port marker."""
    mode = p["modes"].split(";")[0]
    chosen = p["port_id"] == selected
    style = {
        "radius": p["radius"] + (4 if chosen else 0),
        "fillColor": PARTNER_COLOURS.get(p["partner_country"], "#777"),
        "fillOpacity": 0.85,
        "color": "#000" if chosen else "#222",
        "weight": 4 if chosen else 1.6,
        "dashArray": MODE_DASH.get(mode),
    }
    if p.get("offset"):
        style["pixelOffset"] = p["offset"]  # drawn beside the other ports of its place
    return style


def build_corridor_map(
    layers: dict,
    *,
    reported: dict[str, str] | None = None,
    selected_port: str | None = None,
    selected_channel: str | None = None,
    tiles: str = "none",
    year: int | None = None,
    years: tuple[int, int] | None = None,
) -> folium.Map:
    """The corridor map: basemap, borders, channels, stations, ports, labels and legend.

    Parameters
    ----------
    layers : dict
        GeoDataFrames by layer name (``countries``, ``provinces``, ``borders``, ``channels``,
        ``stations``, ``towns``, ``ports``); missing layers are left out.
    reported : dict, optional
        Reported-length text by border id, for the border tooltips.
    selected_port, selected_channel : str, optional
        Ids to highlight.
    tiles : {"none", "osm"}
        Tile layer under our own basemap; the basemap shows even when tiles fail.
    year : int, optional
        The year whose freight sizes the markers (the ports carry ``year_freight_10k_t``);
        stated in the legend. ``years`` is the reader's range, named when no year has figures.
    """
    m = folium.Map(
        location=CENTER,
        zoom_start=4,
        tiles=None,
        control_scale=False,  # a metric scale of our own (add_metric_scale)
        min_zoom=3,
        # fractional zoom lets the corridor fill a narrow (phone, column) map
        zoom_snap=0.05,
        max_zoom=12,
    )
    local_assets(m)
    ports = layers.get("ports")
    add_view(m, map_bounds(ports), [list(BASEMAP_FRAME[0]), list(BASEMAP_FRAME[1])])
    add_metric_scale(m)
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
        add_channels(m, with_local_names(layers)["channels"], selected_channel)
        if "stations" in layers:
            add_stations(m, layers["channels"], layers["stations"])
    if ports is not None:
        ports = ports.copy()
        if "radius" not in ports:
            values = ports.get("year_freight_10k_t", ports.get("latest_freight_10k_t"))
            ports["radius"] = [
                marker_radius(v) for v in (values if values is not None else [None] * len(ports))
            ]
        if "offset" not in ports:
            offsets = port_offsets(ports[ports.geometry.notna()])
            ports["offset"] = [offsets.get(p) for p in ports["port_id"]]
        add_ports(m, ports, selected_port)
    folium.LayerControl(collapsed=True).add_to(m)
    add_labels(m, map_labels(layers, ports))
    add_legend_control(m, legend_html(layers, ports, year, years))
    add_accessible_name(m, _(MAP_TITLE))
    return m


def add_stations(m: folium.Map, channels: gpd.GeoDataFrame, stations: gpd.GeoDataFrame) -> None:
    """The stations of the drawn channels as small white dots (not clickable)."""
    ids = {x for ids in channels["stations"] for x in str(ids).split(";")}
    gdf = stations[stations["station_id"].isin(ids) & stations.geometry.notna()]
    if gdf.empty:
        return
    fg = folium.FeatureGroup(name="Stations")
    for r in gdf.itertuples():
        dot = folium.CircleMarker(
            location=(r.geometry.y, r.geometry.x),
            radius=2.5,
            color="#333",
            weight=1,
            fill=True,
            fill_color="#fff",
            fill_opacity=1,
        )
        _not_interactive(dot).add_to(fg)
    fg.add_to(m)


_PORT_WORDS = re.compile(
    r"\s*(\(air port\)|railway port|road port|river port|port\b|international airport|airport)",
    re.IGNORECASE,
)


def short_name(name: str) -> str:
    """A port's name as a map label: the place, without "railway port", "(air port)"…
    ("Erenhot (Erlian) railway port" -> "Erenhot (Erlian)"); an airport keeps "airport"."""
    place = _PORT_WORDS.split(str(name))[0].strip(" ,")
    is_air = "airport" in str(name).lower()
    return f"{place} airport" if is_air and place else place or str(name)


_ZH_PORT_WORDS = re.compile(r"(铁路|公路|水运|航空)?口岸$")


def label_name(name_en: str, name_zh, name_other=None) -> str:
    """A port's map label in the reader's language: the Chinese place name (without 口岸) for
    Chinese readers where the data has it, the sourced Russian or Mongolian name
    (``name_other``) for theirs, else :func:`short_name`."""
    if i18n.current() == "zh" and isinstance(name_zh, str) and name_zh:
        name_zh = re.sub(r"航空口岸$", "机场", name_zh)
        return _ZH_PORT_WORDS.sub("", name_zh) or name_zh
    if isinstance(name_other, str) and name_other.strip():
        return name_other.strip()
    return short_name(name_en)


def map_labels(layers: dict, ports=None) -> list[dict]:
    """The map's labels in order of priority (see :func:`corridor.map_elements.add_labels`):
    channels (number and name, on their line), the main crossings, countries, towns, then every
    other port, shown from one zoom step in. Text comes from the layers (placed as text)."""
    items: list[dict] = []
    channel_items: list[dict] = []
    channels = layers.get("channels")
    if channels is not None:
        short = channel_names(channels, layers.get("stations"), ports, short=True)
        for c in channels.itertuples():
            line = c.geometry
            name = short[c.channel_id]
            at = []
            fracs = (0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75, 0.2, 0.8)
            for dy in (0, -13, 13):  # on the line, else just above or below it
                for frac in fracs:
                    pt = line.interpolate(frac, normalized=True)
                    at.append([round(pt.y, 4), round(pt.x, 4), 0, dy, "c"])
            channel_items.append(
                {
                    "key": f"channel:{c.channel_id}",
                    "text": f"{c.number} {name}",
                    "kind": "channel",
                    "zoom": 0,
                    "at": at,
                    "color": CHANNEL_COLOURS.get(c.channel_id, "#333"),
                    "always": True,
                }
            )
    main, other = [], []
    if ports is not None and len(ports):
        located = ports[ports.geometry.notna()].reset_index(drop=True)
        # plain lists: a data frame row lookup per group cost most of the labels' time
        radii = list(located["radius"]) if "radius" in located else [5.0] * len(located)
        ids, modes = list(located["port_id"]), list(located["modes"])
        zh = located["name_zh"] if "name_zh" in located else [None] * len(located)
        other_col = f"name_{i18n.current()}"
        sourced = other_col in located and i18n.current() in ("ru", "mn")
        local = located[other_col] if sourced else [None] * len(located)
        names = [label_name(n, z, o) for n, z, o in zip(located["name_en"], zh, local)]
        figures = list(located.get("year_freight_10k_t", [None] * len(located)))
        geoms = list(located.geometry)
        for grp in port_groups(located):
            land = [names[i] for i in grp if modes[i] != "air"]
            # the place alone: "Erenhot (Erlian)" -> "Erenhot" (its full name is in the tooltip)
            first = min(land or [names[i] for i in grp], key=len)
            text = re.sub(r"\s*\(.*?\)", "", first).strip() or first
            half = (sum(2 * radii[i] for i in grp) + 2 * (len(grp) - 1)) / 2
            top = max(radii[i] for i in grp)
            g = geoms[grp[0]]
            lat, lng = round(g.y, 4), round(g.x, 4)
            item = {
                "key": "port:" + ";".join(ids[i] for i in grp),
                "text": text,
                "kind": "port",
                "zoom": 0,
                "at": [
                    [lat, lng, half + 3, 0, "l"],
                    [lat, lng, -half - 3, 0, "r"],
                    [lat, lng, 0, -top - 10, "c"],
                    [lat, lng, 0, top + 10, "c"],
                    [lat, lng, half + 4, top + 8, "l"],
                    [lat, lng, -half - 4, top + 8, "r"],
                    [lat, lng, half + 4, -top - 8, "l"],
                    [lat, lng, -half - 4, -top - 8, "r"],
                ],
            }
            with_figure = any(figures[i] is not None and figures[i] == figures[i] for i in grp)
            rail = any("rail" in modes[i] for i in grp)
            only_air = all(modes[i] == "air" for i in grp)
            (main if (rail or with_figure) and not only_air else other).append(
                (-len(grp), -top, item)
            )
    items += [it for *_, it in sorted(main, key=lambda t: t[:2])]
    items += channel_items
    countries = layers.get("countries")
    if countries is not None:
        (s, w), (n, e) = CORRIDOR_FRAME
        frame = box(w - 9, s - 4, e + 1, n + 2)
        for c in countries.itertuples():
            # clipped, then simplified: label places need no detail (and this runs per filter set)
            part = shapely.clip_by_rect(c.geometry, *frame.bounds).simplify(0.1)
            if part.is_empty:
                continue
            pt = part.representative_point()
            # other places inside the country, nearest first, should the first be taken
            x0, y0, x1, y1 = part.bounds
            grid = [
                Point(x0 + (x1 - x0) * i / 6, y0 + (y1 - y0) * j / 4)
                for i in range(1, 6)
                for j in range(1, 4)
            ]
            inside = sorted((g for g in grid if part.contains(g)), key=pt.distance)
            at = [[round(q.y, 3), round(q.x, 3), 0, 0, "c"] for q in [pt, *inside]]
            items.append(
                {
                    "key": f"country:{c.iso_a3}",
                    "text": country_label(c.iso_a3, str(c.name_en), c.name_zh),
                    "kind": "country",
                    "zoom": 0,
                    "at": at,
                }
            )
    towns = layers.get("towns")
    if towns is not None:
        for t in towns.sort_values("population", ascending=False).itertuples():
            items.append(
                {
                    "key": f"town:{t.town_id}",
                    "text": local_name(t._asdict()),
                    "kind": "town",
                    "zoom": 0,
                    "at": [
                        [round(t.geometry.y, 4), round(t.geometry.x, 4), -4, 0, "l"],
                    ],
                }
            )
    for *_rank, it in sorted(other, key=lambda t: t[:2]):
        items.append({**it, "zoom": 1})
    return items


def _svg_circle(r: float, fill: str, dash: str | None = None, stroke: str = "#222") -> str:
    size = 2 * r + 4
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="{size:g}" height="{size:g}" aria-hidden="true"><circle cx="{size / 2:g}" '
        f'cy="{size / 2:g}" r="{r:g}" fill="{fill}" stroke="{stroke}" stroke-width="1.6"'
        f"{dash_attr}/></svg>"
    )


def _svg_line(colour: str, width: float, dash: str | None = None) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="26" height="8" aria-hidden="true"><line x1="1" y1="4" x2="25" y2="4" '
        f'stroke="{colour}" stroke-width="{width:g}"{dash_attr}/></svg>'
    )


def legend_html(layers: dict, ports, year: int | None, years: tuple[int, int] | None) -> str:
    """The map's legend as HTML, in the reader's language: every colour, outline, size, line
    and dot the map draws, with the year that sizes the markers. Text is escaped here."""
    e = html.escape
    size = _("freight in {year}").format(year=year) if year is not None else _("no freight figure")
    legend, ports_word, colour = _("Legend (sizes: {size})"), _("Ports"), _("colour: partner")
    parts = [
        f"<details open><summary>{e(legend.format(size=size))}</summary>",
        f"<b>{e(ports_word)}</b> {e(colour)}<br>",
    ]
    for code in ("RUS", "MNG"):
        parts.append(f"{_svg_circle(5, PARTNER_COLOURS[code])} {e(PARTNER_NAMES[code])} ")
    several = _("several partners or not recorded (air)")
    parts.append(f"<br>{_svg_circle(5, '#777')} {e(several)}<br>")
    parts.append(e(_("outline: mode")) + "<br>")
    for mode in ("rail", "road", "river", "air"):
        parts.append(f"{_svg_circle(5, '#fff', MODE_DASH.get(mode))} {e(MODE_LABELS[mode])} ")
    span = f"{years[0]}–{years[1]}" if years else _("all years")
    if year is not None:
        text = _(
            "size: freight in {year} in China's statistics (full year, 10,000 t), the last "
            "year of {span} with such a figure, the same year for every port"
        ).format(year="\x00", span=span)
        parts.append("<br>" + e(text).replace("\x00", f"<strong>{year}</strong>") + "<br>")
        for v, txt in ((100, "100"), (1000, "1,000"), (5000, "5,000")):
            parts.append(f"{_svg_circle(marker_radius(v), '#ccc')} {txt} ")
        smallest = _("smallest: no figure in China's statistics for {year}").format(year=year)
        parts.append(f"<br>{_svg_circle(5, '#ccc')} {e(smallest)}<br>")
    else:
        plain = _("size: no port shown has a freight figure in {span}: all plain").format(span=span)
        parts.append(f"<br>{e(plain)}<br>")
    parts.append(e(_("ports at one place are drawn side by side")) + "<br>")
    channels = layers.get("channels")
    if channels is not None and len(channels):
        head = _("Rail channels")
        route = _(CHANNEL_DRAWING)
        credit = _("railway lines © OpenStreetMap contributors (ODbL)")
        parts.append(f"<b>{e(head)}</b> {e(route)}<br><small>{e(credit)}</small><br>")
        names = channel_names(channels, layers.get("stations"), layers.get("ports"))
        for c in channels.itertuples():
            colour = CHANNEL_COLOURS.get(c.channel_id, "#333")
            name = names[c.channel_id]
            parts.append(f"{_svg_line(colour, 3.5, '10 6')} {c.number} {e(name)}<br>")
        if "stations" in layers:
            station = _("station")
            parts.append(f"{_svg_circle(2.5, '#fff', stroke='#333')} {e(station)}<br>")
    places, border = _("Borders and places"), _("national border")
    parts.append(f"<b>{e(places)}</b>")
    parts.append(f"{_svg_line('#555', 2.2)} {e(border)}<br>")
    if "provinces" in layers:
        province = _("province, aimag, federal subject")
        parts.append(f"{_svg_line('#b0a890', 1)} {e(province)}<br>")
    if "towns" in layers:
        town = _("Town")
        parts.append(f"<i>• {e(town)}</i> (GeoNames)<br>")
    sea = _(
        "sea, or a country not drawn (only China, Mongolia, Russia, Kazakhstan and North Korea are)"
    )
    basemap = _("Basemap: Natural Earth (public domain)")
    parts.append(
        '<span style="background:#dbe6ee;border:1px solid #aaa">&nbsp;&nbsp;&nbsp;</span> '
        f"{e(sea)}<br>{e(basemap)}</details>"
    )
    return "".join(parts)


CORRIDOR_FRAME = ((39.0, 97.0), (53.5, 134.0))  # (south, west), (north, east): IM and the Northeast
# the frame of the drawn countries (countries.geojson is clipped to it): the map shows nothing
# outside it
BASEMAP_FRAME = ((30.0, 72.0), (56.0, 136.0))


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


def shown_channels(channels: gpd.GeoDataFrame, view) -> gpd.GeoDataFrame:
    """The rail channels a view's filters keep: through the partner country and the chosen
    provinces, with rail among the chosen modes, crossing at one of the chosen ports."""
    from corridor.filters import province_key

    keep = []
    for c in channels.itertuples():
        ok = view.partner == "both" or view.partner in str(c.countries).split(";")
        if view.provinces:
            ok &= bool({province_key(p) for p in str(c.provinces).split(";")} & set(view.provinces))
        if view.modes:
            ok &= "rail" in view.modes
        if view.ports:
            ok &= bool(set(str(c.border_port_ids or "").split(";")) & set(view.ports))
        keep.append(bool(ok))
    return channels[keep]


def whole_port_drawn_once(ports: pd.DataFrame) -> pd.DataFrame:
    """``ports`` (with :func:`corridor.filters.year_figures`) with a whole port's figure
    sizing one of its markers only: the first drawn one in mode order (rail, road, river,
    air). Its other ports are drawn plainly and their tooltip says where the figure is, so
    two equal bubbles at Erenhot do not read as twice its freight."""
    out = ports.copy()
    values, labels = list(out["year_freight_10k_t"]), list(out["year_label"])
    located = out.geometry.notna() if "geometry" in out else pd.Series(True, index=out.index)
    first_mode = [
        MODE_ORDER.get(str(m).split(";")[0], 9) for m in out.get("modes", [""] * len(out))
    ]
    order = sorted(range(len(out)), key=lambda i: (not located.iloc[i], first_mode[i]))
    carrier: dict[str, int] = {}
    for i in order:
        cid, row = out["complex_id"].iloc[i], out["year_row"].iloc[i]
        if row is None or row != cid or row == out["port_id"].iloc[i]:
            continue
        if cid not in carrier:
            carrier[cid] = i
            continue
        values[i] = None
        labels[i] = _("{figure}; drawn at {port}").format(
            figure=labels[i], port=out["name_en"].iloc[carrier[cid]]
        )
    out["year_freight_10k_t"], out["year_label"] = values, labels
    return out


def map_ports(cat, view):
    """The ports a view draws, with their freight in the map's year (see
    :func:`corridor.filters.map_year`), and that year; (None, None) without ports."""
    shown = shown_ports(cat, view)
    if shown is None:
        return None, None
    flows = cat.tables.get("port_flows")
    year = map_year(flows, shown, view)
    ports = whole_port_drawn_once(year_figures(shown, flows, year))
    ports["differ"] = tooltip_lines(flows, ports, view.years)
    values = ports["year_freight_10k_t"]
    ports["radius"] = [marker_radius(v) for v in values]
    offsets = port_offsets(ports[ports.geometry.notna()])
    ports["offset"] = [offsets.get(p) for p in ports["port_id"]]
    return ports, year


def corridor_map_for(cat, view) -> folium.Map:
    """The corridor map of a view: its filtered ports sized by freight in the map's year, the
    channels its filters keep, every other loaded layer, the reported border lengths in the
    tooltips. The selection is not drawn here (see :func:`build_selection_layer`), so this map
    changes only with the filters."""
    drawn = ("countries", "provinces", "borders", "channels", "stations", "towns")
    layers = {k: v for k, v in cat.layers.items() if k in drawn}
    if "channels" in layers:
        layers["channels"] = shown_channels(layers["channels"], view)
    ports, year = map_ports(cat, view)
    if ports is not None:
        layers["ports"] = ports
    reported = cat.tables.get("border_lengths_reported")
    text = (
        reported_lengths_text(reported, cat.tables.get("sources")) if reported is not None else {}
    )
    return build_corridor_map(layers, reported=text, tiles=view.tiles, year=year, years=view.years)


def build_channel_map(layers: dict, channel_id: str) -> folium.Map:
    """A route map of one channel: basemap, the channel (schematic) and its stations."""
    m = folium.Map(location=CENTER, zoom_start=4, tiles=None, control_scale=False)
    local_assets(m)
    add_metric_scale(m)
    if "countries" in layers:
        add_basemap(m, layers["countries"])
    layers = with_local_names(layers)
    channels = layers["channels"]
    one = channels[channels["channel_id"] == channel_id]
    add_channels(m, one, channel_id)
    stations = layers.get("stations")
    if stations is not None:
        ids = one.iloc[0]["stations"].split(";")
        st_gdf = stations[stations["station_id"].isin(ids)]
        # the note says which place is meant, in the research table's English
        folium.GeoJson(
            as_text(st_gdf, ["station_id", "name_local", "note"]),
            name="Stations",
            marker=folium.CircleMarker(radius=4, fill=True, fill_color="#fff", color="#333"),
            tooltip=folium.GeoJsonTooltip(["name_local", "note"], aliases=[_("Station"), ""]),
        ).add_to(m)
    minx, miny, maxx, maxy = one.total_bounds
    m.fit_bounds([[miny - 1, minx - 1], [maxy + 1, maxx + 1]])
    return m


def build_selection_layer(
    layers: dict,
    selected_port: str | None,
    selected_channel: str | None,
    offset: tuple[float, float] | None = None,
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
            if offset:  # the port is drawn beside the others of its place
                ring.options["pixelOffset"] = list(offset)
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
