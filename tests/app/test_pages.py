"""Every page renders on both configurations, and the overview shows what the store holds for the filters."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from lib import fmt, store
from lib.config import load_config
from lib.figures.indicators import indicators
from tests.app.helpers import ROOT, app, app_with_filters, shown_metrics, sql
from tests.principals import admin

PAGES = ["views/ringkasan.py", "views/riwayat.py"]


@pytest.mark.parametrize("config", ["main", "dinsos", "ntb"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(seeded, config, page):
    db = seeded(config)
    at = app().run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value in ("Ringkasan", "Riwayat Data")
    if page == PAGES[0]:
        cards = 4 if config == "ntb" else 8  # ntb: no programme and no SKA cards ([modul])
        # and "Output dan dampak": every indicator but those of their own screen only (kelompok lain)
        assert len(at.metric) == cards + len([i for i in indicators(load_config()) if i.kelompok != "lain"])
    else:
        batches = at.dataframe[1].value
        # every sample batch: the monthly datasets one per month (lib.sample.monthly_batches), the others one each
        assert len(batches) == sql(db, "SELECT count(*) FROM batch")[0][0] > 2 * 13  # ntb: 13 months, 2 monthly sets


def _expected(db: str, periode: str, klaster=None, provinsi=None, wilayah=None) -> dict[str, str]:
    """The overview's PAS and money figures, computed here with SQL on the store's current-value views."""
    cfg = load_config()
    w = cfg.wilayah
    kodes = [wilayah] if wilayah else list(w.index[w["kode_provinsi"] == provinsi]) if provinsi else list(w.index)
    kats = [k.kode for k in cfg.kategori if not klaster or k.klaster == klaster]
    terdata, dilayani = sql(
        db,
        "SELECT sum(terdata), sum(dilayani) FROM kini_pas WHERE periode = ? "
        "AND list_contains(?, kode_wilayah) AND list_contains(?, kategori_pas)",
        [periode, kodes, kats],
    )[0]
    prog_filter = "AND klaster = ?" if klaster else ""
    spent, budget = sql(
        db,
        f"SELECT sum(realisasi_anggaran), sum(anggaran) FROM kini_program WHERE periode = ? "
        f"AND list_contains(?, kode_wilayah) {prog_filter}",
        [periode, kodes] + ([klaster] if klaster else []),
    )[0]
    omzet = sql(db, "SELECT sum(omzet) FROM kini_ska WHERE periode = ?", [periode])[0][0]
    s = cfg.kategori_singkatan
    return {
        f"{s} terdata": fmt.angka(terdata),
        f"{s} dilayani": fmt.angka(dilayani),
        "Cakupan layanan": fmt.persen(dilayani / terdata) if terdata else fmt.TIDAK_ADA_DATA,
        "Penyerapan anggaran": fmt.persen(spent / budget) if budget else fmt.TIDAK_ADA_DATA,
        # the Sentra's own shop: under a narrower filter its card says it is the whole Sentra's
        "Omzet SKA" + (" (seluruh Sentra)" if klaster or provinsi or wilayah else ""): fmt.rupiah(omzet),
    }


@pytest.mark.parametrize(
    "filters",
    [
        {"periode": "2025-12"},
        {"periode": "2025-03", "klaster": "anak"},
        {"periode": "2025-07", "provinsi": "81"},
        {"periode": "2024-06", "wilayah": "74.71"},
        {"periode": "2025-09", "klaster": "disabilitas", "provinsi": "74"},
    ],
)
def test_overview_kpis_equal_the_store_for_the_filters_set_by_widget(seeded, filters):
    db = seeded("main")
    at = app_with_filters(**filters)
    assert not at.exception
    shown = shown_metrics(at)
    for label, value in _expected(db, **filters).items():
        assert shown[label] == value, label
    for name, value in filters.items():  # the view is addressable by URL
        assert at.query_params[name] == value


def test_filters_are_read_from_the_url(seeded):
    db = seeded("main")
    at = app(periode="2025-03", wilayah="74.71").run()
    scope = " ".join(c.value for c in at.caption)
    assert fmt.bulan("2025-03") in scope and load_config().nama_wilayah("74.71") in scope
    expected = _expected(db, "2025-03", wilayah="74.71")
    assert shown_metrics(at)["PAS terdata"] == expected["PAS terdata"]


def test_second_configuration_shows_its_own_categories_and_figures(seeded):
    db = seeded("dinsos")
    cfg = load_config()
    first = cfg.kode_wilayah[0]
    at = app_with_filters(wilayah=first)
    periode = at.session_state["f_periode"]
    shown = shown_metrics(at)
    for label, value in _expected(db, periode, wilayah=first).items():
        assert shown[label] == value, label
    assert f"{cfg.kategori_singkatan} terdata" in shown


def test_sample_badge_is_shown_until_real_data_replaces_it(seeded):
    db = seeded("main")
    at = app().run()
    assert any("DATA CONTOH" in m.value for m in at.markdown)
    for batch_id in store.history(db)["id"]:
        store.rollback_batch(int(batch_id), admin("uji"), path=db)
    real = pd.DataFrame(
        {
            "periode": ["2025-12"],
            "kode_wilayah": ["74.71"],
            "kategori_pas": ["anak_rentan"],
            "terdata": [120],
            "dilayani": [80],
        }
    )
    store.save_batch("pas", real, admin("operator"), path=db, nama_berkas="pas_desember.xlsx")
    at = app().run()
    assert not any("DATA CONTOH" in m.value for m in at.markdown)
    assert shown_metrics(at)["PAS terdata"] == "120"
    assert shown_metrics(at)["Penyerapan anggaran"] == fmt.TIDAK_ADA_DATA  # missing stays missing, not 0


def test_a_command_line_change_while_the_dashboard_is_open_shows_on_the_next_rerun(seeded):
    db = seeded("main")
    at = app().run()
    assert shown_metrics(at)["Penyerapan anggaran"] != fmt.TIDAK_ADA_DATA
    # the sample's programme rows come in monthly batches: all but the latest undone here, the latest from the CLI
    *earlier, program_batch = [r[0] for r in sql(db, "SELECT id FROM batch WHERE dataset = 'program' ORDER BY id")]
    for batch_id in earlier:
        store.rollback_batch(batch_id, admin("uji"), path=db)
    done = subprocess.run(
        [sys.executable, "-m", "lib", "rollback", str(program_batch), "--user", "wa.ode"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    at.run()
    assert shown_metrics(at)["Penyerapan anggaran"] == fmt.TIDAK_ADA_DATA
    assert shown_metrics(at)["Program sesuai jadwal"] == fmt.TIDAK_ADA_DATA


ALL_VIEWS = sorted(f"views/{p.name}" for p in (ROOT / "views").glob("*.py"))


@pytest.mark.parametrize("page", ALL_VIEWS)
def test_every_page_on_an_empty_database_says_there_is_no_data_instead_of_failing(db, monkeypatch, page):
    monkeypatch.setenv("ATENSI_SAMPLE", "0")
    at = app().run()
    if page != "views/ringkasan.py":
        at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.metric  # no card with a made-up zero
    assert store.history(db).empty
    if page not in ("views/unggah.py", "views/riwayat.py"):  # these two work without data
        assert any("Belum ada data" in i.value for i in at.info)
