"""Headline figures of the Map page, from small frames."""

from __future__ import annotations

import re

import pandas as pd

from corridor.summary import ports_by_partner


def test_ports_by_partner_lists_the_largest_group_first():
    ports = pd.DataFrame(
        {
            "partner_country": ["RUS", "MNG", "RUS", "MULTI", "RUS", "MNG", ""],
            "coord_source_id": ["a", "b", "", "c", "a", "", ""],
        }
    )
    fig = ports_by_partner(ports)
    assert fig.value == "7"
    labels = [part.rsplit(" ", 1)[0] for part in fig.detail.split(" · ")]
    counts = [int(part.rsplit(" ", 1)[1]) for part in fig.detail.split(" · ")]
    # airports (several partners, or none recorded) are one count: "several (air) 1 · not
    # recorded (air) 1" read as two kinds of partner
    assert counts == sorted(counts, reverse=True) == [3, 2, 2]
    assert labels == ["Russia", "Mongolia", "airports"]
    assert fig.source_ids == ("a", "b", "c")


def test_headline_figures_follow_the_filters_and_skip_what_did_not_load():
    from dataclasses import replace

    from corridor.catalog import load_catalog
    from corridor.summary import headline_figures

    cat = load_catalog()
    ports = cat.layers["ports"]
    labels = [f.label for f in headline_figures(cat, ports)]
    assert labels[0] == "ports shown"
    # with ports that have no figure, the label says how many have one
    assert re.fullmatch(r"freight through \d+ of the \d+ ports shown, 20\d\d", labels[1])
    assert labels[2:] == [
        "freight through Inner Mongolia's ports",
        "Inner Mongolia's border (reported)",
        "northern rail channels",
    ]
    mongolian = ports[ports["partner_country"] == "MNG"]
    assert headline_figures(cat, mongolian)[0].value == str(len(mongolian))
    # a table that did not load drops its figure, and only that one
    without_flows = replace(cat, tables={k: v for k, v in cat.tables.items() if k != "flows"})
    assert "freight through Inner Mongolia's ports" not in [
        f.label for f in headline_figures(without_flows, None)
    ]
    assert len(headline_figures(without_flows, None)) == 2


def test_headline_figures_follow_every_filter_and_name_their_year():
    from corridor.catalog import load_catalog
    from corridor.filters import shown_ports
    from corridor.summary import headline_figures
    from corridor.viewstate import View

    cat = load_catalog()

    def figures(view):
        return {f.label: f for f in headline_figures(cat, shown_ports(cat, view), view)}

    every = figures(View())
    early = figures(View(years=(2015, 2019)))
    (label_all,) = [k for k in every if re.match(r"freight through (\d+ of|the ports)", k)]
    (label_early,) = [k for k in early if re.match(r"freight through (\d+ of|the ports)", k)]
    assert label_early.endswith(", 2019") and label_all != label_early
    assert every[label_all].value != early[label_early].value
    # the region's figure is the last within the years, and says which
    region = "freight through Inner Mongolia's ports"
    assert early.get(region) is None or early[region].detail[:4] <= "2019"
    assert every[region].value != early.get(region, every[region]).value or region not in early
    # a partner: that partner's border section, its channels, no all-partner region total
    mongolia = figures(View(partner="MNG"))
    assert region not in mongolia
    assert "Inner Mongolia's border with Mongolia (reported)" in mongolia
    assert mongolia["northern rail channels"].value == "2"
    # no port figure in the years: says so, no number from another year
    none = figures(View(ports=("ceke",), years=(2000, 2005)))
    (label_none,) = [k for k in none if re.match(r"freight through (\d+ of|the ports)", k)]
    assert none[label_none].value == "no figure" and "2000–2005" in none[label_none].detail


