"""Boundaries: reading any file and CRS, matching districts by code, BPS code, P-code, name or inside point,
repairing, coverage simplification, installing (a bad file changes nothing), and the pinned download.

Boundary files are built here (Voronoi cells around the districts' inside points), so the tests pass on a fresh
clone; the shared file ../shared/geo/districts_23.geojson is used too where it exists.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import zipfile
from functools import partial
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from lib import cli, geo
from lib.config import ROOT, load_config
from lib.errors import UserError
from tests.principals import admin

pytestmark = pytest.mark.usefixtures("db")  # installing boundaries is audited in the store

SHARED = ROOT.parent / "shared" / "geo" / "districts_23.geojson"
SOURCES = ["generated"] + (["shared"] if SHARED.exists() else [])


def voronoi_districts(cfg) -> gpd.GeoDataFrame:
    """One polygon per covered district: the Voronoi cell of its inside point, clipped to the points' hull."""
    w = cfg.wilayah
    points = shapely.points(w["titik_lon"].astype(float), w["titik_lat"].astype(float))
    hull = shapely.MultiPoint(list(points)).convex_hull.buffer(0.6)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(list(points)), extend_to=hull)
    by_point = {}
    for cell in cells.geoms:
        for i, p in enumerate(points):
            if cell.covers(p):
                by_point[i] = cell.intersection(hull)
    return gpd.GeoDataFrame(
        {"kode_kemendagri": list(w.index), "kode_bps": list(w["kode_bps"]), "nama": list(w["nama"])},
        geometry=[by_point[i] for i in range(len(points))],
        crs=4326,
    )


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    gdf.to_file(path, driver="GeoJSON")
    return path


@pytest.fixture(params=SOURCES)
def boundary_file(request, tmp_path, config_main, use_config) -> Path:
    """A 23-district boundary file: built in the test, and the shared one where it is present."""
    cfg = use_config(config_main)
    if request.param == "shared":
        return SHARED
    return write_geojson(voronoi_districts(cfg), tmp_path / "batas.geojson")


def test_every_district_is_matched_and_the_coverage_stays_valid_and_small(boundary_file, config_main, use_config):
    cfg = use_config(config_main)
    simple, laporan, text = geo.prepare(boundary_file, cfg)
    assert sorted(laporan.cocok) == sorted(cfg.kode_wilayah)
    assert laporan.tidak_cocok == []
    assert all(way.startswith(geo.CARA_KODE) for way in laporan.cocok.values())
    assert shapely.coverage_is_valid(simple.geometry.values)  # shared borders stayed shared: no gaps, no overlaps
    assert all(g.is_valid and not g.is_empty for g in simple.geometry)
    assert len(text.encode()) <= 300 * 1024
    assert laporan.lines(cfg)[0].startswith(f"{len(cfg.wilayah)} dari {len(cfg.wilayah)} kabupaten/kota cocok")


def test_a_zipped_shapefile_in_another_crs_is_reprojected_and_matched(tmp_path, config_main, use_config):
    cfg = use_config(config_main)
    gdf = voronoi_districts(cfg)
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    gdf.rename(columns={"kode_kemendagri": "KODE"}).to_crs(32751).to_file(shp_dir / "batas.shp")  # UTM 51S
    archive = tmp_path / "batas.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in shp_dir.iterdir():
            z.write(f, f.name)
    dest = tmp_path / "data" / "batas_wilayah.geojson"
    laporan = geo.install(archive, cfg, dest, pengguna=admin())
    assert len(laporan.cocok) == len(cfg.wilayah)
    installed = gpd.read_file(dest)
    assert installed.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = installed.total_bounds
    assert 118 < minx < maxx < 135 and -10 < miny < maxy < 0  # degrees again, around the coverage
    kendari = installed.set_index("kode_wilayah").geometry["74.71"]
    assert kendari.covers(shapely.Point(cfg.wilayah.at["74.71", "titik_lon"], cfg.wilayah.at["74.71", "titik_lat"]))
    assert json.loads(geo.sidecar(dest).read_text())["berkas"] == "batas.zip"


