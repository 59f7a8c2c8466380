"""Districts and codes as offices write them: a Kemendagri or BPS code or a district's name in any usual form
(`Kab. Konawe Selatan`, `KONSEL`, `7405`), a configuration code or its label, and which parser reads each column of a
dataset (column_parser). Split from lib.ingest.cells, whose parsers read one cell's numbers, periods and dates."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib.config import Item, Konfigurasi
from lib.ingest.cells import (
    Cell,
    CellError,
    norm,
    parse_bilangan,
    parse_periode,
    parse_tahun,
    parse_tanggal,
    parse_teks,
    text,
)
from lib.schema import BILANGAN, KODE, PERIODE, TAHUN, TANGGAL, Dataset

# Districts and codes -----------------------------------------------------------------------------------------

_LIST_ITEM = re.compile(r"\s*(\S+?)\s+[\u2014\u2013-]\s+.+")  # '74.71 — Kota Kendari' (the template's dropdowns)
_PREFIX = re.compile(r"^(kabupaten|kab|kota\s*madya|kotamadya|kodya|kota)\b\.?\s*", re.IGNORECASE)


_ADM = re.compile(r"^(administrasi|adm)\b\.?\s*", re.IGNORECASE)  # 'Kab. Adm. Kepulauan Seribu'
_KEP = re.compile(r"\bkep\b\.?", re.IGNORECASE)  # 'Kep.' for Kepulauan
NEAREST_CUTOFF = 0.8  # how alike a written name and a configured one must be to be offered as "Maksud Anda"


def _kind(word: str) -> str:
    return "kota" if word.lower().startswith(("kota", "kodya")) else "kabupaten"


def _base(rest: str) -> str:
    """A district's name without its prefix, normalised: 'Adm. Kep. Seribu' -> 'kepulauanseribu'."""
    return norm(_KEP.sub("kepulauan", _ADM.sub("", rest.strip())))


def _split(name: str) -> tuple[str, str]:
    """('kabupaten' | 'kota' | '', normalised base) of a written district name."""
    m = _PREFIX.match(name)
    return (_kind(m.group(1)), _base(name[m.end() :])) if m else ("", _base(name))


