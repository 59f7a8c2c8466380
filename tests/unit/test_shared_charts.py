"""Charts shared by every session (lib.ui.export.charts) are shared only for exactly the same data: a changed cell,
as after an upload, builds a new chart with the new value in its spec."""

import pandas as pd
import pyarrow as pa

from lib.ui.export import SharedCharts, vega_spec


def _table(terdata: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "klaster": ["Anak", "Lansia"],
            "nama": ["Anak", "Lansia"],
            "terdata": [terdata, 7],
            "dilayani": [3, 5],
            "cakupan": [0.3, 0.7],
        }
    )


def _values(spec: dict) -> list[int]:
    """The terdata cells the browser receives (Streamlit's conversion sends each dataset as Arrow IPC bytes)."""
    tables = [pa.ipc.open_stream(data).read_all() for data in spec["datasets"].values()]
    return [v for t in tables if "terdata" in t.column_names for v in t.column("terdata").to_pylist()]


def test_the_same_data_gives_the_same_chart_and_a_changed_cell_a_new_one():
    charts = SharedCharts()
    first = charts.klaster_bars(_table(10), "PAS")
    assert charts.klaster_bars(_table(10), "PAS") is first
    changed = charts.klaster_bars(_table(11), "PAS")
    assert changed is not first
    assert 11 in _values(vega_spec(changed)) and 11 not in _values(vega_spec(first))
    assert charts.klaster_bars(_table(10), "PMKS") is not first  # another argument, another chart


def test_the_spec_is_made_once_per_chart_object():
    charts = SharedCharts()
    chart = charts.klaster_bars(_table(10), "PAS")
    assert vega_spec(chart) is vega_spec(chart)
