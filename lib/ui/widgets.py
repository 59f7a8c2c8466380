"""Widgets the screens share: KPI cards, status pills, the programme table, the SKA unit, the services chart, the
Klaster drill (breadcrumbs and next step) and the Profil district choice."""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd
import streamlit as st

from lib import figures, fmt
from lib.config import Konfigurasi
from lib.figures import Filter
from lib.present import DrillStep, Kpi
from lib.present.palette import KELAS_COLORS, text_color
from lib.present.texts import as_text
from lib.ui import state
from lib.ui.cache import Figure
from lib.ui.export import chart_with_download
from lib.ui.page import FILTER_KEYS
from lib.ui.state import SEMUA


def kpi_grid(kpis: list[Kpi], per_row: int = 4, key: str = "") -> None:
    """The cards, `per_row` to a row: one wrapping row whose cards take 1/per_row of its width each (page.CSS), not
    a st.columns per row: two blocks fewer per card for every session to build and send."""
    with st.container(horizontal=True, gap=None, key=f"kpi_{per_row}{key}"):
        for k in kpis:
            # Kpi decides the change's text, tone and arrow (no change: 'tetap', grey, no arrow) as on slides and paper
            color: Literal["gray", "green", "red"] = {"baik": "green", "buruk": "red"}.get(k.tone, "gray")  # type: ignore[assignment]
            arrow: Literal["off", "up", "down"] = {"naik": "up", "turun": "down"}.get(k.direction, "off")  # type: ignore[assignment]
            st.metric(k.label, k.text, delta=k.change_text, delta_color=color, delta_arrow=arrow, border=True)
    # Definitions in the open, not in hover tooltips: a Zoom audience cannot hover.
    if any(k.help for k in kpis):
        with st.expander("Definisi angka"):
            st.markdown("\n".join(f"- **{k.label}**: {k.help}" for k in kpis if k.help))


def output_impact(groups: dict[str, list[Kpi]]) -> None:
    """The overview's "Output dan dampak": the output indicators' cards beside the impact ones."""
    st.subheader("Output dan dampak")
    left, right = st.columns(2)
    for col, (group, title) in zip((left, right), (("output", "Output"), ("dampak", "Dampak"))):
        with col:
            st.markdown(f"**{title}**")
            if groups.get(group):
                kpi_grid(groups[group], per_row=2, key=f"_{group}")
            else:
                st.info("Belum ada indikator " + title.lower() + " di konfigurasi ([[indikator]] kelompok).")


def status_pills(label: str, counts: dict[str, int], key: str) -> list[str]:
    """Multi-choice pills of schedule classes with their counts; nothing chosen = all."""
    options = [k for k, n in counts.items() if n]
    chosen = st.pills(
        label, options, selection_mode="multi", key=key, format_func=lambda k: f"{k} ({fmt.angka(counts[k])})"
    )
    return list(chosen or [])


def _class_style(value: str) -> str:
    color = KELAS_COLORS.get(value)
    return f"background-color: {color}; color: {text_color(color)}; font-weight: 600" if color else ""


def program_table(table: pd.DataFrame) -> None:
    """The programme table: schedule class as a coloured cell (its name written in it), achievement and budget
    absorption as progress bars with whole percentages (the same in Indonesian and English notation)."""
    styled = table.style.map(_class_style, subset=["Status jadwal"])
    bar: dict[str, Any] = {"min_value": 0, "max_value": 100, "format": "%.0f%%", "width": 90}
    # What the room reads first fits 1280×720 with the sidebar open; code, klaster and amount spent follow.
    order = [
        "Program",
        "Wilayah",
        "Status jadwal",
        "Capaian",
        "Penyerapan",
        "Pagu",
        "Selisih jadwal",
        "Realisasi",
        "Terserap",
        "Klaster",
        "Kode",
    ]
    columns: dict[str, Any] = {
        "Program": st.column_config.TextColumn("Program", width=240),
        "Status jadwal": st.column_config.TextColumn("Status jadwal", width=105),
        "Wilayah": st.column_config.TextColumn("Wilayah", width=85),
        "Capaian": st.column_config.ProgressColumn("Capaian", **bar),
        "Penyerapan": st.column_config.ProgressColumn("Penyerapan", **bar),
    }
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(table), 560),
        column_order=[c for c in order if c in table.columns],
        column_config=columns,
    )


