"""The meeting's slides and the district brief's page: which slides (data/konfigurasi.toml `[presentasi]`), and what
each slide or page shows.

One content model (`SlideContent`, `DistrictPage`: title, cards, chart data, tables, the map's classes, notes), built
from lib.figures and lib.present like the pages, and drawn three ways by lib.render and presentation mode: in the
browser (lib.ui.presentation), in the meeting deck (lib.render.pptx) and in the brief (lib.render.pdf). Charts are held
as their data and kind (`ChartData`); lib.render.charts.from_data builds them. No Streamlit, no drawing here.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from lib import figures, fmt, present
from lib.config import Konfigurasi, module_on
from lib.config import today as today_in  # the parameters called today are the day a slide is made for
from lib.errors import UserError
from lib.figures import Filter
from lib.periode import shift
from lib.present import ranking
from lib.present.content import ChartData, MapContent, Slide, SlideContent, SlideKind, table_heading
from lib.present.legend import map_table
from lib.schema import SLIDE_KINDS
from lib.store.meetings import Rapat

# The slide kinds; "klaster:*" in the configuration expands to one slide per klaster, "klaster:KODE" to one.
KINDS: tuple[SlideKind, ...] = SLIDE_KINDS  # type: ignore[assignment]


DEFAULT_SEQUENCE = ["judul", "ringkasan", "peta", "klaster:*", "program", "ska", "tindak_lanjut"]


TITLES = {
    "ringkasan": "Ringkasan",
    "peta": "Peta wilayah jangkauan",
    "program": "Program",
    "ska": "Sentra Kreasi ATENSI (SKA)",
    "tindak_lanjut": "Tindak lanjut rapat",
}


TABLE_ROWS = 6  # rows of a table that fit a slide at 1280×720 in presentation type


FEW_GROUPS = 4  # a klaster slide with at most this many PAS groups also ranks its districts and shows its trend
TREND_MONTHS = 12


PROGRAM_TABLE, FOLLOW_UP_TABLE = "Program yang perlu perhatian lebih dulu", "Lewat tenggat lebih dulu"


@functools.lru_cache(maxsize=8)
def _presentasi(path: str, mtime: float) -> Mapping[str, Any]:
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return MappingProxyType(raw.get("presentasi", {}))


def settings(cfg: Konfigurasi) -> Mapping[str, Any]:
    """The `[presentasi]` section of the configuration (empty when absent), read once per version of the file."""
    return _presentasi(str(cfg.path), cfg.path.stat().st_mtime)


def default_meeting(cfg: Konfigurasi) -> Rapat:
    """The meeting when none is set up in the app: the deployment's defaults ([sentra] rapat, [presentasi] tanggal
    and slides)."""
    name = cfg.sentra.get("rapat") or cfg.sentra["nama"]
    value = settings(cfg).get("tanggal")
    if value is not None and not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            value = None
    entries = tuple(str(x) for x in settings(cfg).get("slides", DEFAULT_SEQUENCE))
    return Rapat(nama=name, tanggal=value, seri=name, slide=entries)


def meeting_in_force(found: list[Rapat], cfg: Konfigurasi, today: dt.date, wanted: int | None = None) -> Rapat:
    """The meeting the slides, the deck and the brief are for: the one asked for (`?rapat=ID`), else the next one
    set up (today or later), else the latest one set up, else the configuration's defaults."""
    if wanted is not None:
        for r in found:
            if r.id == wanted:
                return r
    coming = [r for r in found if r.tanggal is not None and r.tanggal >= today]
    if coming:
        return min(coming, key=lambda r: (r.tanggal, r.id or 0))
    return found[-1] if found else default_meeting(cfg)


