"""Broken copies of the main configuration, as a new deployment gets them wrong (issue 11, items 8 and 9)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _copy(tmp_path: Path) -> Path:
    dest = tmp_path / "konfigurasi_rusak"
    dest.mkdir()
    for name in ("konfigurasi.toml", "wilayah.csv", "contoh.toml"):
        shutil.copy(ROOT / "data" / name, dest / name)
    return dest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def without_penduduk_tahun(tmp_path: Path) -> Path:
    """Item 8: wilayah.csv without its penduduk_tahun column."""
    d = _copy(tmp_path)
    rows = [line.split(",") for line in (d / "wilayah.csv").read_text(encoding="utf-8").splitlines()]
    i = rows[0].index("penduduk_tahun")
    (d / "wilayah.csv").write_text("\n".join(",".join(r[:i] + r[i + 1 :]) for r in rows) + "\n", encoding="utf-8")
    return d


def kode_kemendagri_column(tmp_path: Path) -> Path:
    """Item 8: the code column called kode_kemendagri instead of kode_wilayah."""
    d = _copy(tmp_path)
    _edit(d / "wilayah.csv", "kode_wilayah,", "kode_kemendagri,")
    return d


def bad_sample_parameters(tmp_path: Path) -> Path:
    """Item 9: a programme outside the coverage, a follow-up status not in [status], a misspelt key."""
    d = _copy(tmp_path)
    _edit(d / "contoh.toml", 'wilayah = ["81.02"]', 'wilayah = ["81.02", "32.73"]')
    _edit(d / "contoh.toml", 'status = "Dalam Proses"', 'status = "Sedang Dikerjakan"')
    _edit(d / "contoh.toml", "pengguna = ", "penguna = ")
    return d


def missing_reference_file(tmp_path: Path) -> Path:
    """A file the configuration names is not there."""
    d = _copy(tmp_path)
    (d / "wilayah.csv").unlink()
    return d


BROKEN = {
    "tanpa_penduduk_tahun": (
        without_penduduk_tahun,
        ["wilayah.csv, baris 1", "kolom wajib penduduk_tahun tidak ada", "kolom yang ada: kode_wilayah, kode_bps"],
    ),
    "kode_kemendagri": (
        kode_kemendagri_column,
        ["kolom wajib kode_wilayah tidak ada", "kolom yang ada: kode_kemendagri"],
    ),
    "parameter_contoh": (
        bad_sample_parameters,
        [
            'contoh.toml, [[program]] ke-1 ("PRG-2501") wilayah: wilayah 32.73 di luar cakupan',
            'status "Sedang Dikerjakan" tidak ada di [status] tindak_lanjut',
            'kunci "penguna" tidak dikenal. Perbaikan: Maksud Anda "pengguna"?',
        ],
    ),
    "berkas_hilang": (missing_reference_file, ["wilayah.csv: berkas tidak ada."]),
}
