"""Borders: every section with its reported lengths (each source) and computed lengths."""

from functools import partial

import streamlit as st

from corridor import cache, i18n, ui
from corridor.borders import border_table, length_rows, printed_km, province_shares
from corridor.chartnotes import chart_note
from corridor.citations import source_line
from corridor.i18n import _
from corridor.places import section_name
from corridor.vocabulary import PARTNER_NAMES

cat, opts, view = ui.page_context()
st.title(_("Borders and their lengths"))
WHY_SHORTER = _(
    "Published lengths are measured along the demarcated line on large-scale surveys; "
    "lengths computed from a map get shorter as the map gets coarser, because meanders "
    "and zig-zags are cut. Both are shown, with the source and resolution of each."
)
AS_PRINTED = _(
    "Each reported length is shown with every digit its source printed, and no more: a "
    "figure printed to the metre or finer is the survey's or treaty's own figure (its "
    "note says which), not our rounding. Computed lengths are ours, to a tenth of a km."
)
KM = (_("Shown in {unit}.").format(unit="km"),)
st.caption(WHY_SHORTER)
if not ui.render_unavailable(cat, "borders"):
    ui.stop()
ui.render_unavailable(cat, "border_lengths_reported", "border_lengths_computed")
borders = cat.layers["borders"]
reported = cat.tables.get("border_lengths_reported")
sources = cat.tables.get("sources")
table = border_table(borders, reported)
rows = length_rows(table, sources)
ids = list(table["source_id"].dropna()) + list(borders["length_source_id"])

st.subheader(_("Every section: each reported length and the computed one"))
fig = cache.figure("border_lengths", rows, source_line(ids, sources))
title = fig.layout.meta["title"]
note = partial(chart_note, title, ids, sources, shown=(WHY_SHORTER,), units=KM, done=(AS_PRINTED,))
ui.render_chart(fig, "border_lengths", "border_lengths", note=note)
st.caption(AS_PRINTED)
english_notes = i18n.current() != i18n.DEFAULT
st.table(
    {
        _("Section"): rows["section"],
        _("Length (km)"): rows["printed"],
        _("Reported by / computed from"): rows["who"],
        _("Source grade"): rows["grade"],
        # the notes are the research's, in English: quoted under the table in other languages
        **({} if english_notes else {_("Note"): rows["note"]}),
    },
    hide_index=True,
)
if english_notes:
    notes = rows[rows["note"].astype(bool)]
    ui.render_in_english(
        [f"{s} · {w}: {n}" for s, w, n in zip(notes["section"], notes["who"], notes["note"])],
        _("Notes on the reported lengths (quoted in English):"),
    )
ui.render_source(ids, unit="km")
ui.render_download(table, cat, "border_lengths", key="borders_dl")

st.subheader(_("Shares of China's borders by province"))
shares = province_shares(borders, reported)
st.table(
    {
        _("Section"): [section_name(b, s) for b, s in zip(shares["border_id"], shares["section"])],
        _("Partner"): [PARTNER_NAMES.get(p, p) for p in shares["partner"]],
        _("Computed length (km)"): [f"{v:,.1f}" for v in shares["computed_length_km"]],
        _("Computed share (%)"): [
            "" if v != v or v is None else f"{v:.1f}" for v in shares["computed_share_pct"]
        ],
        _("Reported length (km)"): [printed_km(v) for v in shares["reported_length_km"]],
        _("Reported share (%)"): [
            "" if v is None or v != v else f"{v:g}" for v in shares["reported_share_pct"]
        ],
    },
    hide_index=True,
)
st.caption(
    _(
        "Computed shares: the province's section of the Natural Earth 1:10m line over the "
        "whole line. Reported shares are as printed by their source."
    )
)
ui.render_source(list(shares["source_id"].dropna()) + ["ne_10m_admin0"], unit="%")
ui.render_download(shares, cat, "border_shares_by_province", key="shares_dl")

computed = cat.tables.get("border_lengths_computed")
if computed is not None:
    st.subheader(_("Why computed lengths are shorter: the map's resolution"))
    names = {b: section_name(b, n) for b, n in zip(borders["border_id"], borders["name_en"])}
    cids = list(computed["source_id"])
    fig = cache.figure("border_resolution", computed, names, source_line(cids, sources))
    shown = _(
        "Each line is one border section, its length computed on Natural Earth's maps at "
        "each resolution, from coarse to fine; sections computed at one resolution only are "
        "left out."
    )
    title = fig.layout.meta["title"]
    note = partial(chart_note, title, cids, sources, shown=(shown,), units=KM, done=(WHY_SHORTER,))
    ui.render_chart(fig, "border_resolution", "border_length_by_resolution", note=note)
    ui.render_source(cids, unit="km")
    ui.render_download(computed, cat, "border_lengths_computed", key="computed_dl")
ui.render_citation(ui.current_url(), ids)