def slide_sequence(cfg: Konfigurasi, rapat: Rapat | None = None) -> list[Slide]:
    """The meeting's slides (else the configured sequence), klaster:* expanded in the configuration's order."""
    out = []
    for entry in (rapat.slide if rapat is not None and rapat.slide else None) or settings(cfg).get(
        "slides", DEFAULT_SEQUENCE
    ):
        kind, _, which = str(entry).partition(":")
        if kind not in KINDS:
            raise UserError(
                "Konfigurasi presentasi tidak dikenal",
                f"[presentasi] slides: '{entry}' bukan salah satu dari {', '.join(KINDS)}.",
            )
        if kind in ("program", "ska") and not module_on(cfg, kind):
            continue  # [modul] program/ska = false: that slide is not part of this deployment's meeting
        if kind == "klaster":
            kodes = [k.kode for k in cfg.klaster] if which in ("", "*") else [which]
            unknown = [k for k in kodes if k not in {x.kode for x in cfg.klaster}]
            if unknown:
                raise UserError(
                    "Konfigurasi presentasi tidak dikenal",
                    f"[presentasi] slides: klaster '{unknown[0]}' tidak ada di [[klaster]].",
                )
            out += [Slide("klaster", k) for k in kodes]
        else:
            out.append(Slide(kind))  # kind checked against KINDS above
    return out


