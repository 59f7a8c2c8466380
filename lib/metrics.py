"""The figures the meeting looks at, computed from the current values of the store for a set of filters.

Missing data stays missing (None), never zero: a page shows "tidak ada data" for it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib import fmt
from lib.config import Konfigurasi
from lib.periode import month_range, previous, shift

# Programme schedule classes. The budget year is the calendar year (APBN): a programme that started in month s
# is expected to reach its target by December, linearly. Gap = expected − achieved, in percentage points.
ON_TRACK_GAP = 0.10  # up to 10 points behind: sesuai jadwal
AT_RISK_GAP = 0.25  # up to 25 points behind: berisiko; more: terlambat
KELAS_SELESAI, KELAS_SESUAI, KELAS_BERISIKO, KELAS_TERLAMBAT, KELAS_KENDALA, KELAS_BELUM = (
    "Selesai", "Sesuai jadwal", "Berisiko", "Terlambat", "Terkendala", "Belum mulai")
KELAS_TANPA_TARGET = "Tanpa target"  # target 0: achievement cannot be computed
# Positions in the configuration's status list (documented in konfigurasi.toml).
STATUS_BELUM, STATUS_SELESAI, STATUS_KENDALA = 0, 2, 3


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


def categories(cfg: Konfigurasi, f: Filter) -> list[str]:
    return [k.kode for k in cfg.kategori if not f.klaster or k.klaster == f.klaster]


def filter_pas(pas: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """PAS rows of the selected districts and klaster, all periods."""
    return pas[pas["kode_wilayah"].isin(districts(cfg, f)) & pas["kategori_pas"].isin(categories(cfg, f))]


def filter_program(program: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    keep = program["kode_wilayah"].isin(districts(cfg, f))
    if f.klaster:
        keep &= program["klaster"] == f.klaster
    return program[keep]


def pas_trend(pas: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """Per period: terdata, dilayani, cakupan, for the selected districts and klaster."""
    rows = filter_pas(pas, cfg, f)
    out = rows.groupby("periode", as_index=False)[["terdata", "dilayani"]].sum()
    out["cakupan"] = [coverage_rate(d, t) for d, t in zip(out["dilayani"], out["terdata"])]
    return out


def pas_by_klaster(pas: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """For the selected period: terdata, dilayani and cakupan per klaster (all klaster listed, missing = NA)."""
    rows = filter_pas(pas, cfg, f)
    rows = rows[rows["periode"] == f.periode].assign(klaster=lambda d: d["kategori_pas"].map(cfg.klaster_kategori()))
    sums = rows.groupby("klaster")[["terdata", "dilayani"]].sum()
    shown = [k for k in cfg.klaster if not f.klaster or k.kode == f.klaster]
    out = pd.DataFrame({"klaster": [k.kode for k in shown], "nama": [k.pendek for k in shown]})
    out = out.merge(sums, left_on="klaster", right_index=True, how="left")
    out["cakupan"] = [coverage_rate(d, t) for d, t in zip(out["dilayani"], out["terdata"])]
    return out


def populations(penduduk: pd.DataFrame, year: int) -> pd.Series:
    """Population per district for a year (index kode_wilayah): the latest figure up to that year, else the
    earliest after it. One pass for all districts."""
    # Years up to `year` first (closest first), then later years (closest first): each district's first row wins.
    ranked = penduduk.assign(_after=penduduk["tahun"] > year, _gap=(penduduk["tahun"] - year).abs())
    pick = ranked.sort_values(["_after", "_gap"]).drop_duplicates("kode_wilayah")
    return pick.set_index("kode_wilayah")["jumlah"].astype(float)


def population(penduduk: pd.DataFrame, kodes: list[str], year: int) -> float | None:
    """Population of the districts for a year (see populations); None unless every district has a figure."""
    per = populations(penduduk[penduduk["kode_wilayah"].isin(kodes)], year)
    return float(per.sum()) if len(per) and len(per) == len(set(kodes)) else None


def program_progress(program: pd.DataFrame, cfg: Konfigurasi, periode: str, per_wilayah: bool = False) -> pd.DataFrame:
    """One row per programme (per programme and district with `per_wilayah`) as of `periode`: target, realisasi,
    budget, achievement, expected, class. A programme without a target (0) has no achievement: its class is
    KELAS_TANPA_TARGET unless it is finished or blocked."""
    status = cfg.status_program
    keys = ["kode_program", "kode_wilayah"] if per_wilayah else ["kode_program"]
    rows = program[program["periode"].str[:4] == periode[:4]]
    started = rows[(rows["status"] != status[STATUS_BELUM]) | (rows["realisasi"] > 0)]
    start = started.groupby(keys)["periode"].min()
    now = rows[rows["periode"] == periode]
    if now.empty:
        return pd.DataFrame(columns=[*keys, "nama_program", "klaster", "target", "realisasi", "anggaran",
                                     "realisasi_anggaran", "capaian", "harapan", "kelas"])
    flags = now.assign(kendala=now["status"] == status[STATUS_KENDALA], selesai=now["status"] == status[STATUS_SELESAI])
    agg = flags.groupby(keys).agg(
        nama_program=("nama_program", "first"), klaster=("klaster", "first"), target=("target", "sum"),
        realisasi=("realisasi", "sum"), anggaran=("anggaran", "sum"),
        realisasi_anggaran=("realisasi_anggaran", "sum"), kendala=("kendala", "any"), selesai=("selesai", "all"),
    ).reset_index()
    month = int(periode[5:7])
    agg["capaian"] = [achievement(r, t) for r, t in zip(agg["realisasi"], agg["target"])]
    first = agg.merge(start.rename("mulai").reset_index(), on=keys, how="left")["mulai"]
    begun = first.notna() & (first <= periode)
    first_month = pd.to_numeric(first.str[5:7], errors="coerce")
    expected = ((month - first_month + 1) / (12 - first_month + 1)).where(begun)
    done = agg["capaian"].astype(float).fillna(0.0)
    gap = expected - done
    # The first matching rule wins, as in the order of the definitions (README).
    kelas = np.select(
        [~begun, agg["selesai"] | (done >= 1.0), agg["kendala"], agg["capaian"].isna(),
         gap <= ON_TRACK_GAP, gap <= AT_RISK_GAP],
        [KELAS_BELUM, KELAS_SELESAI, KELAS_KENDALA, KELAS_TANPA_TARGET, KELAS_SESUAI, KELAS_BERISIKO],
        default=KELAS_TERLAMBAT)
    agg["harapan"] = [None if pd.isna(x) else float(x) for x in expected]
    agg["kelas"] = kelas
    return agg.drop(columns=["kendala", "selesai"])


@dataclass
class Kpi:
    """One card: a value for the selected period and the same value for the period before."""

    label: str
    value: float | None
    previous: float | None
    jenis: str  # 'angka' | 'persen' | 'rupiah' | 'per10rb' | 'program'
    help: str = ""
    naik_baik: bool | None = None  # True: up is good; False: up is bad; None: neither
    total: int | None = None  # for 'program': out of how many
    trend: list[float] = field(default_factory=list)

    @property
    def text(self) -> str:
        if self.value is None:
            return fmt.TIDAK_ADA_DATA
        if self.jenis == "persen":
            return fmt.persen(self.value)
        if self.jenis == "rupiah":
            return fmt.rupiah(self.value)
        if self.jenis == "per10rb":
            return fmt.angka(self.value, 1)
        if self.jenis == "program" and self.total is not None:
            return f"{fmt.angka(self.value)} dari {fmt.angka(self.total)}"
        return fmt.angka(self.value)

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        if self.jenis in ("persen", "program", "per10rb"):
            return self.value - self.previous
        return ratio(self.value - self.previous, self.previous)

    @property
    def change_text(self) -> str | None:
        c = self.change
        if c is None:
            return None
        if self.jenis == "persen":
            return fmt.ubah_poin(c)
        if self.jenis == "program":
            return fmt.ubah(c)
        if self.jenis == "per10rb":
            return fmt.ubah(c, 1)
        return fmt.ubah_persen(c)


def _pas_totals(pas: pd.DataFrame, periode: str) -> tuple[float | None, float | None]:
    rows = pas[pas["periode"] == periode]
    if rows.empty:
        return None, None
    return float(rows["terdata"].sum()), float(rows["dilayani"].sum())


def _program_counts(program: pd.DataFrame, cfg: Konfigurasi, periode: str) -> tuple[int | None, int | None, int]:
    prog = program_progress(program, cfg, periode)
    running = prog[prog["kelas"] != KELAS_BELUM]
    if running.empty:
        return None, None, 0
    on_track = int(running["kelas"].isin([KELAS_SELESAI, KELAS_SESUAI]).sum())
    late = int(running["kelas"].isin([KELAS_TERLAMBAT, KELAS_KENDALA]).sum())
    return on_track, late, len(running)


def _absorption(program: pd.DataFrame, periode: str) -> float | None:
    rows = program[program["periode"] == periode]
    return absorption(rows["realisasi_anggaran"].sum(), rows["anggaran"].sum()) if len(rows) else None


def _ska_omzet(ska: pd.DataFrame, periode: str) -> float | None:
    rows = ska[ska["periode"] == periode]
    return float(rows["omzet"].sum()) if len(rows) else None


def overview_kpis(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> list[Kpi]:
    """The eight cards of the Ringkasan page, for the filters, each with the previous period's value."""
    now, before = f.periode, previous(f.periode)
    pas = filter_pas(data["pas"], cfg, f)
    program = filter_program(data["program"], cfg, f)
    trend = pas_trend(data["pas"], cfg, f)
    t_now, d_now = _pas_totals(pas, now)
    t_before, d_before = _pas_totals(pas, before)
    kodes = districts(cfg, f)
    pop_now = population(data["penduduk"], kodes, int(now[:4]))
    pop_before = population(data["penduduk"], kodes, int(before[:4]))
    on_now, late_now, n_now = _program_counts(program, cfg, now)
    on_before, late_before, _ = _program_counts(program, cfg, before)
    singkatan = cfg.kategori_singkatan
    return [
        Kpi(f"{singkatan} terdata", t_now, t_before, "angka",
            f"Jumlah {singkatan} yang terdata pada bulan terpilih.", None, trend=list(trend["terdata"])),
        Kpi(f"{singkatan} dilayani", d_now, d_before, "angka",
            f"Jumlah {singkatan} yang menerima layanan pada bulan terpilih.", True, trend=list(trend["dilayani"])),
        Kpi("Cakupan layanan", coverage_rate(d_now, t_now), coverage_rate(d_before, t_before), "persen",
            "Dilayani ÷ terdata. Perubahan dalam poin persentase.", True,
            trend=[x for x in trend["cakupan"] if x is not None]),
        Kpi(f"{singkatan} per 10rb penduduk", per_10k(t_now, pop_now), per_10k(t_before, pop_before), "per10rb",
            "Terdata ÷ penduduk × 10.000 (penduduk tahun terdekat yang tersedia).", None),
        Kpi("Program sesuai jadwal", on_now, on_before, "program",
            f"Capaian tertinggal paling banyak {ON_TRACK_GAP * 100:.0f} poin dari jadwal (target dicapai linear "
            "hingga Desember sejak bulan mulai), atau sudah selesai.", True, total=n_now),
        Kpi("Program terlambat", late_now, late_before, "program",
            f"Tertinggal lebih dari {AT_RISK_GAP * 100:.0f} poin dari jadwal, atau berstatus terkendala.", False,
            total=n_now),
        Kpi("Penyerapan anggaran", _absorption(program, now), _absorption(program, before), "persen",
            "Realisasi anggaran ÷ pagu program tahun berjalan, sampai bulan terpilih.", True),
        Kpi("Omzet SKA", _ska_omzet(data["ska"], now), _ska_omzet(data["ska"], before), "rupiah",
            "Omzet Sentra Kreasi ATENSI pada bulan terpilih (tidak dipengaruhi filter wilayah dan klaster).", True),
    ]


