"""Pure Plotly builders: tidy data in, ``go.Figure`` out, units in axis titles, source inside."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from corridor.chartlayout import (
    PHONE_PX,
    ROW_LABEL_PX,
    layout,
    row_labels_px,
    value_axis_px,
    wrap,
)
from corridor.i18n import N_, _, fmt_number, period_words
from corridor.places import port_name
from corridor.style import CHANNEL_COLOURS
from corridor.summary import UNIT_SHORT
from corridor.vocabulary import (
    DIRECTION_LABELS,
    EVENT_CATEGORIES,
    METRIC_IN_TEXT,
    reporter_in_line,
)

# Values of one metric are drawn in one unit; converting t or Mt to 10,000 t is arithmetic,
# not estimation, and the hover text says when it was done.
COMMON_UNIT = {
    "freight": ("10k_t", {"10k_t": 1.0, "t": 1e-4, "mt": 100.0}, N_("10,000 tonnes")),
    "passengers": ("persons", {"persons": 1.0, "10k_persons": 1e4}, N_("persons (crossings)")),
    "ce_trains": ("trains", {"trains": 1.0}, N_("trains")),
    "ce_teu": ("teu", {"teu": 1.0}, N_("TEU")),
    "cross_border_tourists": ("persons", {"persons": 1.0}, N_("persons")),
}
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442"]
DIRECTION_DASH = {"total": "solid", "in": "dash", "out": "dot", "import": "dash", "export": "dot"}


def finish(
    fig: go.Figure,
    title: str,
    source: str,
    y_title: str,
    x_title: str | None = None,
    height: int = 420,
    width: int = PHONE_PX,
    left: float | None = None,
) -> go.Figure:
    """Title, axis titles with units and the source line inside the figure (so exports keep it).

    The legend and the source sit below the plot, each in room of its own, wrapped for a
    chart drawn ``width`` px wide or wider (``chartlayout.layout``): none overlaps another.
    ``left``: the room left of the plot (default: what the value axis's labels need).
    """
    fig.update_layout(template="plotly_white")
    left = value_axis_px(fig) if left is None else left
    layout(fig, title, source, width=width, plot_px=height - 60, left=left)
    fig.update_layout(meta={**fig.layout.meta, "source": source})
    fig.update_xaxes(title_text=_("Year") if x_title is None else x_title)
    # whole numbers with the language's separators ("1 000 000"), not Plotly's SI letters
    # ("1M", "5k"); the left margin was sized for them (automargin only as a safety net)
    fig.update_yaxes(
        title_text=y_title,
        rangemode="tozero",
        exponentformat="none",
        separatethousands=True,
        automargin=True,
    )
    return fig


def year_ticks(years: pd.Series, width: int = PHONE_PX) -> int | None:
    """The year axis's tick step: every year when the years fit the chart's narrowest width
    (a short series would otherwise be ticked at 2023.5), else Plotly's choice, whole years
    (``tickformat="d"``)."""
    if years.empty:
        return None
    span = int(years.max()) - int(years.min()) + 1
    return 1 if span * 32 <= width - 80 else None


def _marker(df: pd.DataFrame) -> dict:
    """Filled circles for exact full-year values; '≥' triangles for lower bounds;
    open symbols for partial years."""
    symbols = ["triangle-up" if lb else "circle" for lb in df["is_lower_bound"]]
    symbols = [s + "-open" if p else s for s, p in zip(symbols, df["is_partial_year"])]
    return {"symbol": symbols, "size": 10, "line": {"width": 2}}


def _hover(df: pd.DataFrame, unit_label: str) -> list[str]:
    """Hover text per point: value as published, period, flags and source (its publisher where
    the rows carry ``source_name``: ``citations.with_source_names``). A unit that is a
    multiple ("10,000 tonnes") is multiplied, not appended: "848.3 × 10,000 tonnes"."""
    times = " × " if unit_label[:1].isdigit() else " "
    out = []
    for r in df.itertuples():
        flags = [
            t
            for t, on in (
                (_("lower bound (≥)"), r.is_lower_bound),
                (
                    _("partial year: {period}").format(period=period_words(r.period)),
                    r.is_partial_year,
                ),
                (_("year or period read from context"), getattr(r, "is_inferred", False)),
            )
            if on
        ]
        unit = UNIT_SHORT.get(r.unit, r.unit)
        conv = (
            " " + _("(published as {value} {unit})").format(value=f"{r.value:g}", unit=unit)
            if r.factor != 1
            else ""
        )
        said = "; ".join(flags) or _("full year")
        source = _("source: {name}").format(name=getattr(r, "source_name", "") or r.source_id)
        out.append(
            f"{r.year}: {'≥ ' if r.is_lower_bound else ''}{fmt_number(r.plot_value, 1)}{times}"
            f"{unit_label}{conv}<br>{said}<br>{source}"
        )
    return out


def gapped(g: pd.DataFrame, marker: dict, hover: list[str]) -> tuple[list, list, dict, list]:
    """x, y, marker and hover of one trace with a break wherever years are missing.

    A line drawn straight from 2013 to 2019 would suggest the years between are known; a
    ``None`` point between them breaks the line (``connectgaps=False``) so a gap stays a gap.
    Part-year points stand alone for the same reason.
    """
    xs, ys, symbols, hovers, last, last_partial = [], [], [], [], None, False
    rows = zip(g["year"], g["plot_value"], g["is_partial_year"], strict=True)
    for (year, value, partial), symbol, text in zip(rows, marker["symbol"], hover, strict=True):
        # part-year figures are not joined to anything: they are not comparable to full years
        if last is not None and (year - last > 1 or partial or last_partial):
            xs.append(last + 1)
            ys.append(None)
            symbols.append("circle")
            hovers.append("")
        xs.append(year)
        ys.append(value)
        symbols.append(symbol)
        hovers.append(text)
        last, last_partial = year, partial
    return xs, ys, {**marker, "symbol": symbols}, hovers


def to_common_unit(df: pd.DataFrame, metric: str) -> tuple[pd.DataFrame, str]:
    """Rows of one metric with ``plot_value`` in the metric's common unit."""
    unit, factors, label = COMMON_UNIT[metric]
    out = df[df["unit"].isin(factors)].copy()
    out["factor"] = out["unit"].map(factors)
    out["plot_value"] = out["value"] * out["factor"]
    return out, _(label)


def parts_mismatch(df: pd.DataFrame) -> list[str]:
    """Years where a source's inbound + outbound differ from its total (kept as printed)."""
    notes = []
    for (year, _src), g in df.groupby(["year", "source_id"]):
        by = dict(zip(g["direction"], g["plot_value"]))
        if {"total", "in", "out"} <= by.keys():
            parts = by["in"] + by["out"]
            if abs(parts - by["total"]) > 0.05 * max(1.0, abs(by["total"])) / 100:
                notes.append(
                    _(
                        "{year}: inbound + outbound = {parts}, total as printed {total} (all "
                        "three in one source)"
                    ).format(
                        year=year,
                        # to a tenth, no ".0" on whole numbers (1,824,000 persons)
                        parts=fmt_number(round(parts, 1)),
                        total=fmt_number(round(by["total"], 1)),
                    )
                )
    return notes


def build_port_metric_figure(
    df: pd.DataFrame,
    metric: str,
    title: str,
    source: str,
    names: dict[str, str] | None = None,
    width: int = PHONE_PX,
    height: int = 420,
) -> go.Figure:
    """One metric of one or more ports over time: a trace per port and direction.

    Lower bounds are '≥' triangles, partial years open symbols, and where a source's
    parts do not add up to its total the figure says so.
    """
    data, unit_label = to_common_unit(df[df["metric"] == metric], metric)
    names = names or {}
    # a legend even for one line: it says whose figures they are (the port or its whole
    # complex) and which direction, which a single line's chart title does not
    fig = go.Figure(layout={"showlegend": True})
    groups = data.sort_values("year").groupby(["port_id", "direction"], sort=True)
    for i, ((port, direction), g) in enumerate(groups):
        xs, ys, marker, hovers = gapped(g, _marker(g), _hover(g, unit_label))
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                name=html.escape(
                    f"{names.get(port, port)} — {DIRECTION_LABELS.get(direction, direction)}"
                ),
                line={
                    "dash": DIRECTION_DASH.get(direction, "solid"),
                    "color": PALETTE[i % len(PALETTE)],
                },
                marker=marker,
                hovertext=hovers,
                connectgaps=False,
                hoverinfo="text",
            )
        )
    notes = parts_mismatch(data)
    if notes:
        source = (
            _("Parts do not add up to the total, kept as published: {notes}.").format(
                notes="; ".join(notes)
            )
            + " "
            + source
        )
    fig = finish(
        fig, html.escape(title), html.escape(source), unit_label, height=height, width=width
    )
    fig.update_xaxes(tickformat="d", dtick=year_ticks(data["year"], width))
    return fig


