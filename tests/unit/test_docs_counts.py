"""docs/data.md gives counts of the sources and of the figures citing originals: they must be
the shipped data's, or a reader of the page is told numbers the data no longer has."""

from __future__ import annotations

import re

from corridor.paths import ROOT
from tests.scripts_import import script


def _summary() -> dict[str, int]:
    return script("coverage_report").sources_summary(ROOT / "data")


def _page() -> str:
    return " ".join((ROOT / "docs" / "data.md").read_text(encoding="utf-8").split())


def test_the_data_page_gives_the_shipped_source_counts():
    n, page = _summary(), _page()
    assert f"Sources: {n['sources']}, each with" in page
    assert f"{n['copies']} are copies of an article" in page
    assert f"{n['credited']} name the original publisher" in page
    assert re.search(rf"\b{n['bracketed']} titles are still in \[square brackets\]", page)


def test_the_data_page_gives_the_shipped_share_of_originals():
    n, page = _summary(), _page()
    original = round(100 * n["original"] / n["figures"])
    named = round(100 * n["named_first"] / n["figures"])
    assert f"{n['original']} of the {n['figures']} rows" in page
    assert f"({original}%)" in page
    assert f"{n['named_first']} ({named}%) name an original publisher first" in page