def test_a_geopackage_keyed_by_bps_codes_is_matched_by_bps_code(tmp_path, config_main, use_config):
    cfg = use_config(config_main)
    gdf = voronoi_districts(cfg)[["kode_bps", "geometry"]].rename(columns={"kode_bps": "KODE"})
    path = tmp_path / "batas.gpkg"
    gdf.to_file(path, driver="GPKG")
    simple, laporan, _ = geo.prepare(path, cfg)
    assert len(laporan.cocok) == len(cfg.wilayah)
    assert set(laporan.cocok.values()) == {f"{geo.CARA_BPS} (KODE)"}
    # 74.01 (Kolaka) is BPS 7404: the BPS code was translated, not taken as a Kemendagri code
    kolaka = simple.set_index(geo.KODE).geometry["74.01"]
    assert kolaka.covers(shapely.Point(cfg.wilayah.at["74.01", "titik_lon"], cfg.wilayah.at["74.01", "titik_lat"]))


def test_p_codes_and_names_are_matched(tmp_path, config_main, use_config):
    cfg = use_config(config_main)
    gdf = voronoi_districts(cfg)
    pcodes = gdf.assign(ADM2_PCODE=["ID" + b for b in gdf["kode_bps"]])[["ADM2_PCODE", "geometry"]]
    _, laporan, _ = geo.prepare(write_geojson(pcodes, tmp_path / "pcode.geojson"), cfg)
    assert set(laporan.cocok.values()) == {f"{geo.CARA_PCODE} (ADM2_PCODE)"} and not laporan.tidak_cocok
    names = gdf.assign(shapeName=[n.upper().replace("KABUPATEN ", "KAB. ") for n in gdf["nama"]])
    _, laporan, _ = geo.prepare(write_geojson(names[["shapeName", "geometry"]], tmp_path / "nama.geojson"), cfg)
    assert set(laporan.cocok.values()) == {f"{geo.CARA_NAMA} (shapeName)"} and not laporan.tidak_cocok


def test_a_renamed_district_is_matched_by_its_inside_point(tmp_path, config_main, use_config):
    cfg = use_config(config_main)
    gdf = voronoi_districts(cfg)[["nama", "geometry"]]
    gdf.loc[gdf["nama"] == cfg.nama_wilayah("81.03"), "nama"] = "Nama Lama Tahun 2020"
    _, laporan, _ = geo.prepare(write_geojson(gdf, tmp_path / "lama.geojson"), cfg)
    assert laporan.cocok["81.03"] == geo.CARA_TITIK
    assert len(laporan.cocok) == len(cfg.wilayah)


def test_a_file_with_three_districts_missing_reports_them_and_keeps_the_rest(tmp_path, config_main, use_config):
    cfg = use_config(config_main)
    missing = ["74.71", "81.02", "72.12"]
    gdf = voronoi_districts(cfg)
    extra = gdf.iloc[[0]].assign(kode_kemendagri="99.99", kode_bps="9999", nama="Bukan Wilayah Jangkauan")
    extra["geometry"] = [shapely.box(140, -3, 141, -2)]
    gdf = gpd.GeoDataFrame(pd.concat([gdf[~gdf["kode_kemendagri"].isin(missing)], extra]), crs=4326)
    dest = tmp_path / "batas_wilayah.geojson"
    laporan = geo.install(write_geojson(gdf, tmp_path / "kurang.geojson"), cfg, dest, pengguna=admin())
    assert laporan.tidak_cocok == missing
    assert laporan.diabaikan == 1
    assert sorted(gpd.read_file(dest)["kode_wilayah"]) == sorted(set(cfg.kode_wilayah) - set(missing))
    text = " ".join(laporan.lines(cfg))
    assert "20 dari 23" in text and cfg.nama_wilayah("74.71") in text and "1 fitur lain diabaikan" in text


