"""Mutu Data, what a person reads: the cards, the district table and the sentences of completeness and timeliness
(lib.figures.quality), made once per data version, dataset, month and day (lib.ui.cache)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib import fmt
from lib.config import MODULES, Konfigurasi, dataset_title, module_on, quality_setting
from lib.figures import outliers, quality
from lib.figures.consistency import consistency, rules
from lib.figures.filters import Filter
from lib.figures.indicators import SENTRA
from lib.periode import previous
from lib.present.kpi import Kpi
from lib.quality_rules import ANTAR_DATA, ANTAR_WAKTU
from lib.schema import dataset
from lib.store import Snapshot
from lib.store.sql import MONTHLY

# How each status reads, in the grid's legend and the tables.
STATUS_TEXT = {
    quality.TEPAT: "Tepat waktu",
    quality.TERLAMBAT: "Terlambat",
    quality.HILANG: "Tidak ada laporan",
    quality.BELUM: "Belum jatuh tempo",
    quality.TIDAK_WAJIB: "Tidak wajib lapor",
}


@dataclass(frozen=True)
class QualityScreen:
    """The Mutu Data screen's completeness part for one monthly dataset."""

    title: str  # 'Kelengkapan dan ketepatan laporan PAS, Januari–Desember 2025'
    cards: list[Kpi]
    grid: pd.DataFrame  # the chart's rows: wilayah, periode, status, keterangan
    table: pd.DataFrame  # per district, worst first, as shown
    caption: str  # how to read it: the deadline and the targets
    below_target: list[str]  # short names of the districts under either target, worst first


def dataset_name_text(cfg: Konfigurasi, name: str) -> str:
    return dataset_title(cfg, name, dataset(name).judul)


def _pct(x: float | None) -> str:
    return fmt.TIDAK_ADA_DATA if x is None or pd.isna(x) else fmt.persen(x, 0)


def district_rows(t: quality.Timeliness) -> pd.DataFrame:
    """Per district, worst completeness first, then worst timeliness: the rates against the targets and the counts."""
    d = t.districts.sort_values(["kelengkapan", "ketepatan", "wilayah"], na_position="last", kind="stable")
    below = (d["kelengkapan"] < t.target_kelengkapan) | (d["ketepatan"] < t.target_ketepatan)
    return pd.DataFrame(
        {
            "Wilayah": d["wilayah"],
            "Kelengkapan": [_pct(x) for x in d["kelengkapan"]],
            "Ketepatan waktu": [_pct(x) for x in d["ketepatan"]],
            "Laporan diharapkan": d["diharapkan"].map(fmt.angka),
            "Tidak ada laporan": d[quality.HILANG].map(fmt.angka),
            "Terlambat": d[quality.TERLAMBAT].map(fmt.angka),
            "Keterangan": ["di bawah target" if b else "sesuai target" for b in below],
        }
    ).reset_index(drop=True)


def _cards(now: quality.Timeliness, before: quality.Timeliness) -> list[Kpi]:
    def below(t: quality.Timeliness) -> int:
        d = t.districts
        return int(((d["kelengkapan"] < t.target_kelengkapan) | (d["ketepatan"] < t.target_ketepatan)).sum())

    n = len(now.districts)
    target_k, target_t = fmt.persen(now.target_kelengkapan, 0), fmt.persen(now.target_ketepatan, 0)
    return [
        Kpi(
            label="Kelengkapan laporan",
            value=now.kelengkapan,
            previous=before.kelengkapan,
            kind="persen",
            up_is_good=True,
            help=f"laporan yang masuk ÷ laporan yang diharapkan dan sudah jatuh tempo; target {target_k}",
        ),
        Kpi(
            label="Ketepatan waktu",
            value=now.ketepatan,
            previous=before.ketepatan,
            kind="persen",
            up_is_good=True,
            help=f"laporan yang masuk sebelum tenggat ÷ laporan yang diharapkan; target {target_t}",
        ),
        Kpi(
            label="Tidak ada laporan",
            value=float(now.districts[quality.HILANG].sum()),
            previous=float(before.districts[quality.HILANG].sum()),
            kind="angka",
            up_is_good=False,
            help="bulan wilayah yang sudah lewat tenggat tanpa laporan",
        ),
        Kpi(
            label="Wilayah di bawah target",
            value=float(below(now)),
            previous=float(below(before)),
            kind="program",
            total=n,
            up_is_good=False,
            help=f"kelengkapan di bawah {target_k} atau ketepatan di bawah {target_t}",
        ),
    ]


