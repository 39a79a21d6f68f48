"""The map element's Python side: what it renders once and what it sends the browser."""

from __future__ import annotations

import pickle
import re

import pytest

from corridor import mapcomponent
from corridor.catalog import load_catalog
from corridor.maps import build_channel_map, build_selection_layer, corridor_map_for
from corridor.paths import DATA_DIR, GEODATA_DIR
from corridor.viewstate import View


@pytest.fixture(scope="module")
def cat():
    return load_catalog(DATA_DIR, GEODATA_DIR)


@pytest.fixture(autouse=True)
def fresh_session(monkeypatch):
    """Each test is a new reader: no map sent to its browser yet."""
    state: dict = {}
    monkeypatch.setattr(mapcomponent.st, "session_state", state)
    return state


@pytest.fixture
def sent(monkeypatch):
    """What reaches the Components v2 element, call by call (its result: no click yet)."""
    calls = []

    def element(**kw):
        calls.append(kw)
        return {"click": None}

    monkeypatch.setattr(mapcomponent, "_element", element)
    return calls


def test_payload_is_plain_and_stable(cat):
    a = mapcomponent.payload(corridor_map_for(cat, View()))
    b = mapcomponent.payload(corridor_map_for(cat, View()))
    assert a == b  # the same filters give the same map: the element keeps it
    assert pickle.loads(pickle.dumps(a)) == a  # cacheable
    c = mapcomponent.payload(corridor_map_for(cat, View(partner="MNG")))
    assert c["script"] != a["script"] and c["base"] != a["base"]
    assert '"port_id": "suifenhe_rail"' in a["script"]
    assert '"port_id": "suifenhe_rail"' not in c["script"]


def test_script_has_the_shape_the_element_runs(cat):
    """map_component.js runs the script in a scope of its own, renaming the quoted id
    "map_div" to its element's id and returning the variable map_div: both must be there."""
    script = mapcomponent.payload(corridor_map_for(cat, View()))["script"]
    assert re.search(r'var map_div = L\.map\(\s*"map_div"', script)
    assert "window.__GLOBAL_DATA__" not in script  # no streamlit-folium frontend to talk to
    js = mapcomponent._JS
    assert "split('\"map_div\"')" in js and "return map_div;" in js


def test_css_keeps_the_maps_rules_and_drops_folium_page_rules(cat):
    css = mapcomponent.payload(corridor_map_for(cat, View()))["css"]
    assert "#map_div" in css and ".foliumtooltip" in css
    assert not re.search(r"html\s*,\s*body", css)  # would restyle Streamlit's own page
    assert not re.search(r"(^|\s)#map\s*\{", css)
    assert css.count(".foliumtooltip table") == 1  # folium repeats it per layer: once here


def test_only_local_scripts_and_styles(cat):
    rendered = mapcomponent.payload(corridor_map_for(cat, View()))
    links = rendered["js_links"] + rendered["css_links"]
    assert links and all(u.startswith("/app/static/") for u in links)


def test_show_sends_the_map_its_overlay_and_a_click_callback(cat, sent):
    rendered = mapcomponent.payload(corridor_map_for(cat, View()))
    overlay = mapcomponent.layer_script(build_selection_layer(cat.layers, "ceke", None))
    assert mapcomponent.show(rendered, overlay, key="corridor_map", height=560) is None
    (call,) = sent
    assert call["key"] == "corridor_map" and call["height"] == 560
    data = call["data"]
    assert data["script"] == rendered["script"] and data["base"] == rendered["base"]
    assert data["overlay"] == overlay and data["clickable"] is True
    assert data["uid"] == mapcomponent._uid("corridor_map")
    assert callable(call["on_click_change"])  # a state value is returned only with one


def test_a_map_that_is_not_clickable_registers_no_click(cat, sent):
    rendered = mapcomponent.payload(build_channel_map(cat.layers, "ch2"))
    mapcomponent.show(rendered, None, key="channel_map_ch2", height=420, clickable=False)
    (call,) = sent
    assert "on_click_change" not in call and call["data"]["clickable"] is False
    assert call["data"]["overlay"] is None


def test_show_returns_the_click_the_element_holds(monkeypatch, cat):
    click = {"last_active_drawing": {"properties": {"port_id": "ceke"}}, "click_count": 3}
    monkeypatch.setattr(mapcomponent, "_element", lambda **kw: {"click": click})
    rendered = mapcomponent.payload(corridor_map_for(cat, View()))
    assert mapcomponent.show(rendered, None, key="m", height=300) == click


