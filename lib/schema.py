"""The eight datasets of the upload contract (DESIGN.md), the meeting record, and one registry of their columns.

Everything said about a column is in `COLUMNS`: its name, kind, whether it is required, the label people read, the
header labels an import accepts, the help text of the template and the configuration list naming its values. The
store builds its tables from the datasets, the command line exports in this column order, lib.ingest reads,
validates and writes the template from them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, Protocol

from lib.errors import UserError


class Words(Protocol):
    """The configuration's words the texts take (lib.config.Konfigurasi, not imported: config_check reads us)."""

    @property
    def kategori_judul(self) -> str: ...
    @property
    def kategori_singkatan(self) -> str: ...
    @property
    def kode_wilayah(self) -> list[str]: ...


# Column kinds: how a value is stored and checked.
Kind = Literal["periode", "kode", "teks", "bilangan", "tahun", "tanggal"]
PERIODE: Kind = "periode"  # 'YYYY-MM'
KODE: Kind = "kode"  # a code from the configuration (wilayah, kategori, klaster, ...)
TEKS: Kind = "teks"
BILANGAN: Kind = "bilangan"  # whole number >= 0 (counts, rupiah)
TAHUN: Kind = "tahun"
TANGGAL: Kind = "tanggal"

SQL_TYPES = {
    PERIODE: "VARCHAR",
    KODE: "VARCHAR",
    TEKS: "VARCHAR",
    BILANGAN: "BIGINT",
    TAHUN: "INTEGER",
    TANGGAL: "DATE",
}


@dataclass(frozen=True)
class Column:
    """One column of the upload contract.

    `label`, `help` and `aliases` may hold the configuration's own words, filled in by `fill`: {kategori} (the PAS
    groups' title), {singkatan} (their abbreviation), {kode} (the first district code).
    """

    name: str
    kind: Kind
    label: str  # as people call it, in messages
    help: str  # the template's note on the header cell and on the Petunjuk sheet
    aliases: tuple[str, ...] = ()  # header labels an import accepts besides the name, best first
    code_list: str | None = None  # the Konfigurasi attribute listing the values: items for KODE, words for TEKS
    required: bool = True  # a blank cell is an error


