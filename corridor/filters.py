"""Apply a View to the ports and the flow tables (pure pandas; no Streamlit)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from corridor.i18n import N_, _, fmt_number, format_list
from corridor.viewstate import Options, View


def province_key(name: str) -> str:
    """URL id of a province name (``Inner Mongolia`` -> ``inner_mongolia``)."""
    return name.strip().lower().replace(" ", "_")


def view_options(
    ports: pd.DataFrame | None, year_bounds: tuple[int, int], channels: pd.DataFrame | None = None
) -> Options:
    """What a view may hold, from the loaded data."""
    port_ids = tuple(sorted(ports["port_id"])) if ports is not None else ()
    provinces = (
        tuple(sorted({province_key(p) for p in ports["province"]})) if ports is not None else ()
    )
    channel_ids = tuple(sorted(channels["channel_id"])) if channels is not None else ()
    return Options(
        ports=port_ids,
        provinces=provinces,
        channels=channel_ids,
        year_min=year_bounds[0],
        year_max=year_bounds[1],
    )


def chosen_label(name: str, values, fmt=str, none: str | None = None, most: int = 2) -> str:
    """A filter button's label: the filter and what it holds ("Mode: Rail, Road").

    Up to ``most`` values are named; more are counted ("Ports: 3 chosen"), so the label
    stays one line in the sidebar.
    """
    values = [values] if isinstance(values, str) else list(values or ())
    if not values:
        everything = _("All") if none is None else none
        return f"{name}: {everything}"
    if len(values) > most:
        return f"{name}: " + _("{n} chosen").format(n=len(values))
    # a filter keeps what matches any of its choices: "Rail or Road"
    return f"{name}: " + format_list((str(fmt(v)) for v in values), style="or")


def series_names(names: dict[str, str], port_ids) -> dict[str, str]:
    """Chart labels for the ``port_id`` values of flow rows: a port's English name, or for a
    figure published for a whole complex (``erenhot``), "Erenhot port, all modes"."""
    extra = set(port_ids) - set(names)
    whole = _("{place} port, all modes")
    return {**names, **{c: whole.format(place=c.title()) for c in extra}}


def filter_ports(ports: pd.DataFrame, view: View) -> pd.DataFrame:
    """Ports matching the partner, province, mode and port filters."""
    keep = pd.Series(True, index=ports.index)
    if view.partner != "both":
        keep &= ports["partner_country"] == view.partner
    if view.provinces:
        keep &= ports["province"].map(province_key).isin(view.provinces)
    if view.modes:
        keep &= ports["modes"].map(lambda m: bool(set(m.split(";")) & set(view.modes)))
    if view.ports:
        keep &= ports["port_id"].isin(view.ports)
    return ports[keep]


def ports_allowed(ports: pd.DataFrame, view: View) -> list[str]:
    """The ports the partner, province and mode filters leave: what the port picker lists."""
    return list(filter_ports(ports, replace(view, ports=())).sort_values("name_en")["port_id"])


def hidden_choices(ports: pd.DataFrame, view: View) -> dict[str, list[str]]:
    """The chosen ports another filter hides, each with the filters that hide it
    (``{"ceke": ["Partner country"]}``), in the order they were chosen."""
    out = {}
    by_id = ports.set_index("port_id")
    for pid in view.ports:
        if pid not in by_id.index:
            continue
        p = by_id.loc[pid]
        why = []
        if view.partner != "both" and p["partner_country"] != view.partner:
            why.append(N_("Partner country"))
        if view.provinces and province_key(p["province"]) not in view.provinces:
            why.append(N_("Province"))
        if view.modes and not set(p["modes"].split(";")) & set(view.modes):
            why.append(N_("Mode"))
        if why:
            out[pid] = why
    return out


def flows_for_ports(port_flows: pd.DataFrame, ports: pd.DataFrame) -> pd.DataFrame:
    """Rows of port_flows about the given ports or the complexes they belong to."""
    ids = set(ports["port_id"]) | set(ports["complex_id"])
    return port_flows[port_flows["port_id"].isin(ids)]


def in_years(df: pd.DataFrame, view: View) -> pd.DataFrame:
    """Rows within the view's year range (all rows when no range is set)."""
    if not view.years:
        return df
    lo, hi = view.years
    return df[(df["year"] >= lo) & (df["year"] <= hi)]


