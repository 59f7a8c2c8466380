"""Names on the map without hovering (lib.render.labels): every area in the frame is named beside its marker or
numbered and listed; no label overlaps another label, another marker or the map's edge; the page's map, its slide,
the deck and the brief alike."""

from __future__ import annotations

import itertools

import pytest
import vl_convert as vlc

from lib import figures, sample
from lib.config import load_config
from lib.present import slides
from lib.render import labels, maps, paper_map
from tests.conftest import CONFIG_MAIN, CONFIG_NTB, ROOT

NATIONAL = ROOT / "data" / "nasional" / "konfigurasi.toml"


def _overlap(a, b) -> bool:
    return a[0] < b[2] - 1e-6 and b[0] < a[2] - 1e-6 and a[1] < b[3] - 1e-6 and b[1] < a[3] - 1e-6


def _check(markers, placed, listed, w: int, h: int, size: float, others=(), where=None):
    by = {m.kode: m for m in markers}
    named = {p.kode for p in placed if p.number is None}
    numbered = [p for p in placed if p.number is not None]
    assert named | {p.kode for p in numbered} == set(by), where
    assert [by[p.kode].name for p in sorted(numbered, key=lambda p: p.number)] == listed
    boxes = {p.kode: labels.box_of(p, by[p.kode], size) for p in placed if (p.dx, p.dy) != (0, 0)}
    for (a, ba), (b, bb) in itertools.combinations(boxes.items(), 2):
        assert not _overlap(ba, bb), (by[a].name, by[b].name)
    for k, box in boxes.items():
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= w and box[3] <= h, by[k].name
        for m in [*markers, *others]:
            if m.kode != k:
                assert not _overlap(box, (m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r)), (by[k].name, m.name)


def test_a_dense_cluster_gets_numbers_and_a_list_and_nothing_overlaps():
    markers = [labels.Marker(f"k{i}", f"Kabupaten Nomor {i}", 100 + 6 * i, 100 + 4 * (i % 3), 8) for i in range(9)]
    markers.append(labels.Marker("far", "Kota Jauh", 400, 250, 8))
    placed, listed = labels.place(markers, 500, 325, 12)
    _check(markers, placed, listed, 500, 325, 12)
    assert listed and "Kota Jauh" not in listed  # room enough out there: named
    assert labels.numbered_list(listed).startswith(f"Nomor di peta: 1 {listed[0]} · 2 {listed[1]}")


def _table(cfg):
    data = sample.make_sample(cfg)
    return slides.map_data(data, cfg, figures.Filter(periode=figures.periods(data)[-1])).table


@pytest.mark.parametrize("path", [CONFIG_MAIN, CONFIG_NTB, NATIONAL], ids=["main", "ntb", "nasional"])
def test_the_screen_and_slide_maps_name_every_district_of_each_province_without_overlap(path):
    cfg = load_config(path)
    table = _table(cfg)
    provinces = list(dict.fromkeys(cfg.wilayah["kode_provinsi"]))
    views = provinces if path == NATIONAL else [None, *provinces]  # the national coverage is read by province
    radius = {k: r + 1 for k, r in maps.circle_radii(table).items()}
    for provinsi, (w, h) in itertools.product(views, [(maps.MAP_WIDTH, maps.MAP_HEIGHT), (700, 380)]):
        view = maps.fit_view(maps.focus_bounds(cfg, None, provinsi), w, h)
        at = (view.longitude, view.latitude, view.zoom)
        office = cfg.sentra.get("kode_wilayah")
        if office in radius:
            radius[office] = max(radius[office], maps.OFFICE_RADIUS)
        drawn = maps.name_markers(table, cfg, at, w, h, radius, None)
        placed, listed = maps.screen_names(table, cfg, None, provinsi, None, w, h)
        own = set(maps.focus_kodes(cfg, provinsi))  # a province's map names its own districts
        markers = [m for m in drawn if m.kode in own]
        assert {m.kode for m in markers} == own, provinsi  # all of them inside its frame
        others = [m for m in drawn if m.kode not in own]  # its neighbours: drawn, not to be covered
        _check(markers, placed, listed, w, h, maps.NAME_SIZE, others, (provinsi, w))


def test_the_deck_and_brief_map_names_every_district_in_its_picture():
    cfg = load_config(CONFIG_MAIN)
    table = _table(cfg)
    placed, listed, _ = paper_map.names_on_map(table, cfg, None, None, 700, 420)
    svg = vlc.vegalite_to_svg(paper_map.static_map(table, cfg, None, None, 700, 420).to_dict())
    for p in placed:
        assert f">{p.text}</text>" in svg
    named = {p.kode for p in placed if p.number is None}
    assert len(named) + len(listed) == len(cfg.wilayah)
    office = f"({paper_map.OFFICE_LABEL})"  # the office's district says it is the office's: on the map or listed
    assert office in svg or any(office in name for name in listed)
