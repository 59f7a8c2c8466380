"""Mutu Data, numbers only: consistency between datasets and over time, by the configuration's [[aturan_mutu]]
(lib.quality_rules), evaluated with the indicators' time rules (lib.figures.indicators: a month's count, a
programme's latest cumulative row in its budget year, a yearly stock's latest year).

- antar_data: pembilang ÷ penyebut per district (the Sentra for a dataset without districts) outside min…maks.
- antar_waktu: the month's value (pembilang, or pembilang ÷ penyebut) per district against the mean of the three
  months before; flagged beyond ± batas_persen % (WHO's consistency over time). Needs all three months.

Flags are sorted by how far beyond the rule they are (`lewat`: the relative excess), largest first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib import periode as per
from lib.config import Konfigurasi, module_on
from lib.figures.filters import Filter, districts
from lib.figures.indicators import SENTRA, Rows, district_pairs
from lib.indicators import MODUL_DATASET
from lib.quality_rules import ANTAR_DATA, Rule

COLUMNS = ["aturan", "jenis", "kode_wilayah", "pembilang", "penyebut", "nilai", "pembanding", "lewat", "pesan"]


def rules(cfg: Konfigurasi) -> list[Rule]:
    """The configuration's rules, without those reading a dataset of a module this deployment leaves out."""
    return [
        r
        for r in cfg.aturan_mutu
        if all(module_on(cfg, MODUL_DATASET[d]) for d in r.ukuran.datasets if d in MODUL_DATASET)
    ]


def _values(rows: Rows, rule: Rule) -> pd.DataFrame:
    """n, d and the value (n ÷ d, or n without a denominator) per district (or SENTRA)."""
    p = district_pairs(rows, rule.ukuran)
    value = p["n"] / p["d"].where(p["d"] != 0) if rule.ukuran.penyebut else p["n"]
    return p.assign(nilai=value)


def _between(rows: Rows, rule: Rule) -> pd.DataFrame:
    v = _values(rows, rule).dropna(subset=["nilai"])
    hi = v["nilai"] / rule.maks - 1 if rule.maks is not None else pd.Series(-np.inf, index=v.index)
    lo = 1 - v["nilai"] / rule.min if rule.min else pd.Series(-np.inf, index=v.index)
    over = np.maximum(hi, lo)
    bad = v[over > 1e-9]
    bound = [rule.maks if h >= lo_ else rule.min for h, lo_ in zip(hi[over > 1e-9], lo[over > 1e-9])]
    return pd.DataFrame(
        {
            "kode_wilayah": bad.index,
            "pembilang": bad["n"],
            "penyebut": bad["d"],
            "nilai": bad["nilai"],
            "pembanding": bound,
            "lewat": over[over > 1e-9],
        }
    )


def _over_time(months: list[Rows], rule: Rule) -> pd.DataFrame:
    """months: the month's rows, then the three months before."""
    now = _values(months[0], rule)["nilai"]
    before = pd.concat([_values(m, rule)["nilai"] for m in months[1:]], axis=1)
    mean = before.dropna().mean(axis=1)  # all three months, or not judged
    both = pd.DataFrame({"nilai": now, "pembanding": mean}).dropna()
    both = both[both["pembanding"] > 0]
    change = (both["nilai"] - both["pembanding"]).abs() / both["pembanding"]
    over = change - rule.batas_persen / 100
    bad = both[over > 1e-9]
    return pd.DataFrame(
        {
            "kode_wilayah": bad.index,
            "pembilang": bad["nilai"],
            "penyebut": np.nan,
            "nilai": bad["nilai"],
            "pembanding": bad["pembanding"],
            "lewat": over[over > 1e-9],
        }
    )


def consistency(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """Every rule's flags in the filter's month and districts (the Sentra's own when no district is chosen), the
    furthest beyond its rule first."""
    keep = set(districts(cfg, f))
    if not (f.wilayah or f.provinsi):
        keep.add(SENTRA)
    months = [Rows(data, cfg, per.shift(f.periode, -k), None) for k in range(4)]  # cut once for every rule
    parts = []
    for rule in rules(cfg):
        found = _between(months[0], rule) if rule.jenis == ANTAR_DATA else _over_time(months, rule)
        found = found[found["kode_wilayah"].isin(keep)]
        if len(found):
            parts.append(found.assign(aturan=rule.kode, jenis=rule.jenis, pesan=rule.pesan))
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(parts, ignore_index=True)[COLUMNS]
    return out.sort_values(["lewat", "aturan", "kode_wilayah"], ascending=[False, True, True]).reset_index(drop=True)
