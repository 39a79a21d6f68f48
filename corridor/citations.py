"""Source lines, citations and downloadable tables with their sources (pure)."""

from __future__ import annotations

import pandas as pd

DASHBOARD_TITLE = "Northern Corridor dashboard: China–Mongolia–Russia Economic Corridor"
SOURCE_COLUMNS = [
    "source_publisher",
    "source_title",
    "source_url",
    "source_date",
    "source_grade",
    "source_original_publisher",
]


def _year(date: str) -> str:
    """The year of a date string, or 'n.d.'."""
    return date[:4] if date else "n.d."


def _publisher(row) -> str:
    """The publisher as a reader should cite it: a copy's credited original comes first."""
    original = row.get("original_publisher")
    copy = str(row.get("is_mirror")).lower() == "true"
    publisher = row["publisher"]
    if copy and isinstance(original, str) and original and original not in publisher:
        return f"{original} (copy at {publisher})"
    return publisher


def source_line(source_ids, sources: pd.DataFrame | None, limit: int = 4) -> str:
    """ "Source: publisher, title (year); …" for the given ids, in order of first use.

    A copy of another publisher's article is cited as "original (copy at host)"."""
    ids = list(dict.fromkeys(s for s in source_ids if s))
    if not ids:
        return "Source: none recorded."
    if sources is None:
        return "Source ids: " + ", ".join(ids[:limit]) + (" …" if len(ids) > limit else "")
    table = sources.set_index("source_id")
    parts = []
    for sid in ids[:limit]:
        if sid in table.index:
            r = table.loc[sid]
            parts.append(f"{_publisher(r)}, {r['title']} ({_year(r['date_published'])})")
        else:
            parts.append(sid)
    more = len(ids) - limit
    return (
        "Source: "
        + "; ".join(parts)
        + (f"; and {more} more (see download)" if more > 0 else "")
        + "."
    )


def with_sources(
    df: pd.DataFrame, sources: pd.DataFrame | None, column: str = "source_id"
) -> pd.DataFrame:
    """``df`` with the source's publisher, title, URL, date and grade on every row."""
    if sources is None or column not in df.columns:
        return df
    reg = sources.rename(
        columns={
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


def cite_view(url: str, source_ids, sources: pd.DataFrame | None, accessed: str) -> str:
    """A ready citation of what the reader sees: title, link, access date and sources."""
    return f"{DASHBOARD_TITLE}. View: {url} (accessed {accessed}). " + source_line(
        source_ids, sources, limit=8
    )


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
