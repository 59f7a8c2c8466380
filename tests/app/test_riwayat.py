"""Riwayat Data: the batch list, a batch's changes as old → new, rollback with confirmation, missing reports."""

from __future__ import annotations

import pandas as pd

from lib import store
from lib.present.texts import as_text
from tests.app.helpers import PEMBACA_DINAS, WA_ODE, app, shown_metrics
from tests.principals import admin


def _riwayat(principal=None):
    at = app(principal).run()
    return at.switch_page("views/riwayat.py").run()


def test_rollback_asks_for_confirmation_then_restores_the_previous_values_under_the_signed_in_account(seeded):
    db = seeded("main")
    before = store.current("ska", db)
    changed = before.tail(1).assign(omzet=1_000)
    new_id = store.save_batch("ska", changed, admin("operator"), path=db, nama_berkas="ska_desember.xlsx")

    for visitor in (None, PEMBACA_DINAS):  # no rollback control without a writing account
        at = _riwayat(visitor)
        at.selectbox(key="batch_terpilih").set_value(new_id).run()
        assert not [b for b in at.button if b.key == "rollback"]
    at = _riwayat(WA_ODE)
    at.selectbox(key="batch_terpilih").set_value(new_id).run()
    detail = at.dataframe[-1].value
    assert detail["Perubahan"].tolist() == ["berubah"]
    assert detail["omzet"].iloc[0].endswith("→ 1.000")  # old value → new value, Indonesian format

    at.button(key="rollback").click().run()
    assert not at.text_input  # no typed name: the signed-in account is recorded
    at.button(key="rollback_ya").click().run()

    assert not at.exception
    assert any(f"Batch #{new_id} dibatalkan oleh {as_text('wa.ode')}" in s.value for s in at.success)
    pd.testing.assert_frame_equal(store.current("ska", db), before)
    assert not store.history(db).set_index("id").loc[new_id, "aktif"]


def test_completeness_matrix_marks_missing_reports(seeded):
    db = seeded("main")
    for batch_id in store.history(db).query("dataset == 'pas'")["id"]:
        store.rollback_batch(int(batch_id), admin("uji"), path=db)
    one = pd.DataFrame(
        {
            "periode": ["2025-11", "2025-12"],
            "kode_wilayah": ["74.71", "74.71"],
            "kategori_pas": ["anak_rentan", "anak_rentan"],
            "terdata": [10, 12],
            "dilayani": [5, 6],
        }
    )
    store.save_batch("pas", one, admin("operator"), path=db)
    at = _riwayat()
    captions = " ".join(c.value for c in at.caption)
    # from [bawaan] periode_awal (2024-01) to 2025-12: 23 districts × 24 months, one district reported two of them
    assert "550 sel tanpa laporan" in captions
    assert shown_metrics(at) == {}
