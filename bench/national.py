"""A synthetic national configuration: 514 districts × 60 months, for measuring at national scale.

The districts are made up (codes 11.01…, names 'Wilayah 001'…, points on a grid over Indonesia); the taxonomy is
the main configuration's. Built in a temporary folder, never in data/.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from lib.config import DATA_DIR

N_DISTRICTS = 514
N_PROVINCES = 38


def build(folder: Path, n: int = N_DISTRICTS, months: int = 60) -> Path:
    """Write konfigurasi.toml, wilayah.csv and contoh.toml for n districts into folder; return the config path."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(514)
    per_prov = int(np.ceil(n / N_PROVINCES))
    codes, provs = [], []
    for i in range(n):
        p, k = divmod(i, per_prov)
        codes.append(f"{11 + p:02d}.{k + 1:02d}")
        provs.append(f"Provinsi {11 + p:02d}")
    lon = 95 + (np.arange(n) % 40) * 1.0 + rng.uniform(0, 0.5, n)
    lat = 5 - (np.arange(n) // 40) * 1.0 - rng.uniform(0, 0.5, n)
    pop = rng.lognormal(12.5, 0.6, n).astype(int) + 20_000
    wilayah = pd.DataFrame(
        {
            "kode_wilayah": codes,
            "kode_bps": [c.replace(".", "") for c in codes],
            "nama": [f"Kabupaten Wilayah {i + 1:03d}" for i in range(n)],
            "provinsi": provs,
            "jenis": "Kabupaten",
            "ibukota": "",
            "titik_lat": lat.round(4),
            "titik_lon": lon.round(4),
            "ibukota_lat": lat.round(4),
            "ibukota_lon": lon.round(4),
            "luas_km2": 1000.0,
            "penduduk": pop,
            "penduduk_tahun": 2025,
            "penduduk_sumber": "sintetis (benchmark)",
            "penduduk_sp2020": "",
        }
    )
    wilayah.to_csv(folder / "wilayah.csv", index=False)
    main = (DATA_DIR / "konfigurasi.toml").read_text(encoding="utf-8")
    cakupan = ", ".join(f'"{c}"' for c in codes)
    raw = tomllib.loads(main)
    # Replace the coverage list: everything between 'cakupan = [' and the closing ']'.
    head, rest = main.split("cakupan = [", 1)
    _, tail = rest.split("]", 1)
    text = head + f"cakupan = [{cakupan}]" + tail
    text = text.replace(f'kode_wilayah = "{raw["sentra"]["kode_wilayah"]}"', f'kode_wilayah = "{codes[0]}"')
    (folder / "konfigurasi.toml").write_text(text, encoding="utf-8")
    contoh = (DATA_DIR / "contoh.toml").read_text(encoding="utf-8")
    end_year = 2025
    first = f"{end_year - months // 12 + 1}-01"
    contoh = contoh.replace('periode_awal = "2024-01"', f'periode_awal = "{first}"')
    # Programmes: keep the sample's, moved onto the synthetic districts.
    params = tomllib.loads(contoh)
    old = sorted(
        {w for prog in params.get("program", []) for w in prog["wilayah"]}
        | {t["kode_wilayah"] for t in params.get("tindak_lanjut", []) if t["kode_wilayah"]}
    )
    for i, code in enumerate(old):
        contoh = contoh.replace(f'"{code}"', f'"{codes[i * 7 % n]}"')
    (folder / "contoh.toml").write_text(contoh, encoding="utf-8")
    return folder / "konfigurasi.toml"


if __name__ == "__main__":
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/nasional")
    shutil.rmtree(out, ignore_errors=True)
    print(build(out))
