"""Download buttons: every table as Excel and CSV (formula-like cells neutralised, lib.render.export), every chart as PNG,
and the district brief (PDF). Files are made only when the button is clicked (a callable), so a page with many
tables stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from lib.render import export
from lib.ui.cache import Figure, shared, snapshot, today
from lib.ui.maps import map_boundaries
from lib.ui.meetings import meeting


def table_downloads(df: pd.DataFrame | pa.Table, name: str, key: str | None = None) -> None:
    """'Excel' and 'CSV' buttons for a table as shown (with the current filters), side by side."""

    def frame() -> pd.DataFrame:  # an Arrow table becomes a frame only when a button is clicked
        return df.to_pandas() if isinstance(df, pa.Table) else df

    stem = export.file_stem(name)
    key = key or f"unduh_{stem}"
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            "⬇ Excel",
            lambda: export.xlsx_bytes(frame(), name),
            file_name=f"{stem}.xlsx",
            mime=export.XLSX_MIME,
            key=f"{key}_xlsx",
            on_click="ignore",
            type="tertiary",
        )
        st.download_button(
            "⬇ CSV",
            lambda: export.csv_bytes(frame()),
            file_name=f"{stem}.csv",
            mime=export.CSV_MIME,
            key=f"{key}_csv",
            on_click="ignore",
            type="tertiary",
        )


def table_with_downloads(df: pd.DataFrame | pa.Table, name: str, key: str | None = None, **dataframe_args) -> None:
    """st.dataframe (hide_index, stretch by default) with its Excel and CSV downloads under it."""
    args = {"hide_index": True, "width": "stretch", **dataframe_args}
    st.dataframe(df, **args)
    table_downloads(df, name, key)


def chart_download(chart, name: str, key: str | None = None) -> None:
    """A 'PNG' button for a chart (rendered offline with vl-convert when clicked)."""
    stem = export.file_stem(name)
    st.download_button(
        "⬇ PNG",
        lambda: export.chart_png(chart),
        file_name=f"{stem}.png",
        mime=export.PNG_MIME,
        key=key or f"unduh_{stem}_png",
        on_click="ignore",
        type="tertiary",
    )


def _spec(_data: Any, _cfg: Any, build: Callable[..., Any], args: tuple, options: tuple) -> dict[str, Any]:
    """Streamlit's own conversion of the chart build(*args) makes (the spec st.altair_chart sends); Figure arguments
    are replaced by their values."""
    values = [a.value() if isinstance(a, Figure) else a for a in args]
    return _convert_altair_to_vega_lite_spec(build(*values, **dict(options)))


def chart_spec(build: Callable[..., Any], *args: Any, **options: Any) -> dict[str, Any]:
    """The Vega-Lite spec of build(*args, **options), made once per data version and arguments for every session.
    A table argument is given as the Figure that makes it (ui.figure), so the key names it."""
    return shared(_spec, build, args, tuple(sorted(options.items())))


def chart_with_download(
    build: Callable[..., Any], *args: Any, name: str, key: str | None = None, draw: dict | None = None, **options
) -> None:
    """The chart build(*args, **options) makes (stretch by default; `draw`: st.vega_lite_chart's own arguments),
    with its PNG download under it."""
    spec = chart_spec(build, *args, **options)
    # Streamlit moves the datasets out of the spec it is given and sets its autosize: a fresh top level each time.
    st.vega_lite_chart(
        spec={**spec, "datasets": dict(spec.get("datasets") or {})},
        **{"width": "stretch", "alt": f"Grafik {name}", **(draw or {})},  # its text alternative (axe: svg-img-alt)
    )
    chart_download(spec, name, key)


def brief_download(cfg, f, kode: str) -> None:
    """The district brief (PDF, A4) for the filters in force, made when clicked."""
    from lib.render import pdf  # lazy: fpdf2 and the brief's builders, only when a brief is made

    snap = snapshot()  # the brief shows what the page showed: this run's data version, even when made later
    rapat = meeting(cfg)  # the meeting the brief is taken home from

    def make() -> bytes:
        batas = map_boundaries(cfg)
        return pdf.build_brief(snap.data, cfg, f, [kode], today(cfg), snap.state.freshness, batas=batas, rapat=rapat)

    name = export.file_stem(f"profil {cfg.wilayah.at[kode, 'nama_pendek']} {f.periode}")
    st.download_button(
        "⬇ Unduh profil wilayah (PDF)",
        make,
        file_name=f"{name}.pdf",
        mime="application/pdf",
        key="unduh_profil_pdf",
        on_click="ignore",
        type="primary",
        help="Satu atau dua halaman A4: peta, angka kunci, klaster, program, tindak lanjut.",
    )