def events_in_years(events: pd.DataFrame, view: View) -> pd.DataFrame:
    """Events dated within the view's years (all events when no range is set; an undated
    event cannot be placed in a range, so a range leaves it out)."""
    if not view.years:
        return events
    lo, hi = view.years
    year = pd.to_numeric(events["date"].astype(str).str[:4], errors="coerce")
    return events[(year >= lo) & (year <= hi)]


def channels_for_partner(channels: pd.DataFrame, view: View) -> pd.DataFrame:
    """The rail channels that cross into the partner the reader filtered to (all without a
    partner filter; a channel inside China alone concerns no partner)."""
    if view.partner == "both":
        return channels
    keep = channels["countries"].map(lambda c: view.partner in str(c).split(";"))
    return channels[keep]


def channel_sources(channels: pd.DataFrame) -> list[str]:
    """Every source a drawn channel rests on: the paper that names it, the pages that put the
    towns on its railway in order, GeoNames for the towns' points, and the railway lines it is
    drawn along."""
    ids = list(channels["source_id"])
    if "route_source_ids" in channels:
        routes = [
            i for v in channels["route_source_ids"] if isinstance(v, str) for i in v.split(";")
        ]
        ids += [i for i in routes if i] + (["geonames"] if any(routes) else [])
    if "railway_source_id" in channels:
        ids += [i for i in channels["railway_source_id"] if isinstance(i, str) and i]
    return list(dict.fromkeys(ids))


def flows_for_port(port_flows: pd.DataFrame, ports: pd.DataFrame, port_id: str) -> pd.DataFrame:
    """Figures of one port, including those published for its whole complex."""
    row = ports[ports["port_id"] == port_id]
    if row.empty:
        return port_flows.iloc[0:0]
    ids = {port_id, row.iloc[0]["complex_id"]}
    return port_flows[port_flows["port_id"].isin(ids)]


TEN_K_T = {"10k_t": 1.0, "t": 1e-4, "mt": 100.0}


def latest_freight(port_flows: pd.DataFrame) -> pd.DataFrame:
    """Latest full-year total freight per port id, in 10,000 t, with its year and flags.

    Partial years are skipped; a unit conversion (t, Mt -> 10,000 t) is the only change.
    """
    df = port_flows[
        (port_flows["metric"] == "freight")
        & (port_flows["direction"] == "total")
        & ~port_flows["is_partial_year"]
        & port_flows["unit"].isin(TEN_K_T)
    ]
    df = df[df["reporter"] == "CHN"].copy()
    df["freight_10k_t"] = df["value"] * df["unit"].map(TEN_K_T)
    df = df.sort_values(["port_id", "year", "freight_10k_t"])
    return df.groupby("port_id").tail(1).set_index("port_id")


def freight_label(row: pd.Series, year, whole: bool) -> str:
    """A map tooltip's freight: "≥ 1,900.0 × 10,000 t in 2023 (whole port)", with the reader's
    separators; ``whole`` when the figure is the port's whole complex's."""
    bound = "≥ " if row["is_lower_bound"] else ""
    text = _("{value} × 10,000 t in {year}").format(
        value=bound + fmt_number(row["freight_10k_t"], 1), year=year
    )
    return text + (" " + _("(whole port)") if whole else "")


def attach_latest(ports: pd.DataFrame, port_flows: pd.DataFrame | None) -> pd.DataFrame:
    """Ports with ``latest_freight_10k_t`` and a text label (own figure, else complex's)."""
    out = ports.copy()
    if port_flows is None:
        out["latest_freight_10k_t"], out["latest_label"] = None, _("data not loaded")
        return out
    latest = latest_freight(port_flows)
    values, labels = [], []
    for pid, cid in zip(out["port_id"], out["complex_id"]):
        key = pid if pid in latest.index else cid if cid in latest.index else None
        if key is None:
            values.append(None)
            labels.append(_("no full-year figure in China's statistics"))
            continue
        r = latest.loc[key]
        values.append(float(r["freight_10k_t"]))
        labels.append(freight_label(r, r["year"], whole=key != pid))
    out["latest_freight_10k_t"], out["latest_label"] = values, labels
    return out


def shown_ports(cat, view: View) -> pd.DataFrame | None:
    """The ports the view shows, with their latest freight; None when ports did not load."""
    ports = cat.layers.get("ports")
    if ports is None:
        return None
    return filter_ports(attach_latest(ports, cat.tables.get("port_flows")), view)


def year_bounds(cat) -> tuple[int, int]:
    """First and last year with a published figure in the flow tables."""
    years = [
        int(y)
        for name in ("port_flows", "flows")
        if name in cat.tables
        for y in (cat.tables[name]["year"].min(), cat.tables[name]["year"].max())
    ]
    return (max(min(years), 2000), max(years)) if years else (2000, 2025)


