"""The footer's and About page's facts about the data: read from its metadata, or left out."""

from __future__ import annotations

import datetime as dt

import pytest

from corridor.about import changelog, data_licence, data_updated, footer_line

CC = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def test_the_licence_and_date_come_from_the_package():
    package = {"licenses": [CC], "created": "2026-12-02T00:21:40Z"}
    assert data_licence(package).label == "Creative Commons Attribution 4.0 (CC-BY-4.0)"
    assert data_licence(package).url == CC["path"]
    assert data_updated(package) == dt.date(2026, 12, 2)
    line = footer_line(package)
    assert line.startswith("Data licence: Creative Commons Attribution 4.0 (CC-BY-4.0)")
    assert "data updated 2 December 2026" in line


@pytest.mark.parametrize(
    "package",
    [
        {},
        {"licenses": [], "created": ""},
        {"licenses": "CC-BY-4.0", "created": 20261202},
        {"licenses": [{}], "created": "02/12/2026"},
        {"licenses": [None], "created": "2026-13-45"},
    ],
)
def test_missing_or_malformed_metadata_is_left_out(package):
    assert data_licence(package) is None and data_updated(package) is None
    assert footer_line(package) == "Every figure names its source."


def test_a_licence_link_that_is_not_http_is_dropped():
    licence = data_licence({"licenses": [{**CC, "path": "javascript:alert(1)"}]})
    assert licence.url == "" and licence.name == "CC-BY-4.0"


def test_the_changelog_is_read_only_where_it_exists(tmp_path):
    assert changelog(tmp_path) is None
    (tmp_path / "CHANGELOG.md").write_text("   \n")
    assert changelog(tmp_path) is None
    (tmp_path / "CHANGELOG.md").write_text("# Changes\n\n- Added a port.\n")
    assert changelog(tmp_path) == "# Changes\n\n- Added a port."
