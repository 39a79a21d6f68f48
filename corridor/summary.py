"""Headline figures and card contents computed from the tables (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from babel.numbers import format_decimal

from corridor.i18n import (
    N_,
    Words,
    _,
    comma,
    current,
    fmt_number,
    format_list,
    locale,
    ngettext,
    semicolon,
)
from corridor.style import DIRECTION_LABELS, METRIC_LABELS, PARTNER_NAMES
from corridor.vocabulary import (
    GEOGRAPHY_NAMES,
    cooperation_period,
    indicator_label,
    printed_number,
)

UNIT_SHORT = Words(
    {
        "10k_t": N_("× 10,000 t"),
        "t": N_("t"),
        "mt": N_("Mt"),
        "persons": N_("persons"),
        "10k_persons": N_("× 10,000 persons"),
        "trains": N_("trains"),
        "teu": N_("TEU"),
        "usd_bn": N_("US$ bn"),
        "cny_bn": N_("CNY bn"),
        "cny_mn": N_("CNY mn"),
        "percent": N_("%"),
        "projects": N_("projects"),
        "villages": N_("villages"),
        "parks": N_("parks"),
        "bases": N_("bases"),
        "ports": N_("ports"),
        "banners_counties": N_("banners and counties"),
        "times": N_("times"),
    }
)


@dataclass(frozen=True)
class Figure:
    """One headline number with its label, unit, year and source. The label reads after the
    number, as one phrase with it ("38 ports shown", "132 Mt freight through …"): counted
    words agree with the number (plural forms per language), and start in lower case unless
    a name starts them."""

    label: str
    value: str
    detail: str
    source_ids: tuple[str, ...]


def headline_figures(cat, shown: pd.DataFrame | None, view=None) -> list[Figure]:
    """The Map page's headline numbers for a view: ports shown, their freight in the map's
    year, Inner Mongolia's regional freight in the chosen years (when the filters keep all its
    ports), its reported border (the partner's section) and the rail channels the filters keep;
    each only when its data loaded and the filters leave it meaningful."""
    from corridor.viewstate import View

    view = view or View()
    whole_region = (
        view.partner == "both"
        and not view.modes
        and not view.ports
        and (not view.provinces or "inner_mongolia" in view.provinces)
    )
    with_im = not view.ports and (not view.provinces or "inner_mongolia" in view.provinces)
    figures = [
        f
        for f in (
            ports_by_partner(shown) if shown is not None else None,
            shown_ports_freight(shown, cat.tables.get("port_flows"), view)
            if shown is not None and "port_flows" in cat.tables
            else None,
            latest_region_freight(cat.tables["flows"], view.years)
            if "flows" in cat.tables and whole_region
            else None,
            inner_mongolia_borders(cat.tables["border_lengths_reported"], view.partner)
            if "border_lengths_reported" in cat.tables and with_im
            else None,
        )
        if f is not None
    ]
    if "channels" in cat.layers:
        from corridor.maps import shown_channels

        ch = shown_channels(cat.layers["channels"], view)
        figures.append(
            Figure(
                ngettext("northern rail channel", "northern rail channels", len(ch)),
                str(len(ch)),
                _("of {total} kept by the filters; drawn schematic").format(
                    total=len(cat.layers["channels"])
                ),
                tuple(sorted(set(ch["source_id"]))),
            )
        )
    return figures


def shown_ports_freight(shown: pd.DataFrame, port_flows: pd.DataFrame, view) -> Figure:
    """Full-year freight of the shown ports in the map's year (the last year of the view's
    range with a figure): the sum of the published figures, each counted once (a figure for a
    whole port stands for all its ports), with how many ports have none for that year."""
    from corridor.filters import map_year, year_figures

    span = f"{view.years[0]}–{view.years[1]}" if view.years else _("any year")
    year = map_year(port_flows, shown, view)
    label = _("freight through the ports shown")
    if year is None:
        return Figure(label, _("no figure"), _("none published for {span}").format(span=span), ())
    figs = year_figures(shown, port_flows, year)
    used = figs[figs["year_row"].notna()]
    # a whole port's figure includes its ports' own: keep the whole port's where used
    whole = set(used.loc[used["year_row"] == used["complex_id"], "complex_id"])
    keys = {
        k: v
        for k, c, v in zip(used["year_row"], used["complex_id"], used["year_freight_10k_t"])
        if k == c or c not in whole
    }
    total = sum(keys.values())
    rows = port_flows[port_flows["port_id"].isin(keys) & (port_flows["year"] == year)]
    ids = tuple(dict.fromkeys(rows[rows["metric"] == "freight"]["source_id"]))[:4]
    none = len(figs) - len(used)
    if none:  # "11.51 Mt freight through the ports shown" read as all of them
        label = _("freight through {n} of the {shown} ports shown").format(
            n=len(used), shown=len(figs)
        )
    # a sum of figures converted to Mt: two decimals ("16.56838576 Mt" read as a measurement);
    # in Chinese in 万吨, as Chinese ports and customs print freight ("百万吨" is not said)
    value = fmt_value(total, "10k_t") if current() == "zh" else fmt_value(total / 100, "mt")
    whole_note = (
        comma() + _("{n} for a whole port (all its modes)").format(n=len(whole)) if whole else ""
    )
    detail = ngettext(
        "sum of {n} full-year figure in China's statistics",
        "sum of {n} full-year figures in China's statistics",
        len(keys),
    ).format(n=len(keys))
    detail += whole_note + semicolon()
    detail += _("{none} of the {shown} ports shown have none for {year}").format(
        none=none, shown=len(figs), year=year
    )
    return Figure(f"{label}{comma()}{year}", value, detail, ids)


def fmt_value(
    value: float,
    unit: str,
    lower_bound: bool = False,
    exact: bool = False,
    approximate: bool = False,
) -> str:
    """ "≥ 1,900 × 10,000 t", "≈ 24 Mt" — the value as published, with its unit, its bound and
    whether it was published as approximate ('about', 'приблизительно').

    Two decimals at most, unless ``exact`` (every digit kept, for a value changed in unit);
    separators as the reader's language writes them ("5,001" in English, "5 001" in Russian,
    where "5,001" reads as five).
    """
    if float(value).is_integer():
        pattern = "#,##0"
    elif exact:
        pattern = "#,##0.##########"
    else:
        pattern = "#,##0.##"
    text = format_decimal(float(f"{value:.10g}"), format=pattern, locale=locale())
    mark = "≥ " if lower_bound else "≈ " if approximate else ""
    # a fraction takes the form of 2 in the languages here ("1,5 поезда", "1.5 trains")
    words = counted_unit(unit, int(value) if float(value).is_integer() else 2)
    return f"{mark}{text} {words or UNIT_SHORT.get(unit, unit)}"


def counted_unit(unit: str, n: int) -> str | None:
    """A counted unit in the form its number takes ("5 001 поезд", "3 000 поездов", "2
    раза"); None for a unit that is not counted (tonnes, US$, %) or is abbreviated."""
    forms = {
        "trains": lambda: ngettext("train", "trains", n),
        "projects": lambda: ngettext("project", "projects", n),
        "villages": lambda: ngettext("village", "villages", n),
        "parks": lambda: ngettext("park", "parks", n),
        "bases": lambda: ngettext("base", "bases", n),
        "ports": lambda: ngettext("border port", "border ports", n),
        "banners_counties": lambda: ngettext("banner or county", "banners and counties", n),
        "times": lambda: ngettext("time", "times", n),
    }
    return forms[unit]() if unit in forms else None


def cooperation_rows(co: pd.DataFrame) -> pd.DataFrame:
    """The cooperation table as a reader reads it: the indicator, its period and its value
    with its unit in the reader's words and numbers, the source document's section and the
    quote as printed, and the source."""
    table = co.assign(
        indicator=co["indicator"].map(indicator_label),
        period=co["period"].map(cooperation_period),
        value_unit=[fmt_value(v, u, exact=True) for v, u in zip(co["value"], co["unit"])],
        source_section=co["section"],
    )
    return table[
        ["indicator", "year", "period", "value_unit", "source_section", "quote", "source_id"]
    ]


AIRPORTS = "air"  # the partner key of airports in the count below


def ports_by_partner(ports: pd.DataFrame) -> Figure:
    """How many of the shown ports face each partner."""
    # airports face several partners or none recorded: one count, as the legend groups them
    partner = ports["partner_country"].fillna("").replace({"MULTI": AIRPORTS, "": AIRPORTS})
    counts = partner.value_counts()
    # most ports first; ties by name, so the line reads the same on every run
    names = {**PARTNER_NAMES, AIRPORTS: _("airports")}
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0])))
    parts = [f"{names.get(k, k)} {v}" for k, v in ordered]
    ids = tuple(sorted({s for s in ports["coord_source_id"] if s}))[:3]
    label = ngettext("port shown", "ports shown", len(ports))
    return Figure(label, str(len(ports)), " · ".join(parts) or _("none"), ids)


