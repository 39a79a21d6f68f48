"""The four rail channels as drawn on the map (``geodata/channels.geojson``).

Each channel runs through its hubs (stations) and the towns on its railway between them, in
order (``scripts/inputs/research/rail/``: GeoNames points, each with the pages that put it on
the line); along OpenStreetMap railway lines where they join two points that follow each other
(``rail_routes``), straight elsewhere. Called by ``build_points``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from pyproj import Geod
from rail_routes import RAILWAY_SOURCE_KEY, load_railways
from registry import Registry
from shapely.geometry import LineString

GEOD = Geod(ellps="WGS84")

RAIL = Path("research") / "rail"  # towns on the channels' railways, their sources, raw extract


def _geonames_extract(inputs: Path) -> dict[str, tuple[float, float]]:
    """GeoNames records the route towns come from: geonameid -> (lon, lat)."""
    path = inputs / RAIL / "raw" / "geonames_cities500_extract.csv"
    with path.open(encoding="utf-8") as fh:
        return {
            r["geonameid"]: (float(r["longitude"]), float(r["latitude"]))
            for r in csv.DictReader(fh)
        }


def route_sources(inputs: Path) -> dict[str, dict]:
    """The pages of ``research/rail/route_sources.csv`` by key (read once per build)."""
    with (inputs / RAIL / "route_sources.csv").open(encoding="utf-8") as fh:
        return {r.pop("key"): r for r in csv.DictReader(fh)}


def register_route_source(src: dict, reg: Registry) -> str:
    """Register a page of ``route_sources.csv`` (a row of :func:`route_sources`): its id."""
    if src["url"] not in reg.seen:
        reg.seen[src["url"]] = {**src, "date_accessed": "2026-12-06"}
    return src["source_id"]


def route_towns(inputs: Path, reg: Registry) -> dict[str, list[dict]]:
    """Towns on each channel's railway, between two of its hubs, in order (channel id -> rows).

    Each point is a GeoNames record (checked here against the raw extract: nothing typed);
    each row names the pages that put the town on the line in that order, registered in
    ``reg``. Stops the build on a point that differs from its record.
    """
    folder = inputs / RAIL
    if not (folder / "route_stations.csv").exists():
        return {}
    records = _geonames_extract(inputs)
    sources = route_sources(inputs)
    out: dict[str, list[dict]] = {}
    with (folder / "route_stations.csv").open(encoding="utf-8") as fh:
        for line, r in enumerate(csv.DictReader(fh), start=2):
            gid = re.search(r"geonameid=(\d+)", r["coord_source"]).group(1)
            lonlat = [round(float(r["lon"]), 5), round(float(r["lat"]), 5)]
            if gid not in records or [round(c, 5) for c in records[gid]] != lonlat:
                raise SystemExit(
                    f"{RAIL}/route_stations.csv row {line}: lat/lon differ from GeoNames {gid}"
                )
            ids = [register_route_source(sources[k], reg) for k in r["route_source"].split(";")]
            out.setdefault(r["channel_id"], []).append(
                {**r, "seq": int(r["seq"]), "lonlat": lonlat, "source_ids": ids}
            )
    return out


def channel_points(ch: dict, stations: dict, towns: list[dict]) -> list[tuple[str, list]]:
    """A channel's hubs and the towns on its railway between them, in order: (name, lonlat)."""
    hubs = ch["stations"]
    points = []
    placed = 0
    for a, b in zip(hubs, hubs[1:] + [None]):
        points.append((stations[a].get("name_en", a), stations[a]["lonlat"]))
        between = sorted(
            (t for t in towns if (t["hub_from"], t["hub_to"]) == (a, b)), key=lambda t: t["seq"]
        )
        points += [(t.get("name_en", f"town {t['seq']}"), t["lonlat"]) for t in between]
        placed += len(between)
    if placed != len(towns):
        raise SystemExit(
            f"{ch['channel_id']}: a route town lies between two hubs that do not follow each other"
        )
    return points


# drawn lines are simplified to this (degrees, about 0.5 km): the map sends them to the browser
DRAW_TOLERANCE = 0.005


def channel_feature(
    ch: dict, stations: dict, towns: list[dict], rail=None, rail_source_id: str = ""
) -> dict:
    """A rail channel through its hubs and the towns on its railway between them, in order:
    along the railway lines of ``rail`` (a ``rail_routes.RailNetwork``) where they join two
    points that follow each other, straight elsewhere (everywhere without ``rail``)."""
    points = channel_points(ch, stations, towns)
    pairs = list(zip(points, points[1:]))
    if rail is None:
        routed_legs = [False] * len(pairs)
        coords = [list(p) for _, p in points]
    else:
        legs = rail.legs([tuple(p) for _, p in points])
        routed_legs = [leg.routed for leg in legs]
        coords = [list(legs[0].coords[0])]
        for leg in legs:
            coords += [list(c) for c in leg.coords[1:]]
        line = LineString(coords).simplify(DRAW_TOLERANCE, preserve_topology=True)
        coords = [[round(x, 5), round(y, 5)] for x, y in line.coords]
    straight = [(a, b) for (a, b), routed in zip(pairs, routed_legs) if not routed]
    length = GEOD.geometry_length(LineString(coords)) / 1000
    straight_km = sum(GEOD.inv(*a[1], *b[1])[2] / 1000 for a, b in straight)
    routed = any(routed_legs)
    props = {k: v for k, v in ch.items() if k != "stations"}
    props.update(
        {
            "stations": ";".join(ch["stations"]),
            "is_schematic": True,
            "route_town_count": len(towns),
            "route_source_ids": ";".join(dict.fromkeys(i for t in towns for i in t["source_ids"])),
            "railway_source_id": rail_source_id if routed else "",
            "straight_segments": ";".join(f"{a[0]} – {b[0]}" for a, b in straight),
            "straight_km": round(straight_km, 1),
            "length_km_schematic": round(length, 1),
            "length_note": "geodesic length of the drawn line: along the railway lines where they "
            "join two points that follow each other (simplified to about 0.5 km), straight "
            "elsewhere",
        }
    )
    return {
        "type": "Feature",
        "id": ch["channel_id"],
        "properties": props,
        "geometry": {"type": "LineString", "coordinates": coords},
    }


def channel_features(inputs: Path, channel_input: dict, stations: dict, reg: Registry) -> list:
    """Every channel of ``channels.json`` as a feature; registers the route pages and the
    railway extract it cites in ``reg``."""
    route = route_towns(inputs, reg)
    rail, rail_source_id = load_railways(inputs), ""
    if rail is not None:
        rail_source_id = register_route_source(route_sources(inputs)[RAILWAY_SOURCE_KEY], reg)
    return [
        channel_feature(ch, stations, route.get(ch["channel_id"], []), rail, rail_source_id)
        for ch in channel_input["channels"]
    ]
