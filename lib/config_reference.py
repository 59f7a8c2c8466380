"""The check of the reference table of districts (wilayah.csv, lib/config_schema.py's WILAYAH_CSV): its columns,
the values of the covered districts' rows by the file's line, and display names that tell the districts apart."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from lib.config_schema import DOCS, SHOWN, WILAYAH_CSV, Kunci, Masalah, Problems, did_you_mean, read_csv
from lib.names import display_names


def check_wilayah(path: Path, name: str, cakupan: list[str], problems: list[Masalah]) -> pd.DataFrame | None:
    """The reference table: its columns, then the values of the covered districts' rows (line = the file's line)."""
    df = read_csv(path, name, problems)
    if df is None:
        return None
    out = Problems(name)
    cols = [str(c) for c in df.columns]
    known = {s.nama: s for s in WILAYAH_CSV}
    missing = [s.nama for s in WILAYAH_CSV if s.wajib and s.nama not in cols]
    if missing:
        out.add(
            "baris 1 (judul kolom)",
            f"kolom wajib {', '.join(missing)} tidak ada; kolom yang ada: {', '.join(cols)}.",
            f"tambahkan kolom {', '.join(missing)} atau ganti nama kolom yang dimaksud (lihat {DOCS}).",
        )
    for c in cols:
        if c not in known and did_you_mean(c, known).startswith("Maksud"):
            out.add("baris 1 (judul kolom)", f'kolom "{c}" tidak dikenal.', did_you_mean(c, known))
    problems += out
    if missing:
        return None
    out = Problems(name)
    df.index = pd.RangeIndex(2, len(df) + 2)  # the file's line numbers (line 1 is the header)
    twice = df[df["kode_wilayah"].duplicated(keep=False)]
    if len(twice):
        lines = ", ".join(str(i) for i in twice.index[:SHOWN])
        out.add(f"baris {lines}, kolom kode_wilayah", "kode wilayah ganda.", "setiap kode satu baris.")
    covered = df[df["kode_wilayah"].isin(set(cakupan))]
    for s in WILAYAH_CSV:
        if s.nama not in cols:
            continue
        vals = covered[s.nama].str.strip()
        bad = vals.map(lambda v, s=s: not _cell_ok(v, s))
        if bad.any():
            rows = list(bad[bad].index)
            lines = ", ".join(str(i) for i in rows[:SHOWN]) + (f" dan {len(rows) - SHOWN} baris lain" if len(rows) > SHOWN else "")  # fmt: skip
            what = "wajib diisi dan berupa " + s.jenis if s.wajib else "harus berupa " + s.jenis + " atau kosong"
            out.add(f"baris {lines}, kolom {s.nama}", f"{s.nama} {what} (nilai: {vals[rows[0]]!r}).", f"isi {s.nama}, mis. {s.contoh}.")  # fmt: skip
    _distinct_names(covered, out)
    problems += out
    return df.drop_duplicates("kode_wilayah").set_index("kode_wilayah")


def _distinct_names(covered: pd.DataFrame, out: Problems) -> None:
    """Display names (lib.names.display_names: shortened, or nama_pendek) tell the covered districts apart: two
    "Kab. Buton" bars on a slide would be one district to the room."""
    if covered["nama"].isna().any():
        return  # reported above
    names = display_names(covered)
    for name, rows in names.groupby(names, sort=False):
        if len(rows) > 1:
            lines = ", ".join(str(i) for i in rows.index[:SHOWN])
            out.add(
                f"baris {lines}, kolom nama",
                f'{len(rows)} wilayah bernama tampilan sama "{name}" ({", ".join(covered.loc[rows.index, "nama"])}).',
                "isi kolom nama_pendek dengan nama tampilan yang berbeda untuk tiap wilayah itu.",
            )


def _cell_ok(v: str, s: Kunci) -> bool:
    if v == "":
        return not s.wajib
    if s.nama == "kode_wilayah":
        return re.fullmatch(r"\d{2}\.\d{2}", v) is not None
    if s.nama == "kode_bps":
        return re.fullmatch(r"\d{4}", v) is not None
    if s.jenis == "bilangan bulat":
        return re.fullmatch(r"\d+", v) is not None
    if s.jenis == "angka":
        try:
            float(v)
            return True
        except ValueError:
            return False
    return True
