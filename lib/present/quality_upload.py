"""Mutu Data in the upload preview: the incoming values that would be outliers against their district's own history
once saved (a warning, never a refusal), with the same method, thresholds and sentences as the Mutu Data screen."""

from __future__ import annotations

import pandas as pd

from lib.config import Konfigurasi
from lib.figures import outliers
from lib.figures.filters import Filter
from lib.present.quality import MEASURE_TEXT, detail_names, outlier_sentence
from lib.schema import dataset

DETAIL = {name: detail for name, _, detail in outliers.SERIES}


def incoming_outliers(
    data: dict[str, pd.DataFrame], cfg: Konfigurasi, incoming: dict[str, pd.DataFrame]
) -> list[tuple[str, str]]:
    """(level, sentence) of every incoming value of a judged series that would be an outlier (modified z), as the
    current values would be with the upload saved; extreme first, then by absolute deviation."""
    names = [n for n in incoming if n in DETAIL and len(incoming[n])]
    if not names:
        return []
    after = dict(data)
    for name in names:
        keys = dataset(name).kunci
        rows = pd.concat([data[name].astype({k: str for k in keys}), incoming[name].astype({k: str for k in keys})])
        after[name] = rows.drop_duplicates(keys, keep="last").reset_index(drop=True)
    labels = detail_names(after, cfg)
    found = []
    for periode in sorted({str(p) for n in names for p in incoming[n]["periode"]}):
        judged = outliers.outliers(after, cfg, Filter(periode=periode))
        for row in judged.flags.itertuples():
            sent = incoming.get(row.dataset)
            if sent is None or row.dataset not in names:
                continue
            mine = sent[
                (sent["periode"].astype(str) == periode) & (sent["kode_wilayah"].astype(str) == row.kode_wilayah)
            ]
            if not (mine[DETAIL[row.dataset]].astype(str) == row.rincian).any():
                continue
            what = MEASURE_TEXT[(row.dataset, row.ukuran)].format(singkatan=cfg.kategori_singkatan)
            detail = labels[row.dataset].get(row.rincian, row.rincian)
            sentence = outlier_sentence(row, cfg, judged, what, detail)
            found.append((row.tingkat != outliers.EKSTREM, -abs(row.deviasi), row.tingkat.capitalize(), sentence))
    return [(level, sentence) for _, _, level, sentence in sorted(found)]
