"""Where a chart's words go: wrapped to the narrowest width, each block in room of its own."""

from __future__ import annotations

import html

import plotly.graph_objects as go
import pytest

from corridor.chartlayout import (
    NOTE_INDENT,
    NOTE_SIZE,
    PHONE_PX,
    layout,
    text_blocks,
    text_px,
    with_credit,
    wrap,
)


def test_wrap_fits_the_width_and_keeps_every_word():
    text = "Source: " + " ".join(f"publisher{i} (2021; research)" for i in range(12))
    out = wrap(text, 200, 10)
    assert all(text_px(line, 10) <= 200 for line in out.split("<br>"))
    assert out.replace("<br>", " ") == text


def test_wrap_cuts_a_word_too_long_for_a_line_but_never_an_entity():
    url = "http://example.org/flows?partner=MNG&amp;years=2010-2020&amp;provinces=" + "x" * 60
    out = wrap(url, 120, 10)
    assert out.replace("<br>", "") == url
    for line in out.split("<br>"):
        assert text_px(line, 10) <= 120
        assert "&" not in line or "&amp;" in line  # "&am" + "p;" would show as text


def test_a_chinese_run_breaks_before_a_latin_word_not_inside_it():
    """A zh legend entry "按地图计算（Natural Earth 1:10m）" in a narrow legend read
    "…（Na" / "tural Earth": a Latin word cut in two."""
    out = wrap("按地图计算（Natural Earth 1:10m）", 90, 11)
    assert "Natural" in out.split("<br>")[1] or "Natural" in out.split("<br>")[0]
    assert all(text_px(line, 11) <= 90 for line in out.split("<br>"))
    assert out.replace("<br>", "").replace(" ", "") == "按地图计算（NaturalEarth1:10m）"


def test_chinese_counts_a_full_em_a_character():
    assert text_px("二连浩特", 10) == 40
    assert text_px("abcd", 10) < 40


def _figure(traces: int, name: str = "a series with a long name") -> go.Figure:
    fig = go.Figure([go.Scatter(x=[1], y=[1], name=f"{name} {i}") for i in range(traces)])
    return fig


@pytest.mark.parametrize("width", [250, PHONE_PX, 640])
@pytest.mark.parametrize("traces", [1, 3, 5, 8])
def test_title_legend_note_and_credit_never_overlap(width, traces):
    fig = layout(
        _figure(traces), "A title long enough to take two lines " * 2, "Source: x " * 60, width
    )
    fig = with_credit(fig, "CC BY 4.0", "http://example.org/?port=erenhot_rail&lang=ru")
    blocks = text_blocks(fig)
    for (a, _, a_end), (b, b_top, _) in zip(blocks, blocks[1:]):
        assert a_end <= b_top, f"{a} runs into {b}"
    for text in [fig.layout.title.text, *[a.text for a in fig.layout.annotations]]:
        for line in text.split("<br>"):
            assert text_px(line, NOTE_SIZE) <= width - 2 * NOTE_INDENT


def test_the_overlap_check_can_fail():
    fig = layout(_figure(6), "t", "Source: x " * 60, PHONE_PX)
    fig.update_layout(legend_y=-0.1)  # the legend moved up, over the axis title
    blocks = dict((n, (top, bottom)) for n, top, bottom in text_blocks(fig))
    assert blocks["legend"][0] < blocks["axis"][1]


def test_credit_names_the_licence_and_link_and_leaves_the_shared_figure_alone():
    fig = layout(_figure(2), "t", "Source: s.", PHONE_PX)
    before = fig.to_json()
    out = with_credit(fig, "CC BY 4.0", "http://example.org/?port=a&b=<c>")
    credit = next(a for a in out.layout.annotations if a.name == "credit")
    assert "CC BY 4.0" in credit.text
    assert html.escape("http://example.org/?port=a&b=<c>") in credit.text.replace("<br>", "")
    assert out.layout.height > fig.layout.height
    assert fig.to_json() == before


def test_a_wide_label_column_moves_the_legend_and_notes_with_the_plot():
    """The border and coverage charts' row labels widen the left margin: the legend and the
    notes, placed from the plot's left edge, ran off the figure's right on a phone."""
    from corridor.chartlayout import MARGIN, value_axis_px

    left = 180
    fig = layout(_figure(3, "a series with a rather long name"), "t", "Source: x " * 60, left=left)
    fig = with_credit(fig, "CC BY 4.0", "http://example.org/?port=erenhot_rail")
    assert fig.layout.margin.l == left
    for note in fig.layout.annotations:
        assert note.xshift == -(left - NOTE_INDENT)  # from the figure's own left edge
    for trace in fig.data:  # the legend, from the plot's left edge, in the room left
        for line in trace.name.split("<br>"):
            assert text_px(line, 11) <= PHONE_PX - left - MARGIN["r"] - 44
    # a value axis of millions needs more room than the default; small values the default
    big = go.Figure([go.Scatter(x=[1, 2], y=[1_067_000, None])])
    assert value_axis_px(big) > MARGIN["l"] >= value_axis_px(_figure(1))
