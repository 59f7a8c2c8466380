"""The cards as the code computed them before they were indicators (lib/present/kpi.py, program_tables.py,
tables.py and lib/figures/areas.py at 8df8e12), verbatim but for the names: the reference that
tests/unit/test_indicator_cards.py holds the indicator cards to. Values only: (label, value, previous, trend)."""

from __future__ import annotations

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi, module_on
from lib.figures.areas import district_measures, map_measures
from lib.figures.filters import (
    Filter,
    absorption,
    coverage_rate,
    districts,
    filter_pas,
    filter_program,
    per_10k,
    ratio,
)
from lib.figures.pas import pas_totals, pas_trend, population, populations
from lib.figures.program import program_counts
from lib.periode import previous, shift

Card = tuple[str, float | None, float | None, list[float]]


def budget_absorption(program: pd.DataFrame, periode: str) -> float | None:
    rows = program[program["periode"] == periode]
    return absorption(rows["realisasi_anggaran"].sum(), rows["anggaran"].sum()) if len(rows) else None


def budget_total(program: pd.DataFrame, periode: str) -> float | None:
    rows = program[program["periode"] == periode]
    return float(rows["anggaran"].sum()) if len(rows) else None


def ska_omzet(ska: pd.DataFrame, periode: str) -> float | None:
    rows = ska[ska["periode"] == periode]
    return float(rows["omzet"].sum()) if len(rows) else None


