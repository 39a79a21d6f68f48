"""Figures of one port and year that differ, grouped by what they count, with why (pure).

A port's figures for one year can disagree for good reasons: one counts the whole port and
another one checkpoint or its rail port alone; one is China's count and another Mongolia's or
Russia's; one covers part of the year; one is a lower bound ("over …"); they were published in
different units; or two sources simply printed different numbers. Both are kept (never
averaged or chosen between); the port card and the map's tooltip show them side by side,
grouped by scope and reporting side, with a sentence saying why they differ.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from corridor.i18n import _, comma, period_words
from corridor.summary import UNIT_SHORT, fmt_value
from corridor.vocabulary import (
    DIRECTION_LABELS,
    METRIC_LABELS,
    REPORTER_NAMES,
    SCOPES,
    statistics_of,
)

# inbound and imports are one direction, outbound and exports the other
DIRECTION_CLASS = {"total": "total", "in": "in", "import": "in", "out": "out", "export": "out"}
SCOPE_ORDER = {"whole port": 0}  # the whole port first, then each part of it
TOLERANCE = 0.005  # figures within half a percent of each other agree (rounding)


@dataclass(frozen=True)
class Group:
    """The figures of one scope counted by one side, as the card lists them."""

    label: str
    figures: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    """Figures of one port (with its whole port), year, measure and direction that differ."""

    year: int
    metric: str
    measure: str
    groups: tuple[Group, ...]
    why: str
    source_ids: tuple[str, ...]

    @property
    def heading(self) -> str:
        return _("Figures that differ for {year}: {measure}").format(
            year=self.year, measure=self.measure
        )

    def pointer(self) -> str:
        """The conflict as the map's tooltip names it: which year and measure, and that the
        card says the rest (the figures and why would not fit a tooltip over the map)."""
        return _("{heading}: the port's card lists them and says why.").format(heading=self.heading)


def _figure(r, common: str, factor: float) -> str:
    """One figure in the common unit, with how it was published when that differs."""
    approx = bool(getattr(r, "is_approximate", False))  # (rows made by hand may lack the flag)
    bound = bool(r.is_lower_bound)
    text = fmt_value(r.value * factor, common, bound, exact=True, approximate=approx)
    notes = []
    if r.unit != common:
        notes.append(
            _("published as {value}").format(
                value=fmt_value(r.value, r.unit, r.is_lower_bound, approximate=approx)
            )
        )
    if r.is_partial_year:
        period = str(r.period)
        notes.append(
            _("part of year")
            if period in ("part of year", "")
            else _("partial year: {period}").format(period=period_words(period))
        )
    return text + (f" ({'; '.join(notes)})" if notes else "")


def _why(g: pd.DataFrame, common: str) -> str:
    """The sentence that says why these figures differ (every reason that applies)."""
    reasons = []
    scopes = list(dict.fromkeys(g["scope"]))
    if len(scopes) > 1:
        words = " / ".join(SCOPES.get(s, s) for s in scopes)
        reasons.append(_("they count different things ({scopes})").format(scopes=words))
    sides = list(dict.fromkeys(g["reporter"]))
    if len(sides) > 1:
        words = " / ".join(REPORTER_NAMES.get(s, s) for s in sides)
        reasons.append(
            _("they are counted on different sides of the border ({sides})").format(sides=words)
        )
    if g["is_partial_year"].astype(bool).any():
        reasons.append(_("some cover part of the year only"))
    if g["is_lower_bound"].astype(bool).any():
        reasons.append(_("a lower bound (≥) gives only a minimum"))
    if g["unit"].nunique() > 1:
        unit = UNIT_SHORT.get(common, common)
        reasons.append(
            _("they were published in different units (compared here in {unit})").format(unit=unit)
        )
    if len(reasons) == (1 if g["unit"].nunique() > 1 else 0):
        reasons.append(_("different sources published different figures"))
    return _("Why they differ: {reasons}.").format(reasons="; ".join(reasons))


def without_vaguer_twins(part: pd.DataFrame, factors: dict) -> pd.DataFrame:
    """``part`` without a part-year figure whose period is unknown when another row gives the
    same value with its period: two sources of one figure, listed once ("2,753,000 persons
    (partial year: 1 Jan – 22 Dec)", not again as "2,753,000 persons (part of year)")."""
    value = (part["value"] * part["unit"].map(factors)).round(6)
    period = part["period"].astype(str)
    vague = part["is_partial_year"].astype(bool) & period.isin(["part of year", "", "nan"])
    dated = part["is_partial_year"].astype(bool) & ~vague
    twins = vague & value.isin(set(value[dated]))
    return part[~twins]


def conflicts(rows: pd.DataFrame) -> list[Conflict]:
    """Every year, measure and direction in ``rows`` (a port's and its whole port's figures,
    ``filters.flows_for_port``) whose figures differ by more than rounding, newest first."""
    from corridor.figures import COMMON_UNIT

    out = []
    rows = rows[rows["metric"].isin(COMMON_UNIT)]
    keyed = rows.assign(dclass=rows["direction"].map(DIRECTION_CLASS).fillna(rows["direction"]))
    for (year, metric, _d), g in keyed.groupby(["year", "metric", "dclass"], sort=False):
        common, factors, _label = COMMON_UNIT[metric]
        g = g[g["unit"].isin(factors)]
        if len(g) < 2:
            continue
        values = g["value"] * g["unit"].map(factors)
        if values.max() - values.min() <= TOLERANCE * max(abs(values.max()), 1e-9):
            continue
        order = g["scope"].map(SCOPE_ORDER).fillna(1)
        g = g.assign(_order=order).sort_values(["_order", "scope", "reporter"], kind="stable")
        groups = []
        for (scope, side), part in g.groupby(["scope", "reporter"], sort=False):
            label = SCOPES.get(scope, scope) + comma() + statistics_of(side)
            figs = tuple(
                dict.fromkeys(
                    _figure(r, common, factors[r.unit])
                    for r in without_vaguer_twins(part, factors).itertuples()
                )
            )
            groups.append(Group(label, figs))
        direction = g["direction"].iloc[0]
        measure = (
            f"{METRIC_LABELS.get(metric, metric)} ({DIRECTION_LABELS.get(direction, direction)})"
        )
        ids = tuple(dict.fromkeys(s for s in g["source_id"] if s))
        out.append(Conflict(int(year), metric, measure, tuple(groups), _why(g, common), ids))
    return sorted(out, key=lambda c: -c.year)


def tooltip_lines(port_flows: pd.DataFrame | None, ports: pd.DataFrame, years=None) -> list:
    """For each port (in order), a pointer to its newest freight figures that differ within
    ``years`` (a (first, last) range), or '': what the map's tooltip adds."""
    from corridor.filters import flows_for_port

    if port_flows is None:
        return [""] * len(ports)
    freight = port_flows[port_flows["metric"] == "freight"]
    if years:
        freight = freight[(freight["year"] >= years[0]) & (freight["year"] <= years[1])]
    out = []
    for pid in ports["port_id"]:
        found = latest_conflicts(flows_for_port(freight, ports, pid), "freight", most=1)
        out.append(found[0].pointer() if found else "")
    return out


def latest_conflicts(rows: pd.DataFrame, metric: str | None = None, most: int = 2) -> list:
    """The newest conflict of each measure (of ``metric`` only, when given), newest first,
    at most ``most``: what a card or a tooltip has room for."""
    seen, out = set(), []
    for c in conflicts(rows):
        if (metric and c.metric != metric) or c.measure in seen:
            continue
        seen.add(c.measure)
        out.append(c)
    return out[:most]
