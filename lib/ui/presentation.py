"""Presentation mode (`?mode=presentasi&slide=3`): the configured slides, large type, no Streamlit chrome.

For the Kepala Sentra sharing a screen on Zoom: the sidebar, header and toolbar are hidden; type is 1,35× larger;
black on white with thick marks (Zoom's compression smears thin lines and pale text); one slide at a time, fitting
1280×720 without scrolling; previous/next buttons and the slide number; each slide addressable by its URL; the
shared filters (period, klaster, province, district) stay in the URL and apply to every slide.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from lib.config import Konfigurasi
from lib.figures import Filter
from lib.present import Kpi, content, palette, slides
from lib.present.content import ChartData, MapContent, Slide, SlideContent
from lib.present.legend import NO_DATA_TEXT
from lib.render import export
from lib.store.meetings import Rapat
from lib.ui.cache import data, today
from lib.ui.maps import map_boundaries, map_land
from lib.ui.meetings import RAPAT, meeting

MODE, MODE_VALUE, SLIDE = "mode", "presentasi", "slide"
SCALE = 1.35  # type size against the normal pages
CHART_FONT = 17  # chart labels on a slide (the pages use 13)
SHORT_CELL = 22  # a table column whose texts are all this short stays on one line
TITLE_CHARS = 58  # a title longer than this is set smaller, to stay on one line (long klaster names)

CSS = f"""<style>
html {{ font-size: {16 * SCALE:.1f}px; }}
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
header, [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
#MainMenu, footer {{ display: none !important; }}
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ background: {palette.WHITE};
    color: {palette.BLACK}; }}
[data-testid="stMainBlockContainer"] {{ padding: 0.6rem 1.4rem 0.2rem 1.4rem !important; max-width: 100% !important; }}
[data-testid="stVerticalBlock"] {{ gap: 0.45rem; }}
h1 {{ font-size: 1.75rem !important; padding: 0 !important; margin: 0 !important; color: {palette.NAVY} !important;
      font-weight: 800 !important; line-height: 1.25 !important; }}
