"""Every field, property, unit and code of the shipped data is explained in its descriptor.

The codebooks (data/README.md, geodata/README.md) are generated from the descriptors, so what is
missing here is missing there; that they are up to date is tested in ``test_shipped_data.py``.
"""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from corridor.data import read_text_table
from corridor.paths import DATA_DIR, DATAPACKAGE, GEODATA_DIR, GEODATA_META, ROOT

# Columns and properties holding codes: every value in the data must be explained in the
# field's description (written `code`); the separator splits multi-valued cells. Every enum
# constraint of datapackage.json and every entry of metadata.json's "enums" is checked too.
DATA_CODES = {
    ("sources", "grade"): None,
    ("sources", "language"): None,
    ("port_flows", "metric"): None,
    ("port_flows", "direction"): None,
    ("port_flows", "unit"): None,
    ("port_flows", "reporter"): None,
    ("port_flows", "scope"): None,
    ("flows", "metric"): None,
    ("flows", "direction"): None,
    ("flows", "unit"): None,
    ("flows", "reporter"): None,
    ("flows", "commodity"): None,
    ("border_lengths_reported", "border_id"): None,
    ("border_lengths_computed", "border_id"): None,
    ("border_lengths_computed", "source_id"): None,
    ("border_lengths_computed", "resolution"): None,
    ("cooperation", "indicator"): None,
    ("cooperation", "unit"): None,
    ("events", "date_precision"): None,
    ("events", "category"): None,
    ("rail_crossings", "channel_id"): None,
}
GEO_CODES = {
    ("countries", "iso_a3"): None,
    ("provinces", "country_iso_a3"): None,
    ("borders", "border_id"): None,
    ("borders", "level"): None,
    ("borders", "country_a"): None,
    ("borders", "country_b"): None,
    ("borders", "province_id"): None,
    ("borders", "resolution"): None,
    ("ports", "group"): None,
    ("ports", "province"): None,
    ("ports", "partner_country"): None,
    ("ports", "partner_countries"): ";",
    ("ports", "counterpart_country"): None,
    ("ports", "modes"): ";",
    ("ports", "location_precision"): None,
    ("stations", "country"): None,
    ("stations", "channel_ids"): ";",
    ("channels", "channel_id"): None,
    ("channels", "countries"): ";",
}


def _json(path):
    return json.loads(path.read_text(encoding="utf-8"))


PACKAGE = _json(DATAPACKAGE)
META = _json(GEODATA_META)
FEATURES = {
    name: _json(GEODATA_DIR / layer["path"])["features"] for name, layer in META["layers"].items()
}


def cell_values(cells, sep: str | None) -> set[str]:
    """The distinct codes of a column (cells split on ``sep`` when given)."""
    out = set()
    for cell in cells:
        if cell is None:
            continue
        parts = str(cell).split(sep) if sep else [str(cell)]
        out |= {p.strip() for p in parts} if sep else set(parts)
    return out


def unexplained(description: str, values) -> list[str]:
    """The codes a description does not mention as `code` (an empty code needs 'empty')."""
    text = description or ""
    missing = []
    for v in sorted(values):
        if v == "":
            if "empty" not in text.lower():
                missing.append("(empty)")
        elif f"`{v}`" not in text:
            missing.append(v)
    return missing


def undescribed_fields(package: dict) -> list[str]:
    """``file: column`` of every resource or field without a non-empty description."""
    out = []
    for res in package["resources"]:
        if not str(res.get("description", "")).strip():
            out.append(res["path"])
        for f in res["schema"]["fields"]:
            if not str(f.get("description", "")).strip():
                out.append(f"{res['path']}: {f['name']}")
    return out


def undocumented_properties(meta: dict, features: dict) -> list[str]:
    """``layer: property`` of every declared or shipped property without a description."""
    out = []
    for name, layer in meta["layers"].items():
        docs = layer.get("property_docs", {})
        present = set(layer["properties"])
        for feat in features.get(name, []):
            present |= set(feat.get("properties") or {})
        for prop in sorted(present):
            if not str(docs.get(prop, {}).get("description", "")).strip():
                out.append(f"{name}: {prop}")
        out += [f"{name}: {p} (documented, not declared)" for p in set(docs) - present]
    return out


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def numeric_without_unit(meta: dict, features: dict, known_units: set[str]) -> list[str]:
    """``layer: property`` of every numeric property whose unit is missing or not defined."""
    out = []
    for name, layer in meta["layers"].items():
        docs = layer.get("property_docs", {})
        numeric = {
            k for k, t in layer["properties"].items() if t.rstrip("?") in ("number", "integer")
        }
        for feat in features.get(name, []):
            numeric |= {k for k, v in (feat.get("properties") or {}).items() if _is_number(v)}
        for prop in sorted(numeric):
            unit = docs.get(prop, {}).get("unit")
            if not unit:
                out.append(f"{name}: {prop} has no unit")
            elif unit not in known_units:
                out.append(f"{name}: {prop} has unit {unit!r}, defined nowhere")
    return out


def _field(res_name: str, col: str) -> dict:
    res = next(r for r in PACKAGE["resources"] if r["name"] == res_name)
    return next(f for f in res["schema"]["fields"] if f["name"] == col)


def _table(res_name: str):
    res = next(r for r in PACKAGE["resources"] if r["name"] == res_name)
    return read_text_table(DATA_DIR / res["path"])


def test_every_field_has_a_description():
    assert undescribed_fields(PACKAGE) == []


def test_every_geodata_property_has_a_description():
    assert undocumented_properties(META, FEATURES) == []


