"""The national deployment (data/nasional: the 514 real kabupaten/kota of 38 provinces) with 60 months of sample
data, for measuring at national scale.

A copy of data/nasional in a temporary folder whose sample parameters ask for 60 months ending 2025-12 (the
shipped deployment seeds 24); never written into data/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from lib.config import DATA_DIR

NASIONAL = DATA_DIR / "nasional"
MONTHS = 60


def build(folder: Path, months: int = MONTHS) -> Path:
    """Copy data/nasional into folder with a sample run of `months` months ending 2025-12; return the config path."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(NASIONAL, folder)
    first_year = 2025 - months // 12 + 1
    contoh = (folder / "contoh.toml").read_text(encoding="utf-8")
    # Both ways the sample module has read its run of months: a count ending in the last month, or start and end.
    contoh = re.sub(r"(?m)^jumlah_bulan = \d+", f"jumlah_bulan = {months}", contoh)
    head = f'periode_awal = "{first_year}-01"\nperiode_akhir = "2025-12"\n'
    (folder / "contoh.toml").write_text(head + contoh, encoding="utf-8")
    return folder / "konfigurasi.toml"


if __name__ == "__main__":
    import sys

    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/nasional")))
