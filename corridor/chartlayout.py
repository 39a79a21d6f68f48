"""Where a chart's words go, so that none overlaps another or the plot (pure).

Plotly does not wrap text and places a legend or a note where it is told, whatever else is
there. A chart is drawn at widths from a phone's column (about 340 px) to a desktop's; so its
title, legend entries, source note and credit line are wrapped for the narrowest width it is
drawn at, and every block is given the pixels its lines need:

- the title above the plot (its lines counted into the top margin);
- under the plot, in order: the axis's tick labels and title, the legend (one entry a row),
  the source note, the credit line (licence and link), each block starting where the one
  above ends. The note and credit are placed in pixels from the plot's bottom (``yshift``),
  the legend in the plot's own units computed from the same pixels.

The plot area keeps its height; the margins hold the words. :func:`with_credit` adds the credit
line (licence and the view's link) to a copy of a built figure, without rebuilding it.
"""

from __future__ import annotations

import html
import numbers
import unicodedata

import plotly.graph_objects as go

from corridor.i18n import _, fmt_number, plotly_separators

PHONE_PX = 340  # a chart's width in a phone's column (a 390 px screen)
ROW_LABEL_PX = 170  # the widest a row's label may be (a phone's chart keeps the rest to plot)
MARGIN = {"l": 64, "r": 12}  # l: the value axis's tick labels and title
TITLE_SIZE, LEGEND_SIZE, NOTE_SIZE = 15, 11, 10
TITLE_LINE, NOTE_LINE = 20, 13  # px per line (Plotly: 1.3 × the font size, rounded up)
AXIS_PX = 62  # under the plot: tick labels (turned upright when crowded) and the axis title
GAP = 8
TITLE_TOP, TITLE_PAD = 10, 14  # px above and below the title
FIRST_LINE = 14  # px from the top of a title's first line to where Plotly anchors it
NOTE_INDENT = 6  # the note and credit start this far from the figure's left edge


def text_px(text: str, size: float) -> float:
    """An upper estimate of ``text``'s width in px at font ``size``: wide (CJK) characters a
    full em, others 0.58 em (Source Sans and Noto Sans average about 0.5)."""
    plain = html.unescape(text)
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.58 * size for c in plain)