def latest_region_freight(flows: pd.DataFrame, years=None) -> Figure | None:
    """Latest full-year freight through Inner Mongolia's ports, as published (the latest
    within ``years``, a (first, last) range, when given)."""
    if years:
        flows = flows[(flows["year"] >= years[0]) & (flows["year"] <= years[1])]
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
        _("freight through Inner Mongolia's ports"),
        fmt_value(value, unit, r["is_lower_bound"], exact=True),
        f"{r['year']}, {GEOGRAPHY_NAMES.get(r['geography'], r['geography'])}",
        (r["source_id"],),
    )


def km_text(km: float) -> str:
    """A length in whole kilometres in the reader's language ("4,221 km", "4 221 км")."""
    return _("{km} km").format(km=fmt_number(round(km), 0))


def inner_mongolia_borders(reported: pd.DataFrame, partner: str = "both") -> Figure | None:
    """Inner Mongolia's border length: both sections as one publication reports them.

    The total is a sum, so both parts come from the same source: the first source (in the
    file's order) that reports both the Mongolian and the Russian section (the Liu paper
    today). Other reported lengths of either section are on the Borders page, not summed.
    With a partner chosen, that partner's section alone, from the same source (so the map
    does not give one length unfiltered and another filtered); the first source reporting it
    where no source reports both.
    """
    df = reported[reported["border_id"].isin(["cn_mn_nm", "cn_ru_nm"])]
    both = [s for s, g in df.groupby("source_id", sort=False) if g["border_id"].nunique() == 2]
    if partner in ("MNG", "RUS"):
        bid = "cn_mn_nm" if partner == "MNG" else "cn_ru_nm"
        one = reported[reported["border_id"] == bid]
        if one.empty:
            return None
        paired = one[one["source_id"] == both[0]] if both else one.iloc[:0]
        r = (paired if not paired.empty else one).iloc[0]
        name = PARTNER_NAMES[partner]
        detail = (
            _("as reported with the other section; every other length on the Borders page")
            if not paired.empty
            else _("the first reported length on record; every other on the Borders page")
        )
        return Figure(
            _("Inner Mongolia's border with {country} (reported)").format(country=name),
            km_text(r["length_km"]),
            detail,
            (r["source_id"],),
        )
    if not both:
        return None
    df = df[df["source_id"] == both[0]].drop_duplicates("border_id")
    by = dict(zip(df["border_id"], df["length_km"]))
    value = km_text(sum(by.values()))
    detail = " · ".join(
        f"{PARTNER_NAMES['MNG' if k == 'cn_mn_nm' else 'RUS']} {km_text(v)}"
        for k, v in sorted(by.items())
    )
    return Figure(
        _("Inner Mongolia's border (reported)"), value, detail, tuple(sorted(set(df["source_id"])))
    )


