""" "About this data" under a chart: units as shown and published, sources, changes, citation."""

from __future__ import annotations

import pandas as pd
import pytest

from corridor.chartnotes import markdown_lines, port_metric_note, source_entries
from corridor.paths import DATA_DIR


@pytest.fixture(scope="module")
def sources():
    return pd.read_csv(DATA_DIR / "sources.csv", dtype=str, keep_default_na=False)


def _rows(**over) -> pd.DataFrame:
    base = {
        "port_id": ["p", "p", "p"],
        "year": [2021, 2022, 2023],
        "metric": ["freight"] * 3,
        "direction": ["total"] * 3,
        "value": [1500.0, 16.0, 19.0],
        "unit": ["10k_t", "mt", "mt"],
        "is_lower_bound": [False, False, True],
        "is_partial_year": [False, False, True],
        "is_inferred": [False, False, False],
        "source_id": ["a", "b", "b"],
    }
    return pd.DataFrame({**base, **over})


def test_a_port_chart_note_says_units_flags_and_cites_the_view(sources):
    rows = _rows(source_id=list(sources["source_id"][:3]))
    url = "http://example.org/?port=p"
    note = port_metric_note(
        rows, "freight", "P: freight by year", sources, url=url, accessed="2026-01-02"
    )
    text = "\n".join(line for _, lines in markdown_lines(note) for line in lines)
    assert "Shown in 10,000 tonnes." in text
    assert "Published in × 10,000 t, Mt." in text
    assert "1 Mt = 100 × 10,000 t" in text  # the conversion, said
    assert "1 figure is a lower bound" in text
    assert "1 figure covers part of a year only" in text
    assert "interpolated" in text  # and what was not done
    assert note.cite.startswith("“P: freight by year”, a chart in:")
    assert url in note.cite and "2026-01-02" in note.cite
    heads = [h for h, _ in markdown_lines(note)]
    assert heads == [
        "What is shown",
        "Units",
        "Sources",
        "What was done to the numbers",
        "How to cite this chart",
    ]


def test_a_note_without_flags_does_not_mention_them(sources):
    rows = _rows(
        unit=["10k_t"] * 3,
        is_lower_bound=[False] * 3,
        is_partial_year=[False] * 3,
        source_id=[sources["source_id"][0]] * 3,
    )
    note = port_metric_note(rows, "freight", "t", sources, url="u", accessed="d")
    text = " ".join(note.units + note.done)
    assert "lower bound" not in text and "part of a year" not in text
    assert "converted" not in text


def test_a_copy_is_cited_under_its_original_and_its_host_is_only_a_detail(sources):
    copies = sources[sources["is_mirror"].str.lower().eq("true") & (sources["url"] != "")]
    row = copies.iloc[0]
    (entry,) = source_entries([row["source_id"]], sources)
    host = row["url"].split("/")[2]
    assert host not in entry.cited
    assert host in entry.read_at


def test_sources_are_listed_best_grade_first(sources):
    ids = list(sources["source_id"])
    entries = source_entries(ids[:20], sources)
    assert len(entries) == 20
    from corridor.vocabulary import GRADE_NAMES, GRADE_ORDER

    order = {GRADE_NAMES[g]: i for g, i in GRADE_ORDER.items()}
    ranks = [next((r for n, r in order.items() if f"; {n})" in e.cited), 99) for e in entries]
    assert ranks == sorted(ranks)
