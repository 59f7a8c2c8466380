"""Profil Wilayah: one district from `?kode=`, the sidebar or its own selectbox; its key figures, groups, services,
programmes, SDM and open follow-ups as the store holds them, on both configurations."""

from __future__ import annotations

import pytest

from lib import figures, fmt
from lib.config import load_config
from tests.app.helpers import app, app_with_filters, shown_metrics, sql

PAGE = "views/profil.py"


def open_profile(**query):
    at = app(**query).run()
    return at.switch_page(PAGE).run()


def expected_kpis(db: str, cfg, kode: str, periode: str, klaster: str | None = None) -> dict[str, str]:
    kats = [k.kode for k in cfg.kategori if not klaster or k.klaster == klaster]
    t, d = sql(
        db,
        "SELECT sum(terdata), sum(dilayani) FROM kini_pas WHERE periode = ? AND kode_wilayah = ? "
        "AND list_contains(?, kategori_pas)",
        [periode, kode, kats],
    )[0]
    pop = sql(
        db,
        "SELECT jumlah FROM kini_penduduk WHERE kode_wilayah = ? ORDER BY (tahun <= ?) DESC, "
        "CASE WHEN tahun <= ? THEN -tahun ELSE tahun END LIMIT 1",
        [kode, int(periode[:4]), int(periode[:4])],
    )[0][0]
    spent, budget = sql(
        db,
        "SELECT sum(realisasi_anggaran), sum(anggaran) FROM kini_program WHERE periode = ? "
        "AND kode_wilayah = ?" + (" AND klaster = ?" if klaster else ""),
        [periode, kode] + ([klaster] if klaster else []),
    )[0]
    workers_kinds = [j.kode for j in cfg.jenis_sdm if j.pekerja_sosial]
    year = sql(db, "SELECT max(tahun) FROM kini_sdm WHERE kode_wilayah = ? AND tahun <= ?", [kode, int(periode[:4])])[
        0
    ][0]
    workers = sql(
        db,
        "SELECT sum(jumlah) FROM kini_sdm WHERE kode_wilayah = ? AND tahun = ? AND list_contains(?, jenis_sdm)",
        [kode, year, workers_kinds],
    )[0][0]
    s = cfg.kategori_singkatan
    return {
        f"{s} terdata": fmt.angka(t),
        f"{s} dilayani": fmt.angka(d),
        "Cakupan layanan": fmt.persen(d / t),
        f"{s} per 10.000 penduduk": fmt.angka(t / pop * 10_000, 1),
        "Penyerapan anggaran": fmt.persen(spent / budget) if budget else fmt.TIDAK_ADA_DATA,
        f"{s} per pekerja sosial": fmt.angka(t / workers, 1) if workers else fmt.TIDAK_ADA_DATA,
    }


@pytest.mark.parametrize("config", ["main", "dinsos", "ntb"])
def test_profile_renders_every_section_on_both_configurations(seeded, config):
    db = seeded(config)
    cfg = load_config()
    at = open_profile()
    assert not at.exception, at.exception
    kode = at.selectbox(key="profil_kode").value
    home = cfg.sentra["kode_wilayah"]
    assert kode == (home if home in cfg.kode_wilayah else cfg.kode_wilayah[0])
    assert at.title[0].value == cfg.nama_wilayah(kode)
    assert at.query_params["kode"] == kode
    periode = at.session_state["f_periode"]
    shown = shown_metrics(at)
    programs = config != "ntb"  # ntb: [modul] program = false, no programme cards or section
    # every district-level indicator of the configuration (the outcome ones, PAS per pekerja sosial), and the rank
    assert len(shown) == len(figures.map_measures(cfg)) + 1
    assert ("Capaian program" in shown) == programs
    for label, value in expected_kpis(db, cfg, kode, periode).items():
        if programs or label not in ("Capaian program", "Penyerapan anggaran"):
            assert shown[label] == value, label
    months = sql(db, "SELECT count(DISTINCT periode) FROM kini_pas WHERE kode_wilayah = ?", [kode])[0][0]
    headings = [h.value for h in at.subheader]
    for heading in [
        f"Tren {months} bulan",  # the months the data holds (24, or 13 on ntb)
        cfg.kategori_judul,
        "Layanan rehabilitasi sosial yang diberikan" if config == "ntb" else "Layanan ATENSI yang diberikan",
        "SDM kesejahteraan sosial",
        "Tindak lanjut yang belum selesai",
    ]:
        assert heading in headings
    assert ("Program" in headings) == programs
    groups = at.dataframe[0].value
    assert len(groups) == len(cfg.kategori)


