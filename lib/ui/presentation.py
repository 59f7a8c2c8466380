"""Presentation mode (`?mode=presentasi&slide=3`): the configured slides, large type, no Streamlit chrome.

For the Kepala Sentra sharing a screen on Zoom: the sidebar, header, toolbar and every hover control (chart toolbars,
the map's fullscreen button) are hidden; type is 1,35× larger at 1280×720 and grows with the window (any 16:9 size:
type, charts and the map are drawn for the window's size, which a small component reports); nothing a participant
reads under the deck's 14-point floor; black on white with thick marks (Zoom's compression smears thin lines and pale
text); one slide at a time, filling the window without scrolling; a clicker or the keyboard moves through the deck
(→, PageDown, Space: next; ←, PageUp: previous; Home, End: first, last; Esc: leave), never while the focus is in a
text field; previous/next buttons and the slide number; each slide addressable by its URL; the shared filters
(period, klaster, province, district) stay in the URL and apply to every slide. While a slide draws, the old one is
not shown greyed: the slide's area stays white with a neutral "Memuat slide…".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from lib.config import Konfigurasi
from lib.figures import Filter
from lib.present import palette, slides
from lib.present.content import Slide
from lib.render import export
from lib.store.meetings import Rapat
from lib.ui import slide
from lib.ui.cache import data, shared, today
from lib.ui.meetings import RAPAT, meeting

MODE, MODE_VALUE, SLIDE = "mode", "presentasi", "slide"
SCALE = 1.35  # type size against the normal pages, at 1280×720
BASE_W, BASE_H = 1280, 720  # the design size; a larger (or smaller) window scales everything by SCALE_RANGE
SCALE_RANGE = (0.75, 3.0)
BODY_H = 604  # the slide above the navigation row, at 1280×720
FLOOR = "0.87rem"  # the smallest type a participant reads: 18,8 px at 1280×720, 2,6 % of the window's height


def css(scale: float) -> str:
    """The mode's style for a window `scale` times 1280×720: the root type grows with it, so does every rem."""
    return f"""<style>
html {{ font-size: {16 * SCALE * scale:.2f}px; }}
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
header, [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
#MainMenu, footer, .st-key-slide_kendali, [data-testid="stElementToolbar"], .vega-embed .vega-actions,
.vega-embed > details {{ display: none !important; }}
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{ background: {palette.WHITE};
    color: {palette.BLACK}; }}
[data-testid="stMainBlockContainer"] {{ padding: 0.6rem 1.4rem 0.2rem 1.4rem !important; max-width: 100% !important; }}
[data-testid="stVerticalBlock"] {{ gap: 0.45rem; }}
.st-key-slide_body {{ position: relative; }}
.st-key-slide_body [data-stale="true"] {{ visibility: hidden !important; }}
.st-key-slide_body:has([data-stale="true"])::after {{ content: "Memuat slide…"; position: absolute; top: 45%; left: 0;
    right: 0; text-align: center; font-size: {FLOOR}; color: #4a4a4a; }}
h1 {{ font-size: 1.75rem !important; padding: 0 !important; margin: 0 !important; color: {palette.NAVY} !important;
      font-weight: 800 !important; line-height: 1.25 !important; }}
.slide-sub {{ font-size: 0.9rem; color: {palette.BLACK}; font-weight: 600; }}
.slide-note {{ font-size: {FLOOR}; line-height: 1.25; color: #1a1a1a; }}
.slide-kpis {{ display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.45rem; }}
.slide-kpi {{ border: 3px solid {palette.NAVY}; border-radius: 0.4rem; padding: 0.2rem 0.6rem;
              background: {palette.WHITE}; }}
.slide-kpi .l {{ font-size: {FLOOR}; font-weight: 700; color: {palette.BLACK}; line-height: 1.15; }}
.slide-kpi .v {{ font-size: 1.4rem; font-weight: 800; color: {palette.BLACK}; line-height: 1.15; white-space: nowrap; }}
.slide-kpi .c {{ font-size: {FLOOR}; font-weight: 700; line-height: 1.1; }}
.slide-kpi .baik {{ color: {palette.TONE["baik"]}; }} .slide-kpi .buruk {{ color: {palette.TONE["buruk"]}; }}
.slide-kpi .netral {{ color: {palette.TONE["netral"]}; }}
.slide-table {{ width: 100%; border-collapse: collapse; font-size: {FLOOR}; line-height: 1.15; color: {palette.BLACK}; }}
.slide-table th {{ background: {palette.NAVY}; color: {palette.WHITE}; text-align: left; padding: 0.15rem 0.4rem; }}
.slide-table td {{ border-bottom: 2px solid #555; padding: 0.05rem 0.4rem; vertical-align: top; }}
.slide-table .n {{ white-space: nowrap; }}
.slide-table .cl {{ display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }}
.slide-title {{ height: {520 * scale:.0f}px; display: flex; flex-direction: column; justify-content: center;
                padding: 0 2rem; border-left: 14px solid {palette.NAVY}; }}
.slide-title .t {{ font-size: 2.4rem; font-weight: 800; color: {palette.NAVY}; line-height: 1.15; }}
.slide-title .d {{ font-size: 1.3rem; font-weight: 700; color: {palette.BLACK}; margin-top: 0.6rem; }}
.slide-title .x {{ font-size: 0.95rem; color: {palette.BLACK}; margin-top: 0.35rem; }}
.slide-title .src {{ font-size: {FLOOR}; margin-top: 1.2rem; }}
.slide-band {{ background: {palette.SAMPLE_FILL}; color: {palette.SAMPLE_TEXT}; border: 2px solid {palette.SAMPLE_TEXT};
               font-weight: 800; font-size: {FLOOR}; line-height: 1.3; text-align: center; border-radius: 0.3rem; }}
.slide-legend {{ font-size: {FLOOR}; line-height: 1.5; }}
.slide-legend span.s {{ display: inline-block; width: 1em; height: 1em; border: 2px solid {palette.GREY};
                        vertical-align: -0.15em; margin: 0 0.25em 0 0.6em; }}
.slide-nav {{ font-size: 0.85rem; font-weight: 800; text-align: center; white-space: nowrap; }}
.st-key-slide_sebelumnya kbd, .st-key-slide_berikutnya kbd {{ display: none; }}  /* the arrows say it; room for the label */
/* the slide list: every title whole, on one line, the list as wide as it needs (up to the window) */
[data-testid="stSelectboxVirtualDropdown"] {{ left: auto !important; right: 1.4rem !important; width: max-content !important;
    max-width: calc(100vw - 2.8rem) !important; min-width: 0 !important; transform: none !important; }}
[data-testid="stSelectboxVirtualDropdown"] [role="option"] > div {{ white-space: nowrap !important; overflow: visible !important;
    text-overflow: clip !important; }}
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


# The presenter's own keys and window (lib/ui/presenter/: a component served by this server, as the CSP allows): the
# window's size, reported when it opens and when it changes, and Esc pressed outside a text field (Streamlit's Esc
# shortcut fires inside one too). Declared in the run, not at import: the server's warm-up imports this module before
# Streamlit's runtime (whose registry serves the component's files) exists.
PRESENTER = Path(__file__).parent / "presenter"


def _window() -> tuple[int, int]:
    """The presenter's window (width, height) in CSS pixels, 1280×720 until the browser has said; leaves
    presentation mode when Esc was pressed (each press is told once, by its time)."""
    known = st.session_state.get("presentasi_ukuran") or (BASE_W, BASE_H)
    presenter = components.declare_component("atensi_presentasi", path=str(PRESENTER))
    got = presenter(key="presentasi_kendali", known={"w": known[0], "h": known[1]}, default=None)
    if isinstance(got, dict):
        w, h, esc = int(got.get("w") or 0), int(got.get("h") or 0), int(got.get("esc") or 0)
        if w > 0 and h > 0:
            known = (w, h)
            st.session_state["presentasi_ukuran"] = known
        if esc and esc != st.session_state.get("presentasi_esc"):
            st.session_state["presentasi_esc"] = esc
            _leave()
            st.rerun()
    return known


def scale_for(width: int, height: int) -> float:
    """How many times 1280×720 the window is (the smaller of its two ratios, so a 16:10 window fits too)."""
    low, high = SCALE_RANGE
    return min(max(min(width / BASE_W, height / BASE_H), low), high)


def show(cfg: Konfigurasi, f: Filter | None, fresh: pd.DataFrame) -> None:
    """The slide named by the URL, with its navigation."""
    rapat = meeting(cfg)  # the meeting set up in the app (?rapat=ID, else the next one), else the TOML's defaults
    sequence = slides.slide_sequence(cfg, rapat)
    i = current_slide(len(sequence))
    st.query_params[SLIDE] = str(i)
    with st.container(key="slide_kendali"):  # not shown: the window's size, Esc and the clicker's other keys
        width, height = _window()
        _keys(i, len(sequence))
    scale = scale_for(width, height)
    st.html(css(scale))
    body = st.container(height=round(BODY_H * scale), border=False, key="slide_body")  # the slide, above the nav
    with body:
        if f is None:
            st.title(slides.slide_title(cfg, sequence[0], rapat))
            st.info("Belum ada data untuk dipresentasikan. Unggah data atau jalankan `python -m lib init --sample`.")
        else:
            room = slide.Room(width, scale)
            shown, specs = shared(slide.slide_model, sequence[i - 1], f, today(cfg), room.px(slide.CHART_FONT), rapat)
            slide.draw(shown, specs, sequence[i - 1], cfg, f, fresh, room)
    _nav(cfg, f, sequence, i, fresh, rapat)


def _keys(i: int, n: int) -> None:
    """The clicker's keys besides → and ← (which the visible buttons take): one hidden button each, so Streamlit's
    own shortcut handling (which ignores keys typed in a text field) moves the slide."""
    for key, shortcut, target, off in (
        ("slide_pagedown", "PageDown", i + 1, i >= n),
        ("slide_spasi", "Space", i + 1, i >= n),
        ("slide_pageup", "PageUp", i - 1, i <= 1),
        ("slide_awal", "Home", 1, i <= 1),
        ("slide_akhir", "End", n, i >= n),
    ):
        st.button(key, key=key, shortcut=shortcut, on_click=_go, args=(target,), disabled=off)


def _nav(cfg: Konfigurasi, f: Filter | None, sequence: list[Slide], i: int, fresh: pd.DataFrame, rapat: Rapat) -> None:
    n = len(sequence)
    cols = st.columns([1.2, 1.2, 1.0, 2.4, 1.1, 0.9], vertical_alignment="center")
    cols[0].button(
        "◀ Sebelumnya",
        key="slide_sebelumnya",
        on_click=_go,
        args=(i - 1,),
        disabled=i <= 1,
        width="stretch",
        shortcut="Left",
    )
    cols[1].button(
        "Berikutnya ▶",
        key="slide_berikutnya",
        on_click=_go,
        args=(i + 1,),
        disabled=i >= n,
        type="primary",
        width="stretch",
        shortcut="Right",
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
    cols[5].button("✕ Keluar", key="presentasi_keluar", on_click=_leave, width="stretch", help="Tombol Esc")


def _picked(key: str) -> None:
    _go(int(st.session_state[key]))


def _deck_bytes(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, fresh: pd.DataFrame, rapat: Rapat) -> bytes:
    # here, not at the top: python-pptx and lxml (0,2 s) load only when the deck is downloaded
    from lib.render import pptx

    return pptx.build_deck(data, cfg, f, today(cfg), fresh, rapat=rapat)
