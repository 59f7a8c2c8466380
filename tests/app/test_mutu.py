"""Mutu Data on the seeded sample, both configurations and both backends: the cards, the grid and the districts,
and a late and a missing month injected through the real import path."""

from __future__ import annotations

import datetime as dt
import json

from lib import config
from lib.ingest import import_upload
from tests.app.helpers import app, shown_metrics
from tests.principals import admin
from tests.unit.uploads import PAS_HEADER, xlsx


def _mutu(**filters):
    at = app().run()
    for name, value in filters.items():
        at.selectbox(key=f"f_{name}").set_value(value)
    return at.switch_page("views/mutu.py").run()


def test_the_sample_is_complete_and_mostly_on_time(seeded):
    seeded("main")
    at = _mutu(periode="2025-12")
    assert not at.exception
    assert at.title[0].value == "Mutu Data"
    cards = shown_metrics(at)
    assert cards["Kelengkapan laporan"] == "100,0%" and cards["Tidak ada laporan"] == "0"
    assert at.get("vega_lite_chart")  # the district × month grid
    table = at.dataframe[0].value
    assert len(table) == 23 and table["Kelengkapan"].eq("100%").all()
    assert [o for o in at.segmented_control(key="mutu_data").options] == ["PAS", "Layanan", "Program"]


def test_a_late_month_and_the_missing_ones_show_on_the_screen(seeded, monkeypatch):
    seeded("main")
    cfg = config.load_config()
    wita = dt.timezone(dt.timedelta(hours=8))
    monkeypatch.setattr(config, "clock", lambda: dt.datetime(2026, 2, 20, 9, tzinfo=wita))  # after the 10th
    sheet = [PAS_HEADER, ["2026-01", "74.71", "anak_rentan", 40, 20]]
    import_upload(xlsx({"PAS": sheet}), "kendari_januari.xlsx", user=admin(), cfg=cfg)
    at = _mutu(periode="2026-01")
    assert not at.exception
    assert shown_metrics(at)["Tidak ada laporan"] == "22"  # every other district's January, due on 10 February
    table = at.dataframe[0].value.set_index("Wilayah")
    assert table.loc["Kota Kendari", "Terlambat"] == "1" and table.loc["Kota Kendari", "Tidak ada laporan"] == "0"
    assert table.loc["Kab. Kolaka", "Tidak ada laporan"] == "1"
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    legend = spec["layer"][0]["encoding"]["color"]["legend"]["labelExpr"]
    assert "Terlambat (T)" in legend and "Tidak ada laporan (×)" in legend  # the legend says both


def test_a_deployment_without_programmes_offers_pas_and_layanan_with_its_own_deadline(seeded):
    seeded("ntb")
    at = _mutu()
    assert not at.exception
    assert list(at.segmented_control(key="mutu_data").options) == ["PMKS", "Layanan"]
    assert any("tanggal 15 bulan berikutnya" in c.value and "ketepatan 80%" in c.value for c in at.caption)


def test_the_upload_preview_warns_of_a_value_ten_times_its_own_history_before_it_is_saved(seeded):
    from lib import store
    from tests.app.helpers import WA_ODE
    from tests.app.test_unggah import _page, _save_button, _upload, _workbook

    db = seeded("main")
    old = store.current("pas", db).set_index(["periode", "kode_wilayah", "kategori_pas"])
    before = int(old.loc[("2025-12", "74.71", "anak_rentan"), "terdata"])
    at = _upload(
        _page(WA_ODE), _workbook([["Desember 2025", "Kota Kendari", "Anak Rentan", before * 10, 10]]), "x.xlsx"
    )
    assert not at.exception
    warned = " ".join(w.value for w in at.warning).replace("\\", "").replace("\u2060", "")
    assert "nilai baru jauh dari riwayat wilayahnya sendiri" in warned
    value = f"{before * 10:,}".replace(",", ".")
    assert f"**Ekstrem** · Kota Kendari, PAS terdata Anak Rentan Desember 2025: {value}, jauh di atas" in warned
    assert _save_button(at)  # a warning, not a refusal: the file can still be saved
    assert (
        store.current("pas", db)
        .set_index(["periode", "kode_wilayah", "kategori_pas"])
        .loc[("2025-12", "74.71", "anak_rentan"), "terdata"]
        == before
    )  # nothing saved by the preview