_COLUMNS = [
    Column(
        "periode",
        PERIODE,
        "Periode",
        "Bulan data, ditulis 2025-03 (juga diterima: Maret 2025, 03/2025, atau tanggal Excel).",
        ("periode", "bulan", "bulan tahun", "periode laporan", "bulan laporan", "periode bulan", "masa"),
    ),
    Column(
        "kode_wilayah",
        KODE,
        "Kabupaten/Kota",
        "Kabupaten/kota: pilih dari daftar, atau tulis kode Kemendagri (mis. {kode}), kode BPS, atau namanya.",
        (
            "kode wilayah",
            "kode kemendagri",
            "kode kab kota",
            "kode kabupaten kota",
            "kode bps",
            "kode daerah",
            "kabupaten kota",
            "kab kota",
            "kabupaten",
            "kota",
            "wilayah",
            "nama wilayah",
            "daerah",
            "nama kabupaten kota",
            "nama kab kota",
            "kab",
            "kabkot",
        ),
    ),
    Column(
        "kategori_pas",
        KODE,
        "{kategori}",
        "{kategori}: pilih dari daftar (nama atau kode).",
        (
            "{kategori}",
            "{singkatan}",
            "kategori {singkatan}",
            "kelompok {singkatan}",
            "jenis {singkatan}",
            "kategori",
            "kategori pas",
            "kelompok pas",
            "kelompok",
            "jenis pmks",
            "pmks",
            "kategori pmks",
            "pas",
            "jenis pas",
            "sasaran",
        ),
        code_list="kategori",
    ),
    Column(
        "terdata",
        BILANGAN,
        "Terdata",
        "Jumlah orang terdata (bilangan bulat, 0 atau lebih).",
        ("terdata", "jumlah terdata", "data", "jumlah data", "pas terdata", "{singkatan} terdata"),
    ),
    Column(
        "dilayani",
        BILANGAN,
        "Dilayani",
        "Jumlah orang dilayani (bilangan bulat; biasanya tidak lebih dari terdata).",
        (
            "dilayani",
            "terlayani",
            "jumlah dilayani",
            "jumlah terlayani",
            "pas dilayani",
            "ditangani",
            "{singkatan} dilayani",
        ),
    ),
    Column(
        "jenis_layanan",
        KODE,
        "Jenis layanan",
        "Jenis layanan ATENSI: pilih dari daftar.",
        ("jenis layanan", "layanan", "jenis layanan atensi", "bentuk layanan"),
        code_list="jenis_layanan",
    ),
    Column(
        "pendekatan",
        KODE,
        "Pendekatan",
        "Pendekatan layanan: pilih dari daftar.",
        ("pendekatan", "pendekatan layanan", "basis layanan"),
        code_list="pendekatan",
    ),
    Column(
        "penerima",
        BILANGAN,
        "Penerima",
        "Jumlah penerima layanan (bilangan bulat).",
        ("penerima", "jumlah penerima", "penerima manfaat", "jumlah penerima manfaat", "jumlah"),
    ),
    Column(
        "kode_program",
        TEKS,
        "Kode program",
        "Kode program, mis. PRG-01 (tetap sama dari bulan ke bulan).",
        ("kode program", "kode kegiatan", "kode"),
    ),
    Column(
        "nama_program",
        TEKS,
        "Nama program",
        "Nama program.",
        ("nama program", "program", "nama kegiatan", "kegiatan", "uraian program"),
    ),
    Column(
        "klaster",
        KODE,
        "Klaster",
        "Klaster program: pilih dari daftar.",
        ("klaster", "cluster", "kluster"),
        code_list="klaster",
    ),
    Column(
        "satuan", TEKS, "Satuan", "Satuan target, mis. orang, paket, unit.", ("satuan", "satuan target", "unit satuan")
    ),
    Column("target", BILANGAN, "Target", "Target (bilangan bulat).", ("target", "target fisik", "sasaran target")),
    Column(
        "realisasi",
        BILANGAN,
        "Realisasi",
        "Realisasi kumulatif sampai bulan ini (bilangan bulat).",
        ("realisasi", "realisasi fisik", "capaian"),
    ),
    Column(
        "anggaran",
        BILANGAN,
        "Anggaran",
        "Anggaran dalam rupiah, tanpa desimal (mis. 1.250.000).",
        ("anggaran", "pagu", "pagu anggaran", "anggaran rp", "nilai anggaran"),
    ),
    Column(
        "realisasi_anggaran",
        BILANGAN,
        "Realisasi anggaran",
        "Realisasi anggaran kumulatif dalam rupiah.",
        ("realisasi anggaran", "realisasi keuangan", "serapan anggaran", "serapan", "realisasi anggaran rp"),
    ),
    # Its list differs by dataset (status_program, status_tindak_lanjut): each dataset names it.
    Column(
        "status",
        TEKS,
        "Status",
        "Status: pilih dari daftar.",
        ("status", "status program", "status tindak lanjut", "keadaan"),
    ),
    Column("unit", TEKS, "Unit", "Nama unit SKA.", ("unit", "unit ska", "nama unit", "ska", "gerai", "outlet")),
    Column(
        "pengunjung", BILANGAN, "Pengunjung", "Jumlah pengunjung dalam bulan itu.", ("pengunjung", "jumlah pengunjung")
    ),  # fmt: skip
    Column(
        "produk_terjual",
        BILANGAN,
        "Produk terjual",
        "Jumlah produk terjual dalam bulan itu.",
        ("produk terjual", "terjual", "jumlah produk terjual", "produk"),
    ),
    Column(
        "omzet", BILANGAN, "Omzet", "Omzet dalam rupiah.", ("omzet", "omset", "omzet rp", "penjualan", "pendapatan")
    ),
    Column("laba_kotor", BILANGAN, "Laba kotor", "Laba kotor dalam rupiah.", ("laba kotor", "laba", "keuntungan")),
    Column("tahun", TAHUN, "Tahun", "Tahun, empat angka (mis. 2025).", ("tahun", "thn", "tahun data")),
    Column(
        "jenis_sdm",
        KODE,
        "Jenis SDM",
        "Jenis SDM: pilih dari daftar.",
        ("jenis sdm", "sdm", "jenis psks", "psks", "jenis"),
        code_list="jenis_sdm",
    ),
    Column(
        "jumlah",
        BILANGAN,
        "Jumlah",
        "Jumlah (bilangan bulat).",
        ("jumlah", "total", "banyaknya", "jumlah penduduk", "penduduk", "jumlah sdm"),
    ),
    Column(
        "jenis_hasil",
        KODE,
        "Jenis hasil",
        "Hasil layanan (apa yang terjadi pada penerima manfaat setelah layanan): pilih dari daftar.",
        ("jenis hasil", "hasil", "hasil layanan", "jenis hasil layanan", "dampak"),
        code_list="jenis_hasil",
    ),  # fmt: skip
    Column("rapat", TEKS, "Rapat", "Nama rapat.", ("rapat", "nama rapat", "kegiatan rapat")),
    Column(
        "tanggal_rapat",
        TANGGAL,
        "Tanggal rapat",
        "Tanggal rapat (tanggal Excel, atau 12/06/2025).",
        ("tanggal rapat", "tgl rapat", "tanggal"),
    ),
    Column(
        "uraian",
        TEKS,
        "Uraian",
        "Uraian tindak lanjut.",
        ("uraian", "tindak lanjut", "uraian tindak lanjut", "rencana tindak lanjut", "kesepakatan"),
    ),
    Column(
        "penanggung_jawab",
        TEKS,
        "Penanggung jawab",
        "Siapa yang bertanggung jawab.",
        ("penanggung jawab", "pj", "pic", "penanggungjawab"),
    ),
    Column(
        "tenggat",
        TANGGAL,
        "Tenggat",
        "Batas waktu (tanggal Excel, atau 12/06/2025).",
        ("tenggat", "batas waktu", "tenggat waktu", "target waktu", "deadline"),
    ),
    Column("catatan", TEKS, "Catatan", "Catatan (boleh kosong).", ("catatan", "keterangan", "ket"), required=False),
    # A meeting set up in the app (lib.store.meetings), besides rapat and tanggal_rapat; in no upload sheet.
    Column("jenis_rapat", TEKS, "Jenis rapat", "Rakernis, Rakornis atau Rakor."),
    Column("seri_rapat", TEKS, "Seri rapat", "Rapat satu seri saling menyusul, mis. Rakernis Sentra X."),
    Column("tempat_rapat", TEKS, "Tempat atau tautan Zoom", "Tempat rapat atau teks tautan Zoom.", required=False),
    Column("wilayah_peserta", KODE, "Wilayah peserta", "Kosong: seluruh wilayah jangkauan.", required=False),
    Column("slide", TEKS, "Slide dan urutannya", "Slide yang ditampilkan, berurutan."),
]
COLUMNS: dict[str, Column] = {c.name: c for c in _COLUMNS}

