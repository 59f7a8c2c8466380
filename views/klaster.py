"""Klaster: drill down klaster → PAS group → district → ATENSI services, each level ranked, with its trend and table.

The path's klaster and district are the shared sidebar filters (so every screen agrees); the PAS group is this
page's own, `?kategori=`. All three are in the URL: a drilled view can be bookmarked before the meeting.
"""
import streamlit as st

from lib import figures, present, ui, ui_export
from lib.render import charts

cfg, f = ui.page("Klaster")
data = ui.data()
s = cfg.kategori_singkatan
kategori = ui.url_value("drill_kategori", "kategori", figures.kategori_codes(cfg, f) if f.klaster else [])
level = figures.drill_level(f, kategori)
st.caption(f"{cfg.sentra['nama']} · {ui.scope_text(cfg, f)}")

# Breadcrumbs: each crumb goes back to its level (the parts after it are dropped); the last one is where we are.
crumbs = [("Semua klaster", {"f_klaster": ui.SEMUA, "drill_kategori": None})]
if f.klaster:
    crumbs.append((cfg.label("klaster", f.klaster), {"drill_kategori": None}))
if kategori:
    crumbs.append((cfg.label("kategori", kategori), {}))
if level == 3:
    crumbs.append((cfg.nama_wilayah(f.wilayah), {}))
    for _, drop in crumbs[:-1]:
        drop["f_wilayah"] = ui.SEMUA  # going back from a district's services leaves the district
with st.container(horizontal=True, vertical_alignment="center", gap="small"):
    for i, (label, drop) in enumerate(crumbs[:-1]):
        st.button(label, key=f"jejak_{i}", on_click=ui.set_state, kwargs=drop, icon="⬅️" if i == 0 else None)
        st.markdown("›")
    st.markdown(f"**{crumbs[-1][0]}**")

titles = [f"{s} per klaster", f"{cfg.kategori_judul} dalam klaster {cfg.label('klaster', f.klaster or '')}",
          f"Kabupaten/kota: {cfg.label('kategori', kategori or '')}",
          f"Layanan ATENSI: {cfg.label('kategori', kategori or '')} di {cfg.nama_wilayah(f.wilayah or '')}"]
st.subheader(titles[level])
left, right = st.columns([11, 9])
with left:
    if level < 3:
        by = figures.DRILL_BY[level]
        table = figures.pas_breakdown(data["pas"], cfg, f, by, kategori)
        judul = ["Klaster", cfg.kategori_judul, "Kabupaten/kota"][level]
        ui_export.chart_with_download(charts.breakdown_bars(table, s, judul), f"{s} per {judul} {f.periode}")
        st.caption(f"Batang muda: {s} terdata · batang tua: dilayani · angka: terdata · cakupan layanan.")
        target = ["f_klaster", "drill_kategori", "f_wilayah"][level]
        options = figures.drill_options(table)
        ui.drill_choice("Rinci lebih lanjut: pilih salah satu", options, f"rinci_{level}", target)
    else:
        kats = [kategori]
        services = figures.service_breakdown(data["layanan"], cfg, [f.wilayah], kats, f.periode)
        ui.service_chart(services, cfg, f"layanan {f.wilayah} {f.periode}",
                         f"Tidak ada data layanan untuk {cfg.label('kategori', kategori)} pada bulan ini.",
                         "Angka di ujung batang: jumlah penerima layanan pada bulan terpilih.")
        st.page_link("views/profil.py", label=f"Buka profil {cfg.nama_wilayah(f.wilayah)} ›",
                     query_params={"kode": f.wilayah})
with right:
    scope = [f"semua {s}", f"klaster {cfg.label('klaster', f.klaster or '')}", cfg.label("kategori", kategori or ""),
             f"{cfg.label('kategori', kategori or '')} di {cfg.nama_wilayah(f.wilayah or '')}"][level]
    st.markdown(f"**Tren 24 bulan: {scope}**")
    trend = figures.drill_trend(data["pas"], cfg, f, kategori)
    ui_export.chart_with_download(charts.trend_lines(trend, f.periode, s), f"tren {scope} {f.periode}")

st.markdown("**Angka**")
if level < 3:
    ui_export.table_with_downloads(present.breakdown_rows(table, judul), f"{s} per {judul} {f.periode}")
else:
    ui_export.table_with_downloads(present.service_rows(services, cfg), f"layanan {f.wilayah} {f.periode}")
