"""[[aturan_mutu]]: Mutu Data's consistency rules, written in the configuration in the indicators' expression syntax
(lib.indicators: parsed, never run as code), each with its thresholds and the sentence that says what is wrong.

- `jenis = "antar_data"`: pembilang ÷ penyebut per district (or for the Sentra, for a dataset without districts) must
  stay within `min` … `maks` (e.g. services received ÷ PAS served at most 1,1: WHO's ±10 % between related figures).
- `jenis = "antar_waktu"`: the month's pembilang (÷ penyebut, when given) per district must stay within
  `batas_persen` % of the mean of the three months before (WHO's consistency over time, ±33 %).

A configuration without any [[aturan_mutu]] gets BAWAAN (which data/konfigurasi.toml lists explicitly).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lib.indicators import CodeLists, Indicator, build, check_entry

ANTAR_DATA, ANTAR_WAKTU = "antar_data", "antar_waktu"
JENIS = (ANTAR_DATA, ANTAR_WAKTU)
BATAS_PERSEN = 33.0  # consistency over time: the month against the mean of the three before


@dataclass(frozen=True)
class Rule:
    kode: str
    jenis: str
    ukuran: Indicator  # what the rule reads: pembilang ÷ penyebut (or pembilang alone), per district or for the Sentra
    pesan: str  # the sentence that says what is wrong
    maks: float | None = None
    min: float | None = None
    batas_persen: float = BATAS_PERSEN


def build_rule(item: dict[str, Any], singkatan: str) -> Rule:
    """A Rule from a checked [[aturan_mutu]] entry; {singkatan} in its sentence is the categories' abbreviation."""
    pesan = item["pesan"].replace("{singkatan}", singkatan)
    ukuran = build({"kode": item["kode"], "nama": pesan, "pembilang": item["pembilang"], **_penyebut(item)}, singkatan)
    return Rule(
        kode=item["kode"],
        jenis=item["jenis"],
        ukuran=ukuran,
        pesan=pesan,
        maks=float(item["maks"]) if "maks" in item else None,
        min=float(item["min"]) if "min" in item else None,
        batas_persen=float(item.get("batas_persen", BATAS_PERSEN)),
    )


def _penyebut(item: dict[str, Any]) -> dict[str, Any]:
    return {"penyebut": item["penyebut"]} if item.get("penyebut") else {}


def report_rules(items: list[Any], codes: CodeLists, add: Callable[[str, str, str], None]) -> None:
    """lib.config_check's hook: each problem of the [[aturan_mutu]] entries handed to `add` (where, what, fix)."""
    for problem in rule_problems(items, codes):
        add(*problem)


def rule_problems(items: list[Any], codes: CodeLists) -> list[tuple[str, str, str]]:
    """Every problem of the [[aturan_mutu]] entries beyond their keys' types: (where, what is wrong, the fix)."""
    out = []
    for i, item in enumerate(x for x in items if isinstance(x, dict)):
        where = f"[[aturan_mutu]] ke-{i + 1}" + (f' ("{item["kode"]}")' if isinstance(item.get("kode"), str) else "")
        entry = {"kode": item.get("kode"), "pembilang": item.get("pembilang"), **_penyebut(item)}
        found = [(k, p, f) for k, p, f in check_entry(entry, codes)]
        jenis = item.get("jenis")
        if isinstance(jenis, str) and jenis not in JENIS:
            found.append(("jenis", f'"{jenis}" bukan jenis aturan.', f"pakai salah satu: {', '.join(JENIS)}."))
        if jenis == ANTAR_DATA and not item.get("penyebut"):
            found.append(("penyebut", "aturan antar_data membandingkan dua angka.", "tambahkan penyebut."))
        if jenis == ANTAR_DATA and "maks" not in item and "min" not in item:
            found.append(("maks", "aturan antar_data perlu batas.", "tulis maks (dan/atau min), mis. maks = 1.1."))
        out += [(f"{where} {k}", p, f) for k, p, f in found]
    return out


BAWAAN = """
[[aturan_mutu]]
kode = "layanan_melebihi_dilayani"
jenis = "antar_data"
pembilang = "layanan.penerima"
penyebut = "pas.dilayani"
maks = 1.1
pesan = "Penerima layanan melebihi {singkatan} dilayani lebih dari 10%."

[[aturan_mutu]]
kode = "dilayani_melebihi_terdata"
jenis = "antar_data"
pembilang = "pas.dilayani"
penyebut = "pas.terdata"
maks = 1.0
pesan = "{singkatan} dilayani lebih banyak daripada {singkatan} terdata."

[[aturan_mutu]]
kode = "realisasi_melebihi_target"
jenis = "antar_data"
pembilang = "program.realisasi"
penyebut = "program.target"
maks = 1.1
pesan = "Realisasi program melebihi targetnya lebih dari 10%."

[[aturan_mutu]]
kode = "belanja_melebihi_anggaran"
jenis = "antar_data"
pembilang = "program.realisasi_anggaran"
penyebut = "program.anggaran"
maks = 1.0
pesan = "Realisasi anggaran program melebihi anggarannya."

[[aturan_mutu]]
kode = "laba_melebihi_omzet"
jenis = "antar_data"
pembilang = "ska.laba_kotor"
penyebut = "ska.omzet"
maks = 1.0
pesan = "Laba kotor SKA melebihi omzetnya."

[[aturan_mutu]]
kode = "terdata_antar_waktu"
jenis = "antar_waktu"
pembilang = "pas.terdata"
batas_persen = 33
pesan = "{singkatan} terdata berbeda lebih dari 33% dari rata-rata tiga bulan sebelumnya."

[[aturan_mutu]]
kode = "dilayani_antar_waktu"
jenis = "antar_waktu"
pembilang = "pas.dilayani"
batas_persen = 33
pesan = "{singkatan} dilayani berbeda lebih dari 33% dari rata-rata tiga bulan sebelumnya."
"""


def default_rules() -> list[dict[str, Any]]:
    return tomllib.loads(BAWAAN)["aturan_mutu"]