def test_inner_mongolias_border_sums_two_sections_of_one_publication():
    """Never a sum of parts from different sources; the first source with both sections."""
    from corridor.summary import inner_mongolia_borders

    def rows(*items):
        return pd.DataFrame(items, columns=["border_id", "length_km", "source_id"])

    mixed = rows(("cn_mn_nm", 3191.1, "a"), ("cn_ru_nm", 1051.08, "b"))
    assert inner_mongolia_borders(mixed) is None  # two sources, one section each: no sum
    fig = inner_mongolia_borders(
        rows(
            ("cn_mn_nm", 3191.1, "a"),
            ("cn_mn_nm", 3211, "liu"),
            ("cn_ru_nm", 1051.08, "b"),
            ("cn_ru_nm", 1010, "liu"),
            ("cn_mn_nm", 3193, "later"),
            ("cn_ru_nm", 1051, "later"),
        )
    )
    assert fig.value == "4,221 km" and fig.source_ids == ("liu",)
    assert fig.detail == "Mongolia 3,211 km · Russia 1,010 km"


def test_one_sections_length_is_the_same_filtered_as_in_the_total():
    """The map gave Mongolia 3,211 km in the total and 3,191 km with Mongolia chosen (the
    first length on record): one section keeps the source of the two sections' total."""
    from corridor.summary import inner_mongolia_borders

    reported = pd.DataFrame(
        [("cn_mn_nm", 3191.1, "a"), ("cn_ru_nm", 1010, "liu"), ("cn_mn_nm", 3211, "liu")],
        columns=["border_id", "length_km", "source_id"],
    )
    mn = inner_mongolia_borders(reported, "MNG")
    assert (mn.value, mn.source_ids) == ("3,211 km", ("liu",))
    assert mn.detail.startswith("as reported with the other section")
    # no source reports both: the first length on record, said so
    alone = inner_mongolia_borders(reported[reported["source_id"] == "a"], "MNG")
    assert alone.value == "3,191 km" and alone.detail.startswith("the first reported length")


def test_region_freight_headline_reads_in_million_tonnes_without_rounding():
    from corridor.summary import latest_region_freight

    def row(year, value, unit, partial=False, series="IM_land_ports_total"):
        return {
            "series_id": series,
            "metric": "freight",
            "year": year,
            "value": value,
            "unit": unit,
            "is_partial_year": partial,
            "is_lower_bound": False,
            "geography": "Inner Mongolia (land ports)",
            "source_id": f"s{year}",
        }

    flows = pd.DataFrame([row(2024, 4728.6, "10k_t"), row(2025, 9999.0, "10k_t", partial=True)])
    fig = latest_region_freight(flows)
    assert fig.value == "47.286 Mt" and fig.source_ids == ("s2024",)  # the part-year is skipped
    fig = latest_region_freight(pd.DataFrame([row(2025, 13200, "10k_t"), row(2023, 110, "mt")]))
    assert fig.value == "132 Mt" and fig.detail.startswith("2025")


def test_a_value_published_as_approximate_says_so_and_a_bound_comes_first():
    from corridor.summary import fmt_value

    assert fmt_value(24, "mt", approximate=True) == "≈ 24 Mt"
    assert fmt_value(1900, "10k_t", lower_bound=True, approximate=True).startswith("≥ 1,900")
    assert fmt_value(24, "mt") == "24 Mt"


def test_numbers_are_written_as_the_readers_language_writes_them():
    """Russian read "5,001 поездов" as five trains, and "4,221 km" kept a Latin unit; the
    headline's sum showed "16.56838576 Mt"; Chinese sentences took English commas."""
    from corridor import i18n
    from corridor.catalog import load_catalog
    from corridor.filters import shown_ports
    from corridor.summary import fmt_value, km_text, shown_ports_freight
    from corridor.viewstate import View

    cat, view = load_catalog(), View(years=(2015, 2018))
    try:
        i18n.use("ru")
        assert fmt_value(5001, "trains").startswith("5\u00a0001")
        assert fmt_value(1734.2, "10k_t").startswith("1\u00a0734,2")
        assert km_text(4221.3) == "4\u00a0221 км"
        i18n.use("en")
        assert fmt_value(5001, "trains") == "5,001 trains"
        fig = shown_ports_freight(shown_ports(cat, view), cat.tables["port_flows"], view)
        assert fig.value == "16.57 Mt"  # two decimals for a sum, not 16.56838576
        i18n.use("zh")
        fig = shown_ports_freight(shown_ports(cat, view), cat.tables["port_flows"], view)
        assert fig.value == "1,656.84 万吨" and "，" in fig.label and ", " not in fig.detail
    finally:
        i18n.use("en")


