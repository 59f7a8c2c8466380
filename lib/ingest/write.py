"""The one write path. Every write of rows into a dataset (an upload, a follow-up edit, the sample) goes through
`write_batches`; undoing one through `rollback`, and the sample as a whole through `remove_sample`; a meeting set up
in the app through `write_meeting`; the meeting's record (a follow-up captured while presenting, the notulis, the
slide shown) through `write_follow_up`, `write_notulis` and `write_slide_shown`. Each checks, in this order and once: the principal's scope, the rows
against the column registry (the pandera schemas of lib.ingest.validate), then stores in one transaction with the
audit line (lib.store). Nothing else in lib calls the store's write functions (tests/unit/test_layers.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lib import store
from lib.accounts.users import get_user, normal_login
from lib.config import Konfigurasi, load_config
from lib.errors import Refused
from lib.ingest.follow_up import check_follow_up, check_outcome
from lib.ingest.meeting import check_meeting
from lib.ingest.problems import Problem, problems_table
from lib.ingest.validate import GALAT, load_reference, validate_rows
from lib.principal import Principal, check_rows, check_sheets, require_admin
from lib.store import NewBatch, contoh, follow_ups, meetings
from lib.store.meetings import Rapat
from lib.store.record import OUTCOMES


@dataclass
class Written:
    """What a write stored: one batch per dataset, and how each dataset's rows compared with the values they replaced."""

    batch_ids: list[int]
    comparisons: dict[str, store.Comparison] = field(default_factory=dict)


def _check_scope(who: Principal, batches: Sequence[NewBatch], sheets: Sequence[Any] | None, what: str) -> None:
    """Refused (and audited) when a row is outside `who`'s districts; named by sheet and Excel row for an upload."""
    try:
        if sheets is not None:
            check_sheets(who, sheets)
        else:
            for b in batches:
                check_rows(who, b.dataset, b.rows)
    except Refused as e:
        store.record_refusal(who, "simpan batch", what, e)
        raise


def _check_rows(batches: Sequence[NewBatch], cfg: Konfigurasi, what: str, path: str | None) -> None:
    """The column registry's errors (warnings do not block) for rows that did not come from a checked upload."""
    # one check per dataset: the sample writes a dataset as several monthly batches
    uploaded = {
        name: pd.concat([b.rows for b in batches if b.dataset == name], ignore_index=True)
        for name in dict.fromkeys(b.dataset for b in batches)
    }
    ref = load_reference(list(uploaded), cfg, uploaded, path=path)
    problems = [
        Problem(name, f.pos + 1, f.kolom, None, None, f.message, f.fix, f.severity)
        for name, rows in uploaded.items()
        for f in validate_rows(name, _as_read(rows), cfg, ref)
        if f.severity == GALAT
    ]
    if problems:
        raise Refused(
            "Data tidak disimpan",
            f"{what}: {len(problems)} galat; tidak ada data yang diubah.",
            details=problems_table(problems),
        )


def _as_read(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows as an upload's reading gives them to the checks: a blank text cell is missing, not '' (the store keeps a
    blank key as '', e.g. a follow-up for every district)."""
    out = rows.reset_index(drop=True).copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].astype(object).where(out[c].astype(object) != "", None)
    return out


def write_batches(
    batches: Sequence[NewBatch],
    who: Principal,
    *,
    what: str,
    file_name: str | None = None,
    sha256: str | None = None,
    note: str | None = None,
    sample: bool = False,
    sheets: Sequence[Any] | None = None,
    cfg: Konfigurasi | None = None,
    expect_state: tuple[int, int] | None = None,
    path: str | None = None,
) -> Written:
    """Store rows of one or more datasets as one batch each, all in one transaction, under `who`.

    `what` names the write in messages and the audit ('unggahan x.xlsx', 'suntingan Tindak Lanjut'). `sheets`: the
    upload's parsed sheets (lib.ingest.upload.ParsedSheet), already checked cell by cell when the file was read: the
    scope refusal then names sheet and Excel row, and the rows are not checked a second time. `expect_state`: the
    state token a preview was computed against (store.StateChanged if the data changed since)."""
    cfg = cfg or load_config()
    if not sample and any(b.waktu is not None for b in batches):  # a saved time is the store's clock, not a caller's
        raise ValueError("only the sample's batches carry their own saved time")
    _check_scope(who, batches, sheets, file_name or what)
    if sheets is None:
        _check_rows(batches, cfg, what, path)
    comparisons: dict[str, store.Comparison] = {}  # filled inside the write transaction
    ids = store.save_batches(
        list(batches),
        pengguna=who,
        nama_berkas=file_name,
        sha256=sha256,
        catatan=note,
        contoh=sample,
        path=path,
        expect_state=expect_state,
        compared=comparisons,
    )
    return Written(ids, comparisons)


def write_rows(dataset_name: str, rows: pd.DataFrame, who: Principal, *, what: str, **kw: Any) -> int:
    """write_batches for one dataset; the batch's id."""
    return write_batches([NewBatch(dataset_name, rows)], who, what=what, **kw).batch_ids[0]


