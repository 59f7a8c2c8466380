"""KPI cards: a value, the previous period's, its change, and how to read it (what a person reads)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi
from lib.figures.areas import Measure, district_measures, map_measures
from lib.figures.filters import Filter, ValueKind, districts, num, ratio
from lib.figures.indicators import Rows, area_value, indicators
from lib.figures.program import AT_RISK_GAP, ON_TRACK_GAP
from lib.periode import previous
from lib.present.palette import Tone

SENTRA_WIDE = " (seluruh Sentra)"  # SKA has no district: its card says whose it is
STEADY = "tetap"  # a change that reads as zero: neutral grey, no arrow, on every screen, slide and page


@dataclass(kw_only=True)
class Kpi:
    """One card: a value for the selected period and the same value for the period before. Built with keywords."""

    label: str
    value: float | None
    previous: float | None
    kind: ValueKind
    help: str = ""
    up_is_good: bool | None = None  # True: up is good; False: up is bad; None: neither
    total: int | None = None  # for 'program': out of how many
    trend: list[float] = field(default_factory=list)
    module: str | None = None  # the [modul] the card belongs to: a deployment without that module shows no card

    @functools.cached_property  # worked out once: the cards are shared by every session (lib.ui.cache)
    def text(self) -> str:
        if self.value is None:
            return fmt.TIDAK_ADA_DATA
        if self.kind == "persen":
            return fmt.persen(self.value)
        if self.kind == "rupiah":
            return fmt.rupiah(self.value)
        if self.kind == "per10rb":
            return fmt.angka(self.value, 1)
        if self.kind == "ubah":
            return fmt.ubah_persen(self.value)
        if self.kind == "program" and self.total is not None:
            return f"{fmt.angka(self.value)} dari {fmt.angka(self.total)}"
        return fmt.angka(self.value)

    @functools.cached_property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        if self.kind in ("persen", "program", "per10rb"):
            return self.value - self.previous
        return ratio(self.value - self.previous, self.previous)

    @functools.cached_property
    def change_text(self) -> str | None:
        """The change as written everywhere (cards, slides, deck, brief): '+1,2 poin', '−4', 'tetap' when it reads
        as zero once rounded; None when there is nothing to compare with."""
        written = self._written_change()
        if written is None:
            return None
        return STEADY if self.steady else written

    @functools.cached_property
    def steady(self) -> bool:
        """No change: the change reads as zero once written ('0,0 poin', '0', '0,0%')."""
        written = self._written_change()
        return written is not None and not any(ch in "123456789" for ch in written)

    @functools.cached_property
    def tone(self) -> Tone:
        """How the change reads: 'baik', 'buruk' or 'netral' (no change, no comparison, or neither good nor bad)."""
        c = self.change
        if c is None or self.steady or self.up_is_good is None:
            return "netral"
        return "baik" if (c > 0) == self.up_is_good else "buruk"

    @functools.cached_property
    def direction(self) -> Literal["naik", "turun", ""]:
        """'naik', 'turun', or '' for no change (no arrow)."""
        c = self.change
        if c is None or self.steady:
            return ""
        return "naik" if c > 0 else "turun"

    def _written_change(self) -> str | None:
        c = self.change
        if c is None:
            return None
        if self.kind == "persen":
            return fmt.ubah_poin(c)
        if self.kind == "program":
            return fmt.ubah(c)
        if self.kind == "per10rb":
            return fmt.ubah(c, 1)
        return fmt.ubah_persen(c)


def district_ranking(measures: dict[str, pd.DataFrame], cfg: Konfigurasi, ukuran: Measure) -> pd.DataFrame:
    """One row per covered district for a measure: value and its text, change and its text, rank (1 = highest).

    Districts without a value have no rank; `n` is the number of districts with a value.
    """
    now = measures["kini"][ukuran.kode]
    before = measures["lalu"][ukuran.kode]
    kpis = {
        k: Kpi(
            label=ukuran.label,
            value=num(now.get(k)),
            previous=num(before.get(k)),
            kind=ukuran.kind,
            up_is_good=ukuran.up_is_good,
        )
        for k in cfg.kode_wilayah
    }
    out = pd.DataFrame(
        {
            "kode_wilayah": cfg.kode_wilayah,
            "nama": [cfg.wilayah.at[k, "nama"] for k in cfg.kode_wilayah],
            "nama_pendek": [cfg.wilayah.at[k, "nama_pendek"] for k in cfg.kode_wilayah],
            "provinsi": [cfg.wilayah.at[k, "provinsi"] for k in cfg.kode_wilayah],
            "kode_provinsi": [cfg.wilayah.at[k, "kode_provinsi"] for k in cfg.kode_wilayah],
            "nilai": [kpis[k].value for k in cfg.kode_wilayah],
            "nilai_lalu": [kpis[k].previous for k in cfg.kode_wilayah],
            "ubah": [kpis[k].change for k in cfg.kode_wilayah],
            "teks": [kpis[k].text for k in cfg.kode_wilayah],
            "ubah_teks": [kpis[k].change_text or fmt.TIDAK_ADA_DATA for k in cfg.kode_wilayah],
        }
    )
    values = pd.to_numeric(out["nilai"], errors="coerce")
    out["peringkat"] = values.rank(ascending=False, method="min").astype("Int64")
    out["n"] = int(values.notna().sum())
    return out


def measure_ranking(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, ukuran: Measure) -> pd.DataFrame:
    """district_ranking of the period's district measures: one call, to be made once per store state (ui.shared)."""
    return district_ranking(district_measures(data, cfg, f), cfg, ukuran)


