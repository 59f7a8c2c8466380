"""The screens' key cards from the configured indicators ([[indikator]]): one way to define a measure. A card whose
indicator a deployment leaves out of its configuration is not shown.

- Ringkasan: the indicators of RINGKASAN, in the configuration's order, with the two programme schedule cards
  before the first programme indicator (schedule classes are counts of programmes, not a ratio an expression can
  write: they follow [modul] program).
- Program: the schedule cards, the budget (the denominator of `serapan`) and `serapan`.
- SKA: every indicator over the ska dataset alone, for the unit chosen, then `omzet_ska` against the same month a
  year earlier.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi, module_on
from lib.figures.filters import Filter, districts, filter_program
from lib.figures.indicators import Rows, area_value, indicator, indicators, monthly_trend
from lib.figures.program import program_counts
from lib.indicators import Indicator
from lib.periode import previous, shift
from lib.present.kpi import SENTRA_WIDE, Kpi, schedule_kpis

RINGKASAN = ("terdata", "dilayani", "cakupan", "per10rb", "serapan", "omzet_ska")  # the overview's cards, by kode
SERAPAN, OMZET = "serapan", "omzet_ska"  # the budget card is serapan's denominator; the year-on-year card omzet's
SENTRA_HELP = " Untuk seluruh Sentra: tidak dibagi per kabupaten/kota atau klaster, jadi filter wilayah dan klaster tidak berlaku pada angka ini."  # fmt: skip


def indicator_kpi(ind: Indicator, now: Rows, before: Rows | None, scope: list[str] | None, **more) -> Kpi:
    """One indicator's card for a set of districts (None: the whole coverage), against the month before."""
    return Kpi(
        label=more.pop("label", ind.nama),
        value=area_value(now, ind, scope),
        previous=area_value(before, ind, scope) if before is not None else None,
        kind=ind.kind,
        help=more.pop("help", ind.keterangan),
        up_is_good=more.pop("up_is_good", ind.naik_baik),
        **more,
    )


def _reads(ind: Indicator, dataset: str) -> bool:
    return dataset in ind.datasets


def overview_kpis(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> list[Kpi]:
    """The cards of the Ringkasan page: the overview's indicators configured, with the schedule cards (programmes
    on), for the filters, each against the month before. An indicator without districts (SKA) is the whole
    Sentra's, and says so under a district, province or klaster filter."""
    shown = [i for i in indicators(cfg) if i.kode in RINGKASAN]
    kodes = districts(cfg, f)
    scope = None if len(kodes) == len(cfg.kode_wilayah) else kodes
    filtered = bool(f.wilayah or f.provinsi or f.klaster)
    now, before = Rows(data, cfg, f.periode, f.klaster), Rows(data, cfg, previous(f.periode), f.klaster)
    trends = monthly_trend(data, cfg, f, [i for i in shown if i.tingkat == "wilayah"])
    cards, readers = [], []
    for i in shown:
        if i.tingkat == "sentra":
            sentra = {"label": i.nama + (SENTRA_WIDE if filtered else ""), "help": i.keterangan + SENTRA_HELP}
            cards.append(indicator_kpi(i, now, before, None, **sentra))
        else:
            cards.append(indicator_kpi(i, now, before, scope, trend=trends.get(i.kode, [])))
        readers.append(_reads(i, "program"))
    if module_on(cfg, "program"):
        at = readers.index(True) if True in readers else next((n for n, i in enumerate(shown) if i.tingkat == "sentra"), len(cards))  # fmt: skip
        cards[at:at] = _schedule(filter_program(data["program"], cfg, f), cfg, f)
    return cards


def _schedule(program: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> list[Kpi]:
    on_now, late_now, n_now = program_counts(program, cfg, f.periode)
    on_before, late_before, _ = program_counts(program, cfg, previous(f.periode))
    return schedule_kpis(on_now, on_before, late_now, late_before, n_now)


def program_kpis(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> list[Kpi]:
    """The Program screen's cards for the filters: the schedule cards, the year's budget (serapan's denominator,
    no change: a budget is set for the year) and budget absorption (serapan), each against the month before."""
    cards = _schedule(filter_program(data["program"], cfg, f), cfg, f)
    serapan = next((i for i in indicators(cfg) if i.kode == SERAPAN), None)
    if serapan is None:
        return cards
    kodes = districts(cfg, f)
    scope = None if len(kodes) == len(cfg.kode_wilayah) else kodes
    now, before = Rows(data, cfg, f.periode, f.klaster), Rows(data, cfg, previous(f.periode), f.klaster)
    pagu = replace(serapan, kode="pagu", pembilang=serapan.penyebut, penyebut=(), faktor=1.0, satuan="rupiah")
    budget = "Jumlah anggaran (pagu) program tahun berjalan: penyebut penyerapan anggaran."
    return [
        *cards,
        indicator_kpi(pagu, now, None, scope, label="Pagu anggaran", help=budget, up_is_good=None),
        indicator_kpi(serapan, now, before, scope),
    ]


def ska_kpis(ska: pd.DataFrame, cfg: Konfigurasi, unit: str | None, periode: str) -> list[Kpi]:
    """The SKA screen's cards: every indicator over the ska dataset alone, for one unit (None: all), against the
    month before (the one change rule of every card); then year-on-year, its own labelled card."""
    data = {"ska": ska}
    now, before = Rows(data, cfg, periode, None, unit=unit), Rows(data, cfg, previous(periode), None, unit=unit)
    shown = [i for i in indicators(cfg) if i.datasets == ("ska",)]
    cards = [indicator_kpi(i, now, before, None) for i in shown]
    omzet = indicator(cfg, OMZET)
    if omzet is not None and omzet in shown:
        year_ago = Rows(data, cfg, shift(periode, -12), None, unit=unit)
        value, then = area_value(now, omzet, None), area_value(year_ago, omzet, None)
        cards.append(
            Kpi(
                label=f"Omzet dibanding {fmt.bulan(shift(periode, -12))}",
                value=None if value is None or then is None or not then else value / then - 1,
                previous=None,
                kind="ubah",
                help="Tahun ke tahun: omzet bulan terpilih dibanding bulan yang sama tahun sebelumnya.",
                up_is_good=True,
            )
        )
    return cards