def port_card_figure(
    cat, port_id: str, metric: str, years: tuple[int, int] | None = None
) -> go.Figure | None:
    """The selected port's chart on the Map page: one metric of a port and of its whole
    complex, with sources, within ``years`` (a (first, last) range) when given.

    None when the port has no published figure of that metric (in those years): nothing is
    drawn.
    """
    from corridor.citations import source_line
    from corridor.filters import flows_for_port

    if "port_flows" not in cat.tables or "ports" not in cat.layers:
        return None
    ports = cat.layers["ports"]
    match = ports[ports["port_id"] == port_id]
    if match.empty:
        return None
    port = match.iloc[0]
    rows = flows_for_port(cat.tables["port_flows"], ports, port_id)
    rows = rows[rows["metric"] == metric]
    if years:
        rows = rows[(rows["year"] >= years[0]) & (rows["year"] <= years[1])]
    if rows.empty:
        return None
    name = port_name(port)
    # the title names the port: the legend says which of its figures each line is
    names = {port["port_id"]: _("this port"), port["complex_id"]: _("whole port")}
    from corridor.citations import with_source_names

    return build_port_metric_figure(
        with_source_names(rows, cat.tables.get("sources")),
        metric,
        _("{port}: {metric} by year").format(port=name, metric=METRIC_IN_TEXT.get(metric, metric))
        + (f", {years[0]}–{years[1]}" if years else ""),
        source_line(rows["source_id"], cat.tables.get("sources"), limit=3, titles=False),
        names,
        # drawn under the map: a desktop's map column, a phone's whole width
        width=PHONE_PX,
        height=320,  # the plot a little lower than the Ports page's, under the map
    )


