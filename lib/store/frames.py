"""A query's Arrow result as a pandas frame with the dtypes DuckDB's `.df()` gives (both backends give these).

`.df()` first makes a Python object of every text value and then a pandas column of them: for the national
current values (1.4 million rows, five text columns in `layanan`) that is about 400 MB the process holds for a
moment and keeps as fragmented heap. Arrow's text columns become pandas' `str` columns without that detour.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

_NULLABLE = {"int64": "Int64", "int32": "Int32", "int16": "Int16", "int8": "Int8", "bool": "boolean"}


def _column(values: pa.ChunkedArray) -> pd.Series:
    kind = values.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        # no value at all (no rows, or only NULLs): an object column, as `.df()` gives it
        if values.null_count == len(values):
            return pd.Series([None] * len(values), dtype=object)
        return values.to_pandas()
    if pa.types.is_date(kind):
        return pd.Series(values.cast(pa.timestamp("us")).to_pandas(), dtype="datetime64[us]")
    if values.null_count and str(kind) in _NULLABLE:  # NULLs make int and bool columns nullable, not float
        return pd.Series(values.to_pandas(types_mapper=pd.ArrowDtype), dtype=_NULLABLE[str(kind)])
    return values.to_pandas()


def from_arrow(table: pa.Table) -> pd.DataFrame:
    return pd.DataFrame({name: _column(table.column(i)) for i, name in enumerate(table.column_names)})
