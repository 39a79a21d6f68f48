""" "About this data" under a chart: what it shows, its units, its sources, what was done to
the numbers and how to cite it (pure; rendered by ``ui.render_chart_note``).

As Our World in Data does under each chart: a reader who reuses a chart finds here what each
line is, the unit it is drawn in and the units its figures were published in, every source
(the original publisher first, with its grade; the site that holds a copy only in the
details), every change made to the numbers, and a citation with the link to this view.
Everything is plain text: the renderer escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from urllib.parse import urlparse

import pandas as pd

from corridor.citations import best_graded, cite_view, cited_source, is_copy
from corridor.i18n import _, ngettext
from corridor.summary import UNIT_SHORT
from corridor.vocabulary import GLOSSARY

FLAG_COLUMNS = ("is_lower_bound", "is_partial_year", "is_inferred")
MOST_SOURCES = 12  # sources listed in a note; the view's citation downloads every one


@dataclass(frozen=True)
class SourceEntry:
    """One source as the note lists it: how to cite it, and where it was read (a copy's
    host and address: details, never the name to cite)."""

    cited: str
    read_at: str = ""


@dataclass(frozen=True)
class ChartNote:
    """The parts of a chart's "About this data", each a tuple of plain sentences."""

    title: str
    shown: tuple[str, ...]
    units: tuple[str, ...]
    sources: tuple[SourceEntry, ...]
    done: tuple[str, ...]
    cite: str


def glossary(*terms: str) -> tuple[str, ...]:
    """Glossary entries as sentences ("Term: meaning"), in the reader's language."""
    return tuple(f"{_(t)}: {_(GLOSSARY[t])}" for t in terms if t in GLOSSARY)


def source_entries(source_ids, sources: pd.DataFrame | None) -> tuple[SourceEntry, ...]:
    """Every source of a chart, best grade first: the publisher to cite (the original a copy
    credits), title, year and grade; for a copy, the site and address it was read at."""
    rows = best_graded(source_ids, sources)
    out = []
    for r in rows.to_dict("records"):
        url = str(r.get("url") or "")
        read_at = ""
        if is_copy(r) and url:
            host = urlparse(url).netloc or url
            read_at = _("read at a copy on {host}: {url}").format(host=host, url=url)
        out.append(SourceEntry(cited_source(r), read_at))
    known = set(rows["source_id"]) if "source_id" in rows else set()
    out += [SourceEntry(s) for s in dict.fromkeys(source_ids) if s and s not in known]
    return tuple(out)


def units_of(
    rows: pd.DataFrame, shown_unit: str, common: str | None = None, factors=None
) -> tuple[str, ...]:
    """Sentences on the unit drawn and the units the figures were published in; ``factors``
    (unit -> factor to the ``common`` unit, ``figures.COMMON_UNIT``) says each conversion."""
    published = [u for u in dict.fromkeys(rows["unit"]) if isinstance(u, str)]
    names = ", ".join(UNIT_SHORT.get(u, u) for u in published)
    out = [_("Shown in {unit}.").format(unit=shown_unit)]
    out.append(_("Published in {units}.").format(units=names))
    converted = [u for u in published if factors and factors.get(u, 1.0) != 1.0]
    if converted:
        to = UNIT_SHORT.get(common, common)
        how = "; ".join(f"1 {UNIT_SHORT.get(u, u)} = {factors[u]:,.10g} {to}" for u in converted)
        out.append(
            _(
                "Figures published in another unit are converted by multiplication only (no "
                "rounding, no estimate): {factors}. Their hover text gives them as published."
            ).format(factors=how)
        )
    return tuple(out)