def grid_rows(t: quality.Timeliness) -> pd.DataFrame:
    """The grid's cells with their status text and, for a report, when it was saved (Sentra time)."""
    g = t.grid
    saved = [fmt.tanggal(x.date()) if pd.notna(x) else "" for x in g["tersimpan"]]
    return pd.DataFrame(
        {
            "wilayah": g["wilayah"],
            "periode": g["periode"],
            "status": g["status"],
            "keterangan": g["status"].map(STATUS_TEXT),
            "tersimpan": saved,
            "tenggat": [fmt.tanggal(x.date()) for x in g["tenggat"]],
        }
    )


def quality_datasets(cfg: Konfigurasi) -> list[str]:
    """The monthly datasets of this deployment ([modul] program = false: no programme reports expected)."""
    return [name for name in MONTHLY if name not in MODULES or module_on(cfg, name)]


def quality_screen(state: Snapshot, cfg: Konfigurasi, name: str, f: Filter, today: dt.date) -> QualityScreen:
    periode = f.periode
    now = quality.timeliness(state, cfg, name, f, today)
    before = quality.timeliness(state, cfg, name, dataclasses.replace(f, periode=previous(periode)), today)
    table = district_rows(now)
    span = f"{fmt.bulan(now.months[0])}–{fmt.bulan(now.months[-1])}" if now.months else fmt.bulan(periode)
    day = int(quality_setting(cfg, "tenggat_hari"))
    caption = (
        f"Tepat waktu: batch pertama yang memuat bulan wilayah itu disimpan paling lambat tanggal {day} bulan "
        f"berikutnya (waktu Sentra). Target kelengkapan {fmt.persen(now.target_kelengkapan, 0)}, ketepatan "
        f"{fmt.persen(now.target_ketepatan, 0)} ([mutu] di konfigurasi). Bulan yang belum lewat tenggat tidak "
        "dihitung. Perbandingan: 12 bulan sampai bulan sebelumnya."
    )
    return QualityScreen(
        title=f"Kelengkapan dan ketepatan laporan {dataset_name_text(cfg, name)}, {span}",
        cards=_cards(now, before),
        grid=grid_rows(now),
        table=table,
        caption=caption,
        below_target=[w for w, k in zip(table["Wilayah"], table["Keterangan"]) if k == "di bawah target"],
    )


# Outliers (lib.figures.outliers) ----------------------------------------------------------------------------------

SHOWN = 15  # flags on the screen; the download holds them all
METHOD_TEXT = {outliers.Z_MODIFIKASI: "Z termodifikasi (median)", outliers.Z: "Skor z (rata-rata)"}
MEASURE_TEXT = {
    ("pas", "terdata"): "{singkatan} terdata",
    ("pas", "dilayani"): "{singkatan} dilayani",
    ("layanan", "penerima"): "Penerima layanan",
    ("program", "realisasi"): "Realisasi program bulan itu",
}


@dataclass(frozen=True)
class Flags:
    """A list of flags of the chosen month, worst first: the first SHOWN on the screen as sentences, all of them
    (with their numbers) downloadable."""

    caption: str
    shown: list[tuple[str, str]]  # (level, sentence) of the first SHOWN, worst impact first
    every: pd.DataFrame  # every flag with its numbers: the download
    extreme: int = 0


def _centre_text(x: float) -> str:
    """A median of whole counts is usually whole: written without ',0'; a mean with one decimal."""
    return fmt.angka(x, 0 if float(x).is_integer() else 1)


def _score_text(x: float) -> str:
    return ("−" if x < 0 else "") + "∞" if np.isinf(x) else fmt.angka(x, 1).replace("-", "−")


def outlier_sentence(row, cfg: Konfigurasi, o: outliers.Outliers, what: str, detail: str) -> str:
    """'Kota Kendari, PAS terdata Anak Rentan Desember 2025: 250, jauh di atas riwayatnya sendiri (median 120 dari
    23 bulan sebelumnya; z termodifikasi 12,3, ekstrem mulai 5).'"""
    side = "di atas" if row.deviasi > 0 else "di bawah"
    centre = "median" if o.method == outliers.Z_MODIFIKASI else "rata-rata"
    score = "z termodifikasi" if o.method == outliers.Z_MODIFIKASI else "skor z"
    level = o.extreme if row.tingkat == outliers.EKSTREM else o.moderate
    return (
        f"{cfg.wilayah.at[row.kode_wilayah, 'nama_pendek']}, {what} {detail} {fmt.bulan(o.periode)}: "
        f"{fmt.angka(row.nilai)}, jauh {side} riwayatnya sendiri ({centre} {_centre_text(row.pusat)} dari "
        f"{row.riwayat} bulan sebelumnya; {score} {_score_text(row.skor)}, {row.tingkat} mulai "
        f"{fmt.angka(level, 1)})."
    )


