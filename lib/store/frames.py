"""A query's Arrow result as a pandas frame with the dtypes DuckDB's `.df()` gives (both backends give these).

`.df()` first makes a Python object of every text value and then a pandas column of them: for the national
current values (1.4 million rows, five text columns in `layanan`) that is about 400 MB the process holds for a
moment and keeps as fragmented heap. Arrow's text columns become pandas' `str` columns without that detour.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
import pyarrow as pa

from lib.schema import KODE, Dataset

_NULLABLE = {"int64": "Int64", "int32": "Int32", "int16": "Int16", "int8": "Int8", "bool": "boolean"}


def _column(values: pa.ChunkedArray, category: bool = False) -> pd.Series:
    kind = values.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        # no value at all (no rows, or only NULLs): an object column, as `.df()` gives it
        if values.null_count == len(values):
            return pd.Series([None] * len(values), dtype=object)
        if category:  # straight from Arrow's dictionary: never a text column of every row in pandas
            codes = values.dictionary_encode().to_pandas()
            return codes.cat.reorder_categories(sorted(codes.cat.categories))  # sorting by it sorts as text
        # A copy in Arrow's own memory: a column made from DuckDB's result would keep that whole result alive (every
        # column of every batch: about 90 MB nationally, for the text of `periode` alone)
        return pa.concat_arrays(values.chunks).to_pandas()
    if pa.types.is_date(kind):
        return pd.Series(values.cast(pa.timestamp("us")).to_pandas(), dtype="datetime64[us]")
    if values.null_count and str(kind) in _NULLABLE:  # NULLs make int and bool columns nullable, not float
        return pd.Series(values.to_pandas(types_mapper=pd.ArrowDtype), dtype=_NULLABLE[str(kind)])
    return values.to_pandas()


def from_arrow(table: pa.Table, categories: Collection[str] = ()) -> pd.DataFrame:
    """The frame of `table`; the text columns named in `categories` as pandas categoricals."""
    return pd.DataFrame({name: _column(table.column(name), name in categories) for name in table.column_names})


def release_unused() -> None:
    """Give the memory of freed Arrow results back to the system: Arrow's pool keeps it otherwise (about 50 MB after
    the national current values)."""
    pa.default_memory_pool().release_unused()


# The datasets with a row per month, district and group (and kind): 1.4 million current rows nationally over five years.
LARGE = ("pas", "layanan", "hasil")


def category_columns(ds: Dataset) -> list[str]:
    """The code columns of a large dataset's key (kode_wilayah, kategori_pas, …), for categoricals: one byte a
    row instead of about twenty (the national `layanan`: 100 → 29 MB). Equality, isin, groupby (observed only,
    pandas' default), map and merge behave as on text. `periode` stays text: figures compare it with < and <=,
    which an unordered categorical refuses."""
    return [c for c in ds.kunci if ds.jenis(c) == KODE] if ds.nama in LARGE else []
