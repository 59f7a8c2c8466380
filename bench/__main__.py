"""python -m bench (make bench): measure, print a table and write bench/results.json. Nothing here asserts a time.

Figures are medians of repeated runs; comparisons are ratios measured side by side in the same run. Keys of issue 7
(ingest_100k_s, ingest_vs_openpyxl_read, rerun_p50_ms, rerun_national_p50_ms, first_render_s, map payloads,
server_peak_rss_mb), issue 15 (ingest_100k_pg_s, rerun_national_pg_p50_ms) and issue 16 (session_cpu_ms,
viewers30_p95_s, viewers30_p95_s_workers, first_render_ratio, first_visit_kb), issue 13
(ingest_wide_s, bench/wide.py), issue 26 (slide_next_p50_ms, bench/slides.py) and issue 22 (viewers30_ratio, viewers100_ratio: ours beside a bare Streamlit app;
every server of ours started by `make -s run` / `make -s serve`, bench/servers.py). Ports 8641-8659 on 127.0.0.1.
A part that cannot run (no PostgreSQL, no nginx, no Chromium) records why instead of its figure.
"""

from __future__ import annotations

import io
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import streamlit

from bench import sessions, slides

HERE = Path(__file__).parent
ROOT = HERE.parent
TARGETS = {
    "ingest_100k_s": "≤ 1.5",
    "ingest_100k_pg_s": "≤ 3",
    "ingest_vs_openpyxl_read": "< 1",
    "ingest_wide_s": "< 2",
    "rerun_p50_ms": "≤ 150 each",
    "rerun_national_p50_ms": "≤ 400 each",
    "rerun_national_pg_p50_ms": "≤ 500 each",
    "session_cpu_ms": "≤ 80 each, and no worse than the committed figures",
    "viewers30_ratio": "≤ 3",
    "viewers100_ratio": "≤ 3",
    "viewers30_p95_s": "≤ 3",
    "viewers30_p95_s_workers": "≤ 2",
    "first_render_s": "≤ 5",
    "first_render_ratio": "≤ 1.3",
    "first_visit_kb": "≤ 3000",
    "map_payload_kb": "≤ 300",
    "map_payload_national_kb": "≤ 2000",
    "server_peak_rss_mb": "≤ 600",
    "slide_next_p50_ms": "per slide (issue 26: server time from a key press to the next slide's last element)",
}
PORT = int(os.environ.get("ATENSI_BENCH_PORT", "8641"))  # 8641…: one process each; +9…: nginx and its workers


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def pages() -> list[str]:
    return sorted(f"views/{p.name}" for p in (ROOT / "views").glob("*.py"))


def seeded_db(folder: Path, config: Path) -> str:
    from lib import sample
    from lib.config import load_config

    db = str(folder / f"{config.parent.name}.duckdb")
    sample.seed(db, load_config(config))
    return db


# Ingest -----------------------------------------------------------------------------------------------------------


def pas_workbook(config: Path, rows_wanted: int = 100_000) -> bytes:
    """A 'pas' sheet in the upload format with about rows_wanted rows (months back from 2025-12).

    On the national configuration: 23 districts cannot fill 100,000 valid rows (periods start in 2000).
    """
    import xlsxwriter

    from lib.config import load_config
    from lib.periode import shift

    cfg = load_config(config)
    kat = [k.kode for k in cfg.kategori]
    per_month = len(cfg.kode_wilayah) * len(kat)
    months = -(-rows_wanted // per_month)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": True})
    ws = wb.add_worksheet("PAS")
    ws.write_row(0, 0, ["periode", "kode_wilayah", "kategori_pas", "terdata", "dilayani"])
    r = 1
    for m in range(months):
        periode = shift("2025-12", -m)
        for w in cfg.kode_wilayah:
            for i, k in enumerate(kat):
                ws.write_row(r, 0, [periode, w, k, 100 + i, 50 + i])
                r += 1
    wb.close()
    return buf.getvalue()


def bench_ingest(tmp: Path, config: Path, data: bytes) -> dict:
    from lib import ingest, store
    from lib.principal import SYSTEM

    os.environ["ATENSI_CONFIG"] = str(config)
    rows = len(pd.read_excel(io.BytesIO(data), engine="calamine"))

    def import_fresh():
        db = tmp / f"ingest_{time.perf_counter_ns()}.duckdb"
        os.environ["ATENSI_DB"] = str(db)
        store.init_db(str(db))
        ingest.import_upload(data, "pas_100k.xlsx", user=SYSTEM)  # the system principal: every district

    ours = median_time(import_fresh, 3)
    theirs = median_time(lambda: pd.read_excel(io.BytesIO(data), engine="openpyxl"), 3)
    return {
        "ingest_rows": rows,
        "ingest_100k_s": round(ours, 2),
        "openpyxl_read_s": round(theirs, 2),
        "ingest_vs_openpyxl_read": round(ours / theirs, 2),
    }


# Reruns (AppTest) -------------------------------------------------------------------------------------------------


def bench_reruns(db: str, config: Path, repeat: int = 7) -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["ATENSI_DB"], os.environ["ATENSI_CONFIG"] = db, str(config)
    out = {}
    for page in pages():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
        at.switch_page(page).run()
        if at.exception:
            out[page] = f"exception: {at.exception[0].message}"
            continue
        out[page] = round(median_time(at.run, repeat) * 1000, 1)
    return out


# A real server and a real browser ---------------------------------------------------------------------------------


def _browser(playwright):
    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    options = {"args": args}
    if Path("/usr/bin/chromium").exists():
        options["executable_path"] = "/usr/bin/chromium"
    return playwright.chromium.launch(**options)


def _idle(page) -> None:
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=120_000)
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=120_000)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=120_000)