def detail_names(data: dict[str, pd.DataFrame], cfg: Konfigurasi) -> dict[str, dict[str, str]]:
    programmes = data["program"].drop_duplicates("kode_program")
    return {
        "pas": {k.kode: k.nama for k in cfg.kategori},
        "layanan": {j.kode: j.nama for j in cfg.jenis_layanan},
        "program": dict(zip(programmes["kode_program"].astype(str), programmes["nama_program"].astype(str))),
    }


def outlier_screen(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, method: str) -> Flags:
    o = outliers.outliers(data, cfg, f, method)
    names = detail_names(data, cfg)
    flags = o.flags
    whats = [
        MEASURE_TEXT[(d, u)].format(singkatan=cfg.kategori_singkatan) for d, u in zip(flags["dataset"], flags["ukuran"])
    ]
    details = [names[d].get(r, r) for d, r in zip(flags["dataset"], flags["rincian"])]
    centre = "Median riwayat" if method == outliers.Z_MODIFIKASI else "Rata-rata riwayat"
    every = pd.DataFrame(
        {
            "Tingkat": flags["tingkat"].str.capitalize(),
            "Wilayah": [cfg.wilayah.at[k, "nama_pendek"] for k in flags["kode_wilayah"]],
            "Data": whats,
            "Rincian": details,
            "Nilai": flags["nilai"].map(fmt.angka),
            centre: [_centre_text(x) for x in flags["pusat"]],
            "Selisih": [fmt.ubah(x) for x in flags["deviasi"]],
            "Skor": [_score_text(x) for x in flags["skor"]],
            "Apa yang janggal": [
                outlier_sentence(row, cfg, o, w, d) for row, w, d in zip(flags.itertuples(), whats, details)
            ],
        }
    )
    extreme = int((flags["tingkat"] == outliers.EKSTREM).sum())
    caption = (
        f"{fmt.angka(len(flags))} nilai menyimpang ({extreme} ekstrem) dari {fmt.angka(o.judged)} deret yang dinilai, "
        f"diurutkan menurut besar selisihnya; {min(SHOWN, len(flags))} teratas ditampilkan, semuanya ada di unduhan. "
        f"Setiap nilai {fmt.bulan(o.periode)} dibandingkan dengan riwayat wilayahnya sendiri (paling banyak "
        f"{outliers.HISTORY} bulan sebelumnya): {METHOD_TEXT[method].lower()}, sedang mulai "
        f"{fmt.angka(o.moderate, 1)}, ekstrem mulai {fmt.angka(o.extreme, 1)}."
    )
    if o.short:
        caption += (
            f" {fmt.angka(o.short)} deret dengan kurang dari {outliers.MIN_HISTORY} bulan sebelumnya belum dinilai."
        )
    top = every.head(SHOWN)
    return Flags(caption, list(zip(top["Tingkat"], top["Apa yang janggal"])), every, extreme)


# Consistency (lib.figures.consistency) ----------------------------------------------------------------------------


def consistency_sentence(row, cfg: Konfigurasi, periode: str) -> str:
    """'Kota Kendari, Desember 2025: Penerima layanan melebihi PAS dilayani lebih dari 10%. (1.200 ÷ 1.000 = 1,20;
    batas 1,1)' — the rule's own sentence, then its numbers."""
    place = cfg.sentra["nama"] if row.kode_wilayah == SENTRA else cfg.wilayah.at[row.kode_wilayah, "nama_pendek"]
    if row.jenis == ANTAR_DATA:
        numbers = (
            f"{fmt.angka(row.pembilang)} ÷ {fmt.angka(row.penyebut)} = {fmt.angka(row.nilai, 2)}; "
            f"batas {fmt.angka(row.pembanding, 2)}"
        )
    else:
        change = (row.nilai - row.pembanding) / row.pembanding
        numbers = f"{fmt.angka(row.nilai)} terhadap rata-rata {fmt.angka(row.pembanding)}: {fmt.ubah_persen(change)}"
    return f"{place}, {fmt.bulan(periode)}: {row.pesan} ({numbers})"


