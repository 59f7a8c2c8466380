"""District boundaries: read any boundary file, match its features to the covered districts, repair, simplify,
store (never in the repository), download the pinned public file, and prepare them for the map.

A boundary file may be GeoJSON, GeoPackage or a zipped Shapefile in any CRS. Features are matched to the
configuration's districts by Kemendagri code (`74.71`), BPS code (`7471`), P-code (`ID7471`) or name, whichever
column matches most; a district still unmatched is matched by the feature holding its inside point
(`titik_lat`, `titik_lon`). The installed file holds only the covered districts, keyed by `kode_wilayah`,
with a sidecar `<name>.sumber.json` recording its source for the attribution line on the map.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import tomllib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon

from lib import fmt
from lib.config import DATA_DIR, Konfigurasi, setting
from lib.errors import UserError

SOURCES = DATA_DIR / "batas_sumber.toml"
KODE = "kode_wilayah"
SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".shp")
DISPLAY_TOLERANCE = 0.004  # degrees; at the map's closest framing (a province) one pixel is ≈ 0.007°
DISPLAY_PIXELS = 4000  # a coverage's width over this many pixels: the coarsest simplification worth keeping
DISPLAY_DECIMALS = 3  # ≈ 100 m, a tenth of a pixel at that framing
DISPLAY_MIN_PART_KM2 = 0.3  # islets smaller than this are under a pixel on the map: not sent to the browser

CARA_KODE, CARA_BPS, CARA_PCODE, CARA_NAMA, CARA_TITIK = (
    "kode Kemendagri", "kode BPS", "P-code", "nama", "titik di dalam wilayah")


def sources() -> dict:
    return tomllib.loads(SOURCES.read_text(encoding="utf-8"))


def installed_path() -> Path:
    """The boundary file in force: ATENSI_BOUNDARIES (default: the installed copy under data/)."""
    return Path(setting("ATENSI_BOUNDARIES"))


def sidecar(path: Path) -> Path:
    return path.with_name(path.stem + ".sumber.json")


# Reading -------------------------------------------------------------------------------------------------------

def read_file(path: str | os.PathLike) -> gpd.GeoDataFrame:
    """Any boundary file as polygons in EPSG:4326. UserError when it cannot be read or holds no polygons."""
    p = Path(path)
    if not p.exists():
        raise UserError("Berkas batas wilayah tidak ditemukan", f"{p} tidak ada.")
    if p.suffix.lower() not in SUFFIXES:
        raise UserError("Jenis berkas batas wilayah tidak dikenal",
                        f"{p.name}: gunakan GeoJSON (.geojson), GeoPackage (.gpkg) atau Shapefile dalam .zip.")
    try:
        gdf = gpd.read_file(p)
    except Exception as e:  # pyogrio raises several types for damaged files; all mean "cannot read"
        raise UserError("Berkas batas wilayah tidak dapat dibaca",
                        f"{p.name} rusak atau bukan berkas spasial yang dikenal ({type(e).__name__}). "
                        "Batas wilayah yang sudah terpasang tetap dipakai.") from None
    if gdf.empty or "geometry" not in gdf or gdf.geometry.isna().all():
        raise UserError("Berkas batas wilayah kosong", f"{p.name} tidak berisi poligon.")
    if gdf.crs is None:
        minx, miny, maxx, maxy = gdf.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise UserError("Sistem koordinat tidak diketahui",
                            f"{p.name} tidak menyebut sistem koordinatnya (CRS). Simpan ulang dengan CRS.")
        gdf = gdf.set_crs(4326)
    elif gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    return gdf


# Matching ------------------------------------------------------------------------------------------------------

@dataclass
class Laporan:
    """What a boundary file gave: districts matched (and how), districts missing, features ignored, repairs."""

    cocok: dict[str, str] = field(default_factory=dict)  # kode_wilayah -> how it was matched
    tidak_cocok: list[str] = field(default_factory=list)  # covered districts not in the file
    diabaikan: int = 0  # features that are not a covered district
    diperbaiki: int = 0  # geometries repaired
    ukuran_kb: float | None = None

    def lines(self, cfg: Konfigurasi) -> list[str]:
        out = [f"{len(self.cocok)} dari {len(cfg.wilayah)} kabupaten/kota cocok"
               + (f" ({_ways(self.cocok)})." if self.cocok else ".")]
        if self.tidak_cocok:
            out.append("Tidak ada di berkas (digambar sebagai titik): "
                       + ", ".join(cfg.nama_wilayah(k) for k in self.tidak_cocok) + ".")
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
        hits = [i for i in range(len(gdf)) if i not in rows and geoms[i] is not None
                and geoms[i].is_valid and geoms[i].covers(point)]
        if len(hits) == 1:
            rows[hits[0]] = kode
            ways[kode] = CARA_TITIK
    laporan = Laporan(cocok={k: ways[k] for k in w.index if k in ways},
                      tidak_cocok=[k for k in w.index if k not in ways],
                      diabaikan=len(gdf) - len(rows))
    picked = gpd.GeoDataFrame({KODE: list(rows.values())}, geometry=[geoms[i] for i in rows], crs=4326)
    repaired, n = repair(picked.geometry.values)
    laporan.diperbaiki = n
    picked = picked.set_geometry(repaired)
    dissolved = picked.dissolve(by=KODE, as_index=False) if len(picked) else picked
    order = {k: i for i, k in enumerate(w.index)}
    dissolved = dissolved.sort_values(KODE, key=lambda s: s.map(order)).reset_index(drop=True)
    return dissolved, laporan


def repair(geoms) -> tuple[list, int]:
    """Valid polygonal geometries (invalid ones made valid, non-polygon parts dropped), and how many were fixed."""
    out, fixed = [], 0
    for g in geoms:
        if g is None or g.is_empty:
            out.append(MultiPolygon())
            continue
        if not g.is_valid:
            g = shapely.make_valid(g)
            fixed += 1
        out.append(_polygonal(g))
    return out, fixed


def _polygonal(g) -> MultiPolygon:
    if isinstance(g, MultiPolygon):
        return g
    if isinstance(g, Polygon):
        return MultiPolygon([g])
    parts = [p for p in getattr(g, "geoms", []) if isinstance(p, (Polygon, MultiPolygon))]
    polys = [q for p in parts for q in (p.geoms if isinstance(p, MultiPolygon) else [p])]
    return MultiPolygon(polys)


# Simplifying ---------------------------------------------------------------------------------------------------

def simplify(geoms, tolerance: float) -> list:
    """Topology-preserving coverage simplification: borders shared by two districts stay shared (no gaps)."""
    arr = shapely.coverage_simplify(list(geoms), tolerance=tolerance, simplify_boundary=True)
    fixed, _ = repair(arr)  # a coverage that was not quite valid can leave a self-touching ring
    return fixed


def _round(coords, decimals: int):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), decimals) for c in coords]
    return [_round(c, decimals) for c in coords]


def feature_collection(gdf: gpd.GeoDataFrame, props: list[str], decimals: int) -> dict:
    """A GeoJSON dict with rounded coordinates (shorter than GDAL's output, and stable bytes)."""
    feats = []
    for _, row in gdf.iterrows():
        geom = row.geometry.__geo_interface__
        feats.append({"type": "Feature", "properties": {p: row[p] for p in props},
                      "geometry": {"type": geom["type"], "coordinates": _round(geom["coordinates"], decimals)}})
    return {"type": "FeatureCollection", "features": feats}


def _dumps(fc: dict) -> str:
    return json.dumps(fc, ensure_ascii=False, separators=(",", ":"))


def prepare(path: str | os.PathLike, cfg: Konfigurasi) -> tuple[gpd.GeoDataFrame, Laporan, str]:
    """Read, match, repair and simplify a boundary file; returns the districts, the report and the GeoJSON text."""
    rules = sources()["pengolahan"]
    gdf, laporan = match_districts(read_file(path), cfg)
    if gdf.empty:
        raise UserError("Tidak ada kabupaten/kota yang cocok",
                        f"Tidak satu pun fitur di {Path(path).name} cocok dengan wilayah jangkauan (kode Kemendagri, "
                        "kode BPS, P-code, nama, atau titik di dalam wilayah). Batas yang terpasang tetap dipakai.",
                        exit_code=1)
    tolerance, limit = float(rules["toleransi_derajat"]), float(rules["ukuran_maks_kb"]) * 1024
    gdf["nama"] = gdf[KODE].map(cfg.nama_wilayah)
    for _ in range(6):  # coarser until the coverage fits the size limit
        simple = gdf.set_geometry(simplify(gdf.geometry.values, tolerance))
        text = _dumps(feature_collection(simple, [KODE, "nama"], int(rules["desimal"])))
        if len(text.encode()) <= limit:
            break
        tolerance *= 2
    laporan.ukuran_kb = len(text.encode()) / 1024
    return simple, laporan, text


# Storing -------------------------------------------------------------------------------------------------------

def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".batas-", suffix=".tmp")
    os.chmod(tmp, 0o644)  # readable by the dashboard process, like any file it writes
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def install(path: str | os.PathLike, cfg: Konfigurasi, dest: str | os.PathLike | None = None,
            sumber: dict | None = None) -> Laporan:
    """Process a boundary file and install it as the map's boundaries. A bad file changes nothing."""
    dest = Path(dest or installed_path())
    simple, laporan, text = prepare(path, cfg)
    record = {"berkas": Path(path).name, "atribusi": f"Batas wilayah: {Path(path).name}", **(sumber or {}),
              "cocok": len(laporan.cocok), "tidak_cocok": laporan.tidak_cocok}
    try:
        _write_atomic(sidecar(dest), json.dumps(record, ensure_ascii=False, indent=1))
        _write_atomic(dest, text)
    except OSError as e:
        raise UserError("Batas wilayah tidak dapat disimpan", f"{dest}: {e.strerror or e}. Periksa ATENSI_BOUNDARIES "
                        "(folder harus dapat ditulisi).") from None
    return laporan


