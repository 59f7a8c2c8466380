"""Many sessions against a real server: server CPU per session, 30 and 100 viewers at once against a bare Streamlit
app in the same run, two processes behind nginx, what a cold browser downloads, and the start against a bare app.

Our servers start exactly as people start them (`make -s run`, `make -s serve`: bench/servers.py); the bare apps are
served by the recipe's `streamlit run` with Streamlit's cheapest settings. Everything listens on 127.0.0.1; the load client is
bench/load.py (Streamlit's protocol, no browser).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench import load, servers

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
OVERVIEW_CARDS = 8  # Ringkasan's KPI cards (st.metric); the bare viewer app shows as many
BARE_APP = 'import streamlit as st\n\nst.metric("Angka", "1.234")\n'
BARE_CARDS_APP = "import streamlit as st\n\n" + "".join(
    f'st.metric("Angka {i}", "1.234", delta="+5", border=True)\n' for i in range(1, OVERVIEW_CARDS + 1)
)
VIEWER_ROUNDS = 5  # ours and the bare app alternating, median of each one's p95s (one round moves by 2×)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def protocol(db: str, config: Path, port: int, tmp: Path) -> dict:
    """On our server as `make -s run` starts it: session_cpu_ms per page, and viewers30/viewers100: p95 seconds until
    all of Ringkasan's KPI cards arrived for 30 and 100 sessions at once, divided by the same for a bare 8-metric app
    served beside it (port + 3) in the same run. Then, on a second start, the overview's session CPU with Streamlit's
    default full garbage collection after every run (an earlier fix's evidence)."""
    out: dict = {"protocol_load_average": [load_average()]}
    script = tmp / "bare_cards.py"
    script.write_text(BARE_CARDS_APP, encoding="utf-8")
    with servers.make_run(port, db, config) as ours, servers.bare(script, port + 3) as theirs:
        load.wait_healthy(ours.base)
        load.wait_healthy(theirs.base)
        out["server_route"] = ours.route
        out["bare_route"] = theirs.route
        out["session_cpu_ms"] = load.session_cpu_ms(ours.base, [ours.pid], PAGES)
        cards = len(asyncio.run(load.session(ours.base))["metric_s"])
        if cards < OVERVIEW_CARDS:  # the eight key cards first; Output dan dampak's cards follow further down
            raise load.LoadError(f"Ringkasan showed {cards} KPI cards, the bench expects {OVERVIEW_CARDS}")
        cards = OVERVIEW_CARDS  # measured until the eight key cards arrived, as on the bare app
        load.viewers(ours.base, 5, cards)  # warm: the event loop's threads, the first concurrent runs
        load.viewers(theirs.base, 5, OVERVIEW_CARDS)
        for n in (30, 100):
            rounds: dict[str, list[dict]] = {"ours": [], "bare": []}
            for _ in range(VIEWER_ROUNDS):
                rounds["ours"].append(load.viewers(ours.base, n, cards))
                time.sleep(1)  # the sessions closed and cleaned up
                rounds["bare"].append(load.viewers(theirs.base, n, OVERVIEW_CARDS))
                time.sleep(1)
            o = statistics.median(r["p95"] for r in rounds["ours"])
            t = statistics.median(r["p95"] for r in rounds["bare"])
            out[f"viewers{n}_ratio"] = round(o / t, 1)
            out[f"viewers{n}_p95_s"] = round(o, 3)
            out[f"viewers{n}_bare_p95_s"] = round(t, 3)
            out[f"viewers{n}_detail_s"] = rounds
        out["protocol_load_average"].append(load_average())
    with servers.make_run(port, db, config, STREAMLIT_RUNNER_POST_SCRIPT_GC="true") as server:
        load.wait_healthy(server.base)
        gc_ms = load.session_cpu_ms(server.base, [server.pid], {"ringkasan": ""})["ringkasan"]
        out["session_cpu_ringkasan_with_post_gc_ms"] = gc_ms
    return out


# Two processes and nginx --------------------------------------------------------------------------------------------


def through_nginx(db: str, config: Path, port: int) -> dict:
    """`make serve` (deploy/serve.py, 2 processes, nginx on port, the workers from port + 1): viewers30_p95_s_workers
    and first_visit_kb (a cold Chromium, gzip from nginx)."""
    out: dict = {}
    with servers.make_serve(port, port + 1, 2, db, config) as server:
        load.wait_healthy(server.base, timeout=180)
        out["serve_route"] = server.route
        load.viewers(server.base, 6, OVERVIEW_CARDS)  # warm both processes (each connection is routed by request id)
        v = load.viewers(server.base, 30, OVERVIEW_CARDS)
        out["viewers30_p95_s_workers"] = v["p95"]
        out["viewers30_workers_detail_s"] = v
        out.update(first_visit(server.base))
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


def to_kpis(start: Callable[[], servers.Server], cards: int) -> tuple[float, float]:
    """A server started (`start`) → its first `cards` st.metric visible in Chromium (browser already open): the
    seconds, and the serving process's CPU seconds until then (far less inflated than the wall clock on a shared
    machine)."""
    from playwright.sync_api import sync_playwright

    from bench.__main__ import _browser

    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        t0 = time.perf_counter()
        server = start()
        try:
            while not servers.port_open(server.port):  # a cheap poll: a refused page load costs Chromium more
                if time.perf_counter() - t0 > servers.START_TIMEOUT_S:
                    raise load.LoadError(f"{server.route} did not listen on {server.port}")
                time.sleep(0.02)
            page.goto(server.base + "/", timeout=120_000)
            page.locator("[data-testid='stMetricValue']").nth(cards - 1).wait_for(state="visible", timeout=120_000)
            elapsed = time.perf_counter() - t0
            cpu = load.cpu_ticks(server.pid) / os.sysconf("SC_CLK_TCK")
        finally:
            server.stop()
            browser.close()
    return elapsed, cpu


def first_render_ratio(db: str, config: Path, port: int, tmp: Path, repeat: int = 5) -> dict:
    """Cold starts, ours (`make -s run`, all of Ringkasan's KPI cards visible) ÷ a bare one-metric app (the recipe's
    `streamlit run`, cheapest settings), alternating, medians of `repeat`; beside it the serving processes' CPU
    seconds until then (the recipe's steps before `streamlit run` are in the seconds, not in that CPU)."""
    bare = tmp / "bare_metric.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    ours, theirs = [], []
    average = [load_average()]
    for _ in range(repeat):
        ours.append(to_kpis(lambda: servers.make_run(port, db, config), OVERVIEW_CARDS))
        theirs.append(to_kpis(lambda: servers.bare(bare, port), 1))
    average.append(load_average())
    o, t = statistics.median(w for w, _ in ours), statistics.median(w for w, _ in theirs)
    return {
        "first_render_s": round(o, 2),
        "first_render_bare_s": round(t, 2),
        "first_render_ratio": round(o / t, 2),
        "first_render_server_cpu_s": round(statistics.median(c for _, c in ours), 2),
        "first_render_bare_server_cpu_s": round(statistics.median(c for _, c in theirs), 2),
        "first_render_detail_s": {"ours": [round(w, 2) for w, _ in ours], "bare": [round(w, 2) for w, _ in theirs]},
        "first_render_load_average": average,
    }