@dataclass
class DistrictLookup:
    """Kemendagri code, BPS code, or name ('KAB. KONAWE', 'Kabupaten Konawe', 'Konawe', 'Kota Bau Bau')."""

    codes: set[str]
    bps: dict[str, str]
    by_kind: dict[tuple[str, str], str]  # ('kota', 'baubau') -> code
    by_base: dict[str, list[str]]  # 'baubau' -> [codes]
    names: dict[str, str]

    @classmethod
    def from_wilayah(cls, wilayah: pd.DataFrame) -> DistrictLookup:
        by_kind: dict[tuple[str, str], str] = {}
        by_base: dict[str, list[str]] = {}
        others = wilayah["nama_lain"] if "nama_lain" in wilayah else pd.Series("", index=wilayah.index)
        for kode, nama in wilayah["nama"].items():
            kind, base = _split(nama)
            # Other names (wilayah.csv nama_lain: 'Konsel', 'MTB') are matched like the name, with or without
            # 'Kab.'; norm() makes 'Bau-Bau', 'bau bau' and 'BAUBAU' one spelling.
            alts = [_base(a) for a in str(others.get(kode, "")).split(";") if norm(a)]
            for b in dict.fromkeys([base, *alts]):
                by_kind.setdefault((kind, b), kode)
                if kode not in by_base.setdefault(b, []):
                    by_base[b].append(kode)
        return cls(
            set(wilayah.index),
            # a district without a BPS code (the 2022 provinces) has none to match, not the code "nan"
            {str(b): k for b, k in zip(wilayah["kode_bps"], wilayah.index) if pd.notna(b) and str(b).strip()},
            by_kind,
            by_base,
            dict(wilayah["nama"]),
        )

    def __call__(self, v: Cell) -> str:
        if isinstance(v, bool):
            raise CellError(f"'{text(v)}' bukan kabupaten/kota.", "Tulis kode atau nama kabupaten/kota.")
        if isinstance(v, (int, float)):
            if float(v).is_integer() and 1000 <= v <= 9999:
                return self.bps.get(str(int(v)), str(int(v)))  # a BPS code
            if 10 <= v < 100:
                return f"{v:.2f}"  # Excel turned 74.10 into 74.1
            return text(v)
        s = str(v).strip()
        if m := _LIST_ITEM.fullmatch(s):
            if re.fullmatch(r"\d{2}\.\d{1,2}|\d{4}", m.group(1)):
                s = m.group(1)
        if re.fullmatch(r"\d{2}\.\d{2}", s):
            return s
        if re.fullmatch(r"\d{2}\.\d", s):
            return s + "0"
        if re.fullmatch(r"\d{4}", s):
            return self.bps.get(s, s)
        kind, base = _split(s)
        if kind:
            code = self.by_kind.get((kind, base))
            return code if code else s
        found = self.by_base.get(base, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            options = " atau ".join(f"'{self.names[k]}'" for k in found)
            raise CellError(f"'{s}' bisa berarti {options}.", f"Tulis nama lengkapnya, mis. {options}, atau kodenya.")
        return s  # unknown: validation says it is not in the coverage area (and offers nearest())

    def nearest(self, written: object) -> str | None:
        """The configured district whose name is closest to a written name that matches none, or None. Only ever
        offered in a message ("Maksud Anda: …?"), never applied: a near name may be another district."""
        if not isinstance(written, str) or re.fullmatch(r"[\d.\s]*", written):
            return None
        kind, base = _split(written)
        if not base:
            return None
        close = difflib.get_close_matches(base, list(self.by_base), n=3, cutoff=NEAREST_CUTOFF)
        for b in close:
            codes = self.by_base[b]
            same = [k for k in codes if not kind or self.by_kind.get((kind, b)) == k]
            if same or len(codes) == 1:
                return self.names[(same or codes)[0]]
        return None


# Parent areas (today the provinces of the deployment): section rows and subtotals of a combined recap -----------

# Common short forms of province names, as offices write them in subtotal rows ('JUMLAH SULTRA').
PROVINCE_SHORT = {
    "Sulawesi Tenggara": ("Sultra",),
    "Sulawesi Tengah": ("Sulteng",),
    "Sulawesi Selatan": ("Sulsel",),
    "Sulawesi Utara": ("Sulut",),
    "Sulawesi Barat": ("Sulbar",),
    "Maluku Utara": ("Malut",),
    "Nusa Tenggara Barat": ("NTB",),
    "Nusa Tenggara Timur": ("NTT",),
    "Sumatera Utara": ("Sumut",),
    "Sumatera Barat": ("Sumbar",),
    "Sumatera Selatan": ("Sumsel",),
    "Kalimantan Barat": ("Kalbar",),
    "Kalimantan Tengah": ("Kalteng",),
    "Kalimantan Selatan": ("Kalsel",),
    "Kalimantan Timur": ("Kaltim",),
    "Kalimantan Utara": ("Kaltara",),
    "Jawa Barat": ("Jabar",),
    "Jawa Tengah": ("Jateng",),
    "Jawa Timur": ("Jatim",),
    "DKI Jakarta": ("Jakarta", "DKI"),
    "DI Yogyakarta": ("Yogyakarta", "DIY"),
    "Kepulauan Riau": ("Kepri",),
    "Kepulauan Bangka Belitung": ("Babel", "Bangka Belitung"),
    "Papua Barat": ("Pabar",),
}
_PARENT_PREFIX = re.compile(
    r"^\s*(?:(?:[ivx]+|[a-z]|\d{1,2})[.)]\s*)?(?:(?:provinsi|propinsi|prov|prop)\b\.?\s*)?", re.IGNORECASE
)


def parent_areas(cfg: Konfigurasi) -> dict[str, str]:
    """The one lookup of the deployment's parent area names (today its provinces): each normalised spelling
    ('sulawesitenggara', 'sultra') -> the area's name. A deployment with other parent levels adds them here."""
    out: dict[str, str] = {}
    for name in cfg.provinsi_nama.values():
        for spelling in (name, *PROVINCE_SHORT.get(name, ())):
            out.setdefault(norm(spelling), name)
    return out


def parent_area(v: Cell, names: dict[str, str]) -> str | None:
    """The parent area a cell names ('PROVINSI MALUKU', 'I. SULAWESI TENGGARA', 'Prov. Sultra'), or None."""
    if not isinstance(v, str) or len(v) > 80:
        return None
    s = v.strip()
    m = _PARENT_PREFIX.match(s)
    rest = s[m.end() :] if m else s
    return names.get(norm(rest)) or names.get(norm(s))


@dataclass
class CodeLookup:
    """A taxonomy list: accepts the code or the label (any case, spacing, punctuation), or 'kode — label'."""

    mapping: dict[str, str]

    @classmethod
    def from_items(cls, items: Iterable[Item]) -> CodeLookup:
        mapping: dict[str, str] = {}
        for it in items:
            for key in (it.kode, it.nama, getattr(it, "nama_pendek", "")):
                if key:
                    mapping.setdefault(norm(key), it.kode)
        return cls(mapping)

    @classmethod
    def from_labels(cls, labels: Iterable[str]) -> CodeLookup:
        return cls({norm(s): s for s in labels})

    def __call__(self, v: Cell) -> str:
        s = parse_teks(v)
        found = self.mapping.get(norm(s))
        if found:
            return found
        if m := _LIST_ITEM.fullmatch(s):
            found = self.mapping.get(norm(m.group(1)))
            if found:
                return found
        return s


def column_parser(ds: Dataset, kolom: str, cfg: Konfigurasi, districts: DistrictLookup) -> Callable[[Cell], Any]:
    """The parser of one column's cells: by its kind, or by the configuration list naming its values."""
    jenis = ds.jenis(kolom)
    if jenis == PERIODE:
        return parse_periode
    if jenis == BILANGAN:
        return parse_bilangan
    if jenis == TAHUN:
        return parse_tahun
    if jenis == TANGGAL:
        return parse_tanggal
    if kolom == "kode_wilayah":
        return districts
    column = ds.column(kolom)
    if column.code_list is None:
        return parse_teks
    values = getattr(cfg, column.code_list)
    return CodeLookup.from_items(values) if column.kind == KODE else CodeLookup.from_labels(values)
