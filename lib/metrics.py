"""The figures the meeting looks at, computed from the current values of the store for a set of filters.

Missing data stays missing (None), never zero: a page shows "tidak ada data" for it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi
from lib.periode import month_range, previous

# Programme schedule classes. The budget year is the calendar year (APBN): a programme that started in month s
# is expected to reach its target by December, linearly. Gap = expected − achieved, in percentage points.
ON_TRACK_GAP = 0.10  # up to 10 points behind: sesuai jadwal
AT_RISK_GAP = 0.25  # up to 25 points behind: berisiko; more: terlambat
KELAS_SELESAI, KELAS_SESUAI, KELAS_BERISIKO, KELAS_TERLAMBAT, KELAS_KENDALA, KELAS_BELUM = (
    "Selesai", "Sesuai jadwal", "Berisiko", "Terlambat", "Terkendala", "Belum mulai")
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


def population(penduduk: pd.DataFrame, kodes: list[str], year: int) -> float | None:
    """Population of the districts for a year: the latest figure up to that year, else the earliest after it."""
    rows = penduduk[penduduk["kode_wilayah"].isin(kodes)]
    if rows.empty:
        return None
    total = 0.0
    for _, grp in rows.groupby("kode_wilayah"):
        before = grp[grp["tahun"] <= year]
        pick = before.loc[before["tahun"].idxmax()] if len(before) else grp.loc[grp["tahun"].idxmin()]
        total += float(pick["jumlah"])
    return total if rows["kode_wilayah"].nunique() == len(kodes) else None


def program_progress(program: pd.DataFrame, cfg: Konfigurasi, periode: str) -> pd.DataFrame:
    """One row per programme as of `periode`: target, realisasi, budget, achievement, expected, class."""
    status = cfg.status_program
    rows = program[program["periode"].str[:4] == periode[:4]]
    started = rows[(rows["status"] != status[STATUS_BELUM]) | (rows["realisasi"] > 0)]
    start = started.groupby("kode_program")["periode"].min()
    now = rows[rows["periode"] == periode]
    if now.empty:
        return pd.DataFrame(columns=["kode_program", "nama_program", "klaster", "target", "realisasi", "anggaran",
                                     "realisasi_anggaran", "capaian", "harapan", "kelas"])
    agg = now.groupby("kode_program").agg(
        nama_program=("nama_program", "first"), klaster=("klaster", "first"), target=("target", "sum"),
        realisasi=("realisasi", "sum"), anggaran=("anggaran", "sum"),
        realisasi_anggaran=("realisasi_anggaran", "sum"),
        kendala=("status", lambda s: (s == status[STATUS_KENDALA]).any()),
        selesai=("status", lambda s: (s == status[STATUS_SELESAI]).all()),
    ).reset_index()
    month = int(periode[5:7])
    agg["capaian"] = [achievement(r, t) for r, t in zip(agg["realisasi"], agg["target"])]
    harapan, kelas = [], []
    for _, r in agg.iterrows():
        s = start.get(r["kode_program"])
        if s is None or s > periode:
            harapan.append(None)
            kelas.append(KELAS_BELUM)
            continue
        first = int(s[5:7])
        expected = (month - first + 1) / (12 - first + 1)
        harapan.append(expected)
        done = r["capaian"] or 0.0
        if r["selesai"] or done >= 1.0:
            kelas.append(KELAS_SELESAI)
        elif r["kendala"]:
            kelas.append(KELAS_KENDALA)
        elif expected - done <= ON_TRACK_GAP:
            kelas.append(KELAS_SESUAI)
        elif expected - done <= AT_RISK_GAP:
            kelas.append(KELAS_BERISIKO)
        else:
            kelas.append(KELAS_TERLAMBAT)
    agg["harapan"] = harapan
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
    pas = filter_pas(data["pas"], cfg, everywhere)
    pas = pas[pas["periode"] == periode]
    if kategori:
        pas = pas[pas["kategori_pas"] == kategori]
    sums = pas.groupby("kode_wilayah")[["terdata", "dilayani"]].sum()
    prog = filter_program(data["program"], cfg, everywhere)
    prog = prog[prog["periode"] == periode]
    rows = []
    for kode in kodes:
        terdata = float(sums.at[kode, "terdata"]) if kode in sums.index else None
        dilayani = float(sums.at[kode, "dilayani"]) if kode in sums.index else None
        p = prog[prog["kode_wilayah"] == kode]
        done = [achievement(r, t) for r, t in zip(p["realisasi"], p["target"])]
        done = [x for x in done if x is not None]
        rows.append({
            "kode_wilayah": kode,
            "terdata": terdata,
            "dilayani": dilayani,
            "cakupan": coverage_rate(dilayani, terdata),
            "per10rb": per_10k(terdata, population(data["penduduk"], [kode], int(periode[:4]))),
            "capaian": sum(done) / len(done) if done else None,
            "serapan": absorption(p["realisasi_anggaran"].sum(), p["anggaran"].sum()) if len(p) else None,
        })
    return pd.DataFrame(rows).set_index("kode_wilayah")


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
