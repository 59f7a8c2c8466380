"""The upload workbook (`python -m lib template OUT.xlsx`, and the download button on the upload page).

One sheet per dataset named by its `judul`, the canonical column names as the header (frozen), number and text
formats (periods and district codes as text, so Excel keeps 74.10), dropdowns for districts, categories, service
kinds, approaches, clusters, SDM kinds and statuses (lists on a hidden sheet 'Daftar'), one example row per sheet in
grey italics marked in the last column `contoh` (the importer skips such rows with a note), and a sheet 'Petunjuk'
explaining everything in Bahasa Indonesia. Everything named comes from the configuration.
"""

from __future__ import annotations

import datetime as dt
import io
import os

import pandas as pd
import xlsxwriter

from lib import periode as per
from lib.config import MODULES, Konfigurasi, dataset_title, load_config, module_on, term
from lib.config import today as config_today
from lib.ingest.layout import MARKER, TEMPLATE_SHEETS
from lib.schema import BILANGAN, CODE_LISTS, DATASETS, KODE, PERIODE, TAHUN, TANGGAL, Column, Dataset, fill

PETUNJUK, DAFTAR = TEMPLATE_SHEETS
ROWS = 5000  # rows that get dropdowns and formats
CONTOH = "CONTOH — baris ini dilewati"
PEMISAH = " — "  # between a code and its name in the district dropdown

ABOUT = {
    "pas": "Jumlah {singkatan} terdata dan dilayani per bulan, kabupaten/kota dan {kategori}.",
    "layanan": "Penerima {layanan} per bulan, kabupaten/kota, {kategori}, jenis layanan dan pendekatan.",
    "program": "Program per bulan dan kabupaten/kota: target, realisasi (kumulatif), anggaran dan status.",
    "ska": "Sentra Kreasi ATENSI (SKA) per bulan dan unit: pengunjung, produk terjual, omzet, laba kotor.",
    "sdm": "Sumber daya manusia kesejahteraan sosial per tahun, kabupaten/kota dan jenis.",
    "penduduk": "Jumlah penduduk per tahun dan kabupaten/kota (dipakai untuk rasio dan pemeriksaan).",
    "tindak_lanjut": "Tindak lanjut hasil rapat: apa, siapa, kapan, statusnya.",
    "hasil": "Hasil layanan per bulan, kabupaten/kota, {kategori} dan jenis hasil: berapa penerima manfaat yang, "
    "misalnya, selesai layanan atau kembali berfungsi sosial (jumlah orang, bukan nama).",
}


def _in_sentence(word: str) -> str:
    """'Layanan ATENSI' inside a sentence: 'layanan ATENSI' (the acronym kept)."""
    return word[:1].lower() + word[1:]


def _datasets(cfg: Konfigurasi) -> list[Dataset]:
    """The sheets of this deployment: an optional module switched off ([modul] ska = false) has none, nor has
    the outcome dataset without configured kinds of outcome ([[jenis_hasil]])."""
    return [
        ds
        for ds in DATASETS.values()
        if (ds.nama not in MODULES or module_on(cfg, ds.nama)) and (ds.nama != "hasil" or cfg.jenis_hasil)
    ]


def _lists(cfg: Konfigurasi) -> dict[str, list[str]]:
    """Dropdown lists, by column (lists of words, such as statuses, by column and dataset)."""
    out = {"kode_wilayah": [f"{k}{PEMISAH}{n}" for k, n in cfg.wilayah["nama"].items()]}
    out |= {kolom: [it.nama for it in getattr(cfg, name)] for kolom, name in CODE_LISTS.items()}
    for ds in DATASETS.values():
        out |= {
            key: list(getattr(cfg, str(k.code_list))) for k in ds.kolom if (key := _list_key(ds, k)) and key not in out
        }
    return out


def _list_key(ds: Dataset, k: Column) -> str | None:
    if k.kind == KODE:
        return k.name
    return f"{k.name}:{ds.nama}" if k.code_list else None


def _example(ds: Dataset, cfg: Konfigurasi, lists: dict[str, list[str]]) -> list:
    today = config_today(cfg)
    month = per.previous(f"{today.year:04d}-{today.month:02d}")
    values = {
        "periode": month,
        "tahun": today.year - 1,
        "kode_program": "PRG-01",
        "nama_program": "Nama program",
        "satuan": "orang",
        "unit": "Nama unit",
        "rapat": "Nama rapat",
        "uraian": "Uraian tindak lanjut",
        "penanggung_jawab": "Nama penanggung jawab",
        "catatan": "",
        "tanggal_rapat": today,
        "tenggat": today,
    }
    out: list[object] = []
    for k in ds.kolom:
        key = _list_key(ds, k)
        if key:
            out.append(lists[key][0])
        elif k.kind == BILANGAN:
            out.append(10)
        else:
            out.append(values.get(k.name, ""))
    return out


