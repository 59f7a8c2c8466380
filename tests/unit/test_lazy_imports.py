"""What the frame and the overview load before the KPI cards are sent: what every screen shares, not the libraries of
the screens that draw a map, export a file or read an upload (issue 16: the first render after a start)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Loaded where they are used: charts (after the KPI cards), maps, PDF/PPTX/PNG exports, boundaries, uploads, the
# password hasher (a sign-in)
ON_DEMAND = [
    "altair",
    "pydeck",
    "geopandas",
    "shapely",
    "fpdf",
    "pptx",
    "PIL",
    "vl_convert",
    "openpyxl",
    "pandera",
    "argon2",
]

PROBE = f"""
import json, sys
import lib.ui, lib.ui.presentation  # what app.py imports
from lib.accounts import signin
print(json.dumps({{
    "loaded": [m for m in {ON_DEMAND!r} if m in sys.modules],
    "dummy_hash_made": signin._dummy_hash.cache_info().currsize,
}}))
"""


def test_the_frame_loads_no_chart_map_export_or_upload_library_and_hashes_no_password():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found == {"loaded": [], "dummy_hash_made": 0}
