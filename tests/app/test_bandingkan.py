"""Bandingkan Wilayah: 2–6 districts picked by widget key (and from the URL), their figures against the coverage and
province averages as the store holds them, absolute or per 10.000 penduduk, stated in words."""

from __future__ import annotations

import pytest

from lib import fmt
from lib.config import load_config
from tests.app.helpers import app, shown_metrics, sql

PAGE = "views/bandingkan.py"


def open_compare(**query):
    at = app(**query).run()
    return at.switch_page(PAGE).run()


def expected(db: str, cfg, periode: str, kodes: list[str], klaster: str | None = None) -> dict:
    """Terdata, dilayani (per district), pooled cakupan and penyerapan of a set of districts, by SQL on the store."""
    kats = [k.kode for k in cfg.kategori if not klaster or k.klaster == klaster]
    t, d, n = sql(
        db,
        "SELECT sum(terdata), sum(dilayani), count(DISTINCT kode_wilayah) FROM kini_pas "
        "WHERE periode = ? AND list_contains(?, kode_wilayah) AND list_contains(?, kategori_pas)",
        [periode, kodes, kats],
    )[0]
    spent, budget = sql(
        db,
        "SELECT sum(realisasi_anggaran), sum(anggaran) FROM kini_program WHERE periode = ? "
        "AND list_contains(?, kode_wilayah)" + (" AND klaster = ?" if klaster else ""),
        [periode, kodes] + ([klaster] if klaster else []),
    )[0]
    return {
        "terdata": fmt.angka(t / n),
        "dilayani": fmt.angka(d / n),
        "cakupan": fmt.persen(d / t),
        "serapan": fmt.persen(spent / budget) if budget else fmt.TIDAK_ADA_DATA,
    }


def rows_of(at) -> dict[str, list[str]]:
    df = at.dataframe[0].value
    return {row.iloc[0]: row.tolist() for _, row in df.iterrows()}


@pytest.mark.parametrize("config", ["main", "dinsos", "ntb"])
def test_compare_page_renders_with_default_districts_and_reference_rows(seeded, config):
    seeded_db = seeded(config)
    cfg = load_config()
    at = open_compare(wilayah=cfg.kode_wilayah[0])  # the sidebar's district and its province's next ones
    assert not at.exception, at.exception
    assert at.title[0].value == "Bandingkan Wilayah"
    picked = at.multiselect(key="banding_wilayah").value
    assert 2 <= len(picked) <= 6 and picked[0] == cfg.kode_wilayah[0]
    assert at.query_params["banding"] == ",".join(picked)
    rows = rows_of(at)
    assert "Rata-rata wilayah jangkauan" in rows
    # One-province coverage (dinsos, ntb): its province's average is the coverage's, shown once.
    assert any(name.startswith("Rata-rata Provinsi") for name in rows) == (len(cfg.provinsi) > 1)
    assert len(at.metric) == len(picked)
    assert len(at.get("vega_lite_chart")) == 2  # small multiples and the ranking
    columns = at.dataframe[0].value.columns
    assert f"{cfg.kategori_singkatan} terdata" in columns
    assert ("Penyerapan anggaran" in columns) == (config != "ntb")  # [modul] program = false: no programme columns
    months = sql(seeded_db, "SELECT count(DISTINCT periode) FROM kini_pas", [])[0][0]
    assert f"Tren {months} bulan" in [h.value for h in at.subheader]


@pytest.mark.parametrize(
    "periode, klaster, kodes",
    [
        ("2025-12", None, ["74.71", "74.02", "81.02"]),
        ("2025-03", "anak", ["72.06", "74.71"]),
        ("2024-07", "rentan", ["81.03", "81.05", "74.10", "74.72"]),
    ],
)
def test_compared_figures_equal_the_store(seeded, periode, klaster, kodes):
    db = seeded("main")
    cfg = load_config()
    query = {"periode": periode, "banding": ",".join(kodes)} | ({"klaster": klaster} if klaster else {})
    at = open_compare(**query)
    rows = rows_of(at)
    for kode in kodes:
        want = expected(db, cfg, periode, [kode], klaster)
        row = rows[cfg.wilayah.at[kode, "nama_pendek"]]
        assert row[1:4] == [want["terdata"], want["dilayani"], want["cakupan"]], kode
        assert row[6] == want["serapan"], kode
    area = expected(db, cfg, periode, cfg.kode_wilayah, klaster)
    assert rows["Rata-rata wilayah jangkauan"][1:4] == [area["terdata"], area["dilayani"], area["cakupan"]]
    prov = cfg.wilayah.at[kodes[0], "kode_provinsi"]
    members = list(cfg.wilayah.index[cfg.wilayah["kode_provinsi"] == prov])
    name = f"Rata-rata Provinsi {cfg.wilayah.at[kodes[0], 'provinsi']}"
    assert rows[name][3] == expected(db, cfg, periode, members, klaster)["cakupan"]
    # the cards show the chosen measure (coverage by default) for each district
    cards = shown_metrics(at)
    for kode in kodes:
        assert cards[cfg.wilayah.at[kode, "nama_pendek"]] == expected(db, cfg, periode, [kode], klaster)["cakupan"]


