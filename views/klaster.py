"""Klaster: drill down klaster → PAS group → district → ATENSI services, each level ranked, with its trend and table.

The path's klaster and district are the shared sidebar filters (so every screen agrees); the PAS group is this
page's own, `?kategori=`. All three are in the URL: a drilled view can be bookmarked before the meeting.
"""

import streamlit as st

from lib import present, ui
from lib.ui import charts  # the builders of lib.render.charts, each chart shared per exact data

cfg, f = ui.page("Klaster")
data = ui.data()
s = cfg.kategori_singkatan
step = present.drill_step(cfg, f, ui.drill_kategori(cfg, f))
st.caption(present.screen_caption(cfg, f))
ui.breadcrumbs(step)

st.subheader(step.title)
left, right = st.columns([11, 9])
with left:
    if step.by:
        table = present.drill_breakdown(data, cfg, f, step)
        ui.chart_with_download(charts.breakdown_bars(table, s, step.axis), step.name)
        st.caption(f"Batang muda: {s} terdata · batang tua: dilayani · angka: terdata · cakupan layanan.")
        ui.drill_next(step, table)
    else:
        services = present.drill_services(data, cfg, f, step)
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
    trend = present.drill_scope_trend(data, cfg, f, step)
    st.markdown(f"**{present.trend_title(trend)}: {step.scope}**")
    ui.chart_with_download(charts.trend_lines(trend, f.periode, s), f"tren {step.scope} {f.periode}")

st.markdown("**Angka**")
if step.by:
    ui.table_with_downloads(present.breakdown_rows(table, step.axis), step.name)
else:
    ui.table_with_downloads(present.service_rows(services, cfg), step.name)