def remove_sample(who: Principal, path: str | None = None) -> list[int]:
    """Going live: every active sample batch rolled back at once, by an admin, as one audited step (store.contoh)."""
    return contoh.roll_back_sample(who, path)


def rollback(batch_id: int, who: Principal, path: str | None = None) -> dict:
    """Undo a batch: the previous values return. An admin any batch, an operator one holding only their districts'
    rows (checked and audited by the store in the same transaction)."""
    return store.rollback_batch(batch_id, who, path)


def write_meeting(
    values: Mapping[str, Any],
    who: Principal,
    *,
    meeting_id: int | None = None,
    cfg: Konfigurasi | None = None,
    path: str | None = None,
) -> int:
    """Set up a meeting (`meeting_id` None) or change one: admins only (a refusal is audited), its fields checked
    against the column registry (lib.ingest.meeting: every wrong field named), then stored and audited in one
    transaction. Returns the meeting's id."""
    cfg = cfg or load_config()
    try:
        require_admin(who, "menyiapkan rapat")
    except Refused as e:
        store.record_refusal(who, "simpan rapat", f"rapat #{meeting_id}" if meeting_id else "rapat baru", e, path)
        raise
    return meetings.save_meeting(check_meeting(values, cfg, meeting_id), who, path)


def _require_notulis(who: Principal, rapat: Rapat, path: str | None) -> None:
    """An admin, or the account the meeting's notulis (named by an admin on the Rapat screen)."""
    if who.is_admin:
        return
    if follow_ups.notulis(path).get(rapat.id or 0) != normal_login(who.login):
        raise Refused(
            "Tidak diizinkan",
            f"Akun '{who.login}' bukan notulis rapat #{rapat.id}; hanya notulis rapat itu atau admin yang mencatat "
            "tindak lanjut. Tidak ada yang disimpan.",
        )


def _store_follow_up(
    rows: pd.DataFrame,
    who: Principal,
    note: str,
    cfg: Konfigurasi,
    path: str | None,
    origin: follow_ups.Origin | None = None,
) -> None:
    """One follow-up's new version, checked against the column registry, stored as one batch (audited by the store)."""
    batch = [NewBatch("tindak_lanjut", rows)]
    _check_rows(batch, cfg, "tindak lanjut", path)
    store.save_batches(batch, pengguna=who, catatan=note, path=path, origin=origin)