def periods(data: dict[str, pd.DataFrame]) -> list[str]:
    """Periods for which PAS data exists, oldest first."""
    return sorted(data["pas"]["periode"].unique().tolist())


def freshness_rows(fresh: pd.DataFrame, cfg: Konfigurasi) -> pd.DataFrame:
    """The data-freshness table: per dataset, its latest active batch, when, by whom, and whether it is sample data."""
    from lib.schema import DATASETS

    zona = cfg.sentra.get("zona_waktu", "Asia/Jakarta")
    return pd.DataFrame({
        "Data": [DATASETS[d].judul for d in fresh["dataset"]],
        "Diperbarui": [fmt.waktu(t, zona) for t in fresh["waktu"]],
        "Oleh": fresh["pengguna"].fillna("–"),
        "Batch": [f"#{int(b)}" if pd.notna(b) else "–" for b in fresh["batch_id"]],
        "Baris": fresh["baris"].map(fmt.angka),
        "Keterangan": ["belum ada data" if n == 0 else ("data contoh" if c > 0 else "data unggahan")
                       for n, c in zip(fresh["baris"], fresh["baris_contoh"])],
    })


def history_rows(hist: pd.DataFrame, cfg: Konfigurasi) -> pd.DataFrame:
    """The batch list as people read it: newest first, times in the Sentra's zone, counts formatted."""
    from lib.schema import DATASETS

    zona = cfg.sentra.get("zona_waktu", "Asia/Jakarta")
    status = [
        "aktif" if a else f"dibatalkan oleh {o}, {fmt.waktu(t, zona)}"
        for a, o, t in zip(hist["aktif"], hist["dibatalkan_oleh"], hist["dibatalkan_pada"])
    ]
    return pd.DataFrame({
        "Batch": [f"#{i}" for i in hist["id"]],
        "Data": [DATASETS[d].judul if d in DATASETS else d for d in hist["dataset"]],
        "Waktu": [fmt.waktu(t, zona) for t in hist["waktu"]],
        "Oleh": hist["pengguna"],
        "Berkas": hist["nama_berkas"].fillna("–"),
        "Baru": hist["baris_baru"].map(fmt.angka),
        "Berubah": hist["baris_berubah"].map(fmt.angka),
        "Sama": hist["baris_sama"].map(fmt.angka),
        "Status": status,
        "Catatan": hist["catatan"].fillna(""),
    })


# Reports expected per district and period (or year), by dataset: what "complete" means for the matrix.
COMPLETENESS = {"pas": "kategori", "layanan": None, "sdm": "jenis_sdm", "penduduk": None}


def completeness(data: dict[str, pd.DataFrame], cfg: Konfigurasi, dataset_name: str) -> pd.DataFrame:
    """District × period (× year for sdm/penduduk): rows reported and the share of what is expected.

    Every district and period of the range appears, so a missing report is a row with `baris` 0 and
    `lengkap` None ("tidak ada laporan"), not an absent row.
    """
    rows = data[dataset_name]
    by = "tahun" if "tahun" in rows.columns else "periode"
    if by == "periode":
        present = periods(data) or sorted(rows["periode"].unique())
        start = cfg.bawaan.get("periode_awal", present[0] if present else "")
        span = [p for p in present if p >= start] if present else []
        span = month_range(min(span), max(span)) if span else []
    else:
        years = sorted(rows["tahun"].unique().tolist())
        span = list(range(min(years), max(years) + 1)) if years else []
    counts = rows.groupby(["kode_wilayah", by]).size().rename("baris")
    grid = pd.MultiIndex.from_product([cfg.kode_wilayah, span], names=["kode_wilayah", by])
    out = counts.reindex(grid, fill_value=0).reset_index()
    per = COMPLETENESS.get(dataset_name)
    expected = len(getattr(cfg, per)) if per else 1
    out["lengkap"] = [min(n / expected, 1.0) if n else None for n in out["baris"]]
    out["wilayah"] = out["kode_wilayah"].map(cfg.wilayah["nama_pendek"])
    out = out.rename(columns={by: "waktu"})
    out["waktu"] = out["waktu"].astype(str)
    return out


# Code columns and the configuration list that names their codes.
CODE_LISTS = {"kategori_pas": "kategori", "jenis_layanan": "jenis_layanan", "pendekatan": "pendekatan",
              "klaster": "klaster", "jenis_sdm": "jenis_sdm"}


def label_codes(df: pd.DataFrame, cfg: Konfigurasi) -> pd.DataFrame:
    """Codes as people read them: district names, category labels, 'Maret 2025'."""
    out = df.copy()
    for col in out.columns:
        if col == "kode_wilayah":
            out[col] = [cfg.nama_wilayah(k) if k else "semua wilayah" for k in out[col]]
        elif col in CODE_LISTS:
            out[col] = [cfg.label(CODE_LISTS[col], k) for k in out[col]]
        elif col == "periode":
            out[col] = out[col].map(fmt.bulan)
    return out


