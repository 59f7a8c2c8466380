"""A follow-up typed while presenting (the notes tab) -> a checked `tindak_lanjut` row and its warnings, or every
problem at once with the field named in Bahasa Indonesia (the column registry's labels).

Refused: empty text, a 16-digit number (a NIK: counts only, never people) in what or who, a district outside the
coverage or outside the notulis's scope, a due date that is not a date. A due date in the past is a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from lib.config import Konfigurasi
from lib.errors import Refused
from lib.ingest import cells
from lib.ingest.codes import DistrictLookup
from lib.principal import OPERATOR, Principal
from lib.schema import COLUMNS
from lib.store.meetings import Rapat
from lib.store.record import OUTCOMES

MAX_TEXT = 500  # what was agreed, in a sentence or two
_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
FIELDS = ("uraian", "penanggung_jawab", "kode_wilayah", "tenggat")


def label(name: str) -> str:
    return "Kabupaten/kota" if name == "kode_wilayah" else COLUMNS[name].label


def scope(who: Principal, rapat: Rapat, cfg: Konfigurasi) -> tuple[str, ...]:
    """The districts `who` may record follow-ups for in this meeting: the meeting's participants (all the coverage
    when it names none), an operator's only among their own districts."""
    out = tuple(k for k in (rapat.wilayah or cfg.kode_wilayah) if k in cfg.wilayah.index)
    return tuple(k for k in out if k in who.wilayah) if who.peran == OPERATOR else out


def _refuse(title: str, problems: list[tuple[str, str, str]]) -> None:
    """Refused naming every wrong field (field, value, what is wrong), when there is any."""
    if problems:
        raise Refused(
            title,
            " ".join(p[2] for p in problems) + " Tidak ada yang disimpan.",
            details=pd.DataFrame(problems, columns=["Isian", "Nilai", "Masalah"]),
        )


def check_follow_up(
    values: Mapping[str, Any], cfg: Konfigurasi, who: Principal, rapat: Rapat, today: dt.date
) -> tuple[pd.DataFrame, list[str]]:
    """The follow-up in `values` (uraian, penanggung_jawab, kode_wilayah '' for all, tenggat) as one canonical
    `tindak_lanjut` row of `rapat`, and its warnings; Refused naming every wrong field."""
    problems: list[tuple[str, str, str]] = []  # field, value, what is wrong
    texts = {}
    for name in ("uraian", "penanggung_jawab"):
        v = values.get(name)
        text = "" if cells.is_blank(v) else cells.text(v).strip()
        if not text:
            problems.append((label(name), "", f"{label(name)} wajib diisi."))
        elif _NIK.search(text.replace(" ", "").replace(".", "")):
            problems.append(
                (
                    label(name),
                    "(disembunyikan)",
                    f"{label(name)} memuat nomor 16 angka seperti NIK: catat jumlah, bukan orang (UU No. 27/2022).",
                )
            )
        elif len(text) > MAX_TEXT:
            problems.append((label(name), cells.short_text(text), f"{label(name)} terlalu panjang (paling banyak {MAX_TEXT} huruf)."))  # fmt: skip
        texts[name] = text
    kode = _district(values.get("kode_wilayah"), cfg, who, rapat, problems)
    tenggat = None
    v = values.get("tenggat")
    if cells.is_blank(v):
        problems.append((label("tenggat"), "", f"{label('tenggat')} wajib diisi."))
    else:
        try:
            tenggat = cells.parse_tanggal(v)
        except cells.CellError as e:
            problems.append((label("tenggat"), cells.short_text(v), f"{label('tenggat')}: {e.message} {e.fix}"))
    _refuse("Tindak lanjut tidak disimpan", problems)
    warnings = []
    if tenggat is not None and tenggat < today:
        warnings.append(f"{label('tenggat')} {tenggat:%d/%m/%Y} sudah lewat (hari ini {today:%d/%m/%Y}).")
    row = {
        "rapat": rapat.nama,
        "tanggal_rapat": rapat.tanggal,
        "kode_wilayah": kode,
        "uraian": texts["uraian"],
        "penanggung_jawab": texts["penanggung_jawab"],
        "tenggat": tenggat,
        "status": cfg.status_tindak_lanjut[0],
        "catatan": None,
    }
    return pd.DataFrame([row]), warnings


