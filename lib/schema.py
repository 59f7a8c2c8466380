"""The seven datasets of the upload contract (DESIGN.md): columns, types and keys, in one place.

The store builds its tables from these, the command line exports in this column order, and the importer
(issue 3) validates against them.
"""
from __future__ import annotations

from dataclasses import dataclass

# Column kinds: how a value is stored and checked.
PERIODE = "periode"  # 'YYYY-MM'
KODE = "kode"  # a code from the configuration (wilayah, kategori, klaster, ...)
TEKS = "teks"
BILANGAN = "bilangan"  # whole number >= 0 (counts, rupiah)
TAHUN = "tahun"
TANGGAL = "tanggal"

SQL_TYPES = {PERIODE: "VARCHAR", KODE: "VARCHAR", TEKS: "VARCHAR", BILANGAN: "BIGINT", TAHUN: "INTEGER", TANGGAL: "DATE"}


@dataclass(frozen=True)
class Kolom:
    nama: str
    jenis: str
    wajib: bool = True  # a blank cell is an error


@dataclass(frozen=True)
class Dataset:
    nama: str  # canonical name, also the table suffix and the CLI argument
    judul: str  # sheet name in the workbook
    kolom: tuple[Kolom, ...]
    kunci: tuple[str, ...]

    @property
    def kolom_nama(self) -> list[str]:
        return [k.nama for k in self.kolom]

    @property
    def nilai(self) -> list[str]:
        """Columns that are not part of the key: the values a later batch may change."""
        return [k.nama for k in self.kolom if k.nama not in self.kunci]

    def jenis(self, kolom: str) -> str:
        return next(k.jenis for k in self.kolom if k.nama == kolom)


def _k(nama, jenis, wajib=True):
    return Kolom(nama, jenis, wajib)


DATASETS: dict[str, Dataset] = {
    d.nama: d
    for d in [
        Dataset(
            "pas", "PAS",
            (_k("periode", PERIODE), _k("kode_wilayah", KODE), _k("kategori_pas", KODE),
             _k("terdata", BILANGAN), _k("dilayani", BILANGAN)),
            ("periode", "kode_wilayah", "kategori_pas"),
        ),
        Dataset(
            "layanan", "Layanan",
            (_k("periode", PERIODE), _k("kode_wilayah", KODE), _k("kategori_pas", KODE),
             _k("jenis_layanan", KODE), _k("pendekatan", KODE), _k("penerima", BILANGAN)),
            ("periode", "kode_wilayah", "kategori_pas", "jenis_layanan", "pendekatan"),
        ),
        Dataset(
            "program", "Program",
            (_k("periode", PERIODE), _k("kode_program", TEKS), _k("nama_program", TEKS), _k("klaster", KODE),
             _k("kode_wilayah", KODE), _k("satuan", TEKS), _k("target", BILANGAN), _k("realisasi", BILANGAN),
             _k("anggaran", BILANGAN), _k("realisasi_anggaran", BILANGAN), _k("status", TEKS)),
            ("periode", "kode_program", "kode_wilayah"),
        ),
        Dataset(
            "ska", "SKA",
            (_k("periode", PERIODE), _k("unit", TEKS), _k("pengunjung", BILANGAN), _k("produk_terjual", BILANGAN),
             _k("omzet", BILANGAN), _k("laba_kotor", BILANGAN)),
            ("periode", "unit"),
        ),
        Dataset(
            "sdm", "SDM",
            (_k("tahun", TAHUN), _k("kode_wilayah", KODE), _k("jenis_sdm", KODE), _k("jumlah", BILANGAN)),
            ("tahun", "kode_wilayah", "jenis_sdm"),
        ),
        Dataset(
            "penduduk", "Penduduk",
            (_k("tahun", TAHUN), _k("kode_wilayah", KODE), _k("jumlah", BILANGAN)),
            ("tahun", "kode_wilayah"),
        ),
        Dataset(
            "tindak_lanjut", "Tindak Lanjut",
            (_k("rapat", TEKS), _k("tanggal_rapat", TANGGAL), _k("kode_wilayah", KODE, wajib=False),
             _k("uraian", TEKS), _k("penanggung_jawab", TEKS), _k("tenggat", TANGGAL), _k("status", TEKS),
             _k("catatan", TEKS, wajib=False)),
            ("rapat", "kode_wilayah", "uraian"),
        ),
    ]
}


def dataset(nama: str) -> Dataset:
    from lib.errors import UserError

    if nama not in DATASETS:
        raise UserError("Dataset tidak dikenal", f"'{nama}' bukan dataset. Pilihan: {', '.join(DATASETS)}.")
    return DATASETS[nama]
