"""The map element: a folium map, rendered once, drawn in the page by a Components v2 element.

The map is drawn by a small element of our own (``map_component.js``, Streamlit Components
v2, no iframe) from the strings streamlit-folium's renderers produce: the map's script, HTML
and header, and a selection overlay. Drawing it in the page, not in an iframe that loads its
own React bundle and Leaflet after the page has rendered, keeps the Map page's load time close
to a bare page's (``docs/performance.md``).

- :func:`payload` renders a folium map to plain strings, once per filter set (``cache``).
- :func:`layer_script` renders the selection overlay, once per selection (``cache``).
- :func:`show` draws them; a new overlay replaces only the overlay (the map, its zoom and
  position stay). The map's own strings (about 100 KB with its labels and legend) go to a
  browser once per session: the element keeps them by ``base``, later runs send only the
  ``base``, and an element that lacks them asks again (state value ``missing``).
  A click on a port or channel comes back as the state value ``click``:
  ``{"last_active_drawing": {"properties": ...}, "click_count": n}`` (numbered, so the same
  port clicked again is heard again). :func:`clicked` reads it at the top of a script run.

With ``ui``, ``cache`` and ``state`` this is one of the modules that import Streamlit: the
map's part of the UI layer. The map builders (``maps.py``) stay pure.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import folium
import streamlit as st

# streamlit-folium's renderers (its private _get_* functions) turn a folium map into the
# strings its own frontend ran; the pin in requirements.txt and tests/unit/test_mapcomponent.py
# guard against a release that renders them differently.
import streamlit_folium as sf

_JS = (Path(__file__).with_name("map_component.js")).read_text(encoding="utf-8")
_element = st.components.v2.component("corridor_map_element", js=_JS, isolate_styles=False)

# folium's page-level rules: right inside its own iframe, wrong in Streamlit's page.
_PAGE_RULES = re.compile(r"^\s*(html\s*,\s*body|#map)\s*\{")
_MAP_ID = re.compile(r"#map_[0-9a-f]{32}\b")


def _css(header: str) -> str:
    """The map's own style rules from folium's header (page-level rules dropped, repeats once)."""
    blocks = re.findall(r"<style[^>]*>(.*?)</style>", header, flags=re.DOTALL)
    kept = [b.strip() for b in blocks if not _PAGE_RULES.match(b)]
    # folium names the map's own rule after a random id (rendered before streamlit-folium
    # renames the map): the element's id goes there, so equal maps give equal payloads
    return _MAP_ID.sub("#map_div", "\n".join(dict.fromkeys(kept)))


def payload(fmap: folium.Map) -> dict[str, Any]:
    """A map rendered to what the element draws: plain strings, cacheable, picklable.

    ``base`` identifies the map (a digest of its script): the element rebuilds its map only
    when it changes.
    """
    fmap.get_root().render()
    script = sf._get_map_string(fmap)
    css, js = [], []
    for elem in _walk(fmap):
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    return {
        "script": script,
        "html": sf._get_html(fmap),
        "css": _css(sf._get_header(fmap)),
        "css_links": list(dict.fromkeys(css)),
        "js_links": list(dict.fromkeys(js)),
        "base": hashlib.sha1(script.encode()).hexdigest()[:16],
    }


def _walk(elem):
    yield elem
    for child in getattr(elem, "_children", {}).values():
        yield from _walk(child)


def layer_script(group: folium.FeatureGroup | None) -> str | None:
    """A feature group as a script that adds it to ``map_div`` (drawn over the map)."""
    if group is None:
        return None
    # Any map will do as the parent: its id is replaced by ``map_div``.
    script = sf._get_feature_group_string(group, map=folium.Map(tiles=None), idx=0)
    # streamlit-folium's frontend also keeps every overlay in a global list; ours removes
    # the old overlay itself, so that list would only hold on to old layers.
    return "\n".join(line for line in script.splitlines() if "window.feature_group" not in line)


def _uid(key: str) -> str:
    """An element id made from a widget key: letters, digits and _ only, and distinct for
    distinct keys (``ch-2`` and ``ch_2`` would otherwise meet)."""
    return re.sub(r"\W", "_", key) + "_" + hashlib.sha1(key.encode()).hexdigest()[:6]


# The map's own strings: what the element keeps by ``base`` once it has them.
HEAVY = ("script", "html", "css")
_SENT = "_corridor_map_bases_sent"


def _sent_bases() -> dict:
    """The bases this session's browser holds (base -> True), and the last ``missing`` handled."""
    return st.session_state.setdefault(_SENT, {})