def test_an_overlay_renders_the_same_each_time_so_it_can_be_cached(cat):
    a, b = (
        mapcomponent.layer_script(build_selection_layer(cat.layers, "ceke", None)) for _ in range(2)
    )
    assert a == b
    assert "circle_marker" in a and "map_div.addLayer(feature_group_feature_group_0)" in a
    # the element removes the old overlay itself; no global list should hold on to it
    assert "window.feature_group" not in a
    assert mapcomponent.layer_script(None) is None


def test_element_ids_are_safe_identifiers_and_distinct():
    keys = ["corridor_map", "channel_map_ch-2", "channel_map_ch_2", "x<script>"]
    uids = [mapcomponent._uid(k) for k in keys]
    assert all(re.fullmatch(r"\w+", u) for u in uids)
    assert len(set(uids)) == len(keys)
    assert uids[0].startswith("corridor_map_")


def test_the_map_itself_goes_to_a_browser_once_per_session(cat, sent):
    rendered = mapcomponent.payload(corridor_map_for(cat, View()))
    for overlay in (None, "overlay 1", "overlay 2"):
        mapcomponent.show(rendered, overlay, key="corridor_map", height=560)
    first, *later = (call["data"] for call in sent)
    assert first["script"] == rendered["script"] and first["html"] == rendered["html"]
    for data in later:
        assert not set(mapcomponent.HEAVY) & set(data)
        assert data["base"] == rendered["base"] and data["js_links"] == rendered["js_links"]
    assert [d["overlay"] for d in later] == ["overlay 1", "overlay 2"]
    assert len(str(later[0])) < len(rendered["script"]) / 10
    # another map (other filters) is new to the browser: sent whole
    other = mapcomponent.payload(corridor_map_for(cat, View(partner="MNG")))
    mapcomponent.show(other, None, key="corridor_map", height=560)
    assert sent[-1]["data"]["script"] == other["script"]


def test_a_browser_that_lacks_the_map_gets_it_again_once_per_request(cat, sent, fresh_session):
    rendered = mapcomponent.payload(corridor_map_for(cat, View()))
    mapcomponent.show(rendered, None, key="corridor_map", height=560)
    request = {"base": rendered["base"], "n": 1}
    fresh_session["corridor_map"] = {"missing": request}
    mapcomponent.show(rendered, None, key="corridor_map", height=560)
    assert sent[-1]["data"]["script"] == rendered["script"]
    # the same request is not heard twice: the next run sends only the base
    mapcomponent.show(rendered, None, key="corridor_map", height=560)
    assert "script" not in sent[-1]["data"]
    assert callable(sent[-1]["on_missing_change"])


def test_a_map_awaits_its_first_draw_once_per_session_and_key(cat, sent, fresh_session):
    """Until the browser reports a map drawn (state value ``drawn``), the element is told it
    awaits it and the run says so (``awaiting_first_draw``, asked once per run)."""
    rendered = mapcomponent.payload(corridor_map_for(cat, View()))
    mapcomponent.show(rendered, None, key="corridor_map", height=560)
    assert sent[-1]["data"]["awaiting_draw"] is True
    assert callable(sent[-1]["on_drawn_change"])
    assert mapcomponent.awaiting_first_draw() is True
    assert mapcomponent.awaiting_first_draw() is False  # the flag is this run's only
    fresh_session["corridor_map"] = {"drawn": {"base": rendered["base"], "n": 1}}
    mapcomponent.show(rendered, None, key="corridor_map", height=560)
    assert sent[-1]["data"]["awaiting_draw"] is False
    assert mapcomponent.awaiting_first_draw() is False
    # later runs remember it, whatever the state then holds (a click replaces the value)
    fresh_session["corridor_map"] = {"click": {"n": 1}}
    mapcomponent.show(rendered, None, key="corridor_map", height=560)
    assert sent[-1]["data"]["awaiting_draw"] is False
    # another element (a channel's map) awaits its own report
    mapcomponent.show(rendered, None, key="channel_map_ch1", height=420, clickable=False)
    assert sent[-1]["data"]["awaiting_draw"] is True
    assert mapcomponent.awaiting_first_draw() is True
