"""The Klaster screen's drill path, klaster → PAS group → district → ATENSI services: what each level is called,
what it covers and what it shows (lib.figures.pas computes the numbers)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.config import Konfigurasi, term
from lib.figures.filters import Filter, kategori_codes
from lib.figures.pas import (
    DRILL_BY,
    drill_level,
    drill_trend,
    pas_breakdown,
    service_breakdown,
)


@dataclass(frozen=True)
class DrillStep:
    """Where the drill path is: level 0 lists klaster, 1 the PAS groups of a klaster, 2 the districts for a group,
    3 the services of a group in a district (a district chosen in the sidebar skips level 2)."""

    level: int
    kategori: str | None  # the PAS group of the path (levels 2 and 3)
    title: str  # the screen's subheader
    scope: str  # what the trend covers
    name: str  # the breakdown's (or the services') download name
    by: str | None  # the PAS column the level breaks down by; None for the services
    axis: str  # the breakdown's name (bars and table column); "" for the services
    crumbs: tuple[str, ...]  # from 'Semua klaster' to this level, one per level
    no_services: str  # level 3 without a services report


def drill_step(cfg: Konfigurasi, f: Filter, kategori: str | None) -> DrillStep:
    level = drill_level(f, kategori)
    s = cfg.kategori_singkatan
    klaster = cfg.label("klaster", f.klaster or "")
    group = cfg.label("kategori", kategori or "")
    district = cfg.nama_wilayah(f.wilayah or "")
    crumbs = ("Semua klaster", klaster, group, district)[: level + 1]
    axis = ("Klaster", cfg.kategori_judul, "Kabupaten/kota", "")[level]
    return DrillStep(
        level=level,
        kategori=kategori,
        by=DRILL_BY[level],
        axis=axis,
        crumbs=crumbs,
        title=(
            f"{s} per klaster",
            f"{cfg.kategori_judul} dalam klaster {klaster}",
            f"Kabupaten/kota: {group}",
            f"{term(cfg, 'layanan')}: {group} di {district}",
        )[level],
        scope=(f"semua {s}", f"klaster {klaster}", group, f"{group} di {district}")[level],
        no_services=f"Tidak ada data layanan untuk {group} pada bulan ini.",
        name=f"layanan {f.wilayah} {f.periode}" if level == 3 else f"{s} per {axis} {f.periode}",
    )


def drill_breakdown(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, step: DrillStep) -> pd.DataFrame:
    """The level's items ranked (lib.figures.pas_breakdown); levels 0 to 2."""
    assert step.by is not None, "the services level has no breakdown"
    return pas_breakdown(data["pas"], cfg, f, step.by, step.kategori)


def drill_services(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, step: DrillStep) -> pd.DataFrame:
    """The ATENSI services of the path's PAS group in its district (level 3)."""
    return service_breakdown(data["layanan"], cfg, [f.wilayah or ""], [step.kategori or ""], f.periode)


def drill_scope_trend(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, step: DrillStep) -> pd.DataFrame:
    return drill_trend(data["pas"], cfg, f, step.kategori)


# The same figures for one district (Profil Wilayah) -------------------------------------------------------------


def klaster_breakdown(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """The drill's first level (PAS per klaster) for the filters' scope."""
    return pas_breakdown(data["pas"], cfg, f, DRILL_BY[0])


def district_services(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kode: str) -> pd.DataFrame:
    """The ATENSI services of one district in the period, every PAS group of the filters' klaster."""
    return service_breakdown(data["layanan"], cfg, [kode], kategori_codes(cfg, f), f.periode)
