"""Northern Corridor dashboard: page set-up, the shared sidebar filters, navigation."""

import streamlit as st

from corridor import cache, mapcomponent, state, ui
from corridor.filters import chosen_label, hidden_choices, ports_allowed
from corridor.i18n import LANGUAGE_SWITCH_LABEL, LANGUAGES, _, format_list, ngettext
from corridor.maps import tile_sources
from corridor.paths import STATIC_DIR
from corridor.viewstate import PARTNERS, TILES
from corridor.vocabulary import MODE_LABELS, PARTNER_FILTER_NAMES, TILE_NAMES, province_name

# The reader's language first: every word below is in it.
state.seed_language()
st.set_page_config(
    page_title=_("Northern Corridor"), page_icon=str(STATIC_DIR / "favicon.png"), layout="wide"
)

PAGES = [
    st.Page("pages/map.py", title=_("Map"), icon=":material/map:", default=True),
    st.Page("pages/ports.py", title=_("Ports"), icon=":material/local_shipping:"),
    st.Page("pages/channels.py", title=_("Rail channels"), icon=":material/train:"),
    st.Page("pages/borders.py", title=_("Borders"), icon=":material/straighten:"),
    st.Page("pages/flows.py", title=_("Trade and passenger flows"), icon=":material/monitoring:"),
    st.Page("pages/cooperation.py", title=_("Cooperation"), icon=":material/handshake:"),
    st.Page("pages/sources.py", title=_("Data and sources"), icon=":material/menu_book:"),
    st.Page(ui.ABOUT_PAGE, title=_("About"), icon=":material/info:"),
]

# Decide navigation mode before any widget exists: a fresh server's first session would
# otherwise rerun from inside the page, after the filters, and lose the reader's first change.
ui.ensure_app_navigation()
opts = cache.options()
state.seed_from_url(opts)
state.restore_filters()

# An embedded view (Streamlit's ?embed=true, the Share control's <iframe>) shows its page's
# content only: no sidebar (filters, navigation, share), and a link back to the dashboard.
embedded = bool(st.context.is_embedded)
names, short_names = cache.port_labels()
ss = st.session_state
partner_name = PARTNER_FILTER_NAMES.get
tiles_name = TILE_NAMES.get


def filter_button(label: str, key: str):
    """A filter's button, named with what it holds; its control opens under it.

    The controls render only when opened: drawn in the sidebar they delayed the map's
    first paint by 0.24 s (bench/run.py). Labels are plain text, as the data's names are.
    The key keeps the button one element while its label follows the value: unkeyed, a new
    label was a new button, closed, so each arrow-key step of the years slider shut it.
    """
    return st.popover(ui.md_escape(label), width="stretch", key=key)


