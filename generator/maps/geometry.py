"""A boundary layer made small: projected, simplified without gaps, rounded.

Both the live map (GeoJSON in longitude/latitude) and the static SVG (projected
pixels) are drawn from one simplification, so the two show the same shapes.

Neighbouring units share their border points in the layer. Each ring is
simplified (Douglas-Peucker) between fixed points: the points where the set of
units a point belongs to changes, and the first point of every ring. A shared
border is then the same run of points between the same fixed ends in both units,
and Douglas-Peucker keeps the same points in both directions, so no slivers or
gaps open between neighbours. Pure functions, no dependencies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 800.0  # px: the static map's drawing width; the SVG scales from it
TOLERANCE = 1.2  # px at WIDTH: about what a reader can see at that size
LONLAT_DECIMALS = 2  # about 1 km: a fifth of a pixel when the live map first shows the country
PX_DECIMALS = 1

Point = tuple[float, float]
Ring = list[Point]


@dataclass(frozen=True)
class Projection:
    """Equirectangular with longitudes scaled by cos(mid latitude), fitted to WIDTH.

    For one country (at most a few tens of degrees tall) it keeps shapes close to what
    a conic projection gives, and matches the live map's aspect at the centre latitude.
    """

    lon0: float
    lat1: float  # the top edge
    kx: float  # cos(mid latitude)
    scale: float  # px per degree of latitude
    width: float
    height: float

    def __call__(self, lon: float, lat: float) -> Point:
        return ((lon - self.lon0) * self.kx * self.scale, (self.lat1 - lat) * self.scale)


def _polygons(geometry: dict) -> list[list[list]]:
    coords = geometry["coordinates"]
    return [coords] if geometry["type"] == "Polygon" else coords


def bounds(geojson: dict) -> tuple[float, float, float, float]:
    """(west, south, east, north) of every point of the layer."""
    lons: list[float] = []
    lats: list[float] = []
    for feat in geojson["features"]:
        for poly in _polygons(feat["geometry"]):
            for ring in poly:
                lons.extend(float(p[0]) for p in ring)
                lats.extend(float(p[1]) for p in ring)
    return min(lons), min(lats), max(lons), max(lats)


def projection(geojson: dict, width: float = WIDTH) -> Projection:
    west, south, east, north = bounds(geojson)
    kx = math.cos(math.radians((south + north) / 2))
    scale = width / max((east - west) * kx, 1e-9)
    return Projection(west, north, kx, scale, width, round((north - south) * scale, 1))


def _dp(points: list[Point], first: int, last: int, tol2: float, keep: set[int]) -> None:
    """Douglas-Peucker on points[first..last]: adds the indices to keep."""
    stack = [(first, last)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = dx * dx + dy * dy
        best, best_d = -1, tol2
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / norm))
                d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d > best_d:
                best, best_d = i, d
        if best >= 0:
            keep.add(best)
            stack.append((a, best))
            stack.append((best, b))


def _key(p: list) -> tuple[float, float]:
    return (float(p[0]), float(p[1]))


@dataclass(frozen=True)
class Shape:
    """One unit's simplified geometry: polygons of rings, in lon/lat and in px."""

    lonlat: list[list[Ring]]
    px: list[list[Ring]]


def simplify(geojson: dict, proj: Projection, tolerance: float = TOLERANCE) -> dict[str, Shape]:
    """Each feature's geometry (by its `id`, the unit code) simplified in projected px."""
    owners: dict[tuple[float, float], set[str]] = {}
    starts: set[tuple[float, float]] = set()
    for feat in geojson["features"]:
        for poly in _polygons(feat["geometry"]):
            for ring in poly:
                starts.add(_key(ring[0]))
                for p in ring:
                    owners.setdefault(_key(p), set()).add(feat["id"])
    tol2 = tolerance * tolerance
    out: dict[str, Shape] = {}
    for feat in geojson["features"]:
        lonlat_polys: list[list[Ring]] = []
        px_polys: list[list[Ring]] = []
        for poly in _polygons(feat["geometry"]):
            ll_rings: list[Ring] = []
            px_rings: list[Ring] = []
            for ri, ring in enumerate(poly):
                kept = _simplify_ring(ring, owners, starts, proj, tol2)
                if kept is None:
                    if ri == 0:
                        break  # the outer ring vanished at this size: drop the polygon
                    continue
                ll_rings.append(kept[0])
                px_rings.append(kept[1])
            if ll_rings:
                lonlat_polys.append(ll_rings)
                px_polys.append(px_rings)
        out[feat["id"]] = Shape(lonlat_polys, px_polys)
    return out


def _simplify_ring(ring: list, owners: dict, starts: set, proj: Projection,
                   tol2: float) -> tuple[Ring, Ring] | None:
    pts = [_key(p) for p in ring]
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    n = len(pts)
    if n < 3:
        return None
    px = [proj(lon, lat) for lon, lat in pts]
    own = [frozenset(owners[p]) for p in pts]
    fixed = {i for i in range(n)
             if pts[i] in starts or len(own[i]) > 2
             or own[i] != own[i - 1] or own[i] != own[(i + 1) % n]}
    if len(fixed) < 2:  # a ring no other touches: fix its first and its farthest point
        far = max(range(n), key=lambda i: (px[i][0] - px[0][0]) ** 2 + (px[i][1] - px[0][1]) ** 2)
        fixed |= {0, far}
    order = sorted(fixed)
    keep = set(order)
    closed = px + px  # spans may wrap around the ring's end
    for a, b in zip(order, [*order[1:], order[0] + n], strict=True):
        span_keep: set[int] = set()
        _dp(closed, a, b, tol2, span_keep)
        keep |= {i % n for i in span_keep}
    idx = sorted(keep)
    if len(idx) < 3:
        return None
    ll = _dedupe([(round(pts[i][0], LONLAT_DECIMALS), round(pts[i][1], LONLAT_DECIMALS))
                  for i in idx])
    pp = _dedupe([(round(px[i][0], PX_DECIMALS), round(px[i][1], PX_DECIMALS)) for i in idx])
    if len(ll) < 3 or len(pp) < 3:
        return None
    return [*ll, ll[0]], [*pp, pp[0]]


def _dedupe(points: Ring) -> Ring:
    out: Ring = []
    for p in points:
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def geojson_of(geojson: dict, shapes: dict[str, Shape]) -> dict:
    """The layer with each feature's simplified lon/lat geometry (`id` kept)."""
    features = []
    for feat in geojson["features"]:
        polys = [[[list(p) for p in ring] for ring in poly] for poly in shapes[feat["id"]].lonlat]
        geometry = ({"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1
                    else {"type": "MultiPolygon", "coordinates": polys})
        features.append({**feat, "geometry": geometry})
    return {**geojson, "features": features}


def _num(v: float) -> str:
    return f"{v:.{PX_DECIMALS}f}".rstrip("0").rstrip(".") if v % 1 else f"{int(v)}"


def svg_path(shape: Shape) -> str:
    """An SVG path `d` with every ring, for `fill-rule="evenodd"` (holes stay holes)."""
    parts = []
    for poly in shape.px:
        for ring in poly:
            pts = ring[:-1]
            parts.append("M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in pts) + "Z")
    return "".join(parts)