def build_series_figure(
    df: pd.DataFrame,
    title: str,
    source: str,
    y_title: str,
    label_col: str = "geography",
    years: tuple[int, int] | None = None,
) -> go.Figure:
    """Annual series (trade, trains): a trace per label and reporter side.

    The reporter (Chinese customs vs the partner's statistics) is a separate trace with its
    own symbol, so disagreeing sources stay side by side. The year axis runs from the first
    year with a figure to the last year of ``years`` (the reader's years filter; the data's
    last year without it), half a year's room each side for the markers: Plotly's own range
    would run on to a year nobody chose.
    """
    fig = go.Figure()
    df = df.assign(factor=1.0, plot_value=df["value"]).sort_values("year")
    for i, ((label, reporter), g) in enumerate(df.groupby([label_col, "reporter"], sort=True)):
        marker = _marker(g)
        if reporter != "CHN":
            marker["symbol"] = ["diamond" + ("-open" if p else "") for p in g["is_partial_year"]]
        xs, ys, marker, hovers = gapped(g, marker, _hover(g, y_title))
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                name=html.escape(
                    _("{series} ({side} statistics)").format(
                        series=label, side=reporter_in_line(reporter)
                    )
                ),
                line={
                    "color": PALETTE[i % len(PALETTE)],
                    "dash": "solid" if reporter == "CHN" else "dot",
                },
                marker=marker,
                hovertext=hovers,
                hoverinfo="text",
                connectgaps=False,
            )
        )
    fig = finish(fig, html.escape(title), html.escape(source), y_title)
    if df.empty:
        return fig
    first, last = int(df["year"].min()), int(df["year"].max())
    if years:
        first, last = max(first, years[0]), years[1]
    fig.update_xaxes(
        tickformat="d",
        dtick=year_ticks(pd.Series([first, last])),
        range=[first - 0.4, last + 0.4],
    )
    return fig


