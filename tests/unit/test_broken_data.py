"""Broken data files: each disables only what depends on it, with file, row and column named.

Every case breaks a fresh copy of the shipped data in a temporary folder, loads the whole
catalog (as the app does at start) and checks the error and that everything else still loads.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.catalog import load_catalog
from tests.conftest import tree_digest


def _csv(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell (row counted as CSV lines, header = 1) of a simple CSV."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _geo(path: Path, change) -> None:
    fc = json.loads(path.read_text(encoding="utf-8"))
    change(fc)
    path.write_text(json.dumps(fc), encoding="utf-8")


def _feature(fc: dict, key: str, value: str) -> dict:
    return next(f for f in fc["features"] if f["properties"][key] == value)


# (id, file broken, breaker(data_dir, geodata_dir), name disabled, texts the error must hold)
CASES = [
    (
        "missing_column",
        lambda d, g: _write(
            d / "port_flows.csv",
            [",".join(c for c in _csv(d / "port_flows.csv")[0].split(",") if c != "unit")]
            + _csv(d / "port_flows.csv")[1:3],
        ),
        "port_flows",
        ["port_flows.csv"],
    ),
    (
        "renamed_column",
        lambda d, g: _write(
            d / "flows.csv",
            [_csv(d / "flows.csv")[0].replace("value", "valeur")] + _csv(d / "flows.csv")[1:],
        ),
        "flows",
        ["flows.csv", "row 1", "'value'", "missing"],
    ),
    (
        "wrong_type_year",
        lambda d, g: _set_cell(d / "port_flows.csv", 3, "year", "20x5"),
        "port_flows",
        ["port_flows.csv", "row 3", "'year'", "not a whole number"],
    ),
    (
        "non_numeric_value",
        lambda d, g: _set_cell(d / "flows.csv", 4, "value", "about 5"),
        "flows",
        ["flows.csv", "row 4", "'value'", "not a number"],
    ),
    (
        "negative_freight",
        lambda d, g: _set_cell(d / "port_flows.csv", 2, "value", "-12"),
        "port_flows",
        ["port_flows.csv", "row 2", "'value'", "below the minimum"],
    ),
    (
        "year_out_of_range",
        lambda d, g: _set_cell(d / "cooperation.csv", 2, "year", "2150"),
        "cooperation",
        ["cooperation.csv", "row 2", "'year'", "above the maximum"],
    ),
    (
        "unknown_port_id",
        lambda d, g: _set_cell(d / "port_flows.csv", 5, "port_id", "atlantis"),
        "port_flows",
        ["port_flows.csv", "row 5", "'port_id'", "unknown port id 'atlantis'"],
    ),
    (
        "unknown_source_id",
        lambda d, g: _set_cell(d / "events.csv", 3, "source_id", "nobody"),
        "events",
        ["events.csv", "row 3", "'source_id'", "unknown source id 'nobody'"],
    ),
    (
        "duplicate_source_id",
        lambda d, g: _write(
            d / "sources.csv", _csv(d / "sources.csv") + [_csv(d / "sources.csv")[1]]
        ),
        "sources",
        ["sources.csv", "'source_id'", "duplicate"],
    ),
    (
        "bad_enum",
        lambda d, g: _set_cell(d / "port_flows.csv", 2, "direction", "sideways"),
        "port_flows",
        ["port_flows.csv", "row 2", "'direction'", "not one of"],
    ),
    (
        "bad_boolean",
        lambda d, g: _set_cell(d / "flows.csv", 2, "is_lower_bound", "maybe"),
        "flows",
        ["flows.csv", "row 2", "'is_lower_bound'", "not true or false"],
    ),
    (
        "missing_required",
        lambda d, g: _set_cell(d / "events.csv", 2, "title", ""),
        "events",
        ["events.csv", "row 2", "'title'", "missing"],
    ),
    (
        "script_url",
        lambda d, g: _set_cell(d / "sources.csv", 2, "url", "javascript:alert(1)"),
        "sources",
        ["sources.csv", "row 2", "'url'"],
    ),
    (
        "empty_file",
        lambda d, g: (d / "border_lengths_reported.csv").write_bytes(b""),
        "border_lengths_reported",
        ["border_lengths_reported.csv", "empty"],
    ),
    (
        "header_only",
        lambda d, g: _write(d / "cooperation.csv", _csv(d / "cooperation.csv")[:1]),
        "cooperation",
        ["cooperation.csv", "no rows"],
    ),
    (
        "wrong_encoding",
        lambda d, g: (d / "events.csv").write_bytes(
            (d / "events.csv").read_text(encoding="utf-8").encode("utf-16")
        ),
        "events",
        ["events.csv", "not UTF-8"],
    ),
    (
        "ragged_row",
        lambda d, g: _write(
            d / "rail_crossings.csv", _csv(d / "rail_crossings.csv") + ["ch3,manzhouli_rail,1435"]
        ),
        "rail_crossings",
        ["rail_crossings.csv", "row 6", "cells"],
    ),
    ("missing_file", lambda d, g: (d / "flows.csv").unlink(), "flows", ["flows.csv", "missing"]),
    (
        "truncated_geojson",
        lambda d, g: (g / "ports.geojson").write_text(
            (g / "ports.geojson").read_text(encoding="utf-8")[:500], encoding="utf-8"
        ),
        "ports",
        ["ports.geojson", "not valid JSON"],
    ),
    (
        "not_a_feature_collection",
        lambda d, g: (g / "channels.geojson").write_text(
            '{"type": "Feature", "properties": {}, "geometry": null}', encoding="utf-8"
        ),
        "channels",
        ["channels.geojson", "not a GeoJSON FeatureCollection"],
    ),
    (
        "invalid_geometry",
        lambda d, g: _geo(
            g / "countries.geojson",
            lambda fc: fc["features"][0].__setitem__(
                "geometry",
                {
                    "type": "Polygon",
                    "coordinates": [[[100, 40], [110, 50], [110, 40], [100, 50], [100, 40]]],
                },
            ),
        ),
        "countries",
        ["countries.geojson", "invalid geometry", "'geometry'"],
    ),
    (
        "empty_geometry",
        lambda d, g: _geo(
            g / "stations.geojson",
            lambda fc: fc["features"][2].__setitem__(
                "geometry", {"type": "Point", "coordinates": []}
            ),
        ),
        "stations",
        ["stations.geojson", "feature 2", "empty"],
    ),
    (
        "swapped_coordinates",
        lambda d, g: _geo(
            g / "stations.geojson",
            lambda fc: fc["features"][0]["geometry"].__setitem__(
                "coordinates", fc["features"][0]["geometry"]["coordinates"][::-1]
            ),
        ),
        "stations",
        ["stations.geojson", "feature 0", "wrong order or not WGS84"],
    ),
    (
        "web_mercator_coordinates",
        lambda d, g: _geo(
            g / "ports.geojson",
            lambda fc: _feature(fc, "port_id", "ceke")["geometry"].__setitem__(
                "coordinates", [11285000.0, 5160000.0]
            ),
        ),
        "ports",
        ["ports.geojson", "(ceke)", "not WGS84"],
    ),
    (
        "wrong_geometry_type",
        lambda d, g: _geo(
            g / "borders.geojson",
            lambda fc: fc["features"][0].__setitem__(
                "geometry", {"type": "Point", "coordinates": [110, 45]}
            ),
        ),
        "borders",
        ["borders.geojson", "feature 0", "is a Point"],
    ),
    (
        "missing_property",
        lambda d, g: _geo(
            g / "ports.geojson",
            lambda fc: _feature(fc, "port_id", "ceke")["properties"].pop("modes"),
        ),
        "ports",
        ["ports.geojson", "(ceke)", "'modes'", "missing"],
    ),
    (
        "duplicate_port_id",
        lambda d, g: _geo(g / "ports.geojson", lambda fc: fc["features"].append(fc["features"][0])),
        "ports",
        ["ports.geojson", "'port_id'", "duplicate id"],
    ),
    (
        "bad_property_type",
        lambda d, g: _geo(
            g / "channels.geojson",
            lambda fc: fc["features"][0]["properties"].__setitem__("number", "one"),
        ),
        "channels",
        ["channels.geojson", "'number'", "not a integer"],
    ),
]

# Tables whose rows cite a broken file cannot be checked and are disabled with it.
DEPENDENTS = {
    "sources": {
        "port_flows",
        "flows",
        "events",
        "cooperation",
        "rail_crossings",
        "border_lengths_reported",
        "border_lengths_computed",
    },
    "ports": {"port_flows", "rail_crossings"},
    "borders": {"border_lengths_reported", "border_lengths_computed"},
}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_broken_file_disables_only_itself(case, data_copy):
    _, breaker, name, texts = case
    data, geo = data_copy
    breaker(data, geo)
    before = tree_digest(data, geo)
    cat = load_catalog(data, geo)  # the app's start-up: must not raise
    assert name in cat.errors, f"{name} was not disabled"
    message = str(cat.errors[name])
    for text in texts:
        assert text in message, f"{text!r} not in {message!r}"
    allowed = {name} | DEPENDENTS.get(name, set())
    assert set(cat.errors) <= allowed, f"also disabled: {set(cat.errors) - allowed}"
    assert tree_digest(data, geo) == before, "loading wrote to the data"


def test_bom_is_accepted(data_copy):
    data, geo = data_copy
    path = data / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_catalog(data, geo).errors == {}


def test_port_far_from_border_is_flagged_not_fatal(data_copy):
    data, geo = data_copy

    def move(fc):
        f = next(
            f
            for f in fc["features"]
            if f["properties"]["location_precision"] == "exact" and f["properties"]["is_land_port"]
        )
        f["properties"]["port_id_moved"] = True
        f["geometry"]["coordinates"] = [112.0, 41.0]  # ~300 km inside China
        return f

    _geo(geo / "ports.geojson", move)
    cat = load_catalog(data, geo)
    assert "ports" not in cat.errors
    assert any("km from the border line" in str(w) for w in cat.warnings)
