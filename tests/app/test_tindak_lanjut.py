"""Tindak Lanjut: renders on both configurations; counts equal the store; an edit is saved as a batch under the
editor's name, appears in Riwayat Data and rolls back there."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lib import store
from lib.config import load_config
from tests.app.helpers import OP_MALRA, PEMBACA_DINAS, WA_ODE, app, page_with_filters, shown_metrics, sql

PAGE = "views/tindak_lanjut.py"
EDITOR = "tindak_lanjut_editor"


def _page(principal=WA_ODE, **filters):
    return page_with_filters(PAGE, principal, **filters)


def _edit(at, edited_rows: dict):
    """Edit cells the way the browser does (the editor's state by its key), press Simpan."""
    at.session_state[EDITOR] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}
    return at.button(key="tindak_lanjut_simpan").click().run()


def _counts(db, kodes: list[str]):
    cfg = load_config()
    done = cfg.status_tindak_lanjut[-1]
    today = dt.datetime.now(ZoneInfo(cfg.sentra["zona_waktu"])).date()  # "today" where the Sentra is
    return sql(
        db,
        """SELECT count(*), count(*) FILTER (WHERE status = ?),
                             count(*) FILTER (WHERE status <> ? AND tenggat < ?)
                      FROM kini_tindak_lanjut WHERE kode_wilayah = '' OR list_contains(?, kode_wilayah)""",
        [done, done, today, kodes],
    )[0]


@pytest.mark.parametrize("config", ["main", "dinsos"])
def test_tindak_lanjut_page_renders_on_both_configurations(seeded, config):
    db = seeded(config)
    at = app().run().switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Tindak Lanjut"
    n = sql(db, "SELECT count(*) FROM kini_tindak_lanjut")[0][0]
    assert shown_metrics(at)["Tindak lanjut"] == str(n)
    assert len(at.data_editor) == 1 and at.data_editor[0].editing_mode == "fixed"


@pytest.mark.parametrize("filters", [{}, {"wilayah": "74.05"}, {"provinsi": "72"}, {"wilayah": "74.10"}])
def test_counts_and_rows_equal_the_store_for_the_district_filters(seeded, filters):
    db = seeded("main")
    cfg = load_config()
    w = cfg.wilayah
    kodes = (
        [filters["wilayah"]]
        if "wilayah" in filters
        else list(w.index[w["kode_provinsi"] == filters["provinsi"]])
        if "provinsi" in filters
        else list(w.index)
    )
    total, done, late = _counts(db, kodes)
    at = _page(**filters)
    shown = shown_metrics(at)
    assert shown["Tindak lanjut"] == str(total)
    assert shown[cfg.status_tindak_lanjut[-1]] == str(done)
    assert shown["Lewat tenggat"] == str(late)
    table = at.data_editor[0].value
    assert len(table) == total  # one meeting in the sample
    assert (table["Lewat tenggat"] != "").sum() == late
    if late:
        assert table["Lewat tenggat"].iloc[0] != ""  # overdue first
        assert any(f"{late} tindak lanjut lewat tenggat" in e.value for e in at.error)


def test_an_edited_follow_up_is_saved_as_a_batch_shown_in_history_and_rolls_back(seeded):
    db = seeded("main")
    cfg = load_config()
    done = cfg.status_tindak_lanjut[-1]
    at = _page()
    first = at.data_editor[0].value.iloc[0]  # the first row shown: overdue, not finished
    assert first["status"] != done
    before = store.current("tindak_lanjut", db)

    at = _edit(at, {0: {"status": done, "catatan": "Lokasi ditetapkan 3 September"}})
    assert not at.exception, at.exception
    assert any("tersimpan sebagai batch" in s.value for s in at.success)
    batch, user, new, changed = sql(
        db,
        "SELECT id, pengguna, baris_baru, baris_berubah FROM batch "
        "WHERE dataset = 'tindak_lanjut' ORDER BY id DESC LIMIT 1",
    )[0]
    assert (user, new, changed) == ("wa.ode", 0, 1)  # only the edited row, under the signed-in account
    saved = sql(db, "SELECT status, catatan FROM kini_tindak_lanjut WHERE uraian = ?", [first["Uraian"]])[0]
    assert saved == (done, "Lokasi ditetapkan 3 September")
    assert sql(db, "SELECT count(*) FROM data_tindak_lanjut WHERE batch_id = ?", [batch])[0][0] == 1
    late = int(shown_metrics(at)["Lewat tenggat"])
    assert late == _counts(db, list(cfg.wilayah.index))[2]  # the page shows the new figures after the save

    at.switch_page("views/riwayat.py").run()
    batches = at.dataframe[1].value
    assert batches["Batch"].iloc[0] == f"#{batch}" and batches["Oleh"].iloc[0] == "wa.ode"
    at.selectbox(key="batch_terpilih").set_value(batch).run()
    assert at.dataframe[-1].value["status"].iloc[0].endswith(f"→ {done}")  # old → new
    at.button(key="rollback").click().run()
    at.button(key="rollback_ya").click().run()
    assert not at.exception
    assert store.current("tindak_lanjut", db).equals(before)

    at.switch_page(PAGE).run()
    assert int(shown_metrics(at)["Lewat tenggat"]) == late + 1
    assert at.data_editor[0].value.iloc[0]["status"] == first["status"]


def test_a_pembaca_gets_no_editor_and_saving_without_changes_stores_nothing(seeded):
    db = seeded("main")
    count = lambda: sql(db, "SELECT count(*) FROM batch")[0][0]  # noqa: E731
    n = count()
    for visitor in (None, PEMBACA_DINAS):
        at = _page(visitor)
        assert not at.exception and not [b for b in at.button if b.key == "tindak_lanjut_simpan"]
    at = _edit(_page(), {})
    assert any("Tidak ada perubahan" in i.value for i in at.info)
    assert count() == n


def test_a_note_edited_for_one_district_keeps_its_key(seeded):
    db = seeded("main")
    at = _page(OP_MALRA, wilayah="81.02")  # the district's own operator
    table = at.data_editor[0].value
    row = table.index.get_loc(table.index[table["Wilayah"] != "semua wilayah"][0])
    uraian = table.iloc[row]["Uraian"]
    at = _edit(at, {row: {"catatan": "Menunggu SK bupati"}})
    assert not at.exception
    kode, catatan, status = sql(
        db, "SELECT kode_wilayah, catatan, status FROM kini_tindak_lanjut WHERE uraian = ?", [uraian]
    )[0]
    assert (kode, catatan) == ("81.02", "Menunggu SK bupati")
    assert status == table.iloc[row]["status"]  # untouched