def render_filters(where) -> None:
    """The sidebar's language switch, then a button per filter, each opening its control; in
    ``where`` (a slot of the sidebar)."""
    with where:
        st.selectbox(
            LANGUAGE_SWITCH_LABEL,
            list(LANGUAGES),
            key=state.LANG,
            format_func=LANGUAGES.get,
        )
        st.subheader(_("Filters"))
        with filter_button(
            chosen_label(_("Partner country"), ss.get("partner"), partner_name), "partner_button"
        ):
            st.radio(
                _("Partner country"),
                PARTNERS,
                key="partner",
                horizontal=True,
                format_func=partner_name,
            )
        with filter_button(
            chosen_label(_("Province"), ss.get("province"), province_name), "province_button"
        ):
            st.multiselect(
                _("Province"),
                opts.provinces,
                key="province",
                placeholder=_("All provinces"),
                format_func=province_name,
            )
        with filter_button(chosen_label(_("Mode"), ss.get("mode"), MODE_LABELS.get), "mode_button"):
            st.multiselect(
                _("Mode"),
                list(MODE_LABELS),
                key="mode",
                placeholder=_("All modes"),
                format_func=MODE_LABELS.get,
            )
        # The picker lists the ports the partner, province and mode filters leave (and any port
        # already chosen, which a note then names as hidden by another filter).
        sidebar_view = state.current_view(opts)
        ports_layer = cache.catalog().layers.get("ports")
        allowed = set(
            opts.ports if ports_layer is None else ports_allowed(ports_layer, sidebar_view)
        )
        with filter_button(
            chosen_label(_("Ports"), ss.get("ports"), lambda p: short_names.get(p, p)),
            "ports_button",
        ):
            st.multiselect(
                _("Ports"),
                [p for p in opts.ports if p in allowed or p in sidebar_view.ports],
                key="ports",
                placeholder=ngettext(
                    "The {n} port the other filters leave (type to search)",
                    "All {n} ports the other filters leave (type to search)",
                    len(allowed),
                ).format(n=len(allowed)),
                format_func=lambda p: names.get(p, p),
            )
        hidden = {} if ports_layer is None else hidden_choices(ports_layer, sidebar_view)
        if hidden:
            st.caption(
                ui.md_escape(
                    _("Chosen but hidden by another filter:")
                    + " "
                    + "; ".join(
                        f"{short_names.get(p, p)} ({format_list(_(x) for x in w)})"
                        for p, w in hidden.items()
                    )
                    + "."
                )
            )
        lo, hi = state.current_view(opts).years or (opts.year_min, opts.year_max)
        with filter_button(_("Years: {first}–{last}").format(first=lo, last=hi), "years_button"):
            st.slider(_("Years"), opts.year_min, opts.year_max, key="years")
        background = tiles_name(ss.get("tiles", "none"))
        with filter_button(
            _("Map background: {background}").format(background=background), "tiles_button"
        ):
            st.radio(
                _("Map background"),
                [t for t in TILES if t in tile_sources() or t == ss.get("tiles")],
                key="tiles",
                format_func=tiles_name,
                help=_(
                    "Our own basemap needs no tile server. Tile layers load from their servers; "
                    "where they cannot, our basemap still shows."
                ),
            )
        if state.filters_active(opts):
            st.button(
                _("Clear filters"),
                key="clear_filters",
                on_click=state.clear_filters,
                args=(opts,),
                icon=":material/filter_alt_off:",
                width="stretch",
            )


page = st.navigation(PAGES, position="hidden" if embedded else "sidebar")
# The sidebar's filters and Share control go in these slots after the page has drawn: the
# browser then gets the map before them and draws it one render sooner (0.1 s on a first
# visit, bench/run.py). Widgets keep their values by key, so the order changes nothing else;
# drawn in the entry script's own run (not the page's), they are the same widgets on every
# page. (The slots are made after the navigation, which would otherwise put them under what
# follows.) An embedded view has no sidebar: its link back comes at the top of the page.
filters_slot = None if embedded else st.sidebar.empty()
share_slot = st.empty() if embedded else st.sidebar.empty()
ui.render_notices(state.url_notices() + state.language_notices())
# The filters are final before any widget is drawn (only their callbacks change them, and
# those run before the script): keep them for the next page switch, and put them in the link.
state.keep_filters()
state.write_url(state.current_view(opts))
# A fragment on a timer, so that a reconnect (to this or another replica) reruns the link's
# view; drawn before the page and outside the main area, where it held back a fresh server's
# first page (tests/e2e/test_first_request.py). An embedded view has it after the page.
if not embedded:
    with st.sidebar:
        state.rerun_on_reconnect()


def after_page() -> None:
    """What every page is followed by: the sidebar's filters, the Share control with the
    view's final link (the page may have changed it: a click on the map), the footer.

    On a session's first view of a page with a map, the sidebar waits until the browser has
    drawn the map (its report reruns the script, mapcomponent.awaiting_first_draw): the map
    then reaches the reader first, the filters a moment after.
    """
    state.write_url(state.current_view(opts))
    render_share = ui.render_embedded_footer if embedded else ui.render_share
    awaiting = mapcomponent.awaiting_first_draw()  # (asked every run: the flag is per run)
    if embedded or not awaiting:
        if filters_slot is not None:
            render_filters(filters_slot.container())
        with share_slot.container():
            render_share(page.title, key="share")
    ui.render_footer()


mapcomponent.new_run()
try:
    page.run()
except ui.PageEnded:
    pass  # the page ended early (ui.stop): what follows every page still comes
except Exception:
    after_page()  # a page that fails still leaves the reader the filters and the link
    raise
after_page()
if embedded:
    state.rerun_on_reconnect()