def install_upload(data: bytes, name: str, cfg: Konfigurasi, dest: str | os.PathLike | None = None) -> Laporan:
    """An uploaded boundary file (bytes): written to a temporary file of the same kind, then installed."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError("Jenis berkas batas wilayah tidak dikenal",
                        f"{name}: gunakan GeoJSON (.geojson), GeoPackage (.gpkg) atau Shapefile dalam .zip.")
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / Path(name).name
        p.write_bytes(data)
        return install(p, cfg, dest, {"berkas": Path(name).name, "atribusi": f"Batas wilayah: {Path(name).name}"})


# Downloading ---------------------------------------------------------------------------------------------------

def download(cfg: Konfigurasi, url: str | None = None, sha256: str | None = None,
             dest: str | os.PathLike | None = None,
             progress: Callable[[int, int | None], None] | None = None) -> Laporan:
    """Download the pinned public file (data/batas_sumber.toml), verify its SHA-256, then install it.

    `url` points at a mirror of the same file; `sha256` accepts a different file on purpose. A file whose hash
    differs is refused and nothing changes.
    """
    src = sources()["unduhan"]
    url = url or src["url"]
    expected = (sha256 or src["sha256"]).lower()
    limit = int(src.get("ukuran", 0)) * 2 or None
    dest = Path(dest or installed_path())
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
        raw = Path(tmp) / src.get("berkas", "unduhan.geojson")
        try:
            with urllib.request.urlopen(url, timeout=60) as response, open(raw, "wb") as out:
                total = int(response.headers.get("Content-Length") or 0) or None
                done = 0
                while chunk := response.read(1 << 16):
                    done += len(chunk)
                    if limit and done > limit:
                        raise UserError("Unduhan terlalu besar", f"{url} lebih dari {limit:,} byte; dihentikan.",
                                        exit_code=1)
                    digest.update(chunk)
                    out.write(chunk)
                    if progress:
                        progress(done, total)
        except OSError as e:
            raise UserError("Unduhan gagal", f"{url}: {e}. Batas yang terpasang tetap dipakai.") from None
        got = digest.hexdigest()
        if got != expected:
            raise UserError("Checksum tidak cocok",
                            f"SHA-256 berkas unduhan {got}, seharusnya {expected}. Berkas tidak dipakai; "
                            "batas yang terpasang tetap dipakai.", exit_code=1)
        return install(raw, cfg, dest, {"berkas": src.get("berkas", raw.name), "url": url, "sha256": got,
                                        "lisensi": src.get("lisensi", ""), "atribusi": src.get("atribusi", "")})


def drop_islets(g: MultiPolygon, min_km2: float) -> MultiPolygon:
    """The parts of a district of at least min_km2 (the largest part is always kept)."""
    g = _polygonal(g)
    parts = list(g.geoms)
    if len(parts) <= 1:
        return g

    def km2(p: Polygon) -> float:  # degrees² to km² at the part's latitude: enough to tell an islet
        return p.area * 111.32 ** 2 * math.cos(math.radians(p.centroid.y))

    sizes = [km2(p) for p in parts]
    keep = [p for p, a in zip(parts, sizes) if a >= min_km2] or [parts[sizes.index(max(sizes))]]
    return MultiPolygon(keep)


# For the map ---------------------------------------------------------------------------------------------------

@dataclass
class Batas:
    """Boundaries ready for the map: districts and province outlines (EPSG:4326), attribution, the report."""

    wilayah: gpd.GeoDataFrame  # kode_wilayah, geometry
    provinsi: gpd.GeoDataFrame  # kode_provinsi, geometry (dissolved covered districts)
    atribusi: str
    laporan: Laporan


def load_for_map(cfg: Konfigurasi, path: str | os.PathLike | None = None) -> Batas | None:
    """The boundary file in force, matched and simplified for display; None when there is none."""
    p = Path(path or installed_path())
    if not p.exists():
        return None
    gdf, laporan = match_districts(read_file(p), cfg)
    if gdf.empty:
        return None
    # A wide coverage (national: 45° of longitude) is framed wider, so a pixel spans more degrees there.
    minx, _, maxx, _ = gdf.total_bounds
    tolerance = max(DISPLAY_TOLERANCE, (maxx - minx) / DISPLAY_PIXELS)
    gdf = gdf.set_geometry(simplify([drop_islets(g, DISPLAY_MIN_PART_KM2) for g in gdf.geometry.values],
                                    tolerance))
    gdf["kode_provinsi"] = gdf[KODE].map(cfg.wilayah["kode_provinsi"])
    prov = [(kp, shapely.coverage_union_all(grp.geometry.values)) for kp, grp in gdf.groupby("kode_provinsi")]
    provinsi = gpd.GeoDataFrame({"kode_provinsi": [k for k, _ in prov]}, geometry=[g for _, g in prov], crs=4326)
    return Batas(wilayah=gdf, provinsi=provinsi, atribusi=_attribution(p), laporan=laporan)


def _attribution(p: Path) -> str:
    meta = sidecar(p)
    if meta.exists():
        try:
            return json.loads(meta.read_text(encoding="utf-8")).get("atribusi") or f"Batas wilayah: {p.name}"
        except (OSError, ValueError):
            pass
    return f"Batas wilayah: {p.name}"
