"""Who is acting: the signed-in principal, its role and districts, and the scope rules every write function applies.

Roles (DESIGN.md, "Who may do what"):

    pembaca   reads every screen; writes nothing
    operator  reads; uploads and edits follow-ups only for the districts assigned to them (rows with a district)
    admin     Sentra staff: every district, rollback of any batch, boundaries, accounts

The write functions (store.save_batches / save_batch / rollback_batch, ingest.import_upload, geo.install) take a
Principal and refuse out-of-scope work with `Refused`, naming the offending rows. The role and districts always come
from the app's own users table (lib.accounts), whatever signed the person in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib.errors import Refused
from lib.schema import dataset

PEMBACA, OPERATOR, ADMIN = "pembaca", "operator", "admin"
ROLES = (PEMBACA, OPERATOR, ADMIN)
ROLE_HELP = {
    PEMBACA: "membaca semua halaman; tidak mengubah apa pun",
    OPERATOR: "membaca; mengunggah dan menyunting data hanya untuk kabupaten/kota yang ditugaskan",
    ADMIN: "staf Sentra: semua kabupaten/kota, pembatalan batch, batas wilayah, tindak lanjut, akun",
}
DISTRICT = "kode_wilayah"


@dataclass(frozen=True)
class Principal:
    """A signed-in identity: its login (the users table's key: a login name or an e-mail), role and districts."""

    login: str
    peran: str = PEMBACA
    wilayah: frozenset[str] = frozenset()  # the districts an operator may write (Kemendagri codes)
    nama: str = ""
    via: str = ""  # how it signed in: 'lokal', 'oidc', 'baris perintah (OS: …)', 'sistem'

    @property
    def is_admin(self) -> bool:
        return self.peran == ADMIN

    @property
    def may_write(self) -> bool:
        return self.peran in (OPERATOR, ADMIN)

    def label(self) -> str:
        return f"{self.nama or self.login} ({self.peran})"


SYSTEM = Principal("sistem", ADMIN, nama="Sistem", via="sistem")  # the sample seed and maintenance, never signed in


def _principal(who: Any) -> Principal:
    if not isinstance(who, Principal):  # a typed name is no identity
        raise TypeError(f"a write needs a Principal (the signed-in account), not {type(who).__name__}")
    return who


def require_admin(who: Any, what: str) -> Principal:
    """Refused unless `who` is an admin; `what` names the action ('membatalkan batch', 'memasang batas wilayah')."""
    p = _principal(who)
    if not p.is_admin:
        raise Refused("Tidak diizinkan", f"Akun '{p.login}' ({p.peran}) tidak boleh {what}; hanya admin.")
    return p


def require_writer(who: Any) -> Principal:
    p = _principal(who)
    if not p.may_write:
        raise Refused("Tidak diizinkan", f"Akun '{p.login}' ({p.peran}) hanya dapat membaca; tidak ada yang diubah.")
    return p


def outside(who: Principal, dataset_name: str, rows: pd.DataFrame) -> list[tuple[int, str]]:
    """(position, district) of each row `who` may not write: for an operator, rows of another district, and every
    row of a dataset without districts or without a district (''); for an admin, none."""
    if who.is_admin:
        return []
    if DISTRICT not in dataset(dataset_name).kolom_nama or DISTRICT not in rows.columns:
        return [(i, "") for i in range(len(rows))]
    codes = rows[DISTRICT].fillna("").astype(str).tolist()
    return [(i, k) for i, k in enumerate(codes) if k not in who.wilayah]


MAX_LISTED = 50  # the refusal's table lists at most this many rows


def _refuse(who: Principal, listed: list[dict], n: int) -> None:
    mine = ", ".join(sorted(who.wilayah)) or "tidak ada"
    first = listed[0]
    where = (f"lembar {first['Lembar']} " if first.get("Lembar") else "") + f"baris {first['Baris']}"
    district = first["Kabupaten/Kota"] or "tanpa kabupaten/kota"
    raise Refused(
        "Di luar wilayah Anda",
        f"{n} baris di luar kabupaten/kota akun '{who.login}' (wilayah: {mine}), mis. {where} "
        f"({district}). Tidak ada data yang diubah.",
        details=pd.DataFrame(listed[:MAX_LISTED]),
    )


def check_rows(who: Any, dataset_name: str, rows: pd.DataFrame) -> Principal:
    """Refused (nothing written) when any row is outside `who`'s scope; the details list those rows."""
    p = require_writer(who)
    bad = outside(p, dataset_name, rows)
    if bad:
        _refuse(p, [{"Data": dataset_name, "Baris": i + 1, "Kabupaten/Kota": k} for i, k in bad], len(bad))
    return p


def check_sheets(who: Any, sheets: Iterable[Any]) -> Principal:
    """As check_rows, for an upload's parsed sheets (ingest.ParsedSheet: sheet, dataset, rows, excel_rows): the
    refusal names each offending row by sheet, Excel row and district."""
    p = require_writer(who)
    listed: list[dict] = []
    for s in sheets:
        for i, k in outside(p, s.dataset, s.rows):
            listed.append(
                {"Lembar": s.sheet or "CSV", "Baris": s.excel_rows[i], "Kabupaten/Kota": k, "Data": s.dataset}
            )
    if listed:
        _refuse(p, listed, len(listed))
    return p


def check_rollback(who: Any, batch_id: int, dataset_name: str, districts: list[str]) -> Principal:
    """An admin rolls back any batch; an operator only a batch whose every row is of their districts."""
    p = require_writer(who)
    if p.is_admin:
        return p
    if DISTRICT not in dataset(dataset_name).kolom_nama:
        districts = [""]
    others = sorted({k or "tanpa kabupaten/kota" for k in districts if k not in p.wilayah})
    if others:
        raise Refused(
            "Tidak diizinkan",
            f"Batch #{batch_id} memuat baris kabupaten/kota di luar wilayah akun '{p.login}': "
            f"{', '.join(others)}. Hanya admin yang dapat membatalkannya.",
        )
    return p
