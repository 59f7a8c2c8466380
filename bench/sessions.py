"""Many sessions against a real server: server CPU per session, 30 viewers at once (one process, and two processes
behind nginx through deploy/serve.py), what a cold browser downloads, and the start against a bare Streamlit app.

Everything listens on 127.0.0.1; the load client is bench/load.py (Streamlit's protocol, no browser).
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import load

ROOT = Path(__file__).resolve().parent.parent
# label → url path ("" is the default page), as app.py's navigation names them
PAGES = {
    "ringkasan": "",
    "peta": "peta",
    "klaster": "klaster",
    "bandingkan": "bandingkan",
    "profil": "profil",
    "program": "program",
    "ska": "ska",
    "tindak_lanjut": "tindak-lanjut",
    "unggah": "unggah",
    "riwayat": "riwayat",
}
BARE_APP = 'import streamlit as st\n\nst.metric("Angka", "1.234")\n'


def start(db: str, config: Path, port: int, script: str = "serve_app.py", *flags: str) -> subprocess.Popen:
    """`streamlit run` on 127.0.0.1:port from the repository (its .streamlit/config.toml applies); by default the
    entry file every launcher uses (app.py, warmed up at start)."""
    env = {**os.environ, "ATENSI_DB": db, "ATENSI_CONFIG": str(config)}
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"]
    command += ["--browser.gatherUsageStats", "false", *flags]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def protocol(db: str, config: Path, port: int) -> dict:
    """session_cpu_ms per page and viewers30_p95_s on one warm process; beside them, in the same run, the overview's
    session CPU with Streamlit's default full garbage collection after every run (the fix's evidence)."""
    out: dict = {}
    base = f"http://127.0.0.1:{port}"
    server = start(db, config, port)
    try:
        load.wait_healthy(base)
        out["session_cpu_ms"] = load.session_cpu_ms(base, [server.pid], PAGES)
        load.viewers(base, 5)  # warm: the event loop's threads, the first concurrent runs
        v = load.viewers(base, 30)
        out["viewers30_p95_s"] = v["p95"]
        out["viewers30_detail_s"] = v
    finally:
        stop(server)
    server = start(db, config, port, "serve_app.py", "--runner.postScriptGC", "true")
    try:
        load.wait_healthy(base)
        gc_ms = load.session_cpu_ms(base, [server.pid], {"ringkasan": ""})["ringkasan"]
        out["session_cpu_ringkasan_with_post_gc_ms"] = gc_ms
    finally:
        stop(server)
    return out


# Two processes and nginx --------------------------------------------------------------------------------------------


def serve(db: str, config: Path, port: int, workers: int = 2) -> subprocess.Popen:
    """deploy/serve.py (what `make serve` runs): nginx on port, the workers on port+1…"""
    env = {**os.environ, "ATENSI_DB": db, "ATENSI_CONFIG": str(config)}
    command = [sys.executable, "deploy/serve.py", "--workers", str(workers), "--port", str(port)]
    command += ["--first-port", str(port + 1)]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def through_nginx(db: str, config: Path, port: int) -> dict:
    """viewers30_p95_s_workers (2 processes) and first_visit_kb (a cold Chromium, gzip from nginx)."""
    out: dict = {}
    base = f"http://127.0.0.1:{port}"
    server = serve(db, config, port)
    try:
        load.wait_healthy(base, timeout=180)
        load.viewers(base, 6)  # warm both processes (each new connection is routed by its request id)
        v = load.viewers(base, 30)
        out["viewers30_p95_s_workers"] = v["p95"]
        out["viewers30_workers_detail_s"] = v
        out.update(first_visit(base))
    finally:
        server.send_signal(signal.SIGTERM)  # serve.py stops its workers and nginx
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return out


def first_visit(base: str) -> dict:
    """Bytes a cold browser receives to show the overview: HTTP bodies as transferred (gzip where nginx gives it),
    their headers, and the websocket's messages."""
    from playwright.sync_api import sync_playwright

    from bench.__main__ import _browser, _idle

    http = {"body": 0, "headers": 0, "decoded": 0}
    ws_bytes = [0]
    with sync_playwright() as p:
        browser = _browser(p)
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        responses = []
        page.on("response", lambda r: responses.append(r))
        page.on("websocket", lambda ws: ws.on("framereceived", lambda f: ws_bytes.__setitem__(0, ws_bytes[0] + len(f))))
        page.goto(base + "/", timeout=120_000)
        page.wait_for_selector("[data-testid='stMetricValue']", timeout=120_000)
        _idle(page)
        page.wait_for_load_state("networkidle", timeout=60_000)
        for r in responses:
            try:
                sizes = r.request.sizes()
            except Exception:  # a response whose body never finished (the websocket upgrade)
                continue
            http["body"] += max(0, sizes["responseBodySize"])
            http["headers"] += max(0, sizes["responseHeadersSize"])
            try:
                http["decoded"] += len(r.body())
            except Exception:
                pass
        browser.close()
    return {
        "first_visit_kb": round((http["body"] + http["headers"] + ws_bytes[0]) / 1024, 1),
        "first_visit_detail_kb": {
            "http_transferred": round(http["body"] / 1024, 1),
            "http_headers": round(http["headers"] / 1024, 1),
            "http_uncompressed": round(http["decoded"] / 1024, 1),
            "websocket": round(ws_bytes[0] / 1024, 1),
            "requests": len(responses),
        },
    }


# The start against a bare app ---------------------------------------------------------------------------------------


def to_kpis(db: str, config: Path, port: int, script: str) -> tuple[float, float]:
    """`streamlit run script` started → the first st.metric visible in Chromium (browser already open): the seconds,
    and the server's CPU seconds until then (far less inflated than the wall clock on a shared machine)."""
    from playwright.sync_api import sync_playwright

    from bench.__main__ import _browser, open_when_up

    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        t0 = time.perf_counter()
        server = start(db, config, port, script)
        try:
            open_when_up(page, port, t0)
            page.wait_for_selector("[data-testid='stMetricValue']", timeout=120_000)
            elapsed = time.perf_counter() - t0
            cpu = load.cpu_ticks(server.pid) / os.sysconf("SC_CLK_TCK")
        finally:
            stop(server)
            browser.close()
    return elapsed, cpu


def first_render_ratio(db: str, config: Path, port: int, tmp: Path, repeat: int = 3) -> dict:
    """Ours ÷ a bare one-metric app, each started the same way, alternating, medians of `repeat`; beside it the
    servers' CPU seconds until the metric was visible."""
    bare = tmp / "bare_metric.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(to_kpis(db, config, port, "serve_app.py"))
        theirs.append(to_kpis(db, config, port, str(bare)))
    o, t = statistics.median(w for w, _ in ours), statistics.median(w for w, _ in theirs)
    return {
        "first_render_s": round(o, 2),
        "first_render_bare_s": round(t, 2),
        "first_render_ratio": round(o / t, 2),
        "first_render_server_cpu_s": round(statistics.median(c for _, c in ours), 2),
        "first_render_bare_server_cpu_s": round(statistics.median(c for _, c in theirs), 2),
    }
