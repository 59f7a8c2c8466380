"""Geometry: repair, topology-preserving simplification, rounding, islets, GeoJSON for the browser."""

from __future__ import annotations

import json
import math

import geopandas as gpd
import shapely
from shapely.geometry import MultiPolygon, Polygon

DISPLAY_TOLERANCE = 0.004  # degrees; at the map's closest framing (a province) one pixel is ≈ 0.007°


DISPLAY_PIXELS = 4000  # a coverage's width over this many pixels: the coarsest simplification worth keeping


DISPLAY_DECIMALS = 3  # ≈ 100 m, a tenth of a pixel at that framing


DISPLAY_MIN_PART_KM2 = 0.3  # islets smaller than this are under a pixel on the map: not sent to the browser


def repair(geoms) -> tuple[list, int]:
    """Valid polygonal geometries (invalid ones made valid, non-polygon parts dropped), and how many were fixed."""
    out, fixed = [], 0
    for g in geoms:
        if g is None or g.is_empty:
            out.append(MultiPolygon())
            continue
        if not g.is_valid:
            g = shapely.make_valid(g)
            fixed += 1
        out.append(_polygonal(g))
    return out, fixed


def _polygonal(g) -> MultiPolygon:
    if isinstance(g, MultiPolygon):
        return g
    if isinstance(g, Polygon):
        return MultiPolygon([g])
    parts = [p for p in getattr(g, "geoms", []) if isinstance(p, (Polygon, MultiPolygon))]
    polys = [q for p in parts for q in (p.geoms if isinstance(p, MultiPolygon) else [p])]
    return MultiPolygon(polys)


def simplify(geoms, tolerance: float) -> list:
    """Topology-preserving coverage simplification: borders shared by two districts stay shared (no gaps)."""
    arr = shapely.coverage_simplify(list(geoms), tolerance=tolerance, simplify_boundary=True)
    fixed, _ = repair(arr)  # a coverage that was not quite valid can leave a self-touching ring
    return fixed


def _round(coords, decimals: int):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), decimals) for c in coords]
    return [_round(c, decimals) for c in coords]


def feature_collection(gdf: gpd.GeoDataFrame, props: list[str], decimals: int) -> dict:
    """A GeoJSON dict with rounded coordinates (shorter than GDAL's output, and stable bytes)."""
    feats = []
    for _, row in gdf.iterrows():
        geom = row.geometry.__geo_interface__
        feats.append(
            {
                "type": "Feature",
                "properties": {p: row[p] for p in props},
                "geometry": {"type": geom["type"], "coordinates": _round(geom["coordinates"], decimals)},
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def _dumps(fc: dict) -> str:
    return json.dumps(fc, ensure_ascii=False, separators=(",", ":"))


def drop_islets(g: MultiPolygon, min_km2: float) -> MultiPolygon:
    """The parts of a district of at least min_km2 (the largest part is always kept)."""
    g = _polygonal(g)
    parts = list(g.geoms)
    if len(parts) <= 1:
        return g

    def km2(p: Polygon) -> float:  # degrees² to km² at the part's latitude: enough to tell an islet
        return p.area * 111.32**2 * math.cos(math.radians(p.centroid.y))

    sizes = [km2(p) for p in parts]
    keep = [p for p, a in zip(parts, sizes) if a >= min_km2] or [parts[sizes.index(max(sizes))]]
    return MultiPolygon(keep)
