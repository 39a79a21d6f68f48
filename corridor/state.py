"""The one owner of URL state: seeds widgets from the link, writes the view back to it."""

from __future__ import annotations

import streamlit as st

from corridor import i18n
from corridor.viewstate import Options, View, parse_view, view_to_params

SEEDED = "_view_seeded"
MAP_ZOOM, MAP_CENTER = "_map_zoom", "_map_center"  # the corridor map's view, once moved
NOTICES = "_url_notices"


def _raw_params() -> dict[str, list[str]]:
    """The query parameters with repeated keys kept as lists."""
    qp = st.query_params
    return {k: qp.get_all(k) for k in qp}


def seed_from_url(opts: Options) -> None:
    """On a session's first run, put the link's view into the widgets' session state."""
    if st.session_state.get(SEEDED):
        return
    view = parse_view(_raw_params(), opts)
    st.session_state[NOTICES] = list(view.notices)
    ss = st.session_state
    ss["partner"] = view.partner
    ss["province"] = list(view.provinces)
    ss["mode"] = list(view.modes)
    ss["ports"] = list(view.ports)
    ss["years"] = view.years or (opts.year_min, opts.year_max)
    ss["tiles"] = view.tiles
    ss["port"] = view.port
    ss["channel"] = view.channel
    ss[MAP_ZOOM], ss[MAP_CENTER] = view.zoom, view.center
    ss[SEEDED] = True


# The filter widgets' keys. Their values are also kept under KEPT on every run, once the
# sidebar has run: Streamlit drops the state of a widget inside a popover that was never
# opened when the reader switches page after any other interaction (a map click, a button);
# without the kept copy a filter set by a link would be lost on the next page, and the years
# slider would come back as one number.
FILTER_KEYS = ("partner", "province", "mode", "ports", "years", "tiles")
KEPT = "_filters_kept"


def keep_filters() -> None:
    """Remember the filters as the sidebar left them (see :data:`FILTER_KEYS`)."""
    ss = st.session_state
    ss[KEPT] = {k: ss[k] for k in FILTER_KEYS if k in ss}


def restore_filters() -> None:
    """Put back any filter whose widget state Streamlit dropped since the last run."""
    ss = st.session_state
    for k, v in ss.get(KEPT, {}).items():
        if k not in ss:
            ss[k] = v


def _years(value, opts: Options) -> tuple[int, int]:
    """A years range as the slider holds it; anything else is the full range."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return int(value[0]), int(value[1])
    return opts.year_min, opts.year_max


def current_view(opts: Options) -> View:
    """The view as the widgets and the selection now hold it."""
    ss = st.session_state
    years = _years(ss.get("years"), opts)
    full = years == (opts.year_min, opts.year_max)
    return View(
        partner=ss.get("partner", "both"),
        provinces=tuple(ss.get("province", [])),
        modes=tuple(ss.get("mode", [])),
        ports=tuple(ss.get("ports", [])),
        years=None if full else (int(years[0]), int(years[1])),
        port=ss.get("port"),
        channel=ss.get("channel"),
        tiles=ss.get("tiles", "none"),
        zoom=ss.get(MAP_ZOOM),
        center=ss.get(MAP_CENTER),
    )


def handle_map_view(moved: dict | None) -> None:
    """Keep the zoom and centre the reader moved the corridor map to (for the link), checked
    as a link's would be: anything malformed is ignored."""
    from corridor.viewstate import _map_view

    if not isinstance(moved, dict):
        return
    try:
        params = {
            "zoom": f"{float(moved['zoom']):g}",
            "center": f"{float(moved['lat']):.3f},{float(moved['lng']):.3f}",
        }
    except (KeyError, TypeError, ValueError):
        return
    zoom, center = _map_view(params, [])
    if zoom is not None:
        st.session_state[MAP_ZOOM], st.session_state[MAP_CENTER] = zoom, center


def filters_active(opts: Options) -> bool:
    """True when any filter (partner, province, mode, ports, years) narrows the view."""
    v = current_view(opts)
    return v.partner != "both" or bool(v.provinces or v.modes or v.ports or v.years)


def clear_filters(opts: Options) -> None:
    """Put every filter back to showing everything (the selection and background stay)."""
    ss = st.session_state
    ss["partner"] = "both"
    ss["province"], ss["mode"], ss["ports"] = [], [], []
    ss["years"] = (opts.year_min, opts.year_max)


def end_years_at(year: int, opts: Options) -> None:
    """End the years filter at ``year``, keeping its start (the Map page's "show a fuller
    year"): a widget callback, so it runs before the sidebar draws the slider."""
    start, _end = _years(st.session_state.get("years"), opts)
    st.session_state["years"] = (min(start, year), year)


