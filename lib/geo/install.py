"""Installing boundaries (never in the repository): prepare a file, write it atomically with its source sidecar,
download the pinned public file (SHA-256 checked), and load the installed file for the map.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely

from lib import store
from lib.config import Konfigurasi
from lib.errors import Refused, UserError
from lib.geo.files import KODE, SUFFIXES, Laporan, installed_path, match_districts, read_file, sidecar, sources
from lib.geo.shapes import (
    DISPLAY_MIN_PART_KM2,
    DISPLAY_PIXELS,
    DISPLAY_TOLERANCE,
    _dumps,
    drop_islets,
    feature_collection,
    simplify,
)
from lib.principal import Principal, require_admin


def prepare(path: str | os.PathLike, cfg: Konfigurasi) -> tuple[gpd.GeoDataFrame, Laporan, str]:
    """Read, match, repair and simplify a boundary file; returns the districts, the report and the GeoJSON text."""
    rules = sources()["pengolahan"]
    gdf, laporan = match_districts(read_file(path), cfg)
    if gdf.empty:
        raise Refused(
            "Tidak ada kabupaten/kota yang cocok",
            f"Tidak satu pun fitur di {Path(path).name} cocok dengan wilayah jangkauan (kode Kemendagri, "
            "kode BPS, P-code, nama, atau titik di dalam wilayah). Batas yang terpasang tetap dipakai.",
        )
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


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".batas-", suffix=".tmp")
    os.chmod(tmp, 0o644)  # readable by the dashboard process, like any file it writes
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def install(
    path: str | os.PathLike,
    cfg: Konfigurasi,
    dest: str | os.PathLike | None = None,
    sumber: dict | None = None,
    *,
    pengguna: Principal,
) -> Laporan:
    """Process a boundary file and install it as the map's boundaries (an admin's work, audited). A bad file
    changes nothing."""
    _may_install(pengguna, Path(path).name)
    dest = Path(dest or installed_path(cfg))
    simple, laporan, text = prepare(path, cfg)
    record = {
        "berkas": Path(path).name,
        "atribusi": f"Batas wilayah: {Path(path).name}",
        **(sumber or {}),
        "cocok": len(laporan.cocok),
        "tidak_cocok": laporan.tidak_cocok,
    }
    try:
        _write_atomic(sidecar(dest), json.dumps(record, ensure_ascii=False, indent=1))
        _write_atomic(dest, text)
    except OSError as e:
        raise UserError(
            "Batas wilayah tidak dapat disimpan",
            f"{dest}: {e.strerror or e}. Periksa ATENSI_BOUNDARIES (folder harus dapat ditulisi).",
        ) from None
    with store.connect() as con:
        store.migrate(con)
        store.record_audit(
            con,
            pengguna,
            "pasang batas wilayah",
            record["berkas"],
            rincian=f"{len(laporan.cocok)} cocok, {len(laporan.tidak_cocok)} tidak cocok",
        )
    return laporan


def _may_install(who: Principal, name: str) -> None:
    try:
        require_admin(who, "memasang batas wilayah")
    except Refused as e:
        store.record_refusal(who, "pasang batas wilayah", name, e)
        raise


def install_upload(
    data: bytes, name: str, cfg: Konfigurasi, dest: str | os.PathLike | None = None, *, pengguna: Principal
) -> Laporan:
    """An uploaded boundary file (bytes): written to a temporary file of the same kind, then installed."""
    _may_install(pengguna, Path(name).name)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(
            "Jenis berkas batas wilayah tidak dikenal",
            f"{name}: gunakan GeoJSON (.geojson), GeoPackage (.gpkg) atau Shapefile dalam .zip.",
        )
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / Path(name).name
        p.write_bytes(data)
        return install(
            p,
            cfg,
            dest,
            {"berkas": Path(name).name, "atribusi": f"Batas wilayah: {Path(name).name}"},
            pengguna=pengguna,
        )


def download(
    cfg: Konfigurasi,
    url: str | None = None,
    sha256: str | None = None,
    dest: str | os.PathLike | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    *,
    pengguna: Principal,
) -> Laporan:
    """Download the pinned public file (data/batas_sumber.toml), verify its SHA-256, then install it.

    `url` points at a mirror of the same file; `sha256` accepts a different file on purpose. A file whose hash
    differs is refused and nothing changes.
    """
    src = sources()["unduhan"]
    _may_install(pengguna, src.get("berkas", "unduhan"))
    url = url or src["url"]
    expected = (sha256 or src["sha256"]).lower()
    limit = int(src.get("ukuran", 0)) * 2 or None
    dest = Path(dest or installed_path(cfg))
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
                        raise Refused("Unduhan terlalu besar", f"{url} lebih dari {limit:,} byte; dihentikan.")
                    digest.update(chunk)
                    out.write(chunk)
                    if progress:
                        progress(done, total)
        except OSError as e:
            raise UserError("Unduhan gagal", f"{url}: {e}. Batas yang terpasang tetap dipakai.") from None
        got = digest.hexdigest()
        if got != expected:
            raise Refused(
                "Checksum tidak cocok",
                f"SHA-256 berkas unduhan {got}, seharusnya {expected}. Berkas tidak dipakai; "
                "batas yang terpasang tetap dipakai.",
            )
        return install(
            raw,
            cfg,
            dest,
            {
                "berkas": src.get("berkas", raw.name),
                "url": url,
                "sha256": got,
                "lisensi": src.get("lisensi", ""),
                "atribusi": src.get("atribusi", ""),
            },
            pengguna=pengguna,
        )


@dataclass
class Batas:
    """Boundaries ready for the map: districts and province outlines (EPSG:4326), attribution, the report."""

    wilayah: gpd.GeoDataFrame  # kode_wilayah, geometry
    provinsi: gpd.GeoDataFrame  # kode_provinsi, geometry (dissolved covered districts)
    atribusi: str
    laporan: Laporan


def load_for_map(cfg: Konfigurasi, path: str | os.PathLike | None = None) -> Batas | None:
    """The boundary file in force, matched and simplified for display; None when there is none. A file that matches
    none of the configuration's districts is refused, saying so (it is there, but it is another area's)."""
    p = Path(path or installed_path(cfg))
    if not p.exists():
        return None
    gdf, laporan = match_districts(read_file(p), cfg)
    if gdf.empty:
        raise Refused(
            "Batas wilayah tidak cocok",
            f"Berkas batas wilayah {p.name} tidak memuat satu pun dari {len(cfg.kode_wilayah)} kabupaten/kota "
            "konfigurasi ini (dicocokkan dengan kode, nama dan titik di dalam wilayah). Pasang berkas batas untuk "
            "wilayah jangkauan ini.",
        )
    # A wide coverage (national: 45° of longitude) is framed wider, so a pixel spans more degrees there.
    minx, _, maxx, _ = gdf.total_bounds
    tolerance = max(DISPLAY_TOLERANCE, (maxx - minx) / DISPLAY_PIXELS)
    gdf = gdf.set_geometry(simplify([drop_islets(g, DISPLAY_MIN_PART_KM2) for g in gdf.geometry.values], tolerance))
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
