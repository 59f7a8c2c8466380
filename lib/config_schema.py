"""The configuration's schema, in one place: every file a deployment is made of (konfigurasi.toml, its reference
table of districts, its sample parameters, batas_sumber.toml), each key or column with its type, whether it is
required, its default, what it means and an example. lib/config_check.py checks a configuration against it;
docs/konfigurasi.md documents it (tests/unit/test_config_check.py checks that the page names every key and column).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

TEKS, BULAT, ANGKA, YA_TIDAK, DAFTAR_TEKS, TANGGAL, BULAN = (
    "teks",
    "bilangan bulat",
    "angka",
    "true/false",
    "daftar teks",
    "tanggal",
    "bulan YYYY-MM",
)
TABEL, DAFTAR_TABEL, PER_KODE = "tabel", "daftar tabel", "tabel per kode"
DOCS = "docs/konfigurasi.md"  # the configuration's reference, named in problem lists
SHOWN = 5  # rows named per problem of a column; the rest are counted


@dataclass(frozen=True)
class Kunci:
    """One key of a TOML file (or one column of a CSV): its type, whether required, its default, an example."""

    nama: str
    jenis: str
    wajib: bool = False
    bawaan: Any = None
    arti: str = ""
    contoh: str = ""
    isi: tuple[Kunci, ...] = ()  # the keys of a table, of each table of a list, or of each value of a PER_KODE table


def K(nama: str, jenis: str = TEKS, wajib: bool = False, bawaan: Any = None, arti: str = "", contoh: str = "", *isi):
    return Kunci(nama, jenis, wajib, bawaan, arti, contoh, tuple(isi))


ITEM = (
    K("kode", TEKS, True, None, "kode tetap (dipakai di unggahan dan URL)", '"kode_a"'),
    K("nama", TEKS, True, None, "nama yang dibaca orang", '"Nama Lengkap"'),
    K("nama_pendek", TEKS, False, "= nama", "label yang lebih pendek untuk grafik", '"Nama"'),
)
MODUL = {"ska": "layar, kartu, lembar templat dan salindia SKA", "program": "layar, kartu, lembar dan salindia Program"}
ISTILAH = {  # [istilah]: a deployment's own words (meaning, default, example); add a key here and in the docs
    "dataset_pas": (
        "nama dataset PAS (spanduk, riwayat, lembar templat)",
        "PAS, atau PMKS bila singkatan PMKS",
        '"PMKS"',
    ),
    "dataset_layanan": ("nama dataset Layanan", '"Layanan"', '"Layanan Rehsos"'),
    "layanan": ("judul layanan di Profil", '"Layanan ATENSI"', '"Layanan Rehabilitasi Sosial"'),
}
SLIDES = ("judul", "ringkasan", "peta", "klaster", "program", "ska", "tindak_lanjut")
UKURAN_PETA = ("terdata", "dilayani", "cakupan", "per10rb", "capaian", "serapan")
PROFIL = ("lancar", "terlambat", "terkendala", "selesai")

# fmt: off
KONFIGURASI = (
    K("sentra", TABEL, True, None, "Sentra (atau instansi) yang memakai dasbor", "",
      K("nama", TEKS, True, None, "nama Sentra", '"Sentra …"'),
      K("instansi", TEKS, False, '""', "instansi induk", '"Kementerian Sosial RI"'),
      K("kode_wilayah", TEKS, False, None, "wilayah kantor (titik di peta); harus ada di berkas referensi", '"74.71"'),
      K("rapat", TEKS, False, "= nama", "nama rapat (salindia judul, berkas PPTX)", '"Rakernis Sentra …"'),
      K("zona_waktu", TEKS, False, '"Asia/Jakarta"', "zona waktu IANA Sentra (hari ini, waktu unggah)",
        '"Asia/Makassar"')),
    K("wilayah", TABEL, True, None, "wilayah jangkauan", "",
      K("referensi", TEKS, True, None, "tabel referensi wilayah (CSV), relatif terhadap berkas ini", '"wilayah.csv"'),
      K("cakupan", DAFTAR_TEKS, True, None, "kode Kemendagri wilayah jangkauan, urut tampil", '["74.01", "74.71"]')),
    K("bawaan", TABEL, False, None, "nilai bawaan", "",
      K("periode_awal", BULAN, False, "bulan pertama data", "awal rentang kelengkapan data", '"2024-01"'),
      K("mata_uang", TEKS, False, '"Rp"', "mata uang", '"Rp"'),
      K("data_contoh", TEKS, False, None, "parameter data contoh (TOML), relatif terhadap berkas ini", '"contoh.toml"')),
    K("klaster", DAFTAR_TABEL, True, None, "klaster program", "", *ITEM),
    K("kategori", TABEL, True, None, "kategori sasaran (PAS atau PMKS)", "",
      K("judul", TEKS, False, '"Kategori"', "judul kategori di layar", '"Kelompok PAS"'),
      K("singkatan", TEKS, False, '"Kategori"', "singkatan", '"PAS"'),
      K("daftar", DAFTAR_TABEL, True, None, "kategori, masing-masing dengan klasternya", "", *ITEM,
        K("klaster", TEKS, True, None, "kode klaster ([[klaster]]) kategori ini", '"kode_a"'))),
    K("jenis_layanan", DAFTAR_TABEL, True, None, "jenis layanan", "", *ITEM),
    K("pendekatan", DAFTAR_TABEL, True, None, "pendekatan layanan", "", *ITEM),
    K("jenis_sdm", DAFTAR_TABEL, True, None, "jenis SDM/PSKS", "", *ITEM,
      K("pekerja_sosial", YA_TIDAK, False, "false", "dihitung sebagai pekerja sosial (PAS per pekerja sosial)",
        "true")),
    K("jenis_hasil", DAFTAR_TABEL, False, None, "jenis hasil layanan (dataset hasil): apa yang terjadi pada penerima "
      "manfaat setelah layanan", "", *ITEM,
      K("sumber", TEKS, False, '""', "dasar atau sumber jenis hasil ini (atau: contoh, dikonfirmasi Sentra)",
        '"contoh, dikonfirmasi Sentra"')),
    K("indikator", DAFTAR_TABEL, False, "ukuran bawaan", "indikator: pembilang ÷ penyebut atas dataset (peta, "
      "Bandingkan, Profil, salindia, Output dan dampak)", "",
      K("kode", TEKS, True, None, "kode tetap (URL, peta_ukuran)", '"pas_per_peksos"'),
      K("nama", TEKS, True, None, "nama yang dibaca orang ({singkatan} = singkatan kategori)",
        '"{singkatan} per pekerja sosial"'),
      K("satuan", TEKS, True, None, "persen, rupiah, orang, atau satuan rasio (mis. per 10.000 penduduk)",
        '"per pekerja sosial"'),
      K("pembilang", TEKS, True, None, "ekspresi: dataset.kolom[kolom = kode, …] + …",
        '"hasil.jumlah[jenis_hasil = berfungsi_sosial]"'),
      K("penyebut", TEKS, False, "tanpa (jumlah saja)", "ekspresi penyebut; kosong = pembilang saja",
        '"pas.dilayani"'),
      K("faktor", ANGKA, False, "1", "pengali (persen: 100; per 10.000: 10000)", "10000"),
      K("naik_baik", YA_TIDAK, False, "tanpa arah", "naik berarti baik (true) atau buruk (false)", "true"),
      K("agregasi", TEKS, False, '"rasio_jumlah"', "rasio_jumlah (Σ pembilang ÷ Σ penyebut) atau rata_rata_baris "
        "(rata-rata rasio tiap baris, mis. capaian program beda satuan)", '"rata_rata_baris"'),
      K("tingkat", TEKS, False, '"wilayah"', "wilayah (per kabupaten/kota, dijumlah ke atas) atau sentra (hanya "
        "seluruh wilayah jangkauan, mis. SKA)", '"sentra"'),
      K("kelompok", TEKS, False, '"output"', "output atau dampak (bagian Output dan dampak di Ringkasan), atau lain "
        "(hanya di layarnya sendiri, mis. pengunjung SKA)",
        '"dampak"'),
      K("keterangan", TEKS, False, '""', "penjelasan di bawah peta dan kartu", '"Hasil ÷ dilayani."')),
    K("status", TABEL, True, None, "status", "",
      K("program", DAFTAR_TEKS, True, None, "4 status program: belum mulai, berjalan, selesai, terkendala",
        '["Belum Mulai", "Berjalan", "Selesai", "Terkendala"]'),
      K("tindak_lanjut", DAFTAR_TEKS, True, None, "status tindak lanjut: pertama = belum mulai, terakhir = selesai",
        '["Belum Mulai", "Dalam Proses", "Selesai"]')),
    K("presentasi", TABEL, False, None, "mode presentasi dan PPTX", "",
      K("tanggal", TANGGAL, False, "hari ini", "tanggal rapat bawaan di salindia judul (rapat yang disiapkan di halaman Rapat didahulukan)", "2025-06-12"),
      K("slides", DAFTAR_TEKS, False, "semua", f"urutan salindia: {', '.join(SLIDES)}, klaster:* atau klaster:KODE",
        '["judul", "ringkasan", "peta"]'),
      K("peta_ukuran", TEKS, False, '"cakupan"', "ukuran peta: kode [[indikator]] tingkat wilayah "
        f"(bawaan: {', '.join(UKURAN_PETA)})", '"per10rb"')),
    K("mutu", TABEL, False, None, "Mutu Data: tenggat laporan bulanan dan target kelengkapan dan ketepatan", "",
      K("tenggat_hari", BULAT, False, "10", "laporan bulan M tepat waktu bila batch pertamanya disimpan paling lambat "
        "tanggal ini bulan M+1 (waktu Sentra)", "15"),
      K("target_kelengkapan", ANGKA, False, "90", "target kelengkapan laporan, persen", "90"),
      K("target_ketepatan", ANGKA, False, "75", "target ketepatan waktu laporan, persen", "80")),
    K("aturan_mutu", DAFTAR_TABEL, False, "aturan bawaan", "aturan konsistensi Mutu Data dalam sintaks [[indikator]]",
      "",
      K("kode", TEKS, True, None, "kode tetap aturan", '"layanan_melebihi_dilayani"'),
      K("jenis", TEKS, True, None, "antar_data (pembilang ÷ penyebut dalam min…maks) atau antar_waktu (bulan ini "
        "terhadap rata-rata tiga bulan sebelumnya)", '"antar_data"'),
      K("pembilang", TEKS, True, None, "ekspresi, seperti [[indikator]]", '"layanan.penerima"'),
      K("penyebut", TEKS, False, "tanpa", "ekspresi penyebut (wajib untuk antar_data)", '"pas.dilayani"'),
      K("maks", ANGKA, False, "tanpa", "antar_data: rasio terbesar yang wajar", "1.1"),
      K("min", ANGKA, False, "tanpa", "antar_data: rasio terkecil yang wajar", "0.5"),
      K("batas_persen", ANGKA, False, "33", "antar_waktu: selisih terbesar dari rata-rata tiga bulan sebelumnya, "
        "persen", "33"),
      K("pesan", TEKS, True, None, "kalimat yang menyebut apa yang janggal ({singkatan} = singkatan kategori)",
        '"Penerima layanan melebihi {singkatan} dilayani lebih dari 10%."')),
    K("modul", TABEL, False, None, "bagian yang tidak dimiliki setiap instansi", "",
      *(K(m, YA_TIDAK, False, "true", arti, "false") for m, arti in MODUL.items())),
    K("istilah", TABEL, False, None, "kata-kata instansi sendiri", "",
      *(K(k, TEKS, False, bawaan, arti, contoh) for k, (arti, bawaan, contoh) in ISTILAH.items())),
)

WILAYAH_CSV = (
    K("kode_wilayah", TEKS, True, None, "kode Kemendagri PP.KK (kunci)", "74.71"),
    K("kode_bps", TEKS, False, "kosong", "kode BPS 4 angka (diterima di unggahan); kosong bila tidak ada", "7471"),
    K("nama", TEKS, True, None, "nama resmi", "Kota …"),
    K("nama_lain", TEKS, False, "kosong", "nama lain yang diterima di unggahan, dipisah ';'", "KOTA TANGSEL;Tangsel"),
    K("nama_pendek", TEKS, False, "nama disingkat (Kab. …)", "nama tampilan di grafik, peta dan slide", "Jakarta Timur"),
    K("provinsi", TEKS, True, None, "nama provinsi (tombol provinsi di peta)", "Provinsi …"),
    K("jenis", TEKS, False, "kosong", "Kabupaten atau Kota", "Kota"),
    K("ibukota", TEKS, False, "kosong", "ibu kota / kedudukan", "…"),
    K("titik_lat", ANGKA, True, None, "lintang sebuah titik di dalam wilayah (peta titik, label)", "-3.9977"),
    K("titik_lon", ANGKA, True, None, "bujur titik itu", "122.5329"),
    K("ibukota_lat", ANGKA, False, "kosong", "lintang ibu kota", "-3.9907"),
    K("ibukota_lon", ANGKA, False, "kosong", "bujur ibu kota", "122.5086"),
    K("luas_km2", ANGKA, False, "kosong", "luas, km²", "265.845"),
    K("penduduk", BULAT, True, None, "jumlah penduduk (rasio per 10.000 penduduk)", "366454"),
    K("penduduk_tahun", BULAT, True, None, "tahun angka penduduk", "2025"),
    K("penduduk_sumber", TEKS, False, "kosong", "sumber angka penduduk", "Kepmendagri 300.2.2-2138/2025"),
    K("penduduk_sp2020", BULAT, False, "kosong", "penduduk Sensus 2020, sebagai pembanding", "345107"),
)

CONTOH = (
    K("benih", BULAT, False, "0", "benih acak: benih dan tanggal sama, data sama", "20250612"),
    K("jumlah_bulan", BULAT, False, "24", "panjang data contoh, berakhir bulan sebelum hari ini", "24"),
    K("bulan_acuan", BULAN, False, "= periode_akhir", "bulan terakhir yang dipakai saat menulis tanggal di berkas "
      "ini; semua bulan dan tanggal bergeser bersama data", '"2025-12"'),
    K("periode_awal", BULAN, False, None, "bentuk lama: awal rentang (panjang = periode_awal…periode_akhir)", '"2024-01"'),
    K("periode_akhir", BULAN, False, None, "bentuk lama: akhir rentang (= bulan_acuan)", '"2025-12"'),
    K("pengguna", TEKS, False, '"data contoh"', "nama pengunggah di riwayat", '"data contoh"'),
    K("kategori", PER_KODE, False, "per_10rb 10, dilayani 0.5", "laju per kode kategori", "anak_rentan = {…}",
      K("per_10rb", ANGKA, True, None, "terdata per 10.000 penduduk per bulan", "25"),
      K("dilayani", ANGKA, True, None, "bagian yang dilayani, 0–1", "0.55")),
    K("guncangan", ANGKA, False, "0.01", "peluang lonjakan sesaat (banjir, kebakaran: terdata × 2,5) per wilayah, "
      "bulan dan kategori; 0 = tanpa lonjakan", "0"),
    K("sdm", PER_KODE, False, "5", "SDM per 100.000 penduduk, per kode jenis_sdm", "tksk = 6"),
    K("hasil", PER_KODE, False, "tanpa data hasil", "bagian PAS dilayani yang mencapai hasil itu, per kode "
      "jenis_hasil", "berfungsi_sosial = 0.18"),
    K("hasil_bulan", BULAT, False, "semua bulan", "data hasil hanya untuk sekian bulan terakhir", "12"),
    K("program", DAFTAR_TABEL, False, None, "program contoh", "",
      K("kode", TEKS, True, None, "kode program", '"PRG-2501"'),
      K("nama", TEKS, True, None, "nama program", '"Pelatihan budidaya kerang"'),
      K("klaster", TEKS, True, None, "kode klaster", '"rentan"'),
      K("wilayah", DAFTAR_TEKS, True, None, "kode wilayah (harus dalam cakupan)", '["81.02"]'),
      K("satuan", TEKS, True, None, "satuan target", '"orang"'),
      K("target", BULAT, True, None, "target", "60"),
      K("anggaran", BULAT, True, None, "anggaran, rupiah", "450_000_000"),
      K("mulai", BULAN, True, None, "bulan mulai", '"2025-03"'),
      K("akhir", BULAN, True, None, "bulan akhir", '"2025-11"'),
      K("profil", TEKS, True, None, f"jalannya: {', '.join(PROFIL)}", '"lancar"')),
    K("ska", TABEL, False, None, "unit SKA contoh", "",
      K("unit", DAFTAR_TEKS, True, None, "nama unit", '["SKA …"]'),
      K("pengunjung", BULAT, True, None, "pengunjung sebulan", "900"),
      K("omzet_per_pengunjung", BULAT, True, None, "omzet per pengunjung, rupiah", "32_000"),
      K("margin", ANGKA, True, None, "laba kotor / omzet, 0–1", "0.30")),
    K("tindak_lanjut", DAFTAR_TABEL, False, None, "tindak lanjut contoh", "",
      K("rapat", TEKS, True, None, "nama rapat", '"Rakernis 2025"'),
      K("tanggal_rapat", TANGGAL, True, None, "tanggal rapat", '"2025-06-12"'),
      K("kode_wilayah", TEKS, False, '""', "kode wilayah (dalam cakupan); kosong = semua", '"74.05"'),
      K("uraian", TEKS, True, None, "apa yang disepakati", '"Kirim data PAS"'),
      K("penanggung_jawab", TEKS, True, None, "siapa", '"Dinas Sosial …"'),
      K("tenggat", TANGGAL, True, None, "tenggat", '"2025-07-05"'),
      K("status", TEKS, True, None, "salah satu [status] tindak_lanjut", '"Selesai"'),
      K("catatan", TEKS, False, '""', "catatan", '"menunggu anggaran"')),
)

BATAS_SUMBER = (
    K("pengolahan", TABEL, False, None, "pengolahan berkas batas", "",
      K("toleransi_derajat", ANGKA, False, "0.002", "toleransi penyederhanaan, derajat", "0.002"),
      K("ukuran_maks_kb", BULAT, False, "300", "ukuran terbesar berkas hasil olahan, KB", "300"),
      K("desimal", BULAT, False, "5", "desimal koordinat", "5")),
    K("unduhan", TABEL, False, None, "berkas publik yang diunduh `boundaries download`", "",
      *(K(n, j, False, None, a, "") for n, j, a in [
          ("nama", TEKS, "nama sumber"), ("url", TEKS, "alamat dipatok pada satu commit"),
          ("sha256", TEKS, "SHA-256 isi berkas"), ("ukuran", BULAT, "ukuran, byte"), ("lisensi", TEKS, "lisensi"),
          ("atribusi", TEKS, "baris atribusi di peta"), ("berkas", TEKS, "nama berkas")])),
)

# file key (as documented) -> its schema
SCHEMA = {"konfigurasi.toml": KONFIGURASI, "wilayah.csv": WILAYAH_CSV, "contoh.toml": CONTOH,
          "batas_sumber.toml": BATAS_SUMBER}
# fmt: on


@dataclass(frozen=True)
class Masalah:
    """One problem: the file (its name, never a server path), where in it, what is wrong, and the fix."""

    berkas: str
    letak: str
    pesan: str
    perbaikan: str

    def __str__(self) -> str:
        where = f"{self.berkas}, {self.letak}" if self.letak else self.berkas
        return f"{where}: {self.pesan} Perbaikan: {self.perbaikan}"


def did_you_mean(key: str, known) -> str:
    same_words = [k for k in known if sorted(k.split("_")) == sorted(key.split("_"))]  # tahun_penduduk
    close = same_words or difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f'Maksud Anda "{close[0]}"?' if close else f"Kunci yang dikenal: {', '.join(known)}."


def is_month(v: Any) -> bool:
    return isinstance(v, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v) is not None


def is_date(v: Any) -> bool:
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return True
    try:
        dt.date.fromisoformat(str(v))
        return isinstance(v, str)
    except ValueError:
        return False


def type_ok(v: Any, jenis: str) -> bool:
    return {
        TEKS: lambda: isinstance(v, str),
        BULAT: lambda: isinstance(v, int) and not isinstance(v, bool),
        ANGKA: lambda: isinstance(v, int | float) and not isinstance(v, bool),
        YA_TIDAK: lambda: isinstance(v, bool),
        DAFTAR_TEKS: lambda: isinstance(v, list) and all(isinstance(x, str) for x in v),
        TANGGAL: lambda: is_date(v),
        BULAN: lambda: is_month(v),
        TABEL: lambda: isinstance(v, dict),
        PER_KODE: lambda: isinstance(v, dict),
        DAFTAR_TABEL: lambda: isinstance(v, list) and all(isinstance(x, dict) for x in v),
    }[jenis]()


def zone_ok(name: str) -> bool:
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError):
        return False


def read_toml(p: Path, berkas: str, out: list[Masalah]) -> dict | None:
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        out.append(Masalah(berkas, "", "berkas tidak ada.", f"buat berkas {berkas} atau perbaiki namanya."))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        out.append(Masalah(berkas, "", f"bukan TOML yang sah ({e}).", "perbaiki baris yang disebut."))
    return None


def read_csv(p: Path, berkas: str, out: list[Masalah]) -> pd.DataFrame | None:
    try:
        return pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        out.append(Masalah(berkas, "", "berkas tidak ada.", f"buat berkas {berkas} atau perbaiki [wilayah] referensi."))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as e:
        out.append(Masalah(berkas, "", f"bukan CSV yang dapat dibaca ({e}).", "simpan sebagai CSV UTF-8, koma."))
    return None


class Problems(list):
    """The problems of one file, with the file's text to find the line of a key."""

    def __init__(self, berkas: str, text: str = ""):
        super().__init__()
        self.berkas, self.text = berkas, text

    def add(self, letak: str, pesan: str, perbaikan: str, key: str | None = None) -> None:
        line = line_of(self.text, key) if key else None
        self.append(Masalah(self.berkas, f"baris {line}, {letak}" if line else letak, pesan, perbaikan))


def line_of(text: str, key: str) -> int | None:
    m = re.search(rf'^\s*"?{re.escape(key)}"?\s*=', text, re.M)
    return text[: m.start()].count("\n") + 1 if m else None
