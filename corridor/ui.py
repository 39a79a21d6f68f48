"""Small Streamlit helpers shared by pages: errors, notices, source lines, downloads."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pandas as pd
import streamlit as st

from corridor import cache, i18n
from corridor.catalog import Catalog
from corridor.citations import with_sources
from corridor.i18n import _, format_list, ngettext

MD_SPECIAL = set("\\`*_{}[]()<>#+-.!|~:$")


def render_unavailable(cat: Catalog, *names: str) -> bool:
    """Show an error for each named table or layer that did not load; True if all loaded."""
    for err in cat.missing(*names):
        # st.error renders Markdown; the message names file, row and column as plain text.
        st.error(
            md_escape(_("Not shown: {file} could not be used.").format(file=err.file) + f" {err}"),
            icon=":material/error:",
        )
    return cat.has(*names)


def render_notices(notices: list[str]) -> None:
    """Notices about ignored link parameters, shown as plain text."""
    for notice in notices:
        st.warning(md_escape(notice), icon=":material/info:")


def render_source(source_ids, unit: str | None = None) -> None:
    """The source line (and unit) under a chart, table or map (built once per list of sources)."""
    text = cache.source_text(source_ids)
    unit_text = _("Unit: {unit}.").format(unit=unit) + " " if unit else ""
    st.caption(md_escape(unit_text + text))


def render_in_english(lines, label: str | None = None, small: bool = True) -> None:
    """Text the data keeps in English (quotes and notes from English sources, the codebook,
    the changelog), marked ``lang="en"`` so that screen readers read it as English and the
    language test leaves it out; in another language, ``label`` (by default "quoted in
    English") says so before it ("": said once elsewhere on the page). Every line is
    HTML-escaped: it is data, shown as typed."""
    lines = [str(x) for x in ([lines] if isinstance(lines, str) else lines) if x and str(x)]
    if not lines:
        return
    default = _("(quoted in English)") if i18n.current() != i18n.DEFAULT else ""
    said = default if label is None else label
    head = f"<em>{html.escape(said)}</em><br>" if said else ""
    # every line break (\r too: two of them would end the HTML block, and Markdown would
    # then read the rest) becomes <br>
    body = "<br>".join(
        html.escape(x).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
        for x in lines
    )
    text = f'<div class="in-english">{head}<span lang="en">{body}</span></div>'
    (st.caption if small else st.markdown)(text, unsafe_allow_html=True)


def render_english_table(rows: list[dict]) -> None:
    """Rows the data keeps in English (the codebook's columns and properties) as a table whose
    long cells wrap (a data grid clips them), marked ``lang="en"`` as
    :func:`render_in_english` marks text; headers are the rows' keys. Every cell is
    HTML-escaped: it is data, shown as typed."""
    if not rows:
        return
    keys = list(rows[0])
    kind = {keys[0]: ' class="name"', "description": ' class="text"'}
    head = "".join(f"<th>{html.escape(str(k))}</th>" for k in keys)
    body = "".join(
        "<tr>"
        + "".join(f"<td{kind.get(k, '')}>{html.escape(str(r.get(k, '')))}</td>" for k in keys)
        + "</tr>"
        for r in rows
    )
    st.markdown(
        f'<style>{CODEBOOK_CSS}</style><div class="in-english codebook" lang="en"><table>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>",
        unsafe_allow_html=True,
    )


# The table fits its column: on a phone a name (name_source_ids) or a path in a description
# breaks where it must, each keeping room to be read; wider, a name stays on one line.
CODEBOOK_CSS = (
    ".codebook table{width:100%}"
    ".codebook th,.codebook td{padding:0.4rem}"
    ".codebook td.name{overflow-wrap:anywhere;min-width:5em}"
    ".codebook td.text{overflow-wrap:anywhere;min-width:9em}"
    "@media (min-width:640px){.codebook td.name{white-space:nowrap}}"
)


def md_escape(text: str) -> str:
    """Escape Markdown so data-derived text (titles, names, URLs) shows as typed."""
    return "".join("\\" + c if c in MD_SPECIAL else c for c in str(text))


def render_download(df, cat: Catalog, name: str, key: str, label: str | None = None) -> None:
    """A CSV download of exactly the rows shown, each with its source's details.

    ``df``: the rows, or a function returning them (prepared only when the reader clicks)."""
    sources = cat.tables.get("sources")

    def csv() -> bytes:  # made when the reader clicks, not on every run of the page
        out = with_sources(df() if callable(df) else df, sources)
        return out.drop(columns="geometry", errors="ignore").to_csv(index=False).encode("utf-8")

    st.download_button(
        label or _("Download CSV (with sources)"),
        csv,
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key,
        on_click="ignore",
    )


def render_citation(url: str, source_ids) -> None:
    """The "cite this view" block: a short citation (title, link, date, the best-graded
    sources), copyable, and every source of the view as a download."""
    from corridor.citations import best_graded

    with st.expander(_("Cite this view")):
        # Plain text (not st.code): the code highlighter alone is 1.5 MB of JavaScript.
        st.text(cache.citation(url, source_ids, dt.date.today().isoformat()))
        ids = list(source_ids)
        if ids:

            def csv() -> bytes:  # made when the reader clicks
                rows = best_graded(ids, cache.catalog().tables.get("sources"))
                return rows.to_csv(index=False).encode("utf-8")

            st.download_button(
                _("Download every source of this view (CSV)"),
                csv,
                file_name="sources_of_this_view.csv",
                mime="text/csv",
                key="cite_sources_dl",
                on_click="ignore",
            )


ABOUT_PAGE = "pages/about.py"


def render_footer() -> None:
    """The foot of every page: the data's licence and date (from the data package's own
    metadata, left out where it has none) and the way to the About page."""
    from corridor.about import data_licence, footer_line
    from corridor.data import load_datapackage

    package = load_datapackage()
    licence = data_licence(package)
    text = md_escape(footer_line(package))
    if licence and licence.url:
        read = _("Read the licence")
        text += f" [{read}]({licence.url})."
    with st.container(key="page_footer"):
        st.divider()
        st.caption(text)
        st.page_link(
            ABOUT_PAGE,
            label=_("About this dashboard"),
            help=_("How to read it, a glossary of its words, and how to cite it."),
            icon=":material/info:",
        )


class PageEnded(BaseException):
    """Raised by :func:`stop`: the page has drawn all it will; ``app.py`` draws the rest.

    A ``BaseException``, as Streamlit's own stop is: a page's ``except Exception`` lets it pass."""


def stop() -> None:
    """End the page's run here. ``app.py`` catches this and draws what follows every page
    (the sidebar's filters, the footer, the link), as after a page that ran to its end.

    Not ``st.stop()``: that ends the whole run, and the sidebar's filters, drawn after the
    page so that the map reaches the browser first, would be left out of it.
    """
    raise PageEnded


def render_figures(figures: list, compact: bool = False) -> None:
    """Headline numbers in a row, each with its detail and source (behind its ? icon).

    Plain Markdown, not ``st.metric``: the metric's own scripts delayed the map's first
    paint (bench/run.py), and these figures have no delta or sparkline to show.
    """
    if not figures:
        return
    if compact:  # two a row, the number and its label on one line
        cols = [c for _ in range(0, len(figures), 2) for c in st.columns(2)]
        for col, fig in zip(cols, figures):
            col.markdown(
                f"**{md_escape(fig.value)}** {md_escape(fig.label)}",
                help=md_escape(cache.source_text(fig.source_ids)),
            )
            col.caption(md_escape(fig.detail))
        return
    for col, fig in zip(st.columns(len(figures)), figures):
        with col:
            # the number first: the values line up however the labels wrap
            st.markdown(f"### {md_escape(fig.value)}")
            st.markdown(
                md_escape(fig.label),
                help=md_escape(cache.source_text(fig.source_ids)),
            )
            st.caption(md_escape(fig.detail))


def selected_port(cat: Catalog, view, shown) -> bool:
    """Whether the view selects a port the catalog has (a port's card and chart are shown)."""
    ports = set(cat.layers["ports"]["port_id"])
    return bool(view.port) and shown is not None and view.port in ports


def render_selection_card(cat: Catalog, view, shown) -> None:
    """The selected port's or channel's card; a hint when nothing is selected. (The Map page
    draws the port's chart under the map: :func:`render_port_chart`.)"""
    if selected_port(cat, view, shown):
        render_port_card(cat, view.port, years=view.years)
    elif view.channel and "channels" in cat.layers:
        render_channel_card(cat, view.channel)
    else:
        st.info(
            _(
                "Click a port or a rail channel on the map, or choose a port in the table "
                "below, to see its card."
            )
        )


def render_port_card(cat: Catalog, port_id: str, years: tuple[int, int] | None = None) -> None:
    """Card of one port: names, counterpart, modes, status, location and latest figures
    (within ``years``, a (first, last) range, when given: no figure from outside it)."""
    from corridor.summary import fmt_value, port_card_rows

    ports = cat.layers["ports"]
    port = ports[ports["port_id"] == port_id].iloc[0]
    names = cache.port_labels()[1]
    st.subheader(names.get(port_id, port["name_en"]))
    # label: value lines (a table would need column headers that say nothing)
    st.markdown(
        "  \n".join(f"**{md_escape(k)}:** {md_escape(str(v))}" for k, v in port_card_rows(port))
    )
    if i18n.current() != i18n.DEFAULT and port["status_season"]:
        render_in_english(
            port["status_season"], _("Status and season, as the research table words it:")
        )
    ids = [port["coord_source_id"], port["status_source_id"], port["year_opened_source_id"]]
    latest = cache.port_latest(port_id, years)
    if latest is not None:
        if latest.empty and years and not cache.port_latest(port_id).empty:
            st.caption(
                _(
                    "No published figures for this port in {first}–{last} (the years chosen); "
                    "its other years are on the Ports page."
                ).format(first=years[0], last=years[1])
            )
        elif latest.empty:
            st.caption(_("No published figures for this port."))
        line = cache.port_coverage_line(port_id)
        if line:
            st.caption(md_escape(line))
        from corridor.vocabulary import SCOPES, statistics_of

        for r in latest.itertuples():
            period = "" if r.period == "year" else f", {i18n.period_words(r.period)}"
            scope = f" — {SCOPES.get(r.scope, r.scope)}" if r.scope else ""
            if r.reporter != "CHN":  # the map and the headline count China's figures only
                scope += " — " + statistics_of(r.reporter)
            if r.is_inferred:
                scope += " — " + _("year or period read from context, not printed")
            st.markdown(
                md_escape(
                    f"{r.label}: "
                    f"{fmt_value(r.value, r.unit, r.is_lower_bound, approximate=r.is_approximate)}"
                    f" ({r.year}{period}){scope}"
                )
            )
        ids += list(latest["source_id"]) if not latest.empty else []
        ids += render_conflicts(cat, port_id, years)
    render_source(ids)


def render_conflicts(cat: Catalog, port_id: str, years=None) -> list[str]:
    """A port's figures that differ for one year (newest first), grouped by scope and side,
    each with why (``corridor.conflicts``); returns their source ids."""
    found = cache.port_conflicts(port_id, years)
    for c in found:
        st.markdown("**" + md_escape(c.heading) + "**")
        st.markdown(
            "\n".join(
                f"- {md_escape(g.label)}: {md_escape(', '.join(g.figures))}" for g in c.groups
            )
        )
        st.caption(md_escape(c.why))
    return [s for c in found for s in c.source_ids]


def render_port_chart(port_id: str, metric: str, years: tuple[int, int] | None = None) -> None:
    """A compact chart of one metric of the port (and its complex) within ``years``, with its
    source (nothing without the port figures' table)."""
    if "port_flows" not in cache.catalog().tables:
        return
    fig = cache.port_card_figure(port_id, metric, years)
    if fig is None:
        return

    def note(url: str, accessed: str):
        return cache.port_note(port_id, metric, years, url, accessed)

    render_chart(fig, key=f"card_{metric}", filename=f"{port_id}_{metric}", note=note)
    render_port_chart_key(port_id, metric, years)


def render_port_chart_key(port_id: str, metric: str, years: tuple[int, int] | None) -> None:
    """Under a port's chart (its card's or the Ports page's), the key to the symbols it draws,
    as the Flows page's charts have: triangles, open symbols, dashes (nothing when none)."""
    key = cache.port_chart_key(port_id, metric, years)
    if key:
        st.caption(key)


def render_channel_card(cat: Catalog, channel_id: str, caveat: bool = True) -> None:
    """Card of one rail channel: stations in order, length, countries and crossings; with
    ``caveat``, first the warning that the line is a drawing (the Channels page, which says
    so above its channels, leaves it out: the two read twice in a row)."""
    from corridor.places import channel_names, station_names

    ch = cat.layers["channels"]
    row = ch[ch["channel_id"] == channel_id].iloc[0]
    stations, ports = cat.layers.get("stations"), cat.layers.get("ports")
    name = channel_names(ch[ch["channel_id"] == channel_id], stations, ports)[channel_id]
    st.subheader(md_escape(_("Channel {number}: {name}").format(number=row["number"], name=name)))
    if caveat:
        st.warning(
            _(
                "Drawn through its stations and the towns on its railway, in order (towns from "
                "GeoNames, order from published line descriptions), along OpenStreetMap's "
                "railway lines between them: a drawing, not surveyed track; straight where no "
                "railway line of the data joins two of them."
            ),
            icon=":material/schema:",
        )
    names = station_names(stations, ports)
    st.markdown(
        md_escape(
            _("Stations: {stations}").format(
                stations=" → ".join(names.get(s, s) for s in row["stations"].split(";"))
            )
        )
    )
    st.markdown(
        md_escape(
            _(
                "Length along the drawn line: {km} km (computed; {straight} km of it straight)"
            ).format(
                km=i18n.fmt_number(round(row["length_km_schematic"]), 0),
                straight=i18n.fmt_number(round(row.get("straight_km", 0) or 0), 0),
            )
        )
    )
    from corridor.vocabulary import PARTNER_NAMES

    countries = [PARTNER_NAMES.get(c, c) for c in row["countries"].split(";")]
    st.markdown(md_escape(_("Countries: {countries}").format(countries=format_list(countries))))
    straight = row.get("straight_segments")
    if isinstance(straight, str) and straight:
        render_in_english(
            straight.split(";"),
            label=_("Drawn straight (no railway line of the data joins them):"),
        )
    if row["variant_note"]:
        render_in_english(row["variant_note"])
    from corridor.filters import channel_sources

    render_source(channel_sources(ch[ch["channel_id"] == channel_id]))


def reader_table(df: pd.DataFrame, drop=()) -> pd.DataFrame:
    """A data table as a reader sees it: headers in words, the source by its publisher (the
    original a copy credits) instead of its id, and the columns in ``drop`` left out.

    The download keeps the data's own columns (``render_download``)."""
    from corridor.citations import cited_names
    from corridor.vocabulary import reader_columns

    out = df.drop(columns=[c for c in drop if c in df.columns])
    for col in [c for c in out.columns if c == "source_id" or c.endswith("_source_id")]:
        names = cited_names(cache.catalog().tables.get("sources"))
        out = out.assign(**{col: [names.get(s, s) if s else "" for s in out[col]]})
        out = out.rename(columns={col: "source" if col == "source_id" else col[:-3]})
    return reader_columns(out)


def render_parts_vs_total(parts: pd.DataFrame, key: str, unit: str) -> None:
    """Whether exports and imports add up to each total published for the same year and side
    (both kept, never fixed), with the sources of the figures compared."""
    if parts.empty:
        return
    from corridor.citations import cited_names

    names = cited_names(cache.catalog().tables.get("sources"))
    off = int((~parts["adds_up"]).sum())
    n = len(parts)
    summary = ngettext(
        "{n} total published with exports and imports for the same year: {ok} matches "
        "exports + imports within rounding",
        "{n} totals published with exports and imports for the same year: {ok} match "
        "exports + imports within rounding",
        n,
    ).format(n=n, ok=n - off)
    summary += (
        ", "
        + ngettext("{off} does not (both kept).", "{off} do not (both kept).", off).format(off=off)
        if off
        else "."
    )
    shown = pd.DataFrame(
        {
            _("Year"): parts["year"].astype(str),
            _("Exports"): parts["exports"].map("{:g}".format),
            _("Imports"): parts["imports"].map("{:g}".format),
            _("Exports + imports"): parts["exports_plus_imports"].map("{:g}".format),
            _("Total as published"): parts["total_published"].map("{:g}".format),
            _("Difference"): parts["difference"].map(lambda d: "0" if d == 0 else f"{d:+g}"),
            _("Adds up"): parts["adds_up"].map({True: _("yes"), False: _("NO")}),
            _("Source of the total"): [names.get(ids[2], ids[2]) for ids in parts["source_ids"]],
        }
    )
    # a static table, not a data grid: the grid's JavaScript (1.7 MB) would load with the page
    with st.expander(md_escape(summary), key=key):
        st.table(shown, hide_index=True)
        st.caption(
            _(
                "Rounding allowance: half a unit of the last digit each figure was published "
                "with. Lower bounds, approximate and part-year figures are left out."
            )
        )
        render_source([i for ids in parts["source_ids"] for i in ids], unit=unit)


def render_port_table(ports, cat: Catalog, key: str) -> None:
    """The table twin of the map: every shown port as text; choosing a row selects it."""
    from corridor.places import port_name
    from corridor.state import select_port
    from corridor.vocabulary import LOCATION_PRECISION, MODE_LABELS, PARTNER_NAMES, province_name

    table = pd.DataFrame(
        {
            _("Port"): [port_name(r) for r in ports.to_dict("records")],
            # the name in English and in Chinese beside the reader's (each language by its
            # own name, as the language switch shows it)
            **({} if i18n.current() == "en" else {"English": ports["name_en"]}),
            **({} if i18n.current() == "zh" else {"中文": ports["name_zh"]}),
            _("Partner"): [PARTNER_NAMES.get(p, p) for p in ports["partner_country"]],
            _("Counterpart"): ports["counterpart_name_en"],
            _("Modes"): [
                format_list(MODE_LABELS.get(m, m) for m in str(ms).split(",") if m)
                for ms in ports["modes"]
            ],
            _("Province"): [province_name(p) for p in ports["province"]],
            _("Latest freight"): ports["latest_label"],
            _("Location"): [LOCATION_PRECISION.get(p, p) for p in ports["location_precision"]],
            "port_id": ports["port_id"],
        }
    ).reset_index(drop=True)
    # The table mirrors the map both ways: the selected port is its selected row. A new key
    # per selection lets the default apply when the selection came from the map.
    selected = st.session_state.get("port")
    rows = table.index[table["port_id"] == selected].tolist()
    event = st.dataframe(
        table,
        key=f"{key}_{selected or 'none'}",
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        selection_default={"selection": {"rows": rows[:1]}} if rows else None,
        column_config={"port_id": None},
    )
    rows = event.selection.rows if event is not None else []
    chosen = table.iloc[rows[0]]["port_id"] if rows else None
    if chosen and chosen != selected:
        select_port(chosen)
        st.rerun()


def render_ports_download(ports, cat: Catalog, key: str) -> None:
    """The ports as CSV, each row with its source."""

    def rows() -> pd.DataFrame:  # a copy of the ports, made only when clicked
        return ports.drop(columns=["geometry"]).rename(columns={"coord_source_id": "source_id"})

    render_download(rows, cat, "ports", key=key)


def current_url() -> str:
    """The share link of the current view."""
    from corridor.state import share_url

    return share_url(page_context()[2])


def render_share(page_title: str, key: str = "share") -> None:
    """The Share control (every page): this view's link, its embed code and its downloads.

    Plain text, copyable (not st.code: its highlighter is 1.5 MB of JavaScript). The embed
    code is an <iframe> of the same view in Streamlit's embed mode (corridor.share).
    """
    from corridor import share

    cat, _opts, view = page_context()
    link = current_url()
    with st.popover(_("Share"), icon=":material/share:", width="stretch"):
        st.markdown(_("**Link to this view** (page, filters, selected port or channel)"))
        st.text(link)
        st.markdown(_("**Embed this view** in another page (without the sidebar)"))
        st.text(share.embed_code(link, _("Northern Corridor") + f": {page_title}"))
        st.markdown("**" + _("Downloads") + "**")
        if "ports" in cat.layers:
            render_ports_download(cache.shown_ports(view), cat, key=f"{key}_ports_dl")
        st.caption(
            _(
                "Every chart and table has its own download, with sources, under it; the Data "
                "and sources page has every dataset."
            )
        )


def render_embedded_footer(page_title: str = "", key: str = "") -> None:
    """An embedded view's only addition to its content: a link back to the full dashboard
    (at the top: the frame may be too short to scroll to the end)."""
    from corridor import share

    st.markdown(
        "["
        + _("Open this view in the full Northern Corridor dashboard ↗")
        + f"](<{share.full_url(current_url())}>)"
    )


def shown_sources(ports) -> list[str]:
    """Source ids behind the ports shown."""
    if ports is None:
        return []
    return [s for col in ("coord_source_id", "status_source_id") for s in ports[col] if s]


def ensure_app_navigation() -> None:
    """Run every page through app.py's st.navigation, even when its URL is the first request.

    Streamlit decides once per server process whether an app uses the older pages/-folder
    mode or st.navigation, and only learns the latter when app.py runs. A server whose first
    request is a shared link such as /ports?port=… would run that page alone: no sidebar,
    no URL state. Make the decision st.navigation would make and rerun through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_context():
    """(catalog, options, view) for a page: the loaded data and the reader's filters."""
    from corridor import cache
    from corridor.state import current_view

    ensure_app_navigation()
    opts = cache.options()
    return cache.catalog(), opts, current_view(opts)


_svg_element = st.components.v2.component(
    "corridor_chart_svg",
    js=(Path(__file__).with_name("chart_export.js")).read_text(encoding="utf-8"),
    isolate_styles=False,
)


def render_chart(fig, key: str, filename: str, note=None) -> None:
    """A Plotly chart that carries its title, units, source, licence and the link to this view
    (in the figure: its PNG and SVG exports keep them), with a "Download SVG" button and, when
    ``note`` is given, its "About this data" under it.

    ``note``: a function of ``url`` and ``accessed`` (keywords) returning the chart's
    :class:`~corridor.chartnotes.ChartNote` (built on each run: it names the current link).
    The exported files are named for the language their words are in (``channels_zh.png``).
    """
    filename = png_name(filename)
    from corridor.about import data_licence
    from corridor.chartlayout import with_credit
    from corridor.data import load_datapackage

    licence = data_licence(load_datapackage())
    url = current_url()
    short = licence.name.replace("-", " ") if licence else ""  # CC-BY-4.0 -> CC BY 4.0
    box = f"chart_{key}"
    with st.container(key=box):
        st.plotly_chart(
            with_credit(fig, short, url),
            key=key,
            width="stretch",
            config={
                "displaylogo": False,
                "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
            },
        )
        _svg_element(
            key=f"{key}_svg",
            data={
                "box": box,
                "filename": filename,
                "label": _("Download SVG"),
                "help": _("The chart as a vector image, with its title, source and link."),
            },
            height=34,
        )
        if note is not None:
            render_chart_note(note(url=url, accessed=dt.date.today().isoformat()), key)


def render_chart_note(note, key: str) -> None:
    """A chart's "About this data" (``corridor.chartnotes``), collapsed, as escaped text."""
    from corridor.chartnotes import markdown_lines

    with st.expander(_("About this data"), icon=":material/info:", key=f"{key}_about"):
        for head, lines in markdown_lines(note):
            st.markdown(f"**{md_escape(head)}**")
            st.markdown("\n".join(f"- {md_escape(line)}" for line in lines))


def png_name(name: str) -> str:
    """A chart export's file name: ``name``, with the language's code outside English."""
    lang = i18n.current()
    return name if lang == i18n.DEFAULT else f"{name}_{lang}"


def render_geojson_download(gdf, name: str, key: str, label: str) -> None:
    """A GeoJSON download of a map layer as shown (its properties carry the source ids)."""

    def geojson() -> str:  # made when the reader clicks
        data = gdf.drop(columns=[c for c in gdf.columns if c.startswith("latest_freight")])
        return data.to_json(drop_id=True, ensure_ascii=False)

    st.download_button(
        label,
        geojson,
        file_name=f"{name}.geojson",
        mime="application/geo+json",
        key=key,
        on_click="ignore",
    )
