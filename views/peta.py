"""Peta: the coverage's districts coloured by a measure, a ranked bar chart beside it, a district's key figures."""

import streamlit as st

from lib import present, ui
from lib.render import charts, maps

cfg, f = ui.page("Peta")
st.caption(present.screen_caption(cfg, f))

ukuran, kategori, selected = ui.map_controls(cfg, f)
screen = ui.figure(present.map_screen, f, kategori, ukuran)  # per data version and choice, every session
mapped = screen.value()
table, legend = mapped.table, mapped.legend
label = ukuran.label + (f" · {cfg.label('kategori', kategori)}" if kategori else "")
batas = ui.map_boundaries(cfg)

left, right = st.columns([5, 3])
with left:
    fokus = ui.map_focus(cfg, f)
    ui.map_legend(legend, label, present.sentra_name(cfg))
    placed, listed = maps.screen_names(table, cfg, batas, fokus, selected)
    land = ui.map_land(cfg, batas, fokus)
    ui.show_map(maps.district_map(table, label, cfg, batas, fokus, selected, land, placed=placed))
    ui.map_numbers(listed)
    if batas is not None:
        st.caption(ui.as_text(batas.atribusi))
with right:
    if selected:
        ui.district_panel(cfg, selected, present.district_panel_rows(mapped.measures, cfg, selected), f.periode)
    st.markdown(f"**Peringkat {len(table)} kabupaten/kota**")
    ui.chart_with_download(
        charts.ranked_bars,
        screen.part("table"),
        label,
        ukuran.kind,
        selected,
        name=f"peringkat {ukuran.kode} {f.periode}",
    )

ui.boundary_notes(cfg, batas)
st.caption(
    f"{ukuran.help} Peringkat di antara seluruh wilayah jangkauan (filter provinsi dan kabupaten/kota di "
    "samping hanya mengatur bingkai peta). Perubahan dibanding bulan sebelumnya. Arahkan kursor ke wilayah "
    "untuk rinciannya; klik untuk memilihnya."
)
ui.boundary_upload(cfg, batas)