def test_every_numeric_geodata_property_has_a_defined_unit():
    units = set(META.get("units", {})) | set(PACKAGE["units"])
    assert numeric_without_unit(META, FEATURES, units) == []


@pytest.mark.parametrize(("res", "col"), sorted(DATA_CODES), ids=lambda v: v)
def test_data_codes_are_explained(res, col):
    values = cell_values(_table(res)[col], DATA_CODES[(res, col)])
    assert unexplained(_field(res, col).get("description"), values) == []


@pytest.mark.parametrize(
    ("res", "col"),
    [
        (r["name"], f["name"])
        for r in PACKAGE["resources"]
        for f in r["schema"]["fields"]
        if "enum" in f.get("constraints", {})
    ],
    ids=lambda v: v,
)
def test_enum_codes_are_explained(res, col):
    f = _field(res, col)
    assert unexplained(f.get("description"), f["constraints"]["enum"]) == []


def test_series_id_prefixes_are_explained():
    prefixes = {s.split("_")[0] for s in _table("flows")["series_id"]}
    assert unexplained(_field("flows", "series_id").get("description"), prefixes) == []


@pytest.mark.parametrize(("layer", "prop"), sorted(GEO_CODES), ids=lambda v: v)
def test_geodata_codes_are_explained(layer, prop):
    cells = [(f.get("properties") or {}).get(prop) for f in FEATURES[layer]]
    values = cell_values(cells, GEO_CODES[(layer, prop)])
    values |= set(META.get("enums", {}).get(f"{layer}.{prop}", []))
    doc = META["layers"][layer].get("property_docs", {}).get(prop, {})
    assert unexplained(doc.get("description"), values) == []


def test_geodata_enums_are_explained():
    for key, allowed in META.get("enums", {}).items():
        layer, prop = key.split(".")
        doc = META["layers"][layer].get("property_docs", {}).get(prop, {})
        assert unexplained(doc.get("description"), allowed) == [], key


def _codebooks():
    spec = importlib.util.spec_from_file_location("wc", ROOT / "scripts" / "write_codebooks.py")
    wc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(wc)
    return wc.data_codebook(ROOT / "data"), wc.geodata_codebook(ROOT / "geodata")


def test_codebooks_show_every_description_and_unit():
    data_md, geo_md = _codebooks()
    esc = lambda s: s.replace("|", "\\|")  # noqa: E731
    for res in PACKAGE["resources"]:
        for f in res["schema"]["fields"]:
            assert esc(f["description"]) in data_md, f"{res['path']}: {f['name']}"
    for name, layer in META["layers"].items():
        for prop, doc in layer["property_docs"].items():
            row = re.search(
                rf"^\| `{re.escape(prop)}` \|.*$", geo_md.split(f"## {layer['path']}")[1], re.M
            )
            assert row and esc(doc["description"]) in row.group(0), f"{name}: {prop}"
            if doc.get("unit"):
                assert f"`{doc['unit']}`" in row.group(0), f"{name}: {prop}"
    for unit in META["units"]:
        assert f"| `{unit}` |" in geo_md


def test_geodata_prose_names_every_location_precision():
    """The codebook's own prose (not only the property table) explains every value in use."""
    _, geo_md = _codebooks()
    prose = geo_md.split("\n## ")[0]
    values = {(f.get("properties") or {}).get("location_precision") for f in FEATURES["ports"]}
    assert unexplained(prose, values) == []


# The checks themselves, on descriptors built in code: each must catch what it is for.


def test_undescribed_fields_are_reported():
    pkg = {
        "resources": [
            {
                "path": "t.csv",
                "description": "a table",
                "schema": {"fields": [{"name": "a", "description": "ok"}, {"name": "b"}]},
            },
            {"path": "u.csv", "schema": {"fields": [{"name": "c", "description": "  "}]}},
        ]
    }
    assert undescribed_fields(pkg) == ["t.csv: b", "u.csv", "u.csv: c"]


def test_undocumented_and_unitless_properties_are_reported():
    meta = {
        "layers": {
            "pts": {
                "properties": {"id": "string", "dist_km": "number?"},
                "property_docs": {"id": {"description": "id"}, "dist_km": {"description": "d"}},
            }
        }
    }
    feats = {"pts": [{"properties": {"id": "a", "dist_km": 1.0, "extra": 3}}]}
    assert undocumented_properties(meta, feats) == ["pts: extra"]
    assert numeric_without_unit(meta, feats, {"km"}) == [
        "pts: dist_km has no unit",
        "pts: extra has no unit",
    ]
    meta["layers"]["pts"]["property_docs"]["dist_km"]["unit"] = "furlong"
    assert numeric_without_unit(meta, {"pts": []}, {"km"}) == [
        "pts: dist_km has unit 'furlong', defined nowhere"
    ]


@pytest.mark.parametrize(
    ("description", "values", "missing"),
    [
        ("`IM_land` and `NE_CN_RU`", {"IM_land", "NE_CN_RU", "NE_CN_RU_other"}, ["NE_CN_RU_other"]),
        ("exact, town or none", {"exact"}, ["exact"]),
        ("`RUS`, `MULTI`", {"RUS", "MULTI", ""}, ["(empty)"]),
        ("`RUS`; empty where unknown", {"RUS", ""}, []),
        (None, {"a"}, ["a"]),
    ],
)
def test_unexplained_codes_are_reported(description, values, missing):
    assert unexplained(description, values) == missing


def test_multi_valued_cells_are_split():
    assert cell_values(["river;road", "air", None], ";") == {"river", "road", "air"}
