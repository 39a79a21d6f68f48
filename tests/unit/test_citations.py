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


def test_source_line_names_publisher_title_year_and_grade_in_order_of_first_use():
    line = source_line(["c", "a", "c"], SOURCES)
    assert line == (
        "Source: Montsame, Port reopens (2022; wire service); "
        "Xinhua News Agency, Trade up (2023; wire service)."
    )


def test_source_line_names_the_best_graded_source_first():
    """A card's line named a Wikipedia copy first because it was used first; the grade
    decides, then a copy that names its original before one that does not."""
    graded = pd.concat(
        [
            SOURCES,
            pd.DataFrame(
                {
                    "source_id": ["w", "u"],
                    "publisher": ["Wikipedia", "mirror.example"],
                    "title": ["Erenhot", "[title not captured]"],
                    "url": ["https://w.example", "http://mirror.example/2"],
                    "date_published": ["2024-01-01", ""],
                    "grade": ["encyclopedia", "secondary copy"],
                    "original_publisher": [None, None],
                    "is_mirror": [False, True],
                }
            ),
        ],
        ignore_index=True,
    )
    line = source_line(["u", "w", "b", "a"], graded, titles=False)
    assert line == (
        "Source: Xinhua News Agency (2023; wire service); Wikipedia (2024; encyclopedia); "
        "China News Service (n.d.; secondary copy); "
        "original publisher not named (a copy on another site) (n.d.; secondary copy)."
    )


def test_a_copy_is_cited_by_its_original_publisher_and_its_host_left_to_the_details():
    line = source_line(["b"], SOURCES)
    assert line.startswith("Source: China News Service, [page quoting")
    assert "copyhost" not in line
    assert "(n.d.; secondary copy)" in line  # no date published: said so, not guessed
    unnamed = SOURCES.assign(original_publisher=None)
    line = source_line(["b"], unnamed)
    assert "copyhost" not in line and "original publisher not named" in line
    out = with_sources(pd.DataFrame({"source_id": ["b"]}), SOURCES)
    assert out.loc[0, "source_cited_as"] == "China News Service"
    assert out.loc[0, "source_publisher"] == "copyhost.example"  # the details keep the host


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
    assert text.endswith("Source: Xinhua News Agency, Trade up (2023; wire service).")


def test_cite_view_names_the_best_graded_sources_and_counts_the_rest():
    from corridor.citations import best_graded

    graded = SOURCES.assign(grade=["news media", "secondary copy", "official statistic"])
    text = cite_view("u", ["b", "a", "c"], graded, "d", best=2)
    assert text.endswith(
        "Sources: Montsame, Port reopens (2022; official statistic); "
        "Xinhua News Agency, Trade up (2023; news media); and 1 more (full list in the download)."
    )
    full = best_graded(["b", "a", "c"], graded)
    assert list(full["source_id"]) == ["c", "a", "b"]
    assert list(full["cited_as"]) == ["Montsame", "Xinhua News Agency", "China News Service"]
    assert full.loc[2, "publisher"] == "copyhost.example"


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
    assert source_line(["b"], wiki).startswith("Source: Wikipedia, ")


def test_no_source_line_or_citation_names_a_copy_host_before_its_original():
    """Over the whole shipped registry: the line names the original first, and a copy's host
    (its publisher field) appears nowhere before it."""
    from corridor.catalog import load_catalog
    from corridor.citations import cited_publisher, is_copy

    sources = load_catalog().tables["sources"]
    for _, row in sources.iterrows():
        line = source_line([row["source_id"]], sources)
        original = row["original_publisher"]
        if original:
            assert line.startswith(f"Source: {original}, "), row["source_id"]
        if is_copy(row) and row["publisher"] not in str(row["title"]):
            head = line.split(", " + str(row["title"]))[0]
            assert row["publisher"] not in head or row["publisher"] in str(original), row[
                "source_id"
            ]
        assert cited_publisher(row) in line
    every = cite_view("u", list(sources["source_id"]), sources, "d")
    for _, row in sources[sources["is_mirror"].astype(str) == "True"].iterrows():
        if row["publisher"] not in str(row["title"]) and row["publisher"] not in str(
            row["original_publisher"]
        ):
            assert row["publisher"] not in every, row["source_id"]
