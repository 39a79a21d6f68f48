"""Border tables: reported and computed lengths side by side, provincial shares (pure)."""

from __future__ import annotations

import pandas as pd

from corridor.i18n import N_, Words, _, fmt_number

# How a section's computed length was made (border_table's ``computed_from``), in words.
COMPUTED_FROM = Words(
    {
        "Natural Earth 1:10m, geodesic (WGS84)": N_("Natural Earth 1:10m, geodesic (WGS84)"),
        "sum of east and west sections": N_("sum of east and west sections"),
    }
)
NATIONAL = {"cn_mn": "cn_mn", "cn_ru_east": "cn_ru", "cn_ru_west": "cn_ru", "mn_ru": "mn_ru"}


def border_table(borders: pd.DataFrame, reported: pd.DataFrame | None) -> pd.DataFrame:
    """One row per reported figure (or one per section without any), with the computed length."""
    rows = []
    rep = reported if reported is not None else pd.DataFrame(columns=["border_id"])
    for b in borders.sort_values(["level", "border_id"]).itertuples():
        base = {
            "border_id": b.border_id,
            "section": b.name_en,
            "level": b.level,
            "computed_length_km": round(b.length_km, 1),
            "computed_from": "Natural Earth 1:10m, geodesic (WGS84)",
        }
        hits = rep[rep["border_id"] == b.border_id]
        if hits.empty:
            rows.append(
                {
                    **base,
                    "reported_length_km": None,
                    "reported_share_pct": None,
                    "source_id": None,
                    "quote": "",
                    "note": "",
                }
            )
        for r in hits.itertuples():
            rows.append(
                {
                    **base,
                    "reported_length_km": r.length_km,
                    "reported_share_pct": r.share_pct,
                    "source_id": r.source_id,
                    "quote": r.quote,
                    "note": getattr(r, "note", ""),
                }
            )
    for r in rep[~rep["border_id"].isin(borders["border_id"])].itertuples():
        rows.append(
            {
                "border_id": r.border_id,
                "section": "China–Russia (both sections)",
                "level": "national",
                "computed_length_km": round(
                    float(
                        borders[borders["border_id"].isin(["cn_ru_east", "cn_ru_west"])][
                            "length_km"
                        ].sum()
                    ),
                    1,
                ),
                "computed_from": "sum of east and west sections",
                "reported_length_km": r.length_km,
                "reported_share_pct": r.share_pct,
                "source_id": r.source_id,
                "quote": r.quote,
                "note": getattr(r, "note", ""),
            }
        )
    return pd.DataFrame(rows)


def province_shares(borders: pd.DataFrame, reported: pd.DataFrame | None) -> pd.DataFrame:
    """Each Chinese province's share of the China–Mongolia and China–Russia borders."""
    nat = borders[borders["level"] == "national"].set_index("border_id")["length_km"]
    totals = {
        "MNG": nat.get("cn_mn", float("nan")),
        "RUS": nat.get("cn_ru_east", 0) + nat.get("cn_ru_west", 0),
    }
    rows = []
    for b in borders[borders["level"] == "province"].itertuples():
        partner = b.country_b if b.country_a == "CHN" else b.country_a
        share = 100 * b.length_km / totals[partner] if totals.get(partner) else None
        rep = None if reported is None else reported[reported["border_id"] == b.border_id]
        first = rep.iloc[0] if rep is not None and not rep.empty else None
        rows.append(
            {
                "border_id": b.border_id,
                "section": b.name_en,
                "partner": partner,
                "computed_length_km": round(b.length_km, 1),
                "computed_share_pct": None if share is None else round(share, 1),
                "reported_length_km": None if first is None else first["length_km"],
                "reported_share_pct": None if first is None else first["share_pct"],
                "source_id": None if first is None else first["source_id"],
            }
        )
    return pd.DataFrame(rows)


def printed_km(value) -> str:
    """A length as its source printed it: every published digit, no added ones (4,630 for
    4630.0; 4,672.7153 for 4672.7153, a figure printed to the tenth of a metre)."""
    from corridor.vocabulary import printed_number

    return printed_number(value)


def is_to_the_metre(value) -> bool:
    """Whether a length was printed to the metre or finer (three decimals of a km or more)."""
    digits = f"{float(value):.15g}"
    return "." in digits and len(digits.split(".")[1]) >= 3


def length_rows(table: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """One row per length to plot, section by section: each reported figure (as printed, with
    its publisher, grade and note) and the section's computed length (Natural Earth 1:10m).

    ``table`` is :func:`border_table`'s output; ``sources`` the registry (publisher names).
    """
    from corridor.citations import cited_publisher
    from corridor.places import section_name
    from corridor.vocabulary import GRADE_NAMES

    reg = sources.set_index("source_id") if sources is not None else None
    rows = []
    for english, g in table.groupby("section", sort=False):
        first = g.iloc[0]
        section = section_name(first["border_id"], english)
        for r in g[g["reported_length_km"].notna()].itertuples():
            src = reg.loc[r.source_id] if reg is not None and r.source_id in reg.index else None
            printed = printed_km(r.reported_length_km)
            rows.append(
                {
                    "section": section,
                    "kind": "reported",
                    "length_km": float(r.reported_length_km),
                    "printed": printed,
                    "to_the_metre": is_to_the_metre(r.reported_length_km),
                    "who": cited_publisher(src) if src is not None else r.source_id,
                    "grade": "" if src is None else GRADE_NAMES.get(src["grade"], src["grade"]),
                    "note": getattr(r, "note", "") or "",
                    "quote": r.quote,
                    "source_id": r.source_id,
                }
            )
        rows.append(
            {
                "section": section,
                "kind": "computed",
                "length_km": float(first["computed_length_km"]),
                "printed": fmt_number(first["computed_length_km"], 1),
                "to_the_metre": False,
                "who": _("computed: {how}").format(
                    how=COMPUTED_FROM.get(first["computed_from"], first["computed_from"])
                ),
                "grade": "",
                "note": "",
                "quote": "",
                "source_id": "",
            }
        )
    return pd.DataFrame(rows)
