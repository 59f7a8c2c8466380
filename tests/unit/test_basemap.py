"""The base map shipped with the product (lib.geo.basemap): Natural Earth's coasts, decoded from world-atlas's
TopoJSON, small enough for the repository, and drawn under every map (screen, slide, deck, brief)."""

from __future__ import annotations

import json
import math
import subprocess

import pytest
import shapely
from shapely.geometry import Point, shape

from lib.config import load_config
from lib.geo import basemap
from lib.present import palette
from lib.render import maps, paper_map
from tests.conftest import CONFIG_MAIN, ROOT

# a 2×2 square of two arcs (the second walked backwards, as ~1) with a quantized, delta-encoded transform
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [120.0, -5.0]},
    "arcs": [[[0, 0], [4, 0], [0, 4]], [[0, 0], [0, 4], [4, 0]]],
    "objects": {"land": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0, ~1]]}]}},
}
NATIONAL = ROOT / "data" / "nasional" / "konfigurasi.toml"
KENDARI = Point(122.51, -3.97)  # the office's city, on Sulawesi's south-east coast
BANDA_SEA = Point(127.0, -6.0)


def test_a_topology_decodes_to_its_polygon_with_reversed_arcs_walked_backwards():
    land = basemap.decode_topology(TOPOLOGY)
    assert land.equals(shapely.box(120.0, -5.0, 122.0, -3.0))


def test_the_land_file_is_committed_so_a_fresh_clone_has_it():
    # data/**/*.geojson is ignored (installed boundaries); the base map is the one exception
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", str(basemap.LAND_FILE.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert tracked.returncode == 0, tracked.stderr


def test_the_shipped_land_file_is_small_says_its_source_and_has_the_coasts_where_they_are():
    assert basemap.LAND_FILE.stat().st_size <= 300 * 1024
    feature = json.loads(basemap.LAND_FILE.read_text(encoding="utf-8"))
    assert "Natural Earth" in feature["properties"]["sumber"] and basemap.WORLD_ATLAS in feature["properties"]["sumber"]
    land = shape(feature["geometry"])
    assert land.is_valid
    assert land.contains(KENDARI) and not land.contains(BANDA_SEA)
    assert shapely.box(*land.bounds).within(shapely.box(*basemap.REGION).buffer(1e-6))


def test_land_around_the_coverage_reaches_past_every_district_so_no_coast_is_cut_at_the_frame():
    cfg = load_config(CONFIG_MAIN)
    bounds = maps.focus_bounds(cfg, None, None)
    land = shape(basemap.land_around(bounds)["geometry"])
    west, south, east, north = land.bounds
    assert west < bounds[0] and south < bounds[1] and east > bounds[2] and north > bounds[3]
    assert len(json.dumps(basemap.land_around(bounds))) < 150_000  # what every Peta session is sent


def test_the_map_draws_sea_and_land_under_the_districts():
    cfg = load_config(CONFIG_MAIN)
    table = _table(cfg)
    land = basemap.land_around(maps.focus_bounds(cfg, None, None))
    deck = json.loads(maps.district_map(table, "PAS terdata", cfg, None, land=land).to_json())
    ids = [layer["id"] for layer in deck["layers"]]
    assert ids[:2] == ["laut", "daratan"] and maps.LAYER in ids[2:]
    assert deck["layers"][1]["getFillColor"] == list(palette.rgb(palette.LAND))


def test_the_static_map_of_the_deck_and_brief_draws_land_on_the_sea():
    cfg = load_config(CONFIG_MAIN)
    spec = paper_map.static_map(_table(cfg), cfg, None, cfg.kode_wilayah[0]).to_dict()
    assert spec["config"]["background"] == palette.SEA
    first = spec["layer"][0]
    assert first["mark"]["type"] == "geoshape" and first["mark"]["fill"] == palette.LAND


def _table(cfg):
    import pandas as pd

    kodes = list(cfg.wilayah.index)
    return pd.DataFrame(
        {
            "kode_wilayah": kodes,
            "nama": list(cfg.wilayah["nama"]),
            "provinsi": "",
            "nilai": range(len(kodes)),
            "teks": "1",
            "peringkat_teks": "1",
            "ubah_teks": "",
            "warna": [list(palette.rgb(palette.CLASS_COLORS[0]))] * len(kodes),
            "warna_hex": palette.CLASS_COLORS[0],
        }
    )


def _pixel(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates of a point at `zoom` (deck.gl's 512-pixel world)."""
    size = 512 * 2**zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360 * size, (1 - y / math.pi) / 2 * size


@pytest.mark.parametrize("path", [CONFIG_MAIN, NATIONAL], ids=["main", "nasional"])
def test_every_circle_of_the_framed_districts_is_drawn_whole_inside_the_map(path):
    cfg = load_config(path)
    w = cfg.wilayah
    for provinsi in [None, *dict.fromkeys(w["kode_provinsi"])]:
        kodes = w.index[w["kode_provinsi"] == provinsi] if provinsi else w.index
        for width, height in [(maps.MAP_WIDTH, maps.MAP_HEIGHT), (700, 380)]:  # the page's map, the slide's
            view = maps.fit_view(maps.focus_bounds(cfg, None, provinsi), width, height)
            cx, cy = _pixel(view.longitude, view.latitude, view.zoom)
            for k in kodes:
                x, y = _pixel(float(w.at[k, "titik_lon"]), float(w.at[k, "titik_lat"]), view.zoom)
                x, y = x - cx + width / 2, y - cy + height / 2
                r = 16  # the largest circle (15 px) and its outline
                assert r <= x <= width - r and r <= y <= height - r, (provinsi, k, width, x, y)
