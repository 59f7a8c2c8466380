"""The pandera checks on their own: canonical rows in, findings (row position, column, message) out."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.config import load_config
from lib.ingest.validate import GALAT, PERINGATAN, load_reference, validate_rows
from lib.store import save_batch
from tests.principals import admin

CFG = load_config()
TODAY = dt.date(2025, 6, 15)


def pas(*rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["periode", "kode_wilayah", "kategori_pas", "terdata", "dilayani"])
    for c in ("terdata", "dilayani"):
        df[c] = df[c].astype("Int64")
    return df


def findings(name, rows, uploaded=None):
    ref = load_reference([name], CFG, uploaded or {name: rows}, today=TODAY)
    return [(f.pos, f.kolom, f.severity, f.message) for f in validate_rows(name, rows, CFG, ref)]


def test_valid_rows_have_no_findings(db):
    assert findings("pas", pas(("2025-05", "74.71", "anak_rentan", 10, 5))) == []


def test_a_period_after_todays_month_is_an_error(db):
    [(pos, kolom, jenis, pesan)] = findings("pas", pas(("2025-07", "74.71", "anak_rentan", 10, 5)))
    assert (pos, kolom, jenis) == (0, "periode", GALAT)
    assert pesan == "Periode Juli 2025 belum terjadi (hari ini 15-06-2025)."


def test_a_tenfold_jump_is_measured_against_the_stores_previous_period(db):
    save_batch("pas", pas(("2025-04", "74.71", "anak_rentan", 10, 5)), admin("awal"))
    got = findings("pas", pas(("2025-05", "74.71", "anak_rentan", 101, 5), ("2025-05", "74.02", "anak_rentan", 999, 5)))
    assert got == [(0, "terdata", PERINGATAN, "Terdata 101 lebih dari 10 kali nilai April 2025 (10).")]


def test_a_jump_within_the_file_itself_is_found_too(db):
    got = findings("pas", pas(("2025-04", "74.71", "anak_rentan", 3, 1), ("2025-05", "74.71", "anak_rentan", 40, 1)))
    assert got == [(1, "terdata", PERINGATAN, "Terdata 40 lebih dari 10 kali nilai April 2025 (3).")]


def test_the_latest_population_in_the_store_wins_over_the_reference_table(db):
    save_batch(
        "penduduk",
        pd.DataFrame({"tahun": [2024, 2025], "kode_wilayah": ["74.12", "74.12"], "jumlah": [44_000, 30_000]}),
        admin("awal"),
    )
    [(_, kolom, jenis, pesan)] = findings("pas", pas(("2025-05", "74.12", "fakir_miskin", 35_000, 5)))
    assert (kolom, jenis) == ("terdata", GALAT)
    assert pesan.endswith("melebihi jumlah penduduk Kabupaten Konawe Kepulauan (30.000).")


def test_realisasi_anggaran_above_anggaran_is_a_warning(db):
    rows = pd.DataFrame(
        [["2025-05", "P1", "Program", CFG.klaster[0].kode, "74.71", "orang", 10, 5, 1000, 1200, CFG.status_program[1]]],
        columns=[
            "periode",
            "kode_program",
            "nama_program",
            "klaster",
            "kode_wilayah",
            "satuan",
            "target",
            "realisasi",
            "anggaran",
            "realisasi_anggaran",
            "status",
        ],
    )
    for c in ("target", "realisasi", "anggaran", "realisasi_anggaran"):
        rows[c] = rows[c].astype("Int64")
    [(pos, kolom, jenis, pesan)] = findings("program", rows)
    assert (kolom, jenis) == ("realisasi_anggaran", PERINGATAN)
    assert pesan == "Realisasi anggaran (1.200) lebih besar dari anggaran (1.000)."


def test_validation_never_creates_a_database(duckdb_db):
    db = duckdb_db
    from pathlib import Path

    findings("pas", pas(("2025-05", "74.71", "anak_rentan", 10, 5)))
    assert not Path(db).exists()
