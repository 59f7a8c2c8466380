"""The figure a follow-up is meant to move: the measure on the slide where it was agreed, for its district (or the
whole coverage, for a follow-up for all districts), in a month: then (when it was agreed) and now."""

from __future__ import annotations

import pandas as pd

from lib.config import Konfigurasi
from lib.figures.indicators import Rows, area_value, indicator, indicators

# The measure each slide shows, by its kind; the map's is the configured map measure (lib.present.slides).
SLIDE_INDICATORS = {"ringkasan": "cakupan", "klaster": "cakupan", "program": "capaian", "ska": "omzet_ska"}


def slide_indicator(cfg: Konfigurasi, entry: str, map_measure: str) -> str:
    """The [[indikator]] code of the measure on slide `entry` ('peta', 'klaster:anak'); '' when the slide has none
    (the title, the follow-ups) or the configuration lacks it."""
    kind = entry.partition(":")[0]
    kode = map_measure if kind == "peta" else SLIDE_INDICATORS.get(kind, "")
    return kode if kode in {i.kode for i in indicators(cfg)} else ""


def figure(
    data: dict[str, pd.DataFrame], cfg: Konfigurasi, kode: str, periode: str, klaster: str | None, district: str
) -> float | None:
    """The indicator `kode` in month `periode` (within `klaster`), for `district` ('': the whole coverage); None when
    there is no value (no data, nothing to divide by, an indicator without district values for one district)."""
    ind = indicator(cfg, kode)
    if ind is None or not periode:
        return None
    return area_value(Rows(data, cfg, periode, klaster or None), ind, [district] if district else None)


def slide_klaster(entry: str, klaster: str | None) -> str:
    """The klaster a slide's figures are for: a klaster slide's own, else the filter's ('' all)."""
    kind, _, own = entry.partition(":")
    return own if kind == "klaster" and own else (klaster or "")
