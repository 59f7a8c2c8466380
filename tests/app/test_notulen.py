"""The notes tab (`?mode=notulen&rapat=ID`), on both backends: it follows the slide the presenter last showed, and a
follow-up typed there is stored with that slide, the district, the measure on the slide and its figure then;
bad input is refused with the field named; only the meeting's notulis or an admin records; the presenter's URL and
slide are what they were."""

from __future__ import annotations

import pytest

from lib import figures, ingest, store
from lib.config import load_config
from lib.figures.indicators import Rows, area_value, indicator
from lib.store import follow_ups
from tests.app.helpers import OP_KENDARI, OP_MALRA, WA_ODE, app, sql
from tests.principals import admin

MEETING = {
    "rapat": "Rakornis Triwulan I 2026",
    "jenis_rapat": "Rakornis",
    "seri_rapat": "Rakornis Sentra Meohai Kendari",
    "tanggal_rapat": "20/01/2026",
    "slide": ["judul", "ringkasan", "peta", "program"],
}


def _meeting(db: str) -> int:
    return ingest.write_meeting(MEETING, admin(), path=db)


def _present(rapat_id: int, slide: int):
    at = app(mode="presentasi", rapat=str(rapat_id), slide=str(slide)).run()
    assert not at.exception
    return at


def _notes(principal=WA_ODE, rapat_id: int = 2):
    at = app(principal, mode="notulen", rapat=str(rapat_id)).run()
    assert not at.exception, at.exception
    return at


def _type(at, uraian="Percepat asesmen PAS lansia", pj="Dinas Sosial Kab. Muna", wilayah="74.03", tenggat="28/02/2026"):
    at.text_area[0].set_value(uraian)
    next(w for w in at.text_input if w.label.startswith("Penanggung jawab")).set_value(pj)
    next(w for w in at.selectbox if w.label == "Kabupaten/kota").set_value(wilayah)
    next(w for w in at.text_input if w.label == "Tenggat").set_value(tenggat)
    next(b for b in at.button if b.label == "Simpan tindak lanjut").click()
    return at.run()


def _texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.success])


def test_the_notes_tab_follows_the_presenter_and_saves_the_slide_district_measure_and_figure(seeded):
    db = seeded("main")
    rapat_id = _meeting(db)
    notes = _notes(rapat_id=rapat_id)
    assert "Presentasi rapat ini belum dimulai" in " ".join(i.value for i in notes.info)

    presenter = _present(rapat_id, 3)  # the map
    said = _texts(notes.run())
    assert "Slide yang sedang ditampilkan:**" in said and "Peta wilayah jangkauan" in said
    shown = follow_ups.slide_shown(rapat_id, db)
    assert shown is not None and (shown.nomor, shown.slide) == (3, "peta")

    done = _type(notes)
    assert not done.error, [e.value for e in done.error]
    rec = follow_ups.records(db).iloc[-1]
    assert (rec["rapat_id"], rec["nomor_slide"], rec["slide"], rec["kode_wilayah"]) == (rapat_id, 3, "peta", "74.03")
    assert rec["kode_indikator"] == "cakupan" and rec["periode"] == shown.periode
    cfg = load_config()
    expected = area_value(Rows(store.current_all(db), cfg, shown.periode, None), indicator(cfg, "cakupan"), ["74.03"])
    assert rec["nilai_awal"] == pytest.approx(expected)
    said = " ".join(s.value for s in done.success)
    assert f"Tindak lanjut #{rec['id']} tersimpan (slide 3; Cakupan layanan Kabupaten Muna " in said
    table = done.dataframe[0].value
    assert list(table["Uraian"]) == ["Percepat asesmen PAS lansia"] and list(table["Slide"]) == [
        "3. Peta wilayah jangkauan"
    ]
    assert sql(db, "SELECT aksi, hasil FROM audit WHERE aksi = 'catat tindak lanjut'") == [("catat tindak lanjut", "berhasil")]  # fmt: skip
    current = store.current("tindak_lanjut", db)
    assert (current["uraian"] == "Percepat asesmen PAS lansia").sum() == 1

    # the presenter moves on: the notes tab follows; the next follow-up is of the programme slide
    presenter.button(key="slide_berikutnya").click().run()
    assert presenter.query_params["slide"] == ["4"] or presenter.query_params["slide"] == "4"
    again = _type(done, uraian="Kejar realisasi program", wilayah="")
    rec = follow_ups.records(db).iloc[-1]
    assert (rec["nomor_slide"], rec["slide"], rec["kode_indikator"], rec["kode_wilayah"]) == (
        4,
        "program",
        "capaian",
        "",
    )
    assert not again.error