def reported_lengths_text(reported: pd.DataFrame, sources: pd.DataFrame | None) -> dict:
    """Border id -> "4,630 km (Wikipedia …); 4,677 km (…)" for map tooltips: each length as
    printed (no digit added), in the reader's separators and unit."""
    pub = {} if sources is None else dict(zip(sources["source_id"], sources["publisher"]))
    out: dict[str, list[str]] = {}
    for r in reported.itertuples():
        out.setdefault(r.border_id, []).append(
            _("{km} km").format(km=printed_number(r.length_km))
            + f" ({pub.get(r.source_id, r.source_id)})"
        )
    for bid, items in list(out.items()):
        if bid == "cn_ru":
            out.setdefault("cn_ru_east", []).append(_("both sections:") + " " + "; ".join(items))
    return {k: "; ".join(v) for k, v in out.items()}


def status_kind(text) -> str:
    """A port's status in reader words, from the first words the research table records it
    with ("year-round since 2008" -> year-round); '' when it names none of the kinds. The
    table's full wording (dates, conditions) is shown beside it, in English."""
    from corridor.vocabulary import STATUS_KINDS

    t = str(text or "").strip().lower()
    found = [k for k in STATUS_KINDS if re.search(rf"\b{k}\b", t)]
    # one kind only: "seasonal … until 2025; year-round after …" is left to its own words
    return STATUS_KINDS[found[0]] if len(found) == 1 else ""


