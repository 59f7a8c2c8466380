"""The Peta page: polygons (a boundary file built here, and the shared one where present) or points, classed
colours matching the store's values, the legend, province views, selection in the URL, and the boundary upload."""

from __future__ import annotations

import json

import pytest

from lib import fmt
from lib.config import load_config
from lib.present.texts import WORD_JOINER
from lib.render import maps
from tests.app.helpers import OP_KENDARI, WA_ODE, app, sql
from tests.conftest import CONFIGS
from tests.unit.test_geo import SHARED, voronoi_districts, write_geojson

PAGE = "views/peta.py"
SOURCES = ["generated"] + (["shared"] if SHARED.exists() else [])


@pytest.fixture(params=SOURCES)
def with_boundaries(request, seeded, tmp_path, monkeypatch) -> str:
    """A seeded database and ATENSI_BOUNDARIES: a file built in the test, or the shared file where it exists."""
    db = seeded("main")
    path = (
        SHARED
        if request.param == "shared"
        else write_geojson(voronoi_districts(load_config()), tmp_path / "batas.geojson")
    )
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(path))
    return db


@pytest.fixture
def no_boundaries(seeded, tmp_path, monkeypatch) -> str:
    db = seeded("main")
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(tmp_path / "tidak_ada.geojson"))
    return db


def peta(principal=None, **query):
    at = app(principal, **query).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def deck(at) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def layer(spec: dict, layer_id: str) -> dict:
    return next(x for x in spec["layers"] if x["id"] == layer_id)


def spec_tooltip(at) -> str:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)["html"]


def legend_text(at) -> str:
    return next(m.value for m in at.markdown if "tidak ada data" in m.value and "<span" in m.value)


def terdata_by_district(db: str, periode: str) -> dict[str, float]:
    rows = sql(db, "SELECT kode_wilayah, sum(terdata) FROM kini_pas WHERE periode = ? GROUP BY 1", [periode])
    return {k: float(v) for k, v in rows}


def test_the_deck_holds_23_polygons_coloured_by_their_class_and_stays_under_300_kb(with_boundaries):
    at = peta(periode="2025-12")
    raw = at.get("deck_gl_json_chart")[0].proto.json
    assert len(raw.encode()) <= 300 * 1024
    spec = json.loads(raw)
    assert "mapProvider" not in spec or spec["mapProvider"] is None  # no basemap: no outside request
    assert spec["mapStyle"] == "__MAP_STYLE__"  # Streamlit's "no style"; None or no key fetches Carto's style
    features = layer(spec, maps.LAYER)["data"]["features"]
    assert len(features) == 23 and {f["geometry"]["type"] for f in features} <= {"Polygon", "MultiPolygon"}
    values = terdata_by_district(with_boundaries, "2025-12")
    colour_class = {tuple(c): i for i, c in enumerate(maps.CLASS_COLORS)}
    classes = {f["properties"]["kode"]: colour_class[tuple(f["properties"]["warna"])] for f in features}
    assert set(classes.values()) == set(range(5))  # five classes in use
    # a higher value is never in a lower class: the colours follow the store's figures
    for a in values:
        for b in values:
            if values[a] < values[b]:
                assert classes[a] <= classes[b], (a, b)
    legend = legend_text(at)
    for kode, c in classes.items():  # each district's value lies in its class's range, written the Indonesian way
        lo, hi = min(values[k] for k in classes if classes[k] == c), max(values[k] for k in classes if classes[k] == c)
        assert lo <= values[kode] <= hi
        assert f"{fmt.angka(lo)} – {fmt.angka(hi)}" in legend or fmt.angka(lo) in legend
    tip = next(f["properties"] for f in features if f["properties"]["kode"] == "74.71")
    assert tip["teks"] == fmt.angka(values["74.71"]) and tip["peringkat_teks"].endswith("dari 23")
    assert tip["nama"] == load_config().nama_wilayah("74.71") and tip["ubah_teks"]
    assert "{teks}" in spec_tooltip(at) and "Dibanding bulan lalu: {ubah_teks}" in spec_tooltip(at)
    assert len(layer(spec, "provinsi")["data"]["features"]) == 3  # province outlines


def test_without_boundaries_the_districts_are_23_points_and_the_page_says_how_to_add_them(no_boundaries):
    at = peta()
    spec = deck(at)
    points = layer(spec, maps.LAYER)
    assert points["@@type"] == "ScatterplotLayer" and len(points["data"]) == 23
    radii = {p["kode"]: p["radius"] for p in points["data"]}
    values = terdata_by_district(no_boundaries, at.session_state["filter"].periode)
    top, low = max(values, key=values.get), min(values, key=values.get)
    assert radii[top] > radii[low]  # sized by value
    note = " ".join(i.value for i in at.info)
    assert "python -m lib boundaries download" in note and "boundaries load" in note and "Batas wilayah" in note