def build_template(cfg: Konfigurasi | None = None) -> bytes:
    cfg = cfg or load_config()
    lists = _lists(cfg)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    f_head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    f_text = wb.add_format({"num_format": "@"})
    f_num = wb.add_format({"num_format": "#,##0"})
    f_year = wb.add_format({"num_format": "0"})
    f_date = wb.add_format({"num_format": "dd/mm/yyyy"})
    f_example = {
        fmt: wb.add_format({"italic": True, "font_color": "#808080", "num_format": fmt})
        for fmt in ("@", "#,##0", "0", "dd/mm/yyyy", "General")
    }
    f_title = wb.add_format({"bold": True, "font_size": 14})
    f_bold = wb.add_format({"bold": True})
    f_wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    petunjuk = wb.add_worksheet(PETUNJUK)
    sheets = {ds.nama: wb.add_worksheet(dataset_title(cfg, ds.nama, ds.judul)) for ds in _datasets(cfg)}
    daftar = wb.add_worksheet(DAFTAR)

    # Hidden lists for the dropdowns.
    ranges = {}
    for c, (key, items) in enumerate(lists.items()):
        daftar.write(0, c, key)
        daftar.write_column(1, c, items, f_text)
        col = chr(65 + c)
        ranges[key] = f"={DAFTAR}!${col}$2:${col}${len(items) + 1}"
    daftar.hide()

    for ds in _datasets(cfg):
        ws = sheets[ds.nama]
        ws.freeze_panes(1, 0)
        example = _example(ds, cfg, lists)
        for c, k in enumerate(ds.kolom):
            fmt, num = {
                PERIODE: (f_text, "@"),
                BILANGAN: (f_num, "#,##0"),
                TAHUN: (f_year, "0"),
                TANGGAL: (f_date, "dd/mm/yyyy"),
            }.get(k.kind, (f_text, "@"))
            listed = _list_key(ds, k)
            width = 26 if listed else max(14, len(k.name) + 4)
            ws.set_column(c, c, width, fmt)
            ws.write(0, c, k.name, f_head)
            value = example[c]
            if isinstance(value, dt.date):
                ws.write_datetime(1, c, dt.datetime(value.year, value.month, value.day), f_example[num])
            else:
                ws.write(1, c, value, f_example[num])
            if listed:
                ws.data_validation(
                    1,
                    c,
                    ROWS,
                    c,
                    {
                        "validate": "list",
                        "source": ranges[listed],
                        "error_type": "warning",
                        "error_title": "Nilai tidak ada di daftar",
                        "error_message": "Pilih dari daftar. Nilai lain akan diperiksa saat diunggah.",
                    },
                )
            elif k.kind == BILANGAN:
                ws.data_validation(
                    1,
                    c,
                    ROWS,
                    c,
                    {
                        "validate": "integer",
                        "criteria": ">=",
                        "value": 0,
                        "error_type": "warning",
                        "error_title": "Bukan bilangan bulat",
                        "error_message": "Isi bilangan bulat 0 atau lebih, tanpa desimal.",
                    },
                )
            ws.write_comment(0, c, fill(k.help, cfg))
        m = len(ds.kolom)
        ws.set_column(m, m, 30)
        ws.write(0, m, MARKER, f_head)
        ws.write(1, m, CONTOH, f_example["General"])
        ws.write_comment(
            0, m, "Baris yang kolom ini terisi adalah contoh dan tidak diimpor. Biarkan kosong pada baris data Anda."
        )

    _write_petunjuk(petunjuk, cfg, lists, f_title, f_bold, f_wrap)
    petunjuk.activate()
    wb.close()
    return buf.getvalue()