def _strip_known(rendered: dict[str, Any], key: str) -> dict[str, Any]:
    """``rendered`` without its heavy strings when this session's browser already holds them.

    The element reports a map it lacks (a reload of the page in the same session, a cleared
    cache) as ``missing``; that base is then sent whole again, once per report.
    """
    sent = _sent_bases()
    value = st.session_state.get(key)
    missing = value.get("missing") if isinstance(value, dict) else None
    if isinstance(missing, dict) and missing != sent.get(("missing", key)):
        sent[("missing", key)] = missing
        sent.pop(missing.get("base"), None)
    base = rendered["base"]
    if sent.get(base):
        return {k: v for k, v in rendered.items() if k not in HEAVY}
    sent[base] = True
    return dict(rendered)


def show(
    rendered: dict[str, Any],
    overlay: str | None,
    *,
    key: str,
    height: int,
    clickable: bool = True,
    view: tuple[float, tuple[float, float]] | None = None,
    track_view: bool = False,
) -> dict | None:
    """Draw a rendered map with an overlay; returns what the reader last clicked (or None).

    ``overlay``: a layer drawn over the map, rendered by :func:`layer_script` (cacheable).
    A map that is not ``clickable`` sends nothing back. ``view`` (zoom, (lat, lng)) opens the
    map there instead of its default view; with ``track_view`` the map sends the zoom and
    centre the reader moves it to as the state value ``view`` (:func:`moved`).
    """
    data = {**_strip_known(rendered, key), "overlay": overlay, "height": height}
    data["awaiting_draw"] = _awaiting_draw(key)
    data["clickable"] = clickable
    data["uid"] = _uid(key)
    data["view"] = {"zoom": view[0], "center": list(view[1])} if view else None
    data["track_view"] = track_view
    callbacks = {"on_missing_change": _ignore, "on_drawn_change": _ignore}
    if clickable:
        callbacks["on_click_change"] = _ignore
    if track_view:
        callbacks["on_view_change"] = _ignore
    result = _element(key=key, data=data, height=height, **callbacks)
    return result.get("click") if clickable else None


_AWAITED = "_corridor_map_awaited"


def _awaiting_draw(key: str) -> bool:
    """Whether this session's browser has yet to report the map ``key`` drawn (state value
    ``drawn``, sent once the element has drawn, or failed to). Noted for
    :func:`awaiting_first_draw`."""
    sent = _sent_bases()
    value = st.session_state.get(key)
    if isinstance(value, dict) and value.get("drawn"):
        sent[("drawn", key)] = True
    awaiting = not sent.get(("drawn", key))
    if awaiting:
        st.session_state[_AWAITED] = True
    return awaiting


def new_run() -> None:
    """Forget a run's note of a map awaiting its first draw: a run that ended early (a rerun
    after a click) left it for the next, which then held the sidebar back for good. Called
    by ``app.py`` before the page."""
    st.session_state.pop(_AWAITED, None)


def awaiting_first_draw() -> bool:
    """Whether a map drawn in this script run is still to be reported drawn by the browser
    (a session's first view of a page with a map); asked once per run, after the page.

    What is drawn after the page (the sidebar's filters and Share control) waits for that
    report, which reruns the script: sent with the map, they reached the browser in the same
    batch, and it drew the map only after all of them (0.09 s later, bench/run.py).
    """
    return bool(st.session_state.pop(_AWAITED, False))


def _ignore() -> None:
    """The click is read where the script needs it (:func:`clicked`); a state value is only
    returned for the names that have a callback."""


def moved(key: str) -> dict | None:
    """The zoom and centre the reader last moved the map ``key`` to (``{"zoom", "lat",
    "lng"}`` as the browser sent it: check it before use), or None."""
    value = st.session_state.get(key)
    try:
        return value.get("view") if value is not None else None
    except AttributeError:
        return None


def clicked(key: str) -> dict | None:
    """The last click of the map ``key`` as the session holds it (before the map is drawn)."""
    value = st.session_state.get(key)
    try:
        return value.get("click") if value is not None else None
    except AttributeError:  # not the element's state (set by hand, or another widget's)
        return None
