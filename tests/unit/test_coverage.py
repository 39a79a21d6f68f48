"""The coverage matrix and the port card's coverage line."""

from __future__ import annotations

import html
import itertools

import pandas as pd

from corridor import coverage
from corridor.catalog import load_catalog


def _rows(*specs) -> pd.DataFrame:
    """Rows of (port, year, partial, lower bound)."""
    return pd.DataFrame(
        [
            {
                "port_id": p,
                "metric": "freight",
                "year": y,
                "is_partial_year": part,
                "is_lower_bound": low,
            }
            for p, y, part, low in specs
        ]
    )


def test_the_best_figure_of_a_year_decides_its_status():
    df = _rows(
        ("a", 2010, True, False),
        ("a", 2010, False, False),  # full year beats part of year
        ("a", 2011, False, True),
        ("a", 2011, True, False),  # a full-year lower bound beats part of year
        ("a", 2013, True, True),
    )
    m = coverage.port_coverage(df, {"a": "Port A"})
    assert list(m.index) == ["Port A: freight"]
    assert m.loc["Port A: freight"].tolist() == [
        "full year",
        "lower bound",
        "",
        "part of year",
    ]


def test_the_years_filter_bounds_the_matrix_and_drops_empty_rows():
    df = _rows(("a", 2010, False, False), ("b", 2020, False, False))
    m = coverage.port_coverage(df, {}, years=(2015, 2021))
    assert list(m.columns) == list(range(2015, 2022))
    assert list(m.index) == ["b: freight"]


def test_the_coverage_figure_draws_one_square_per_year_with_a_figure():
    df = _rows(("a", 2010, False, False), ("a", 2012, True, False))
    m = coverage.port_coverage(df, {})
    fig = coverage.build_coverage_figure(m, "Coverage", "source")
    drawn = {t.name: list(t.x) for t in fig.data}
    assert drawn == {"full year": [2010], "lower bound": [], "part of year": [2012]}
    assert fig.layout.xaxis.title.text == "Year of the figure"


def test_the_port_line_counts_years_and_names_the_latest():
    df = _rows(("a", 2015, False, False), ("a", 2019, True, False), ("a", 2019, True, False))
    assert coverage.port_coverage_line(df, "a") == (
        "Published figures for 2 years (2015–2019; latest 2019), 1 of them part-year only."
    )
    assert coverage.port_coverage_line(df, "z") == "No published figure found for this port."


def test_the_shipped_data_gives_every_port_with_figures_a_row():
    cat = load_catalog()
    pf = cat.tables["port_flows"]
    m = coverage.port_coverage(pf, {})
    assert {i.split(":")[0] for i in m.index} == set(pf["port_id"])
    assert set(m.to_numpy().ravel()) <= {"", *coverage.STATUSES}


def test_every_series_row_names_its_measure_and_is_shown_in_full():
    flows = load_catalog().tables["flows"]
    labels = coverage.series_labels(flows)
    # a row stands alone: the trains through a port say they are China–Europe trains
    assert labels["CRE_trains_Erenhot"].startswith("China–Europe trains through Erenhot")
    assert not any(v.startswith("through ") for v in labels.values())
    m = coverage.series_coverage(flows, labels)
    fig = coverage.build_coverage_figure(m, "Coverage", "source")
    ticks = list(fig.layout.yaxis.ticktext)
    assert len(ticks) == len(m.index)
    for name, tick in zip(m.index, ticks, strict=True):
        assert "…" not in tick
        assert html.unescape(tick.replace("<br>", " ")) == name  # every word, none cut
    # each row is as tall as its name: rows do not overlap, the first one is at the top
    centres = list(fig.layout.yaxis.tickvals)
    assert centres == sorted(centres) and fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]
    for (a, b), tick in zip(itertools.pairwise(centres), ticks, strict=False):
        assert b - a >= 13 * tick.count("<br>") / 2
