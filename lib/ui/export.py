"""Download buttons: every table as Excel and CSV (formula-like cells neutralised, lib.render.export), every chart as PNG,
and the district brief (PDF). Files are made only when the button is clicked (a callable), so a page with many
tables stays fast.
"""

from __future__ import annotations

import enum
import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from lib.render import export
from lib.ui.data import data, freshness, is_shared, today
from lib.ui.maps import map_boundaries


def table_downloads(df: pd.DataFrame, name: str, key: str | None = None) -> None:
    """'Excel' and 'CSV' buttons for a table as shown (with the current filters), side by side."""
    stem = export.file_stem(name)
    key = key or f"unduh_{stem}"
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            "⬇ Excel",
            lambda: export.xlsx_bytes(df, name),
            file_name=f"{stem}.xlsx",
            mime=export.XLSX_MIME,
            key=f"{key}_xlsx",
            on_click="ignore",
            type="tertiary",
        )
        st.download_button(
            "⬇ CSV",
            lambda: export.csv_bytes(df),
            file_name=f"{stem}.csv",
            mime=export.CSV_MIME,
            key=f"{key}_csv",
            on_click="ignore",
            type="tertiary",
        )


def table_with_downloads(df: pd.DataFrame, name: str, key: str | None = None, **dataframe_args) -> None:
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


# The Vega-Lite spec of each chart object still alive, made once: Altair's to_dict (a deep copy and a JSON-schema
# validation) was a fifth of a new session's server CPU. A chart shared by every session (ui.shared) is converted
# once per store state; one made fresh each run is converted each run, as st.altair_chart would.
_specs: dict[int, tuple[weakref.ref, dict[str, Any]]] = {}
_specs_lock = threading.Lock()


def vega_spec(chart) -> dict[str, Any]:
    """Streamlit's own conversion of an Altair chart (the same spec st.altair_chart sends), cached per object."""
    with _specs_lock:
        hit = _specs.get(id(chart))
        if hit is not None and hit[0]() is chart:
            return hit[1]
    spec = _convert_altair_to_vega_lite_spec(chart)
    with _specs_lock:
        for k in [k for k, (ref, _) in _specs.items() if ref() is None]:
            del _specs[k]
        _specs[id(chart)] = (weakref.ref(chart), spec)
    return spec


class _Unkeyable(Exception):
    pass


def _key(value: Any) -> Any:
    """An exact, hashable stand-in for a chart builder's argument (a table by the hash of every cell)."""
    if value is None or isinstance(value, (str, int, float, bool, enum.Enum)):
        return (type(value).__name__, value)
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, *(_key(v) for v in value))
    if isinstance(value, dict):
        return ("dict", *((_key(k), _key(v)) for k, v in value.items()))
    if isinstance(value, (pd.DataFrame, pd.Series)):
        if is_shared(value):  # made once and never changed: its key is kept with it
            with _specs_lock:
                hit = _frame_keys.get(id(value))
            if hit is not None and hit[0]() is value:
                return hit[1]
            key = _frame_key(value)
            with _specs_lock:
                for k in [k for k, (ref, _) in _frame_keys.items() if ref() is None]:
                    del _frame_keys[k]
                _frame_keys[id(value)] = (weakref.ref(value), key)
            return key
        return _frame_key(value)
    raise _Unkeyable(type(value).__name__)


_frame_keys: dict[int, tuple[weakref.ref, tuple]] = {}


def _frame_key(value: pd.DataFrame | pd.Series) -> tuple:
    """A table by the hash of every cell, its columns, types and index names."""
    try:
        cells = pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes()
    except TypeError:  # cells pandas cannot hash (lists: a map's colours): their repr, exact for lists of numbers
        cells = pd.util.hash_pandas_object(value.map(repr), index=True).to_numpy().tobytes()
    shape = (
        (tuple(map(str, value.columns)), tuple(map(str, value.dtypes)))
        if isinstance(value, pd.DataFrame)
        else (str(value.name), str(value.dtype))
    )
    return ("frame", shape, tuple(map(str, value.index.names)), hashlib.sha1(cells).hexdigest())


class SharedCharts:
    """lib.render.charts, each builder's chart kept per exact arguments (the tables it draws, cell by cell) and
    shared by every session: a new session then sends the spec made for the first (vega_spec). Arguments are the
    data itself, so a new upload, which changes the tables, builds a new chart. `from lib.ui import charts`."""

    MAX = 256

    def __init__(self) -> None:
        self._charts: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        # here, not at the top: Altair (0.3 s) loads with the first chart drawn (the overview: after its KPI cards)
        from lib.render import charts as render_charts

        builder = getattr(render_charts, name)
        if not callable(builder) or not name[:1].islower():
            return builder
        return lambda *args, **kwargs: self._get(name, builder, args, kwargs)

    def _get(self, name: str, builder: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
        try:
            key = (name, _key(args), _key(kwargs))
        except _Unkeyable:  # an argument without an exact key: built each time, as without sharing
            return builder(*args, **kwargs)
        with self._lock:
            if key in self._charts:
                self._charts.move_to_end(key)
                return self._charts[key]
        chart = builder(*args, **kwargs)
        with self._lock:
            self._charts[key] = chart
            while len(self._charts) > self.MAX:
                self._charts.popitem(last=False)
        return chart


charts = SharedCharts()


def chart_with_download(chart, name: str, key: str | None = None, **chart_args) -> None:
    """The chart (stretch by default) with its PNG download under it."""
    spec = vega_spec(chart)
    # Streamlit moves the datasets out of the spec it is given and sets its autosize: a fresh top level each time.
    st.vega_lite_chart(
        spec={**spec, "datasets": dict(spec.get("datasets") or {})}, **{"width": "stretch", **chart_args}
    )
    chart_download(chart, name, key)


def brief_download(cfg, f, kode: str) -> None:
    """The district brief (PDF, A4) for the filters in force, made when clicked."""
    from lib.render import pdf  # lazy: fpdf2 and the brief's builders, only when a brief is made

    def make() -> bytes:
        batas = map_boundaries(cfg)
        return pdf.build_brief(data(), cfg, f, [kode], today(cfg), freshness(), batas=batas)

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