def test_an_invalid_geometry_is_repaired(tmp_path, config_main, use_config):
    cfg = use_config(config_main)
    gdf = voronoi_districts(cfg)
    x, y = float(cfg.wilayah.at["81.02", "titik_lon"]), float(cfg.wilayah.at["81.02", "titik_lat"])
    bowtie = shapely.Polygon([(x - 0.3, y - 0.3), (x + 0.3, y + 0.3), (x + 0.3, y - 0.3), (x - 0.3, y + 0.3)])
    gdf.loc[gdf["kode_kemendagri"] == "81.02", "geometry"] = bowtie
    assert not bowtie.is_valid
    simple, laporan, _ = geo.prepare(write_geojson(gdf, tmp_path / "rusak.geojson"), cfg)
    assert laporan.diperbaiki == 1
    assert simple.set_index(geo.KODE).geometry["81.02"].is_valid


def test_a_corrupt_file_is_refused_and_the_installed_boundaries_are_kept(tmp_path, config_main, use_config):
    cfg = use_config(config_main)
    dest = tmp_path / "batas_wilayah.geojson"
    geo.install(write_geojson(voronoi_districts(cfg), tmp_path / "baik.geojson"), cfg, dest, pengguna=admin())
    before = dest.read_bytes(), geo.sidecar(dest).read_bytes()
    corrupt = tmp_path / "rusak.geojson"
    corrupt.write_text('{"type": "FeatureCollection", "features": [{"type": "Feat', encoding="utf-8")
    with pytest.raises(UserError) as e:
        geo.install(corrupt, cfg, dest, pengguna=admin())
    assert "tidak dapat dibaca" in e.value.title and "tetap dipakai" in e.value.message
    assert (dest.read_bytes(), geo.sidecar(dest).read_bytes()) == before
    unrelated = write_geojson(
        gpd.GeoDataFrame({"x": ["a"]}, geometry=[shapely.box(0, 0, 1, 1)], crs=4326), tmp_path / "lain.geojson"
    )
    with pytest.raises(UserError, match="cocok"):
        geo.install(unrelated, cfg, dest, pengguna=admin())
    assert dest.read_bytes() == before[0]


# The command line and the pinned download --------------------------------------------------------------------


@pytest.fixture
def http_file(tmp_path):
    """serve(bytes) -> URL of those bytes on a local HTTP server (127.0.0.1, no internet)."""
    servers = []

    def serve(data: bytes) -> str:
        root = tmp_path / "web"
        root.mkdir(exist_ok=True)
        (root / "batas.geojson").write_bytes(data)
        handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
        handler.log_message = lambda *a: None
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/batas.geojson"

    yield serve
    for s in servers:
        s.shutdown()
        s.server_close()


def test_download_verifies_the_checksum_installs_and_reports_progress(
    tmp_path, monkeypatch, config_main, use_config, http_file, capsys, cli_admin
):
    cfg = use_config(config_main)
    data = write_geojson(voronoi_districts(cfg), tmp_path / "src.geojson").read_bytes()
    url = http_file(data)
    dest = tmp_path / "data" / "batas_wilayah.geojson"
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(dest))
    code = cli.main(
        ["boundaries", "download", "--url", url, "--sha256", hashlib.sha256(data).hexdigest(), "--user", cli_admin]
    )
    out = capsys.readouterr()
    assert code == 0
    assert "23 dari 23 kabupaten/kota cocok" in out.out and "Mengunduh" in out.err
    assert sorted(gpd.read_file(dest)["kode_wilayah"]) == sorted(cfg.kode_wilayah)
    record = json.loads(geo.sidecar(dest).read_text())
    assert record["sha256"] == hashlib.sha256(data).hexdigest() and record["url"] == url
    assert record["atribusi"] == geo.sources()["unduhan"]["atribusi"]


