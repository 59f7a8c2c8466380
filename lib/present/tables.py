"""Display tables with Indonesian headers: freshness, history, a batch's diff, breakdowns, comparison, SDM,
the map's side panel.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import fmt
from lib.config import MODULES, Konfigurasi, dataset_title, module_on
from lib.figures.areas import Measure, compare_table, coverage_average, map_measures
from lib.figures.filters import Filter, num
from lib.figures.indicators import indicators, over_population, per_population
from lib.figures.pas import pas_breakdown
from lib.present.kpi import Kpi, compare_kpis, district_kpis, district_ranking
from lib.present.texts import compare_statements
from lib.schema import CODE_LISTS
from lib.store.contoh import SAMPLE_FILE


def dataset_name(cfg: Konfigurasi, nama: str) -> str:
    """A dataset as people call it here: 'PMKS' where the categories are PMKS ([istilah] dataset_pas)."""
    from lib.schema import DATASETS

    return dataset_title(cfg, nama, DATASETS[nama].judul) if nama in DATASETS else nama


NAMED_DISTRICTS = 5  # districts named in the sample note; more are counted ("dan 17 lainnya")


def sample_note(fresh: pd.DataFrame, cfg: Konfigurasi) -> str | None:
    """While sample rows are still counted (store.freshness): which datasets, and of those by district which
    districts, are still sample: "PAS (Kolaka, Konawe dan 20 lainnya); SKA". None when no sample row is counted."""
    parts = []
    for _, row in fresh[fresh["baris_contoh"] > 0].iterrows():
        name = dataset_name(cfg, row["dataset"])
        codes = {k for k in str(row.get("wilayah_contoh") or "").split(",") if k}
        if not codes:  # a dataset without districts (SKA), or only follow-ups for every district
            parts.append(name)
            continue
        ordered = [k for k in cfg.kode_wilayah if k in codes] + sorted(codes - set(cfg.kode_wilayah))
        if set(cfg.kode_wilayah) <= codes:
            parts.append(f"{name} (semua {len(cfg.kode_wilayah)} wilayah)")
            continue
        names = [cfg.nama_wilayah(k) for k in ordered]
        if len(names) > NAMED_DISTRICTS:
            shown = f"{', '.join(names[:NAMED_DISTRICTS])} dan {len(names) - NAMED_DISTRICTS} lainnya"
        else:
            shown = " dan ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
        parts.append(f"{name} ({shown})")
    return "; ".join(parts) or None


def freshness_rows(fresh: pd.DataFrame, cfg: Konfigurasi) -> pd.DataFrame:
    """The data-freshness table: per dataset, its latest active batch, when, by whom, and whether it is sample data."""
    zona = cfg.sentra.get("zona_waktu", "Asia/Jakarta")
    fresh = fresh[[d not in MODULES or module_on(cfg, d) for d in fresh["dataset"]]]
    return pd.DataFrame(
        {
            "Data": [dataset_name(cfg, d) for d in fresh["dataset"]],
            "Diperbarui": [fmt.waktu(t, zona) for t in fresh["waktu"]],
            "Oleh": fresh["pengguna"].fillna("–"),
            "Batch": [f"#{int(b)}" if pd.notna(b) else "–" for b in fresh["batch_id"]],
            "Baris": fresh["baris"].map(fmt.angka),
            "Keterangan": [
                "belum ada data" if n == 0 else ("data contoh" if c > 0 else "data unggahan")
                for n, c in zip(fresh["baris"], fresh["baris_contoh"])
            ],
        }
    )


def history_rows(hist: pd.DataFrame, cfg: Konfigurasi) -> pd.DataFrame:
    """The batch list as people read it: newest first, times in the Sentra's zone, counts formatted."""
    zona = cfg.sentra.get("zona_waktu", "Asia/Jakarta")
    status = [
        "aktif" if a else f"dibatalkan oleh {o}, {fmt.waktu(t, zona)}"
        for a, o, t in zip(hist["aktif"], hist["dibatalkan_oleh"], hist["dibatalkan_pada"])
    ]
    return pd.DataFrame(
        {
            "Batch": [f"#{i}" for i in hist["id"]],
            "Data": [dataset_name(cfg, d) for d in hist["dataset"]],
            "Waktu": [fmt.waktu(t, zona) for t in hist["waktu"]],
            "Oleh": hist["pengguna"],
            # a sample batch names no file a person gave (stores before this release say 'lib/sample.py')
            "Berkas": [
                SAMPLE_FILE if c else (b if isinstance(b, str) else "–")
                for c, b in zip(hist["contoh"], hist["nama_berkas"])
            ],
            "Baru": hist["baris_baru"].map(fmt.angka),
            "Berubah": hist["baris_berubah"].map(fmt.angka),
            "Sama": hist["baris_sama"].map(fmt.angka),
            "Status": status,
            "Catatan": hist["catatan"].fillna(""),
        }
    )


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


