"""Headline figures and card contents computed from the tables (pure)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from corridor.style import DIRECTION_LABELS, METRIC_LABELS, PARTNER_NAMES

UNIT_SHORT = {
    "10k_t": "× 10,000 t",
    "t": "t",
    "mt": "Mt",
    "persons": "persons",
    "10k_persons": "× 10,000 persons",
    "trains": "trains",
    "teu": "TEU",
    "usd_bn": "US$ bn",
    "cny_bn": "CNY bn",
    "cny_mn": "CNY mn",
    "percent": "%",
    "projects": "projects",
    "villages": "villages",
    "parks": "parks",
    "bases": "bases",
}


@dataclass(frozen=True)
class Figure:
    """One headline number with its label, unit, year and source."""

    label: str
    value: str
    detail: str
    source_ids: tuple[str, ...]


def headline_figures(cat, shown: pd.DataFrame | None) -> list[Figure]:
    """The Map page's headline numbers: ports shown, latest regional freight, Inner Mongolia's
    border and the rail channels, each only when its data loaded."""
    figures = [
        f
        for f in (
            ports_by_partner(shown) if shown is not None else None,
            latest_region_freight(cat.tables["flows"]) if "flows" in cat.tables else None,
            inner_mongolia_borders(cat.tables["border_lengths_reported"])
            if "border_lengths_reported" in cat.tables
            else None,
        )
        if f is not None
    ]
    if "channels" in cat.layers:
        ch = cat.layers["channels"]
        figures.append(
            Figure(
                "Northern rail channels",
                str(len(ch)),
                "drawn schematic",
                tuple(sorted(set(ch["source_id"]))),
            )
        )
    return figures


def fmt_value(value: float, unit: str, lower_bound: bool = False, exact: bool = False) -> str:
    """ "≥ 1,900 × 10,000 t" — the value as published, with its unit and bound.

    Two decimals at most, unless ``exact`` (every digit kept, for a value changed in unit).
    """
    if float(value).is_integer():
        text = f"{value:,.0f}"
    elif exact:
        text = f"{value:,.10g}"
    else:
        text = f"{value:,.2f}".rstrip("0")
    return f"{'≥ ' if lower_bound else ''}{text} {UNIT_SHORT.get(unit, unit)}"


def ports_by_partner(ports: pd.DataFrame) -> Figure:
    """How many of the shown ports face each partner."""
    counts = ports["partner_country"].value_counts()
    # most ports first; ties by name, so the line reads the same on every run
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], PARTNER_NAMES.get(kv[0], kv[0])))
    parts = [f"{PARTNER_NAMES.get(k, k)} {v}" for k, v in ordered]
    ids = tuple(sorted({s for s in ports["coord_source_id"] if s}))[:3]
    return Figure("Ports shown", str(len(ports)), " · ".join(parts) or "none", ids)


def latest_region_freight(flows: pd.DataFrame) -> Figure | None:
    """Latest full-year freight through Inner Mongolia's ports, as published."""
    df = flows[
        flows["series_id"].isin(["IM_land_ports_total", "IM_ports_total", "IM_port_freight"])
        & ~flows["is_partial_year"]
        & (flows["metric"] == "freight")
    ]
    if df.empty:
        return None
    r = df.sort_values(["year", "is_lower_bound"], ascending=[True, False]).iloc[-1]
    value, unit = r["value"], r["unit"]
    if unit == "10k_t":  # a headline reads in million tonnes: a change of unit, no rounding
        value, unit = float(f"{value / 100:.10g}"), "mt"
    return Figure(
        "Freight through Inner Mongolia's ports",
        fmt_value(value, unit, r["is_lower_bound"], exact=True),
        f"{r['year']}, {r['geography']}",
        (r["source_id"],),
    )