def test_download_with_a_wrong_checksum_is_refused_and_changes_nothing(
    tmp_path, monkeypatch, config_main, use_config, http_file, capsys, cli_admin
):
    cfg = use_config(config_main)
    dest = tmp_path / "data" / "batas_wilayah.geojson"
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(dest))
    geo.install(write_geojson(voronoi_districts(cfg), tmp_path / "lama.geojson"), cfg, pengguna=admin())
    before = dest.read_bytes()
    tampered = voronoi_districts(cfg).iloc[:5]
    url = http_file(write_geojson(tampered, tmp_path / "lain.geojson").read_bytes())
    code = cli.main(
        ["boundaries", "download", "--url", url, "--user", cli_admin]
    )  # the pinned hash: this file is not it
    err = capsys.readouterr().err
    assert code == 1
    assert "Checksum tidak cocok" in err and geo.sources()["unduhan"]["sha256"] in err
    assert dest.read_bytes() == before
    assert sorted(p.name for p in dest.parent.iterdir()) == ["batas_wilayah.geojson", "batas_wilayah.sumber.json"]


def test_the_pinned_source_is_recorded_as_data():
    src = geo.sources()["unduhan"]
    assert src["url"].startswith("https://") and "3ad848246884fd48d30f2c40a9f9fdad77135aa6" in src["url"]
    assert len(src["sha256"]) == 64 and int(src["ukuran"]) > 0 and "CC BY" in src["lisensi"] and src["atribusi"]


def test_boundaries_load_command_installs_and_a_bad_file_exits_2(
    tmp_path, monkeypatch, config_main, use_config, capsys, cli_admin
):
    cfg = use_config(config_main)
    dest = tmp_path / "batas_wilayah.geojson"
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(dest))
    src = write_geojson(voronoi_districts(cfg), tmp_path / "batas.geojson")
    assert cli.main(["boundaries", "load", str(src), "--atribusi", "Batas: uji", "--user", cli_admin]) == 0
    assert json.loads(geo.sidecar(dest).read_text())["atribusi"] == "Batas: uji"
    assert "23 dari 23" in capsys.readouterr().out
    (tmp_path / "x.txt").write_text("bukan peta")
    assert cli.main(["--lang", "en", "boundaries", "load", str(tmp_path / "x.txt"), "--user", cli_admin]) == 2
    assert "Jenis berkas" in capsys.readouterr().err


def test_the_ranked_bars_use_the_map_colours_highest_first(config_main, use_config):
    from lib import figures, present, sample
    from lib.present.legend import map_table
    from lib.present.palette import hex_color
    from lib.render import charts

    cfg = use_config(config_main)
    data = sample.make_sample(cfg)
    u = next(m for m in figures.map_measures(cfg) if m.kode == "cakupan")
    table, legend = map_table(
        present.district_ranking(figures.district_measures(data, cfg, figures.Filter("2025-12")), cfg, u), u.kind
    )
    spec = charts.ranked_bars(table, u.label, u.kind).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["kode_wilayah"] for r in rows] == list(table.sort_values("nilai", ascending=False)["kode_wilayah"])
    by_kode = dict(zip(table["kode_wilayah"], table["warna"]))
    assert all(r["warna_hex"] == hex_color(by_kode[r["kode_wilayah"]]) for r in rows)
    assert [k.rentang.endswith("%") for k in legend] == [True] * len(legend)  # '42,6% – 45,7%'
    assert "," in legend[0].rentang and "." not in legend[0].rentang


def test_the_boundary_file_defaults_to_the_configurations_folder(monkeypatch, config_main, config_dinsos):
    monkeypatch.delenv("ATENSI_BOUNDARIES", raising=False)
    assert geo.installed_path(load_config(config_main)) == config_main.parent / "batas_wilayah.geojson"
    assert geo.installed_path(load_config(config_dinsos)) == config_dinsos.parent / "batas_wilayah.geojson"
    monkeypatch.setenv("ATENSI_BOUNDARIES", "/srv/peta/batas.gpkg")
    assert geo.installed_path(load_config(config_main)) == Path("/srv/peta/batas.gpkg")


def test_a_boundary_file_matching_no_district_is_refused_for_the_map(tmp_path, config_main, config_dinsos):
    from lib.errors import Refused

    other = write_geojson(voronoi_districts(load_config(config_dinsos)), tmp_path / "lain.geojson")
    with pytest.raises(Refused, match="lain.geojson tidak memuat satu pun dari 23 kabupaten/kota"):
        geo.load_for_map(load_config(config_main), other)