def build_border_resolution_figure(
    computed: pd.DataFrame, names: dict[str, str], source: str
) -> go.Figure:
    """Computed length against map resolution, one line per section.

    Shows why published figures differ from computed ones: coarser maps cut meanders, so the
    same border measures shorter. (The published lengths are on their own chart, where each
    can be read: ``build_border_lengths_figure``.) Sections computed at one resolution only
    are left out: they have no line to draw.
    """
    order = {"1:110m": 110, "1:50m": 50, "1:10m": 10, "1:1M": 1}
    df = computed[
        (computed["simplify_tolerance_deg"] == 0) & computed["resolution"].isin(order)
    ].copy()
    df["scale_m"] = df["resolution"].map(order)
    df = df[df.groupby("border_id")["resolution"].transform("nunique") > 1]
    fig = go.Figure()
    for i, (bid, g) in enumerate(df.sort_values("scale_m", ascending=False).groupby("border_id")):
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(
            go.Scatter(
                x=g["resolution"],
                y=g["length_km"],
                mode="lines+markers",
                name=f"{names.get(bid, bid)} " + _("(computed)"),
                line={"color": colour},
            )
        )
    fig = finish(
        fig,
        _("Computed border length by map resolution: finer maps measure longer borders"),
        source,
        _("length (km)"),
        x_title=_("map resolution of Natural Earth (coarse → fine)"),
        height=520,
    )
    fig.update_xaxes(categoryorder="array", categoryarray=list(order))
    return fig


def build_border_lengths_figure(rows: pd.DataFrame, source: str) -> go.Figure:
    """Each border section's lengths as dots, one row per figure: every reported length as
    printed (labelled with its digits and its publisher) and the length computed on the map.

    One row per figure, not one line per section, so that close figures (4,672.7153 and
    4,677 km) never hide each other's labels. ``rows`` is ``borders.length_rows``.
    """
    fig = go.Figure()
    short, seen = [], {}
    kinds = rows["kind"] if "kind" in rows else [""] * len(rows)
    for section, who, kind in zip(rows["section"], rows["who"], kinds):
        if kind == "computed" and "Natural Earth" in who:
            who = _("computed on the map (1:10m)")
        who = who if len(who) <= 24 else who[:23] + "…"
        # two figures of one publisher for one section: each keeps a row of its own
        n = seen[(section, who)] = seen.get((section, who), 0) + 1
        short.append(who if n == 1 else f"{who} ({n})")
    rows = rows.assign(who_short=short)
    for kind, name, colour, symbol in (
        ("reported", _("reported length, as printed"), "#0072B2", "diamond"),
        ("computed", _("computed on the map (Natural Earth 1:10m)"), "#777777", "circle-open"),
    ):
        g = rows[rows["kind"] == kind]
        # the digits as printed; "to the metre" is said in the hover text and the table
        labels = [_("{km} km").format(km=p) for p in g["printed"]]
        metre = " " + _("(as printed, to the metre)")
        hover = [
            html.escape(
                f"{s}: {km}{metre if m else ''} — {w}"
                + (f" ({gr})" if gr else "")
                + (f". {n}" if n else "")
            )
            for s, km, m, w, gr, n in zip(
                g["section"], labels, g["to_the_metre"], g["who"], g["grade"], g["note"]
            )
        ]
        top = float(rows["length_km"].max()) if len(rows) else 1.0
        fig.add_trace(
            go.Scatter(
                x=g["length_km"],
                y=[f"{s}|{w}" for s, w in zip(g["section"], g["who_short"])],
                mode="markers+text",
                name=name,
                text=[html.escape(label) for label in labels],
                # a long border's label to the left of its dot: it stays inside a phone's chart
                textposition=[
                    "middle left" if x > 0.5 * top else "middle right" for x in g["length_km"]
                ],
                textfont={"size": 11},
                marker={"symbol": symbol, "size": 11, "color": colour, "line": {"width": 2}},
                hovertext=hover,
                hoverinfo="text",
            )
        )
    # one row per figure under a header row per section (a phone keeps its width for the
    # dots: no second column of labels); a long section name takes two lines, so that the
    # labels' column stays within ROW_LABEL_PX ("Китай — Россия (восточный участок)")
    keys, ticks = [], []
    for section in dict.fromkeys(rows["section"]):
        keys.append(f"{section}|")
        wrapped = wrap(html.escape(section), ROW_LABEL_PX, 12 * 1.1).split("<br>")
        ticks.append("<br>".join(f"<b>{line}</b>" for line in wrapped))
        for who in rows.loc[rows["section"] == section, "who_short"]:
            keys.append(f"{section}|{who}")
            ticks.append(html.escape(who))
    fig = finish(
        fig,
        _("Border lengths: each reported figure and the computed length"),
        source,
        "",
        x_title=_("length (km)"),
        height=max(360, 26 * (len(rows) + rows["section"].nunique())),
        left=row_labels_px(ticks),
    )
    top = float(rows["length_km"].max()) if len(rows) else 1.0
    fig.update_xaxes(range=[0, top * 1.08], tickformat=",d", rangemode="tozero", nticks=4)
    fig.update_yaxes(
        autorange="reversed",
        automargin=True,
        title_text="",
        categoryorder="array",
        categoryarray=keys,
        tickvals=keys,
        ticktext=ticks,
    )
    return fig


