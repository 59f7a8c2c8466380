"""The one write path. Every write of rows into a dataset (an upload, a follow-up edit, the sample) goes through
`write_batches`; undoing one through `rollback`, and the sample as a whole through `remove_sample`; a meeting set up
in the app through `write_meeting`. Each checks, in this order and once: the principal's scope, the rows
against the column registry (the pandera schemas of lib.ingest.validate), then stores in one transaction with the
audit line (lib.store). Nothing else in lib calls the store's write functions (tests/unit/test_layers.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lib import store
from lib.config import Konfigurasi, load_config
from lib.errors import Refused
from lib.ingest.meeting import check_meeting
from lib.ingest.problems import Problem, problems_table
from lib.ingest.validate import GALAT, load_reference, validate_rows
from lib.principal import Principal, check_rows, check_sheets, require_admin
from lib.store import NewBatch, contoh, meetings


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