# Code columns and the configuration list that names their codes (kode_wilayah's are the districts).
CODE_LISTS: dict[str, str] = {c.name: c.code_list for c in _COLUMNS if c.kind == KODE and c.code_list}


def fill(text: str, cfg: Words) -> str:
    """A registry text with the configuration's own words in place of {kategori}, {singkatan} and {kode}."""
    if "{" not in text:
        return text
    return text.format(kategori=cfg.kategori_judul, singkatan=cfg.kategori_singkatan, kode=cfg.kode_wilayah[0])


def label(name: str, cfg: Words) -> str:
    """The column as people call it, for messages."""
    return fill(COLUMNS[name].label, cfg) if name in COLUMNS else name


@dataclass(frozen=True)
class Dataset:
    nama: str  # canonical name, also the table suffix and the CLI argument
    judul: str  # sheet name in the workbook
    kolom: tuple[Column, ...]
    kunci: tuple[str, ...]
    # An indicator's month (lib.figures.indicators): 'bulan' its rows, 'kumulatif' each key's latest up to it, 'tahun' the latest year
    waktu: Literal["bulan", "kumulatif", "tahun", ""] = "bulan"

    @property
    def kolom_nama(self) -> list[str]:
        return [k.name for k in self.kolom]

    @property
    def nilai(self) -> list[str]:
        """Columns that are not part of the key: the values a later batch may change."""
        return [k.name for k in self.kolom if k.name not in self.kunci]

    def column(self, name: str) -> Column:
        return next(k for k in self.kolom if k.name == name)

    def jenis(self, kolom: str) -> Kind:
        return self.column(kolom).kind


