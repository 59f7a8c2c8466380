"""The meeting's slides: which ones (data/konfigurasi.toml `[presentasi]`), and what each shows.

One description per slide (`Isi`: title, cards, a chart, a table, a map), built from the same lib.figures, lib.present, lib.charts
and lib.maps functions as the pages, and drawn three ways: presentation mode in the browser (lib.ui_presentasi), the
PowerPoint deck (lib.deck) and, for the district pages, the brief (lib.brief). No Streamlit here.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from lib import charts, figures, fmt, maps, present
from lib.config import Konfigurasi
from lib.errors import UserError
from lib.figures import Filter
from lib.present import Kpi

# The slide kinds; "klaster:*" in the configuration expands to one slide per klaster, "klaster:KODE" to one.
JENIS = ("judul", "ringkasan", "peta", "klaster", "program", "ska", "tindak_lanjut")
BAWAAN = ["judul", "ringkasan", "peta", "klaster:*", "program", "ska", "tindak_lanjut"]
JUDUL = {"ringkasan": "Ringkasan", "peta": "Peta wilayah jangkauan", "program": "Program",
         "ska": "Sentra Kreasi ATENSI (SKA)", "tindak_lanjut": "Tindak lanjut rapat"}
TABLE_ROWS = 6  # rows of a table that fit a slide at 1280×720 in presentation type


@dataclass(frozen=True)
class Slide:
    jenis: str
    klaster: str | None = None  # for 'klaster'


@dataclass
class Isi:
    """What one slide shows, ready to draw (numbers already formatted the Indonesian way)."""

    judul: str
    subjudul: str = ""
    baris: list[str] = field(default_factory=list)  # the title slide's lines
    kpis: list[Kpi] = field(default_factory=list)
    chart: alt.Chart | None = None
    chart_judul: str = ""
    table: pd.DataFrame | None = None
    table_judul: str = ""
    peta: "Peta | None" = None
    catatan: str = ""  # one line under the content
    kosong: str = ""  # said instead of the content when there is nothing to show


@dataclass
class Peta:
    table: pd.DataFrame  # lib.maps.map_table
    legend: list
    label: str
    ranking: alt.Chart | None = None


def settings(cfg: Konfigurasi) -> dict:
    """The `[presentasi]` section of the configuration (empty when absent)."""
    raw = tomllib.loads(cfg.path.read_text(encoding="utf-8"))
    return raw.get("presentasi", {})


def deck_slides(cfg: Konfigurasi) -> list[Slide]:
    """The configured sequence, klaster:* expanded in the configuration's order."""
    out = []
    for entry in settings(cfg).get("slides", BAWAAN):
        jenis, _, which = str(entry).partition(":")
        if jenis not in JENIS:
            raise UserError("Konfigurasi presentasi tidak dikenal",
                            f"[presentasi] slides: '{entry}' bukan salah satu dari {', '.join(JENIS)}.")
        if jenis == "klaster":
            kodes = [k.kode for k in cfg.klaster] if which in ("", "*") else [which]
            unknown = [k for k in kodes if k not in {x.kode for x in cfg.klaster}]
            if unknown:
                raise UserError("Konfigurasi presentasi tidak dikenal",
                                f"[presentasi] slides: klaster '{unknown[0]}' tidak ada di [[klaster]].")
            out += [Slide("klaster", k) for k in kodes]
        else:
            out.append(Slide(jenis))
    return out


