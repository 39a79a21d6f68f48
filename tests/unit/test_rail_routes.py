"""Channels drawn along railway lines: a routed segment follows the line, a segment with no
line (or only a long way round) stays straight and is named, and the shipped channels do both."""

from __future__ import annotations

import json

import pytest
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point

from corridor.catalog import load_catalog
from corridor.paths import ROOT
from tests.scripts_import import script

GEOD = Geod(ellps="WGS84")
RAILWAYS = ROOT / "scripts" / "inputs" / "research" / "rail" / "osm_railways.geojson"


def km(a, b) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000


def network(*lines):
    return script("rail_routes").RailNetwork([list(map(tuple, line)) for line in lines])


# two lines that meet at a junction without sharing a vertex (the second starts ~80 m away)
EAST = [(120.0, 45.0), (120.5, 45.0), (121.0, 45.0)]
NORTH = [(121.001, 45.0), (121.0, 45.5), (121.0, 46.0)]


def test_a_segment_follows_the_railway_through_a_junction_that_shares_no_vertex():
    legs = network(EAST, NORTH).legs([(120.0, 45.02), (121.02, 46.0)])
    assert len(legs) == 1 and legs[0].routed
    rail = MultiLineString([EAST, NORTH])
    # every drawn point is on the railway (the stations 2 km off it are placed on it)
    assert max(rail.distance(Point(c)) for c in legs[0].coords) < 1e-4
    # round the corner: longer than the straight line, shorter than twice it
    straight = km((120.0, 45.02), (121.02, 46.0))
    assert straight < legs[0].km < 2 * straight
    assert legs[0].km == pytest.approx(km(EAST[0], EAST[-1]) + km(NORTH[0], NORTH[-1]), rel=0.02)


def test_lines_that_do_not_meet_leave_the_segment_straight():
    apart = [(121.05, 45.0), (121.05, 46.0)]  # 4 km from the end of EAST: not a junction
    legs = network(EAST, apart).legs([(120.0, 45.0), (121.05, 46.0)])
    assert not legs[0].routed
    assert legs[0].coords == [(120.0, 45.0), (121.05, 46.0)]


def test_a_point_far_from_any_line_and_a_long_way_round_stay_straight():
    net = network(EAST, NORTH)
    far = net.legs([(120.0, 45.0), (120.5, 45.5)])  # 55 km from any line
    assert not far[0].routed
    # from one end of a U to the other: the only path is 5 times the gap
    u = network([(120.0, 45.0), (120.0, 45.2), (120.1, 45.2), (120.1, 45.0)])
    assert not u.legs([(120.0, 45.0), (120.1, 45.0)])[0].routed


def test_a_straight_segment_joins_its_routed_neighbour_on_the_railway():
    # the first point is 2 km off the line and its segment is routed; the last has no line
    legs = network(EAST).legs([(120.0, 45.02), (121.0, 45.0), (122.0, 47.0)])
    assert [leg.routed for leg in legs] == [True, False]
    assert legs[1].coords[0] == legs[0].coords[-1]
    assert legs[1].coords[-1] == (122.0, 47.0)


def test_the_channel_names_its_straight_segments():
    bp = script("build_channels")
    stations = {
        "a": {"name_en": "A", "lonlat": [120.0, 45.02]},
        "b": {"name_en": "B", "lonlat": [121.0, 45.0]},
        "c": {"name_en": "C", "lonlat": [122.0, 47.0]},
    }
    ch = {"channel_id": "chx", "stations": ["a", "b", "c"]}
    f = bp.channel_feature(ch, stations, [], network(EAST), "rail_src")
    p = f["properties"]
    assert p["straight_segments"] == "B – C"
    assert p["straight_km"] == pytest.approx(km((121.0, 45.0), (122.0, 47.0)), abs=0.1)
    assert p["railway_source_id"] == "rail_src"
    straight_only = bp.channel_feature(ch, stations, [])
    assert straight_only["properties"]["straight_segments"] == "A – B;B – C"
    assert straight_only["properties"]["railway_source_id"] == ""


@pytest.fixture(scope="module")
def shipped():
    rail = json.loads(RAILWAYS.read_text(encoding="utf-8"))
    lines = MultiLineString([f["geometry"]["coordinates"] for f in rail["features"]])
    return load_catalog().layers["channels"].set_index("channel_id"), lines


def test_a_shipped_channel_along_the_railway_stays_on_it(shipped):
    channels, rail = shipped
    ch1 = channels.loc["ch1"]
    assert ch1["straight_segments"] == "" and ch1["railway_source_id"] == "osm_railways"
    line = ch1.geometry
    # its vertices are the railway's, and between them it strays less than the simplification
    assert max(rail.distance(Point(c)) for c in line.coords) < 1e-4
    samples = [line.interpolate(i / 400, normalized=True) for i in range(401)]
    assert max(rail.distance(p) for p in samples) < 0.006
    # longer than the straight segments through its stations, but not a long way round
    hubs = [(125.0, 46.58333), (124.86283, 46.64142), (122.26528, 43.6125), (121.14167, 41.10778)]
    straight = sum(km(a, b) for a, b in zip(hubs, hubs[1:]))
    assert straight < ch1["length_km_schematic"] < 1.5 * straight


def test_the_shipped_channels_name_what_stays_straight(shipped):
    channels, rail = shipped
    ch4 = channels.loc["ch4"]
    assert "Choibalsan – Arxan (Aershan)" in ch4["straight_segments"].split(";")
    assert ch4["straight_km"] > 400  # Choibalsan–Arxan alone: no railway
    # where the data has no railway (Russia), ch3 is straight and said to be
    ch3 = channels.loc["ch3"]
    assert "Ussuriysk – Vladivostok" in ch3["straight_segments"].split(";")
    vladivostok = Point(131.87353, 43.10562)
    assert rail.distance(vladivostok) > 1  # no railway line within a degree
    for c in channels.itertuples():
        assert 0 <= c.straight_km < c.length_km_schematic
    # most of the corridor is drawn along railway lines
    assert channels["straight_km"].sum() < 0.5 * channels["length_km_schematic"].sum()


def test_a_routed_segment_is_a_line_on_the_rail_not_a_chord(shipped):
    from shapely.ops import substring

    channels, rail = shipped
    # Zhalantun to Qiqihar: the railway bends south-east, away from the straight chord
    a, b = Point(122.73651, 48.00945), Point(123.96154, 47.33922)
    chord = LineString([a, b])
    assert max(rail.distance(chord.interpolate(i / 20, normalized=True)) for i in range(21)) > 0.05
    line = channels.loc["ch3"].geometry
    part = substring(line, line.project(a), line.project(b))
    assert max(rail.distance(Point(c)) for c in part.coords[1:-1]) < 1e-4  # its own vertices
    assert part.hausdorff_distance(chord) > 0.05
    assert part.length > 1.2 * chord.length
