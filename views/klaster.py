"""Klaster: drill down klaster → PAS group → district → ATENSI services, each level ranked, with its trend and table.

The path's klaster and district are the shared sidebar filters (so every screen agrees); the PAS group is this
page's own, `?kategori=`. All three are in the URL: a drilled view can be bookmarked before the meeting.
"""

import streamlit as st

from lib import present, ui
from lib.render import charts

cfg, f = ui.page("Klaster")
s = cfg.kategori_singkatan
step = present.drill_step(cfg, f, ui.drill_kategori(cfg, f))
st.caption(present.screen_caption(cfg, f))
ui.breadcrumbs(step)

st.subheader(step.title)
left, right = st.columns([11, 9])
with left:
    if step.by:
        breakdown = ui.figure(present.drill_breakdown, f, step)  # per data version and path, every session
        ui.chart_with_download(charts.breakdown_bars, breakdown, s, step.axis, name=step.name)
        st.caption(f"Batang muda: {s} terdata · batang tua: dilayani · angka: terdata · cakupan layanan.")
        ui.drill_next(step, breakdown.value())
    else:
        services = ui.figure(present.drill_services, f, step)
        ui.service_chart(
            services,
            cfg,
            step.name,
            step.no_services,
            "Angka di ujung batang: jumlah penerima layanan pada bulan terpilih.",
        )
        st.page_link(
            "views/profil.py", label=f"Buka profil {cfg.nama_wilayah(f.wilayah)} ›", query_params={"kode": f.wilayah}
        )
with right:
    trend = ui.figure(present.drill_scope_trend, f, step)
    st.markdown(f"**{present.trend_title(trend.value())}: {step.scope}**")
    ui.chart_with_download(charts.trend_lines, trend, f.periode, s, name=f"tren {step.scope} {f.periode}")

st.markdown("**Angka**")
if step.by:
    ui.table_with_downloads(present.breakdown_rows(breakdown.value(), step.axis), step.name)
else:
    ui.table_with_downloads(present.service_rows(services.value(), cfg), step.name)
