"""The groups of series the flows page charts, selected from flows.csv (pure)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from corridor.i18n import N_, Words, _
from corridor.viewstate import View

NATIONAL_TRADE = Words(
    {"CN-RU": N_("China–Russia"), "CN-MN": N_("China–Mongolia"), "RU-MN": N_("Russia–Mongolia")}
)
PROVINCIAL_TRADE = Words(
    {
        "Inner Mongolia-MN": N_("Inner Mongolia–Mongolia"),
        "Inner Mongolia-RU": N_("Inner Mongolia–Russia"),
        "Heilongjiang-RU": N_("Heilongjiang–Russia"),
        # each province's trade with all partners: the scale the corridor's share is read against
        # (left out under a partner filter, as it is not that partner's)
        "Inner Mongolia": N_("Inner Mongolia, all partners"),
        "Heilongjiang": N_("Heilongjiang, all partners"),
    }
)
CE_TRAINS = Words(
    {
        "CRE_trains_national": N_("China–Europe trains, national"),
        "CRE_trains_Manzhouli": N_("through Manzhouli"),
        "CRE_trains_Erenhot": N_("through Erenhot"),
        "CRE_trains_Suifenhe": N_("through Suifenhe"),
        "CRE_trains_MZL_ERL": N_("Manzhouli + Erenhot (combined figure)"),
    }
)
PARTNER_GEOS = {"MNG": ("MN",), "RUS": ("RU",)}


def partner_ok(geo: str, view: View) -> bool:
    """Whether a geography concerns the partner the reader filtered to."""
    if view.partner == "both":
        return True
    return any(
        code in geo.split("-")[-1] or geo.startswith(code) for code in PARTNER_GEOS[view.partner]
    )


# The provinces whose own series flows.csv holds (their geography starts with the name).
PROVINCES = ("inner_mongolia", "heilongjiang")


def province_ok(geo: str, view: View) -> bool:
    """Whether a geography passes the province filter: a province's series ("Inner
    Mongolia-MN", "Heilongjiang") only when its province is chosen; a country's always."""
    if not view.provinces:
        return True
    province = geo.split("-")[0].strip().lower().replace(" ", "_")
    return province not in PROVINCES or province in view.provinces


def trade_series(flows: pd.DataFrame, view: View, which: dict, unit: str) -> pd.DataFrame:
    """Total trade rows of the named geographies in one currency unit, labelled for charts.

    Follows the partner filter and, for a province's series, the province filter."""
    df = flows[
        flows["geography"].isin(which)
        & (flows["metric"] == "trade_total")
        & (flows["unit"] == unit)
    ]
    # a boolean Series, not a list: an empty list would select no columns instead of no rows
    keep = pd.Series(
        [partner_ok(g, view) and province_ok(g, view) for g in df["geography"]],
        index=df.index,
        dtype=bool,
    )
    df = df[keep]
    return df.assign(label=df["geography"].map(which))


# The rail ports whose China–Europe train counts port_flows.csv holds, as train series.
PORT_TRAIN_SERIES = {
    "manzhouli_rail": "CRE_trains_Manzhouli",
    "erenhot_rail": "CRE_trains_Erenhot",
    "suifenhe_rail": "CRE_trains_Suifenhe",
}


# The port (or ports) each train series of flows.csv counts; the national series is no port's.
SERIES_PORTS = {
    "CRE_trains_Manzhouli": ("manzhouli_rail",),
    "CRE_trains_Erenhot": ("erenhot_rail",),
    "CRE_trains_Suifenhe": ("suifenhe_rail",),
    "CRE_trains_MZL_ERL": ("manzhouli_rail", "erenhot_rail"),
}


def ce_train_series(
    flows: pd.DataFrame,
    view: View,
    port_flows: pd.DataFrame | None = None,
    port_ids=None,
) -> pd.DataFrame:
    """China–Europe train counts: national and through Manzhouli, Erenhot and Suifenhe.

    The ports' counts come from both tables: flows.csv's train series and the rail ports'
    rows of ``port_flows`` (metric ``ce_trains``), so a figure researched for a port is on the
    chart too. A partner filter drops the ports on the other partner's border (Erenhot faces
    Mongolia; Manzhouli and Suifenhe face Russia) and the figure published for two of them
    together. ``port_ids``, the ports the other filters leave (ports, province, mode), drops
    the series of every port not among them (a joint figure needs both of its ports); the
    national count is no port's and stays.
    """
    ids = dict(CE_TRAINS)
    if port_ids is not None:
        shown = set(port_ids)
        for series, ports in SERIES_PORTS.items():
            if not set(ports) <= shown:
                ids.pop(series, None)
    if view.partner != "both":
        ids.pop("CRE_trains_MZL_ERL", None)
    if view.partner == "MNG":
        ids.pop("CRE_trains_Manzhouli", None)
        ids.pop("CRE_trains_Suifenhe", None)
    if view.partner == "RUS":
        ids.pop("CRE_trains_Erenhot", None)
    df = flows[flows["series_id"].isin(ids) & (flows["unit"] == "trains")]
    if port_flows is not None:
        rows = port_flows[
            (port_flows["metric"] == "ce_trains") & port_flows["port_id"].isin(PORT_TRAIN_SERIES)
        ]
        rows = rows.assign(series_id=rows["port_id"].map(PORT_TRAIN_SERIES))
        rows = rows[rows["series_id"].isin(ids)]
        cols = [c for c in df.columns if c in rows.columns]
        df = pd.concat([df, rows[cols]], ignore_index=True)
        # the same figure from the same source in both tables is one point
        df = df.drop_duplicates(["series_id", "year", "period", "value", "source_id"])
    return df.assign(label=df["series_id"].map(ids))


