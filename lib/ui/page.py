"""The frame every screen shares: the page start, the style, the sidebar filters (in the URL), the sample banner."""

from __future__ import annotations

from typing import NoReturn

import pandas as pd
import streamlit as st

from lib import figures, fmt, present
from lib.config import MODULES, Konfigurasi, module_on
from lib.errors import UserError
from lib.figures import Filter
from lib.present.texts import as_text
from lib.principal import Principal
from lib.ui import state
from lib.ui.auth import admin_only
from lib.ui.cache import config, config_problems, shared, snapshot
from lib.ui.state import SEMUA

# Session-state keys of the shared filters; the query parameters that mirror them are the dict's keys.
FILTER_KEYS = {"periode": "f_periode", "klaster": "f_klaster", "provinsi": "f_provinsi", "wilayah": "f_wilayah"}
FILTER = "filter"  # session-state key of the sidebar's Filter, for the screens


class ScreenEnd(Exception):
    """Raised by stop(): the screen ends there; the frame drawn after it (ui.framed) still shows."""


def stop() -> NoReturn:
    """A screen's st.stop(): st.stop() would also end the sidebar and banner, which are drawn after the screen."""
    raise ScreenEnd


def modules_on() -> set[str]:
    """The optional screens this deployment has ([modul]); all of them while the configuration cannot be read
    (app.py shows why below the navigation)."""
    try:
        cfg = config()
    except UserError:
        return set(MODULES)
    return {m for m in MODULES if module_on(cfg, m)}


def page(title: str | None) -> tuple[Konfigurasi, Filter]:
    """The start of a screen: its title (None: the page writes its own), and the configuration and the sidebar's
    filters; without any data the screen says so and stops here."""
    f = st.session_state.get(FILTER)
    if title or f is None:
        st.title(title or "Belum ada data")
    if f is None:
        st.info(
            "Belum ada data untuk ditampilkan. Unggah data di halaman Unggah Data, atau isi data contoh dengan "
            "`python -m lib init --sample`."
        )
        stop()
    return snapshot().cfg, f


def admin_page(title: str, caption: str) -> tuple[Konfigurasi, Principal]:
    """The start of an admin's screen (Pengguna, Rapat): its title, and for anyone else only "for admins"; its
    caption and the last save's message."""
    cfg = config()
    st.title(title)
    by = admin_only()
    if by is None:
        stop()
    st.caption(caption)
    state.show_flash()
    return cfg, by


def read_filters(cfg: Konfigurasi) -> Filter | None:
    """The sidebar's period, klaster, province and district: the URL's on a fresh session, else the widgets' values in
    session state, each reset when no longer an option; kept in session state for the screens (page()). The widgets
    themselves are drawn after the screen (filter_widgets), from these same keys. None when there is no data."""
    periods = shared(period_choices)  # per data version: the national data has 370,000 PAS rows
    if not periods:
        st.session_state[FILTER] = None
        return None
    periode = state.from_url(FILTER_KEYS["periode"], "periode", periods, periods[-1])
    kl = state.from_url(FILTER_KEYS["klaster"], "klaster", [SEMUA] + [k.kode for k in cfg.klaster], SEMUA)
    prov = state.from_url(FILTER_KEYS["provinsi"], "provinsi", [SEMUA] + list(province_names(cfg)), SEMUA)
    choices = [SEMUA] + figures.districts(cfg, Filter(periode=periode or "", provinsi=prov or None))
    wil = state.from_url(FILTER_KEYS["wilayah"], "wilayah", choices, SEMUA)
    for param, value in {"periode": periode, "klaster": kl, "provinsi": prov, "wilayah": wil}.items():
        state.to_url(param, value)
    f = Filter(periode=periode or "", klaster=kl or None, provinsi=prov or None, wilayah=wil or None)
    st.session_state[FILTER] = f
    return f


