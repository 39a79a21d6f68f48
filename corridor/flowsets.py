"""The groups of series the flows page charts, selected from flows.csv (pure)."""

from __future__ import annotations

import pandas as pd

from corridor.viewstate import View

NATIONAL_TRADE = {"CN-RU": "China–Russia", "CN-MN": "China–Mongolia", "RU-MN": "Russia–Mongolia"}
PROVINCIAL_TRADE = {
    "Inner Mongolia-MN": "Inner Mongolia–Mongolia",
    "Inner Mongolia-RU": "Inner Mongolia–Russia",
    "Heilongjiang-RU": "Heilongjiang–Russia",
}
CE_TRAINS = {
    "CRE_trains_national": "China–Europe trains, national",
    "CRE_trains_Manzhouli": "through Manzhouli",
    "CRE_trains_Erenhot": "through Erenhot",
    "CRE_trains_Suifenhe": "through Suifenhe",
    "CRE_trains_MZL_ERL": "Manzhouli + Erenhot (combined figure)",
}
PARTNER_GEOS = {"MNG": ("MN",), "RUS": ("RU",)}


def _partner_ok(geo: str, view: View) -> bool:
    """Whether a geography concerns the partner the reader filtered to."""
    if view.partner == "both":
        return True
    return any(
        code in geo.split("-")[-1] or geo.startswith(code) for code in PARTNER_GEOS[view.partner]
    )


def trade_series(flows: pd.DataFrame, view: View, which: dict, unit: str) -> pd.DataFrame:
    """Total trade rows of the named geographies in one currency unit, labelled for charts."""
    df = flows[
        flows["geography"].isin(which)
        & (flows["metric"] == "trade_total")
        & (flows["unit"] == unit)
    ]
    # a boolean Series, not a list: an empty list would select no columns instead of no rows
    keep = pd.Series([_partner_ok(g, view) for g in df["geography"]], index=df.index, dtype=bool)
    df = df[keep]
    return df.assign(label=df["geography"].map(which))


def ce_train_series(flows: pd.DataFrame, view: View) -> pd.DataFrame:
    """China–Europe train counts: national and through Manzhouli, Erenhot and Suifenhe.

    A partner filter drops the ports on the other partner's border (Erenhot faces Mongolia;
    Manzhouli and Suifenhe face Russia)."""
    ids = dict(CE_TRAINS)
    if view.partner == "MNG":
        ids.pop("CRE_trains_Manzhouli")
        ids.pop("CRE_trains_Suifenhe")
    if view.partner == "RUS":
        ids.pop("CRE_trains_Erenhot")
    df = flows[flows["series_id"].isin(ids) & (flows["unit"] == "trains")]
    return df.assign(label=df["series_id"].map(ids))