def meeting_date(cfg: Konfigurasi, rapat: Rapat | None = None) -> str:
    """The meeting's date (set up in the app), else [presentasi] tanggal, else today: a deck made for this month's
    meeting is dated today, not by a date written long ago."""
    if rapat is not None and rapat.tanggal is not None:
        return fmt.tanggal(rapat.tanggal)
    value = settings(cfg).get("tanggal") or today_in(cfg)
    if isinstance(value, dt.date):
        return fmt.tanggal(value)
    try:
        return fmt.tanggal(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def slide_title(cfg: Konfigurasi, slide: Slide, rapat: Rapat | None = None) -> str:
    """The slide's title (also its name in the slide list)."""
    if slide.kind == "judul":
        return rapat.nama if rapat is not None else default_meeting(cfg).nama
    if slide.kind == "klaster":
        return f"Klaster {cfg.label('klaster', slide.klaster or '')}"
    return TITLES[slide.kind]


def coverage_text(cfg: Konfigurasi) -> str:
    """'23 kabupaten/kota di 3 provinsi: A (17), B (4), C (2)'."""
    w = cfg.wilayah
    counts = w.groupby("provinsi", sort=False).size()
    parts = ", ".join(f"{p} ({n})" for p, n in counts.items())
    provinsi = f"{len(counts)} provinsi" if len(counts) > 1 else "provinsi"
    return f"Wilayah jangkauan: {len(w)} kabupaten/kota di {provinsi}: {parts}"


def participants_text(cfg: Konfigurasi, rapat: Rapat | None) -> str:
    """'Peserta: Kota Kendari, Kabupaten Muna' (a few), 'Peserta: 12 dari 23 kabupaten/kota' (many), or '' (all)."""
    if rapat is None or not rapat.wilayah or set(rapat.wilayah) >= set(cfg.kode_wilayah):
        return ""
    if len(rapat.wilayah) <= 3:
        return "Peserta: " + ", ".join(cfg.nama_wilayah(k) for k in rapat.wilayah)
    return f"Peserta: {len(rapat.wilayah)} dari {len(cfg.wilayah)} kabupaten/kota"


def source_text(cfg: Konfigurasi, fresh: pd.DataFrame | None, sample_note: bool = True) -> str:
    """'Sumber: … · diperbarui …' and DATA CONTOH when any figure is sample data (unless `sample_note` is False:
    the deck says it in a band at the top of every slide instead)."""
    where = f"Sumber: {cfg.sentra['nama']}"
    if fresh is None or fresh.empty:
        return where
    latest = fresh["waktu"].dropna()
    when = (
        f" · data diperbarui {fmt.waktu(latest.max(), cfg.sentra.get('zona_waktu', 'Asia/Jakarta'))}"
        if len(latest)
        else ""
    )
    contoh = " · DATA CONTOH (angka dibangkitkan, bukan data sebenarnya)" if sample_note and has_sample(fresh) else ""
    return where + when + contoh


SAMPLE_BAND = "DATA CONTOH · angka dibangkitkan untuk contoh, bukan data sebenarnya"  # slides, deck, brief


def has_sample(fresh: pd.DataFrame | None) -> bool:
    """Is any figure shown sample data (store.freshness's sample rows)?"""
    return fresh is not None and bool((fresh["baris_contoh"] > 0).any())


def scope_text(cfg: Konfigurasi, f: Filter) -> str:
    """'Desember 2025 · semua klaster · 23 kabupaten/kota'."""
    if f.wilayah:
        where = cfg.nama_wilayah(f.wilayah)
    elif f.provinsi:
        where = f"Provinsi {figures.province_name(cfg, f.provinsi)}"
    else:
        where = f"{len(cfg.wilayah)} kabupaten/kota"
    klaster = cfg.label("klaster", f.klaster) if f.klaster else "semua klaster"
    return f"{fmt.bulan(f.periode)} · {klaster} · {where}"


def slide_content(
    slide: Slide,
    data: dict[str, pd.DataFrame],
    cfg: Konfigurasi,
    f: Filter,
    today: dt.date,
    fresh: pd.DataFrame | None = None,
    rapat: Rapat | None = None,
) -> SlideContent:
    """The content of one slide for the filters in force (a klaster slide sets its own klaster); `rapat`: the
    meeting (its name and date on the title slide; default: the configuration's)."""
    s = cfg.kategori_singkatan
    title = slide_title(cfg, slide, rapat)
    if slide.kind == "judul":
        lines = [
            x
            for x in (
                " · ".join(x for x in (meeting_date(cfg, rapat), rapat.tempat if rapat else "") if x),
                f"{cfg.sentra['nama']} · {cfg.sentra.get('instansi', '')}".strip(" ·"),
                coverage_text(cfg),
                participants_text(cfg, rapat),
                f"Data: {scope_text(cfg, f)}",
            )
            if x
        ]
        return SlideContent(title, lines=lines, note=source_text(cfg, fresh))
    if slide.kind == "ringkasan":
        return SlideContent(
            title,
            scope_text(cfg, f),
            kpis=present.overview_kpis(data, cfg, f),
            chart=ChartData("klaster_bars", figures.pas_by_klaster(data["pas"], cfg, f), {"singkatan": s}),
            chart_title=f"{s} per klaster · batang muda: terdata · tua: dilayani · angka: cakupan",
            note="Angka kecil: perubahan dibanding bulan sebelumnya (persentase: dalam poin).",
        )
    if slide.kind == "peta":
        return _map_content(title, data, cfg, f)
    if slide.kind == "klaster":
        here = Filter(periode=f.periode, klaster=slide.klaster, provinsi=f.provinsi, wilayah=f.wilayah)
        table = figures.pas_breakdown(data["pas"], cfg, here, "kategori_pas")
        content = SlideContent(
            title,
            scope_text(cfg, here),
            kpis=present.overview_kpis(data, cfg, here)[:4],
            chart=ChartData("breakdown_bars", table, {"singkatan": s, "judul": cfg.kategori_judul}),
            chart_title=f"{cfg.kategori_judul} · angka: terdata · cakupan layanan",
            note="Batang muda: terdata · batang tua: dilayani. Perubahan dibanding bulan sebelumnya.",
        )
        if len(table) <= FEW_GROUPS:  # a bar or two would leave the slide half empty: its districts and months too
            mapped = map_data(data, cfg, here)
            content.ranking = mapped.ranking
            ranked = int(mapped.table["peringkat"].notna().sum())
            content.ranking_label, content.ranking_total = mapped.label, ranked
            content.ranking_title = ranking.heading(mapped.label, min(ranked, ranking.ROWS), ranked)
            months = figures.pas_trend(data["pas"], cfg, here)
            months = months[months["periode"].between(shift(f.periode, -(TREND_MONTHS - 1)), f.periode)]
            content.trend = ChartData("trend_lines", months, {"selected": f.periode, "singkatan": s})
            content.trend_title = f"{s} terdata dan dilayani, {TREND_MONTHS} bulan terakhir"
        return content
    if slide.kind == "program":
        rows = present.program_rows(data["program"], cfg, f)
        return SlideContent(
            title,
            scope_text(cfg, f) + f" · tahun anggaran {f.periode[:4]}",
            kpis=present.program_kpis(data["program"], cfg, f),
            table=program_table(rows),
            table_title=table_heading(PROGRAM_TABLE, min(len(rows), TABLE_ROWS), len(rows)),
            table_label=PROGRAM_TABLE,
            table_total=len(rows),
            empty="" if len(rows) else "Tidak ada data program untuk pilihan ini.",
            note=present.program_status_legend(cfg).replace("**", ""),
        )
    if slide.kind == "ska":
        monthly = figures.ska_monthly(data["ska"])
        if monthly.empty:
            return SlideContent(title, fmt.bulan(f.periode), empty="Belum ada data SKA.")
        return SlideContent(
            title,
            f"{fmt.bulan(f.periode)} · unit usaha {cfg.sentra['nama']}",
            kpis=present.ska_kpis(monthly, f.periode),
            chart=ChartData("ska_money_bars", monthly, {"periode": f.periode, "months": 12}),
            chart_title="Omzet (batang muda) dan laba kotor (batang tua) per bulan, juta rupiah",
            note="Perubahan: dibanding bulan sebelumnya. Tahun ke tahun: kartu terakhir, angkanya sendiri.",
        )
    if slide.kind == "tindak_lanjut":
        return _follow_up_content(title, data, cfg, f, today)
    raise ValueError(slide.kind)


def program_table(rows: pd.DataFrame, n: int = TABLE_ROWS) -> pd.DataFrame:
    """The programme table for a slide or a brief: the most urgent first, percentages as text."""
    top = rows.head(n)
    return pd.DataFrame(
        {
            "Program": top["Program"],
            "Wilayah": top["Wilayah"],
            "Status": top["Status jadwal"],
            "Capaian": [_percent(c) for c in top["Capaian"]],
            "Selisih jadwal": top["Selisih jadwal"],
            "Penyerapan": [_percent(c) for c in top["Penyerapan"]],
        }
    )


def _percent(c: float | None) -> str:
    return fmt.persen(c / 100) if c is not None and pd.notna(c) else fmt.TIDAK_ADA_DATA


def map_measure(cfg: Konfigurasi) -> figures.Measure:
    """The map slide's measure (`[presentasi] peta_ukuran`, cakupan by default)."""
    measures = {u.kode: u for u in figures.map_measures(cfg)}
    fallback = measures.get("cakupan") or next(iter(measures.values()))  # a configuration without cakupan
    return measures.get(settings(cfg).get("peta_ukuran", "cakupan"), fallback)


def map_data(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> MapContent:
    """Every district's class and colour for the map measure, and the ranking's top districts."""
    u = map_measure(cfg)
    ranked = present.district_ranking(figures.district_measures(data, cfg, f), cfg, u)
    table, legend = map_table(ranked, u.kind)
    top = ranking.rows(table, f.wilayah)
    chart = ChartData("ranked_bars", top, {"label": u.label, "jenis": u.kind, "selected": f.wilayah})
    return MapContent(table, legend, u.label, u.kind, f.wilayah, chart)


def _map_content(title: str, data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> SlideContent:
    peta = map_data(data, cfg, f)
    u = map_measure(cfg)
    return SlideContent(
        title,
        f"{peta.label} · {scope_text(cfg, f)}",
        map=peta,
        note=f"{u.help} Lima kelas (natural breaks); abu-abu: {fmt.TIDAK_ADA_DATA}.",
    )


def _follow_up_content(
    title: str, data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, today: dt.date
) -> SlideContent:
    tl = data["tindak_lanjut"]
    rows = figures.follow_ups(tl, cfg, f)
    if rows.empty:
        return SlideContent(title, scope_text(cfg, f), empty="Belum ada tindak lanjut untuk pilihan ini.")
    rapat = figures.meetings(rows)[0]
    table = present.follow_up_table(tl, cfg, f, rapat, today)
    shown = pd.DataFrame(
        {
            "Uraian": table["Uraian"],
            "Wilayah": table["Wilayah"],
            "Penanggung jawab": table["Penanggung jawab"],
            "Tenggat": table["Tenggat"],
            "Lewat tenggat": table["Lewat tenggat"],
            "Status": table["status"],
        }
    ).head(TABLE_ROWS)
    return SlideContent(
        title,
        f"{present.meeting_title(rows, rapat)} · hari ini {fmt.tanggal(today)}",
        kpis=present.follow_up_kpis(tl, cfg, f, today),
        table=shown,
        table_title=table_heading(FOLLOW_UP_TABLE, len(shown), len(table)),
        table_label=FOLLOW_UP_TABLE,
        table_total=len(table),
        note=f"Lewat tenggat: tenggat sebelum hari ini dan belum {figures.follow_up_done(cfg)}.",
    )