# Trade by direction, named from the reporting side (``geography`` "A-B": A's exports to B).
COUNTRY = Words({"CN": N_("China"), "MN": N_("Mongolia"), "RU": N_("Russia")})
DIRECTION_METRICS = ("exports", "imports", "trade_total")


def direction_label(geography: str, metric: str) -> str:
    """E.g. "China's exports to Russia" (the chart adds whose statistics they are)."""
    a, b = (COUNTRY[c] for c in geography.split("-"))
    return {
        "exports": _("{a}'s exports to {b}"),
        "imports": _("{a}'s imports from {b}"),
        "trade_total": _("{a}–{b} total"),
    }[metric].format(a=a, b=b)


def direction_series(flows: pd.DataFrame, view: View, pair: str, unit: str) -> pd.DataFrame:
    """A country pair's exports, imports and total, as each side reports them, labelled.

    ``pair`` is a key of :data:`NATIONAL_TRADE` ("CN-RU"); rows of either orientation
    ("CN-MN" and "MN-CN") are kept. Empty when the partner filter excludes the pair.
    """
    a, b = pair.split("-")
    df = flows[
        flows["geography"].isin([pair, f"{b}-{a}"])
        & flows["metric"].isin(DIRECTION_METRICS)
        & (flows["unit"] == unit)
    ]
    if not partner_ok(pair, view) or not df["metric"].isin(("exports", "imports")).any():
        df = df.iloc[0:0]
    labels = [direction_label(g, m) for g, m in zip(df["geography"], df["metric"])]
    return df.assign(label=pd.Series(labels, index=df.index, dtype=object))


def _half_unit(value: float) -> float:
    """Half a unit of the last digit a value was published with (42.6 -> 0.05).

    Read from the stored number, so trailing zeros count as rounding ("64.20" -> 0.05; 1740,
    stored from "1.74 trillion", -> 5): the allowance can be wider than published, never
    narrower.
    """
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** int(exponent)


def parts_vs_total(df: pd.DataFrame) -> pd.DataFrame:
    """Years where one side published exports, imports and a total: do the parts add up?

    One row per published total, with the sources of the three figures. ``adds_up`` allows for
    each figure's rounding (half a unit of its last published digit); lower bounds,
    approximate ("about") and part-year figures are left out.
    """
    # plain Python over a few dozen rows: pandas' per-group overhead cost more than the sums
    values: dict[tuple, dict[float, str]] = {}  # value -> its (first) source
    approximate = df["is_approximate"] if "is_approximate" in df else [False] * len(df)
    for geo, reporter, year, metric, value, lower, partial, approx, source in zip(
        df["geography"],
        df["reporter"],
        df["year"],
        df["metric"],
        df["value"],
        df["is_lower_bound"],
        df["is_partial_year"],
        approximate,
        df["source_id"],
    ):
        if lower or partial or approx:
            continue
        pair = "-".join(sorted(geo.split("-"))) if metric == "trade_total" else geo
        values.setdefault((pair, reporter, int(year), metric), {}).setdefault(float(value), source)
    out = []
    for (geo, reporter, year, metric), ex in sorted(values.items()):
        im = values.get((geo, reporter, year, "imports"), {})
        if metric != "exports" or len(ex) != 1 or len(im) != 1:
            continue
        (e,), (i,) = ex, im
        pair = "-".join(sorted(geo.split("-")))
        totals = values.get((pair, reporter, year, "trade_total"), {})
        for t in sorted(totals):
            tol = _half_unit(e) + _half_unit(i) + _half_unit(t)
            out.append(
                {
                    "year": year,
                    "reporter": reporter,
                    "exports": e,
                    "imports": i,
                    "exports_plus_imports": round(e + i, 6),
                    "total_published": t,
                    "difference": round(e + i - t, 6) + 0.0,  # no "-0.0"
                    "adds_up": abs(e + i - t) <= tol + 1e-9,
                    "source_ids": (ex[e], im[i], totals[t]),
                }
            )
    cols = ["year", "reporter", "exports", "imports", "exports_plus_imports", "total_published"]
    return pd.DataFrame(out, columns=[*cols, "difference", "adds_up", "source_ids"])
