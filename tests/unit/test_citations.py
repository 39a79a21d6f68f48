"""Source lines and downloads name each source: publisher, title, year; copies by original."""

from __future__ import annotations

import pandas as pd

from corridor.citations import SOURCE_COLUMNS, cite_view, source_line, with_sources

SOURCES = pd.DataFrame(
    {
        "source_id": ["a", "b", "c"],
        "publisher": ["Xinhua News Agency", "copyhost.example", "Montsame"],
        "title": ["Trade up", "[page quoting: 19 million tonnes]", "Port reopens"],
        "url": ["https://a.example", "http://copyhost.example/1", "https://c.example"],
        "date_published": ["2023-01-18", "", "2022-07-26"],
        "grade": ["wire service", "secondary copy", "wire service"],
        "original_publisher": [None, "China News Service", None],
        "is_mirror": [False, True, False],
    }
)


def test_source_line_names_publisher_title_and_year_in_order_of_first_use():
    line = source_line(["c", "a", "c"], SOURCES)
    assert line == "Source: Montsame, Port reopens (2022); Xinhua News Agency, Trade up (2023)."


def test_a_copy_is_cited_by_its_original_publisher():
    line = source_line(["b"], SOURCES)
    assert line.startswith("Source: China News Service (copy at copyhost.example), [page quoting")
    assert "(n.d.)" in line  # no date published: said so, not guessed


def test_source_line_limits_and_counts_the_rest():
    line = source_line(["a", "b", "c"], SOURCES, limit=1)
    assert line.endswith("; and 2 more (see download).")
    assert source_line([], SOURCES) == "Source: none recorded."
    assert "unknown_id" in source_line(["unknown_id"], SOURCES)


def test_downloads_carry_every_source_column():
    rows = pd.DataFrame({"value": [1, 2], "source_id": ["b", "a"]})
    out = with_sources(rows, SOURCES)
    assert list(out.columns) == ["value", "source_id", *SOURCE_COLUMNS]
    assert out.loc[0, "source_original_publisher"] == "China News Service"
    assert out.loc[1, "source_url"] == "https://a.example"


def test_cite_view_gives_link_access_date_and_sources():
    text = cite_view("https://dash.example/?port=ceke", ["a"], SOURCES, "2026-11-25")
    assert "View: https://dash.example/?port=ceke (accessed 2026-11-25)" in text
    assert text.endswith("Source: Xinhua News Agency, Trade up (2023).")


def test_source_quality_counts_by_grade_with_a_total():
    from corridor.citations import source_quality

    q = source_quality(SOURCES).set_index("grade")
    assert list(q.index) == ["wire service", "secondary copy", "all grades"]
    assert q.loc["wire service", "sources"] == 2
    assert q.loc["secondary copy", "copies of another site's article"] == 1
    assert q.loc["secondary copy", "original publisher named"] == 1
    assert q.loc["all grades", "headline not captured"] == 1  # the [bracketed] title
    assert q.loc["all grades", "no publication date"] == 1
    assert q.loc["all grades", "sources"] == len(SOURCES)


def test_a_copy_whose_host_names_the_original_is_cited_once():
    wiki = SOURCES.assign(
        publisher="Wikipedia (Chinese) via a proxy copy", original_publisher="Wikipedia"
    )
    assert source_line(["b"], wiki).startswith("Source: Wikipedia (Chinese) via a proxy copy, ")
