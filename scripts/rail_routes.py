"""Route the rail channels along railway lines (``inputs/research/rail/osm_railways.geojson``).

The railway lines are OpenStreetMap ways (ODbL) as simplified by a public extract, so lines that
meet at a junction often do not share a vertex: a line's loose end is joined to the nearest
other line within ``JOIN_M``. A station or town is placed on the nearest line within
``SNAP_M`` (GeoNames points are town centres, not station buildings), and two points that follow
each other on a channel are joined by the shortest path between them on the network. Where
there is none, or it is more than ``MAX_DETOUR`` times the straight distance (a path round
another line, not the channel's own), the segment stays straight and is reported as such.
Distances are measured in a Lambert azimuthal equal-area plane centred on the corridor
(metres, within about 1 % of the ground here). Deterministic: same input, same output.
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point

RAILWAYS = Path("research") / "rail" / "osm_railways.geojson"
RAILWAY_SOURCE_KEY = "S-OSM-RAIL"  # its row in research/rail/route_sources.csv
JOIN_M = 300.0  # a loose line end this close to another line is taken to meet it
SNAP_M = 10_000.0  # a station or town this close to a line is placed on it
MAX_DETOUR = 2.0  # a path longer than this many straight distances is not the channel's
PLANE = "+proj=laea +lat_0=45 +lon_0=123 +datum=WGS84 +units=m"


@dataclass
class Leg:
    """One segment of a channel: from one point to the next, along the railway or straight."""

    coords: list[tuple[float, float]]  # lon, lat
    routed: bool
    km: float  # length in the plane (routed) or straight distance, km


class RailNetwork:
    """The railway lines as a graph in the plane, ready to route between any two points.

    Parameters
    ----------
    lines
        Each line's vertices as ``(lon, lat)`` pairs.
    """

    def __init__(self, lines: list[list[tuple[float, float]]]) -> None:
        self._fwd = Transformer.from_crs("EPSG:4326", PLANE, always_xy=True)
        self._inv = Transformer.from_crs(PLANE, "EPSG:4326", always_xy=True)
        self.lines = [[self._xy(c) for c in line] for line in lines if len(line) > 1]
        seg_line, segs = [], []
        for i, line in enumerate(self.lines):
            for a, b in zip(line, line[1:]):
                if a != b:
                    seg_line.append(i)
                    segs.append(LineString([a, b]))
        self._seg_line = seg_line
        self._segs = segs
        self._tree = shapely.STRtree(segs)
        self._inserted: dict[int, list[tuple[float, tuple[float, float]]]] = {}
        self._extra: list[tuple[tuple[float, float], tuple[float, float]]] = []
        self._join_loose_ends()
        self._adj: dict | None = None

    def _xy(self, lonlat) -> tuple[float, float]:
        x, y = self._fwd.transform(lonlat[0], lonlat[1])
        return (x, y)

    def _nearest(self, p: Point, within: float, skip_line: int | None = None):
        """Index of the nearest segment within ``within`` metres (not of ``skip_line``), and
        the point on it; lowest index first among equals."""
        idx = self._tree.query(p, predicate="dwithin", distance=within)
        best = None
        for i in sorted(int(i) for i in idx):
            if self._seg_line[i] == skip_line:
                continue
            d = self._segs[i].distance(p)
            if best is None or d < best[0]:
                best = (d, i)
        if best is None:
            return None
        seg = self._segs[best[1]]
        t = seg.project(p)
        q = seg.interpolate(t).coords[0]
        return best[1], t, (q[0], q[1])

    def _insert(self, seg: int, t: float, q: tuple[float, float]) -> tuple[float, float]:
        a, b = self._segs[seg].coords
        if t <= 0:
            return (a[0], a[1])
        if t >= self._segs[seg].length:
            return (b[0], b[1])
        self._inserted.setdefault(seg, []).append((t, q))
        return q

    def _join_loose_ends(self) -> None:
        """Join every loose line end to each other line that passes within ``JOIN_M``."""
        count: dict[tuple[float, float], int] = {}
        for line in self.lines:
            for j, c in enumerate(line):
                count[c] = count.get(c, 0) + (1 if j in (0, len(line) - 1) else 2)
        for i, line in enumerate(self.lines):
            for end in (line[0], line[-1]):
                if count[end] != 1:
                    continue
                p = Point(end)
                near: dict[int, tuple[float, int]] = {}
                for k in self._tree.query(p, predicate="dwithin", distance=JOIN_M):
                    k = int(k)
                    other = self._seg_line[k]
                    d = self._segs[k].distance(p)
                    if other != i and (other not in near or (d, k) < near[other]):
                        near[other] = (d, k)
                for other in sorted(near):
                    k = near[other][1]
                    t = self._segs[k].project(p)
                    q = self._segs[k].interpolate(t).coords[0]
                    self._extra.append((end, self._insert(k, t, (q[0], q[1]))))

    def snap(self, lonlat) -> tuple[float, float] | None:
        """The point on the nearest line within ``SNAP_M`` of ``lonlat`` (plane), or None."""
        hit = self._nearest(Point(self._xy(lonlat)), SNAP_M)
        if hit is None:
            return None
        self._adj = None
        return self._insert(*hit)

    def _graph(self) -> dict:
        if self._adj is not None:
            return self._adj
        adj: dict = {}

        def edge(a, b):
            if a != b:
                w = float(np.hypot(a[0] - b[0], a[1] - b[1]))
                adj.setdefault(a, {})[b] = w
                adj.setdefault(b, {})[a] = w

        for i, seg in enumerate(self._segs):
            a, b = (tuple(c) for c in seg.coords)
            chain = [a, *(q for _, q in sorted(self._inserted.get(i, []))), b]
            for u, v in zip(chain, chain[1:]):
                edge(u, v)
        for u, v in self._extra:
            edge(u, v)
        self._adj = adj
        return adj

    def path(self, a: tuple[float, float], b: tuple[float, float]):
        """Shortest path from ``a`` to ``b`` (plane points on the network): (metres, points),
        or None where the network does not join them."""
        adj = self._graph()
        dist, prev, heap = {a: 0.0}, {}, [(0.0, a)]
        while heap:
            d, u = heapq.heappop(heap)
            if u == b:
                break
            if d > dist[u]:
                continue
            for v, w in adj.get(u, {}).items():
                if d + w < dist.get(v, float("inf")):
                    dist[v], prev[v] = d + w, u
                    heapq.heappush(heap, (d + w, v))
        if b not in dist:
            return None
        out = [b]
        while out[-1] != a:
            out.append(prev[out[-1]])
        return dist[b], out[::-1]

    def lonlat(self, xy) -> tuple[float, float]:
        """A plane point back in WGS84, rounded to 5 decimals (about 1 m)."""
        lon, lat = self._inv.transform(xy[0], xy[1])
        return (round(lon, 5), round(lat, 5))

    def legs(self, points: list[tuple[float, float]]) -> list[Leg]:
        """The channel through ``points`` (lon, lat) in order: one ``Leg`` per pair of points
        that follow each other. A routed leg starts and ends on the railway; a straight one
        starts and ends where its neighbours do, so the drawn line stays joined."""
        snapped = [self.snap(p) for p in points]
        legs = []
        for i, (p, q) in enumerate(zip(points, points[1:])):
            straight = float(
                np.hypot(*np.subtract(self._xy(p), self._xy(q)))
            )  # in the plane: compared with a path in the plane
            found = None
            if snapped[i] is not None and snapped[i + 1] is not None:
                found = self.path(snapped[i], snapped[i + 1])
            if found is not None and found[0] <= MAX_DETOUR * max(straight, 1.0):
                coords = [self.lonlat(c) for c in found[1]]
                legs.append(Leg(coords, True, found[0] / 1000))
            else:
                legs.append(Leg([tuple(p), tuple(q)], False, straight / 1000))
        # a straight leg meets a routed neighbour at the neighbour's point on the railway
        for i, leg in enumerate(legs):
            if leg.routed:
                continue
            if i > 0 and legs[i - 1].routed:
                leg.coords[0] = legs[i - 1].coords[-1]
            if i + 1 < len(legs) and legs[i + 1].routed:
                leg.coords[-1] = legs[i + 1].coords[0]
        return legs


def load_railways(inputs: Path) -> RailNetwork | None:
    """The railway network of ``inputs`` (None where the file is absent: channels straight)."""
    path = inputs / RAILWAYS
    if not path.exists():
        return None
    fc = json.loads(path.read_text(encoding="utf-8"))
    lines = [[tuple(c) for c in f["geometry"]["coordinates"]] for f in fc["features"]]
    return RailNetwork(lines)
