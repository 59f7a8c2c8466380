"""Bandingkan Wilayah: 2–6 districts side by side, against the coverage and province averages, in figures, in words,
over time and in the ranking of all districts. The picked districts, scale and measure are in the URL."""

import streamlit as st

from lib import figures, present, ui
from lib.render import charts

cfg, f = ui.page("Bandingkan Wilayah")
s = cfg.kategori_singkatan
st.caption(present.period_caption(cfg, f))

measures = {u.kode: u for u in figures.map_measures(cfg)}
scales = {"absolut": "Absolut", "per10rb": "Per 10.000 penduduk"}
ui.to_url("skala", ui.from_url("banding_skala", "skala", list(scales), "absolut"))
ui.to_url("ukuran", ui.from_url("banding_ukuran", "ukuran", list(measures), ui.default_measure(cfg, "cakupan")))

pick, scale = st.columns([2, 1], vertical_alignment="bottom")
picked = ui.compare_choice(cfg, f, pick)
skala = scale.segmented_control("Jumlah", list(scales), key="banding_skala", format_func=scales.get) or "absolut"
if len(picked) < 2:
    st.info("Pilih paling sedikit 2 kabupaten/kota untuk dibandingkan.")
    ui.stop()
per10rb = skala == "per10rb"
programs = present.module_on(cfg, "program")

kode = st.segmented_control(
    "Ukuran", list(measures), key="banding_ukuran", format_func=lambda k: measures[k].label
) or ui.default_measure(cfg, "cakupan")
ukuran = measures[kode]
compared = ui.shared(present.comparison, f, tuple(picked), per10rb, ukuran)  # per data version, every session
ui.kpi_grid(compared.kpis, per_row=max(3, len(picked)))
st.caption(f"**{ukuran.label}**: {ukuran.help} Angka kecil: perubahan dibanding bulan sebelumnya.")

st.subheader("Dalam kata-kata")
st.markdown("\n".join(f"- {line}" for line in compared.statements))

st.subheader("Angka berdampingan")
ui.fitted_table(compared.rows, f"bandingkan {f.periode}")
st.caption(present.compare_caption(programs))
links = st.columns(len(picked))
for col, k in zip(links, picked):
    col.page_link("views/profil.py", label=f"Profil {present.short_name(cfg, k)} ›", query_params={"kode": k})

trend = ui.figure(figures.compare_trend, f, tuple(picked), per10rb)
st.subheader(f"{present.trend_title(trend.value())}{' per 10.000 penduduk' if per10rb else ''}")
ui.chart_with_download(
    charts.trend_small_multiples,
    trend,
    f"{s}{' per 10.000' if per10rb else ''}",
    f.periode,
    1 if per10rb else 0,
    columns=3,
    name=f"tren bandingkan {f.periode}",
    draw={"width": None},
)
st.caption(
    "Sumbu tegak sama untuk semua kabupaten/kota. Garis muda: terdata · garis tua: dilayani · garis oranye: "
    "bulan terpilih."
)
st.subheader(f"Peringkat semua kabupaten/kota: {ukuran.label}")
ui.chart_with_download(
    charts.compare_ranking,
    ui.figure(present.measure_ranking, f, ukuran),
    picked,
    ukuran.label,
    ukuran.kind,
    compared.average,
    name=f"peringkat {ukuran.kode} {f.periode}",
)
st.caption("Oranye: yang dibandingkan · garis putus-putus: rata-rata wilayah jangkauan.")