def change_rows(changes: pd.DataFrame, dataset_name: str, cfg: Konfigurasi, limit: int = 5000) -> pd.DataFrame:
    """A batch's rows for reading: keys, then each value as 'old → new' where it changed, new and changed first."""
    from lib.schema import DATASETS

    ds = DATASETS[dataset_name]
    out = label_codes(changes[list(ds.kunci)], cfg).astype(str)
    out.insert(0, "Perubahan", changes["perubahan"])
    for c in ds.nilai:
        new, old = changes[c], changes[f"lama_{c}"]
        text = [_cell(n) for n in new]
        out[c] = [f"{_cell(o)} → {t}" if p == "berubah" and _cell(o) != t else t
                  for o, t, p in zip(old, text, changes["perubahan"])]
    return out.head(limit)


def _cell(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return fmt.angka(v)
    return str(v)


# Per-district figures for the map (Peta) ------------------------------------------------------------------------

@dataclass(frozen=True)
class Ukuran:
    """A measure the map can colour districts by."""

    kode: str
    label: str
    jenis: str  # as Kpi.jenis: 'angka' | 'persen' | 'per10rb'
    help: str
    naik_baik: bool | None = None
    pakai_kategori: bool = True  # False for programme measures (programmes have a klaster, not a PAS group)


def map_measures(cfg: Konfigurasi) -> list[Ukuran]:
    """The six measures of the map, labelled with the configuration's abbreviation (PAS, PMKS…)."""
    s = cfg.kategori_singkatan
    return [
        Ukuran("terdata", f"{s} terdata", "angka", f"Jumlah {s} yang terdata pada bulan terpilih."),
        Ukuran("dilayani", f"{s} dilayani", "angka", f"Jumlah {s} yang menerima layanan pada bulan terpilih.", True),
        Ukuran("cakupan", "Cakupan layanan", "persen", "Dilayani ÷ terdata. Perubahan dalam poin persentase.", True),
        Ukuran("per10rb", f"{s} per 10.000 penduduk", "per10rb",
               "Terdata ÷ penduduk × 10.000 (penduduk tahun terdekat yang tersedia)."),
        Ukuran("capaian", "Capaian program", "persen",
               "Rata-rata capaian (realisasi ÷ target) program di wilayah itu pada bulan terpilih.", True, False),
        Ukuran("serapan", "Penyerapan anggaran", "persen",
               "Realisasi anggaran ÷ pagu program di wilayah itu pada bulan terpilih.", True, False),
    ]


def _district_values(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, periode: str,
                     kategori: str | None) -> pd.DataFrame:
    """The six measures for every covered district in one period (missing = None)."""
    kodes = cfg.kode_wilayah
    everywhere = Filter(periode=periode, klaster=f.klaster)
    pas = data["pas"]
    pas = filter_pas(pas[pas["periode"] == periode], cfg, everywhere)  # the month first: far fewer rows
    if kategori:
        pas = pas[pas["kategori_pas"] == kategori]
    sums = pas.groupby("kode_wilayah")[["terdata", "dilayani"]].sum().astype(float).reindex(kodes)
    prog = filter_program(data["program"], cfg, everywhere)
    prog = prog[prog["periode"] == periode]
    # Programme achievement per district: the mean of its programmes' realisasi ÷ target (units differ), over
    # programmes with a target; budget absorption: Σ realisasi anggaran ÷ Σ anggaran.
    done = (prog["realisasi"] / prog["target"].where(prog["target"] > 0)).groupby(prog["kode_wilayah"]).mean()
    money = prog.groupby("kode_wilayah")[["realisasi_anggaran", "anggaran"]].sum().astype(float)
    pops = populations(data["penduduk"], int(periode[:4])).reindex(kodes)
    out = pd.DataFrame(index=pd.Index(kodes, name="kode_wilayah"))
    out["terdata"], out["dilayani"] = sums["terdata"], sums["dilayani"]
    out["cakupan"] = out["dilayani"] / out["terdata"].where(out["terdata"] > 0)
    out["per10rb"] = out["terdata"] / pops.where(pops > 0) * 10_000
    out["capaian"] = done.reindex(kodes)
    money = money.reindex(kodes)
    out["serapan"] = money["realisasi_anggaran"] / money["anggaran"].where(money["anggaran"] > 0)
    return out.astype(float)


def district_measures(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter,
                      kategori: str | None = None) -> dict[str, pd.DataFrame]:
    """{'kini': …, 'lalu': …}: the six measures for every covered district, this period and the one before.

    The klaster filter (and an optional PAS group) applies; the province and district filters do not: the map
    shows the whole coverage, and a district's rank is among all of it.
    """
    return {"kini": _district_values(data, cfg, f, f.periode, kategori),
            "lalu": _district_values(data, cfg, f, previous(f.periode), kategori)}


def district_ranking(measures: dict[str, pd.DataFrame], cfg: Konfigurasi, ukuran: Ukuran) -> pd.DataFrame:
    """One row per covered district for a measure: value and its text, change and its text, rank (1 = highest).

    Districts without a value have no rank; `n` is the number of districts with a value.
    """
    now = measures["kini"][ukuran.kode]
    before = measures["lalu"][ukuran.kode]
    kpis = {k: Kpi(ukuran.label, _num(now.get(k)), _num(before.get(k)), ukuran.jenis, naik_baik=ukuran.naik_baik)
            for k in cfg.kode_wilayah}
    out = pd.DataFrame({
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
    })
    values = pd.to_numeric(out["nilai"], errors="coerce")
    out["peringkat"] = values.rank(ascending=False, method="min").astype("Int64")
    out["n"] = int(values.notna().sum())
    return out


def district_kpis(measures: dict[str, pd.DataFrame], cfg: Konfigurasi, kode: str) -> list[Kpi]:
    """The key figures of one district (the map's side panel): every measure, with the previous period's value."""
    return [Kpi(u.label, _num(measures["kini"].at[kode, u.kode]), _num(measures["lalu"].at[kode, u.kode]),
                u.jenis, u.help, u.naik_baik) for u in map_measures(cfg)]


def _num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


# Program, SKA and Tindak Lanjut screens -------------------------------------------------------------------------

# Most urgent first: the meeting starts with what is blocked.
KELAS_URUTAN = (KELAS_KENDALA, KELAS_TERLAMBAT, KELAS_BERISIKO, KELAS_TANPA_TARGET, KELAS_SESUAI, KELAS_SELESAI,
                KELAS_BELUM)


def program_year(program: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """Programme rows of the filtered districts and klaster, in the budget year of the period, up to the period."""
    rows = filter_program(program, cfg, f)
    return rows[(rows["periode"].str[:4] == f.periode[:4]) & (rows["periode"] <= f.periode)]


def _district_text(kodes: list[str], cfg: Konfigurasi) -> str:
    if len(kodes) == 1:
        return cfg.wilayah.at[kodes[0], "nama_pendek"] if kodes[0] in cfg.wilayah.index else kodes[0]
    return f"{len(kodes)} kab/kota"


def program_rows(program: pd.DataFrame, cfg: Konfigurasi, f: Filter, kelas: list[str] | None = None,
                 per_wilayah: bool = False) -> pd.DataFrame:
    """The Program table for the filters: one row per programme (or programme × district), most urgent first.

    Capaian and Penyerapan are numbers 0–100 (progress bars, None when the denominator is 0 or missing); the other
    columns are text as shown. `kelas` keeps only those schedule classes.
    """
    rows = program_year(program, cfg, f)
    prog = program_progress(rows, cfg, f.periode, per_wilayah=per_wilayah)
    columns = ["Kode", "Program", "Klaster", "Wilayah", "Status jadwal", "Capaian", "Realisasi", "Selisih jadwal",
               "Pagu", "Penyerapan", "Terserap"]
    if prog.empty:
        return pd.DataFrame(columns=columns)
    now = rows[rows["periode"] == f.periode]
    satuan = now.groupby("kode_program")["satuan"].first()
    where = now.groupby("kode_program")["kode_wilayah"].agg(lambda s: sorted(set(s)))
    if kelas:
        prog = prog[prog["kelas"].isin(kelas)]
    rank = {k: i for i, k in enumerate(KELAS_URUTAN)}
    prog = prog.assign(_urut=prog["kelas"].map(rank),
                       _selisih=[(h - c) if pd.notna(h) and pd.notna(c) else -1.0
                                 for h, c in zip(prog["harapan"], prog["capaian"])])
    prog = prog.sort_values(["_urut", "_selisih", "kode_program"], ascending=[True, False, True])

    def pct(x):
        return None if x is None or pd.isna(x) else round(float(x) * 100, 1)

    return pd.DataFrame({
        "Kode": prog["kode_program"].to_list(),
        "Program": prog["nama_program"].to_list(),
        "Klaster": [next((k.pendek for k in cfg.klaster if k.kode == c), c) for c in prog["klaster"]],
        "Wilayah": [_district_text([w], cfg) if per_wilayah else _district_text(where.get(k, []), cfg)
                    for k, w in zip(prog["kode_program"], prog.get("kode_wilayah", prog["kode_program"]))],
        "Status jadwal": prog["kelas"].to_list(),
        "Capaian": [pct(c) for c in prog["capaian"]],
        "Realisasi": [f"{fmt.angka(r)} dari {fmt.angka(t)} {satuan.get(k, '')}".strip()
                      for r, t, k in zip(prog["realisasi"], prog["target"], prog["kode_program"])],
        "Selisih jadwal": ["tuntas" if k == KELAS_SELESAI else fmt.ubah_poin(c - h)
                           if pd.notna(c) and pd.notna(h) else fmt.TIDAK_ADA_DATA
                           for c, h, k in zip(prog["capaian"], prog["harapan"], prog["kelas"])],
        "Pagu": prog["anggaran"].map(fmt.rupiah).to_list(),
        "Penyerapan": [pct(absorption(r, a)) for r, a in zip(prog["realisasi_anggaran"], prog["anggaran"])],
        "Terserap": prog["realisasi_anggaran"].map(fmt.rupiah).to_list(),
    }, columns=columns)


def program_kpis(program: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> list[Kpi]:
    """Four cards of the Program screen for the filters, each against the previous month."""
    now, before = f.periode, previous(f.periode)
    rows = filter_program(program, cfg, f)
    on_now, late_now, n_now = _program_counts(rows, cfg, now)
    on_before, late_before, _ = _program_counts(rows, cfg, before)
    pagu_now = _budget(rows, now)
    return [
        Kpi("Program sesuai jadwal", on_now, on_before, "program",
            f"Capaian tertinggal paling banyak {ON_TRACK_GAP * 100:.0f} poin dari jadwal, atau sudah selesai.",
            True, total=n_now),
        Kpi("Program terlambat", late_now, late_before, "program",
            f"Tertinggal lebih dari {AT_RISK_GAP * 100:.0f} poin dari jadwal, atau berstatus terkendala.", False,
            total=n_now),
        Kpi("Pagu anggaran", pagu_now, None, "rupiah", "Jumlah anggaran (pagu) program tahun berjalan.", None),
        Kpi("Penyerapan anggaran", _absorption(rows, now), _absorption(rows, before), "persen",
            "Realisasi anggaran ÷ pagu program tahun berjalan, sampai bulan terpilih.", True),
    ]


def _budget(program: pd.DataFrame, periode: str) -> float | None:
    rows = program[program["periode"] == periode]
    return float(rows["anggaran"].sum()) if len(rows) else None


def program_timeline(program: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """Per started programme of the year: first active month, the month it finished (or the period), and its class.

    `mulai`/`akhir` are 'YYYY-MM'; `akhir` is the month the programme became Selesai, else the selected period.
    Programmes not started by the period are left out.
    """
    rows = program_year(program, cfg, f)
    columns = ["kode_program", "nama_program", "mulai", "akhir", "selesai", "kelas", "capaian"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    history = {m: program_progress(rows, cfg, m).set_index("kode_program")
               for m in sorted(rows["periode"].unique())}
    now = history.get(f.periode)
    out = []
    for kode in ([] if now is None else now.index):
        classes = [(m, h.at[kode, "kelas"]) for m, h in history.items() if kode in h.index]
        active = [m for m, k in classes if k != KELAS_BELUM]
        if not active:
            continue
        done = [m for m, k in classes if k == KELAS_SELESAI]
        out.append({"kode_program": kode, "nama_program": now.at[kode, "nama_program"], "mulai": active[0],
                    "akhir": done[0] if done else f.periode, "selesai": bool(done),
                    "kelas": now.at[kode, "kelas"], "capaian": now.at[kode, "capaian"]})
    out = pd.DataFrame(out, columns=columns)
    rank = {k: i for i, k in enumerate(KELAS_URUTAN)}
    return out.sort_values(["kelas", "mulai", "kode_program"], key=lambda s: s.map(rank) if s.name == "kelas" else s,
                           ignore_index=True)


# SKA: not per district or klaster. Year-on-year = the same month a year earlier; margin = laba kotor ÷ omzet.
SKA_UKURAN = {"pengunjung": "Pengunjung", "produk_terjual": "Produk terjual", "omzet": "Omzet",
              "laba_kotor": "Laba kotor"}
SKA_UANG = ("omzet", "laba_kotor")  # SKA measures in rupiah
SKA_KARTU = ("pengunjung", "omzet", "laba_kotor")  # cards beside the margin (four fit a row at 1280×720)


def ska_units(ska: pd.DataFrame) -> list[str]:
    return sorted(ska["unit"].unique().tolist())


def ska_monthly(ska: pd.DataFrame, unit: str | None = None) -> pd.DataFrame:
    """Per month (summed over units, or one unit): the four measures and the margin (None when omzet is 0)."""
    rows = ska[ska["unit"] == unit] if unit else ska
    out = rows.groupby("periode", as_index=False)[list(SKA_UKURAN)].sum().sort_values("periode", ignore_index=True)
    out["margin"] = [margin(lk, o) for lk, o in zip(out["laba_kotor"], out["omzet"])]
    return out


def margin(laba_kotor, omzet) -> float | None:
    """Gross margin: laba kotor ÷ omzet."""
    return ratio(laba_kotor, omzet)


def _ska_value(monthly: pd.DataFrame, periode: str, col: str) -> float | None:
    row = monthly[monthly["periode"] == periode]
    if row.empty or pd.isna(row[col].iloc[0]):
        return None
    return float(row[col].iloc[0])


def ska_kpis(monthly: pd.DataFrame, periode: str) -> list[Kpi]:
    """The month's visitors, turnover, gross profit and margin (products sold are in the table and the chart), each
    against the same month a year earlier (year-on-year)."""
    year_ago = shift(periode, -12)
    kinds = {"pengunjung": "angka", "produk_terjual": "angka", "omzet": "rupiah", "laba_kotor": "rupiah"}
    helps = {"pengunjung": "Jumlah pengunjung pada bulan terpilih.",
             "produk_terjual": "Jumlah produk yang terjual pada bulan terpilih.",
             "omzet": "Nilai penjualan pada bulan terpilih.",
             "laba_kotor": "Omzet dikurangi harga pokok produk yang terjual."}
    out = [Kpi(label, _ska_value(monthly, periode, col), _ska_value(monthly, year_ago, col), kinds[col],
               helps[col] + " Perubahan: dibanding bulan yang sama tahun sebelumnya.", True)
           for col, label in SKA_UKURAN.items() if col in SKA_KARTU]
    out.append(Kpi("Margin laba kotor", _ska_value(monthly, periode, "margin"),
                   _ska_value(monthly, year_ago, "margin"), "persen",
                   "Laba kotor ÷ omzet. Perubahan dalam poin, dibanding bulan yang sama tahun sebelumnya.", True))
    return out


def ska_year_to_date(monthly: pd.DataFrame, periode: str) -> pd.DataFrame:
    """January to the period's month, this year against the same months a year earlier: one row per measure."""
    def span(p: str) -> pd.DataFrame:
        months = month_range(f"{p[:4]}-01", p)
        return monthly[monthly["periode"].isin(months)]

    last = shift(periode, -12)
    now, before = span(periode), span(last)
    label_now = f"{fmt.bulan_pendek(periode[:4] + '-01')} – {fmt.bulan_pendek(periode)}"
    label_before = f"{fmt.bulan_pendek(last[:4] + '-01')} – {fmt.bulan_pendek(last)}"
    rows = []
    for col, label in [*SKA_UKURAN.items(), ("margin", "Margin laba kotor")]:
        if col == "margin":
            a = margin(now["laba_kotor"].sum(), now["omzet"].sum()) if len(now) else None
            b = margin(before["laba_kotor"].sum(), before["omzet"].sum()) if len(before) else None
            text, change = fmt.persen, (fmt.ubah_poin(a - b) if a is not None and b is not None else None)
        else:
            a = float(now[col].sum()) if len(now) else None
            b = float(before[col].sum()) if len(before) else None
            text = fmt.rupiah if col in SKA_UANG else fmt.angka
            change = fmt.ubah_persen(ratio(a - b, b)) if a is not None and b is not None and b else None
        rows.append({"Ukuran": label, label_now: text(a), label_before: text(b),
                     "Perubahan": change or fmt.TIDAK_ADA_DATA})
    return pd.DataFrame(rows)


def ska_by_month_of_year(monthly: pd.DataFrame, periode: str, col: str) -> pd.DataFrame:
    """One measure by month of the year, for the period's year (up to the period) and the year before."""
    years = [str(int(periode[:4]) - 1), periode[:4]]
    rows = monthly[monthly["periode"].str[:4].isin(years) & (monthly["periode"] <= periode)]
    out = pd.DataFrame({"tahun": rows["periode"].str[:4], "bulan": rows["periode"].str[5:7].astype(int),
                        "nilai": rows[col].astype(float)})
    return out.reset_index(drop=True)


# Tindak lanjut. The LAST entry of the configuration's follow-up statuses means finished (see konfigurasi.toml).
# Overdue = the due date is before today and the status is not that last one.
TL_SELESAI = -1
TL_KOLOM_UBAH = ("status", "catatan")  # what the page lets people edit


def follow_up_done(cfg: Konfigurasi) -> str:
    return cfg.status_tindak_lanjut[TL_SELESAI]


def is_overdue(tenggat, status: str, cfg: Konfigurasi, today) -> bool:
    if tenggat is None or pd.isna(tenggat):
        return False
    return pd.Timestamp(tenggat).date() < today and status != follow_up_done(cfg)


def follow_ups(tl: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """Follow-ups of the selected districts plus those for all districts (blank district)."""
    return tl[tl["kode_wilayah"].isin(districts(cfg, f)) | (tl["kode_wilayah"].fillna("") == "")]


def meetings(tl: pd.DataFrame) -> list[str]:
    """Meetings, the latest first."""
    order = tl.groupby("rapat")["tanggal_rapat"].max().sort_values(ascending=False, kind="stable")
    return order.index.tolist()


def follow_up_kpis(tl: pd.DataFrame, cfg: Konfigurasi, f: Filter, today) -> list[Kpi]:
    rows = follow_ups(tl, cfg, f)
    done = int((rows["status"] == follow_up_done(cfg)).sum())
    late = sum(is_overdue(t, s, cfg, today) for t, s in zip(rows["tenggat"], rows["status"]))
    n = len(rows)
    value = (lambda x: x if n else None)
    return [
        Kpi("Tindak lanjut", value(n), None, "angka", "Semua tindak lanjut rapat untuk wilayah terpilih."),
        Kpi(follow_up_done(cfg), value(done), None, "angka", "Tindak lanjut yang sudah tuntas."),
        Kpi("Belum tuntas", value(n - done), None, "angka", "Tindak lanjut yang belum berstatus tuntas."),
        Kpi("Lewat tenggat", value(late), None, "angka",
            "Tenggat sudah lewat (sebelum hari ini) dan status belum tuntas."),
    ]


def follow_up_table(tl: pd.DataFrame, cfg: Konfigurasi, f: Filter, rapat: str, today) -> pd.DataFrame:
    """One meeting's follow-ups for the editor: read-only text columns, then the editable `status` and `catatan`.

    Overdue items first, then by due date. The index is the row's position in `tl` (used to save edits).
    """
    rows = follow_ups(tl, cfg, f)
    rows = rows[rows["rapat"] == rapat]
    late = [is_overdue(t, s, cfg, today) for t, s in zip(rows["tenggat"], rows["status"])]
    days = [(today - pd.Timestamp(t).date()).days if x else None for t, x in zip(rows["tenggat"], late)]
    out = pd.DataFrame({
        "Wilayah": [cfg.wilayah.at[k, "nama_pendek"] if k in cfg.wilayah.index else "semua wilayah"
                    for k in rows["kode_wilayah"].fillna("")],
        "Uraian": rows["uraian"],
        "Penanggung jawab": rows["penanggung_jawab"],
        "Tenggat": [_short_date(t) for t in rows["tenggat"]],
        "Lewat tenggat": [f"{fmt.angka(d)} hari" if d is not None else "" for d in days],
        "status": rows["status"],
        "catatan": [_blank(c) for c in rows["catatan"]],
    }, index=rows.index)
    out["_telat"] = late
    out["_tenggat"] = rows["tenggat"]
    out = out.sort_values(["_telat", "_tenggat"], ascending=[False, True], kind="stable")
    return out.drop(columns=["_telat", "_tenggat"])


def _short_date(d) -> str:
    """'30 Sep 2025' (fits a narrow column)."""
    if d is None or pd.isna(d):
        return fmt.TIDAK_ADA_DATA
    d = pd.Timestamp(d)
    return f"{d.day} {fmt.BULAN_PENDEK[d.month - 1]} {d.year}"


def _blank(x) -> str:
    return "" if x is None or (not isinstance(x, str) and pd.isna(x)) else str(x).strip()


def follow_up_changes(tl: pd.DataFrame, edited: pd.DataFrame, cfg: Konfigurasi) -> pd.DataFrame:
    """The follow-ups whose status or note the editor changed, as canonical `tindak_lanjut` rows (new values).

    `edited` is the editor's output (index = position in `tl`). Only changed rows are returned: the batch holds
    exactly what was edited. Unknown statuses raise a UserError.
    """
    from lib.errors import UserError

    allowed = set(cfg.status_tindak_lanjut)
    changed = []
    for i, row in edited.iterrows():
        old = tl.loc[i]
        status, note = _blank(row["status"]), _blank(row["catatan"])
        if status not in allowed:
            raise UserError("Status tidak dikenal", f"'{status}' bukan status tindak lanjut. Pilihan: "
                            f"{', '.join(cfg.status_tindak_lanjut)}.")
        if status != _blank(old["status"]) or note != _blank(old["catatan"]):
            changed.append({**old.to_dict(), "status": status, "catatan": note or None})
    out = pd.DataFrame(changed, columns=tl.columns)
    for c in ("tanggal_rapat", "tenggat"):
        out[c] = pd.to_datetime(out[c]).dt.date
    out["catatan"] = out["catatan"].astype(object).where(out["catatan"].notna(), None)
    return out


# Klaster (drill-down), Bandingkan Wilayah (compare), Profil Wilayah (district profile) ---------------------------

# The drill path: klaster → PAS group → district → services. Level 0 lists klaster, 1 the groups of a klaster,
# 2 the districts for a group, 3 the services of a group in a district. The klaster and district of the path are the
# shared sidebar filters; a chosen district skips level 2.
DRILL_BY = ("klaster", "kategori_pas", "kode_wilayah", None)


def drill_level(f: Filter, kategori: str | None) -> int:
    if not f.klaster:
        return 0
    if not kategori:
        return 1
    return 3 if f.wilayah else 2


def pas_breakdown(pas: pd.DataFrame, cfg: Konfigurasi, f: Filter, by: str, kategori: str | None = None
                  ) -> pd.DataFrame:
    """For the selected period, one row per klaster, PAS group or district (`by`) of the filters' scope:
    terdata, dilayani, cakupan, share of all terdata (`bagian`) and rank by terdata (1 = most).

    Every item of the level is listed; one without data has NA figures, no rank, and comes last.
    """
    rows = filter_pas(pas, cfg, f)
    if kategori:
        rows = rows[rows["kategori_pas"] == kategori]
    rows = rows[rows["periode"] == f.periode]
    if by == "klaster":
        rows = rows.assign(klaster=rows["kategori_pas"].map(cfg.klaster_kategori()))
        items = [(k.kode, k.pendek) for k in cfg.klaster if not f.klaster or k.kode == f.klaster]
    elif by == "kategori_pas":
        kats = categories(cfg, f)
        items = [(k.kode, k.pendek) for k in cfg.kategori if k.kode in kats and (not kategori or k.kode == kategori)]
    else:
        items = [(k, cfg.wilayah.at[k, "nama_pendek"]) for k in districts(cfg, f)]
    sums = rows.groupby(by)[["terdata", "dilayani"]].sum()
    out = pd.DataFrame(items, columns=["kode", "nama"])
    for col in ("terdata", "dilayani"):
        out[col] = pd.Series([float(sums.at[k, col]) if k in sums.index else None for k in out["kode"]],
                             dtype="float64")
    total = out["terdata"].sum() if out["terdata"].notna().any() else None
    out["cakupan"] = [coverage_rate(d, t) for d, t in zip(out["dilayani"], out["terdata"])]
    out["bagian"] = [ratio(t, total) for t in out["terdata"]]
    out = out.sort_values("terdata", ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    out["peringkat"] = out["terdata"].rank(ascending=False, method="min").astype("Int64")
    return out


def breakdown_rows(table: pd.DataFrame, judul: str) -> pd.DataFrame:
    """pas_breakdown as people read it: rank, name, counts, share and coverage as text."""
    return pd.DataFrame({
        "Peringkat": [str(int(p)) if pd.notna(p) else "–" for p in table["peringkat"]],
        judul: table["nama"],
        "Terdata": table["terdata"].map(fmt.angka),
        "Dilayani": table["dilayani"].map(fmt.angka),
        "Cakupan layanan": table["cakupan"].map(fmt.persen),
        "Bagian dari terdata": table["bagian"].map(fmt.persen),
    })


def drill_trend(pas: pd.DataFrame, cfg: Konfigurasi, f: Filter, kategori: str | None = None) -> pd.DataFrame:
    """pas_trend for the drill path's scope (filters plus an optional PAS group)."""
    return pas_trend(pas[pas["kategori_pas"] == kategori] if kategori else pas, cfg, f)


def service_breakdown(layanan: pd.DataFrame, cfg: Konfigurasi, kodes: list[str], kategoris: list[str],
                      periode: str) -> pd.DataFrame:
    """Penerima per ATENSI service kind × approach in the period, kinds ranked by their total.

    Empty when the scope reported no services that month (missing, not zero). When it did, a kind or approach
    it did not report delivered nothing (0): the report lists what was given.
    """
    rows = layanan[(layanan["periode"] == periode) & layanan["kode_wilayah"].isin(kodes)
                   & layanan["kategori_pas"].isin(kategoris)]
    cols = ["jenis_layanan", "nama_jenis", "pendekatan", "nama_pendekatan", "penerima", "jumlah_jenis"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    sums = rows.groupby(["jenis_layanan", "pendekatan"])["penerima"].sum()
    grid = pd.MultiIndex.from_product([[j.kode for j in cfg.jenis_layanan], [p.kode for p in cfg.pendekatan]],
                                      names=["jenis_layanan", "pendekatan"])
    out = sums.reindex(grid, fill_value=0).astype(float).reset_index()
    out["nama_jenis"] = [cfg.label("jenis_layanan", k) for k in out["jenis_layanan"]]
    out["nama_pendekatan"] = [cfg.label("pendekatan", k) for k in out["pendekatan"]]
    out["jumlah_jenis"] = out.groupby("jenis_layanan")["penerima"].transform("sum")
    order = out.groupby("jenis_layanan", sort=False)["penerima"].sum().sort_values(ascending=False, kind="stable")
    out["urut"] = out["jenis_layanan"].map({k: i for i, k in enumerate(order.index)})
    return out.sort_values(["urut"], kind="stable").drop(columns="urut").reset_index(drop=True)[cols]


def service_rows(long: pd.DataFrame, cfg: Konfigurasi) -> pd.DataFrame:
    """service_breakdown as a table: one row per service kind, one column per approach, and the total."""
    if long.empty:
        return pd.DataFrame({"Jenis layanan": [fmt.TIDAK_ADA_DATA]})
    wide = long.pivot_table(index="nama_jenis", columns="nama_pendekatan", values="penerima", aggfunc="sum",
                            sort=False)
    wide = wide[[p.nama for p in cfg.pendekatan]]
    wide["Jumlah"] = wide.sum(axis=1)
    wide = wide.sort_values("Jumlah", ascending=False, kind="stable")
    out = wide.map(fmt.angka).reset_index().rename(columns={"nama_jenis": "Jenis layanan"})
    out.columns.name = None
    return out


# Compare: the same figures for any set of districts, so a district, the coverage and a province read alike.

def area_values(data: dict[str, pd.DataFrame], cfg: Konfigurasi, klaster: str | None, periode: str,
                kodes: list[str]) -> dict[str, float | None]:
    """The figures of a set of districts in one period, with the klaster filter.

    Counts (terdata, dilayani) are per district (the mean over districts that reported; for one district, its
    count); rates are pooled: cakupan = Σ dilayani ÷ Σ terdata, per 10.000 = Σ terdata ÷ Σ penduduk × 10.000 (over
    districts with both), penyerapan = Σ realisasi anggaran ÷ Σ anggaran; capaian program = the mean achievement
    of the programme rows (as the map defines it for one district). Missing stays None.
    """
    f = Filter(periode=periode, klaster=klaster)
    pas = data["pas"]
    pas = filter_pas(pas[pas["periode"] == periode], cfg, f)  # the month first: far fewer rows
    pas = pas[pas["kode_wilayah"].isin(kodes)]
    per = pas.groupby("kode_wilayah")[["terdata", "dilayani"]].sum()
    n = len(per)
    year_pops = populations(data["penduduk"], int(periode[:4]))
    pops = {k: year_pops.get(k) for k in per.index}
    known = [k for k in per.index if pops[k] is not None]
    pop = sum(pops[k] for k in known) if known else None
    prog = filter_program(data["program"], cfg, f)
    prog = prog[(prog["periode"] == periode) & prog["kode_wilayah"].isin(kodes)]
    done = [x for x in (achievement(r, t) for r, t in zip(prog["realisasi"], prog["target"])) if x is not None]
    return {
        "terdata": float(per["terdata"].sum()) / n if n else None,
        "dilayani": float(per["dilayani"].sum()) / n if n else None,
        "cakupan": coverage_rate(per["dilayani"].sum(), per["terdata"].sum()) if n else None,
        "per10rb": per_10k(per.loc[known, "terdata"].sum(), pop) if known else None,
        "dilayani_per10rb": per_10k(per.loc[known, "dilayani"].sum(), pop) if known else None,
        "capaian": sum(done) / len(done) if done else None,
        "serapan": absorption(prog["realisasi_anggaran"].sum(), prog["anggaran"].sum()) if len(prog) else None,
    }


def province_name(cfg: Konfigurasi, kode_provinsi: str) -> str:
    return cfg.wilayah.loc[cfg.wilayah["kode_provinsi"] == kode_provinsi, "provinsi"].iloc[0]


def compare_table(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kodes: list[str]) -> pd.DataFrame:
    """One row per picked district, then the coverage average and the average of each picked district's province.

    Columns: kode (district code, or '' for a reference row), nama, jenis ('wilayah' | 'rata-rata'), the figures
    of area_values for the period, and each figure's value in the previous period (suffix `_lalu`).
    """
    w = cfg.wilayah
    groups = [(k, w.at[k, "nama_pendek"], "wilayah", [k]) for k in kodes]
    groups.append(("", "Rata-rata wilayah jangkauan", "rata-rata", cfg.kode_wilayah))
    for prov in dict.fromkeys(w.at[k, "kode_provinsi"] for k in kodes):
        members = list(w.index[w["kode_provinsi"] == prov])
        groups.append(("", f"Rata-rata Provinsi {province_name(cfg, prov)}", "rata-rata", members))
    before = previous(f.periode)
    rows = []
    for kode, nama, jenis, members in groups:
        now = area_values(data, cfg, f.klaster, f.periode, members)
        lalu = area_values(data, cfg, f.klaster, before, members)
        rows.append({"kode": kode, "nama": nama, "jenis": jenis, **now, **{f"{k}_lalu": v for k, v in lalu.items()}})
    return pd.DataFrame(rows)


def compare_rows(table: pd.DataFrame, singkatan: str, per10rb: bool) -> pd.DataFrame:
    """compare_table as text, absolute counts (per district; averages per district) or per 10.000 penduduk."""
    t, d = ("per10rb", "dilayani_per10rb") if per10rb else ("terdata", "dilayani")
    suffix = " per 10.000 penduduk" if per10rb else ""
    count = (lambda x: fmt.angka(x, 1)) if per10rb else fmt.angka
    return pd.DataFrame({
        "Wilayah": table["nama"],
        f"{singkatan} terdata{suffix}": table[t].map(count),
        f"{singkatan} dilayani{suffix}": table[d].map(count),
        "Cakupan layanan": table["cakupan"].map(fmt.persen),
        "Cakupan, perubahan": [fmt.ubah_poin(a - b) if pd.notna(a) and pd.notna(b) else fmt.TIDAK_ADA_DATA
                              for a, b in zip(table["cakupan"], table["cakupan_lalu"])],
        "Capaian program": table["capaian"].map(fmt.persen),
        "Penyerapan": table["serapan"].map(fmt.persen),
    })


SAMA_POIN = 0.0005  # a difference under 0,05 point (or 0,05%) reads "sama dengan"


def _versus(value, reference, points: bool) -> str:
    """'6,1 poin di bawah' / '12,0% di atas' / 'sama dengan' the reference."""
    diff = value - reference if points else ratio(value - reference, reference)
    if diff is None or abs(diff) < SAMA_POIN:
        return "sama dengan"
    size = f"{fmt.angka(abs(diff) * 100, 1)} poin" if points else fmt.persen(abs(diff))
    return f"{size} {'di atas' if diff > 0 else 'di bawah'}"


def compare_statements(table: pd.DataFrame, singkatan: str) -> list[str]:
    """Per picked district, its coverage, PAS per 10.000 and programme achievement against the coverage average,
    in words: 'Kab. X: cakupan 58,2%, 6,1 poin di bawah rata-rata wilayah jangkauan (64,3%); …'."""
    ref = table[table["jenis"] == "rata-rata"].iloc[0]
    out = []
    for _, r in table[table["jenis"] == "wilayah"].iterrows():
        parts = []
        for col, label, points, text in (
            ("cakupan", "cakupan", True, fmt.persen),
            ("per10rb", f"{singkatan} per 10.000 penduduk", False, lambda x: fmt.angka(x, 1)),
            ("capaian", "capaian program", True, fmt.persen),
        ):
            if pd.isna(r[col]):
                parts.append(f"{label} {fmt.TIDAK_ADA_DATA}")
            elif pd.isna(ref[col]):
                parts.append(f"{label} {text(r[col])}")
            else:
                parts.append(f"{label} {text(r[col])}, {_versus(r[col], ref[col], points)} rata-rata wilayah "
                             f"jangkauan ({text(ref[col])})")
        out.append(f"{r['nama']}: " + "; ".join(parts) + ".")
    return out


def compare_trend(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kodes: list[str],
                  per10rb: bool) -> pd.DataFrame:
    """Long table for small multiples: periode, kode, nama, ukuran ('Terdata' | 'Dilayani'), nilai, teks.

    Per 10.000 penduduk uses each year's population (latest up to that year, else the nearest); a district
    without population has no per-10.000 values.
    """
    rows = filter_pas(data["pas"], cfg, Filter(periode=f.periode, klaster=f.klaster))
    rows = rows[rows["kode_wilayah"].isin(kodes)]
    out = rows.groupby(["kode_wilayah", "periode"], as_index=False)[["terdata", "dilayani"]].sum()
    out[["terdata", "dilayani"]] = out[["terdata", "dilayani"]].astype(float)
    if per10rb:
        by_year = {y: populations(data["penduduk"], y) for y in {int(p[:4]) for p in out["periode"]}}
        pops = {(k, y): by_year[y].get(k) for k in kodes for y in by_year}
        pop = [pops[(k, int(p[:4]))] for k, p in zip(out["kode_wilayah"], out["periode"])]
        for col in ("terdata", "dilayani"):
            out[col] = [per_10k(x, n) for x, n in zip(out[col], pop)]
    long = out.melt(id_vars=["kode_wilayah", "periode"], value_vars=["terdata", "dilayani"], var_name="ukuran",
                    value_name="nilai")
    long["ukuran"] = long["ukuran"].map({"terdata": "Terdata", "dilayani": "Dilayani"})
    long["nama"] = long["kode_wilayah"].map(cfg.wilayah["nama_pendek"])
    long["teks"] = [fmt.angka(x, 1 if per10rb else 0) for x in long["nilai"]]
    long["nama"] = pd.Categorical(long["nama"], [cfg.wilayah.at[k, "nama_pendek"] for k in kodes])
    return long.sort_values(["nama", "ukuran", "periode"]).reset_index(drop=True)


# Profile: one district, everything at once.

def pas_per_worker(terdata, pekerja) -> float | None:
    """PAS recorded per social worker (the configuration's SDM kinds flagged pekerja_sosial)."""
    return ratio(terdata, pekerja)


def social_workers(sdm: pd.DataFrame, cfg: Konfigurasi, kodes: list[str], year: int) -> float | None:
    """Social workers of the districts: per district, the latest year up to `year` (else the earliest after)."""
    kinds = [j.kode for j in cfg.jenis_sdm if j.pekerja_sosial]
    rows = sdm[sdm["kode_wilayah"].isin(kodes) & sdm["jenis_sdm"].isin(kinds)]
    if rows.empty or rows["kode_wilayah"].nunique() < len(kodes):
        return None
    per_year = rows.groupby(["kode_wilayah", "tahun"], as_index=False)["jumlah"].sum()
    # Per district the year closest to `year` from below, else from above (as populations() chooses).
    ranked = per_year.assign(_after=per_year["tahun"] > year, _gap=(per_year["tahun"] - year).abs())
    return float(ranked.sort_values(["_after", "_gap"]).drop_duplicates("kode_wilayah")["jumlah"].sum())


def worker_ratio(data: dict[str, pd.DataFrame], cfg: Konfigurasi, klaster: str | None, periode: str,
                 kodes: list[str]) -> float | None:
    """Σ PAS terdata ÷ Σ social workers of the districts in the period (None unless every district has both)."""
    pas = data["pas"]
    pas = filter_pas(pas[pas["periode"] == periode], cfg, Filter(periode=periode, klaster=klaster))
    pas = pas[pas["kode_wilayah"].isin(kodes)]
    if pas["kode_wilayah"].nunique() < len(kodes):
        return None
    return pas_per_worker(pas["terdata"].sum(), social_workers(data["sdm"], cfg, kodes, int(periode[:4])))


def worker_kpi(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kode: str) -> Kpi:
    """'PAS per pekerja sosial' of a district, this period and the one before."""
    now, before = (worker_ratio(data, cfg, f.klaster, p, [kode]) for p in (f.periode, previous(f.periode)))
    names = ", ".join(j.nama for j in cfg.jenis_sdm if j.pekerja_sosial)
    return Kpi(f"{cfg.kategori_singkatan} per pekerja sosial", now, before, "per10rb",
               f"{cfg.kategori_singkatan} terdata ÷ jumlah {names} (data SDM tahun terdekat yang tersedia).", False)


def profile_kpis(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kode: str) -> list[Kpi]:
    """The profile's eight cards: the map's six district measures, PAS per social worker and the coverage rank."""
    measures = district_measures(data, cfg, f)
    cards = district_kpis(measures, cfg, kode) + [worker_kpi(data, cfg, f, kode)]
    cakupan = next(u for u in map_measures(cfg) if u.kode == "cakupan")
    now, before = (district_ranking({"kini": measures[t], "lalu": measures[t]}, cfg, cakupan).set_index(
        "kode_wilayah") for t in ("kini", "lalu"))
    rank = now.at[kode, "peringkat"]
    rank_before = before.at[kode, "peringkat"]
    cards.append(Kpi("Peringkat cakupan", None if pd.isna(rank) else int(rank),
                     None if pd.isna(rank_before) else int(rank_before), "program",
                     "Urutan cakupan layanan di antara kabupaten/kota wilayah jangkauan (1 = tertinggi); "
                     "angka kecil: perubahan peringkat (naik = turun peringkat).", False, total=int(now.at[kode, "n"])))
    return cards


def profile_header(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> str:
    """'Profil Wilayah · Provinsi … · penduduk 123.456 (2025) · Desember 2025 · semua klaster' for f.wilayah."""
    kode, year = f.wilayah, int(f.periode[:4])
    rows = data["penduduk"][data["penduduk"]["kode_wilayah"] == kode]
    pop = population(data["penduduk"], [kode], year)
    if pop is None:
        pop_text = f"penduduk {fmt.TIDAK_ADA_DATA}"
    else:
        before = rows.loc[rows["tahun"] <= year, "tahun"]
        pop_text = f"penduduk {fmt.angka(pop)} ({int(before.max() if len(before) else rows['tahun'].min())})"
    klaster = cfg.label("klaster", f.klaster) if f.klaster else "semua klaster"
    return (f"Profil Wilayah · Provinsi {cfg.wilayah.at[kode, 'provinsi']} · {pop_text} · {fmt.bulan(f.periode)} · "
            f"{klaster}")


def sdm_rows(sdm: pd.DataFrame, cfg: Konfigurasi, kode: str, year: int) -> pd.DataFrame:
    """The district's SDM per kind: the latest year up to `year` (else the earliest after); missing = no data."""
    rows = sdm[sdm["kode_wilayah"] == kode]
    years = rows["tahun"]
    pick = (years[years <= year].max() if (years <= year).any() else years.min()) if len(rows) else None
    now = rows[rows["tahun"] == pick].set_index("jenis_sdm")["jumlah"]
    return pd.DataFrame({
        "Jenis SDM": [j.nama for j in cfg.jenis_sdm],
        "Jumlah": [fmt.angka(now.get(j.kode)) for j in cfg.jenis_sdm],
        "Tahun data": [str(int(pick)) if j.kode in now.index else "–" for j in cfg.jenis_sdm],
    })


def open_follow_ups(tl: pd.DataFrame, cfg: Konfigurasi, kode: str, today) -> pd.DataFrame:
    """Follow-ups for the district (or for all districts) not yet done, overdue first, then by due date."""
    rows = follow_ups(tl, cfg, Filter(periode="", wilayah=kode))
    rows = rows[rows["status"] != follow_up_done(cfg)]
    late = [(today - pd.Timestamp(t).date()).days if is_overdue(t, s, cfg, today) else 0
            for t, s in zip(rows["tenggat"], rows["status"])]
    rows = rows.assign(_late=late).sort_values(["_late", "tenggat"], ascending=[False, True], kind="stable")
    return pd.DataFrame({  # what to do and by when first: the table is read on a narrow column
        "Uraian": rows["uraian"],
        "Tenggat": [fmt.tanggal(pd.Timestamp(t).date()) if pd.notna(t) else fmt.TIDAK_ADA_DATA
                    for t in rows["tenggat"]],
        "Keterangan": [f"lewat tenggat {fmt.angka(n)} hari" if n else "" for n in rows["_late"]],
        "Status": rows["status"],
        "Penanggung jawab": rows["penanggung_jawab"],
        "Untuk": ["semua wilayah" if not k else cfg.nama_wilayah(k) for k in rows["kode_wilayah"].fillna("")],
        "Rapat": rows["rapat"],
    })


def category_rows(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kode: str) -> pd.DataFrame:
    """The district's PAS groups (ranked), with the coverage's cakupan for the same group beside its own."""
    mine = pas_breakdown(data["pas"], cfg, Filter(periode=f.periode, klaster=f.klaster, wilayah=kode),
                         "kategori_pas")
    area = pas_breakdown(data["pas"], cfg, Filter(periode=f.periode, klaster=f.klaster), "kategori_pas")
    area = area.set_index("kode")["cakupan"]
    out = breakdown_rows(mine, cfg.kategori_judul).drop(columns="Peringkat")
    out["Cakupan wilayah jangkauan"] = [fmt.persen(area.get(k)) for k in mine["kode"]]
    return out


def district_profile(measures: dict[str, pd.DataFrame], cfg: Konfigurasi, kode: str) -> pd.DataFrame:
    """One district's key figures as a table: each measure, its value, change against the previous period, rank."""
    rows = []
    for u, k in zip(map_measures(cfg), district_kpis(measures, cfg, kode)):
        rank = district_ranking(measures, cfg, u).set_index("kode_wilayah")
        r, n = rank.at[kode, "peringkat"], rank.at[kode, "n"]
        rows.append({"Ukuran": u.label, "Nilai": k.text, "Ubah": k.change_text or fmt.TIDAK_ADA_DATA,
                     "Peringkat": f"{int(r)}/{n}" if pd.notna(r) else "–"})
    return pd.DataFrame(rows)


def program_class_counts(program: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> dict[str, int]:
    """How many programmes are in each schedule class (most urgent first) for the filters."""
    prog = program_progress(program_year(program, cfg, f), cfg, f.periode)
    counts = prog["kelas"].value_counts()
    return {k: int(counts.get(k, 0)) for k in KELAS_URUTAN}


def program_status_legend(cfg: Konfigurasi) -> str:
    """The schedule classes and their thresholds, in words (shown under the table, not in a tooltip)."""
    status = cfg.status_program
    return (f"**Status jadwal.** Jadwal: target dicapai merata dari bulan mulai sampai Desember (tahun anggaran). "
            f"**{KELAS_SESUAI}**: capaian tertinggal paling banyak {ON_TRACK_GAP * 100:.0f} poin dari jadwal · "
            f"**{KELAS_BERISIKO}**: tertinggal {ON_TRACK_GAP * 100:.0f}–{AT_RISK_GAP * 100:.0f} poin · "
            f"**{KELAS_TERLAMBAT}**: tertinggal lebih dari {AT_RISK_GAP * 100:.0f} poin · "
            f"**{KELAS_KENDALA}**: dilaporkan berstatus {status[STATUS_KENDALA]} · "
            f"**{KELAS_SELESAI}**: berstatus {status[STATUS_SELESAI]} atau target tercapai · "
            f"**{KELAS_TANPA_TARGET}**: target 0, capaian tidak dapat dihitung. "
            "Selisih jadwal = capaian − jadwal, dalam poin persentase. Penyerapan = realisasi anggaran ÷ pagu.")


def meeting_title(tl: pd.DataFrame, rapat: str) -> str:
    """'Rakernis 2025 · 12 Juni 2025 · 6 tindak lanjut'."""
    rows = tl[tl["rapat"] == rapat]
    when = rows["tanggal_rapat"].max()
    day = fmt.tanggal(pd.Timestamp(when).date()) if pd.notna(when) else fmt.TIDAK_ADA_DATA
    return f"{rapat} · {day} · {fmt.angka(len(rows))} tindak lanjut"


def drill_options(table: pd.DataFrame) -> dict[str, str]:
    """The items of a pas_breakdown one can drill into (those with data), ranked: {kode: nama}."""
    rows = table[table["terdata"].notna()]
    return dict(zip(rows["kode"], rows["nama"]))


def compare_defaults(cfg: Konfigurasi, f: Filter, n: int = 3) -> list[str]:
    """Districts compared when the URL names none: the sidebar's district and its province's first others, else
    the first districts of the filters' scope."""
    if f.wilayah:
        prov = cfg.wilayah.at[f.wilayah, "kode_provinsi"]
        others = [k for k in districts(cfg, Filter(periode=f.periode, provinsi=prov)) if k != f.wilayah]
        return [f.wilayah] + others[:n - 1]
    return districts(cfg, f)[:n]


def compare_kpis(table: pd.DataFrame, ukuran: Ukuran) -> list[Kpi]:
    """One card per compared district for a measure: its value, and its change since the previous month."""
    rows = table[table["jenis"] == "wilayah"]
    return [Kpi(r["nama"], _num(r[ukuran.kode]), _num(r[f"{ukuran.kode}_lalu"]), ukuran.jenis, "",
                ukuran.naik_baik) for _, r in rows.iterrows()]


def coverage_average(table: pd.DataFrame, ukuran: Ukuran) -> float | None:
    """The coverage-average row's value of a measure in a compare_table."""
    return _num(table.loc[table["jenis"] == "rata-rata", ukuran.kode].iloc[0])


def overdue_text(table: pd.DataFrame) -> str | None:
    """The overdue items of a follow-up table (from follow_up_table) in full, as a Markdown list; None if none."""
    late = table[table["Lewat tenggat"] != ""]
    if late.empty:
        return None
    lines = [f"- {u} — **{p}**, tenggat {t} (lewat {d})"
             for u, p, t, d in zip(late["Uraian"], late["Penanggung jawab"], late["Tenggat"], late["Lewat tenggat"])]
    return f"**{fmt.angka(len(late))} tindak lanjut lewat tenggat**\n" + "\n".join(lines)