def test_districts_without_data_are_grey_and_labelled_tidak_ada_data(no_boundaries):
    at = peta(periode="2024-06", peta_ukuran="capaian")  # few districts had a programme in 2024 in the sample
    with_programme = {
        k
        for (k,) in sql(
            no_boundaries, "SELECT DISTINCT kode_wilayah FROM kini_program WHERE periode = '2024-06' AND target > 0"
        )
    }
    assert 0 < len(with_programme) < 23
    points = layer(deck(at), maps.LAYER)["data"]
    grey = {p["kode"] for p in points if tuple(p["warna"]) == maps.NO_DATA_COLOR}
    assert grey == {p["kode"] for p in points} - with_programme
    assert all(p["teks"] == "tidak ada data" for p in points if p["kode"] in grey)
    assert "Capaian program: <b>{teks}</b>" in spec_tooltip(at)
    assert "tidak ada data" in legend_text(at)
    bars = json.loads(at.get("vega_lite_chart")[0].proto.spec)  # the bar chart writes each value's text
    assert any(lay["encoding"].get("text", {}).get("field") == "teks" for lay in bars["layer"])
    assert at.selectbox(key="peta_ukuran").value == "capaian"


def test_the_measure_and_the_klaster_filter_change_the_values(no_boundaries):
    at = app(periode="2025-12", klaster="anak").run()
    at.switch_page(PAGE).run()
    at.selectbox(key="peta_ukuran").set_value("dilayani").run()
    assert not at.exception
    cfg = load_config()
    kats = [k.kode for k in cfg.kategori if k.klaster == "anak"]
    expected = sql(
        no_boundaries,
        "SELECT sum(dilayani) FROM kini_pas WHERE periode = '2025-12' AND kode_wilayah = "
        "'74.71' AND list_contains(?, kategori_pas)",
        [kats],
    )[0][0]
    point = next(p for p in layer(deck(at), maps.LAYER)["data"] if p["kode"] == "74.71")
    assert point["teks"] == fmt.angka(expected)
    assert at.query_params["peta_ukuran"] == ["dilayani"] or at.query_params["peta_ukuran"] == "dilayani"


def test_a_province_button_frames_that_province(with_boundaries):
    at = peta()
    whole = deck(at)["initialViewState"]
    cfg = load_config()
    maluku = cfg.wilayah.loc[cfg.wilayah["kode_provinsi"] == "81"]
    buttons = at.segmented_control(key="peta_fokus")
    assert len(buttons.options) == 1 + cfg.wilayah["kode_provinsi"].nunique()  # one per configured province
    buttons.set_value("81").run()
    view = deck(at)["initialViewState"]
    assert view["zoom"] > whole["zoom"]
    assert maluku["titik_lon"].min() < view["longitude"] < maluku["titik_lon"].max()
    assert at.query_params["peta_fokus"] in ("81", ["81"])


def test_a_selected_district_shows_its_figures_and_profile_link_and_is_in_the_url(with_boundaries):
    at = peta(periode="2025-12", peta_wilayah="74.71")
    cfg = load_config()
    panel = [m.value for m in at.markdown if m.value.startswith("**") and "·" in m.value]
    assert panel and cfg.nama_wilayah("74.71") in panel[0]
    table = at.table[0].value
    values = terdata_by_district(with_boundaries, "2025-12")
    assert fmt.angka(values["74.71"]) in table.iloc[:, 0].tolist()
    rank = sorted(values.values(), reverse=True).index(values["74.71"]) + 1
    assert f"{rank}/23" in table.iloc[:, 2].tolist()
    link = at.get("page_link")[0].proto
    assert link.page.endswith("profil") or "profil" in link.page
    outline = layer(deck(at), "terpilih")["data"]["features"]
    assert len(outline) == 1
    at.selectbox(key="peta_wilayah").set_value("81.02").run()
    assert at.query_params["peta_wilayah"] in ("81.02", ["81.02"])
    assert cfg.nama_wilayah("81.02") in [m.value for m in at.markdown if m.value.startswith("**") and "·" in m.value][0]


def test_a_click_on_the_map_selects_the_district(with_boundaries):
    at = peta()
    at.session_state["peta_deck"] = {
        "selection": {"indices": {maps.LAYER: [0]}, "objects": {maps.LAYER: [{"properties": {"kode": "72.06"}}]}}
    }
    at.run()
    assert at.selectbox(key="peta_wilayah").value == "72.06"
    assert at.query_params["peta_wilayah"] in ("72.06", ["72.06"])


