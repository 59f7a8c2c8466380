"""KPI cards: a value, the previous period's, its change, and how to read it (what a person reads)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi, module_on
from lib.figures.areas import Measure, district_measures, map_measures, worker_ratio
from lib.figures.filters import (
    Filter,
    ValueKind,
    coverage_rate,
    districts,
    filter_pas,
    filter_program,
    num,
    per_10k,
    ratio,
)
from lib.figures.indicators import Rows, area_value, indicators
from lib.figures.pas import pas_totals, pas_trend, population
from lib.figures.program import (
    AT_RISK_GAP,
    ON_TRACK_GAP,
    budget_absorption,
    budget_total,
    program_counts,
)
from lib.figures.ska import ska_omzet
from lib.periode import previous
from lib.present.palette import Tone

SKA_CARD, SENTRA_WIDE = "Omzet SKA", " (seluruh Sentra)"  # SKA has no district: its card says whose it is
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


def overview_kpis(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> list[Kpi]:
    """The cards of the Ringkasan page (eight, fewer without [modul] program or ska), for the filters, each with the previous period's value."""
    now, before = f.periode, previous(f.periode)
    pas = filter_pas(data["pas"], cfg, f)
    program = filter_program(data["program"], cfg, f)
    trend = pas_trend(data["pas"], cfg, f)
    t_now, d_now = pas_totals(pas, now)
    t_before, d_before = pas_totals(pas, before)
    kodes = districts(cfg, f)
    pop_now = population(data["penduduk"], kodes, int(now[:4]))
    pop_before = population(data["penduduk"], kodes, int(before[:4]))
    on_now, late_now, n_now = program_counts(program, cfg, now)
    on_before, late_before, _ = program_counts(program, cfg, before)
    singkatan = cfg.kategori_singkatan
    cards = [
        Kpi(
            label=f"{singkatan} terdata",
            value=t_now,
            previous=t_before,
            kind="angka",
            help=f"Jumlah {singkatan} yang terdata pada bulan terpilih.",
            up_is_good=None,
            trend=list(trend["terdata"]),
        ),
        Kpi(
            label=f"{singkatan} dilayani",
            value=d_now,
            previous=d_before,
            kind="angka",
            help=f"Jumlah {singkatan} yang menerima layanan pada bulan terpilih.",
            up_is_good=True,
            trend=list(trend["dilayani"]),
        ),
        Kpi(
            label="Cakupan layanan",
            value=coverage_rate(d_now, t_now),
            previous=coverage_rate(d_before, t_before),
            kind="persen",
            help="Dilayani ÷ terdata. Perubahan dalam poin persentase.",
            up_is_good=True,
            trend=[x for x in trend["cakupan"] if x is not None],
        ),
        Kpi(
            label=f"{singkatan} per 10rb penduduk",
            value=per_10k(t_now, pop_now),
            previous=per_10k(t_before, pop_before),
            kind="per10rb",
            help="Terdata ÷ penduduk × 10.000 (penduduk tahun terdekat yang tersedia).",
            up_is_good=None,
        ),
        *schedule_kpis(on_now, on_before, late_now, late_before, n_now),
        Kpi(
            label="Penyerapan anggaran",
            value=budget_absorption(program, now),
            previous=budget_absorption(program, before),
            kind="persen",
            help="Realisasi anggaran ÷ pagu program tahun berjalan, sampai bulan terpilih.",
            up_is_good=True,
            module="program",
        ),
        Kpi(  # the Sentra's own shop: never shown under a district's, province's or klaster's name as theirs
            label=SKA_CARD + (SENTRA_WIDE if f.wilayah or f.provinsi or f.klaster else ""),
            value=ska_omzet(data["ska"], now),
            previous=ska_omzet(data["ska"], before),
            kind="rupiah",
            help="Omzet Sentra Kreasi ATENSI pada bulan terpilih, untuk seluruh Sentra: SKA tidak dibagi per "
            "kabupaten/kota atau klaster, jadi filter wilayah dan klaster tidak berlaku pada angka ini.",
            up_is_good=True,
            module="ska",
        ),
    ]
    return [k for k in cards if k.module is None or module_on(cfg, k.module)]


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


def program_kpis(program: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> list[Kpi]:
    """Four cards of the Program screen for the filters, each against the previous month."""
    now, before = f.periode, previous(f.periode)
    rows = filter_program(program, cfg, f)
    on_now, late_now, n_now = program_counts(rows, cfg, now)
    on_before, late_before, _ = program_counts(rows, cfg, before)
    pagu_now = budget_total(rows, now)
    return [
        *schedule_kpis(on_now, on_before, late_now, late_before, n_now),
        Kpi(
            label="Pagu anggaran",
            value=pagu_now,
            previous=None,
            kind="rupiah",
            help="Jumlah anggaran (pagu) program tahun berjalan.",
            up_is_good=None,
        ),
        Kpi(
            label="Penyerapan anggaran",
            value=budget_absorption(rows, now),
            previous=budget_absorption(rows, before),
            kind="persen",
            help="Realisasi anggaran ÷ pagu program tahun berjalan, sampai bulan terpilih.",
            up_is_good=True,
        ),
    ]


def worker_kpi(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kode: str) -> Kpi:
    """'PAS per pekerja sosial' of a district, this period and the one before."""
    now, before = (worker_ratio(data, cfg, f.klaster, p, [kode]) for p in (f.periode, previous(f.periode)))
    names = ", ".join(j.nama for j in cfg.jenis_sdm if j.pekerja_sosial)
    return Kpi(
        label=f"{cfg.kategori_singkatan} per pekerja sosial",
        value=now,
        previous=before,
        kind="per10rb",
        help=f"{cfg.kategori_singkatan} terdata ÷ jumlah {names} (data SDM tahun terdekat yang tersedia).",
        up_is_good=False,
    )


def profile_kpis(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kode: str) -> list[Kpi]:
    """The profile's cards: every district-level indicator, PAS per social worker and the coverage rank."""
    measures = district_measures(data, cfg, f)
    cards = district_kpis(measures, cfg, kode) + [worker_kpi(data, cfg, f, kode)]
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
        if i.tingkat == "sentra" and not whole:
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