@pytest.mark.parametrize(
    "kode, periode, klaster",
    [
        ("81.02", "2025-12", None),
        ("74.71", "2025-03", "anak"),
        ("72.12", "2024-08", "rentan"),
    ],
)
def test_profile_figures_equal_the_store(seeded, kode, periode, klaster):
    db = seeded("main")
    cfg = load_config()
    at = open_profile(kode=kode, periode=periode, **({"klaster": klaster} if klaster else {}))
    assert at.title[0].value == cfg.nama_wilayah(kode)
    shown = shown_metrics(at)
    for label, value in expected_kpis(db, cfg, kode, periode, klaster).items():
        assert shown[label] == value, label
    groups = at.dataframe[0].value.set_index(cfg.kategori_judul)
    kats = [k for k in cfg.kategori if not klaster or k.klaster == klaster]
    assert len(groups) == len(kats)
    for k in kats[:3]:
        t, d = sql(
            db,
            "SELECT terdata, dilayani FROM kini_pas WHERE periode = ? AND kode_wilayah = ? AND kategori_pas = ?",
            [periode, kode, k.kode],
        )[0]
        assert groups.loc[k.pendek, ["Terdata", "Dilayani"]].tolist() == [fmt.angka(t), fmt.angka(d)]
    sdm = next(d.value for d in at.dataframe if "Jenis SDM" in d.value.columns).set_index("Jenis SDM")
    year = (
        sql(db, "SELECT max(tahun) FROM kini_sdm WHERE kode_wilayah = ? AND tahun <= ?", [kode, int(periode[:4])])[0][0]
        or sql(db, "SELECT min(tahun) FROM kini_sdm WHERE kode_wilayah = ?", [kode])[0][0]
    )
    for jenis, jumlah in sql(
        db, "SELECT jenis_sdm, jumlah FROM kini_sdm WHERE kode_wilayah = ? AND tahun = ?", [kode, year]
    ):
        assert sdm.at[cfg.label("jenis_sdm", jenis), "Jumlah"] == fmt.angka(jumlah)


def test_programmes_and_open_follow_ups_of_the_district_are_listed(seeded):
    db = seeded("main")
    cfg = load_config()
    at = open_profile(kode="81.02", periode="2025-12")
    programs = sql(
        db, "SELECT DISTINCT nama_program FROM kini_program WHERE kode_wilayah = '81.02' AND periode = '2025-12'"
    )
    table = next(d.value for d in at.dataframe if "Program" in d.value.columns and "Status jadwal" in d.value.columns)
    assert sorted(table["Program"]) == sorted(p for (p,) in programs)
    done = cfg.status_tindak_lanjut[-1]
    open_items = sql(
        db,
        "SELECT uraian FROM kini_tindak_lanjut WHERE (kode_wilayah = '81.02' OR kode_wilayah = '' "
        "OR kode_wilayah IS NULL) AND status <> ?",
        [done],
    )
    follow = at.dataframe[-1].value
    assert sorted(follow["Uraian"]) == sorted(u for (u,) in open_items)
    assert len(follow) >= 1


def test_the_district_comes_from_the_url_then_the_selectbox_then_the_sidebar(seeded):
    db = seeded("main")
    cfg = load_config()
    at = open_profile(kode="74.05", periode="2025-12")
    assert at.title[0].value == cfg.nama_wilayah("74.05")
    at.selectbox(key="profil_kode").set_value("81.06").run()
    assert at.query_params["kode"] == "81.06" and at.title[0].value == cfg.nama_wilayah("81.06")
    assert shown_metrics(at)["Cakupan layanan"] == expected_kpis(db, cfg, "81.06", "2025-12")["Cakupan layanan"]
    at.selectbox(key="f_wilayah").set_value("72.06").run()  # choosing a district in the sidebar: followed
    assert at.query_params["kode"] == "72.06" and at.title[0].value == cfg.nama_wilayah("72.06")


def test_the_sidebar_district_is_the_default_when_the_url_names_none(seeded):
    seeded("main")
    at = app_with_filters(wilayah="74.10")
    at.switch_page(PAGE).run()
    assert at.selectbox(key="profil_kode").value == "74.10"
    assert at.query_params["kode"] == "74.10"


def test_the_profile_links_to_the_comparison_with_this_district_picked(seeded):
    seeded("main")
    at = open_profile(kode="74.13")
    link = [p for p in at.get("page_link") if "bandingkan" in str(p.proto)]
    assert link and "74.13" in str(link[0].proto)


def test_a_district_without_any_data_shows_no_data_not_zeros(seeded):
    db = seeded("main")
    for table in ("pas", "program", "sdm", "penduduk", "layanan"):
        sql(db, f"DELETE FROM data_{table} WHERE kode_wilayah = '74.14'")
    at = open_profile(kode="74.14", periode="2025-12")
    assert not at.exception, at.exception
    shown = shown_metrics(at)
    for label in [
        "PAS terdata",
        "Cakupan layanan",
        "PAS per 10.000 penduduk",
        "Penyerapan anggaran",
        "PAS per pekerja sosial",
        "Peringkat cakupan",
    ]:
        assert shown[label] == fmt.TIDAK_ADA_DATA, label
    assert (at.dataframe[0].value["Terdata"] == fmt.TIDAK_ADA_DATA).all()
    infos = " ".join(i.value for i in at.info)
    assert "Tidak ada data layanan" in infos and "Tidak ada program" in infos
