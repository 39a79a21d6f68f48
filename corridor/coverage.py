"""Which years each series and port has a published figure for (pure).

A reader looking for a number first needs to know whether it exists. The coverage matrix
shows, for every series and every port's metric, each year as a full-year figure, a lower
bound ("over …"), a part of the year, or nothing; the port card says in one line how many
years a port has and its latest year.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from corridor.chartlayout import ROW_LABEL_PX, layout, lines, row_labels_px, wrap
from corridor.i18n import N_, _, comma, full_stop, ngettext
from corridor.vocabulary import METRIC_IN_TEXT

# Best first: a year with a full-year figure counts as full even if a part-year one exists too.
STATUSES = (N_("full year"), N_("lower bound"), N_("part of year"))
COLOURS = {"full year": "#0072B2", "lower bound": "#56B4E9", "part of year": "#E69F00"}


def year_status(rows: pd.DataFrame) -> str:
    """The best kind of figure among ``rows`` (one series or port metric, one year)."""
    full = rows[~rows["is_partial_year"].astype(bool)]
    if (~full["is_lower_bound"].astype(bool)).any():
        return "full year"
    if len(full):
        return "lower bound"
    return "part of year" if len(rows) else ""


def _matrix(df: pd.DataFrame, by: list[str], label, years: tuple[int, int] | None) -> pd.DataFrame:
    """One row per group of ``by`` (named by ``label``), one column per year of ``years`` (or
    of the data), cells a status; a group with no figure in those years is left out."""
    if years:
        df = df[df["year"].between(*years)]
    if df.empty:
        return pd.DataFrame()
    first, last = years or (int(df["year"].min()), int(df["year"].max()))
    years = list(range(first, last + 1))
    out = {}
    for key, g in df.groupby(by, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        out[label(*key)] = {y: year_status(g[g["year"] == y]) for y in years}
    return pd.DataFrame.from_dict(out, orient="index", columns=years)


def series_coverage(
    flows: pd.DataFrame, series_names: dict[str, str], years: tuple[int, int] | None = None
) -> pd.DataFrame:
    """Coverage of the flow series (trade, trains, provincial figures), one row per series."""
    df = flows[flows["metric"] != "commodity_freight"]
    return _matrix(df, ["series_id"], lambda s: series_names.get(s, s), years)


SERIES_METRICS = {
    "trade_total": N_("trade"),
    "exports": N_("exports"),
    "imports": N_("imports"),
    "trains": N_("China–Europe trains"),
    "teu": N_("China–Europe containers"),
    "freight": N_("freight"),
    "passengers": N_("passengers"),
}


def series_labels(flows: pd.DataFrame) -> dict[str, str]:
    """Series id -> reader words that stand alone: place, measure, unit and whose statistics
    ("China–Russia: trade (US$ bn; Chinese statistics)", "China–Europe trains through Erenhot
    (Chinese statistics)"), from the rows themselves."""
    from corridor.flowsets import NATIONAL_TRADE, PROVINCIAL_TRADE
    from corridor.summary import UNIT_SHORT
    from corridor.vocabulary import GEOGRAPHY_NAMES, SERIES_IN_FULL, statistics_of

    places = {**dict(NATIONAL_TRADE), **dict(PROVINCIAL_TRADE)}
    out = {}
    for sid, g in flows.groupby("series_id"):
        r = g.iloc[0]
        whose = statistics_of(r["reporter"])
        unit = UNIT_SHORT.get(r["unit"], r["unit"])
        if sid in SERIES_IN_FULL:
            # a count of trains needs no unit after "trains"
            unit_part = "" if r["unit"] == "trains" else f"{unit}; "
            out[sid] = f"{SERIES_IN_FULL[sid]} ({unit_part}{whose})"
            continue
        place = places.get(r["geography"]) or GEOGRAPHY_NAMES.get(r["geography"], r["geography"])
        measure = _(SERIES_METRICS.get(r["metric"], r["metric"]))
        out[sid] = f"{place}: {measure} ({unit}; {whose})"
    return out


def port_coverage(
    port_flows: pd.DataFrame, port_names: dict[str, str], years: tuple[int, int] | None = None
) -> pd.DataFrame:
    """Coverage of the ports' figures, one row per port and metric (all directions together)."""
    return _matrix(
        port_flows,
        ["port_id", "metric"],
        lambda p, m: f"{port_names.get(p, p)}: {METRIC_IN_TEXT.get(m, m)}",
        years,
    )


def build_coverage_figure(matrix: pd.DataFrame, title: str, source: str) -> go.Figure:
    """A grid of the matrix: one coloured square per year with a figure, blank where none.

    Every row's name is shown in full, wrapped to at most ``ROW_LABEL_PX`` (a phone's chart
    keeps the rest for the years); each row is as tall as its own name needs, so the y axis is
    in pixels from the top, each row at its centre, its name in the hover text.
    """
    fig = go.Figure()
    rows = list(matrix.index)
    ticks = [wrap(html.escape(str(r)), ROW_LABEL_PX, 11) for r in rows]
    centres, top = [], 0.0
    for tick in ticks:
        height = max(18, 13 * lines(tick) + 5)
        centres.append(top + height / 2)
        top += height
    for status in STATUSES:
        xs, ys, names = [], [], []
        for name, y in zip(rows, centres, strict=True):
            for year, cell in matrix.loc[name].items():
                if cell == status:
                    xs.append(year)
                    ys.append(y)
                    names.append(html.escape(str(name)))
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                customdata=names,
                mode="markers",
                name=_(status),
                marker={"symbol": "square", "size": 11, "color": COLOURS[status]},
                hovertemplate="%{customdata}, %{x}: " + _(status) + "<extra></extra>",
            )
        )
    fig.update_layout(template="plotly_white")
    # title, legend and source in rooms of their own (chartlayout), the source inside the
    # figure so that its exports keep it; 20 px above the first row and under the last
    plot = 40 + top
    layout(
        fig,
        html.escape(title),
        html.escape(source),
        plot_px=int(round(plot)),
        left=row_labels_px(ticks, 11),
    )
    fig.update_layout(meta={**fig.layout.meta, "source": source})
    fig.update_xaxes(
        title_text=_("Year of the figure"), dtick=5, minor={"dtick": 1, "showgrid": True}
    )
    fig.update_yaxes(
        title_text="",
        automargin=True,
        range=[top + 20, -20],  # first row at the top; one unit a pixel
        tickmode="array",
        tickvals=centres,
        ticktext=ticks,
        tickfont={"size": 11},
        zeroline=False,
    )
    return fig


def port_coverage_line(port_flows: pd.DataFrame, port_id: str) -> str:
    """One line for a port's card: how many years have a figure, and the latest year.

    ``"Published figures for 8 years (2015–2025; latest 2025), 3 of them part-year only."``
    """
    rows = port_flows[port_flows["port_id"] == port_id]
    if rows.empty:
        return _("No published figure found for this port.")
    statuses = {int(y): year_status(g) for y, g in rows.groupby("year")}
    years = sorted(statuses)
    part = sum(1 for s in statuses.values() if s == "part of year")
    n = len(years)
    span = f"{years[0]}–{years[-1]}" if n > 1 else f"{years[0]}"
    text = ngettext(
        "Published figures for {n} year ({span}; latest {latest})",
        "Published figures for {n} years ({span}; latest {latest})",
        n,
    ).format(n=n, span=span, latest=years[-1])
    if part:
        text += comma() + _("{part} of them part-year only").format(part=part)
    return text + full_stop()
