"""Figures of one port and year that differ: grouped by scope and side, with why."""

from __future__ import annotations

import pandas as pd

from corridor.conflicts import conflicts, latest_conflicts, tooltip_lines


def _row(**kw) -> dict:
    base = {
        "port_id": "erenhot",
        "year": 2023,
        "period": "year",
        "is_partial_year": False,
        "metric": "freight",
        "direction": "total",
        "value": 1.0,
        "unit": "10k_t",
        "scope": "whole port",
        "reporter": "CHN",
        "is_lower_bound": False,
        "source_id": "a",
    }
    return {**base, **kw}


ERENHOT_2023 = pd.DataFrame(
    [
        _row(value=19, unit="mt", is_lower_bound=True, is_partial_year=True, period="part of year"),
        _row(
            port_id="erenhot_road",
            value=240,
            scope="Mongolian Zamyn-Uud road checkpoint",
            reporter="MNG",
            source_id="b",
        ),
    ]
)


def test_erenhot_2023_is_grouped_by_scope_and_side_with_every_reason():
    (c,) = conflicts(ERENHOT_2023)
    assert c.year == 2023
    assert [g.label for g in c.groups] == [
        "whole port, Chinese statistics",
        "Mongolian Zamyn-Üüd road checkpoint, Mongolian statistics",
    ]
    assert c.groups[0].figures == ("≥ 1,900 × 10,000 t (published as ≥ 19 Mt; part of year)",)
    assert c.groups[1].figures == ("240 × 10,000 t",)
    for reason in ("count different things", "different sides of the border", "part of the year"):
        assert reason in c.why
    assert "lower bound" in c.why
    assert c.source_ids == ("a", "b")


def test_figures_that_agree_after_conversion_are_no_conflict():
    same = pd.DataFrame([_row(value=19, unit="mt"), _row(value=1900, source_id="b")])
    assert conflicts(same) == []
    # other directions or years are not compared with each other
    apart = pd.DataFrame([_row(value=5), _row(value=7, direction="in"), _row(value=9, year=2022)])
    assert conflicts(apart) == []


def test_two_sources_that_simply_disagree_are_said_to():
    (c,) = conflicts(pd.DataFrame([_row(value=5), _row(value=7, source_id="b")]))
    assert c.why == "Why they differ: different sources published different figures."
    assert c.groups[0].figures == ("5 × 10,000 t", "7 × 10,000 t")


def test_latest_per_measure_and_one_tooltip_line_per_port():
    rows = pd.concat(
        [ERENHOT_2023, pd.DataFrame([_row(year=2019, value=1), _row(year=2019, value=2)])]
    )
    assert [c.year for c in latest_conflicts(rows)] == [2023]
    ports = pd.DataFrame({"port_id": ["erenhot_road", "arxan"], "complex_id": ["erenhot", "arxan"]})
    lines = tooltip_lines(rows, ports)
    assert lines[1] == ""
    # the tooltip only points to the card: the figures and why squeezed a tooltip over the map
    assert lines[0] == (
        "Figures that differ for 2023: Freight (total): the port's card lists them and says why."
    )
    assert "240 × 10,000 t" not in lines[0] and "Why they differ" not in lines[0]
    assert tooltip_lines(rows, ports, (2015, 2020))[0].startswith("Figures that differ for 2019")


def test_one_figure_from_two_sources_is_listed_once_with_its_period():
    """Erenhot 2025: 2,753,000 persons 'partial year: Jan-22 Dec' from one source and the same
    figure 'part of year' from another read as two figures; the dated one is kept."""
    dated = _row(value=275.3, unit="10k_persons", metric="passengers", period="Jan-22 Dec")
    rows = pd.DataFrame(
        [
            {**dated, "is_partial_year": True},
            {**dated, "is_partial_year": True, "period": "part of year", "source_id": "b"},
            {**dated, "is_partial_year": False, "period": "year", "value": 281.9, "source_id": "c"},
        ]
    )
    (c,) = conflicts(rows)
    figures = [f for g in c.groups for f in g.figures]
    assert sum("2,753,000" in f for f in figures) == 1, figures
    assert any("1 Jan – 22 Dec" in f for f in figures)


def test_every_scope_in_the_data_has_reader_words_in_every_language():
    """'Mongolian Zamyn-Uud road checkpoint' reached the Chinese card in English: every scope
    the port figures use is a vocabulary word, translated in each catalog."""
    from corridor import i18n
    from corridor.catalog import load_catalog
    from corridor.vocabulary import SCOPES

    scopes = set(load_catalog().tables["port_flows"]["scope"])
    assert scopes <= set(SCOPES), scopes - set(SCOPES)
    try:
        for lang in ("zh", "ru", "mn"):
            i18n.use(lang)
            untranslated = [s for s in scopes if SCOPES[s] == s]
            assert not untranslated, (lang, untranslated)
    finally:
        i18n.use("en")


def test_a_groups_side_reads_mid_sentence_in_russian():
    """'пункт пропуска в целом, Китайская статистика': a Russian adjective after a comma takes
    a small letter; Chinese groups take a Chinese comma."""
    from corridor import i18n

    try:
        i18n.use("ru")
        (c,) = conflicts(pd.DataFrame([_row(value=5), _row(value=7, source_id="b")]))
        assert c.groups[0].label.endswith(", китайская статистика"), c.groups[0].label
        i18n.use("zh")
        (c,) = conflicts(pd.DataFrame([_row(value=5), _row(value=7, source_id="b")]))
        assert "，" in c.groups[0].label and ", " not in c.groups[0].label
    finally:
        i18n.use("en")