def done_to(rows: pd.DataFrame) -> tuple[str, ...]:
    """What was (and was not) done to the numbers of ``rows``: said for every flag present."""
    out = [
        _(
            "Values as published: nothing estimated, interpolated or smoothed; a year nobody "
            "published stays empty (a break in the line)."
        )
    ]
    # each message written out where it is used: Babel reads only literal ngettext calls
    counts = {c: int(rows[c].astype(bool).sum()) if c in rows else 0 for c in FLAG_COLUMNS}
    if n := counts["is_lower_bound"]:
        out.append(
            ngettext(
                "{n} figure is a lower bound (≥, published as 'over …'): the true value is "
                "this or higher; drawn as a triangle.",
                "{n} figures are lower bounds (≥, published as 'over …'): the true value is "
                "this or higher; drawn as triangles.",
                n,
            ).format(n=n)
        )
    if n := counts["is_partial_year"]:
        out.append(
            ngettext(
                "{n} figure covers part of a year only: an open symbol, never joined to the "
                "full years.",
                "{n} figures cover part of a year only: open symbols, never joined to the "
                "full years.",
                n,
            ).format(n=n)
        )
    if n := counts["is_inferred"]:
        out.append(
            ngettext(
                "{n} figure's year is read from the page's context, not printed with it.",
                "{n} figures' years are read from their pages' context, not printed with them.",
                n,
            ).format(n=n)
        )
    keys = [c for c in ("port_id", "series_id", "indicator", "year", "direction") if c in rows]
    if keys and "source_id" in rows:
        per = rows.groupby(keys, dropna=False)["source_id"].nunique()
        if (per > 1).any():
            out.append(_("Where sources disagree, every figure is kept and drawn side by side."))
    return tuple(out)


def chart_note(
    title: str,
    source_ids,
    sources: pd.DataFrame | None,
    *,
    url: str,
    accessed: str,
    shown=(),
    units=(),
    done=(),
) -> ChartNote:
    """A chart's "About this data" from its title, sources and the sentences given; the
    citation names the chart, the dashboard, the link to this view and the best sources."""
    ids = list(dict.fromkeys(s for s in source_ids if s))
    cite = _("“{chart}”, a chart in: {citation}").format(
        chart=title, citation=cite_view(url, ids, sources, accessed)
    )
    return ChartNote(
        title, tuple(shown), tuple(units), source_entries(ids, sources), tuple(done), cite
    )


def value_note(
    rows: pd.DataFrame,
    title: str,
    sources: pd.DataFrame | None,
    shown_unit: str,
    *,
    url: str,
    accessed: str,
    common: str | None = None,
    factors: dict[str, float] | None = None,
    terms=(),
    done=(),
) -> ChartNote:
    """The note of a chart of published values (port, trade, train, cooperation figures):
    units as shown and as published, every flag said, the glossary's ``terms``."""
    return chart_note(
        title,
        rows["source_id"],
        sources,
        url=url,
        accessed=accessed,
        shown=glossary(*terms),
        units=units_of(rows, shown_unit, common, factors),
        done=done_to(rows) + tuple(done),
    )


PORT_TERMS = ("Whole port", "Inbound / outbound", "Lower bound (≥)", "Part-year figure")
SERIES_TERMS = ("Reporter side", "Exports / imports", "Lower bound (≥)", "Part-year figure")


def port_metric_note(rows: pd.DataFrame, metric: str, title: str, sources, **where) -> ChartNote:
    """The note of a chart of ports' figures of one metric (drawn in its common unit)."""
    from corridor.figures import COMMON_UNIT

    common, factors, label = COMMON_UNIT[metric]
    rows = rows[(rows["metric"] == metric) & rows["unit"].isin(factors)]
    return value_note(
        rows, title, sources, _(label), common=common, factors=factors, terms=PORT_TERMS, **where
    )


def series_note(rows: pd.DataFrame, title: str, unit: str, sources, **where) -> ChartNote:
    """The note of a chart of annual series (trade, trains, funds), drawn as published."""
    return value_note(rows, title, sources, unit, terms=SERIES_TERMS, **where)


def item_note(item, sources):
    """The note builder of a Flows page chart (``flowcharts.Item``): a function of ``url``
    and ``accessed``."""
    title = item.figure.layout.meta["title"]
    if item.metric:
        return partial(port_metric_note, item.rows, item.metric, title, sources)
    return partial(series_note, item.rows, title, item.unit or "", sources)


def markdown_lines(note: ChartNote) -> list[tuple[str, list[str]]]:
    """The note as (heading, lines) in the order shown, headings included only when they
    have lines: what a renderer escapes and writes."""
    sources = [s.cited + (f" — {s.read_at}" if s.read_at else "") for s in note.sources]
    if len(sources) > MOST_SOURCES:  # the rest are in the view's citation download
        more = len(sources) - MOST_SOURCES
        sources = sources[:MOST_SOURCES] + [
            _("and {n} more (full list in the download)").format(n=more)
        ]
    parts = [
        (_("What is shown"), list(note.shown)),
        (_("Units"), list(note.units)),
        (_("Sources"), sources or [_("Source: none recorded.")]),
        (_("What was done to the numbers"), list(note.done)),
        (_("How to cite this chart"), [note.cite]),
    ]
    return [(head, lines) for head, lines in parts if lines]