def consistency_rows(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """The consistency flags as read: where, which rule, and the sentence with its numbers; furthest beyond first."""
    flags = consistency(data, cfg, f)
    kind = {ANTAR_DATA: "Antar data", ANTAR_WAKTU: "Antar waktu"}
    return pd.DataFrame(
        {
            "Wilayah": [
                cfg.sentra["nama"] if k == SENTRA else cfg.wilayah.at[k, "nama_pendek"] for k in flags["kode_wilayah"]
            ],
            "Jenis": flags["jenis"].map(kind),
            "Aturan": flags["aturan"],
            "Apa yang janggal": [consistency_sentence(r, cfg, f.periode) for r in flags.itertuples()],
        }
    )


def consistency_screen(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> Flags:
    every = consistency_rows(data, cfg, f)
    top = every.head(SHOWN)
    return Flags(consistency_caption(cfg), list(zip(top["Jenis"], top["Apa yang janggal"])), every)


def consistency_caption(cfg: Konfigurasi) -> str:
    return (
        f"{len(rules(cfg))} aturan [[aturan_mutu]] dari konfigurasi: antar data (mis. penerima layanan terhadap "
        f"{cfg.kategori_singkatan} dilayani) dan antar waktu (bulan ini terhadap rata-rata tiga bulan sebelumnya). "
        "Yang paling jauh melewati batasnya di atas."
    )


# One list of every flag of a month: the command line (python -m lib mutu) and the meeting's slide --------------------

LIST_COLUMNS = ["Jenis", "Tingkat", "Wilayah", "Apa yang janggal"]


def report_sentence(row, cfg: Konfigurasi) -> str:
    """'Kota Bau Bau: laporan PAS Desember 2025 terlambat (masuk 20 Januari 2026, tenggat 10 Januari 2026).'"""
    what = f"{row.wilayah}: laporan {dataset_name_text(cfg, row.dataset)} {fmt.bulan(row.periode)}"
    due = fmt.tanggal(row.tenggat.date())
    if row.status == quality.TERLAMBAT:
        return f"{what} terlambat (masuk {fmt.tanggal(row.tersimpan.date())}, tenggat {due})."
    return f"{what} belum masuk (tenggat {due})."


def quality_list(state: Snapshot, cfg: Konfigurasi, f: Filter, today: dt.date) -> pd.DataFrame:
    """Every flag of the filter's month: missing and late reports of each monthly dataset, the outliers (modified z)
    and the consistency flags; extreme outliers first, then missing reports, consistency, late reports, moderate
    outliers (each group in its own order: worst first)."""
    reports = []
    for name in quality_datasets(cfg):
        g = quality.timeliness(state, cfg, name, f, today).grid
        g = g[(g["periode"] == f.periode) & g["status"].isin([quality.HILANG, quality.TERLAMBAT])]
        reports.append(g.assign(dataset=name))
    late = pd.concat(reports, ignore_index=True) if reports else pd.DataFrame()
    parts = []
    for status, level in ((quality.HILANG, "Tidak ada laporan"), (quality.TERLAMBAT, "Terlambat")):
        rows = late[late["status"] == status] if len(late) else late
        parts.append(
            pd.DataFrame(
                {
                    "Jenis": "Laporan",
                    "Tingkat": level,
                    "Wilayah": rows.get("wilayah", pd.Series(dtype=str)),
                    "Apa yang janggal": [report_sentence(r, cfg) for r in rows.itertuples()],
                }
            )
        )
    flags = outlier_screen(state.current, cfg, f, outliers.Z_MODIFIKASI).every
    odd = pd.DataFrame(
        {"Jenis": "Nilai menyimpang", "Tingkat": flags["Tingkat"], "Wilayah": flags["Wilayah"],
         "Apa yang janggal": flags["Apa yang janggal"]}
    )  # fmt: skip
    rules = consistency_rows(state.current, cfg, f)
    same = pd.DataFrame(
        {"Jenis": "Konsistensi", "Tingkat": rules["Jenis"], "Wilayah": rules["Wilayah"],
         "Apa yang janggal": rules["Apa yang janggal"]}
    )  # fmt: skip
    extreme = odd["Tingkat"] == "Ekstrem"
    ordered = [odd[extreme], parts[0], same, parts[1], odd[~extreme]]
    return pd.concat([p for p in ordered if len(p)], ignore_index=True).reindex(columns=LIST_COLUMNS)