def diff_rows(changes: pd.DataFrame, dataset_name: str, cfg: Konfigurasi, limit: int = 5000) -> pd.DataFrame:
    """A batch's rows for reading: keys, then each value as 'old → new' where it changed, new and changed first."""
    from lib.schema import DATASETS

    ds = DATASETS[dataset_name]
    out = label_codes(changes[list(ds.kunci)], cfg).astype(str)
    out.insert(0, "Perubahan", changes["perubahan"])
    for c in ds.nilai:
        new, old = changes[c], changes[f"lama_{c}"]
        text = [_cell(n) for n in new]
        out[c] = [
            f"{_cell(o)} → {t}" if p == "berubah" and _cell(o) != t else t
            for o, t, p in zip(old, text, changes["perubahan"])
        ]
    return out.head(limit)


def _cell(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return fmt.angka(v)
    return str(v)


def breakdown_rows(table: pd.DataFrame, judul: str) -> pd.DataFrame:
    """pas_breakdown as people read it: rank, name, counts, share and coverage as text."""
    return pd.DataFrame(
        {
            "Peringkat": [str(int(p)) if pd.notna(p) else "–" for p in table["peringkat"]],
            judul: table["nama"],
            "Terdata": table["terdata"].map(fmt.angka),
            "Dilayani": table["dilayani"].map(fmt.angka),
            "Cakupan layanan": table["cakupan"].map(fmt.persen),
            "Bagian dari terdata": table["bagian"].map(fmt.persen),
        }
    )


def service_rows(long: pd.DataFrame, cfg: Konfigurasi) -> pd.DataFrame:
    """service_breakdown as a table: one row per service kind, one column per approach, and the total."""
    if long.empty:
        return pd.DataFrame({"Jenis layanan": [fmt.TIDAK_ADA_DATA]})
    wide = long.pivot_table(index="nama_jenis", columns="nama_pendekatan", values="penerima", aggfunc="sum", sort=False)
    wide = wide[[p.nama for p in cfg.pendekatan]]
    wide["Jumlah"] = wide.sum(axis=1)
    wide = wide.sort_values("Jumlah", ascending=False, kind="stable")
    out = wide.map(fmt.angka).reset_index().rename(columns={"nama_jenis": "Jenis layanan"})
    out.columns.name = None
    return out


def compare_rows(table: pd.DataFrame, cfg: Konfigurasi, per10rb: bool, ukuran: Measure | None = None) -> pd.DataFrame:
    """compare_table as text: a column per output indicator of the districts (absolute counts per district, averages
    per district; or, on the per-10.000 scale, each count per 10.000 penduduk, which an indicator over the
    population alone already is), then the measure picked if not among them; the change of the picked one beside
    it when it is an output column."""
    shown = [i for i in indicators(cfg, "wilayah") if i.kelompok == "output" and not over_population(i)]
    changed = ukuran.kode if ukuran is not None and ukuran.kode in [i.kode for i in shown] else None
    if ukuran is not None and not changed:  # e.g. an impact one: its value (the cards above say its change)
        shown += [i for i in indicators(cfg, "wilayah") if i.kode == ukuran.kode]
    out = pd.DataFrame({"Wilayah": table["nama"]})
    for ind in shown:
        i = per_population(ind) if per10rb and not ind.penyebut else ind  # a count: per 10.000 on that scale
        col, label, kind = i.kode, i.nama, i.kind
        cards = [Kpi(label=label, value=num(v), previous=None, kind=kind) for v in table[col]]
        out[label] = [k.text for k in cards]
        if ind.kode == changed:  # one change column: nine columns fit the main area at 1280×720
            lalu = table[f"{col}_lalu"]
            changes = [Kpi(label=label, value=num(v), previous=num(b), kind=kind) for v, b in zip(table[col], lalu)]
            out[f"Ubah {label[0].lower() + label[1:] if label[1:2].islower() else label}"] = [
                k.change_text or fmt.TIDAK_ADA_DATA for k in changes
            ]
    return out


def sdm_rows(sdm: pd.DataFrame, cfg: Konfigurasi, kode: str, year: int) -> pd.DataFrame:
    """The district's SDM per kind: the latest year up to `year` (else the earliest after); missing = no data."""
    rows = sdm[sdm["kode_wilayah"] == kode]
    years = rows["tahun"]
    pick = (years[years <= year].max() if (years <= year).any() else years.min()) if len(rows) else None
    now = rows[rows["tahun"] == pick].set_index("jenis_sdm")["jumlah"]
    return pd.DataFrame(
        {
            "Jenis SDM": [j.nama for j in cfg.jenis_sdm],
            "Jumlah": [fmt.angka(now.get(j.kode)) for j in cfg.jenis_sdm],
            "Tahun data": [str(int(pick)) if pick is not None and j.kode in now.index else "–" for j in cfg.jenis_sdm],
        }
    )


def category_rows(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kode: str) -> pd.DataFrame:
    """The district's PAS groups (ranked), with the coverage's cakupan for the same group beside its own."""
    mine = pas_breakdown(data["pas"], cfg, Filter(periode=f.periode, klaster=f.klaster, wilayah=kode), "kategori_pas")
    area = pas_breakdown(data["pas"], cfg, Filter(periode=f.periode, klaster=f.klaster), "kategori_pas")
    area = area.set_index("kode")["cakupan"]
    out = breakdown_rows(mine, cfg.kategori_judul).drop(columns="Peringkat")
    out["Cakupan wilayah jangkauan"] = [fmt.persen(area.get(k)) for k in mine["kode"]]
    return out


def district_panel_rows(measures: dict[str, pd.DataFrame], cfg: Konfigurasi, kode: str) -> pd.DataFrame:
    """One district's key figures as a table: each measure, its value, change against the previous period, rank."""
    rows = []
    for u, k in zip(map_measures(cfg), district_kpis(measures, cfg, kode)):
        rank = district_ranking(measures, cfg, u).set_index("kode_wilayah")
        r, n = rank.at[kode, "peringkat"], rank.at[kode, "n"]
        rows.append(
            {
                "Ukuran": u.label,
                "Nilai": k.text,
                "Ubah": k.change_text or fmt.TIDAK_ADA_DATA,
                "Peringkat": f"{int(r)}/{n}" if pd.notna(r) else "–",
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class CompareScreen:
    """What Bandingkan shows of its districts for a scale and a measure: the compare_table, one card per district,
    the sentences, the side-by-side table and the coverage average of the measure."""

    table: pd.DataFrame
    kpis: list[Kpi]
    statements: list[str]
    rows: pd.DataFrame
    average: float | None


def comparison(
    data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kodes: tuple[str, ...], per10rb: bool, ukuran: Measure
) -> CompareScreen:
    """Everything Bandingkan computes of its districts, in one call (made once per store state, ui.shared)."""
    program = module_on(cfg, "program")
    table = compare_table(data, cfg, f, list(kodes))
    return CompareScreen(
        table,
        compare_kpis(table, ukuran),
        compare_statements(table, cfg.kategori_singkatan, program),
        compare_rows(table, cfg, per10rb, ukuran),
        coverage_average(table, ukuran),
    )