def port_names(cat) -> dict[str, str]:
    """Port id -> a search label in every script (English · Chinese · counterpart)."""
    ports = cat.layers.get("ports")
    if ports is None:
        return {}
    return {
        r.port_id: " · ".join(
            x
            for x in (
                r.name_en,
                r.name_zh,
                getattr(r, "name_ru", ""),
                getattr(r, "name_mn", ""),
                r.counterpart_name_en,
                r.counterpart_name_local,
            )
            if x
        )
        for r in ports.itertuples()
    }


def freight_rows(port_flows: pd.DataFrame) -> pd.DataFrame:
    """Full-year total freight reported by China, in 10,000 t (``freight_10k_t``): the one
    metric that sizes the map's markers. A unit conversion is the only change."""
    df = port_flows[
        (port_flows["metric"] == "freight")
        & (port_flows["direction"] == "total")
        & ~port_flows["is_partial_year"]
        & port_flows["unit"].isin(TEN_K_T)
        & (port_flows["reporter"] == "CHN")
    ].copy()
    df["freight_10k_t"] = df["value"] * df["unit"].map(TEN_K_T)
    return df


def map_year(port_flows: pd.DataFrame | None, ports: pd.DataFrame | None, view: View) -> int | None:
    """The year the map shows: the last year of the view's range in which any of the shown
    ports (or their whole port) has a published full-year freight figure; None when none has."""
    if port_flows is None or ports is None or ports.empty:
        return None
    df = in_years(freight_rows(port_flows), view)
    df = df[df["port_id"].isin(set(ports["port_id"]) | set(ports["complex_id"]))]
    return int(df["year"].max()) if len(df) else None


def fuller_year(
    port_flows: pd.DataFrame | None, ports: pd.DataFrame | None, view: View
) -> tuple[int, int, int, int] | None:
    """The latest year of the view's range with at least twice as many freight figures for the
    shown ports as the map's year: (map's year, its figures, that year, its figures), else
    None. A figure is one port's or one whole port's (which sizes one marker).

    The map shows the last year with any figure (:func:`map_year`), which can rest on one
    port; the page offers this fuller year with one click, and says how thin the map's is."""
    if port_flows is None or ports is None or ports.empty:
        return None
    df = in_years(freight_rows(port_flows), view)
    pairs = list(zip(ports["port_id"], ports["complex_id"]))
    ids_by_year = df.groupby("year")["port_id"].agg(set)
    # figures, not ports: a whole port's figure sizes one marker (maps.whole_port_drawn_once)
    counts = {
        int(y): len({p if p in ids else c for p, c in pairs if p in ids or c in ids})
        for y, ids in ids_by_year.items()
    }
    counts = {y: n for y, n in counts.items() if n}
    if not counts:
        return None
    year = max(counts)  # the map's year (map_year): the last with a figure of a shown port
    fuller = [y for y in counts if counts[y] >= 2 * counts[year]]
    if not fuller:
        return None
    best = max(fuller)
    return year, counts[year], best, counts[best]


def year_figures(
    ports: pd.DataFrame, port_flows: pd.DataFrame | None, year: int | None
) -> pd.DataFrame:
    """Each port's full-year freight in ``year`` (own figure, else its whole port's), as
    ``year_freight_10k_t``, ``year_label`` and ``year_row`` (the flow row used, or None)."""
    out = ports.copy()
    values, labels, rows = [], [], []
    df = freight_rows(port_flows) if port_flows is not None and year is not None else None
    if df is not None:
        # the largest of a year's published figures, as the latest figure is chosen
        df = df[df["year"] == year].sort_values("freight_10k_t").groupby("port_id").tail(1)
        df = df.set_index("port_id")
    for pid, cid in zip(out["port_id"], out["complex_id"]):
        key = None
        if df is not None:
            key = pid if pid in df.index else cid if cid in df.index else None
        if key is None:
            values.append(None)
            rows.append(None)
            labels.append(
                _("no full-year figure in China's statistics for {year}").format(year=year)
                if year
                else _("no published figure")
            )
            continue
        r = df.loc[key]
        values.append(float(r["freight_10k_t"]))
        rows.append(key)
        labels.append(freight_label(r, year, whole=key != pid))
    out["year_freight_10k_t"], out["year_label"], out["year_row"] = values, labels, rows
    return out
