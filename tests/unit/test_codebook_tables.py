"""The Data and sources page's codebook tables, built from descriptors made in code."""

from __future__ import annotations

from corridor.codebook import field_rows, property_rows


def test_field_rows_give_each_columns_unit_or_where_its_unit_is():
    resource = {
        "schema": {
            "fields": [
                {"name": "value", "type": "number", "unitField": "unit", "description": "d"},
                {"name": "length_km", "type": "number", "unit": "km"},
                {"name": "note"},
            ]
        }
    }
    rows = field_rows(resource)
    assert [r["column"] for r in rows] == ["value", "length_km", "note"]
    assert rows[0]["unit"] == "see column 'unit'" and rows[0]["description"] == "d"
    assert rows[1]["unit"] == "km" and rows[2] == {
        "column": "note",
        "type": "string",
        "unit": "",
        "description": "",
    }


def test_property_rows_follow_the_layers_properties_with_their_docs():
    layer = {
        "properties": {"port_id": "string", "border_distance_km": "number"},
        "property_docs": {"border_distance_km": {"description": "to the line", "unit": "km"}},
    }
    rows = property_rows(layer)
    assert [r["property"] for r in rows] == ["port_id", "border_distance_km"]
    assert rows[1] == {
        "property": "border_distance_km",
        "type": "number",
        "unit": "km",
        "description": "to the line",
    }
    assert rows[0]["description"] == ""  # undocumented shows empty (a codebook test fails)


def test_descriptions_show_as_reader_text_without_markdown_backticks():
    resource = {"schema": {"fields": [{"name": "stations", "description": "`station_id`s by `;`"}]}}
    layer = {
        "properties": {"x": "string"},
        "property_docs": {"x": {"description": "see `notes`"}},
    }
    assert field_rows(resource)[0]["description"] == "station_ids by ;"
    assert property_rows(layer)[0]["description"] == "see notes"
