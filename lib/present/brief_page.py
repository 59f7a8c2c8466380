"""The district brief's page content (one district: its map, key figures, klaster chart, programmes, open
follow-ups), built from lib.figures and lib.present like Profil Wilayah.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lib import figures, fmt, present
from lib.config import Konfigurasi
from lib.figures import Filter
from lib.figures.indicators import indicators
from lib.present.content import ChartData, DistrictPage, MapContent, Section
from lib.present.slides import default_meeting, has_sample, map_data, meeting_date, program_table
from lib.store.meetings import Rapat


def meeting_line(cfg: Konfigurasi, rapat: Rapat | None) -> str:
    """'Untuk Rakornis Triwulan IV, 14 Desember 2026': the meeting the brief is taken home from."""
    rapat = rapat or default_meeting(cfg)
    return f"Untuk {rapat.nama}, {meeting_date(cfg, rapat)}"


def district_page(
    data: dict[str, pd.DataFrame],
    cfg: Konfigurasi,
    f: Filter,
    kode: str,
    today: dt.date,
    fresh: pd.DataFrame | None = None,
    peta: MapContent | None = None,
    rapat: Rapat | None = None,
) -> DistrictPage:
    """The brief's page of one district. `peta` (map_data of the whole coverage, the same for every district) is
    computed when not given; the page's map holds the district's province, the district outlined. `rapat`: the
    meeting the brief is for (its name and date in the subtitle; default: the configuration's)."""
    here = Filter(periode=f.periode, klaster=f.klaster, wilayah=kode)
    s = cfg.kategori_singkatan
    peta = peta or map_data(data, cfg, Filter(periode=f.periode, klaster=f.klaster))
    prov = cfg.wilayah.at[kode, "kode_provinsi"]
    in_prov = MapContent(peta.table[peta.table["kode_provinsi"] == prov], peta.legend, peta.label, peta.kind, kode)
    rows = present.program_rows(data["program"], cfg, here)
    programs = Section(
        f"Program tahun anggaran {f.periode[:4]}",
        None if rows.empty else program_table(rows, n=12).drop(columns="Wilayah"),
        present.program_status_legend(cfg).replace("**", ""),
        f"Tidak ada program di {cfg.nama_wilayah(kode)} pada tahun anggaran ini.",
    )
    open_items = present.open_follow_ups(data["tindak_lanjut"], cfg, kode, today)
    follow_ups = Section(
        "Tindak lanjut yang belum selesai",
        None
        if open_items.empty
        else open_items[["Uraian", "Tenggat", "Keterangan", "Status", "Penanggung jawab"]].head(12),
        f"Dibandingkan dengan hari ini, {fmt.tanggal(today)}. Termasuk tindak lanjut untuk semua wilayah.",
        "Tidak ada tindak lanjut terbuka untuk wilayah ini.",
    )
    # Output as cards, as on the profile; impact (the dampak indicators) in one line under them: the page holds one A4
    cards = present.profile_kpis(data, cfg, f, kode)
    dampak = {i.nama for i in indicators(cfg, "wilayah") if i.kelompok == "dampak"}
    impact = "; ".join(f"{k.label} {k.text}" + (f" ({k.change_text})" if k.change_text else "") for k in cards if k.label in dampak)  # fmt: skip
    return DistrictPage(
        title=cfg.nama_wilayah(kode),
        subtitle=f"{present.profile_header(data, cfg, here)} · {cfg.sentra['nama']} · {meeting_line(cfg, rapat)}",
        sample=has_sample(fresh),
        map=in_prov,
        map_title=f"{peta.label} · Provinsi {cfg.wilayah.at[kode, 'provinsi']}",
        kpis=[k for k in cards if k.label not in dampak],
        kpi_note=(f"Dampak: {impact}. " if impact else "")
        + "Angka kecil: perubahan dibanding bulan sebelumnya (persentase: dalam poin; peringkat: naik = turun "
        "peringkat). Peta: kabupaten/kota ini bergaris oranye; kelas warna dari seluruh wilayah jangkauan.",
        chart=ChartData(
            "breakdown_bars",
            figures.pas_breakdown(data["pas"], cfg, here, "klaster"),
            {"singkatan": s, "judul": "Klaster"},
        ),
        chart_title=f"{s} per klaster",
        chart_note=f"Batang muda: {s} terdata · batang tua: dilayani · angka: terdata · cakupan layanan.",
        programs=programs,
        follow_ups=follow_ups,
    )
