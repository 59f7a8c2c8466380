"""Peta: the coverage's districts coloured by a measure, a ranked bar chart beside it, a district's key figures."""

import streamlit as st

from lib import figures, present, ui
from lib.present.legend import map_table
from lib.render import maps
from lib.ui import charts  # the builders of lib.render.charts, each chart shared per exact data

cfg, f = ui.page("Peta")
st.caption(present.screen_caption(cfg, f))

ukuran, kategori, selected = ui.map_controls(cfg, f)
measures = ui.memo(figures.district_measures, ui.data(), cfg, f, kategori)
table, legend = map_table(present.district_ranking(measures, cfg, ukuran), ukuran.kind)
label = ukuran.label + (f" · {cfg.label('kategori', kategori)}" if kategori else "")
batas = ui.map_boundaries(cfg)

left, right = st.columns([5, 3])
with left:
    fokus = ui.map_focus(cfg, f)
    ui.map_legend(legend, label, present.sentra_name(cfg))
    ui.show_map(maps.district_map(table, label, cfg, batas, fokus, selected))
    if batas is not None:
        st.caption(ui.as_text(batas.atribusi))
with right:
    if selected:
        ui.district_panel(cfg, selected, present.district_panel_rows(measures, cfg, selected), f.periode)
    st.markdown(f"**Peringkat {len(table)} kabupaten/kota**")
    ui.chart_with_download(
        charts.ranked_bars(table, label, ukuran.kind, selected), f"peringkat {ukuran.kode} {f.periode}"
    )

ui.boundary_notes(cfg, batas)
st.caption(
    f"{ukuran.help} Peringkat di antara seluruh wilayah jangkauan (filter provinsi dan kabupaten/kota di "
    "samping hanya mengatur bingkai peta). Perubahan dibanding bulan sebelumnya. Arahkan kursor ke wilayah "
    "untuk rinciannya; klik untuk memilihnya."
)
ui.boundary_upload(cfg, batas)