def filter_widgets(cfg: Konfigurasi, f: Filter | None) -> None:
    """The filters' widgets, in the current container: their values are already in session state (read_filters), so
    a change made here reruns the script with it."""
    if f is None:
        st.info("Belum ada data PAS. Unggah data atau jalankan `python -m lib init --sample`.")
        return
    st.markdown("### Filter")
    st.selectbox(
        "Periode", shared(period_choices), format_func=fmt.bulan, placeholder="Pilih…", key=FILTER_KEYS["periode"]
    )
    st.selectbox(
        "Klaster",
        [SEMUA] + [k.kode for k in cfg.klaster],
        placeholder="Pilih…",
        key=FILTER_KEYS["klaster"],
        format_func=lambda k: cfg.label("klaster", k) if k else "Semua klaster",
    )
    names = province_names(cfg)
    st.selectbox(
        "Provinsi",
        [SEMUA] + list(names),
        placeholder="Pilih…",
        key=FILTER_KEYS["provinsi"],
        format_func=lambda p: names[p] if p else "Semua provinsi",
    )
    st.selectbox(
        "Kabupaten/kota",
        [SEMUA] + figures.districts(cfg, Filter(periode=f.periode, provinsi=f.provinsi)),
        placeholder="Pilih…",
        key=FILTER_KEYS["wilayah"],
        format_func=lambda k: cfg.nama_wilayah(k) if k else "Semua kabupaten/kota",
    )


def period_choices(data: dict[str, pd.DataFrame], cfg: Konfigurasi) -> list[str]:
    return figures.periods(data)


def config_notice(who: Principal | None) -> None:
    """While the configuration files on disk fail the check, the last good configuration keeps serving (a meeting
    never loses its screens to a typo); an admin sees every problem, to fix them."""
    problem = config_problems()
    if problem is None or who is None or not who.is_admin:
        return
    lines = "\n".join(f"- {as_text(str(m))}" for m in problem.masalah)
    st.warning(
        "**Perubahan konfigurasi belum dipakai**: berkas konfigurasi tidak lolos pemeriksaan, jadi dasbor tetap "
        f"memakai konfigurasi terakhir yang benar. Perbaiki lalu muat ulang halaman:\n\n{lines}"
    )


def province_names(cfg: Konfigurasi) -> dict[str, str]:
    """{kode_provinsi: name} of the coverage's provinces, in the configuration's order."""
    return cfg.provinsi_nama


def sample_sets(fresh: pd.DataFrame, cfg: Konfigurasi) -> tuple[str | None, bool]:
    """Which datasets and districts are still sample (None: no sample row is counted), and whether every row is."""
    return present.sample_note(fresh, cfg), bool((fresh["baris_contoh"] == fresh["baris"]).all())


# Tighter page top and KPI values that fit four to a row at 1280×720 with the sidebar open; KPI labels and values,
# drill pills (8 klaster) and chosen districts wrap instead of being cut or scrolled sideways.
CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; padding-bottom: 2rem; }
[data-testid="stMetricValue"] { font-size: 1.9rem; }
[data-testid="stMetricLabel"] p { font-size: 0.95rem; }
h1 { padding-top: 0.2rem !important; font-size: 2.3rem !important; }
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
    white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere; }
[data-testid="stMetricLabel"] { height: auto; }
[data-testid="stMetricValue"] { height: auto; line-height: 1.15; }
[data-testid="stButtonGroup"] > div { flex-wrap: wrap; overflow-x: visible; row-gap: 0.4rem; }
[data-testid="stButtonGroup"] button { max-width: 100%; height: auto; }
[data-testid="stButtonGroup"] button * { white-space: normal; text-align: left; }
[data-testid="stMultiSelectTagsContainer"] { flex-wrap: wrap; overflow: visible; }
[data-testid="stMultiSelect"] div:has(> [data-testid="stMultiSelectTagsContainer"]) { max-height: none; height: auto; }
[class*="st-key-kpi_"] { gap: 1rem; align-items: stretch; }
/* Streamlit's faded caption grey (#797f85 on white, 4,0:1) fails WCAG AA contrast: 6,3:1 */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #5c6166 !important; opacity: 1 !important; }
[class*="st-key-kpi_"] > div > div, [class*="st-key-kpi_"] [data-testid="stMetric"] { height: 100%; }
[class*="st-key-kpi_2_"] > div { flex: 0 0 calc((100% - 1rem) / 2); min-width: 0; max-width: calc((100% - 1rem) / 2); }
.st-key-kpi_3 > div { flex: 0 0 calc((100% - 2rem) / 3); min-width: 0; max-width: calc((100% - 2rem) / 3); }
.st-key-kpi_4 > div { flex: 0 0 calc((100% - 3rem) / 4); min-width: 0; max-width: calc((100% - 3rem) / 4); }
.st-key-kpi_5 > div { flex: 0 0 calc((100% - 4rem) / 5); min-width: 0; max-width: calc((100% - 4rem) / 5); }
.st-key-kpi_6 > div { flex: 0 0 calc((100% - 5rem) / 6); min-width: 0; max-width: calc((100% - 5rem) / 6); }
</style>"""


def style() -> None:
    st.html(CSS)
