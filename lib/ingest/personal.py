"""By-name lists (one row per person: NIK, No. KK, name, birth date, address) are refused before any of their cells
are read: the product keeps counts only. A sheet is one when its header names a person's identity number, or a name
with a birth date or an address, or when its first rows hold 16-digit numbers (NIKs). The problem names the sheet,
the header row and the header labels that gave it away, never a cell of the list."""

from __future__ import annotations

import re

from lib.ingest import cells
from lib.ingest.layout import column_letter as _letter
from lib.ingest.read import HEADER_SCAN_ROWS, Grid

BODY_SCAN_ROWS = 20  # a by-name list has a NIK on every row: its first rows tell
MIN_NIK_CELLS = 2  # 16-digit numbers that make a sheet a by-name list without a telling header
LAW = "Undang-Undang No. 27 Tahun 2022 tentang Pelindungan Data Pribadi"

_ID = re.compile(r"\bnik\b|\b(no|nomor|nmr)\b\.?\s*(kk|ktp|kartu\s+keluarga|induk\s+kependudukan)\b", re.IGNORECASE)
_NAME = re.compile(
    r"^nama\b(?!\s*(program|kabupaten|kab|kota|wilayah|unit|kegiatan|lks|lembaga|desa|kelurahan|kecamatan|sentra|"
    r"dinas|produk|kategori|jenis|rapat|daerah|provinsi|layanan|klaster|satuan|sdm|pas|pmks|barang|toko|usaha))",
    re.IGNORECASE,
)
_BIRTH = re.compile(r"\blahir\b|^ttl$|^tempat\s*/\s*tgl", re.IGNORECASE)
_ADDRESS = re.compile(r"^alamat\b", re.IGNORECASE)
_NIK = re.compile(r"'?\d{16}")
_COUNT = re.compile(r"\b(jumlah|jml|hitung|count|banyak|banyaknya|total|sum|cacah)\b", re.IGNORECASE)  # a pivot's


_HINT = re.compile(r"nik|kk|ktp|kartu|induk|nama|lahir|ttl|tgl|alamat", re.IGNORECASE)  # cheap test first


NUMBERS = (int, float)  # a NIK typed as a number (bool is not one)


def by_name_columns(grid: Grid) -> tuple[int | None, list[str]] | None:
    """(the header's Excel row or None, what gave the list away: 'kolom C ("NIK")', …) or None for a recap."""
    for r, row in enumerate(grid.cells[:HEADER_SCAN_ROWS]):
        if not _HINT.search("\x1f".join([v for v in row if type(v) is str])):  # one test per row, most rows
            continue
        hints = [(c, v) for c, v in enumerate(row) if type(v) is str and 0 < len(v) <= 60 and _HINT.search(v)]
        found: dict[str, list[str]] = {"id": [], "name": [], "birth": [], "address": []}
        for c, v in hints:
            t = cells.text(v)
            if _COUNT.search(t):  # 'Jumlah NIK', 'Count of NIK': a recap's count, not a person's number
                continue
            shown = f'kolom {_letter(c)} ("{t}")'
            for kind, pattern in (("id", _ID), ("name", _NAME), ("birth", _BIRTH), ("address", _ADDRESS)):
                if pattern.search(t):
                    found[kind].append(shown)
                    break
        if found["id"] or (found["name"] and (found["birth"] or found["address"])):
            return r + 1, [s for kind in ("id", "name", "birth", "address") for s in found[kind]]
    niks: dict[int, int] = {}
    for row in grid.cells[: HEADER_SCAN_ROWS + BODY_SCAN_ROWS]:
        long = [c for c, v in enumerate(row) if (len(v) >= 16 if type(v) is str else type(v) in NUMBERS and v >= 1e15)]
        for c in long:  # rare: a long text or a huge number
            v = row[c]
            if _NIK.fullmatch(v.strip().replace(" ", "")) if type(v) is str else v < 10**16:
                niks[c] = niks.get(c, 0) + 1
    if sum(niks.values()) >= MIN_NIK_CELLS:
        return None, [f"nomor 16 angka seperti NIK di kolom {', '.join(_letter(c) for c in sorted(niks))}"]
    return None


def refusal(where: str, what: list[str]) -> tuple[str, str]:
    """The message and the fix for a by-name list (sheet `where`, what gave it away)."""
    return (
        f"{where} berisi daftar per orang ({'; '.join(what)}). Isinya tidak dibaca, tidak ditampilkan dan tidak "
        "disimpan: dasbor ini hanya menyimpan jumlah, bukan data per orang, karena data pribadi (NIK, nomor KK, "
        f"nama, tanggal lahir, alamat) dilindungi {LAW}.",
        "Buat rekap jumlahnya: di Excel pilih tabel ini → Sisipkan (Insert) → PivotTable; Baris: kabupaten/kota "
        "(dan bulan), Kolom: kategori PAS, Nilai: Hitung (Count) NIK. Salin angka hasilnya ke templat unggah "
        "(lembar PAS: periode, kabupaten/kota, kategori PAS, terdata, dilayani), lalu unggah rekap itu saja.",
    )