def test_statements_in_words_state_the_gap_to_the_coverage_average(seeded):
    db = seeded("main")
    cfg = load_config()
    at = open_compare(periode="2025-12", banding="74.02,74.71")
    text = next(m.value for m in at.markdown if m.value.startswith("- "))
    mine = expected(db, cfg, "2025-12", ["74.02"])
    area = expected(db, cfg, "2025-12", cfg.kode_wilayah)
    t, d = sql(
        db, "SELECT sum(terdata), sum(dilayani) FROM kini_pas WHERE periode = '2025-12' AND kode_wilayah = '74.02'"
    )[0]
    at_, ad = sql(db, "SELECT sum(terdata), sum(dilayani) FROM kini_pas WHERE periode = '2025-12'")[0]
    gap = (d / t - ad / at_) * 100
    side = "di atas" if gap > 0 else "di bawah"
    sentence = (
        f"{cfg.wilayah.at['74.02', 'nama_pendek']}: cakupan {mine['cakupan']}, {fmt.angka(abs(gap), 1)} poin "
        f"{side} rata-rata wilayah jangkauan ({area['cakupan']})"
    )
    assert sentence in text


def test_picking_districts_scale_and_measure_by_widget_key_updates_the_url(seeded):
    db = seeded("main")
    cfg = load_config()
    at = open_compare(periode="2025-12")
    at.multiselect(key="banding_wilayah").set_value(["81.05", "74.71"]).run()
    assert at.query_params["banding"] == "81.05,74.71"
    assert list(rows_of(at))[:2] == [cfg.wilayah.at["81.05", "nama_pendek"], cfg.wilayah.at["74.71", "nama_pendek"]]

    at.segmented_control(key="banding_skala").set_value("per10rb").run()
    assert at.query_params["skala"] == "per10rb"
    t = sql(db, "SELECT sum(terdata) FROM kini_pas WHERE periode = '2025-12' AND kode_wilayah = '81.05'")[0][0]
    pop = sql(
        db,
        "SELECT jumlah FROM kini_penduduk WHERE kode_wilayah = '81.05' AND tahun <= 2025 ORDER BY tahun DESC LIMIT 1",
    )[0][0]
    row = rows_of(at)[cfg.wilayah.at["81.05", "nama_pendek"]]
    assert row[1] == fmt.angka(t / pop * 10_000, 1)
    assert "per 10.000 penduduk" in at.dataframe[0].value.columns[1]

    at.segmented_control(key="banding_ukuran").set_value("terdata").run()
    assert at.query_params["ukuran"] == "terdata"
    assert shown_metrics(at)[cfg.wilayah.at["81.05", "nama_pendek"]] == fmt.angka(t)
    ranking = at.get("vega_lite_chart")[1].proto.spec
    assert '"dibandingkan"' in ranking and cfg.wilayah.at["81.05", "nama_pendek"] in ranking

    at.multiselect(key="banding_wilayah").set_value(["74.71"]).run()
    assert any("paling sedikit 2" in i.value for i in at.info)
    assert len(at.dataframe) == 0


def test_a_shared_link_opens_the_same_comparison(seeded):
    seeded("main")
    at = open_compare(banding="74.01,74.03,81.06,74.99", skala="per10rb", ukuran="capaian")
    assert at.multiselect(key="banding_wilayah").value == ["74.01", "74.03", "81.06"]  # unknown code dropped
    assert at.segmented_control(key="banding_skala").value == "per10rb"
    assert at.segmented_control(key="banding_ukuran").value == "capaian"
    links = [str(p.proto) for p in at.get("page_link")]
    assert all(any(k in link for link in links) for k in ["74.01", "74.03", "81.06"])  # to each profile


def test_second_configuration_compares_its_districts(seeded):
    db = seeded("dinsos")
    cfg = load_config()
    kodes = cfg.kode_wilayah[:2]
    at = open_compare(banding=",".join(kodes))
    periode = at.session_state["f_periode"]
    rows = rows_of(at)
    for kode in kodes:
        assert rows[cfg.wilayah.at[kode, "nama_pendek"]][3] == expected(db, cfg, periode, [kode])["cakupan"]
    assert f"{cfg.kategori_singkatan} terdata" in at.dataframe[0].value.columns