def peak_rss_visiting_every_page(db: str, config: Path, port: int) -> float:
    """Peak resident memory (VmHWM) of the server (`make -s run`) after a browser visited every page in the
    navigation."""
    from playwright.sync_api import sync_playwright

    from bench import load, servers

    with servers.make_run(port, db, config) as server:
        load.wait_healthy(server.base)
        with sync_playwright() as p:
            browser = _browser(p)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(server.base + "/", timeout=120_000)
            _idle(page)
            links = page.locator("[data-testid='stSidebarNav'] a")
            hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
            for href in hrefs:
                page.goto(href if href.startswith("http") else f"{server.base}{href}")
                _idle(page)
            browser.close()
        status = Path(f"/proc/{server.pid}/status").read_text()
        hwm = next(line for line in status.splitlines() if line.startswith("VmHWM"))
        return round(int(hwm.split()[1]) / 1024, 1)


# Map payloads -----------------------------------------------------------------------------------------------------


def backup_restore(tmp: Path, db: str) -> dict:
    """backup_national_s and restore_national_s: the national store (`python -m lib cadangan` / `pulihkan`'s
    functions) into one archive and back into a new DuckDB file, medians of 3; the archive's size beside them."""
    from lib import store
    from lib.principal import SYSTEM
    from lib.store import backup

    archive = tmp / "cadangan.zip"

    def make() -> None:
        archive.unlink(missing_ok=True)
        backup.backup(archive, pengguna=SYSTEM, path=db)

    made = median_time(make, 3)

    def restore() -> None:
        target = tmp / f"pulih_{time.perf_counter_ns()}.duckdb"
        backup.restore(backup.open_archive(str(archive), store.SCHEMA_VERSION), pengguna=SYSTEM, path=str(target))

    restored = median_time(restore, 3)
    return {
        "backup_national_s": round(made, 2),
        "restore_national_s": round(restored, 2),
        "backup_national_mb": round(archive.stat().st_size / 2**20, 1),
    }


def map_payloads(tmp: Path, main_db: str, main_config: Path, nat_db: str, nat_config: Path) -> dict:
    """Deck JSON size for the 23 districts (../shared/geo boundaries) and for 514 synthetic polygons."""
    from bench import maps

    return maps.payloads(tmp, main_db, main_config, nat_db, nat_config)


ONLY = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else None


@contextmanager
def environment(config: Path | None) -> Iterator[None]:
    """A part's own settings: ATENSI_CONFIG set to `config` (when given) for the part, and ATENSI_DB and
    ATENSI_CONFIG as they were before it afterwards, whatever the part set (each part runs alone or after any other)."""
    saved = {k: os.environ.get(k) for k in ("ATENSI_DB", "ATENSI_CONFIG")}
    if config is not None:
        os.environ["ATENSI_CONFIG"] = str(config)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def step(results: dict, name: str, fn, *args, config: Path | None = None) -> None:
    """Run one part with its configuration (`config`, see environment); a part that fails records why (its keys
    missing) and the rest still runs.

    `python -m bench --only ingest,protocol` runs the parts named (a quick side-by-side while working); such a run
    prints its table and leaves bench/results.json alone."""
    if ONLY is not None and name not in ONLY:
        return
    t = time.perf_counter()
    try:
        with environment(config):
            results.update(fn(*args))
    except Exception as e:  # noqa: BLE001  (a benchmark part that cannot run here says so and the run goes on)
        results[f"{name}_error"] = f"{type(e).__name__}: {e}"[:300]
    print(f"  · {name}: {time.perf_counter() - t:.0f} s (load average {sessions.load_average()})", flush=True)


