"""Channels drawn through the towns on their railways: every point is a GeoNames record, every
town sits between two stations that follow each other, and the sources reach the page."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from corridor.filters import channel_sources
from corridor.paths import ROOT
from tests.scripts_import import script

INPUTS = ROOT / "scripts" / "inputs"


@pytest.fixture
def inputs(tmp_path):
    """A copy of the rail inputs to break."""
    rail = tmp_path / "research" / "rail"
    shutil.copytree(INPUTS / "research" / "rail", rail)
    return tmp_path


def test_every_route_town_is_its_geonames_record_and_its_sources_are_registered(inputs):
    bp, registry = script("build_channels"), script("registry")
    reg = registry.Registry(INPUTS)
    towns = bp.route_towns(inputs, reg)
    assert sum(len(v) for v in towns.values()) >= 37
    urls = {r["url"] for r in reg.seen.values()}
    assert "http://imline.cn/news/yaowen/2022/1210334922022.html" in urls
    assert all(t["source_ids"] for v in towns.values() for t in v)


def test_a_typed_coordinate_stops_the_build(inputs):
    bp, registry = script("build_channels"), script("registry")
    path = inputs / "research" / "rail" / "route_stations.csv"
    path.write_text(path.read_text().replace("46.64142,124.86283", "46.64142,124.9"))
    with pytest.raises(SystemExit, match="row 2: lat/lon differ from GeoNames 2035225"):
        bp.route_towns(inputs, registry.Registry(INPUTS))


def test_a_town_between_stations_that_do_not_follow_each_other_stops_the_build():
    bp = script("build_channels")
    stations = {s: {"lonlat": [i, i]} for i, s in enumerate(["a", "b", "c"])}
    ch = {"channel_id": "chx", "stations": ["a", "b", "c"]}
    town = {"hub_from": "a", "hub_to": "c", "seq": 1, "lonlat": [9, 9], "source_ids": ["s"]}
    with pytest.raises(SystemExit, match="chx"):
        bp.channel_feature(ch, stations, [town])
    ok = bp.channel_feature(ch, stations, [{**town, "hub_to": "b"}])
    assert ok["geometry"]["coordinates"] == [[0, 0], [9, 9], [1, 1], [2, 2]]
    assert ok["properties"]["route_town_count"] == 1


def test_a_channels_sources_name_the_paper_the_route_pages_and_geonames():
    ch = pd.DataFrame(
        {"source_id": ["liu", "liu"], "route_source_ids": ["a;b", float("nan")]},
    )
    assert channel_sources(ch) == ["liu", "a", "b", "geonames"]
    assert channel_sources(ch.drop(columns="route_source_ids")) == ["liu"]
