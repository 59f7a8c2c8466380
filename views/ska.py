"""SKA: the Sentra Kreasi ATENSI showroom — visitors, products sold, turnover, gross profit, margin, year on year."""

import streamlit as st

from lib import figures, fmt, present, ui
from lib.ui import charts  # the builders of lib.render.charts, each chart shared per exact data

cfg, f = ui.page("Sentra Kreasi ATENSI (SKA)")
ska = ui.ska_data()
units = figures.ska_units(ska)
st.caption(
    f"{present.sentra_name(cfg)} · {fmt.bulan(f.periode)} · SKA adalah unit usaha Sentra: angkanya tidak dibagi "
    "per kabupaten/kota atau klaster, jadi filter wilayah dan klaster tidak berlaku di halaman ini."
)
if not units:
    st.info("Belum ada data SKA. Unggah lembar SKA di halaman Unggah Data.")
    st.stop()
unit = ui.ska_unit_choice(units)
screen = ui.shared(present.ska_screen, ska, cfg, unit, f.periode)  # per store state, every session

ui.kpi_grid(screen.kpis)
st.caption("Angka kecil berpanah: perubahan dibanding bulan yang sama tahun sebelumnya (margin: dalam poin).")

left, right = st.columns([1, 1])
with left:
    st.subheader("Omzet dan laba kotor per bulan")
    ui.chart_with_download(charts.ska_money_bars(screen.monthly, f.periode), f"SKA omzet laba {f.periode}")
    st.caption("Batang muda: omzet · batang tua: laba kotor · garis jingga: bulan terpilih.")
with right:
    st.subheader("Tahun ini dibanding tahun lalu")
    ukuran = (
        st.segmented_control(
            "Ukuran",
            list(figures.SKA_UKURAN),
            default="pengunjung",
            key="ska_ukuran",
            format_func=figures.SKA_UKURAN.get,
        )
        or "pengunjung"
    )
    uang = ukuran in figures.SKA_UANG
    ui.chart_with_download(
        charts.ska_year_lines(screen.by_month[ukuran], figures.SKA_UKURAN[ukuran], uang),
        f"SKA {ukuran} tahun ini dan lalu {f.periode}",
    )

st.subheader("Sejak awal tahun")
ui.table_with_downloads(screen.year_to_date, f"SKA sejak awal tahun {f.periode}")