def _district(v: Any, cfg: Konfigurasi, who: Principal, rapat: Rapat, problems: list[tuple[str, str, str]]) -> str:
    name = label("kode_wilayah")
    mine = scope(who, rapat, cfg)
    if cells.is_blank(v):
        if who.peran == OPERATOR:
            problems.append((name, "semua", f"{name}: akun operator hanya mencatat untuk kabupaten/kotanya sendiri."))
        return ""
    try:
        kode = DistrictLookup.from_wilayah(cfg.wilayah)(v)
    except cells.CellError as e:
        problems.append((name, cells.short_text(v), f"{name}: {e.message}"))
        return ""
    if kode not in cfg.wilayah.index:
        problems.append((name, cells.short_text(v), f"{name}: '{cells.short_text(v)}' tidak termasuk wilayah jangkauan."))  # fmt: skip
    elif kode not in mine:
        problems.append(
            (name, cfg.nama_wilayah(kode), f"{name}: {cfg.nama_wilayah(kode)} di luar wilayah rapat atau akun ini.")
        )
    return kode


def check_outcome(
    current: pd.Series, action: str, values: Mapping[str, Any], cfg: Konfigurasi, who: Principal, rapat: Rapat,
    today: dt.date,
) -> tuple[pd.DataFrame, list[str]]:  # fmt: skip
    """A carried follow-up (`current`: its row of the dataset's current values) closed, postponed (a new due date
    and the reason, both required) or carried again, in `rapat`: its new version as one canonical row, and the
    warnings; Refused naming every wrong field."""
    problems: list[tuple[str, str, str]] = []
    done = cfg.status_tindak_lanjut[-1]
    if action not in OUTCOMES:
        problems.append(("Tindakan", action, f"Tindakan harus salah satu dari {', '.join(OUTCOMES)}."))
    if current["status"] == done:
        problems.append(("Status", done, f"Tindak lanjut ini sudah {done}; tidak ada yang diubah."))
    kode = str(current["kode_wilayah"] or "")
    if who.peran == OPERATOR and kode not in scope(who, rapat, cfg):
        where = cfg.nama_wilayah(kode) if kode else "semua wilayah"
        problems.append((label("kode_wilayah"), where, f"{label('kode_wilayah')}: {where} di luar wilayah akun ini."))
    reason = "" if cells.is_blank(values.get("alasan")) else cells.text(values.get("alasan")).strip()
    if _NIK.search(reason.replace(" ", "").replace(".", "")):
        problems.append(("Alasan", "(disembunyikan)", "Alasan memuat nomor 16 angka seperti NIK: catat jumlah, bukan orang."))  # fmt: skip
    elif len(reason) > MAX_TEXT:
        problems.append(("Alasan", cells.short_text(reason), f"Alasan terlalu panjang (paling banyak {MAX_TEXT} huruf)."))  # fmt: skip
    row = current.to_dict()
    warnings: list[str] = []
    if action == "tunda":
        if not reason:
            problems.append(("Alasan", "", "Alasan wajib diisi untuk menunda."))
        v = values.get("tenggat")
        if cells.is_blank(v):
            problems.append((label("tenggat"), "", f"{label('tenggat')} baru wajib diisi untuk menunda."))
        else:
            try:
                row["tenggat"] = cells.parse_tanggal(v)
                if row["tenggat"] < today:
                    warnings.append(f"{label('tenggat')} {row['tenggat']:%d/%m/%Y} sudah lewat (hari ini {today:%d/%m/%Y}).")  # fmt: skip
            except cells.CellError as e:
                problems.append((label("tenggat"), cells.short_text(v), f"{label('tenggat')}: {e.message} {e.fix}"))
    _refuse("Tindak lanjut tidak diubah", problems)
    said = {"selesai": "Ditutup", "tunda": f"Ditunda ke {row['tenggat']:%d/%m/%Y}", "bawa": "Dibawa lagi"}[action]
    row["catatan"] = f"{said} di {rapat.nama}" + (f": {reason}" if reason else "")
    if action == "selesai":
        row["status"] = done
    for c in ("tanggal_rapat", "tenggat"):
        row[c] = pd.Timestamp(row[c]).date() if not cells.is_blank(row[c]) else None
    return pd.DataFrame([row]), warnings
