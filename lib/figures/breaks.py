"""Natural breaks (Fisher-Jenks): values into at most k classes, as numbers (the map's colours are lib.present.legend)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

JENKS_MAX = 200


@dataclass(frozen=True)
class Range:
    """One class: the lowest and highest value it holds, and how many values."""

    bawah: float
    atas: float
    jumlah: int


def natural_breaks(values: pd.Series, k: int = 5) -> tuple[list[int | None], list[Range]]:
    """The class of each value (0 = lowest; None = no data) and each class's range, lowest first.

    A class's range is the lowest to the highest value it holds, so ranges never overlap; classes that would be
    empty are dropped (the numbers run 0..n-1).
    """
    v = pd.to_numeric(values, errors="coerce")
    present = v.dropna()
    if present.empty:
        return [None] * len(v), []
    n_unique = present.nunique()
    if n_unique == 1:
        labels = np.zeros(len(present), dtype=int)
    else:
        classes = min(k, n_unique)
        x = present.to_numpy(dtype=float)
        # Fisher-Jenks is quadratic in pure Python (0,5 s for 514 districts): past JENKS_MAX values, find the
        # breaks on evenly spaced quantiles (min and max included, deterministic) and place every value by them.
        sample = np.quantile(x, np.linspace(0, 1, JENKS_MAX)) if len(x) > JENKS_MAX else x
        import mapclassify  # here, not at the top: it pulls in SciPy (1,4 s), which the first page never needs

        with warnings.catch_warnings():  # "Numba not installed": a few hundred values need no compiler
            warnings.simplefilter("ignore", UserWarning)
            bins = mapclassify.FisherJenks(sample, k=classes).bins
        labels = np.minimum(np.searchsorted(bins, x, side="left"), len(bins) - 1)
    ids = sorted({int(x) for x in labels})
    remap = {old: new for new, old in enumerate(ids)}
    by_row = dict(zip(present.index, (remap[int(x)] for x in labels)))
    ranges = []
    for i in range(len(ids)):
        members = present[[by_row[j] == i for j in present.index]]
        ranges.append(Range(float(members.min()), float(members.max()), len(members)))
    return [by_row.get(j) for j in v.index], ranges
