"""The base map shipped with the product: land and coastlines of Indonesia and its neighbours, drawn under the
districts on every map (screen, slide, deck, brief) with no outside request.

The file `data/peta_dasar/daratan.geojson` is derived from Natural Earth's 1:10m land (public domain), as packaged
by the npm package world-atlas (ISC licence; WORLD_ATLAS pins the version): its TopoJSON is decoded, clipped to
REGION, simplified to about a kilometre and written with three decimals (≈100 m). `python -m lib.geo.basemap` makes
it again (npm must be installed; it fetches the package from the npm registry).
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import box, mapping, shape

ROOT = Path(__file__).resolve().parents[2]
LAND_FILE = ROOT / "data" / "peta_dasar" / "daratan.geojson"
WORLD_ATLAS = "world-atlas@2.0.2"  # Natural Earth 4.1.0 as TopoJSON
SOURCE = "land-10m.json"
REGION = (90.0, -14.0, 145.0, 10.0)  # lon/lat box: Indonesia with the neighbouring coasts around it
TOLERANCE = 0.01  # degrees (≈1 km): what a province-wide map can show
DECIMALS = 3
MARGIN = 0.15  # of the framed extent, on each side: land around the districts, so coasts are not cut at the edge


def decode_topology(topology: dict[str, Any], name: str = "land") -> shapely.Geometry:
    """The union of a TopoJSON object's polygons (quantized arcs, delta-encoded) as one shapely geometry."""
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]  # a negative index is the arc reversed
            points.extend(part if not points else part[1:])
        return points

    polygons = []
    for geometry in topology["objects"][name]["geometries"]:
        kind, rings = geometry["type"], geometry.get("arcs", [])
        for polygon in rings if kind == "MultiPolygon" else [rings] if kind == "Polygon" else []:
            outer, *holes = [ring(r) for r in polygon]
            if len(outer) >= 4:
                polygons.append(shapely.Polygon(outer, [h for h in holes if len(h) >= 4]))
    return shapely.make_valid(shapely.MultiPolygon(polygons))


def region_land(topology: dict[str, Any]) -> dict[str, Any]:
    """The committed file's content: the land within REGION, simplified, as one GeoJSON Feature."""
    land = decode_topology(topology).intersection(box(*REGION))
    land = shapely.set_precision(land.simplify(TOLERANCE, preserve_topology=True), 10**-DECIMALS)
    return {
        "type": "Feature",
        "properties": {"sumber": f"Natural Earth 1:10m land (public domain), via {WORLD_ATLAS} (ISC)"},
        "geometry": mapping(land),
    }


@functools.cache
def _land() -> shapely.Geometry:
    return shape(json.loads(LAND_FILE.read_text(encoding="utf-8"))["geometry"])


def land_around(bounds: tuple[float, float, float, float], margin: float = MARGIN) -> dict[str, Any] | None:
    """The land within `bounds` (lon/lat) and a margin around them, simplified for that extent, as a GeoJSON
    Feature; None when the bounds hold no land (a deployment outside REGION)."""
    west, south, east, north = bounds
    pad = margin * max(east - west, north - south, 0.5)
    area = box(west - pad, south - pad, east + pad, north + pad)
    clipped = _land().intersection(area)
    if clipped.is_empty:
        return None
    # about a pixel of a 1,000-pixel map: a smaller file for a wide view, every cove for a kabupaten
    tolerance = max((area.bounds[2] - area.bounds[0]) / 1500, TOLERANCE)
    simple = shapely.set_precision(clipped.simplify(tolerance, preserve_topology=True), 10**-DECIMALS)
    return {"type": "Feature", "properties": {}, "geometry": mapping(simple)}


def build(out: Path = LAND_FILE) -> int:
    """Fetch WORLD_ATLAS with npm, derive the land file, write it; its size in bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", WORLD_ATLAS, "--silent"], cwd=tmp, check=True, capture_output=True)
        (packed,) = Path(tmp).glob("world-atlas-*.tgz")
        with tarfile.open(packed) as tar:
            member = tar.extractfile(f"package/{SOURCE}")
            assert member is not None
            topology = json.load(member)
    text = json.dumps(region_land(topology), separators=(",", ":"), ensure_ascii=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    return len(text)


if __name__ == "__main__":
    print(f"{LAND_FILE.relative_to(ROOT)}: {build() / 1024:.0f} KB", file=sys.stderr)