def main() -> None:
    from bench import indicators, national, pg, wide

    tmp = Path(tempfile.mkdtemp(prefix="atensi-bench-"))
    results: dict = {}
    t0 = time.perf_counter()
    main_config = ROOT / "data" / "konfigurasi.toml"
    nat_config = national.build(tmp / "nasional")
    main_db = seeded_db(tmp, main_config)
    seed_t = time.perf_counter()
    nat_db = seeded_db(tmp, nat_config)
    results["seed_national_s"] = round(time.perf_counter() - seed_t, 1)
    workbook = pas_workbook(nat_config)

    step(results, "ingest", bench_ingest, tmp, nat_config, workbook, config=nat_config)
    step(results, "ingest_wide", wide.bench_ingest_wide, tmp, main_config, config=main_config)  # 23 × 12 × 12
    step(results, "reruns", lambda: {"rerun_p50_ms": bench_reruns(main_db, main_config)}, config=main_config)
    step(
        results,
        "reruns_national",
        lambda: {"rerun_national_p50_ms": bench_reruns(nat_db, nat_config, repeat=5)},
        config=nat_config,
    )
    step(
        results,
        "reruns_indicators",
        indicators.bench_indicators,
        nat_db,
        nat_config,
        lambda db, config, repeat: bench_reruns(db, config, repeat=repeat),
        config=nat_config,
    )
    # ports: protocol PORT (its bare app PORT + 3), first_render PORT + 1, peak_rss PORT + 2, slide_next PORT + 4,
    # serve PORT + 9…11
    step(results, "protocol", sessions.protocol, main_db, main_config, PORT, tmp, config=main_config)
    step(results, "first_render", sessions.first_render_ratio, main_db, main_config, PORT + 1, tmp, config=main_config)
    step(results, "slide_next", slides.slide_next, main_db, main_config, PORT + 4, config=main_config)
    step(results, "maps", map_payloads, tmp, main_db, main_config, nat_db, nat_config)
    step(results, "backup", backup_restore, tmp, nat_db, config=nat_config)
    step(
        results,
        "peak_rss",
        lambda: {"server_peak_rss_mb": peak_rss_visiting_every_page(nat_db, nat_config, PORT + 2)},
        config=nat_config,
    )
    server = None
    wanted = ONLY is None or {"ingest_pg", "serve", "reruns_national_pg"} & set(ONLY)
    try:
        why = pg.available() if wanted else None
        if why:
            raise RuntimeError(why)
        server = pg.Server() if wanted else None
        step(results, "ingest_pg", lambda: {"ingest_100k_pg_s": pg.ingest(server, workbook)}, config=nat_config)
        step(
            results,
            "serve",
            lambda: sessions.through_nginx(server.copy_of(main_db), main_config, PORT + 9),
            config=main_config,
        )
        step(
            results,
            "reruns_national_pg",
            lambda: {"rerun_national_pg_p50_ms": bench_reruns(server.copy_of(nat_db), nat_config, repeat=5)},
            config=nat_config,
        )
    except Exception as e:  # noqa: BLE001
        results["postgresql_error"] = f"{type(e).__name__}: {e}"[:300]
    finally:
        if server is not None:
            server.stop()
    results["bench_total_s"] = round(time.perf_counter() - t0, 1)

    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
        f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "scales": {
            "main": "23 districts × 24 months (sample data)",
            "national": "data/nasional: 514 districts × 60 months (sample data)",
        },
        "targets": TARGETS,
    }
    (HERE / ("results.json" if ONLY is None else "results.partial.json")).write_text(
        json.dumps({"meta": meta, "results": results}, indent=2, ensure_ascii=False) + "\n"
    )
    print(
        f"{meta['date']} · {meta['machine']} · Python {meta['python']} · Streamlit {meta['streamlit']} · "
        f"DuckDB {meta['duckdb']} · pandas {meta['pandas']}"
    )
    for key, value in results.items():
        target = TARGETS.get(key, "")
        if isinstance(value, dict):
            for sub, v in value.items():
                print(f"  {key}[{sub}]".ljust(52), str(v).ljust(14), target)
        else:
            print(f"  {key}".ljust(52), str(value).ljust(14), target)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
