"""The cached map sends the component exactly what st_folium would send."""

from __future__ import annotations

import difflib
import pickle

import pytest
import streamlit_folium as sf

from corridor import mapcomponent
from corridor.catalog import load_catalog
from corridor.maps import build_channel_map, build_selection_layer, corridor_map_for
from corridor.paths import DATA_DIR, GEODATA_DIR
from corridor.viewstate import View


@pytest.fixture(scope="module")
def cat():
    return load_catalog(DATA_DIR, GEODATA_DIR)


@pytest.fixture
def sent(monkeypatch):
    """What reaches streamlit-folium's component function, call by call."""
    calls = []
    monkeypatch.setattr(sf, "_component_func", lambda **kw: calls.append(kw))
    return calls


@pytest.mark.parametrize(
    "view",
    [View(port="ceke"), View(partner="RUS", channel="ch3"), View(tiles="osm", modes=("rail",))],
    ids=["port", "channel", "tiles"],
)
def test_same_arguments_as_st_folium(cat, sent, view):
    def selection():
        return build_selection_layer(
            {**cat.layers, "ports": cat.layers["ports"]}, view.port, view.channel
        )

    sf.st_folium(
        corridor_map_for(cat, view),
        feature_group_to_add=selection(),
        key="corridor_map",
        height=560,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
    )
    rendered = mapcomponent.payload(corridor_map_for(cat, view), instant_click=False)
    mapcomponent.show(
        rendered, mapcomponent.layer_script(selection()), key="corridor_map", height=560
    )
    expected, got = sent
    expected.pop("on_change"), got.pop("on_change")
    assert got == expected
    assert "feature_group_feature_group_0" in got["feature_group"]


def test_payload_is_plain_and_stable(cat):
    a = mapcomponent.payload(corridor_map_for(cat, View()))
    b = mapcomponent.payload(corridor_map_for(cat, View()))
    assert a == b  # the same filters give the same script: the component keeps its key
    assert pickle.loads(pickle.dumps(a)) == a  # cacheable
    c = mapcomponent.payload(corridor_map_for(cat, View(partner="MNG")))
    assert c["script"] != a["script"]
    assert '"port_id": "suifenhe_rail"' in a["script"]
    assert '"port_id": "suifenhe_rail"' not in c["script"]


def test_no_overlay_sends_no_layer(sent, cat):
    mapcomponent.show(
        mapcomponent.payload(corridor_map_for(cat, View())), None, key="m", height=300
    )
    assert sent[0]["feature_group"] is None


def test_instant_click_is_the_only_difference(cat):
    plain = mapcomponent.payload(corridor_map_for(cat, View()), instant_click=False)
    fast = mapcomponent.payload(corridor_map_for(cat, View()))
    assert {k for k in plain if plain[k] != fast[k]} == {"script"}
    diff = list(difflib.ndiff(plain["script"].splitlines(), fast["script"].splitlines()))
    assert not [line for line in diff if line.startswith("- ")]  # only lines added
    assert "streamlit:setComponentValue" in fast["script"]
    assert "map_div.on(" in fast["script"]  # bound to the component's map


def test_channel_map_same_arguments_as_st_folium(cat, sent):
    sf.st_folium(
        build_channel_map(cat.layers, "ch2"),
        key="channel_map_ch2",
        height=420,
        use_container_width=True,
        returned_objects=[],
    )
    rendered = mapcomponent.payload(build_channel_map(cat.layers, "ch2"), instant_click=False)
    mapcomponent.show(rendered, None, key="channel_map_ch2", height=420, returned=())
    expected, got = sent
    expected.pop("on_change"), got.pop("on_change")
    assert got == expected


def test_an_overlay_renders_the_same_each_time_so_it_can_be_cached(cat, sent):
    rendered = mapcomponent.payload(corridor_map_for(cat, View()))
    for _ in range(2):  # built afresh each time: the script the component gets is the same
        group = build_selection_layer(cat.layers, "ceke", None)
        mapcomponent.show(rendered, mapcomponent.layer_script(group), key="m", height=300)
    direct, prerendered = sent
    direct.pop("on_change"), prerendered.pop("on_change")
    assert prerendered == direct
    assert "circle_marker" in prerendered["feature_group"]
