"""Reading a boundary file (GeoJSON, GeoPackage, zipped Shapefile, any CRS) and matching its features to the
configuration's districts: by Kemendagri code, BPS code, P-code or name, whichever column matches most, else by the
feature holding a district's inside point.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from lib import fmt
from lib.config import DATA_DIR, Konfigurasi, load_config, setting
from lib.errors import UserError
from lib.geo.shapes import repair

SOURCES = DATA_DIR / "batas_sumber.toml"


KODE = "kode_wilayah"


SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".shp")


CARA_KODE, CARA_BPS, CARA_PCODE, CARA_NAMA, CARA_TITIK = (
    "kode Kemendagri",
    "kode BPS",
    "P-code",
    "nama",
    "titik di dalam wilayah",
)


def sources() -> dict:
    return tomllib.loads(SOURCES.read_text(encoding="utf-8"))


BOUNDARY_FILE = "batas_wilayah.geojson"  # installed beside the configuration, so each deployment keeps its own


def installed_path(cfg: Konfigurasi | None = None) -> Path:
    """The boundary file in force: ATENSI_BOUNDARIES when set, else batas_wilayah.geojson in the folder of the
    configuration (`cfg`, default the one in force): two deployments on one machine never share polygons."""
    chosen = setting("ATENSI_BOUNDARIES")
    if chosen:
        return Path(chosen)
    return (cfg or load_config()).path.parent / BOUNDARY_FILE


def sidecar(path: Path) -> Path:
    return path.with_name(path.stem + ".sumber.json")


def read_file(path: str | os.PathLike) -> gpd.GeoDataFrame:
    """Any boundary file as polygons in EPSG:4326. UserError when it cannot be read or holds no polygons."""
    p = Path(path)
    if not p.exists():
        raise UserError("Berkas batas wilayah tidak ditemukan", f"{p} tidak ada.")
    if p.suffix.lower() not in SUFFIXES:
        raise UserError(
            "Jenis berkas batas wilayah tidak dikenal",
            f"{p.name}: gunakan GeoJSON (.geojson), GeoPackage (.gpkg) atau Shapefile dalam .zip.",
        )
    try:
        gdf = gpd.read_file(p)
    except Exception as e:  # pyogrio raises several types for damaged files; all mean "cannot read"
        raise UserError(
            "Berkas batas wilayah tidak dapat dibaca",
            f"{p.name} rusak atau bukan berkas spasial yang dikenal ({type(e).__name__}). "
            "Batas wilayah yang sudah terpasang tetap dipakai.",
        ) from None
    if gdf.empty or "geometry" not in gdf or gdf.geometry.isna().all():
        raise UserError("Berkas batas wilayah kosong", f"{p.name} tidak berisi poligon.")
    if gdf.crs is None:
        minx, miny, maxx, maxy = gdf.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise UserError(
                "Sistem koordinat tidak diketahui",
                f"{p.name} tidak menyebut sistem koordinatnya (CRS). Simpan ulang dengan CRS.",
            )
        gdf = gdf.set_crs(4326)
    elif gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    return gdf


@dataclass
class Laporan:
    """What a boundary file gave: districts matched (and how), districts missing, features ignored, repairs."""

    cocok: dict[str, str] = field(default_factory=dict)  # kode_wilayah -> how it was matched
    tidak_cocok: list[str] = field(default_factory=list)  # covered districts not in the file
    diabaikan: int = 0  # features that are not a covered district
    diperbaiki: int = 0  # geometries repaired
    ukuran_kb: float | None = None

    def lines(self, cfg: Konfigurasi) -> list[str]:
        out = [
            f"{len(self.cocok)} dari {len(cfg.wilayah)} kabupaten/kota cocok"
            + (f" ({_ways(self.cocok)})." if self.cocok else ".")
        ]
        if self.tidak_cocok:
            out.append(
                "Tidak ada di berkas (digambar sebagai titik): "
                + ", ".join(cfg.nama_wilayah(k) for k in self.tidak_cocok)
                + "."
            )
        if self.diabaikan:
            out.append(f"{self.diabaikan} fitur lain diabaikan (bukan wilayah jangkauan).")
        if self.diperbaiki:
            out.append(f"{self.diperbaiki} geometri tidak valid diperbaiki.")
        if self.ukuran_kb is not None:
            out.append(f"Disederhanakan tanpa mengubah batas bersama: {fmt.angka(self.ukuran_kb)} KB.")
        return out


def _ways(cocok: dict[str, str]) -> str:
    counts = pd.Series(list(cocok.values())).value_counts()
    return ", ".join(f"{n} dengan {way}" for way, n in counts.items())


def _norm_name(s: str) -> str:
    s = str(s).lower().replace("kab.", "kabupaten ").replace("kab ", "kabupaten ")
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    return " ".join(s.split())


def _keys(cfg: Konfigurasi) -> dict[str, dict[str, str]]:
    """Per matching method: normalised value -> kode_wilayah."""
    w = cfg.wilayah
    names: dict[str, str] = {}
    bare: dict[str, list[str]] = {}
    for kode, nama in w["nama"].items():
        names[_norm_name(nama)] = kode
        short = _norm_name(re.sub(r"^(Kabupaten|Kota)\s+", "", nama))
        bare.setdefault(short, []).append(kode)
    for short, kodes in bare.items():  # 'Kolaka' alone is a name too, unless a Kota and a Kabupaten share it
        if len(kodes) == 1 and short not in names:
            names[short] = kodes[0]
    bps = {str(b).strip(): k for k, b in w["kode_bps"].items() if pd.notna(b)}
    return {
        CARA_KODE: {k: k for k in w.index},
        CARA_BPS: bps,
        CARA_PCODE: {f"id{b}": k for b, k in bps.items()},
        CARA_NAMA: names,
    }


def _normalise(value, way: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value).strip()
    if way == CARA_NAMA:
        return _norm_name(text)
    if way == CARA_PCODE:
        return text.lower()
    if isinstance(value, float) and value.is_integer():  # 7471.0 read from a numeric column
        text = str(int(value))
    return text


def _best_column(gdf: gpd.GeoDataFrame, keys: dict[str, dict[str, str]], taken: set[int]):
    """(column, way, {row: kode}) matching the most districts among rows not yet matched; None when nothing does."""
    best = None
    for col in gdf.columns:
        if col == gdf.geometry.name:
            continue
        for way, table in keys.items():
            found = {}
            for i, v in enumerate(gdf[col]):
                if i in taken:
                    continue
                kode = table.get(_normalise(v, way))
                if kode:
                    found[i] = kode
            if found and (best is None or len(set(found.values())) > len(set(best[2].values()))):
                best = (col, way, found)
    return best


def match_districts(gdf: gpd.GeoDataFrame, cfg: Konfigurasi) -> tuple[gpd.GeoDataFrame, Laporan]:
    """The covered districts found in a boundary file: one row per district (parts dissolved), and a report."""
    keys = _keys(cfg)
    rows: dict[int, str] = {}
    ways: dict[str, str] = {}
    while True:  # column by column, best first, each taking rows the earlier ones left
        best = _best_column(gdf, keys, set(rows))
        if best is None:
            break
        col, way, found = best
        new = {i: k for i, k in found.items() if k not in ways}
        if not new:
            break
        rows.update(new)
        for k in new.values():
            ways.setdefault(k, f"{way} ({col})")
    geoms = gdf.geometry.values
    w = cfg.wilayah
    for kode in [k for k in w.index if k not in ways]:  # an old or different name: the feature holding its point
        point = shapely.Point(float(w.at[kode, "titik_lon"]), float(w.at[kode, "titik_lat"]))
        hits = [
            i
            for i in range(len(gdf))
            if i not in rows and geoms[i] is not None and geoms[i].is_valid and geoms[i].covers(point)
        ]
        if len(hits) == 1:
            rows[hits[0]] = kode
            ways[kode] = CARA_TITIK
    laporan = Laporan(
        cocok={k: ways[k] for k in w.index if k in ways},
        tidak_cocok=[k for k in w.index if k not in ways],
        diabaikan=len(gdf) - len(rows),
    )
    picked = gpd.GeoDataFrame({KODE: list(rows.values())}, geometry=[geoms[i] for i in rows], crs=4326)
    repaired, n = repair(picked.geometry.values)
    laporan.diperbaiki = n
    picked = picked.set_geometry(repaired)
    dissolved = picked.dissolve(by=KODE, as_index=False) if len(picked) else picked
    order = {k: i for i, k in enumerate(w.index)}
    dissolved = dissolved.sort_values(KODE, key=lambda s: s.map(order)).reset_index(drop=True)
    return dissolved, laporan