def test_uploading_a_boundary_file_on_the_page_installs_it(no_boundaries, tmp_path, monkeypatch):
    dest = tmp_path / "data" / "batas_wilayah.geojson"
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(dest))
    assert not peta(OP_KENDARI).get("file_uploader")  # boundaries are an admin's: no uploader for an operator
    at = peta(WA_ODE)
    assert layer(deck(at), maps.LAYER)["@@type"] == "ScatterplotLayer"
    data = write_geojson(voronoi_districts(load_config()), tmp_path / "unggah.geojson").read_bytes()
    at.file_uploader(key="batas_unggah_0").upload("batas.geojson", data, "application/geo+json").run()
    at.button(key="batas_pasang").click().run()
    assert not at.exception
    assert dest.exists()
    assert layer(deck(at), maps.LAYER)["@@type"] == "GeoJsonLayer"
    assert any("23 dari 23 kabupaten/kota cocok" in s.value for s in at.success)


def test_the_page_works_on_the_second_configuration(seeded, tmp_path, monkeypatch):
    seeded("dinsos")
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(tmp_path / "tidak_ada.geojson"))
    at = peta()
    cfg = load_config()
    assert len(layer(deck(at), maps.LAYER)["data"]) == len(cfg.wilayah)
    assert not at.error


def test_a_boundary_file_of_another_area_is_said_to_match_none_not_to_be_missing(seeded, tmp_path, monkeypatch):
    seeded("main")
    other = write_geojson(voronoi_districts(load_config(CONFIGS["dinsos"])), tmp_path / "gorontalo.geojson")
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(other))
    at = peta()
    assert layer(deck(at), maps.LAYER)["@@type"] == "ScatterplotLayer"  # points, as without boundaries
    errors = " ".join(e.value for e in at.error).replace("\\", "").replace(WORD_JOINER, "")  # through as_text
    assert "gorontalo.geojson tidak memuat satu pun dari 23 kabupaten/kota" in errors
    assert str(tmp_path) not in errors  # the file's name, not its server path
    infos = " ".join(i.value for i in at.info)
    assert "belum dipasang" not in infos and "tidak dapat dipakai" in infos


def test_the_boundary_file_is_the_one_beside_the_configuration(seeded, tmp_path, monkeypatch):
    """Two deployments on one machine: without ATENSI_BOUNDARIES each reads batas_wilayah.geojson in its own
    configuration's folder."""
    import shutil

    seeded("main")
    folder = tmp_path / "sentra"
    shutil.copytree(CONFIGS["main"].parent, folder, ignore=shutil.ignore_patterns("*.duckdb*", "*.geojson", "*.json"))
    monkeypatch.setenv("ATENSI_CONFIG", str(folder / "konfigurasi.toml"))
    monkeypatch.delenv("ATENSI_BOUNDARIES", raising=False)
    assert "belum dipasang" in " ".join(i.value for i in peta().info)
    write_geojson(voronoi_districts(load_config()), folder / "batas_wilayah.geojson")
    assert layer(deck(peta()), maps.LAYER)["@@type"] == "GeoJsonLayer"


@pytest.fixture
def national(tmp_path, monkeypatch):
    """The national deployment (data/nasional) with a short sample (2 months, for speed), seeded on DuckDB."""
    import shutil

    from lib import sample, store
    from tests.conftest import ROOT

    folder = tmp_path / "nasional"
    shutil.copytree(ROOT / "data" / "nasional", folder)
    contoh = folder / "contoh.toml"
    contoh.write_text(contoh.read_text(encoding="utf-8").replace("jumlah_bulan = 24", "jumlah_bulan = 2"), "utf-8")
    db = str(tmp_path / "nasional.duckdb")
    store.init_db(db)
    sample.seed(db, load_config(folder / "konfigurasi.toml"))
    monkeypatch.setenv("ATENSI_DB", db)
    monkeypatch.setenv("ATENSI_CONFIG", str(folder / "konfigurasi.toml"))
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(tmp_path / "tidak_ada.geojson"))
    return load_config(folder / "konfigurasi.toml")


def test_every_one_of_the_38_provinces_frames_its_districts(national):
    """38 provinces do not fit a row of buttons: a list, and each choice frames that province's points."""
    at = peta()
    whole = deck(at)["initialViewState"]
    choice = at.selectbox(key="peta_fokus")
    provinces = national.wilayah.drop_duplicates("kode_provinsi")
    assert len(choice.options) == 1 + 38 and not at.segmented_control
    for kode in provinces["kode_provinsi"]:
        at.selectbox(key="peta_fokus").set_value(kode).run()
        assert not at.exception
        view = deck(at)["initialViewState"]
        inside = national.wilayah.loc[national.wilayah["kode_provinsi"] == kode]
        assert view["zoom"] >= whole["zoom"], kode
        lo, hi = inside["titik_lon"].astype(float).min() - 0.5, inside["titik_lon"].astype(float).max() + 0.5
        assert lo <= view["longitude"] <= hi, kode
        assert at.query_params["peta_fokus"] in (kode, [kode])