def test_capturing_changes_neither_the_presenters_url_nor_its_slide(seeded):
    db = seeded("main")
    rapat_id = _meeting(db)
    presenter = _present(rapat_id, 3)
    before = (dict(presenter.query_params), presenter.title[0].value, [h.proto.body for h in presenter.get("html")])
    _type(_notes(rapat_id=rapat_id))
    assert len(follow_ups.records(db)[lambda r: r["rapat_id"] == rapat_id]) == 1
    after = (dict(presenter.query_params), presenter.title[0].value, [h.proto.body for h in presenter.get("html")])
    assert after == before  # the presenter's tab is not rerun by the capture: nothing of it changed
    rerun = presenter.run()  # and when the presenter's own tab reruns, the same slide, the same URL
    assert dict(rerun.query_params) == before[0] and rerun.title[0].value == before[1]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"uraian": ""}, "Uraian wajib diisi"),
        ({"uraian": "Data 7403011234567890 ini"}, "seperti NIK"),
        ({"tenggat": "akhir Februari"}, "tidak dikenali sebagai tanggal"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_is_stored(seeded, change, field):
    db = seeded("main")
    rapat_id = _meeting(db)
    _present(rapat_id, 3)
    before = store.state_token(db)
    at = _type(_notes(rapat_id=rapat_id), **change)
    shown = " ".join(e.value for e in at.error)
    assert "Tindak lanjut tidak disimpan" in shown and field in shown
    assert "7403011234567890" not in shown
    assert store.state_token(db) == before


def test_a_past_due_date_is_saved_with_a_warning(seeded):
    db = seeded("main")
    rapat_id = _meeting(db)
    at = _type(_notes(rapat_id=rapat_id), tenggat="02/01/2026")  # the tests' today is 2026-01-15
    said = " ".join(s.value for s in at.success)
    assert "tersimpan (sebelum presentasi)" in said and "Peringatan: Tenggat 02/01/2026 sudah lewat" in said
    assert len(follow_ups.records(db)[lambda r: r["rapat_id"] == rapat_id]) == 1


def test_only_the_notulis_or_an_admin_sees_the_form_and_an_operator_notulis_records_for_their_district(seeded):
    db = seeded("main")
    rapat_id = _meeting(db)
    refused = _notes(OP_KENDARI, rapat_id)
    assert "Hanya notulis rapat ini" in " ".join(i.value for i in refused.info)
    assert not [b for b in refused.button if b.label == "Simpan tindak lanjut"]

    rapat = app(WA_ODE).run().switch_page("views/rapat.py").run()
    rapat.selectbox(key="notulis_rapat").set_value(rapat_id)
    rapat.selectbox(key="notulis_akun").set_value("op.kendari")
    done = next(b for b in rapat.button if b.label == "Simpan notulis").click().run()
    assert not done.exception and follow_ups.notulis(db) == {rapat_id: "op.kendari"}
    assert any(f"Tab notulen #{rapat_id}" in str(p.proto.label) for p in done.get("page_link"))

    notes = _notes(OP_KENDARI, rapat_id)
    wilayah = next(w for w in notes.selectbox if w.label == "Kabupaten/kota")
    assert wilayah.options == ["Kota Kendari"]  # an operator: their own district only
    saved = _type(notes, wilayah="74.71")
    assert not saved.error and follow_ups.records(db)["kode_wilayah"].tolist()[-1] == "74.71"
    assert "Hanya notulis rapat ini" in " ".join(i.value for i in _notes(OP_MALRA, rapat_id).info)


def test_the_figure_then_uses_the_presenters_filters(seeded):
    db = seeded("main")
    rapat_id = _meeting(db)
    data = store.current_all(db)
    first = figures.periods(data)[0]
    at = app(mode="presentasi", rapat=str(rapat_id), slide="3").run()
    at.selectbox(key="f_periode").set_value(first)
    at.run()
    assert follow_ups.slide_shown(rapat_id, db).periode == first
    _type(_notes(rapat_id=rapat_id))
    rec = follow_ups.records(db).iloc[-1]
    cfg = load_config()
    assert rec["periode"] == first
    assert rec["nilai_awal"] == pytest.approx(
        area_value(Rows(data, cfg, first, None), indicator(cfg, "cakupan"), ["74.03"])
    )


def test_the_next_meeting_of_the_series_opens_with_the_open_items_their_figure_then_and_now_and_acts_on_them(seeded):
    from lib.present.record import figure_text

    db = seeded("main")
    first = _meeting(db)
    _present(first, 3)
    _type(_notes(rapat_id=first))
    rec = follow_ups.records(db).iloc[-1]
    second = ingest.write_meeting(
        MEETING | {"rapat": "Rakornis Triwulan II 2026", "tanggal_rapat": "20/04/2026", "slide": ["judul", "peta"]},
        admin(),
        path=db,
    )
    at = app(mode="presentasi", rapat=str(second), slide="2").run()
    assert not at.exception
    assert at.title[0].value == "Tindak lanjut rapat sebelumnya"
    html = "\n".join([h.proto.body for h in at.get("html")] + [m.value for m in at.markdown])
    assert "Slide 2 dari 3" in html and "Percepat asesmen PAS lansia" in html
    cfg = load_config()
    then = figure_text(cfg, "cakupan", "74.03", float(rec["nilai_awal"]))
    assert f"{then} → " in html
    assert "Rakornis Triwulan I 2026 · 20 Januari 2026" in html
    # another meeting of another series does not carry it
    other = ingest.write_meeting(MEETING | {"rapat": "Rakor Bencana", "seri_rapat": "Rakor Bencana", "tanggal_rapat": "21/04/2026"}, admin(), path=db)  # fmt: skip
    assert app(mode="presentasi", rapat=str(other), slide="2").run().title[0].value != "Tindak lanjut rapat sebelumnya"

    notes = _notes(rapat_id=second)
    assert "Dari rapat sebelumnya, masih terbuka: 1" in [s.value for s in notes.subheader]
    notes.radio(key=f"terbawa_{rec['id']}_aksi").set_value("tunda")
    notes.text_input(key=f"terbawa_{rec['id']}_tenggat").set_value("31/05/2026")
    notes.text_input(key=f"terbawa_{rec['id']}_alasan").set_value("data belum lengkap")
    done = next(b for b in notes.button if b.label == "Simpan tindakan").click().run()
    assert not done.error and done.success[0].value.startswith(f"Tindak lanjut #{rec['id']}: ditunda.")
    history = next(d.value for d in done.dataframe if "Oleh" in d.value.columns)
    assert history["Catatan"].tolist() == ["", "Ditunda ke 31/05/2026 di Rakornis Triwulan II 2026: data belum lengkap"]
    assert history["Tenggat"].tolist() == ["28 Februari 2026", "31 Mei 2026"]


def test_a_captured_follow_up_is_on_tindak_lanjut_and_in_the_audit_trail_and_only_its_districts_operator_closes_it(
    seeded,
):
    from lib import accounts
    from lib.principal import OPERATOR, Principal

    db = seeded("main")
    rapat_id = _meeting(db)
    _present(rapat_id, 3)
    _type(_notes(rapat_id=rapat_id))
    accounts.add_user(admin(), "op.muna", OPERATOR, ["74.03"], "Operator Muna", "sandi-uji-panjang-1", path=db)
    op_muna = Principal("op.muna", OPERATOR, frozenset({"74.03"}), "Operator Muna", "lokal")

    def page(who):
        at = app(who).run().switch_page("views/tindak_lanjut.py").run()
        at.selectbox(key="tindak_lanjut_rapat").set_value(MEETING["rapat"]).run()
        return at

    shown = page(op_muna)
    rows = shown.data_editor[0].value
    assert rows["Uraian"].tolist() == ["Percepat asesmen PAS lansia"] and rows["Wilayah"].tolist() == ["Kab. Muna"]
    audit = app(WA_ODE).run().switch_page("views/riwayat.py").run()
    trail = next(d.value for d in audit.dataframe if "Aksi" in d.value.columns)
    assert trail.loc[trail["Aksi"] == "catat tindak lanjut", "Objek"].str.startswith("tindak lanjut #").tolist() == [
        True
    ]

    done = load_config().status_tindak_lanjut[-1]
    for who, ok in ((OP_KENDARI, False), (op_muna, True)):
        at = page(who)
        at.session_state["tindak_lanjut_editor"] = {
            "edited_rows": {0: {"status": done, "catatan": "Asesmen 40 lansia selesai"}},
            "added_rows": [],
            "deleted_rows": [],
        }
        at = at.button(key="tindak_lanjut_simpan").click().run()
        status = sql(db, "SELECT status FROM kini_tindak_lanjut WHERE uraian = 'Percepat asesmen PAS lansia'")[0][0]
        if ok:
            assert any("tersimpan sebagai batch" in s.value for s in at.success) and status == done
        else:
            assert "Di luar wilayah Anda" in " ".join(e.value for e in at.error) and status != done
    history = follow_ups.history(int(follow_ups.records(db).iloc[-1]["id"]), db)
    assert history["pengguna"].tolist() == ["wa.ode", "op.muna"]
    assert history["catatan"].fillna("").tolist() == ["", "Asesmen 40 lansia selesai"]
