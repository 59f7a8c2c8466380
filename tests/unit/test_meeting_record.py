"""The meeting's record in the store (both backends): every follow-up its own id in the meeting where it was agreed
(old rows moved onto meeting ids by migration 7), a follow-up captured while presenting with its slide, district,
measure and figure, the notulis per meeting, and the slide the presenter last showed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib import store
from lib.accounts import users
from lib.errors import Refused
from lib.ingest import write
from lib.store import copy as store_copy
from lib.store import follow_ups
from lib.store import meetings as meeting_store
from tests.conftest import query
from tests.principals import admin, operator, pembaca

TODAY = dt.date(2026, 1, 15)
MEETING = {
    "rapat": "Rakornis Triwulan I 2026",
    "jenis_rapat": "Rakornis",
    "seri_rapat": "Rakornis Sentra",
    "tanggal_rapat": "20/01/2026",
    "slide": "judul,peta",
}


def _old_batch(con, day: int, who: str, rows: list[tuple], aktif: bool = True) -> None:
    """A tindak_lanjut batch as the release before migration 7 stored it (straight SQL: no id was given then)."""
    batch_id = con.execute(
        "INSERT INTO batch (dataset, pengguna, waktu, baris_baru, baris_berubah, baris_sama, aktif) "
        "VALUES ('tindak_lanjut', ?, ?, ?, 0, 0, ?) RETURNING id",
        [who, dt.datetime(2025, 6, day), len(rows), aktif],
    ).fetchall()[0][0]
    for r in rows:
        con.execute(
            "INSERT INTO data_tindak_lanjut (batch_id, rapat, tanggal_rapat, kode_wilayah, uraian, penanggung_jawab, "
            "tenggat, status, catatan) VALUES (?, ?, ?, ?, ?, 'Dinsos', ?, ?, NULL)",
            [batch_id, *r],
        )


def test_migration_7_gives_every_old_follow_up_an_id_in_its_meeting(db):
    with store.connect(db) as con:
        store.migrate(con, to=6)
        con.execute(
            "INSERT INTO rapat (seri, nama, jenis, tanggal, dibuat_oleh, dibuat, diubah_oleh, diubah) VALUES "
            "('Rakor Sentra', 'Rakor Mei', 'Rakor', DATE '2025-05-20', 'admin', DATE '2025-05-01', 'admin', "
            "DATE '2025-05-01')"
        )
        may = dt.date(2025, 5, 20)
        june = dt.date(2025, 6, 12)
        _old_batch(con, 1, "budi", [
            ("Rakor Mei", may, "74.01", "Kirim data PAS", dt.date(2025, 6, 5), "Belum Mulai"),
            ("Rakernis 2025", june, "", "Lengkapi data SDM", dt.date(2025, 10, 31), "Belum Mulai"),
        ])  # fmt: skip
        # a later version of one follow-up (its status changed) and a rolled-back batch with a follow-up of its own
        _old_batch(con, 2, "sari", [("Rakor Mei", may, "74.01", "Kirim data PAS", dt.date(2025, 6, 5), "Selesai")])
        _old_batch(con, 3, "sari", [("Rakernis 2025", june, "81.02", "Tetapkan lokasi", june, "Belum Mulai")], False)
        store.migrate(con)
        assert store.schema_version(con) == 7 == store.SCHEMA_VERSION

    rapat = {r.nama: r for r in meeting_store.meetings(db, every=True)}
    assert set(rapat) == {"Rakor Mei", "Rakernis 2025"}
    assert [r.nama for r in meeting_store.meetings(db)] == ["Rakor Mei"]  # the one set up: never the made one
    made = rapat["Rakernis 2025"]  # no meeting of that name was set up: one made from what the rows say
    assert (made.jenis, made.seri, made.tanggal) == ("Rakernis", "Rakernis 2025", june)
    rec = follow_ups.records(db).set_index("uraian")
    assert sorted(rec.index) == ["Kirim data PAS", "Lengkapi data SDM", "Tetapkan lokasi"]  # one id per key
    assert rec["id"].is_unique
    assert rec.loc["Kirim data PAS", "rapat_id"] == rapat["Rakor Mei"].id
    assert rec.loc["Kirim data PAS", "dicatat_oleh"] == "budi"  # the batch that first held it
    assert rec.loc["Lengkapi data SDM", "rapat_id"] == made.id
    assert rec.loc["Lengkapi data SDM", "kode_wilayah"] == ""
    assert (rec["slide"] == "").all()  # uploaded, not captured: no slide

    history = follow_ups.history(int(rec.loc["Kirim data PAS", "id"]), db)
    assert list(history["status"]) == ["Belum Mulai", "Selesai"]
    assert list(history["pengguna"]) == ["budi", "sari"]
    # the next id continues after the migrated ones
    key = {"rapat": "Rakor Mei", "kode_wilayah": "74.02", "uraian": "Baru"}
    write.write_rows("tindak_lanjut", _row(**key), admin(), what="uji")
    assert follow_ups.find(key, db) == int(rec["id"].max()) + 1


def _row(rapat: str, kode_wilayah: str, uraian: str, tanggal: dt.date = dt.date(2025, 5, 20)) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rapat": [rapat],
            "tanggal_rapat": [tanggal],
            "kode_wilayah": [kode_wilayah],
            "uraian": [uraian],
            "penanggung_jawab": ["Dinsos"],
            "tenggat": [dt.date(2026, 3, 1)],
            "status": ["Belum Mulai"],
            "catatan": [None],
        }
    )


def test_an_uploaded_follow_up_gets_an_id_and_lands_in_its_meeting(db):
    rapat_id = write.write_meeting(MEETING, admin())
    write.write_rows(
        "tindak_lanjut", _row("Rakornis Triwulan I 2026", "74.05", "Usulkan kursi roda"), admin(), what="uji"
    )
    write.write_rows("tindak_lanjut", _row("Rakor Khusus", "74.05", "Laporkan banjir"), admin(), what="uji")
    rec = follow_ups.records(db).set_index("uraian")
    assert rec.loc["Usulkan kursi roda", "rapat_id"] == rapat_id
    other = {r.nama: r.id for r in meeting_store.meetings(db, every=True)}["Rakor Khusus"]  # a meeting made
    assert rec.loc["Laporkan banjir", "rapat_id"] == other
    # setting up a meeting of that name later makes it that meeting: its follow-ups stay with it
    set_up = write.write_meeting(MEETING | {"rapat": "Rakor Khusus", "jenis_rapat": "Rakor"}, admin())
    assert set_up == other and [r.id for r in meeting_store.meetings(db)] == [rapat_id, other]
    # a new version of the same key keeps its id
    again = _row("Rakornis Triwulan I 2026", "74.05", "Usulkan kursi roda")
    again["status"] = "Selesai"
    write.write_rows("tindak_lanjut", again, admin(), what="uji")
    assert follow_ups.records(db)["id"].tolist() == rec.sort_values("id")["id"].tolist()


def _meeting(db: str) -> meeting_store.Rapat:
    rapat_id = write.write_meeting(MEETING, admin())
    return next(r for r in meeting_store.meetings(db) if r.id == rapat_id)


def _origin(rapat: meeting_store.Rapat) -> follow_ups.Origin:
    return follow_ups.Origin(rapat.id or 0, "peta", 2, "cakupan", "2025-12", 0.426)


GOOD = {"uraian": "Percepat asesmen PAS lansia", "penanggung_jawab": "Dinsos Muna", "kode_wilayah": "74.03",
        "tenggat": "28/02/2026"}  # fmt: skip


def test_a_captured_follow_up_keeps_its_slide_district_measure_and_figure_and_is_audited(db):
    rapat = _meeting(db)
    follow_up_id, warnings = write.write_follow_up(
        GOOD, admin("kepala"), rapat=rapat, origin=_origin(rapat), today=TODAY
    )
    assert warnings == []
    rec = follow_ups.records(db).set_index("id").loc[follow_up_id]
    assert (rec["rapat_id"], rec["slide"], rec["nomor_slide"]) == (rapat.id, "peta", 2)
    assert (rec["kode_wilayah"], rec["kode_indikator"], rec["periode"]) == ("74.03", "cakupan", "2025-12")
    assert rec["nilai_awal"] == pytest.approx(0.426)
    assert rec["dicatat_oleh"] == "kepala"
    current = store.current("tindak_lanjut", db).set_index("uraian").loc[GOOD["uraian"]]
    assert (current["rapat"], current["status"], current["tenggat"]) == (
        rapat.nama,
        "Belum Mulai",
        pd.Timestamp("2026-02-28"),
    )
    audit = query(db, "SELECT login, aksi, objek, hasil FROM audit WHERE aksi = 'catat tindak lanjut'")
    assert audit == [
        ("kepala", "catat tindak lanjut", f"tindak lanjut #{follow_up_id} (rapat #{rapat.id})", "berhasil")
    ]
    with pytest.raises(Refused, match="sudah dicatat"):
        write.write_follow_up(GOOD, admin("kepala"), rapat=rapat, origin=_origin(rapat), today=TODAY)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"uraian": "  "}, "Uraian", "wajib diisi"),
        ({"penanggung_jawab": ""}, "Penanggung jawab", "wajib diisi"),
        ({"uraian": "Bantu 7403012345678901 segera"}, "Uraian", "NIK"),
        ({"kode_wilayah": "Kota Ambon"}, "Kabupaten/kota", "wilayah jangkauan"),
        ({"tenggat": "akhir bulan"}, "Tenggat", "Tenggat"),
        ({"tenggat": "31/02/2026"}, "Tenggat", "Tenggat"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_changes_nothing(db, change, field, words):
    rapat = _meeting(db)
    before = store.state_token(db)
    with pytest.raises(Refused) as e:
        write.write_follow_up(GOOD | change, admin(), rapat=rapat, origin=_origin(rapat), today=TODAY)
    assert words in e.value.message
    assert e.value.details is not None and list(e.value.details["Isian"]) == [field]
    assert "7403012345678901" not in e.value.message + e.value.details.to_string()  # never echoed
    assert store.state_token(db) == before and follow_ups.records(db).empty


def test_a_past_due_date_is_a_warning_not_a_refusal(db):
    rapat = _meeting(db)
    _, warnings = write.write_follow_up(GOOD | {"tenggat": "02/01/2026"}, admin(), rapat=rapat, origin=_origin(rapat), today=TODAY)  # fmt: skip
    assert warnings == ["Tenggat 02/01/2026 sudah lewat (hari ini 15/01/2026)."]


def test_only_the_meetings_notulis_or_an_admin_captures_and_only_in_their_scope(db):
    rapat = _meeting(db)
    users.add_user(
        admin(), "rina", nama="Rina", peran="operator", wilayah=["74.03"], password="sandi-rahasia-rina", path=db
    )
    users.add_user(admin(), "tono", nama="Tono", peran="pembaca", password="sandi-rahasia-tono", path=db)
    rina = operator("rina", "74.03")
    with pytest.raises(Refused, match="bukan notulis"):
        write.write_follow_up(GOOD, rina, rapat=rapat, origin=_origin(rapat), today=TODAY)
    refused = query(db, "SELECT login, hasil FROM audit WHERE aksi = 'catat tindak lanjut'")
    assert refused == [("rina", "ditolak")]

    with pytest.raises(Refused, match="hanya admin"):
        write.write_notulis(rapat.id or 0, "rina", pembaca())
    with pytest.raises(Refused, match="Tidak ada akun aktif"):
        write.write_notulis(rapat.id or 0, "siapa", admin())
    write.write_notulis(rapat.id or 0, "Rina", admin())
    assert follow_ups.notulis(db) == {rapat.id: "rina"}
    assert write.write_follow_up(GOOD, rina, rapat=rapat, origin=_origin(rapat), today=TODAY)[0] > 0
    with pytest.raises(Refused) as e:  # an operator notulis: not another district, not all of them
        write.write_follow_up(GOOD | {"kode_wilayah": "74.05", "uraian": "x"}, rina, rapat=rapat, origin=_origin(rapat), today=TODAY)  # fmt: skip
    assert "di luar wilayah rapat atau akun ini" in e.value.message
    with pytest.raises(Refused, match="kabupaten/kotanya sendiri"):
        write.write_follow_up(GOOD | {"kode_wilayah": "", "uraian": "y"}, rina, rapat=rapat, origin=_origin(rapat), today=TODAY)  # fmt: skip

    write.write_notulis(rapat.id or 0, "tono", admin())  # a pembaca named notulis records for the whole meeting
    tono = pembaca("tono")
    assert write.write_follow_up(GOOD | {"kode_wilayah": "", "uraian": "z"}, tono, rapat=rapat, origin=_origin(rapat), today=TODAY)[0]  # fmt: skip
    with pytest.raises(Refused, match="bukan notulis"):  # rina is no longer the notulis
        write.write_follow_up(GOOD | {"uraian": "w"}, rina, rapat=rapat, origin=_origin(rapat), today=TODAY)
    names = query(db, "SELECT login, hasil, rincian FROM audit WHERE aksi = 'tunjuk notulis' ORDER BY id")
    assert [n[:2] for n in names] == [("pembaca uji", "ditolak"), ("admin uji", "ditolak"), ("admin uji", "berhasil"), ("admin uji", "berhasil")]  # fmt: skip
    assert [n[2] for n in names[2:]] == ["rina", "tono (sebelumnya: rina)"]


def test_the_slide_shown_is_kept_per_meeting_and_is_no_change_of_the_data(db):
    rapat = _meeting(db)
    assert follow_ups.slide_shown(rapat.id or 0, db) is None
    token = store.state_token(db)
    shown = follow_ups.SlideShown(rapat.id or 0, 2, "peta", "2025-12", "", "74.03")
    write.write_slide_shown(shown)
    write.write_slide_shown(follow_ups.SlideShown(rapat.id or 0, 3, "klaster:anak", "2025-12", "anak", ""))
    assert follow_ups.slide_shown(rapat.id or 0, db) == follow_ups.SlideShown(rapat.id or 0, 3, "klaster:anak", "2025-12", "anak", "")  # fmt: skip
    assert store.state_token(db) == token
    assert query(db, "SELECT count(*) FROM audit WHERE aksi LIKE '%slide%'") == [(0,)]


def test_a_copy_to_postgresql_keeps_the_record(duckdb_db, pg_database):
    rapat = _meeting(duckdb_db)
    follow_up_id, _ = write.write_follow_up(GOOD, admin(), rapat=rapat, origin=_origin(rapat), today=TODAY)
    target = pg_database()
    counts = store_copy.copy_to(target, duckdb_db, pengguna=admin())
    assert counts["tindak_lanjut"] == 1
    pd.testing.assert_frame_equal(follow_ups.records(target), follow_ups.records(duckdb_db), check_dtype=False)
    write.write_rows(
        "tindak_lanjut", _row(rapat.nama, "74.05", "Lagi", rapat.tanggal), admin(), what="uji", path=target
    )
    assert follow_ups.find({"rapat": rapat.nama, "kode_wilayah": "74.05", "uraian": "Lagi"}, target) == follow_up_id + 1


def _series_meeting(name: str, day: str, series: str = "Rakornis Sentra") -> meeting_store.Rapat:
    rapat_id = write.write_meeting(MEETING | {"rapat": name, "tanggal_rapat": day, "seri_rapat": series}, admin())
    return next(r for r in meeting_store.meetings() if r.id == rapat_id)


def _carried(rapat: meeting_store.Rapat, db: str) -> meeting_store.Rapat:
    from lib.config import load_config
    from lib.present.notulen import with_carried

    return with_carried(rapat, meeting_store.meetings(db, every=True), follow_ups.records(db), load_config())


def test_carry_over_postponed_twice_then_closed_keeps_every_status_with_who_and_in_which_meeting(db):
    from lib.config import load_config
    from lib.figures import Filter
    from lib.present.record import carried_content, carried_rows

    cfg = load_config()
    first = _series_meeting("Rakornis I", "20/01/2026")
    follow_up_id, _ = write.write_follow_up(GOOD, admin("kepala"), rapat=first, origin=_origin(first), today=TODAY)
    second = _carried(_series_meeting("Rakornis II", "20/02/2026"), db)
    other = _carried(_series_meeting("Rakor Bencana", "25/02/2026", series="Rakor Bencana"), db)
    assert [c.id for c in second.terbawa] == [follow_up_id] and other.terbawa == ()
    assert second.slide[:2] == ("judul", "terbawa")  # the first slide after the title
    assert "terbawa" not in other.slide

    later = TODAY.replace(month=3, day=5)  # the due date 28/02 has passed: overdue
    data = store.current_all(db)
    rows = carried_rows(data, cfg, Filter(periode="2025-12"), later, second)
    assert rows[["id", "lewat"]].values.tolist() == [[follow_up_id, True]]
    assert rows["angka"].iloc[0].startswith("Cakupan layanan Kabupaten Muna 42,6% → ")
    slide = carried_content("terbawa", "t", data, cfg, Filter(periode="2025-12"), later, second)
    assert slide.table is not None and slide.table["Status"].tolist() == ["Belum Mulai · lewat tenggat"]
    assert slide.table["Rapat asal"].tolist() == ["Rakornis I · 20 Januari 2026"]

    with pytest.raises(Refused) as e:  # postponing needs the new date and the reason
        write.write_follow_up_outcome(follow_up_id, "tunda", {"tenggat": "kapan-kapan"}, admin(), rapat=second, today=later)  # fmt: skip
    assert set(e.value.details["Isian"]) == {"Alasan", "Tenggat"}
    write.write_follow_up_outcome(follow_up_id, "tunda", {"tenggat": "31/03/2026", "alasan": "data belum lengkap"}, admin("sari"), rapat=second, today=later)  # fmt: skip
    write.write_follow_up_outcome(follow_up_id, "tunda", {"tenggat": "30/04/2026", "alasan": "menunggu verifikasi"}, admin("sari"), rapat=second, today=later)  # fmt: skip
    write.write_follow_up_outcome(follow_up_id, "selesai", {"alasan": "sudah dikirim"}, admin("budi"), rapat=second, today=later)  # fmt: skip
    with pytest.raises(Refused, match="sudah Selesai"):
        write.write_follow_up_outcome(follow_up_id, "bawa", {}, admin(), rapat=second, today=later)

    history = follow_ups.history(follow_up_id, db)
    assert history["status"].tolist() == ["Belum Mulai", "Belum Mulai", "Belum Mulai", "Selesai"]
    assert [d.date().isoformat() for d in history["tenggat"]] == [
        "2026-02-28",
        "2026-03-31",
        "2026-04-30",
        "2026-04-30",
    ]
    assert history["pengguna"].tolist() == ["kepala", "sari", "sari", "budi"]
    assert history["catatan"].tolist()[1:] == [
        "Ditunda ke 31/03/2026 di Rakornis II: data belum lengkap",
        "Ditunda ke 30/04/2026 di Rakornis II: menunggu verifikasi",
        "Ditutup di Rakornis II: sudah dikirim",
    ]
    assert history["catatan_batch"].tolist()[1] == f"Rapat #{second.id}: ditunda tindak lanjut #{follow_up_id}"
    # the next meeting of the series: still carried (its history), no longer open
    third = _carried(_series_meeting("Rakornis III", "20/03/2026"), db)
    assert [c.id for c in third.terbawa] == [follow_up_id]
    assert carried_rows(store.current_all(db), cfg, Filter(periode="2025-12"), later, third).empty
    changed = query(db, "SELECT login FROM audit WHERE aksi = 'ubah tindak lanjut' AND rincian LIKE ? ORDER BY id", [f"%Rapat #{second.id}:%"])  # fmt: skip
    assert changed == [("sari",), ("sari",), ("budi",)]


def test_an_operator_notulis_acts_only_on_their_districts_items(db):
    users.add_user(admin(), "rina", peran="operator", wilayah=["74.71"], password="sandi-rahasia-rina", path=db)
    first = _series_meeting("Rakornis I", "20/01/2026")
    follow_up_id, _ = write.write_follow_up(GOOD, admin(), rapat=first, origin=_origin(first), today=TODAY)
    second = _carried(_series_meeting("Rakornis II", "20/02/2026"), db)
    write.write_notulis(second.id or 0, "rina", admin())
    with pytest.raises(Refused, match="di luar wilayah akun ini"):
        write.write_follow_up_outcome(follow_up_id, "selesai", {}, operator("rina", "74.71"), rapat=second, today=TODAY)  # fmt: skip
    with pytest.raises(Refused, match="bukan notulis"):
        write.write_follow_up_outcome(follow_up_id, "selesai", {}, operator("muna", "74.03"), rapat=second, today=TODAY)  # fmt: skip
    assert follow_ups.history(follow_up_id, db)["status"].tolist() == ["Belum Mulai"]


def test_the_deck_of_the_next_meeting_has_the_carried_slide_after_the_title(duckdb_db):
    import io

    from pptx import Presentation

    from lib import figures, sample
    from lib.config import load_config
    from lib.render.pptx import build_deck

    cfg = load_config()
    sample.seed(duckdb_db, cfg)
    first = _series_meeting("Rakornis I", "20/01/2026")
    write.write_follow_up(GOOD, admin(), rapat=first, origin=_origin(first), today=TODAY)
    second = _carried(_series_meeting("Rakornis II", "20/02/2026"), duckdb_db)
    data, fresh = store.current_all(duckdb_db), store.freshness(duckdb_db)
    f = figures.Filter(periode=figures.periods(data)[-1])
    deck = Presentation(io.BytesIO(build_deck(data, cfg, f, TODAY, fresh, rapat=second)))
    assert [s.name for s in deck.slides][:3] == [
        "Rakornis II",
        "Tindak lanjut rapat sebelumnya",
        "Peta wilayah jangkauan",
    ]
    texts = " ".join(sh.text_frame.text for sh in deck.slides[1].shapes if sh.has_text_frame)
    assert "Masih terbuka" in texts and "Tindak lanjut yang masih terbuka (1 dari 1)" in texts
