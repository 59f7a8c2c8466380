"""How incoming rows relate to the current values: new, changed or unchanged, counted in the database."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.schema import BILANGAN, TAHUN, Dataset
from lib.store import sql


@dataclass
class Comparison:
    """How incoming rows relate to the current values: how many are new, changed or unchanged, and the changed
    ones with their old values."""

    counts: dict[str, int]  # 'baru' / 'berubah' / 'sama' -> rows
    changed: pd.DataFrame  # changed rows by key (at most sql.CHANGED_KEPT): incoming columns, perubahan, lama_<col>

    def count(self, perubahan: str) -> int:
        return self.counts.get(perubahan, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def compared_incoming(con, ds: Dataset) -> Comparison:
    """The comparison of the rows in `incoming` (con.incoming) with the current values."""
    found = con.frame(sql.compare(ds))
    firsts = found.drop_duplicates("perubahan")
    counts = {str(p): int(n) for p, n in zip(firsts["perubahan"], firsts["n"])}
    changed = found[found["perubahan"] == "berubah"].drop(columns=["n", "r"])
    return Comparison(counts, changed.sort_values(list(ds.kunci)).reset_index(drop=True))


def canonical(ds: Dataset, df: pd.DataFrame) -> pd.DataFrame:
    """Columns in contract order, keys never NULL (a blank district in tindak_lanjut is '')."""
    missing = [c for c in ds.kolom_nama if c not in df.columns]
    if missing:
        raise ValueError(f"{ds.nama}: kolom hilang {missing}")
    out = df[ds.kolom_nama].copy()
    for k in ds.kunci:
        if ds.jenis(k) not in (BILANGAN, TAHUN):
            out[k] = out[k].fillna("").astype(str)
    return out


def compare_rows(con, ds: Dataset, df: pd.DataFrame) -> Comparison:
    with con.incoming(ds, canonical(ds, df)):
        return compared_incoming(con, ds)