def write_follow_up(
    values: Mapping[str, Any],
    who: Principal,
    *,
    rapat: Rapat,
    origin: follow_ups.Origin,
    today: dt.date,
    cfg: Konfigurasi | None = None,
    path: str | None = None,
) -> tuple[int, list[str]]:
    """Record a follow-up agreed in `rapat` while presenting (the notes tab): the notulis or an admin (a refusal is
    audited), every field checked (lib.ingest.follow_up), then stored as one `tindak_lanjut` batch with its origin
    (slide, measure, figure then) and audited, in one transaction. Returns its id and the warnings."""
    cfg = cfg or load_config()
    if rapat.id is None:
        raise Refused("Rapat belum disiapkan", "Tindak lanjut dicatat pada rapat yang disiapkan di halaman Rapat.")
    try:
        _require_notulis(who, rapat, path)
    except Refused as e:
        store.record_refusal(who, "catat tindak lanjut", f"rapat #{rapat.id}", e, path)
        raise
    rows, warnings = check_follow_up(values, cfg, who, rapat, today)
    key = {k: rows.iloc[0][k] for k in follow_ups.KEY}
    if follow_ups.find(key, path) is not None:
        raise Refused(
            "Tindak lanjut sudah ada",
            f"Uraian ini sudah dicatat untuk rapat '{rapat.nama}' dan wilayah yang sama. Tidak ada yang disimpan.",
        )
    _store_follow_up(rows, who, f"Dicatat saat rapat #{rapat.id}, slide {origin.nomor_slide}", cfg, path, origin)
    found = follow_ups.find(key, path)
    assert found is not None  # registered in the batch's transaction
    return found, warnings


def write_notulis(rapat_id: int, login: str, who: Principal, path: str | None = None) -> None:
    """Name an account the meeting's notulis ('' none): admins only (a refusal is audited); the account must exist
    and be active."""
    try:
        require_admin(who, "menunjuk notulis")
        login = normal_login(login)
        if login:
            user = get_user(login, path)
            if user is None or not user["aktif"]:
                raise Refused("Akun tidak ditemukan", f"Tidak ada akun aktif '{login}'. Tidak ada yang diubah.")
    except Refused as e:
        store.record_refusal(who, "tunjuk notulis", f"rapat #{rapat_id}", e, path)
        raise
    follow_ups.save_notulis(rapat_id, login, who, path)


def write_slide_shown(shown: follow_ups.SlideShown, path: str | None = None, wait: float | None = None) -> None:
    """The slide a meeting's presenter shows, kept for the notes tab. Whoever may read may present (no principal):
    the pointer is what is on the shared screen, not a record; not audited (it moves with every slide)."""
    follow_ups.save_slide_shown(shown, path, wait)


def write_follow_up_outcome(
    follow_up_id: int,
    action: str,
    values: Mapping[str, Any],
    who: Principal,
    *,
    rapat: Rapat,
    today: dt.date,
    cfg: Konfigurasi | None = None,
    path: str | None = None,
) -> list[str]:
    """Close ('selesai'), postpone ('tunda': values tenggat and alasan) or carry again ('bawa') a follow-up carried
    into `rapat`: the notulis or an admin (a refusal is audited), checked (lib.ingest.follow_up.check_outcome), then
    its new version stored as one `tindak_lanjut` batch naming the meeting, audited: the batches are its status
    history. Returns the warnings."""
    cfg = cfg or load_config()
    try:
        _require_notulis(who, rapat, path)
    except Refused as e:
        store.record_refusal(who, "ubah tindak lanjut", f"tindak lanjut #{follow_up_id}", e, path)
        raise
    found = follow_ups.records(path).set_index("id")
    if follow_up_id not in found.index:
        raise Refused("Tindak lanjut tidak ditemukan", f"Tidak ada tindak lanjut nomor {follow_up_id}.")
    key = found.loc[follow_up_id, list(follow_ups.KEY)]
    tl = store.current("tindak_lanjut", path)
    now = tl[
        (tl["rapat"] == key["rapat"]) & (tl["kode_wilayah"] == key["kode_wilayah"]) & (tl["uraian"] == key["uraian"])
    ]
    if now.empty:
        raise Refused("Tindak lanjut tidak ditemukan", f"Tindak lanjut nomor {follow_up_id} sudah dibatalkan.")
    rows, warnings = check_outcome(now.iloc[0], action, values, cfg, who, rapat, today)
    note = f"Rapat #{rapat.id}: {OUTCOMES[action].lower()} tindak lanjut #{follow_up_id}"
    _store_follow_up(rows, who, note, cfg, path)
    return warnings