def meeting_date(cfg: Konfigurasi) -> str:
    value = settings(cfg).get("tanggal")
    if not value:
        return ""
    if isinstance(value, dt.date):
        return fmt.tanggal(value)
    try:
        return fmt.tanggal(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def slide_title(cfg: Konfigurasi, slide: Slide) -> str:
    if slide.jenis == "judul":
        return cfg.sentra.get("rapat") or cfg.sentra["nama"]
    if slide.jenis == "klaster":
        return f"Klaster {cfg.label('klaster', slide.klaster)}"
    return JUDUL[slide.jenis]


def coverage_text(cfg: Konfigurasi) -> str:
    """'23 kabupaten/kota di 3 provinsi: A (17), B (4), C (2)'."""
    w = cfg.wilayah
    counts = w.groupby("provinsi", sort=False).size()
    parts = ", ".join(f"{p} ({n})" for p, n in counts.items())
    provinsi = f"{len(counts)} provinsi" if len(counts) > 1 else "provinsi"
    return f"Wilayah jangkauan: {len(w)} kabupaten/kota di {provinsi}: {parts}"


def source_text(cfg: Konfigurasi, fresh: pd.DataFrame | None) -> str:
    """'Sumber: … · diperbarui …' and DATA CONTOH when any figure is sample data."""
    where = f"Sumber: {cfg.sentra['nama']}"
    if fresh is None or fresh.empty:
        return where
    latest = fresh["waktu"].dropna()
    when = f" · data diperbarui {fmt.waktu(latest.max(), cfg.sentra.get('zona_waktu', 'Asia/Jakarta'))}" \
        if len(latest) else ""
    contoh = " · DATA CONTOH (angka dibangkitkan, bukan data sebenarnya)" if (fresh["baris_contoh"] > 0).any() else ""
    return where + when + contoh


def scope_text(cfg: Konfigurasi, f: Filter) -> str:
    if f.wilayah:
        where = cfg.nama_wilayah(f.wilayah)
    elif f.provinsi:
        where = f"Provinsi {figures.province_name(cfg, f.provinsi)}"
    else:
        where = f"{len(cfg.wilayah)} kabupaten/kota"
    klaster = cfg.label("klaster", f.klaster) if f.klaster else "semua klaster"
    return f"{fmt.bulan(f.periode)} · {klaster} · {where}"


def slide_content(slide: Slide, data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, today,
                  fresh: pd.DataFrame | None = None) -> Isi:
    """The content of one slide for the filters in force (a klaster slide sets its own klaster)."""
    s = cfg.kategori_singkatan
    title = slide_title(cfg, slide)
    if slide.jenis == "judul":
        lines = [x for x in (meeting_date(cfg), f"{cfg.sentra['nama']} · {cfg.sentra.get('instansi', '')}".strip(" ·"),
                             coverage_text(cfg), f"Data: {scope_text(cfg, f)}") if x]
        return Isi(title, baris=lines, catatan=source_text(cfg, fresh))
    if slide.jenis == "ringkasan":
        return Isi(title, scope_text(cfg, f), kpis=present.overview_kpis(data, cfg, f),
                   chart=charts.klaster_bars(figures.pas_by_klaster(data["pas"], cfg, f), s),
                   chart_judul=f"{s} per klaster · batang muda: terdata · tua: dilayani · angka: cakupan",
                   catatan="Angka kecil: perubahan dibanding bulan sebelumnya (persentase: dalam poin).")
    if slide.jenis == "peta":
        return _map_content(title, data, cfg, f)
    if slide.jenis == "klaster":
        here = Filter(periode=f.periode, klaster=slide.klaster, provinsi=f.provinsi, wilayah=f.wilayah)
        table = figures.pas_breakdown(data["pas"], cfg, here, "kategori_pas")
        return Isi(title, scope_text(cfg, here), kpis=present.overview_kpis(data, cfg, here)[:4],
                   chart=charts.breakdown_bars(table, s, cfg.kategori_judul),
                   chart_judul=f"{cfg.kategori_judul} · angka: terdata · cakupan layanan",
                   catatan="Batang muda: terdata · batang tua: dilayani. Perubahan dibanding bulan sebelumnya.")
    if slide.jenis == "program":
        rows = present.program_rows(data["program"], cfg, f)
        return Isi(title, scope_text(cfg, f) + f" · tahun anggaran {f.periode[:4]}",
                   kpis=present.program_kpis(data["program"], cfg, f), table=program_table(rows),
                   table_judul=f"Program yang perlu perhatian lebih dulu ({min(len(rows), TABLE_ROWS)} dari "
                               f"{len(rows)})",
                   kosong="" if len(rows) else "Tidak ada data program untuk pilihan ini.",
                   catatan=present.program_status_legend(cfg).replace("**", ""))
    if slide.jenis == "ska":
        monthly = figures.ska_monthly(data["ska"])
        if monthly.empty:
            return Isi(title, fmt.bulan(f.periode), kosong="Belum ada data SKA.")
        return Isi(title, f"{fmt.bulan(f.periode)} · unit usaha {cfg.sentra['nama']}",
                   kpis=present.ska_kpis(monthly, f.periode), chart=charts.ska_money_bars(monthly, f.periode, 12),
                   chart_judul="Omzet (batang muda) dan laba kotor (batang tua) per bulan, juta rupiah",
                   catatan="Perubahan: dibanding bulan yang sama tahun sebelumnya.")
    if slide.jenis == "tindak_lanjut":
        return _follow_up_content(title, data, cfg, f, today)
    raise ValueError(slide.jenis)


def program_table(rows: pd.DataFrame, n: int = TABLE_ROWS) -> pd.DataFrame:
    """The programme table for a slide or a brief: the most urgent first, percentages as text."""
    top = rows.head(n)
    return pd.DataFrame({
        "Program": top["Program"], "Wilayah": top["Wilayah"], "Status": top["Status jadwal"],
        "Capaian": [fmt.persen(c / 100) if c is not None and pd.notna(c) else fmt.TIDAK_ADA_DATA
                    for c in top["Capaian"]],
        "Selisih jadwal": top["Selisih jadwal"],
        "Penyerapan": [fmt.persen(c / 100) if c is not None and pd.notna(c) else fmt.TIDAK_ADA_DATA
                       for c in top["Penyerapan"]],
    })


def map_measure(cfg: Konfigurasi) -> figures.Measure:
    measures = {u.kode: u for u in figures.map_measures(cfg)}
    return measures.get(settings(cfg).get("peta_ukuran", "cakupan"), measures["cakupan"])


def map_data(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> Peta:
    u = map_measure(cfg)
    ranking = present.district_ranking(figures.district_measures(data, cfg, f), cfg, u)
    table, legend = maps.map_table(ranking, u.kind)
    return Peta(table, legend, u.label, charts.ranked_bars(table, u.label, u.kind, f.wilayah))


def _map_content(title: str, data, cfg: Konfigurasi, f: Filter) -> Isi:
    peta = map_data(data, cfg, f)
    u = map_measure(cfg)
    return Isi(title, f"{peta.label} · {scope_text(cfg, f)}", peta=peta,
               catatan=f"{u.help} Lima kelas (natural breaks); abu-abu: {fmt.TIDAK_ADA_DATA}.")


def _follow_up_content(title: str, data, cfg: Konfigurasi, f: Filter, today) -> Isi:
    tl = data["tindak_lanjut"]
    rows = figures.follow_ups(tl, cfg, f)
    if rows.empty:
        return Isi(title, scope_text(cfg, f), kosong="Belum ada tindak lanjut untuk pilihan ini.")
    rapat = figures.meetings(rows)[0]
    table = present.follow_up_table(tl, cfg, f, rapat, today)
    shown = pd.DataFrame({"Uraian": table["Uraian"], "Wilayah": table["Wilayah"],
                          "Penanggung jawab": table["Penanggung jawab"], "Tenggat": table["Tenggat"],
                          "Lewat tenggat": table["Lewat tenggat"], "Status": table["status"]}).head(TABLE_ROWS)
    return Isi(title, f"{present.meeting_title(rows, rapat)} · hari ini {fmt.tanggal(today)}",
               kpis=present.follow_up_kpis(tl, cfg, f, today), table=shown,
               table_judul=f"Lewat tenggat lebih dulu ({len(shown)} dari {len(table)})",
               catatan=f"Lewat tenggat: tenggat sebelum hari ini dan belum {figures.follow_up_done(cfg)}.")


def kpi_change(k: Kpi) -> str:
    """The card's change as text with its meaning: '+1,2 poin dibanding bulan lalu'; '' when none."""
    return k.change_text or ""


def kpi_tone(k: Kpi) -> str:
    """'baik', 'buruk' or 'netral': how to colour a card's change."""
    c = k.change
    if c is None or c == 0 or k.up_is_good is None:
        return "netral"
    return "baik" if (c > 0) == k.up_is_good else "buruk"
