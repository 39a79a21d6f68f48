"""Geometry helpers: topology-safe simplification and geodesic lengths."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Polygon

from corridor.geo import geodesic_length_km, simplify_coverage


def _neighbours() -> gpd.GeoDataFrame:
    """Two countries sharing a zig-zag border (a river-like edge)."""
    edge = [(10 + 0.01 * (i % 2), 40 + i * 0.05) for i in range(101)]  # x = 10.00 / 10.01
    west = Polygon([(5, 40)] + edge + [(5, 45)])
    east = Polygon([(15, 40)] + edge + [(15, 45)])
    return gpd.GeoDataFrame({"id": ["w", "e"]}, geometry=[west, east], crs="EPSG:4326")


def test_coverage_simplification_leaves_no_gap_or_overlap():
    gdf = _neighbours()
    out = simplify_coverage(gdf, 0.05)
    west, east = out.geometry
    assert west.intersection(east).area == pytest.approx(0, abs=1e-12)
    assert west.union(east).area == pytest.approx(gdf.union_all().area, rel=1e-9)
    assert len(west.exterior.coords) < len(gdf.geometry[0].exterior.coords)


def test_simplified_neighbours_still_share_their_whole_edge():
    west, east = simplify_coverage(_neighbours(), 0.05).geometry
    shared = west.boundary.intersection(east.boundary)
    assert shared.length == pytest.approx(5.0, rel=0.01)  # the whole 40°N–45°N edge


def test_zig_zag_border_measures_longer_than_its_simplified_line():
    line = LineString([(10 + 0.01 * (i % 2), 40 + i * 0.05) for i in range(101)])
    assert geodesic_length_km(line) > geodesic_length_km(line.simplify(0.05)) > 550