def build_channel_lengths_figure(
    channels: pd.DataFrame, source: str, names: dict[str, str] | None = None
) -> go.Figure:
    """Length of each channel along its drawn line (railway lines, straight where none); ``names``:
    channel id -> its name in the reader's language (:func:`corridor.places.channel_names`)."""
    fig = go.Figure(
        go.Bar(
            x=[_("Channel {number}").format(number=n) for n in channels["number"]],
            y=channels["length_km_schematic"],
            marker_color=[CHANNEL_COLOURS.get(c, "#777") for c in channels["channel_id"]],
            hovertext=[
                (names or {}).get(c, n) for c, n in zip(channels["channel_id"], channels["name_en"])
            ],
            hoverinfo="text+y",
        )
    )
    return finish(
        fig,
        _("Rail channels: length along the drawn route"),
        source,
        _("length (km) of the drawn line"),
        x_title=_("rail channel"),
    )


def build_timeline_figure(events: pd.DataFrame, source: str) -> go.Figure:
    """Dated events as points on a time axis, one row per category."""
    df = events[events["date"] != ""].copy()
    df["when"] = pd.to_datetime(
        df["date"].str.pad(7, "right", "-").str.replace(r"^(\d{4})-*$", r"\1-01", regex=True),
        format="mixed",
    )
    fig = go.Figure()
    for i, (cat, g) in enumerate(df.groupby("category")):
        fig.add_trace(
            go.Scatter(
                x=g["when"],
                y=[EVENT_CATEGORIES.get(cat, cat)] * len(g),
                mode="markers",
                name=EVENT_CATEGORIES.get(cat, cat),
                marker={"size": 12, "color": PALETTE[i % len(PALETTE)]},
                hovertext=[html.escape(f"{d}: {t}") for d, t in zip(g["date"], g["title"])],
                hoverinfo="text",
            )
        )
    fig.update_layout(showlegend=False)  # the rows name the categories
    return finish(
        fig,
        _("Timeline of the corridor (dated events in the source documents)"),
        source,
        "",
        x_title=_("date"),
    )
