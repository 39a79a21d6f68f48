"""Source lines, citations and downloadable tables with their sources (pure)."""

from __future__ import annotations

import re

import pandas as pd

from corridor.i18n import N_, _

DASHBOARD_TITLE = N_("Northern Corridor dashboard: China–Mongolia–Russia Economic Corridor")
SOURCE_COLUMNS = [
    "source_cited_as",
    "source_publisher",
    "source_title",
    "source_url",
    "source_date",
    "source_grade",
    "source_original_publisher",
]


def dashboard_title() -> str:
    """The dashboard's title, as a citation names it, in the reader's language."""
    return _(DASHBOARD_TITLE)


def _year(date: str) -> str:
    """The year of a date string, or 'n.d.'."""
    return date[:4] if date else _("n.d.")


def _text(value) -> str:
    """A registry cell as text ('' for empty or missing)."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def is_copy(row) -> bool:
    """Whether the source is a copy of another publisher's article on a third site."""
    return _text(row.get("is_mirror")).lower() == "true"


def cited_publisher(row) -> str:
    """The publisher a reader should cite: the original the page credits, never the site that
    holds a copy. A copy whose original is not named says so; its host stays in the details
    (downloads, the Data and sources page)."""
    original = _text(row.get("original_publisher")).strip()
    if original:
        return original
    if is_copy(row):
        return _("original publisher not named (a copy on another site)")
    return _text(row.get("publisher"))


def cited_names(sources: pd.DataFrame | None) -> dict[str, str]:
    """Source id -> the publisher to cite (:func:`cited_publisher`), for a table's Source."""
    if sources is None:
        return {}
    return {r["source_id"]: cited_publisher(r) for r in sources.to_dict("records")}


