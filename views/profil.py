"""Profil Wilayah: everything about one district on one screen — key figures and their change, trend, klaster and
PAS groups, services, programmes, SDM and PAS per social worker, open follow-ups. `?kode=74.71` opens a district
(the map, the comparison and the drill-down link here); the sidebar's district, when chosen, is followed."""
import streamlit as st

from lib import figures, fmt, present, ui, ui_export
from lib.render import charts

cfg, f = ui.page(None)  # the title is the district's name, below
data = ui.data()
s = cfg.kategori_singkatan
fresh = "profil_kode" not in st.session_state  # just arrived: the URL (?kode=) decides, not the sidebar
if not fresh and f.wilayah and st.session_state.get("profil_ikut") != f.wilayah:  # sidebar district changed
    st.session_state["profil_kode"] = f.wilayah
st.session_state["profil_ikut"] = f.wilayah
home = cfg.sentra.get("kode_wilayah")
ui.url_value("profil_kode", "kode", cfg.kode_wilayah, f.wilayah or (home if home in cfg.kode_wilayah
                                                                    else cfg.kode_wilayah[0]))
title, pick = st.columns([3, 1], vertical_alignment="bottom")
kode = pick.selectbox("Ganti kabupaten/kota", cfg.kode_wilayah, key="profil_kode", format_func=cfg.nama_wilayah)
title.title(cfg.nama_wilayah(kode))
here = figures.Filter(periode=f.periode, klaster=f.klaster, wilayah=kode)
st.caption(present.profile_header(data, cfg, here))
ui.kpi_grid(ui.memo(present.profile_kpis, data, cfg, f, kode))
st.caption("Angka kecil berpanah: perubahan dibanding bulan sebelumnya (untuk persentase: dalam poin).")
go = st.columns(3)
go[0].page_link("views/bandingkan.py", label="Bandingkan dengan wilayah lain ›", query_params={"banding": kode})
with go[2]:
    ui_export.brief_download(cfg, f, kode)

left, right = st.columns(2)
with left:
    st.subheader("Tren 24 bulan")
    ui_export.chart_with_download(charts.trend_lines(figures.pas_trend(data["pas"], cfg, here), f.periode, s),
                                  f"tren {kode} {f.periode}")
with right:
    st.subheader(f"{s} per klaster")
    by_klaster = figures.pas_breakdown(data["pas"], cfg, here, "klaster")
    ui_export.chart_with_download(charts.breakdown_bars(by_klaster, s, "Klaster"), f"klaster {kode} {f.periode}")
    st.caption(f"Angka di ujung batang: {s} terdata · cakupan layanan.")

st.subheader(cfg.kategori_judul)
ui_export.table_with_downloads(ui.memo(present.category_rows, data, cfg, f, kode), f"{s} {cfg.nama_wilayah(kode)} {f.periode}")

st.subheader("Layanan ATENSI yang diberikan")
services = figures.service_breakdown(data["layanan"], cfg, [kode], figures.kategori_codes(cfg, f), f.periode)
ui.service_chart(services, cfg, f"layanan {kode} {f.periode}", f"Tidak ada data layanan pada {ui.scope_text(cfg, here)}.",
                 "Angka di ujung batang: jumlah penerima layanan pada bulan terpilih, semua kelompok.")

st.subheader("Program")
programs = present.program_rows(data["program"], cfg, here)
if programs.empty:
    st.info(f"Tidak ada program di {cfg.nama_wilayah(kode)} pada tahun anggaran ini.")
else:
    ui.program_table(programs)

sdm, follow = st.columns([2, 3])
with sdm:
    st.subheader("SDM kesejahteraan sosial")
    ui_export.table_with_downloads(present.sdm_rows(data["sdm"], cfg, kode, int(f.periode[:4])), f"SDM {kode} {f.periode}")
    mine, area = (ui.memo(figures.worker_ratio, data, cfg, f.klaster, f.periode, tuple(k))
                  for k in ([kode], cfg.kode_wilayah))
    st.markdown(f"**{fmt.angka(mine, 1)}** {s} terdata per pekerja sosial "
                f"(rata-rata wilayah jangkauan: {fmt.angka(area, 1)}).")
with follow:
    st.subheader("Tindak lanjut yang belum selesai")
    open_items = present.open_follow_ups(data["tindak_lanjut"], cfg, kode, ui.today(cfg))
    if open_items.empty:
        st.success("Tidak ada tindak lanjut terbuka untuk wilayah ini.")
    else:
        ui_export.table_with_downloads(open_items, f"tindak lanjut {kode}")