def _write_petunjuk(ws, cfg: Konfigurasi, lists, f_title, f_bold, f_wrap) -> None:
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 100, f_wrap)
    r = 0
    ws.write(r, 0, f"Templat unggah data — {cfg.sentra.get('nama', '')}", f_title)
    r += 2
    general = [
        "Setiap lembar berisi satu jenis data. Isi lembar yang datanya Anda punya; lembar lain boleh dibiarkan.",
        "Baris 1 adalah judul kolom: jangan diubah. Isi data mulai baris 3; satu baris untuk satu data.",
        f"Baris 2 (huruf miring abu-abu, kolom '{MARKER}' terisi) adalah contoh dan dilewati saat impor. "
        "Boleh dihapus atau ditimpa; bila ditimpa, kosongkan kolom terakhir itu.",
        "Periode ditulis 2025-03 (tahun-bulan). Angka ditulis bilangan bulat tanpa desimal (1234 atau 1.234).",
        "Kabupaten/kota, kategori, jenis layanan, pendekatan, klaster dan status dipilih dari daftar di sel; "
        "kode atau nama (huruf besar/kecil bebas) juga diterima. Daftar lengkapnya ada di bawah.",
        _bps_sentence(cfg),
        "Baris yang kuncinya (mis. periode + wilayah + kategori) sudah ada di dasbor menggantikan nilai lama; "
        "nilai lama tetap tersimpan di riwayat dan unggahan bisa dibatalkan.",
        "Berkas dengan satu galat pun tidak diimpor sama sekali; daftar semua masalah (lembar, baris, kolom) "
        "ditampilkan dan bisa diunduh sebagai salinan berkas Anda dengan sel bermasalah diwarnai.",
    ]
    for line in general:
        ws.write(r, 0, "•")
        ws.write(r, 1, line)
        r += 1
    r += 1
    for ds in _datasets(cfg):
        ws.write(r, 0, f"Lembar '{dataset_title(cfg, ds.nama, ds.judul)}'", f_bold)
        ws.write(
            r,
            1,
            # the category's title as configured: 'Jenis PMKS', not 'jenis pmks'
            ABOUT[ds.nama].format(
                singkatan=cfg.kategori_singkatan,
                kategori=cfg.kategori_judul,
                layanan=_in_sentence(term(cfg, "layanan")),
            )
            + f" Kunci baris: {', '.join(ds.kunci)}.",
            f_bold,
        )
        r += 1
        for k in ds.kolom:
            wajib = "wajib" if k.required else "boleh kosong"
            ws.write(r, 0, f"  {k.name}")
            ws.write(r, 1, f"{fill(k.help, cfg)} ({wajib})")
            r += 1
        r += 1
    tables = [
        (
            "Kabupaten/kota (kode Kemendagri — nama; kode BPS bila ada)",
            [(k, _district_line(row)) for k, row in cfg.wilayah.iterrows()],
        ),
        (cfg.kategori_judul, [(k.kode, k.nama) for k in cfg.kategori]),
        ("Jenis layanan", [(k.kode, k.nama) for k in cfg.jenis_layanan]),
        ("Pendekatan", [(k.kode, k.nama) for k in cfg.pendekatan]),
        ("Klaster", [(k.kode, k.nama) for k in cfg.klaster]),
        ("Jenis SDM", [(k.kode, k.nama) for k in cfg.jenis_sdm]),
        ("Jenis hasil", [(k.kode, k.nama) for k in cfg.jenis_hasil]),
        ("Status program", [(s, "") for s in cfg.status_program]),
        ("Status tindak lanjut", [(s, "") for s in cfg.status_tindak_lanjut]),
    ]
    for title, items in tables:
        ws.write(r, 0, title, f_bold)
        r += 1
        for kode, nama in items:
            ws.write_string(r, 0, kode)
            ws.write(r, 1, nama)
            r += 1
        r += 1


def write_template(path: str | os.PathLike, cfg: Konfigurasi | None = None) -> int:
    """Write the template to `path`; returns its size in bytes."""
    data = build_template(cfg)
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def _bps(row) -> str:
    """The district's BPS code, or '' where the reference table has none (the provinces created in 2022)."""
    v = row.get("kode_bps")
    return "" if v is None or pd.isna(v) or not str(v).strip() else str(v).strip()


def _district_line(row) -> str:
    bps = _bps(row)
    return f"{row['nama']} ({row['provinsi']})" + (f"; kode BPS {bps}" if bps else "; tanpa kode BPS")


def _bps_sentence(cfg: Konfigurasi) -> str:
    """What the template promises about BPS codes: only for the districts that have one."""
    without = sum(1 for _, row in cfg.wilayah.iterrows() if not _bps(row))
    if without == len(cfg.wilayah):
        return "Kode wilayah adalah kode Kemendagri (PP.KK)."
    if without:
        return (
            "Kode wilayah adalah kode Kemendagri (PP.KK). Kode BPS (4 angka) juga diterima dan diterjemahkan, "
            f"kecuali untuk {without} kabupaten/kota yang belum punya kode BPS (lihat daftar di bawah)."
        )
    return "Kode wilayah adalah kode Kemendagri (PP.KK). Kode BPS (4 angka) juga diterima dan diterjemahkan."