def _columns(*names: str, **changes: dict) -> tuple[Column, ...]:
    """The registry's columns by name; `changes` adjusts one column for this dataset: status={'code_list': ...}."""
    return tuple(replace(COLUMNS[n], **changes.get(n, {})) for n in names)


# One line per dataset: name, sheet, columns, key, how an indicator's month reads it (Dataset.waktu).
# fmt: off
DATASETS: dict[str, Dataset] = {
    d.nama: d
    for d in [
        Dataset("pas", "PAS", _columns("periode", "kode_wilayah", "kategori_pas", "terdata", "dilayani"),
                ("periode", "kode_wilayah", "kategori_pas")),
        Dataset("layanan", "Layanan",
                _columns("periode", "kode_wilayah", "kategori_pas", "jenis_layanan", "pendekatan", "penerima"),
                ("periode", "kode_wilayah", "kategori_pas", "jenis_layanan", "pendekatan")),
        Dataset("program", "Program",
                _columns("periode", "kode_program", "nama_program", "klaster", "kode_wilayah", "satuan", "target",
                         "realisasi", "anggaran", "realisasi_anggaran", "status",
                         status={"code_list": "status_program"}),
                ("periode", "kode_program", "kode_wilayah"), "kumulatif"),
        Dataset("ska", "SKA", _columns("periode", "unit", "pengunjung", "produk_terjual", "omzet", "laba_kotor"),
                ("periode", "unit")),
        Dataset("sdm", "SDM", _columns("tahun", "kode_wilayah", "jenis_sdm", "jumlah"),
                ("tahun", "kode_wilayah", "jenis_sdm"), "tahun"),
        Dataset("penduduk", "Penduduk", _columns("tahun", "kode_wilayah", "jumlah"), ("tahun", "kode_wilayah"), "tahun"),
        Dataset("tindak_lanjut", "Tindak Lanjut",
                _columns("rapat", "tanggal_rapat", "kode_wilayah", "uraian", "penanggung_jawab", "tenggat", "status",
                         "catatan", kode_wilayah={"required": False}, status={"code_list": "status_tindak_lanjut"}),
                ("rapat", "kode_wilayah", "uraian"), ""),
        # Outcomes: what happened to the people served after their services, per month, district, PAS group and
        # kind of outcome ([[jenis_hasil]] of the configuration). Last: migration 5 added its table.
        Dataset("hasil", "Hasil", _columns("periode", "kode_wilayah", "kategori_pas", "jenis_hasil", "jumlah"),
                ("periode", "kode_wilayah", "kategori_pas", "jenis_hasil")),
    ]
}
# fmt: on


_MEETING = ("rapat", "jenis_rapat", "seri_rapat", "tanggal_rapat", "tempat_rapat", "wilayah_peserta", "slide")
MEETING_FIELDS = {c.name: c for c in _columns(*_MEETING, rapat={"label": "Nama rapat"})}  # in the screen's order
MEETING_KINDS = ("Rakernis", "Rakornis", "Rakor")
# terbawa: the open follow-ups of the series' earlier meetings, after the title (lib.present.record)
SLIDE_KINDS = ("judul", "terbawa", "ringkasan", "peta", "klaster", "program", "ska", "tindak_lanjut")


def dataset(nama: str) -> Dataset:
    if nama not in DATASETS:
        raise UserError("Dataset tidak dikenal", f"'{nama}' bukan dataset. Pilihan: {', '.join(DATASETS)}.")
    return DATASETS[nama]