.slide-sub {{ font-size: 0.85rem; color: {palette.BLACK}; font-weight: 600; }}
.slide-note {{ font-size: 0.72rem; color: #1a1a1a; }}
.slide-kpis {{ display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.45rem; }}
.slide-kpi {{ border: 3px solid {palette.NAVY}; border-radius: 0.4rem; padding: 0.25rem 0.6rem;
              background: {palette.WHITE}; }}
.slide-kpi .l {{ font-size: 0.72rem; font-weight: 700; color: {palette.BLACK}; line-height: 1.15; }}
.slide-kpi .v {{ font-size: 1.45rem; font-weight: 800; color: {palette.BLACK}; line-height: 1.2; white-space: nowrap; }}
.slide-kpi .c {{ font-size: 0.72rem; font-weight: 700; line-height: 1.1; }}
.slide-kpi .baik {{ color: {palette.TONE["baik"]}; }} .slide-kpi .buruk {{ color: {palette.TONE["buruk"]}; }}
.slide-kpi .netral {{ color: {palette.TONE["netral"]}; }}
.slide-table {{ width: 100%; border-collapse: collapse; font-size: 0.72rem; line-height: 1.25; color: {palette.BLACK}; }}
.slide-table th {{ background: {palette.NAVY}; color: {palette.WHITE}; text-align: left; padding: 0.2rem 0.4rem; }}
.slide-table td {{ border-bottom: 2px solid #555; padding: 0.15rem 0.4rem; vertical-align: top; }}
.slide-table .n {{ white-space: nowrap; }}
.slide-table .cl {{ display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }}
.slide-title {{ height: 520px; display: flex; flex-direction: column; justify-content: center; padding: 0 2rem;
                border-left: 14px solid {palette.NAVY}; }}
.slide-title .t {{ font-size: 2.4rem; font-weight: 800; color: {palette.NAVY}; line-height: 1.15; }}
.slide-title .d {{ font-size: 1.3rem; font-weight: 700; color: {palette.BLACK}; margin-top: 0.6rem; }}
.slide-title .x {{ font-size: 0.95rem; color: {palette.BLACK}; margin-top: 0.35rem; }}
.slide-band {{ background: {palette.SAMPLE_FILL}; color: {palette.SAMPLE_TEXT}; border: 2px solid {palette.SAMPLE_TEXT};
               font-weight: 800; font-size: 0.72rem; line-height: 1.3; text-align: center; border-radius: 0.3rem; }}
.slide-legend {{ font-size: 0.7rem; line-height: 1.5; }}
.slide-legend span.s {{ display: inline-block; width: 1em; height: 1em; border: 2px solid {palette.GREY};
                        vertical-align: -0.15em; margin: 0 0.25em 0 0.6em; }}
.slide-nav {{ font-size: 0.85rem; font-weight: 800; text-align: center; }}
[data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-primary"] {{ border-width: 2px; }}
</style>"""


def active() -> bool:
    """Is the app in presentation mode (`?mode=presentasi`)?"""
    return st.query_params.get(MODE) == MODE_VALUE


def _enter() -> None:
    st.query_params[MODE] = MODE_VALUE
    st.query_params[SLIDE] = "1"


def _leave() -> None:
    for key in (MODE, SLIDE, RAPAT):
        if key in st.query_params:
            del st.query_params[key]


def _go(n: int) -> None:
    st.query_params[SLIDE] = str(n)


def enter_button() -> None:
    """The sidebar's way into presentation mode (the filters chosen stay in force), in the current container."""
    st.button(
        "▶ Mode presentasi",
        key="presentasi_masuk",
        on_click=_enter,
        width="stretch",
        help="Tampilan rapat Zoom: huruf besar, tanpa menu, satu slide per layar.",
    )


def current_slide(n: int) -> int:
    """The slide number (1-based) from the URL, kept within 1..n."""
    try:
        value = int(st.query_params.get(SLIDE, "1"))
    except ValueError:
        value = 1
    return min(max(value, 1), n)


def show(cfg: Konfigurasi, f: Filter | None, fresh: pd.DataFrame) -> None:
    """The slide named by the URL, with its navigation."""
    st.html(CSS)
    rapat = meeting(cfg)  # the meeting set up in the app (?rapat=ID, else the next one), else the TOML's defaults
    sequence = slides.slide_sequence(cfg, rapat)
    i = current_slide(len(sequence))
    st.query_params[SLIDE] = str(i)
    if f is None:
        st.title(slides.slide_title(cfg, sequence[0], rapat))
        st.info("Belum ada data untuk dipresentasikan. Unggah data atau jalankan `python -m lib init --sample`.")
        _nav(cfg, f, sequence, i, fresh, rapat)
        return
    content = slides.slide_content(sequence[i - 1], data(), cfg, f, today(cfg), fresh, rapat)
    body = st.container(height=588, border=False)  # the slide: 720 px less the navigation row
    with body:
        _draw(content, sequence[i - 1], cfg, f, fresh)
    _nav(cfg, f, sequence, i, fresh, rapat)


def _nav(cfg: Konfigurasi, f: Filter | None, sequence: list[Slide], i: int, fresh: pd.DataFrame, rapat: Rapat) -> None:
    n = len(sequence)
    cols = st.columns([1.3, 1.3, 1.6, 1.3, 1.6, 1.3], vertical_alignment="center")
    cols[0].button(
        "◀ Sebelumnya", key="slide_sebelumnya", on_click=_go, args=(i - 1,), disabled=i <= 1, width="stretch"
    )
    cols[1].button(
        "Berikutnya ▶",
        key="slide_berikutnya",
        on_click=_go,
        args=(i + 1,),
        disabled=i >= n,
        type="primary",
        width="stretch",
    )
    cols[2].markdown(f'<div class="slide-nav">Slide {i} dari {n}</div>', unsafe_allow_html=True)
    cols[3].selectbox(
        "Slide",
        list(range(1, n + 1)),
        index=i - 1,
        placeholder="Pilih…",
        key=f"slide_pilih_{i}",
        label_visibility="collapsed",
        format_func=lambda k: f"{k}. {slides.slide_title(cfg, sequence[k - 1], rapat)}",
        on_change=_picked,
        args=(f"slide_pilih_{i}",),
    )
    if f is not None:
        shown = data()  # this run's data version: the deck shows what the slides showed, made when clicked
        cols[4].download_button(
            "Unduh PPTX",
            lambda: _deck_bytes(shown, cfg, f, fresh, rapat),
            key="unduh_pptx",
            file_name=f"{export.file_stem(rapat.nama or 'rapat')}.pptx",
            mime=export.PPTX_MIME,
            on_click="ignore",
            width="stretch",
        )
    cols[5].button("✕ Keluar", key="presentasi_keluar", on_click=_leave, width="stretch")


def _picked(key: str) -> None:
    _go(int(st.session_state[key]))


def _deck_bytes(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, fresh: pd.DataFrame, rapat: Rapat) -> bytes:
    # here, not at the top: python-pptx and lxml (0,2 s) load only when the deck is downloaded
    from lib.render import pptx

    return pptx.build_deck(data, cfg, f, today(cfg), fresh, rapat=rapat)


def _draw(content: SlideContent, slide: Slide, cfg: Konfigurasi, f: Filter, fresh: pd.DataFrame) -> None:
    if slides.has_sample(fresh):  # as the deck's and the brief's orange band, on every slide
        st.html(f'<div class="slide-band">{_esc(slides.SAMPLE_BAND)}</div>')
    if slide.kind == "judul":
        lines = "".join(f'<div class="{"d" if j == 0 else "x"}">{_esc(x)}</div>' for j, x in enumerate(content.lines))
        st.html(
            f'<div class="slide-title"><div class="t">{_esc(content.title)}</div>{lines}'
            f'<div class="x" style="margin-top:1.2rem;font-size:0.75rem">{_esc(content.note)}</div></div>'
        )
        return
    st.title(content.title)
    if len(content.title) > TITLE_CHARS:  # smaller type, not a second line that pushes the slide down
        st.html(
            f"<style>h1 {{ font-size: {max(1.1, 1.75 * TITLE_CHARS / len(content.title)):.2f}rem !important; }}</style>"
        )
    st.html(f'<div class="slide-sub">{_esc(content.subtitle)}</div>')
    if content.empty:
        st.info(content.empty)
        return
    if content.kpis:
        kpi_cards(content.kpis)
    if content.map is not None:
        _draw_map(content.map, cfg, f)
    if content.chart is not None:
        st.html(f'<div class="slide-note"><b>{_esc(content.chart_title)}</b></div>')
        rows = 2 if len(content.kpis) > 4 else 1
        slide_chart(content.chart, height=300 if rows == 1 else 195, key=f"slide_chart_{slide.kind}")
    if content.table is not None:
        st.html(f'<div class="slide-note"><b>{_esc(content.table_title)}</b></div>')
        st.html(html_table(content.table))
    if content.note:
        st.html(f'<div class="slide-note">{_esc(content.note)}</div>')


def kpi_cards(kpis: list[Kpi]) -> None:
    """The cards as one HTML grid (thick borders, black type); the change coloured and written in words."""
    cards = []
    for k in kpis:
        change = content.kpi_change(k)
        arrow = content.kpi_arrow(k)
        cards.append(
            f'<div class="slide-kpi"><div class="l">{_esc(k.label)}</div><div class="v">{_esc(k.text)}</div>'
            f'<div class="c {content.kpi_tone(k)}">{arrow}{_esc(change) or "&nbsp;"}</div></div>'
        )
    st.html(f'<div class="slide-kpis">{"".join(cards)}</div>')


def slide_chart(chart: ChartData, height: int, key: str) -> None:
    """A chart at slide size: larger labels, a fixed height so the slide never scrolls."""
    from lib.render import charts  # here, not at the top: Altair (0.3 s) only once a slide has a chart

    spec = export.with_font(charts.from_data(chart).to_dict(), CHART_FONT)
    bars = charts.band_count(spec)
    spec["height"] = min(height, 70 * bars + 40) if bars else height  # one or two bars: not a wall of colour
    for layer in spec.get("layer", []):
        layer.pop("height", None)
    st.vega_lite_chart(spec, width="stretch", key=key, theme=None)


def _draw_map(peta: MapContent, cfg: Konfigurasi, f: Filter) -> None:
    # here, not at the top: lib.render.maps loads geopandas (1 s), which only the map slide needs
    from lib.render import labels, maps

    batas = map_boundaries(cfg)
    left, right = st.columns([3, 2])
    with left:
        items = [f'<span class="s" style="background:{k.warna}"></span>{_esc(k.rentang)}' for k in peta.legend]
        items.append(f'<span class="s" style="background:{palette.NO_DATA}"></span>{NO_DATA_TEXT}')
        st.html(f'<div class="slide-legend"><b>{_esc(peta.label)}</b>{"".join(items)}</div>')
        land = map_land(cfg, batas, f.provinsi)
        st.pydeck_chart(
            maps.district_map(peta.table, peta.label, cfg, batas, f.provinsi, peta.selected, land, 700, 380),
            height=380,
            key="slide_peta",
        )
    listed = maps.screen_names(peta.table, cfg, batas, f.provinsi, peta.selected, 700, 380)[1]
    with right:
        if peta.ranking is not None:
            slide_chart(peta.ranking, height=355 - 22 * bool(listed), key="slide_peringkat")
        st.html(f'<div class="slide-note">{_esc(slides.ranking_note(peta.table, peta.selected))}.</div>')
        if listed:  # the names that did not fit on the map: beside it, where the slide has room
            st.html(f'<div class="slide-note">{_esc(labels.numbered_list(listed))}</div>')


def html_table(df: pd.DataFrame) -> str:
    """A slide's table as HTML (every cell escaped: data text is never markup). Short columns (dates, statuses)
    stay on one line; text columns at most two lines, the whole text on hover: any rows fit the slide."""
    cells = [[content.cell_text(v) for v in row] for row in df.itertuples(index=False)]
    short = [max([len(str(c)), *(len(r[j]) for r in cells)]) <= SHORT_CELL for j, c in enumerate(df.columns)]
    head = "".join(f'<th class="{"n" if s else ""}">{_esc(c)}</th>' for c, s in zip(df.columns, short))
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{_esc(v)}</td>' if s else f'<td><div class="cl" title="{_esc(v)}">{_esc(v)}</div></td>'
            for v, s in zip(r, short)
        )
        + "</tr>"
        for r in cells
    )
    return f'<table class="slide-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _esc(x: object) -> str:
    return html.escape(str(x))