def inner_mongolia_borders(reported: pd.DataFrame) -> Figure | None:
    """Inner Mongolia's border length: both sections as one publication reports them.

    The total is a sum, so both parts come from the same source: the first source (in the
    file's order) that reports both the Mongolian and the Russian section (the Liu paper
    today). Other reported lengths of either section are on the Borders page, not summed.
    """
    df = reported[reported["border_id"].isin(["cn_mn_nm", "cn_ru_nm"])]
    both = [s for s, g in df.groupby("source_id", sort=False) if g["border_id"].nunique() == 2]
    if not both:
        return None
    df = df[df["source_id"] == both[0]].drop_duplicates("border_id")
    by = dict(zip(df["border_id"], df["length_km"]))
    value = f"{sum(by.values()):,.0f} km"
    detail = " · ".join(
        f"{'Mongolia' if k == 'cn_mn_nm' else 'Russia'} {v:,.0f} km" for k, v in sorted(by.items())
    )
    return Figure(
        "Inner Mongolia's border (reported)", value, detail, tuple(sorted(set(df["source_id"])))
    )


def reported_lengths_text(reported: pd.DataFrame, sources: pd.DataFrame | None) -> dict:
    """Border id -> "4,630 km (Wikipedia …); 4,677 km (…)" for map tooltips."""
    pub = {} if sources is None else dict(zip(sources["source_id"], sources["publisher"]))
    out: dict[str, list[str]] = {}
    for r in reported.itertuples():
        out.setdefault(r.border_id, []).append(
            f"{r.length_km:,.1f} km ({pub.get(r.source_id, r.source_id)})"
        )
    for bid, items in list(out.items()):
        if bid == "cn_ru":
            out.setdefault("cn_ru_east", []).append("both sections: " + "; ".join(items))
    return {k: "; ".join(v) for k, v in out.items()}


def port_card_rows(port: pd.Series) -> list[tuple[str, str]]:
    """Label/value lines of a port's card (text only)."""
    cp = " ".join(x for x in (port["counterpart_name_en"], port["counterpart_name_local"]) if x)
    loc = port["location_precision"]
    dist = port.get("border_distance_km")
    where = {
        "exact": "point of the crossing or port facility",
        "town": "point of the town, not the crossing",
        "approximate": "approximate point",
        "none": "no published coordinate",
    }[loc]
    if dist is not None and dist == dist:
        where += f"; {dist:.1f} km from the border line (computed)"
    opened = port["year_opened"]
    return [
        ("Chinese name", port["name_zh"]),
        ("Partner", PARTNER_NAMES.get(port["partner_country"], port["partner_country"])),
        ("Counterpart", cp or "not recorded"),
        ("Province", port["province"]),
        ("Modes", port["modes"].replace(";", ", ")),
        ("Status and season", port["status_season"] or "not recorded"),
        (
            "Year opened",
            str(int(opened)) if opened == opened and opened is not None else "not recorded",
        ),
        ("Location", where),
    ]


def latest_by_metric(flows: pd.DataFrame) -> pd.DataFrame:
    """Latest published value per metric and direction (full years first, then partial)."""
    if flows.empty:
        return flows
    df = flows.sort_values(
        ["metric", "direction", "is_partial_year", "year"], ascending=[True, True, False, True]
    )
    df = df.groupby(["metric", "direction"]).tail(1)
    df = df.assign(
        label=[
            f"{METRIC_LABELS.get(m, m)} ({DIRECTION_LABELS.get(d, d)})"
            for m, d in zip(df["metric"], df["direction"])
        ]
    )
    return df


def channel_crossings(
    channel_id: str, crossings: pd.DataFrame | None, ports: pd.DataFrame | None
) -> pd.DataFrame:
    """Border crossings of one channel with the gauges on each side, as a display table."""
    cols = [
        "Crossing",
        "Counterpart",
        "China gauge (mm)",
        "Partner gauge (mm)",
        "Break of gauge",
        "source_id",
    ]
    if crossings is None:
        return pd.DataFrame(columns=cols)
    df = crossings[crossings["channel_id"] == channel_id]
    names = (
        {}
        if ports is None
        else {r.port_id: (r.name_en, r.counterpart_name_en) for r in ports.itertuples()}
    )
    return pd.DataFrame(
        {
            "Crossing": [names.get(p, (p, ""))[0] for p in df["port_id"]],
            "Counterpart": [names.get(p, ("", ""))[1] for p in df["port_id"]],
            "China gauge (mm)": df["gauge_china_mm"].astype(int).to_list(),
            "Partner gauge (mm)": df["gauge_partner_mm"].astype(int).to_list(),
            "Break of gauge": ["yes" if b else "no" for b in df["is_break_of_gauge"]],
            "source_id": df["source_id"].to_list(),
        },
        columns=cols,
    )
