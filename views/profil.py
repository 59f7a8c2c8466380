"""Profil Wilayah: everything about one district on one screen — key figures and their change, trend, klaster and
PAS groups, services, programmes, SDM and PAS per social worker, open follow-ups. `?kode=74.71` opens a district
(the map, the comparison and the drill-down link here); the sidebar's district, when chosen, is followed."""

import streamlit as st

from lib import figures, present, ui
from lib.render import charts

cfg, f = ui.page(None)  # the title is the district's name, below
s = cfg.kategori_singkatan
title, pick = st.columns([3, 1], vertical_alignment="bottom")
kode = ui.profile_district(cfg, f, pick)
title.title(cfg.nama_wilayah(kode))
here = figures.Filter(periode=f.periode, klaster=f.klaster, wilayah=kode)
st.caption(ui.shared(present.profile_header, here))  # per data version and arguments, every session
ui.kpi_grid(ui.shared(present.profile_kpis, f, kode))
st.caption("Angka kecil berpanah: perubahan dibanding bulan sebelumnya (untuk persentase: dalam poin).")
go = st.columns(3)
go[0].page_link("views/bandingkan.py", label="Bandingkan dengan wilayah lain ›", query_params={"banding": kode})
with go[2]:
    ui.brief_download(cfg, f, kode)

left, right = st.columns(2)
with left:
    trend = ui.figure(figures.pas_trend, here, dataset="pas")
    st.subheader(present.trend_title(trend.value()))
    ui.chart_with_download(charts.trend_lines, trend, f.periode, s, name=f"tren {kode} {f.periode}")
with right:
    st.subheader(f"{s} per klaster")
    by_klaster = ui.figure(present.klaster_breakdown, here)
    ui.chart_with_download(charts.breakdown_bars, by_klaster, s, "Klaster", name=f"klaster {kode} {f.periode}")
    st.caption(f"Angka di ujung batang: {s} terdata · cakupan layanan.")

st.subheader(cfg.kategori_judul)
ui.table_with_downloads(ui.shared(present.category_rows, f, kode), f"{s} {cfg.nama_wilayah(kode)} {f.periode}")

st.subheader(f"{present.term(cfg, 'layanan')} yang diberikan")
ui.service_chart(
    ui.figure(present.district_services, f, kode),
    cfg,
    f"layanan {kode} {f.periode}",
    f"Tidak ada data layanan pada {present.scope_text(cfg, here)}.",
    "Angka di ujung batang: jumlah penerima layanan pada bulan terpilih, semua kelompok.",
)

if present.module_on(cfg, "program"):
    st.subheader("Program")
    ui.programs_or_none(
        ui.shared(present.program_rows, here, dataset="program"),
        f"Tidak ada program di {cfg.nama_wilayah(kode)} pada tahun anggaran ini.",
    )

sdm, follow = st.columns([2, 3])
with sdm:
    st.subheader("SDM kesejahteraan sosial")
    ui.table_with_downloads(
        ui.shared(present.sdm_rows, kode, int(f.periode[:4]), dataset="sdm"), f"SDM {kode} {f.periode}"
    )
    st.markdown(ui.shared(present.worker_ratio_text, f, kode))
with follow:
    st.subheader("Tindak lanjut yang belum selesai")
    open_items = ui.shared(present.open_follow_ups, kode, ui.today(cfg), dataset="tindak_lanjut")
    if open_items.empty:
        st.success("Tidak ada tindak lanjut terbuka untuk wilayah ini.")
    else:
        ui.table_with_downloads(open_items, f"tindak lanjut {kode}")
