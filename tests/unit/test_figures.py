"""Figure builders: traces, units in axis titles, source inside, flags drawn as flags."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from corridor.chartlayout import text_blocks, with_credit
from corridor.figures import (
    build_border_resolution_figure,
    build_port_metric_figure,
    build_series_figure,
    build_timeline_figure,
    parts_mismatch,
    to_common_unit,
)


def _port_rows(rows):
    base = {
        "port_id": "erenhot",
        "period": "year",
        "is_partial_year": False,
        "is_lower_bound": False,
        "is_approximate": False,
        "is_inferred": False,
        "scope": "whole port",
        "reporter": "CHN",
        "source_id": "liu_c2021",
    }
    return pd.DataFrame([{**base, **r} for r in rows])


TABLE = _port_rows(
    [
        {"year": 2019, "metric": "freight", "direction": "total", "value": 1734.2, "unit": "10k_t"},
        {"year": 2019, "metric": "freight", "direction": "in", "value": 1413.6, "unit": "10k_t"},
        {"year": 2019, "metric": "freight", "direction": "out", "value": 385.2, "unit": "10k_t"},
        {"year": 2018, "metric": "freight", "direction": "total", "value": 1656.1, "unit": "10k_t"},
        {"year": 2018, "metric": "freight", "direction": "in", "value": 1306.8, "unit": "10k_t"},
        {"year": 2018, "metric": "freight", "direction": "out", "value": 349.3, "unit": "10k_t"},
        {
            "year": 2023,
            "metric": "freight",
            "direction": "total",
            "value": 19,
            "unit": "mt",
            "is_lower_bound": True,
            "source_id": "people_2024",
        },
    ]
)


def test_port_figure_has_a_trace_per_direction_and_unit_in_axis():
    fig = build_port_metric_figure(TABLE, "freight", "Erenhot freight", "Source: Liu.")
    assert len(fig.data) == 3
    assert "10,000 tonnes" in fig.layout.yaxis.title.text
    assert fig.layout.title.text == "Erenhot freight"


def test_source_line_is_inside_the_figure():
    fig = build_port_metric_figure(TABLE, "freight", "t", "Source: Liu, Table 1 (2021).")
    texts = " ".join(a.text for a in fig.layout.annotations).replace("<br>", " ")
    assert "Source: Liu, Table 1 (2021)." in texts


def test_lower_bounds_are_triangles_and_converted_with_a_note():
    fig = build_port_metric_figure(TABLE, "freight", "t", "s")
    total = next(t for t in fig.data if "total" in t.name)
    drawn = [sym for sym, y in zip(total.marker.symbol, total.y, strict=True) if y is not None]
    assert drawn == ["circle", "circle", "triangle-up"]
    assert list(total.y)[-1] == pytest.approx(1900.0)
    assert "published as 19 Mt" in total.hovertext[-1] and "≥" in total.hovertext[-1]


def test_parts_that_do_not_add_up_are_said_on_the_chart():
    fig = build_port_metric_figure(TABLE, "freight", "t", "s")
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "2019" in texts and "do not add up" in texts
    assert "2018" not in texts.split("do not add up")[1].split("s")[0]


def test_parts_mismatch_finds_only_the_broken_year():
    data, _ = to_common_unit(TABLE[TABLE["source_id"] == "liu_c2021"], "freight")
    notes = parts_mismatch(data)
    assert len(notes) == 1 and notes[0].startswith("2019")


def test_partial_years_are_open_symbols():
    rows = _port_rows(
        [
            {
                "year": 2024,
                "metric": "freight",
                "direction": "total",
                "value": 848.3,
                "unit": "10k_t",
                "is_partial_year": True,
                "period": "Jan-May",
            }
        ]
    )
    fig = build_port_metric_figure(rows, "freight", "t", "s")
    assert list(fig.data[0].marker.symbol) == ["circle-open"]
    assert "partial year: Jan – May" in fig.data[0].hovertext[0]
    assert fig.data[0].hovertext[0].startswith("2024: 848.3 × 10,000 tonnes")
    # one line still has its key: whose figure it is (the port, or its whole complex)
    assert fig.layout.showlegend is True and fig.data[0].name.endswith("— total")
    # the value axis in whole numbers with separators, not Plotly's "1M" or "5k"
    assert fig.layout.yaxis.exponentformat == "none" and fig.layout.yaxis.separatethousands


def test_series_figure_keeps_reporters_apart():
    df = pd.DataFrame(
        {
            "label": ["China–Russia"] * 3,
            "reporter": ["CHN", "CHN", "RUS"],
            "year": [2010, 2011, 2010],
            "value": [55.45, 80.0, 59.34],
            "unit": ["usd_bn"] * 3,
            "is_lower_bound": [False] * 3,
            "is_partial_year": [False] * 3,
            "is_inferred": [False] * 3,
            "period": ["year"] * 3,
            "source_id": ["a", "b", "c"],
        }
    )
    fig = build_series_figure(df, "Trade", "Source: x.", "US$ bn", label_col="label")
    assert len(fig.data) == 2
    assert {t.name for t in fig.data} == {
        "China–Russia (Chinese statistics)",
        "China–Russia (Russian statistics)",
    }
    assert fig.layout.yaxis.title.text == "US$ bn"
    from corridor import i18n

    try:  # in a Russian legend the adjective is mid-line: a small letter
        i18n.use("ru")
        fig = build_series_figure(df, "T", "S.", "$", label_col="label")
        names = {t.name.replace("<br>", " ") for t in fig.data}
        assert "China–Russia (китайская статистика)" in names, names
    finally:
        i18n.use("en")


def test_border_resolution_figure_orders_coarse_to_fine_without_stacked_labels():
    computed = pd.DataFrame(
        {
            "border_id": ["cn_mn"] * 3,
            "source_id": ["a", "b", "c"],
            "resolution": ["1:10m", "1:110m", "1:50m"],
            "simplify_tolerance_deg": [0.0] * 3,
            "length_km": [4378.0, 4032.0, 4256.0],
            "method": ["m"] * 3,
        }
    )
    fig = build_border_resolution_figure(computed, {"cn_mn": "China–Mongolia"}, "s")
    assert list(fig.data[0].x) == ["1:110m", "1:50m", "1:10m"]
    assert list(fig.data[0].y) == [4032.0, 4256.0, 4378.0]
    assert len(fig.layout.annotations) == 1  # the source line only
    assert "km" in fig.layout.yaxis.title.text
    assert "resolution" in fig.layout.xaxis.title.text


def test_border_lengths_dot_plot_gives_each_reported_figure_its_row_and_digits():
    from corridor.borders import border_table, length_rows
    from corridor.catalog import load_catalog
    from corridor.figures import build_border_lengths_figure

    cat = load_catalog()
    reported = cat.tables["border_lengths_reported"]
    rows = length_rows(border_table(cat.layers["borders"], reported), cat.tables["sources"])
    fig = build_border_lengths_figure(rows, "s")
    reported_trace, computed_trace = fig.data
    assert len(reported_trace.x) == len(reported)  # one dot per published figure
    rows_of = list(reported_trace.y)
    assert len(set(rows_of)) == len(reported)  # each figure a row of its own: none on another
    # every row sits under its section's header row, in the axis order
    order = list(fig.layout.yaxis.categoryarray)
    for key in rows_of:
        section = key.split("|")[0]
        assert order.index(f"{section}|") < order.index(key)
    labels = list(reported_trace.text)
    assert "4,672.7153 km" in labels  # the treaty line's digits, as printed
    assert any("4,672.7153 km (as printed, to the metre)" in h for h in reported_trace.hovertext)
    assert "4,630 km" in labels and "4,630.0 km" not in labels  # no digit added
    assert "1,051.08 km" in labels
    assert fig.layout.xaxis.title.text == "length (km)"
    assert "cn_mn" not in " ".join(map(str, fig.layout.yaxis.ticktext))  # names, not codes


def test_border_lengths_and_axes_are_written_as_the_readers_language_writes_numbers():
    """In Russian the lengths read "4,377.8 km" and the axis "2,000": a comma reads there as
    the decimal mark, and the unit kept its Latin letters."""
    from corridor import i18n
    from corridor.borders import border_table, length_rows
    from corridor.catalog import load_catalog
    from corridor.figures import build_border_lengths_figure

    cat = load_catalog()
    reported = cat.tables["border_lengths_reported"]
    try:
        i18n.use("ru")
        rows = length_rows(border_table(cat.layers["borders"], reported), cat.tables["sources"])
        fig = build_border_lengths_figure(rows, "s")
        reported_trace, computed_trace = fig.data
        assert "4\u00a0672,7153 км" in reported_trace.text
        assert any(
            "(как напечатано" in h or "4\u00a0672,7153 км " in h for h in reported_trace.hovertext
        )
        assert all(t.endswith(" км") and "." not in t for t in computed_trace.text)
        assert fig.layout.separators == ",\u00a0"
        i18n.use("en")
        fig = build_border_lengths_figure(
            length_rows(border_table(cat.layers["borders"], reported), cat.tables["sources"]), "s"
        )
        assert fig.layout.separators == ".,"
    finally:
        i18n.use("en")


def test_timeline_escapes_event_text():
    ev = pd.DataFrame({"date": ["2019-06-25"], "title": ["<b>x</b>"], "category": ["Ports"]})
    fig = build_timeline_figure(ev, "s")
    assert "&lt;b&gt;" in fig.data[0].hovertext[0]


def test_missing_years_break_the_line():
    fig = build_port_metric_figure(TABLE, "freight", "t", "s")
    total = next(t for t in fig.data if "total" in t.name)
    # 2018, 2019, then nothing until 2023: a None at 2020 breaks the line
    assert list(total.x) == [2018, 2019, 2020, 2023]
    assert list(total.y)[2] is None and total.connectgaps is False
    inbound = next(t for t in fig.data if "inbound" in t.name)
    assert None not in list(inbound.y)  # consecutive years stay joined


def test_part_year_points_are_not_joined_to_full_years():
    rows = _port_rows(
        [
            {
                "year": 2023,
                "metric": "freight",
                "direction": "total",
                "value": 1900,
                "unit": "10k_t",
                "is_lower_bound": True,
            },
            {
                "year": 2024,
                "metric": "freight",
                "direction": "total",
                "value": 848.3,
                "unit": "10k_t",
                "is_partial_year": True,
                "period": "Jan-May",
            },
        ]
    )
    trace = build_port_metric_figure(rows, "freight", "t", "s").data[0]
    assert list(trace.y) == [1900, None, 848.3]


@pytest.mark.parametrize("traces", [1, 2, 5, 6, 9])
def test_legend_and_source_do_not_overlap(traces):
    labels = [f"series {i} with a name long enough to wrap on a phone" for i in range(traces)]
    df = pd.DataFrame(
        {
            "label": labels,
            "reporter": ["CHN"] * traces,
            "year": [2020] * traces,
            "value": [1.0] * traces,
            "unit": ["usd_bn"] * traces,
            "is_lower_bound": [False] * traces,
            "is_partial_year": [False] * traces,
            "is_inferred": [False] * traces,
            "period": ["year"] * traces,
            "source_id": ["a"] * traces,
        }
    )
    fig = build_series_figure(df, "t", "Source: " + "x " * 200, "US$ bn", label_col="label")
    blocks = text_blocks(with_credit(fig, "CC BY 4.0", "http://example.org/flows?x=" + "y" * 90))
    names = [b[0] for b in blocks]
    assert names[:3] == ["title", "plot", "axis"] and names[-2:] == ["credit", "end"]
    assert ("legend" in names) == (traces > 1)
    for (a, _, a_end), (b, b_top, _) in zip(blocks, blocks[1:]):
        assert a_end <= b_top, f"{a} runs into {b}"


def test_port_card_figure_draws_the_port_and_its_complex_with_sources():
    from corridor.catalog import load_catalog
    from corridor.figures import port_card_figure
    from corridor.paths import DATA_DIR, GEODATA_DIR

    cat = load_catalog(DATA_DIR, GEODATA_DIR)
    flows = cat.tables["port_flows"]
    fig = port_card_figure(cat, "erenhot_rail", "freight")
    assert fig.layout.meta["title"] == "Erenhot (Erlian) railway port: freight by year"
    assert fig.layout.title.text.replace("<br>", " ") == fig.layout.meta["title"]
    names = {t.name.replace("<br>", " ").split(" — ")[0] for t in fig.data}
    assert names == {"this port", "whole port"}
    source = next(a.text for a in fig.layout.annotations if "Source" in a.text)
    ids = ["erenhot_rail", "erenhot"]
    erenhot = flows[flows["port_id"].isin(ids) & (flows["metric"] == "freight")]
    from corridor.citations import cited_publisher

    first = cat.tables["sources"].set_index("source_id").loc[erenhot["source_id"].iloc[0]]
    assert cited_publisher(first) in html.unescape(source).replace("<br>", " ")
    # nothing published, nothing drawn
    assert port_card_figure(cat, "no_such_port", "freight") is None
    unpublished = set(cat.layers["ports"]["port_id"]) - set(flows["port_id"])
    assert port_card_figure(cat, sorted(unpublished)[0], "freight") is None


def test_a_parts_note_adds_no_decimal_to_whole_counts():
    """The passengers' note read "inbound + outbound = 1,824,000.0, total as printed
    1,823,000.0": counts of people with a tenth nobody printed."""
    from corridor.figures import parts_mismatch

    df = pd.DataFrame(
        {
            "year": [2019] * 3,
            "source_id": ["s"] * 3,
            "direction": ["in", "out", "total"],
            "plot_value": [912000.0, 912000.0, 1823000.0],
        }
    )
    (note,) = parts_mismatch(df)
    assert "= 1,824,000," in note and "printed 1,823,000 " in note and ".0" not in note
    df["plot_value"] = [1413.6, 385.2, 1734.2]
    assert "1,798.8" in parts_mismatch(df)[0]