def district_kpis(measures: dict[str, pd.DataFrame], cfg: Konfigurasi, kode: str) -> list[Kpi]:
    """The key figures of one district (the map's side panel): every measure, with the previous period's value."""
    return [
        Kpi(
            label=u.label,
            value=num(measures["kini"].at[kode, u.kode]),
            previous=num(measures["lalu"].at[kode, u.kode]),
            kind=u.kind,
            help=u.help,
            up_is_good=u.up_is_good,
        )
        for u in map_measures(cfg)
    ]


def profile_kpis(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kode: str) -> list[Kpi]:
    """The profile's cards: every district-level indicator (PAS per pekerja sosial among them) and the coverage rank."""
    measures = district_measures(data, cfg, f)
    cards = district_kpis(measures, cfg, kode)
    cakupan = next((u for u in map_measures(cfg) if u.kode == "cakupan"), None)
    if cakupan is None:  # a configuration without the cakupan indicator has no coverage rank
        return cards
    now, before = (
        district_ranking({"kini": measures[t], "lalu": measures[t]}, cfg, cakupan).set_index("kode_wilayah")
        for t in ("kini", "lalu")
    )
    rank = now.at[kode, "peringkat"]
    rank_before = before.at[kode, "peringkat"]
    cards.append(
        Kpi(
            label="Peringkat cakupan",
            value=None if pd.isna(rank) else int(rank),
            previous=None if pd.isna(rank_before) else int(rank_before),
            kind="program",
            help="Urutan cakupan layanan di antara kabupaten/kota wilayah jangkauan (1 = tertinggi); "
            "angka kecil: perubahan peringkat (naik = turun peringkat).",
            up_is_good=False,
            total=int(now.at[kode, "n"]),
        )
    )
    return cards


def compare_kpis(table: pd.DataFrame, ukuran: Measure) -> list[Kpi]:
    """One card per compared district for a measure: its value, and its change since the previous month."""
    rows = table[table["jenis"] == "wilayah"]
    return [
        Kpi(
            label=r["nama"],
            value=num(r[ukuran.kode]),
            previous=num(r[f"{ukuran.kode}_lalu"]),
            kind=ukuran.kind,
            help="",
            up_is_good=ukuran.up_is_good,
        )
        for _, r in rows.iterrows()
    ]


def schedule_kpis(
    on_now: int | None, on_before: int | None, late_now: int | None, late_before: int | None, n: int | None
) -> list[Kpi]:
    """The two schedule cards the overview and the Program screen share: on schedule, late (of n programmes)."""
    return [
        Kpi(
            label="Program sesuai jadwal",
            value=on_now,
            previous=on_before,
            kind="program",
            help=f"Capaian tertinggal paling banyak {ON_TRACK_GAP * 100:.0f} poin dari jadwal (target dicapai linear "
            "hingga Desember sejak bulan mulai), atau sudah selesai.",
            up_is_good=True,
            total=n,
            module="program",
        ),
        Kpi(
            label="Program terlambat",
            value=late_now,
            previous=late_before,
            kind="program",
            help=f"Tertinggal lebih dari {AT_RISK_GAP * 100:.0f} poin dari jadwal, atau berstatus terkendala.",
            up_is_good=False,
            total=n,
            module="program",
        ),
    ]


def output_impact(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> dict[str, list[Kpi]]:
    """The overview's "Output dan dampak": every configured indicator of the filters' districts, under its group
    (output, dampak), this month against the one before. Ratios over the districts are ratios of sums; an
    indicator without districts (SKA) only for the whole coverage."""
    kodes = districts(cfg, f)
    whole = len(kodes) == len(cfg.kode_wilayah)
    now, before = Rows(data, cfg, f.periode, f.klaster), Rows(data, cfg, previous(f.periode), f.klaster)
    out: dict[str, list[Kpi]] = {"output": [], "dampak": []}
    for i in indicators(cfg):
        if i.kelompok not in out or (i.tingkat == "sentra" and not whole):  # lain: on its own screen only
            continue
        scope = None if whole else kodes
        out[i.kelompok].append(
            Kpi(
                label=i.nama,
                value=area_value(now, i, scope),
                previous=area_value(before, i, scope),
                kind=i.kind,
                help=i.keterangan,
                up_is_good=i.naik_baik,
            )
        )
    return out