def select_port(port_id: str | None) -> None:
    """Make ``port_id`` the selected port (from a map click, a table row or a list)."""
    st.session_state["port"] = port_id
    if port_id:
        st.session_state["channel"] = None


def select_channel(channel_id: str | None) -> None:
    """Make ``channel_id`` the selected rail channel."""
    st.session_state["channel"] = channel_id


def link_params(view: View) -> dict:
    """A view's parameters in a link: what differs from the default, and the language (the
    address bar and the Share link carry the same)."""
    return {**view_to_params(view), **language_param()}


def write_url(view: View) -> None:
    """Put the view in the address bar (only values that differ from the default)."""
    wanted = link_params(view)
    if _raw_params() != {k: [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)


def url_notices() -> list[str]:
    """Notices about link parameters that were ignored on this session's first run."""
    return st.session_state.get(NOTICES, [])


LAST_CLICK = "_last_map_click"


def handle_map_click(out: dict | None) -> bool:
    """Select the port or channel a reader clicked; True when the selection changed.

    The map element keeps the last clicked feature as its state across reruns, so a click
    is acted on only once (otherwise choosing a port in the table would be undone by an old
    click). The element numbers each click (``click_count``), so clicking a port again after
    choosing another in the table selects it again.
    """
    feature = (out or {}).get("last_active_drawing") or {}
    props = feature.get("properties") or {}
    click = (props.get("port_id"), props.get("channel_id"), (out or {}).get("click_count"))
    if click[:2] == (None, None) or st.session_state.get(LAST_CLICK) == click:
        return False
    st.session_state[LAST_CLICK] = click
    if click[0]:
        if st.session_state.get("port") == click[0]:
            return False
        select_port(click[0])
    else:
        if st.session_state.get("channel") == click[1]:
            return False
        select_channel(click[1])
    return True


def share_url(view: View) -> str:
    """The link that reopens this view: this page's address with the view's parameters and
    its language (a Mongolian page's link and embed code, without it, opened in English)."""
    from urllib.parse import urlencode, urlsplit, urlunsplit

    try:
        base = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (AppTest, bare mode)
        base = ""
    parts = urlsplit(base)
    query = urlencode(link_params(view))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


LANG = "lang"


def seed_language() -> str:
    """The reader's language, chosen once per session and then by the sidebar's switch.

    On a session's first run: the link's ``lang`` (en, zh, ru or mn); without one, the
    browser's language where it is one of the four; else English. A ``lang`` the dashboard
    does not speak falls back to English with a notice naming what was ignored.
    """
    ss = st.session_state
    if LANG not in ss:
        asked = st.query_params.get_all(LANG)
        if asked:
            ok = len(asked) == 1 and asked[0] in i18n.LANGUAGES
            ss[LANG] = asked[0] if ok else i18n.DEFAULT
            if not ok:
                ss.setdefault(LANG_NOTICES, []).append(("lang", ", ".join(asked)[:40]))
        else:
            ss[LANG] = i18n.from_accept_language(st.context.locale) or i18n.DEFAULT
    i18n.use(ss[LANG])
    return ss[LANG]


LANG_NOTICES = "_lang_notices"


def language_notices() -> list[str]:
    """Notices about a ``lang`` in the link that was ignored, in the reader's language."""
    return [
        i18n._("Ignored {key}={value}: not a language of this dashboard; showing English.").format(
            key=key, value=value
        )
        for key, value in st.session_state.get(LANG_NOTICES, [])
    ]


def language_param() -> dict[str, str]:
    """The language as the link carries it: nothing for English, else ``lang=<code>``."""
    lang = st.session_state.get(LANG, i18n.DEFAULT)
    return {} if lang == i18n.DEFAULT else {LANG: lang}


# Seconds between the reconnect guard's (empty) fragment runs: long enough never to matter.
RECONNECT_GUARD_EVERY = 24 * 3600


@st.fragment(run_every=RECONNECT_GUARD_EVERY)
def _reconnect_guard() -> None:
    """Draws nothing; its timer alone changes what the browser does on a reconnect."""


def rerun_on_reconnect() -> None:
    """Make the browser run the script again when its websocket reconnects.

    Streamlit's frontend asks for a run after a reconnect only if a run was under way or a
    fragment reruns on a timer: an idle page assumes the server kept its session. Behind
    several replicas the server it reconnects to may be another one (its own was stopped or
    failed), with no session for it: the page stayed as it was, dead to every click. With one
    fragment on a timer on every page, the browser asks for a run on every reconnect, with
    its link, and the link holds the whole view (tests/e2e/test_cluster.py).
    """
    _reconnect_guard()
