"""Program: each programme's achievement against its target and schedule, budget absorption, the year's timeline."""

import streamlit as st

from lib import figures, present, ui
from lib.render import charts

cfg, f = ui.page("Program")
st.caption(f"{present.screen_caption(cfg, f)} · tahun anggaran {f.periode[:4]}, keadaan akhir bulan terpilih")

ui.kpi_grid(ui.shared(present.program_kpis, f))  # per data version and filter, every session

counts = ui.shared(figures.program_class_counts, f, dataset="program")
if not sum(counts.values()):
    st.info(f"Tidak ada data program untuk pilihan ini ({present.scope_text(cfg, f)}).")
    ui.stop()
left, right = st.columns([5, 2], vertical_alignment="bottom")
with left:
    kelas = ui.status_pills("Saring status jadwal (kosong = semua)", counts, key="program_status")
with right:
    per_wilayah = st.toggle("Per kabupaten/kota", key="program_per_wilayah")
table = ui.shared(present.program_rows, f, kelas, per_wilayah, dataset="program")
ui.program_table(table)
ui.table_downloads(table, f"program {f.periode}")
st.caption(present.program_status_legend(cfg))

st.subheader(f"Lini waktu program {f.periode[:4]}")
timeline = ui.figure(figures.program_timeline, f, dataset="program")
if timeline.value().empty:
    st.info("Belum ada program yang berjalan sampai bulan terpilih.")
else:
    ui.chart_with_download(charts.program_timeline, timeline, f.periode, name=f"lini waktu program {f.periode}")
    st.caption(
        "Batang tegas: dari bulan mulai sampai selesai (atau sampai bulan terpilih) · batang pudar: sisa "
        "tahun anggaran · garis putus-putus: akhir bulan terpilih · angka: capaian."
    )
