"""SKA: the Sentra Kreasi ATENSI showroom — visitors, products sold, turnover, gross profit, margin, year on year."""

import streamlit as st

from lib import figures, fmt, present, ui
from lib.render import charts

cfg, f = ui.page("Sentra Kreasi ATENSI (SKA)")
units = figures.ska_units(ui.ska_data())
st.caption(
    f"{present.sentra_name(cfg)} · {fmt.bulan(f.periode)} · SKA adalah unit usaha Sentra: angkanya tidak dibagi "
    "per kabupaten/kota atau klaster, jadi filter wilayah dan klaster tidak berlaku di halaman ini."
)
if not units:
    st.info("Belum ada data SKA. Unggah lembar SKA di halaman Unggah Data.")
    ui.stop()
unit = ui.ska_unit_choice(units)
screen = ui.figure(present.ska_screen, unit, f.periode, dataset="ska")  # per data version, every session

ui.kpi_grid(screen.value().kpis)  # five per row wraps "Rp 46,5 juta" at 1280 px: year-on-year on a row of its own
st.caption(
    "Angka kecil berpanah: perubahan dibanding bulan sebelumnya (margin: dalam poin). Tahun ke tahun: kartu "
    "terakhir dan grafik di kanan."
)

left, right = st.columns([1, 1])
with left:
    st.subheader("Omzet dan laba kotor per bulan")
    monthly = screen.part("monthly")
    ui.chart_with_download(charts.ska_money_bars, monthly, f.periode, name=f"SKA omzet laba {f.periode}")
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
    by_month = screen.part("by_month", ukuran)
    ui.chart_with_download(
        charts.ska_year_lines,
        by_month,
        figures.SKA_UKURAN[ukuran],
        ukuran in figures.SKA_UANG,
        name=f"SKA {ukuran} tahun ini dan lalu {f.periode}",
    )

st.subheader("Sejak awal tahun")
ui.table_with_downloads(screen.value().year_to_date, f"SKA sejak awal tahun {f.periode}")