def test_a_counted_label_agrees_with_its_number():
    """The headline reads "38 Показанные пункты пропуска" in Russian: a label in the nominative
    after a number that needs the genitive. Counted labels take the plural form of their
    number, and read after it in lower case."""
    from corridor import i18n
    from corridor.catalog import load_catalog
    from corridor.summary import fmt_value, ports_by_partner

    ports = load_catalog().layers["ports"]
    try:
        i18n.use("ru")
        labels = {n: ports_by_partner(ports.head(n)).label for n in (1, 3, 38)}
        assert labels == {
            1: "показанный пункт пропуска",
            3: "показанных пункта пропуска",
            38: "показанных пунктов пропуска",
        }
        # and so do counted units: "5 001 поездов" read as five thousand and one trains
        # in the wrong case
        assert fmt_value(5001, "trains") == "5\u00a0001 поезд"
        assert fmt_value(3000, "trains", lower_bound=True) == "≥ 3\u00a0000 поездов"
        assert fmt_value(1.5, "times") == "1,5 раза"
        assert fmt_value(30.6, "cny_mn") != fmt_value(30.6, "trains")
        i18n.use("en")
        assert fmt_value(1, "trains") == "1 train" and fmt_value(2, "trains") == "2 trains"
        assert ports_by_partner(ports.head(1)).label == "port shown"
        assert ports_by_partner(ports.head(2)).label == "ports shown"
    finally:
        i18n.use("en")


def test_every_cooperation_period_has_reader_words_and_numbers_their_separators():
    """The cooperation table showed its periods as stored ("year", "initially (annual)") and
    its numbers with English separators in every language."""
    from corridor import i18n
    from corridor.catalog import load_catalog
    from corridor.vocabulary import COOPERATION_PERIODS, cooperation_period, printed_number

    periods = set(load_catalog().tables["cooperation"]["period"])
    try:
        i18n.use("ru")
        for p in periods:
            assert p in COOPERATION_PERIODS or cooperation_period(p) != p, p
        assert printed_number(4672.7153) == "4\u00a0672,7153"
        i18n.use("en")
        assert printed_number(4630.0) == "4,630" and printed_number(4672.7153) == "4,672.7153"
    finally:
        i18n.use("en")


def test_the_cooperation_table_speaks_the_readers_language():
    """In Russian the table read "30.6 млн юаней", "3,912 млн юаней", "1,662 проектов" and
    periods "year", "Jan-May", under a column "Участок" (a border section): numbers now take
    the language's separators, counted units their plural form, periods reader words, and
    the document's section a column name of its own."""
    from corridor import i18n
    from corridor.catalog import load_catalog
    from corridor.summary import cooperation_rows
    from corridor.vocabulary import reader_columns

    co = load_catalog().tables["cooperation"]
    try:
        i18n.use("ru")
        table = reader_columns(cooperation_rows(co))
        values = list(table["Значение"])
        assert "30,6 млн юаней" in values and "3\u00a0912 млн юаней" in values
        assert "1\u00a0662 проекта" in values and "107 деревень" in values
        periods = set(table["Период"])
        assert "за год" in periods and not {"year", "Jan-May", "cumulative"} & periods
        assert "Раздел источника" in table.columns and "Участок" not in table.columns
    finally:
        i18n.use("en")


def test_a_border_tooltips_lengths_are_as_printed_in_the_readers_words():
    """The map's border tooltip read "4,630.0 km": a digit the source never printed, and
    English separators and unit in every language."""
    from corridor import i18n
    from corridor.catalog import load_catalog
    from corridor.summary import reported_lengths_text

    cat = load_catalog()
    reported, sources = cat.tables["border_lengths_reported"], cat.tables["sources"]
    text = reported_lengths_text(reported, sources)["cn_mn"]
    assert "4,630 km" in text and "4,630.0" not in text and "4,672.7153 km" in text
    try:
        i18n.use("ru")
        assert "4\u00a0630 км" in reported_lengths_text(reported, sources)["cn_mn"]
    finally:
        i18n.use("en")
