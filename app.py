"""Northern Corridor dashboard: page set-up, the shared sidebar filters, navigation."""

import streamlit as st

from corridor import cache, state, ui
from corridor.filters import port_names, view_options, year_bounds
from corridor.maps import tile_sources
from corridor.paths import STATIC_DIR
from corridor.style import MODE_LABELS, PARTNER_NAMES
from corridor.viewstate import PARTNERS, TILES

st.set_page_config(
    page_title="Northern Corridor", page_icon=str(STATIC_DIR / "favicon.png"), layout="wide"
)

PAGES = [
    st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
    st.Page("pages/ports.py", title="Ports", icon=":material/local_shipping:"),
    st.Page("pages/channels.py", title="Rail channels", icon=":material/train:"),
    st.Page("pages/borders.py", title="Borders", icon=":material/straighten:"),
    st.Page("pages/flows.py", title="Trade and passenger flows", icon=":material/monitoring:"),
    st.Page("pages/cooperation.py", title="Cooperation", icon=":material/handshake:"),
    st.Page("pages/sources.py", title="Data and sources", icon=":material/menu_book:"),
]

cat = cache.catalog()
opts = view_options(cat.layers.get("ports"), year_bounds(cat), cat.layers.get("channels"))
state.seed_from_url(opts)

names = port_names(cat)
with st.sidebar:
    st.subheader("Filters")
    st.radio(
        "Partner country",
        PARTNERS,
        key="partner",
        horizontal=True,
        format_func=lambda p: "Both" if p == "both" else PARTNER_NAMES[p],
    )
    st.multiselect(
        "Province",
        opts.provinces,
        key="province",
        placeholder="All provinces",
        format_func=lambda p: p.replace("_", " ").title(),
    )
    st.multiselect(
        "Mode", list(MODE_LABELS), key="mode", placeholder="All modes", format_func=MODE_LABELS.get
    )
    st.multiselect(
        "Ports",
        opts.ports,
        key="ports",
        placeholder="All ports (type to search)",
        format_func=lambda p: names.get(p, p),
    )
    st.slider("Years", opts.year_min, opts.year_max, key="years")
    st.radio(
        "Map background",
        [t for t in TILES if t in tile_sources() or t == st.session_state.get("tiles")],
        key="tiles",
        format_func={
            "none": "Own basemap (offline)",
            "osm": "OpenStreetMap tiles",
            "tianditu": "Tianditu tiles (天地图)",
        }.get,
        help="Our own basemap needs no tile server. Tile layers load from their servers; "
        "where they cannot, our basemap still shows.",
    )

page = st.navigation(PAGES)
ui.render_notices(state.url_notices())
page.run()
state.write_url(state.current_view(opts))
