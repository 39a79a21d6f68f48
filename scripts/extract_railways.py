"""Write ``scripts/inputs/research/rail/osm_railways.geojson`` from an OpenStreetMap extract.

A research step, not part of ``python scripts/build.py``: run it by hand when the extract
changes. The extract is the ``public/data/clean/china-*.json`` files of the GitHub repository
kingtmc314/east-asia-railway-map at commit 05f3995d9124815583b0084d7a75d3ad1e7907e1
(OpenStreetMap ways, ODbL 1.0; see ``research/rail/SOURCES.md``). It keeps the ways tagged
``railway=rail`` (conventional and high-speed; no metro, no tram) of the north-eastern
files, routes every channel on all of them, and keeps the ways within ``KEEP_DEG`` of a routed
line: the build routes on those alone and finds the same lines, in a file a fraction of the
size. Usage: ``python scripts/extract_railways.py CLEAN_FOLDER``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shapely.geometry import LineString, shape
from shapely.ops import unary_union

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_channels import channel_points, route_towns  # noqa: E402
from build_places import station_features  # noqa: E402
from rail_routes import RAILWAYS, RailNetwork  # noqa: E402
from registry import Registry  # noqa: E402

INPUTS = Path(__file__).resolve().parent / "inputs"
FILES = [
    "heilongjiang",
    "jilin",
    "liaoning",
    "inner-mongolia-ne",
    "inner-mongolia-nw",
    "inner-mongolia-central",
    "hebei-north",
    "beijing",
]
KEEP_DEG = 0.05  # about 4-6 km


def read_extract(folder: Path) -> list[dict]:
    """The extract's railway ways, one per OpenStreetMap id, sorted by id."""
    ways = {}
    for name in FILES:
        data = json.loads((folder / f"china-{name}.json").read_text(encoding="utf-8"))
        for f in data["lines"]:
            p = f["properties"]
            if p.get("railway") == "rail" and f["geometry"]["type"] == "LineString":
                ways[p["osm_id"]] = {
                    "type": "Feature",
                    "id": p["osm_id"],
                    "properties": {
                        "osm_id": p["osm_id"],
                        "high_speed": p.get("rail_type") == "hsr",
                        "name": p.get("name", ""),
                    },
                    "geometry": f["geometry"],
                }
    return [ways[k] for k in sorted(ways)]


def main(folder: Path) -> None:
    ways = read_extract(folder)
    net = RailNetwork([[tuple(c) for c in w["geometry"]["coordinates"]] for w in ways])
    channels = json.loads((INPUTS / "channels.json").read_text(encoding="utf-8"))
    stations = station_features(INPUTS, channels)
    towns = route_towns(INPUTS, Registry(INPUTS))
    routed = []
    for ch in channels["channels"]:
        points = channel_points(ch, stations, towns.get(ch["channel_id"], []))
        legs = net.legs([tuple(p) for _, p in points])
        routed += [LineString(leg.coords) for leg in legs if leg.routed]
    area = unary_union(routed).buffer(KEEP_DEG)
    kept = [w for w in ways if shape(w["geometry"]).intersects(area)]
    text = json.dumps(
        {"type": "FeatureCollection", "features": kept}, ensure_ascii=False, separators=(",", ":")
    )
    (INPUTS / RAILWAYS).write_text(text + "\n", encoding="utf-8")
    print(f"{len(kept)} of {len(ways)} ways kept")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
