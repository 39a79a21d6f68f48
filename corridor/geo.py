"""GeoJSON layers of geodata/ as validated GeoDataFrames; geodesic lengths; simplification."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely
from pyproj import Geod
from shapely.geometry import shape

from corridor.paths import GEODATA_DIR, GEODATA_META
from corridor.validate import DataError, Problem

GEOD = Geod(ellps="WGS84")
PY_TYPES = {"string": str, "number": (int, float), "integer": int, "boolean": bool}


@lru_cache(maxsize=2)
def load_geodata_meta(path: Path = GEODATA_META) -> dict:
    """The descriptor of geodata/: each layer's file, id, geometry types and properties."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def geodesic_length_km(geom) -> float:
    """Length of a (Multi)LineString on the WGS84 ellipsoid, in km."""
    return GEOD.geometry_length(geom) / 1000


def simplify_coverage(gdf: gpd.GeoDataFrame, tolerance_deg: float) -> gpd.GeoDataFrame:
    """Simplify polygons that share edges without opening gaps or overlaps between them."""
    out = gdf.copy()
    out["geometry"] = shapely.coverage_simplify(gdf.geometry.values, tolerance_deg)
    return out


def _read_json(path: Path) -> dict:
    """Parse a GeoJSON file; errors name the file and the line where parsing failed."""
    name = path.name
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise DataError(name, [Problem(name, None, None, "file is missing")]) from None
    except UnicodeDecodeError:
        raise DataError(name, [Problem(name, None, None, "is not UTF-8 text")]) from None
    except json.JSONDecodeError as exc:
        msg = f"is not valid JSON (truncated?): {exc.msg} at line {exc.lineno}"
        raise DataError(name, [Problem(name, None, None, msg)]) from None


def _check_coords(coords) -> str | None:
    """Why a coordinate array is not WGS84 lon/lat, or None."""
    flat = list(_positions(coords))
    if not flat:
        return "geometry is empty"
    for pos in flat:
        if len(pos) < 2 or not all(
            isinstance(c, (int, float)) and math.isfinite(c) for c in pos[:2]
        ):
            return f"position {pos!r} is not a pair of numbers"
        lon, lat = pos[0], pos[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return (
                f"position [{lon}, {lat}] is outside longitude/latitude range "
                "(wrong order or not WGS84?)"
            )
    return None


def _positions(coords):
    """Yield every position of a nested GeoJSON coordinate array."""
    if isinstance(coords, list) and coords and isinstance(coords[0], (int, float)):
        yield coords
    elif isinstance(coords, list):
        for c in coords:
            yield from _positions(c)


def _check_feature(name: str, i: int, feat, layer: dict) -> list[Problem]:
    """Problems of one feature: geometry type, coordinates, validity, property types."""
    label = f"feature {i}"
    if not isinstance(feat, dict) or feat.get("type") != "Feature":
        return [Problem(name, None, None, f"{label} is not a GeoJSON Feature")]
    props, problems = feat.get("properties") or {}, []
    label = f"feature {i} ({props.get(layer['id'], '?')})"
    geom = feat.get("geometry")
    if geom is None:
        if not layer.get("nullable_geometry"):
            problems.append(Problem(name, None, "geometry", f"{label} has no geometry"))
    elif geom.get("type") not in layer["geometry"]:
        problems.append(
            Problem(
                name,
                None,
                "geometry",
                f"{label} is a {geom.get('type')}, expected {' or '.join(layer['geometry'])}",
            )
        )
    else:
        reason = _check_coords(geom.get("coordinates"))
        if reason is None and not shape(geom).is_valid:
            reason = f"invalid geometry ({shapely.is_valid_reason(shape(geom))})"
        if reason:
            problems.append(Problem(name, None, "geometry", f"{label}: {reason}"))
    for key, ptype in layer["properties"].items():
        problems += _check_property(name, label, key, props, ptype)
    return problems


def _check_property(name: str, label: str, key: str, props: dict, ptype: str) -> list[Problem]:
    """A problem when a property is missing or of the wrong type (``?`` allows null)."""
    if key not in props:
        return [Problem(name, None, key, f"{label}: property is missing")]
    value, nullable = props[key], ptype.endswith("?")
    if value is None and nullable:
        return []
    expected = PY_TYPES[ptype.rstrip("?")]
    if (
        isinstance(value, bool)
        and ptype.rstrip("?") != "boolean"
        or not isinstance(value, expected)
    ):
        return [Problem(name, None, key, f"{label}: {value!r} is not a {ptype.rstrip('?')}")]
    return []


def validate_feature_collection(name: str, fc, layer: dict, enums: dict) -> list[Problem]:
    """Every problem of a parsed GeoJSON document against its layer descriptor."""
    if not isinstance(fc, dict) or fc.get("type") != "FeatureCollection":
        return [Problem(name, None, None, "is not a GeoJSON FeatureCollection")]
    feats = fc.get("features")
    if not isinstance(feats, list) or not feats:
        return [Problem(name, None, None, "has no features")]
    problems = []
    for i, feat in enumerate(feats):
        problems += _check_feature(name, i, feat, layer)
    ids = [(f.get("properties") or {}).get(layer["id"]) for f in feats if isinstance(f, dict)]
    problems += [
        Problem(name, None, layer["id"], f"duplicate id '{v}'")
        for v in sorted({v for v in ids if ids.count(v) > 1}, key=str)
    ]
    layer_name = name.removesuffix(".geojson")
    for key, allowed in enums.items():
        lname, prop = key.split(".")
        if lname == layer_name:
            problems += [
                Problem(name, None, prop, f"'{v}' is not one of {', '.join(allowed)}")
                for v in {
                    (f.get("properties") or {}).get(prop) for f in feats if isinstance(f, dict)
                }
                if v not in allowed
            ]
    return problems


def load_layer(name: str, geodata_dir: Path = GEODATA_DIR, meta: dict | None = None):
    """Load and validate one layer of geodata/ as a GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    name : str
        Layer name in ``geodata/metadata.json`` (``"ports"``).
    geodata_dir : Path
        Folder holding the GeoJSON files (tests point this at fixtures).
    meta : dict, optional
        Descriptor; defaults to ``geodata/metadata.json``.

    Raises
    ------
    DataError
        When the file is missing, not JSON, not a FeatureCollection, or a feature breaks
        its layer's rules (the message names the feature and the property).
    """
    meta = meta or load_geodata_meta()
    layer = meta["layers"][name]
    fc = _read_json(Path(geodata_dir) / layer["path"])
    problems = validate_feature_collection(layer["path"], fc, layer, meta.get("enums", {}))
    if problems:
        raise DataError(layer["path"], problems)
    rows = [dict(f["properties"]) for f in fc["features"]]
    geoms = [shape(f["geometry"]) if f["geometry"] else None for f in fc["features"]]
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
    return gdf.sort_values(layer["id"]).reset_index(drop=True)
