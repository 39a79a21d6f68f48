"""The codebook tables the Data and sources page shows, from the data's own descriptors.

The descriptors write a column's or value's name as Markdown code (`station_id`); the page
shows the rows as plain text, so the backticks are left out here and the names kept.
"""

from __future__ import annotations


def reader_text(text: str) -> str:
    """A codebook description as a reader sees it: without the backticks that mark code."""
    return str(text).replace("`", "")


def field_rows(resource: dict) -> list[dict]:
    """One row per column of a ``datapackage.json`` resource: name, type, unit, description.

    A column whose unit varies by row names the column that holds it (``unitField``).
    """
    return [
        {
            "column": f["name"],
            "type": f.get("type", "string"),
            "unit": f.get("unit") or (f"see column '{f['unitField']}'" if "unitField" in f else ""),
            "description": reader_text(f.get("description", "")),
        }
        for f in resource["schema"]["fields"]
    ]


def property_rows(layer: dict) -> list[dict]:
    """One row per property of a ``geodata/metadata.json`` layer: name, type, unit, description."""
    docs = layer.get("property_docs", {})
    return [
        {
            "property": prop,
            "type": kind,
            "unit": docs.get(prop, {}).get("unit", ""),
            "description": reader_text(docs.get(prop, {}).get("description", "")),
        }
        for prop, kind in layer["properties"].items()
    ]
