"""python -m bench: measure the foundation at one Sentra's scale and write bench/results.json.

Figures are medians of repeated runs on this machine. Nothing here is a test: no time is asserted.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import streamlit

from lib import sample, store

HERE = Path(__file__).parent
REPEAT = 5


def _median(fn, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    from streamlit.testing.v1 import AppTest

    tmp = Path(tempfile.mkdtemp())
    results: dict = {}

    def seed_fresh():
        db = tmp / f"seed_{time.perf_counter_ns()}.duckdb"
        sample.seed(str(db))

    results["seed_sample_s"] = round(_median(seed_fresh, 3), 3)
    db = str(tmp / "bench.duckdb")
    sample.seed(db)
    os.environ["ATENSI_DB"] = db
    results["read_current_all_ms"] = round(_median(lambda: store.current_all(db)) * 1000, 1)
    results["state_token_ms"] = round(_median(lambda: store.state_token(db)) * 1000, 2)
    results["file_stamp_ms"] = round(_median(lambda: store.file_stamp(db)) * 1000, 3)

    app = str(HERE.parent / "app.py")
    rerun = {}
    for page in ["views/ringkasan.py", "views/riwayat.py"]:
        at = AppTest.from_file(app, default_timeout=120).run()
        if page != "views/ringkasan.py":
            at.switch_page(page).run()
        rerun[page] = round(_median(lambda: at.run(), 7) * 1000, 1)
    results["rerun_p50_ms"] = rerun

    meta = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "duckdb": duckdb.__version__,
        "scale": "23 districts × 24 months (sample data)",
    }
    out = {"meta": meta, "results": results}
    (HERE / "results.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"{meta['date']} · {meta['machine']} · Python {meta['python']} · Streamlit {meta['streamlit']} · "
          f"DuckDB {meta['duckdb']}")
    for key, value in results.items():
        if isinstance(value, dict):
            for sub, v in value.items():
                print(f"  {key}[{sub}]".ljust(44), v)
        else:
            print(f"  {key}".ljust(44), value)


if __name__ == "__main__":
    main()
