"""Rail channels: one card per northern channel — route, stations, crossings, ports served."""

from functools import partial

import streamlit as st

from corridor import cache, mapcomponent, state, ui
from corridor.chartnotes import chart_note, glossary
from corridor.citations import source_line
from corridor.figures import build_channel_lengths_figure
from corridor.filters import channel_sources, channels_for_partner
from corridor.i18n import _
from corridor.places import channel_names
from corridor.summary import channel_crossings
from corridor.vocabulary import PARTNER_NAMES

cat, opts, view = ui.page_context()
st.title(_("The four northern rail channels"))
st.warning(
    _(
        "Each channel is drawn through its stations in the order the source paper lists them "
        "and through the towns on its railway between them (towns from GeoNames, their order "
        "from published line descriptions), along OpenStreetMap's railway lines between them "
        "(China only): a drawing, not surveyed track. Where no railway line of the data joins "
        "two of them the line is straight; each channel's card names those segments."
    ),
    icon=":material/schema:",
)
if not ui.render_unavailable(cat, "channels", "stations"):
    ui.stop()
ui.render_unavailable(cat, "rail_crossings")
all_channels = cat.layers["channels"]
channels = channels_for_partner(all_channels, view)
if view.partner != "both":
    st.caption(
        ui.md_escape(
            _(
                "Partner country filter: the {n} of {total} channels that cross into {country}."
            ).format(
                n=len(channels),
                total=len(all_channels),
                country=PARTNER_NAMES.get(view.partner, view.partner),
            )
        )
    )
ids = list(channels["channel_id"])
if view.channel in set(all_channels["channel_id"]) - set(ids):  # chosen by link: kept, said so
    st.info(
        ui.md_escape(
            _(
                "The chosen channel does not cross into {country}; shown since it was chosen."
            ).format(country=PARTNER_NAMES.get(view.partner, view.partner))
        )
    )
    channels = all_channels[all_channels["channel_id"].isin([*ids, view.channel])]
    ids = list(channels["channel_id"])
names = channel_names(channels, cat.layers["stations"], cat.layers.get("ports"))
labels = {
    r.channel_id: _("Channel {number}: {name}").format(number=r.number, name=names[r.channel_id])
    for r in channels.itertuples()
}
chosen = st.radio(
    _("Channel"),
    ids,
    format_func=labels.get,
    key="channel_pick",
    index=ids.index(view.channel) if view.channel in ids else 0,
)
if chosen != view.channel:
    state.select_channel(chosen)

col_map, col_card = st.columns([3, 2], gap="medium")
with col_map:
    # rendered once per channel (cached); the map returns nothing to the script
    mapcomponent.show(
        cache.channel_map(chosen), None, key=f"channel_map_{chosen}", height=420, clickable=False
    )
with col_card:
    ui.render_channel_card(cat, chosen, caveat=False)  # the page's own warning says it
    crossings = channel_crossings(chosen, cat.tables.get("rail_crossings"), cat.layers.get("ports"))
    if crossings.empty:
        st.caption(_("No recorded international rail crossing on this channel."))
    else:
        st.markdown("**" + _("Border crossings and gauge") + "**")
        st.dataframe(ui.reader_table(crossings), hide_index=True, key="crossings_table")
        ui.render_source(list(crossings["source_id"]))

src = source_line(channels["source_id"], cat.tables.get("sources"))
fig = build_channel_lengths_figure(channels, src, names)
note = partial(
    chart_note,
    fig.layout.meta["title"],
    channel_sources(channels),
    cat.tables.get("sources"),
    shown=glossary("Schematic channel"),
    units=(_("Shown in {unit}.").format(unit=_("km along the drawn route")),),
    done=(
        _(
            "Lengths are computed by us on the drawn line: along the railway lines (simplified "
            "to about 0.5 km), straight where no railway line of the data joins two points."
        ),
    ),
)
ui.render_chart(fig, "channel_lengths", "channels", note=note)
ui.render_source(channel_sources(channels), unit=_("km along the drawn route"))
ui.render_download(channels.drop(columns="geometry"), cat, "rail_channels", "channels_dl")
ui.render_geojson_download(
    channels,
    "rail_channels_schematic",
    "channels_geojson",
    _("Download the channels (GeoJSON, schematic)"),
)
ui.render_citation(ui.current_url(), channel_sources(channels))