def programs_or_none(table: pd.DataFrame, empty_text: str) -> None:
    """program_table, or `empty_text` when there is no programme."""
    if table.empty:
        st.info(empty_text)
    else:
        program_table(table)


def ska_unit_choice(units: list[str]) -> str | None:
    """A unit selector when there is more than one SKA unit; None = all units together."""
    if len(units) < 2:
        return None
    chosen = st.selectbox(
        "Unit SKA",
        [SEMUA, *units],
        placeholder="Pilih…",
        key="ska_unit",
        format_func=lambda u: u or f"Semua unit ({len(units)})",
    )
    return chosen or None


def service_chart(services: Figure, cfg: Konfigurasi, name: str, empty_text: str, caption: str) -> None:
    """ATENSI services by kind and approach, with its PNG download; or, without data, why there is none."""
    if services.value().empty:
        st.info(empty_text)
        return
    from lib.render import charts  # here: Altair loads with the first chart, not with the frame

    chart_with_download(charts.service_bars, services, [p.nama for p in cfg.pendekatan], name=name)
    st.caption(caption)


# The Klaster drill ----------------------------------------------------------------------------------------------

DRILL_KATEGORI = "drill_kategori"  # the path's PAS group (`?kategori=`); its klaster and district are the filters
# What a choice at each level sets: level 0 picks a klaster, 1 a PAS group, 2 a district.
DRILL_TARGETS = (FILTER_KEYS["klaster"], DRILL_KATEGORI, FILTER_KEYS["wilayah"])


def drill_kategori(cfg: Konfigurasi, f: Filter) -> str | None:
    """The drill path's PAS group, in the URL; only within a chosen klaster."""
    kategori = state.from_url(DRILL_KATEGORI, "kategori", figures.kategori_codes(cfg, f) if f.klaster else [])
    state.to_url("kategori", kategori)
    return kategori


