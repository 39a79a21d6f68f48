"""Load every table and layer at once, keep per-file errors, run cross-file checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from shapely.ops import nearest_points, unary_union

from corridor.data import load_datapackage, load_table
from corridor.geo import GEOD, load_geodata_meta, load_layer
from corridor.paths import data_dir as default_data_dir
from corridor.paths import geodata_dir as default_geodata_dir
from corridor.validate import DataError, Problem

# A land port drawn as an exact crossing must lie this close to the border line; the drawn
# line is simplified by up to ~1 km, and port facilities sit a little inland.
MAX_BORDER_DISTANCE_KM = 10.0


@dataclass
class Catalog:
    """Everything the app shows, and what could not be loaded.

    ``tables`` and ``layers`` hold only what passed validation; ``errors`` maps a table or
    layer name to the DataError that disabled it; ``warnings`` are problems that do not
    disable anything (a port drawn far from the border).
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    layers: dict = field(default_factory=dict)
    errors: dict[str, DataError] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def has(self, *names: str) -> bool:
        """True when every named table or layer loaded."""
        return all(n in self.tables or n in self.layers for n in names)

    def missing(self, *names: str) -> list[DataError]:
        """The errors of those named tables or layers that did not load."""
        return [self.errors[n] for n in names if n in self.errors]


def load_catalog(
    data_dir: Path | None = None,
    geodata_dir: Path | None = None,
    package: dict | None = None,
    meta: dict | None = None,
) -> Catalog:
    """Load all tables of data/ and layers of geodata/, then check them against each other.

    The descriptors (``package``, ``meta``) are the ones shipped with the code unless given:
    the build checks its output against the descriptors it built.
    """
    data_dir = data_dir or default_data_dir()
    geodata_dir = geodata_dir or default_geodata_dir()
    package = package or load_datapackage()
    meta = meta or load_geodata_meta()
    cat = Catalog()
    for res in package["resources"]:
        try:
            cat.tables[res["name"]] = load_table(res["name"], data_dir, package)
        except DataError as exc:
            cat.errors[res["name"]] = exc
    for name in meta["layers"]:
        try:
            cat.layers[name] = load_layer(name, geodata_dir, meta)
        except DataError as exc:
            cat.errors[name] = exc
    check_sources(cat)
    check_port_ids(cat)
    check_border_ids(cat)
    check_port_locations(cat)
    return cat


def _disable(cat: Catalog, name: str, problems: list[Problem]) -> None:
    """Remove a table or layer that failed a cross-file check and record why."""
    if problems:
        cat.tables.pop(name, None)
        cat.layers.pop(name, None)
        cat.errors[name] = DataError(problems[0].file, problems)


def check_sources(cat: Catalog) -> None:
    """Every source id cited by a table or layer must resolve in sources.csv."""
    if "sources" not in cat.tables:
        for name in [n for n in cat.tables if n != "sources"]:
            _disable(
                cat,
                name,
                [
                    Problem(
                        f"{name}.csv",
                        None,
                        "source_id",
                        "cannot be checked: sources.csv did not load",
                    )
                ],
            )
        return
    known = set(cat.tables["sources"]["source_id"])
    for name, df in list(cat.tables.items()) + list(cat.layers.items()):
        fname = f"{name}.csv" if name in cat.tables else f"{name}.geojson"
        problems = []
        for col in [c for c in df.columns if c == "source_id" or c.endswith("_source_id")]:
            for i, sid in df[col].items():
                if sid and sid not in known:
                    row = i + 2 if name in cat.tables else None
                    where = "" if row else f"feature {_feature_label(df, i)}: "
                    problems.append(Problem(fname, row, col, f"{where}unknown source id '{sid}'"))
        _disable(cat, name, problems)


def _feature_label(df: pd.DataFrame, i: int) -> str:
    """A feature's id for messages (first column holds the layer id)."""
    return str(df.iloc[i, 0])


def check_port_ids(cat: Catalog) -> None:
    """Every port id in port_flows.csv must be a port or port complex of ports.geojson."""
    if "ports" not in cat.layers:
        return
    ports = cat.layers["ports"]
    known = set(ports["port_id"]) | set(ports["complex_id"])
    df = cat.tables.get("port_flows", pd.DataFrame(columns=["port_id"]))
    _disable(
        cat,
        "port_flows",
        [
            Problem("port_flows.csv", i + 2, "port_id", f"unknown port id '{pid}'")
            for i, pid in df["port_id"].items()
            if pid not in known
        ],
    )
    if "rail_crossings" in cat.tables:
        df = cat.tables["rail_crossings"]
        _disable(
            cat,
            "rail_crossings",
            [
                Problem("rail_crossings.csv", i + 2, "port_id", f"unknown port id '{pid}'")
                for i, pid in df["port_id"].items()
                if pid not in set(ports["port_id"])
            ],
        )


def check_border_ids(cat: Catalog) -> None:
    """Every border id in the length tables must be a section of borders.geojson."""
    if "borders" not in cat.layers:
        return
    known = set(cat.layers["borders"]["border_id"]) | {"cn_ru"}
    for name in ("border_lengths_reported", "border_lengths_computed"):
        if name in cat.tables:
            df = cat.tables[name]
            _disable(
                cat,
                name,
                [
                    Problem(f"{name}.csv", i + 2, "border_id", f"unknown border id '{bid}'")
                    for i, bid in df["border_id"].items()
                    if bid not in known
                ],
            )


def check_port_locations(cat: Catalog) -> None:
    """Measure each land port's distance to the border; warn when an exact point is far."""
    if "ports" not in cat.layers or "borders" not in cat.layers:
        return
    borders = cat.layers["borders"]
    line = unary_union(list(borders.loc[borders["level"] == "national", "geometry"]))
    ports = cat.layers["ports"]
    dist = [
        border_distance_km(g, line) if g is not None and land else None
        for g, land in zip(ports.geometry, ports["is_land_port"])
    ]
    ports["border_distance_km"] = dist
    for _, p in ports.iterrows():
        d = p["border_distance_km"]
        if d is not None and d > MAX_BORDER_DISTANCE_KM and p["location_precision"] == "exact":
            cat.warnings.append(
                Problem(
                    "ports.geojson",
                    None,
                    "geometry",
                    f"feature {p['port_id']}: an 'exact' land port lies {d:.1f} km from the "
                    "border line; shown as flagged",
                )
            )


def border_distance_km(point, line) -> float:
    """Geodesic distance from a point to the nearest point of a line geometry, in km."""
    near = nearest_points(point, line)[1]
    return GEOD.inv(point.x, point.y, near.x, near.y)[2] / 1000
