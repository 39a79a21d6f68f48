"""The bridge to streamlit-folium's map component: render a map once, send it many times.

``st_folium`` renders its folium map to HTML and JavaScript on every script run: about
55 ms of server CPU for the corridor map, a third of a page view (``bench/run.py``). The
base map changes only with the filters, so :func:`payload` renders it to plain strings
that ``cache.corridor_map`` keeps, and :func:`show` hands those strings and the small
selection layer (rendered by :func:`layer_script`, once per selection, in ``cache``) to
the same component ``st_folium`` uses, with the same arguments, key and click state.
Written against streamlit-folium 0.27.4 (pinned); ``tests/unit/test_mapcomponent.py``
fails if a new release changes what ``st_folium`` sends.

With ``ui``, ``cache`` and ``state`` this is one of the modules that import Streamlit: the
map's part of the UI layer. The map builders (``maps.py``) stay pure.
"""

from __future__ import annotations

from typing import Any

import folium
import streamlit as st
import streamlit_folium as sf
from branca.element import MacroElement, Template

# What the click handlers read back from the component (st_folium's defaults, trimmed).
RETURNED = ("last_active_drawing",)


# streamlit-folium's frontend sends a click 250 ms late (a trailing debounce meant for map
# panning), and never sends the same feature twice in a row, so a port clicked again after
# another was chosen in the table went unheard. This script sends each click on a feature at
# once, numbered (``click_count``, counted by the frontend itself), with the same message the
# frontend uses; and it records what the frontend's own late send will compute, so that send
# finds nothing new (one rerun per click). Anything unexpected (another frontend version,
# other returned objects) leaves the component's own path alone.
INSTANT_CLICK = Template("""
{% macro script(this, kwargs) %}
(function () {
    var seen = null;  // the frontend's count of feature clicks when we last sent one
    {{ this._parent.get_name() }}.on("click", function () {
        setTimeout(function () {  // after the component's own click handlers have run
            try {
                var g = window.__GLOBAL_DATA__;
                if (!g || !g.last_active_drawing || JSON.stringify(g.returned_objects) !==
                        JSON.stringify(["last_active_drawing"])) { return; }
                var count = g.last_object_clicked_count;
                if (typeof count !== "number" || count === seen) { return; }  // not a feature
                seen = count;
                g.previous_data = {last_active_drawing: g.last_active_drawing};
                window.parent.postMessage({isStreamlitMessage: true,
                    type: "streamlit:setComponentValue", dataType: "json",
                    value: {last_active_drawing: g.last_active_drawing, click_count: count}},
                    "*");
            } catch (e) {}
        }, 0);
    });
})();
{% endmacro %}""")


def add_instant_click(fmap: folium.Map) -> None:
    """Send a click on a port or channel without the component's 250 ms wait."""
    el = MacroElement()
    el._template = INSTANT_CLICK
    fmap.add_child(el)


def payload(fmap: folium.Map, instant_click: bool = True) -> dict[str, Any]:
    """A map rendered to what the component draws: plain strings, cacheable, picklable."""
    if instant_click:
        add_instant_click(fmap)
    fmap.get_root().render()
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    css, js = [], []
    for elem in _walk(fmap):
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": sf.get_full_id(fmap),
        "css_links": list(dict.fromkeys(css)),
        "js_links": list(dict.fromkeys(js)),
    }


def _walk(elem):
    yield elem
    for child in getattr(elem, "_children", {}).values():
        yield from _walk(child)


def layer_script(group: folium.FeatureGroup | None) -> str | None:
    """A feature group as the component's ``feature_group`` script (drawn over the map)."""
    if group is None:
        return None
    # Any map will do as the parent: its id is replaced by the component's own.
    host = folium.Map(tiles=None)
    return sf._get_feature_group_string(group, map=host, idx=0)


def show(
    rendered: dict[str, Any],
    overlay: str | None,
    *,
    key: str,
    height: int,
    returned: tuple[str, ...] = RETURNED,
) -> dict | None:
    """Draw a rendered map with an overlay; returns what the reader last clicked.

    ``overlay``: a layer drawn over the map, rendered by :func:`layer_script` (cacheable).
    As ``st_folium(..., key=key, use_container_width=True, returned_objects=returned)``:
    ``st.session_state[key]`` holds the click state when the script reruns. A map that
    returns nothing (``returned=()``) should be rendered with ``instant_click=False``.
    """
    hash_key = sf.generate_js_hash(rendered["script"], key, False)

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})

    return sf._component_func(
        script=rendered["script"],
        header=rendered["header"],
        html=rendered["html"],
        id=rendered["id"],
        key=hash_key,
        height=height,
        width=None,
        returned_objects=list(returned),
        default=dict.fromkeys(returned),
        zoom=None,
        center=None,
        feature_group=overlay,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=rendered["css_links"],
        js_links=rendered["js_links"],
        on_change=on_change,
        wrap_longitude=False,
    )