def breadcrumbs(step: DrillStep) -> None:
    """Each crumb goes back to its level (the choices after it are dropped); the last one is where we are."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        for i, label in enumerate(step.crumbs[:-1]):
            drop = {key: (None if key == DRILL_KATEGORI else SEMUA) for key in DRILL_TARGETS[i : step.level]}
            st.button(label, key=f"jejak_{i}", on_click=state.set_state, kwargs=drop, icon="⬅️" if i == 0 else None)
            st.markdown("›")
        st.markdown(f"**{step.crumbs[-1]}**")


def _drill_pick(key: str, target: str) -> None:
    """A drill widget's callback: its choice becomes `target`'s value (a filter or the drill's own key)."""
    choice = st.session_state.get(key)
    if choice:
        st.session_state[target] = choice
    st.session_state[key] = None


def drill_next(step: DrillStep, table: pd.DataFrame, pills_up_to: int = 8) -> None:
    """The next step down: pills (one click) for a few items, a selectbox for many (the items with data)."""
    options = figures.drill_options(table)
    label, key, target = "Rinci lebih lanjut: pilih salah satu", f"rinci_{step.level}", DRILL_TARGETS[step.level]
    if len(options) <= pills_up_to:
        st.pills(
            label, list(options), key=key, format_func=lambda k: options[k], on_change=_drill_pick, args=(key, target)
        )
    else:
        st.selectbox(
            label,
            list(options),
            index=None,
            key=key,
            format_func=lambda k: options[k],
            placeholder="pilih untuk melihat rinciannya…",
            on_change=_drill_pick,
            args=(key, target),
        )


# Bandingkan Wilayah's districts ----------------------------------------------------------------------------------

BANDING, BANDING_TERAKHIR, BANDING_MAKS = "banding_wilayah", "banding_terakhir", 6


def compare_choice(cfg: Konfigurasi, f: Filter, where) -> list[str]:
    """The districts compared, chosen in `where` (a column), in the URL as `?banding=`. Opens on the URL's, else
    the presenter's last choice in this session, else the signed-in operator's districts (with their province's
    next ones when they have one), else the sidebar's district and its neighbours, else none. Typing a name and
    Enter adds that one district (no "select all matches"); a seventh is refused in Indonesian."""
    from lib.ui.auth import principal

    picked = st.session_state.get(BANDING)
    over = picked is not None and len(picked) > BANDING_MAKS
    who = principal()
    mine = [k for k in cfg.kode_wilayah if who is not None and not who.is_admin and k in who.wilayah]
    if mine:
        default = mine if len(mine) > 1 else figures.compare_defaults(cfg, Filter(periode=f.periode, wilayah=mine[0]))
    else:
        default = figures.compare_defaults(cfg, f) if f.wilayah else []
    default = st.session_state.get(BANDING_TERAKHIR, default)
    state.list_from_url(BANDING, "banding", cfg.kode_wilayah, default[:BANDING_MAKS], limit=BANDING_MAKS)
    chosen = where.multiselect(
        f"Kabupaten/kota yang dibandingkan (2–{BANDING_MAKS})",
        cfg.kode_wilayah,
        key=BANDING,
        format_func=cfg.nama_wilayah,
        placeholder="Ketik atau pilih kabupaten/kota",
        select_all=False,
    )
    if over:
        st.warning(f"Paling banyak {BANDING_MAKS} kabupaten/kota dibandingkan; hapus satu sebelum menambah yang lain.")
    st.session_state[BANDING_TERAKHIR] = chosen  # kept when the widget's own state goes with the page
    state.list_to_url("banding", chosen)
    return chosen


# Profil Wilayah's district ---------------------------------------------------------------------------------------

PROFIL_KODE, PROFIL_IKUT = "profil_kode", "profil_ikut"


def profile_district(cfg: Konfigurasi, f: Filter, where) -> str:
    """The profiled district, chosen in `where` (a column), in the URL as `?kode=`. Just arrived, the URL decides;
    later, a change of the sidebar's district is followed."""
    fresh = PROFIL_KODE not in st.session_state
    if not fresh and f.wilayah and st.session_state.get(PROFIL_IKUT) != f.wilayah:  # sidebar district changed
        st.session_state[PROFIL_KODE] = f.wilayah
    st.session_state[PROFIL_IKUT] = f.wilayah
    home = cfg.sentra.get("kode_wilayah")
    state.from_url(
        PROFIL_KODE, "kode", cfg.kode_wilayah, f.wilayah or (home if home in cfg.kode_wilayah else cfg.kode_wilayah[0])
    )
    state.to_url("kode", st.session_state[PROFIL_KODE])
    return where.selectbox(
        "Ganti kabupaten/kota", cfg.kode_wilayah, placeholder="Pilih…", key=PROFIL_KODE, format_func=cfg.nama_wilayah
    )


def fitted_table(df: pd.DataFrame, name: str, width: int = 818, first: int = 190) -> None:
    """A table whose columns share the main area's width at 1280×720 (first column wider), so the last column is
    not cut off behind a horizontal scrollbar; Excel and CSV under it."""
    from lib.ui.export import table_with_downloads

    rest = max(70, (width - first) // max(1, len(df.columns) - 1))
    config = {c: st.column_config.Column(width=first if i == 0 else rest) for i, c in enumerate(df.columns)}
    table_with_downloads(df, name, column_config=config)


def flag_list(flags: list[tuple[str, str]], every: pd.DataFrame, name: str, empty: str) -> None:
    """Mutu Data's flags as sentences, one a line with its level in bold (read on Zoom without a table's cut-off
    cells; text from data escaped), and every flag with its numbers as Excel and CSV under them."""
    from lib.ui.export import table_downloads

    if not flags:
        st.info(empty)
        return
    st.markdown("\n".join(f"- **{as_text(level)}** · {as_text(sentence)}" for level, sentence in flags))
    table_downloads(every, name)