def status_words(text) -> str:
    """The status line of a port's card: the research table's words in English; in another
    language their kind (:func:`status_kind`), the words themselves being quoted under the
    card."""
    from corridor import i18n

    text = str(text or "").strip()
    if not text:
        return _("not recorded")
    if i18n.current() == i18n.DEFAULT:
        return text
    return status_kind(text) or _("see the words quoted below")


def port_card_rows(port: pd.Series) -> list[tuple[str, str]]:
    """Label/value lines of a port's card (text only)."""
    cp = " ".join(x for x in (port["counterpart_name_en"], port["counterpart_name_local"]) if x)
    loc = port["location_precision"]
    dist = port.get("border_distance_km")
    from corridor.vocabulary import LOCATION_DETAIL, MODE_LABELS, province_name

    where = LOCATION_DETAIL[loc]
    if dist is not None and dist == dist:
        where += semicolon() + _("{km} km from the border line (computed)").format(
            km=fmt_number(round(dist, 1), 1)
        )
    opened = port["year_opened"]
    unknown = _("not recorded")
    modes = [m for m in str(port["modes"]).replace(";", ",").split(",") if m]
    return [
        (_("Chinese name"), port["name_zh"]),
        (_("Partner"), PARTNER_NAMES.get(port["partner_country"], port["partner_country"])),
        (_("Counterpart"), cp or unknown),
        (_("Province"), province_name(port["province"])),
        (_("Modes"), format_list(MODE_LABELS.get(m, m) for m in modes)),
        (_("Status and season"), status_words(port["status_season"])),
        (
            _("Year opened"),
            str(int(opened)) if opened == opened and opened is not None else unknown,
        ),
        (_("Location"), where),
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
        "port",
        "counterpart",
        "gauge_china_mm",
        "gauge_partner_mm",
        "is_break_of_gauge",
        "source_id",
    ]
    if crossings is None:
        return pd.DataFrame(columns=cols)
    df = crossings[crossings["channel_id"] == channel_id]
    from corridor.places import port_name

    names = (
        {}
        if ports is None
        else {
            r["port_id"]: (port_name(r), r["counterpart_name_en"]) for r in ports.to_dict("records")
        }
    )
    return pd.DataFrame(
        {
            "port": [names.get(p, (p, ""))[0] for p in df["port_id"]],
            "counterpart": [names.get(p, ("", ""))[1] for p in df["port_id"]],
            "gauge_china_mm": df["gauge_china_mm"].astype(int).to_list(),
            "gauge_partner_mm": df["gauge_partner_mm"].astype(int).to_list(),
            "is_break_of_gauge": [_("yes") if b else _("no") for b in df["is_break_of_gauge"]],
            "source_id": df["source_id"].to_list(),
        },
        columns=cols,
    )