def with_source_names(df: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """``df`` with ``source_name``, the publisher to cite for each row's source (what a
    chart's hover text names instead of the source id)."""
    names = cited_names(sources)
    return df.assign(source_name=[names.get(s, s) for s in df["source_id"]])


_QUOTING = re.compile(r"^\[page quoting: (.*)\]$", re.S)


def title_words(title) -> str:
    """A source's title for the reader: as the publisher printed it, or, where no headline
    was captured, our bracketed stand-in in the reader's language ("[page quoting: …]")."""
    text = _text(title)
    found = _QUOTING.match(text)
    if found:
        return _("[page quoting: {words}]").format(words=found.group(1))
    return _("[title not captured]") if text == "[title not captured]" else text


def cited_source(row, title: bool = True) -> str:
    """One source as a source line names it: publisher first, title (unless ``title`` is
    False: a chart too narrow for titles), year and grade."""
    from corridor.vocabulary import GRADE_NAMES

    grade = _text(row.get("grade"))
    grade = GRADE_NAMES.get(grade, grade)
    when = _year(_text(row.get("date_published")))
    named = (
        f"{cited_publisher(row)}, {title_words(row['title'])}" if title else cited_publisher(row)
    )
    return f"{named} ({when}{'; ' + grade if grade else ''})"


def citation_rank(row) -> tuple[int, bool]:
    """How early a registry row is named wherever sources are listed (source lines and the
    citation): its grade's rank, then whether it is a copy whose original publisher is not
    named. Ties keep the order of first use."""
    from corridor.vocabulary import GRADE_ORDER

    unnamed = is_copy(row) and not _text(row.get("original_publisher")).strip()
    return GRADE_ORDER.get(_text(row.get("grade")), len(GRADE_ORDER)), unnamed


def source_line(
    source_ids, sources: pd.DataFrame | None, limit: int = 4, titles: bool = True
) -> str:
    """ "Source: publisher, title (year; grade); …" for the given ids, best first.

    Best first: by grade (statistics, customs and operators before the press, copies last),
    a copy that names its original before one that does not, then in order of first use, so
    the source a reader sees first is the one to cite. The publisher is the original a copy
    credits (:func:`cited_publisher`); without ``titles``, publishers, years and grades only
    (the titles are under the chart)."""
    ids = list(dict.fromkeys(s for s in source_ids if s))
    if not ids:
        return _("Source: none recorded.")
    if sources is None:
        return _("Source ids: {ids}").format(ids=", ".join(ids[:limit])) + (
            " …" if len(ids) > limit else ""
        )
    table = sources.set_index("source_id")
    unknown = (len(ids), True)  # an id the registry lacks: last
    rank = {sid: citation_rank(table.loc[sid]) if sid in table.index else unknown for sid in ids}
    ids = sorted(ids, key=lambda sid: (*rank[sid], ids.index(sid)))
    parts = [
        cited_source(table.loc[sid], titles) if sid in table.index else sid for sid in ids[:limit]
    ]
    more = len(ids) - limit
    tail = "; " + _("and {n} more (see download)").format(n=more) if more > 0 else ""
    return _("Source: {sources}").format(sources="; ".join(parts) + tail) + "."


def with_sources(
    df: pd.DataFrame, sources: pd.DataFrame | None, column: str = "source_id"
) -> pd.DataFrame:
    """``df`` with the source on every row: the publisher to cite (``source_cited_as``: the
    original a copy credits), the site that holds it, title, URL, date and grade."""
    if sources is None or column not in df.columns:
        return df
    reg = sources.assign(cited_as=[cited_publisher(r) for _, r in sources.iterrows()])
    reg = reg.rename(
        columns={
            "cited_as": "source_cited_as",
            "publisher": "source_publisher",
            "title": "source_title",
            "url": "source_url",
            "date_published": "source_date",
            "grade": "source_grade",
            "original_publisher": "source_original_publisher",
        }
    )
    reg = reg[["source_id", *SOURCE_COLUMNS]].rename(columns={"source_id": column})
    return df.merge(reg, on=column, how="left")


def best_graded(source_ids, sources: pd.DataFrame | None) -> pd.DataFrame:
    """The registry rows of these sources, best first (:func:`citation_rank`, then by first
    use), each with the name to cite (``cited_as``): the full list a view's citation downloads."""
    ids = list(dict.fromkeys(s for s in source_ids if s))
    if sources is None or not ids:
        return pd.DataFrame(columns=["source_id", "cited_as"])
    use = {sid: i for i, sid in enumerate(ids)}
    rows = sources[sources["source_id"].isin(use)].copy()
    rows["cited_as"] = [cited_publisher(r) for _, r in rows.iterrows()]
    # the source as the view's citation names it, in the reader's language
    rows["citation"] = [cited_source(r) for _, r in rows.iterrows()]
    rank = [citation_rank(r) for _, r in rows.iterrows()]
    rows = rows.assign(_rank=rank, _use=rows["source_id"].map(use))
    rows = rows.sort_values(["_rank", "_use"]).drop(columns=["_rank", "_use"])
    first = ["source_id", "cited_as", "citation", "grade", "title", "date_published", "url"]
    return rows[first + [c for c in rows.columns if c not in first]].reset_index(drop=True)


def cite_view(
    url: str, source_ids, sources: pd.DataFrame | None, accessed: str, best: int = 3
) -> str:
    """A short citation of what the reader sees: title, link, access date and the ``best``
    best-graded sources ("and N more": the full list is the citation's download)."""
    head = _("{title}. View: {url} (accessed {date}).").format(
        title=dashboard_title(), url=url, date=accessed
    )
    ranked = best_graded(source_ids, sources)
    if ranked.empty:
        return head + " " + source_line(source_ids, sources, limit=best)
    parts = [cited_source(r) for _, r in ranked.head(best).iterrows()]
    more = len(ranked) - best
    tail = "; " + _("and {n} more (full list in the download)").format(n=more) if more > 0 else ""
    listed = "; ".join(parts) + tail
    label = _("Sources: {sources}") if len(ranked) > 1 else _("Source: {sources}")
    return f"{head} " + label.format(sources=listed) + "."


def source_quality(sources: pd.DataFrame) -> pd.DataFrame:
    """How far the registry can be trusted, by grade: sources, copies, and what is missing.

    One row per grade (most sources first) and a total: how many sources, how many are copies
    of another publisher's article, how many name the original their page credits, and how
    many lack a captured headline (a [bracketed] title) or a publication date.
    """
    df = sources.assign(
        copy=sources["is_mirror"].astype(str).str.lower().eq("true"),
        credited=sources["original_publisher"].fillna("").astype(str).str.len() > 0,
        no_title=sources["title"].astype(str).str.startswith("["),
        no_date=sources["date_published"].fillna("").astype(str).str.len() == 0,
    )
    counts = {
        "sources": ("source_id", "count"),
        "copies of another site's article": ("copy", "sum"),
        "original publisher named": ("credited", "sum"),
        "headline not captured": ("no_title", "sum"),
        "no publication date": ("no_date", "sum"),
    }
    table = df.groupby("grade").agg(**counts).sort_values("sources", ascending=False)
    table.loc["all grades"] = table.sum()
    return table.reset_index().astype({c: int for c in counts})