def wrap(text: str, width_px: float, size: float) -> str:
    """``text`` broken into lines (``<br>``) that fit ``width_px`` at font ``size``.

    Lines break at spaces; a word wider than a line (a link, a run of Chinese characters) is
    broken where it must be."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_px(candidate, size) <= width_px:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while text_px(word, size) > width_px:  # too long for any line: cut it
            cut = 1
            while cut < len(word) and text_px(word[: cut + 1], size) <= width_px:
                cut += 1
            # a link breaks after one of its separators where it can (…?port= | erenhot_rail)
            sep = max(word.rfind(c, 0, cut) for c in "/?=")
            if sep > 0:
                cut = sep + 1
            # a run of Chinese then Latin ("计算（Natural") breaks before the Latin word,
            # not inside it ("Na | tural")
            start = cut
            while start > 0 and word[start - 1].isascii() and word[start - 1].isalnum():
                start -= 1
            if 0 < start < cut < len(word) and word[cut].isascii() and word[cut].isalnum():
                cut = start
            # never cut inside an HTML entity (&amp;)
            amp = word.rfind("&", 0, cut)
            if amp > 0 and ";" not in word[amp:cut]:
                cut = amp
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return "<br>".join(lines)


def lines(text: str) -> int:
    """How many lines a wrapped text has (0 for none)."""
    return text.count("<br>") + 1 if text else 0


def legend_px(entry_lines: list[int], size: float = LEGEND_SIZE) -> int:
    """The height of a one-entry-a-row legend whose entries have these numbers of lines
    (Plotly: each entry at least 16 px, plus 3 between entries, plus the legend's padding)."""
    if not entry_lines:
        return 0
    return int(12 + sum(max(16, 1.3 * size * n) + 3 for n in entry_lines))


def layout(
    fig: go.Figure,
    title: str,
    note: str,
    width: int = PHONE_PX,
    plot_px: int = 360,
    left: float | None = None,
):
    """Place the title, legend and note of ``fig`` for charts drawn ``width`` px wide or wider.

    Wraps the title, each legend entry and ``note`` (HTML-escaped text), sets the figure's
    height and margins so that each has room of its own, and records in ``layout.meta`` the
    title as written (``title``) and the plan (``plan``) for :func:`with_credit`. ``left``:
    the room the value axis's labels need (:func:`value_axis_px`, :func:`row_labels_px`), at
    least ``MARGIN["l"]``; the legend (from the plot's left edge) is wrapped by it and the
    notes (from the figure's) shifted by it: Plotly's own automargin moved them off the
    figure's right. (A legend placed from the figure's edge, ``xref="container"``, makes
    Plotly widen the plot's left margin by the legend's width.)
    """
    left = max(MARGIN["l"], int(round(left or 0)))
    inner = width - left - MARGIN["r"]
    title_text = wrap(title, width - 2 * NOTE_INDENT, TITLE_SIZE)
    top = TITLE_TOP + TITLE_LINE * lines(title_text) + TITLE_PAD
    shown = [t for t in fig.data if t.showlegend is not False]
    # a legend for two traces or more, or for one when the figure asks (showlegend=True)
    asked = fig.layout.showlegend
    legend = bool(shown) and (asked is True or (asked is not False and len(shown) > 1))
    entry_lines = []
    if legend:
        for trace in shown:
            trace.name = wrap(trace.name or "", inner - 44, LEGEND_SIZE)
            entry_lines.append(lines(trace.name))
    legend_h = legend_px(entry_lines) if legend else 0
    note_text = wrap(note, width - 2 * NOTE_INDENT, NOTE_SIZE) if note else ""
    note_top = AXIS_PX + (legend_h + GAP if legend else 0)
    bottom = note_top + NOTE_LINE * lines(note_text) + GAP
    fig.update_layout(
        title={
            "text": title_text,
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "pad": {"l": NOTE_INDENT},
            # from the figure's top (the value axis's top tick label reaches over the plot)
            "y": title_y(top + plot_px + bottom),
            "yref": "container",
            "yanchor": "bottom",
            "font": {"size": TITLE_SIZE},
        },
        height=top + plot_px + bottom,
        margin={**MARGIN, "l": left, "t": top, "b": bottom},
        separators=plotly_separators(),  # axis numbers written as the reader's language does
        showlegend=legend,
        legend={
            "orientation": "v",
            "x": 0,
            "xanchor": "left",
            "y": -AXIS_PX / plot_px,
            "yanchor": "top",
            "font": {"size": LEGEND_SIZE},
        },
        meta={
            "title": html.unescape(title),
            "plan": {
                "plot_px": plot_px,
                "note_top": note_top,
                "bottom": bottom,
                "width": width,
                "left": left,
            },
        },
    )
    if note_text:
        fig.add_annotation(_note(note_text, note_top, name="source", left=left))
    return fig


def value_axis_px(fig: go.Figure, size: float = 12) -> float:
    """The room a value axis needs left of the plot: its widest tick label (the largest value
    written whole, with the reader's separators: "1 000 000") and its title."""
    values = [
        abs(float(v))
        for t in fig.data
        for v in (() if getattr(t, "y", None) is None else t.y)
        if isinstance(v, numbers.Real) and not isinstance(v, bool) and v == v
    ]
    if not values:
        return MARGIN["l"]
    return text_px(fmt_number(round(max(values))), size) + 30


def row_labels_px(ticks: list[str], size: float = 12) -> float:
    """The room a column of row labels (HTML: ``<b>`` and ``<br>``) needs left of the plot."""
    widest = 0.0
    for tick in ticks:
        bold = "<b>" in tick
        for line in tick.replace("<b>", "").replace("</b>", "").split("<br>"):
            widest = max(widest, text_px(line, size) * (1.1 if bold else 1.0))
    return widest + 12


def title_y(height: float) -> float:
    """The title's place in a figure ``height`` px high: its first line's top ``TITLE_TOP``
    px from the top, the other lines under it.

    Plotly anchors a title of several lines by its first line: with ``yanchor="bottom"`` the
    first line sits on the anchor (its top 14 px above) and the others run down from it, so
    the block's top stays put however many lines it has (``"top"`` puts a title of two or
    more lines partly above the figure; measured in Chromium)."""
    return 1 - (TITLE_TOP + FIRST_LINE) / height


def _note(text: str, top_px: float, name: str, left: float = MARGIN["l"]) -> dict:
    """A block of small text ``top_px`` under the plot, from the figure's left edge (the plot
    starts ``left`` px from it)."""
    return {
        "name": name,
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xshift": -(left - NOTE_INDENT),
        "yshift": -top_px,
        "showarrow": False,
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "font": {"size": NOTE_SIZE, "color": "#555"},
    }


def credit_line(licence: str, url: str) -> str:
    """The line an exported chart carries under its source: the licence and the view's link."""
    parts = []
    if licence:
        parts.append(_("Licence: {licence}.").format(licence=licence))
    if url:
        parts.append(_("Link: {url}").format(url=url))
    return " ".join(parts)


def with_credit(fig: go.Figure, licence: str, url: str) -> go.Figure:
    """A copy of a chart laid out by :func:`layout` with the credit line (licence and link)
    under its note, the figure made taller by the lines it needs. The chart is not rebuilt
    or validated again (a shared chart is copied in about a millisecond)."""
    spec = fig.to_dict()
    plan = (spec["layout"].get("meta") or {}).get("plan")
    text = credit_line(licence, url)
    if not plan or not text:
        return fig
    wrapped = wrap(html.escape(text), plan["width"] - 2 * NOTE_INDENT, NOTE_SIZE)
    top = plan["bottom"]  # the credit starts where the note's room ends
    extra = NOTE_LINE * lines(wrapped) + GAP
    lay = spec["layout"]
    credit = _note(wrapped, top, name="credit", left=plan.get("left", MARGIN["l"]))
    lay["annotations"] = [*lay.get("annotations", []), credit]
    lay["height"] = lay["height"] + extra
    lay["title"] = {**lay["title"], "y": title_y(lay["height"])}
    lay["margin"] = {**lay["margin"], "b": lay["margin"]["b"] + extra}
    return go.Figure(spec, _validate=False)


def text_blocks(fig) -> list[tuple[str, float, float]]:
    """The title, legend, note and credit of a laid-out figure as (name, top, bottom) in px
    from the figure's top, as the plan places them: for tests that they never overlap."""
    lay = fig.layout
    plan = lay.meta["plan"]
    plot_top = lay.margin.t
    plot_bottom = plot_top + plan["plot_px"]
    title_top = (1 - lay.title.y) * lay.height - FIRST_LINE
    title_bottom = title_top + TITLE_LINE * lines(lay.title.text)
    blocks = [("title", title_top, title_bottom), ("plot", plot_top - TITLE_PAD / 2, plot_bottom)]
    blocks.append(("axis", plot_bottom, plot_bottom + AXIS_PX))
    if lay.showlegend:
        entry = [lines(t.name or "") for t in fig.data if t.showlegend is not False]
        top = plot_bottom - lay.legend.y * plan["plot_px"]
        blocks.append(("legend", top, top + legend_px(entry)))
    for a in lay.annotations:
        if a.name in ("source", "credit"):
            top = plot_bottom - a.yshift
            blocks.append((a.name, top, top + NOTE_LINE * lines(a.text)))
    blocks.append(("end", lay.height, lay.height))
    return blocks