def overview(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> list[Card]:
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
    s = cfg.kategori_singkatan
    cards: list[tuple[Card, str | None]] = [
        ((f"{s} terdata", t_now, t_before, list(trend["terdata"])), None),
        ((f"{s} dilayani", d_now, d_before, list(trend["dilayani"])), None),
        (
            (
                "Cakupan layanan",
                coverage_rate(d_now, t_now),
                coverage_rate(d_before, t_before),
                [x for x in trend["cakupan"] if x is not None],
            ),
            None,
        ),  # fmt: skip
        ((f"{s} per 10rb penduduk", per_10k(t_now, pop_now), per_10k(t_before, pop_before), []), None),
        (("Program sesuai jadwal", on_now, on_before, []), "program"),
        (("Program terlambat", late_now, late_before, []), "program"),
        (("Penyerapan anggaran", budget_absorption(program, now), budget_absorption(program, before), []), "program"),
        (("Omzet SKA", ska_omzet(data["ska"], now), ska_omzet(data["ska"], before), []), "ska"),
    ]
    return [c for c, m in cards if m is None or module_on(cfg, m)]


def program(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> list[Card]:
    now, before = f.periode, previous(f.periode)
    rows = filter_program(data["program"], cfg, f)
    on_now, late_now, n_now = program_counts(rows, cfg, now)
    on_before, late_before, _ = program_counts(rows, cfg, before)
    return [
        ("Program sesuai jadwal", on_now, on_before, []),
        ("Program terlambat", late_now, late_before, []),
        ("Pagu anggaran", budget_total(rows, now), None, []),
        ("Penyerapan anggaran", budget_absorption(rows, now), budget_absorption(rows, before), []),
    ]


def ska(data: dict[str, pd.DataFrame], unit: str | None, periode: str) -> list[Card]:
    rows = data["ska"][data["ska"]["unit"] == unit] if unit else data["ska"]
    cols = ["pengunjung", "produk_terjual", "omzet", "laba_kotor"]
    monthly = rows.groupby("periode", as_index=False)[cols].sum().sort_values("periode", ignore_index=True)
    monthly["margin"] = [ratio(lk, o) for lk, o in zip(monthly["laba_kotor"], monthly["omzet"])]

    def value(p: str, col: str) -> float | None:
        row = monthly[monthly["periode"] == p]
        return None if row.empty or pd.isna(row[col].iloc[0]) else float(row[col].iloc[0])

    before = previous(periode)
    out: list[Card] = [
        (label, value(periode, col), value(before, col), [])
        for col, label in (("pengunjung", "Pengunjung"), ("omzet", "Omzet"), ("laba_kotor", "Laba kotor"))
    ]
    out.append(("Margin laba kotor", value(periode, "margin"), value(before, "margin"), []))
    now, year_ago = value(periode, "omzet"), value(shift(periode, -12), "omzet")
    yoy = None if now is None or year_ago is None or not year_ago else now / year_ago - 1
    out.append((f"Omzet dibanding {fmt.bulan(shift(periode, -12))}", yoy, None, []))
    return out


def social_workers(sdm: pd.DataFrame, cfg: Konfigurasi, kodes: list[str], year: int) -> float | None:
    kinds = [j.kode for j in cfg.jenis_sdm if j.pekerja_sosial]
    rows = sdm[sdm["kode_wilayah"].isin(kodes) & sdm["jenis_sdm"].isin(kinds)]
    if rows.empty or rows["kode_wilayah"].nunique() < len(kodes):
        return None
    per_year = rows.groupby(["kode_wilayah", "tahun"], as_index=False)["jumlah"].sum()
    ranked = per_year.assign(_after=per_year["tahun"] > year, _gap=(per_year["tahun"] - year).abs())
    return float(ranked.sort_values(["_after", "_gap"]).drop_duplicates("kode_wilayah")["jumlah"].sum())


def worker_ratio(data, cfg: Konfigurasi, klaster: str | None, periode: str, kodes: list[str]) -> float | None:
    pas = data["pas"]
    pas = filter_pas(pas[pas["periode"] == periode], cfg, Filter(periode=periode, klaster=klaster))
    pas = pas[pas["kode_wilayah"].isin(kodes)]
    if pas["kode_wilayah"].nunique() < len(kodes):
        return None
    return ratio(pas["terdata"].sum(), social_workers(data["sdm"], cfg, kodes, int(periode[:4])))


def profile_extra(data, cfg: Konfigurasi, f: Filter, kode: str) -> list[Card]:
    """The profile's cards beyond the indicators: PAS per pekerja sosial and the coverage rank."""
    worker = (
        f"{cfg.kategori_singkatan} per pekerja sosial",
        worker_ratio(data, cfg, f.klaster, f.periode, [kode]),
        worker_ratio(data, cfg, f.klaster, previous(f.periode), [kode]),
        [],
    )
    measures = district_measures(data, cfg, f)
    if "cakupan" not in [u.kode for u in map_measures(cfg)]:
        return [worker]
    ranks = [measures[t]["cakupan"].rank(ascending=False, method="min") for t in ("kini", "lalu")]
    rank = [None if pd.isna(r.get(kode)) else int(r[kode]) for r in ranks]
    return [worker, ("Peringkat cakupan", rank[0], rank[1], [])]


def compare_rows(data, cfg: Konfigurasi, f: Filter, kodes: list[str], per10rb: bool) -> pd.DataFrame:
    """Bandingkan's side-by-side table as text (compare_table + compare_rows), its rows the districts, then the
    coverage and province averages."""
    from lib.figures.areas import province_name

    w = cfg.wilayah
    groups = [(w.at[k, "nama_pendek"], [k]) for k in kodes]
    groups.append(("Rata-rata wilayah jangkauan", cfg.kode_wilayah))
    for prov in dict.fromkeys(w.at[k, "kode_provinsi"] for k in kodes):
        members = list(w.index[w["kode_provinsi"] == prov])
        if len(members) < len(w):
            groups.append((f"Rata-rata Provinsi {province_name(cfg, prov)}", members))
    rows = []
    for nama, members in groups:
        now = old_area_values(data, cfg, f.klaster, f.periode, members)
        lalu = old_area_values(data, cfg, f.klaster, previous(f.periode), members)
        rows.append({"nama": nama, **now, "cakupan_lalu": lalu["cakupan"]})
    table = pd.DataFrame(rows)
    s = cfg.kategori_singkatan
    t, d = ("per10rb", "dilayani_per10rb") if per10rb else ("terdata", "dilayani")
    suffix = " per 10.000 penduduk" if per10rb else ""
    count = (lambda x: fmt.angka(x, 1)) if per10rb else fmt.angka
    out = pd.DataFrame(
        {
            "Wilayah": table["nama"],
            f"{s} terdata{suffix}": table[t].map(count),
            f"{s} dilayani{suffix}": table[d].map(count),
            "Cakupan layanan": table["cakupan"].map(fmt.persen),
            "Ubah cakupan": [
                fmt.ubah_poin(a - b) if pd.notna(a) and pd.notna(b) else fmt.TIDAK_ADA_DATA
                for a, b in zip(table["cakupan"], table["cakupan_lalu"])
            ],
            "Capaian program": table["capaian"].map(fmt.persen),
            "Penyerapan": table["serapan"].map(fmt.persen),
        }
    )
    return out if module_on(cfg, "program") else out.drop(columns=["Capaian program", "Penyerapan"])


def old_area_values(
    data, cfg: Konfigurasi, klaster: str | None, periode: str, kodes: list[str]
) -> dict[str, float | None]:
    """area_values before indicators (lib/figures/areas.py at ab61eb7)."""
    from lib.figures.filters import achievement

    f = Filter(periode=periode, klaster=klaster)
    pas = data["pas"]
    pas = filter_pas(pas[pas["periode"] == periode], cfg, f)
    pas = pas[pas["kode_wilayah"].isin(kodes)]
    per = pas.groupby("kode_wilayah")[["terdata", "dilayani"]].sum()
    n = len(per)
    year_pops = populations(data["penduduk"], int(periode[:4]))
    known = [k for k in per.index if year_pops.get(k) is not None]
    pop = sum(year_pops[k] for k in known) if known else None
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


def same(a, b) -> bool:
    """Equal figures: both missing, or equal to a billionth."""
    if a is None or pd.isna(a):
        return b is None or pd.isna(b)
    return b is not None and not pd.isna(b) and abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
