"""The filters every figure takes, and the safe ratios: missing stays missing (None), never a made-up 0."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from lib.config import Konfigurasi

# How a value is written: a count, a share, rupiah, a rate per 10.000 people, or "n of m" programmes.
ValueKind = Literal["angka", "persen", "rupiah", "per10rb", "program", "ubah"]  # ubah: a change itself (+12,3%)


@dataclass(frozen=True)
class Filter:
    periode: str
    klaster: str | None = None  # klaster code
    provinsi: str | None = None  # province code ('74')
    wilayah: str | None = None  # Kemendagri code


def ratio(numerator, denominator) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by (never a made-up 0)."""
    if numerator is None or denominator is None or pd.isna(numerator) or pd.isna(denominator) or denominator == 0:
        return None
    return float(numerator) / float(denominator)


def coverage_rate(dilayani, terdata) -> float | None:
    """Cakupan layanan: share of the PAS recorded that were served."""
    return ratio(dilayani, terdata)


def per_10k(count, population) -> float | None:
    value = ratio(count, population)
    return None if value is None else value * 10_000


def achievement(realisasi, target) -> float | None:
    return ratio(realisasi, target)


def absorption(realisasi_anggaran, anggaran) -> float | None:
    return ratio(realisasi_anggaran, anggaran)


def districts(cfg: Konfigurasi, f: Filter) -> list[str]:
    w = cfg.wilayah
    if f.wilayah:
        return [f.wilayah]
    if f.provinsi:
        return list(w.index[w["kode_provinsi"] == f.provinsi])
    return list(w.index)


def kategori_codes(cfg: Konfigurasi, f: Filter) -> list[str]:
    """Codes of the PAS groups (kategori) in the klaster filter, in the configuration's order."""
    return [k.kode for k in cfg.kategori if not f.klaster or k.klaster == f.klaster]


def filter_pas(pas: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """PAS rows of the selected districts and klaster, all periods."""
    return pas[pas["kode_wilayah"].isin(districts(cfg, f)) & pas["kategori_pas"].isin(kategori_codes(cfg, f))]


def filter_program(program: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    keep = program["kode_wilayah"].isin(districts(cfg, f))
    if f.klaster:
        keep &= program["klaster"] == f.klaster
    return program[keep]


def periods(data: dict[str, pd.DataFrame]) -> list[str]:
    """Periods for which PAS data exists, oldest first."""
    return sorted(data["pas"]["periode"].unique().tolist())


def num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def blank_text(x) -> str:
    return "" if x is None or (not isinstance(x, str) and pd.isna(x)) else str(x).strip()
