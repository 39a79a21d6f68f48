"""Border tables: reported and computed lengths side by side, provincial shares (pure)."""

from __future__ import annotations

import pandas as pd

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
