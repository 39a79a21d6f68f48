"""Data and sources: every dataset with its description, columns, units and sources."""

from functools import partial

import streamlit as st

from corridor import cache, i18n, ui
from corridor.chartnotes import chart_note
from corridor.codebook import field_rows, property_rows, reader_text
from corridor.data import load_datapackage
from corridor.geo import load_geodata_meta
from corridor.i18n import _

cat, opts, view = ui.page_context()
st.title(_("Data and sources"))
st.caption(
    _(
        "Every number in this dashboard comes from these files; every row names its "
        "source. Downloads carry the source's publisher, title, URL, date and grade, and the "
        "original publisher a copied page credits."
    )
)
st.subheader(_("Which years have a published figure"))
squares = _(
    "Each square is a year with a figure: a full-year figure, a lower bound (published as "
    "'over …') or a figure for part of the year only. A blank is a year nobody published "
    "that we could find (the searches are logged in docs/research/ of the repository)."
)
st.caption(squares)
table_of = {"series": "flows", "ports": "port_flows"}
for name, fig in cache.coverage_figures(view.years or (2005, opts.year_max), view.years):
    ids = cat.tables[table_of[name]]["source_id"] if table_of[name] in cat.tables else []
    title = fig.layout.meta["title"]
    note = partial(chart_note, title, ids, cat.tables.get("sources"), shown=(squares,))
    ui.render_chart(fig, f"coverage_{name}", f"coverage_{name}", note=note)
if cat.warnings:
    with st.expander(_("{n} data warning(s)").format(n=len(cat.warnings))):
        for w in cat.warnings:
            st.text(str(w))
package = load_datapackage()
# The codebook (descriptions of files, columns and properties) is written in English.
if i18n.current() != i18n.DEFAULT:
    st.info(_("The descriptions of the files below are the codebook's, in English."))
for res in package["resources"]:
    st.subheader(res["path"])
    ui.render_in_english(reader_text(res.get("description", "")), label="", small=False)
    ui.render_english_table(field_rows(res))
    if ui.render_unavailable(cat, res["name"]):
        df = cat.tables[res["name"]]
        ui.render_download(
            df,
            cat,
            res["name"],
            key=f"dl_{res['name']}",
            label=_("Download {file} ({n} rows, with sources)").format(file=res["path"], n=len(df)),
        )
st.subheader(_("Units"))
st.dataframe(
    [{_("unit"): k, _("meaning"): v} for k, v in package["units"].items()],
    hide_index=True,
    key="units_table",
)
st.subheader(_("Map layers (GeoJSON, WGS84)"))
geo_meta = load_geodata_meta()
for name, layer in geo_meta["layers"].items():
    st.markdown(f"**{ui.md_escape(layer['path'])}**")
    ui.render_in_english(reader_text(layer["description"]), label="", small=False)
    ui.render_english_table(property_rows(layer))
    if ui.render_unavailable(cat, name):
        gdf = cat.layers[name]
        ui.render_geojson_download(
            gdf,
            layer["path"].removesuffix(".geojson"),
            f"geo_{name}",
            _("Download {file}").format(file=layer["path"]),
        )
if "sources" in cat.tables:
    st.subheader(_("Source registry"))
    st.caption(
        _(
            "How far each grade of source goes: copies of another site's article (often the "
            "only copy we could reach), the original publisher a page credits, and what is "
            "missing. Every row below says what is known of its source."
        )
    )
    st.dataframe(cache.source_quality(), hide_index=True, key="source_quality")
    st.dataframe(
        cat.tables["sources"],
        hide_index=True,
        key="sources_table",
        column_config={"url": st.column_config.LinkColumn("url")},
    )
ui.render_citation(
    ui.current_url(),
    list(cat.tables["sources"]["source_id"]) if "sources" in cat.tables else [],
)
