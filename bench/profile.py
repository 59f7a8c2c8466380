"""python -m bench.profile [PAGE ...|--bare|--start] [--sessions N] [--in-flight K] [--rate HZ] [--keep DIR]: where
new sessions' server time goes (--bare: the bare 8-metric app of the viewers figures, the baseline; --start: a cold
start until Chromium shows the KPI cards, by phase and import).

Our server started as `make -s run` starts it (bench/servers.py) on the 23 districts' sample data, each page first
visited three times, then N new sessions (bench/load.py), K in flight at a time (1: one after another, the cost of a
lone new session; 4, the default: a busy server, as under many viewers), with py-spy sampling the serving process.
py-spy runs with --gil: only the thread holding the GIL is sampled, so samples are Python CPU time, not threads
sleeping, in epoll or waiting for the GIL (py-spy's own idle detection does not work in this container: without
--gil, idle threads were most samples). py-spy reports the GIL's last holder while nobody holds it: samples whose
innermost frame is a wait (IDLE) are left out. C code that releases the GIL (a DuckDB query, socket writes) is
missed. Prints, per page: server CPU per session (/proc), then shares of the samples and those shares of the CPU per
session, by where (app.py's lines, the view's lines, Streamlit's runner and event loop) and by concern (Altair,
protobuf and the forward messages, widget registration, the configuration check…), the top frames of our code, and
the innermost frames of the biggest buckets.

py-spy is a development tool, not in requirements.txt: `.venv/bin/pip install py-spy` (0.4.3 was used).
Asserts nothing; port ATENSI_BENCH_PORT + 4 (8645 by default).
"""

from __future__ import annotations

import asyncio
import collections
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import load, servers
from bench.sessions import BARE_CARDS_APP, PAGES

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCY = 4  # sessions in flight while sampling
FRAME = re.compile(r"^(?P<fn>.*) \((?P<file>.*):(?P<line>\d+)\)$")

# Concerns, counted inclusively (a sample counts for each concern one of its frames belongs to): label → test on
# "file:function"
CONCERNS: dict[str, re.Pattern] = {
    "Altair/Vega-Lite: chart specs (altair, to_dict, st.altair_chart)": re.compile(
        r"^altair/|vega_charts\.py|^jsonschema/"
    ),
    "st.dataframe/st.table: pandas → Arrow bytes (dataframe_util, pyarrow)": re.compile(
        r"dataframe_util\.py|^pyarrow/|streamlit/elements/arrow\.py|column_config_utils"
    ),
    "Streamlit forward messages: protobuf, _enqueue, queue, websocket send": re.compile(
        r"^protobuf/|^google/protobuf|delta_generator\.py:.*_enqueue|forward_msg|_enqueue_forward_msg|"
        r"script_run_context\.py:.*enqueue|starlette_websocket\.py:StarletteSessionClient|websockets_sansio_impl\.py"
    ),
    "Streamlit widget registration and element ids (state/, compute_and_register_element_id)": re.compile(
        r"streamlit/runtime/state/|compute_and_register_element_id|compute_element_id|widget_utils|register_widget"
    ),
    "Streamlit: script compile (ScriptCache.get_bytecode)": re.compile(r"script_cache\.py:ScriptCache\.get_bytecode"),
    "Streamlit: new session (AppSession, new_session message, pages)": re.compile(
        r"_create_new_session_message|AppSession\.__init__|runtime\.py:Runtime\.(connect_session|create_session)|"
        r"pages_manager|_create_scriptrunner"
    ),
    "configuration: load_config + check (lib/config, lib/config_check)": re.compile(
        r"^lib/config\.py:load_config|^lib/config_check\.py|lib/ui/data\.py:config$"
    ),
    "auth: principal, sidebar account (lib/ui/auth, lib/accounts, lib/principal)": re.compile(
        r"^lib/ui/auth\.py|^lib/accounts/|^lib/principal\.py"
    ),
    "shared figures cache (lib/ui/data.py shared/memo/token)": re.compile(
        r"^lib/ui/data\.py:(shared|memo|token|_key|data|pas_data|freshness)"
    ),
    "pandas (any frame)": re.compile(r"^pandas/"),
}


def parse(path: Path) -> list[tuple[list[tuple[str, str, int]], int]]:
    """py-spy's raw (collapsed) output: one `frame;frame;… count` line per distinct stack, root first."""
    stacks = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        text, n = line.rsplit(" ", 1)
        frames = []
        for f in text.split(";"):
            m = FRAME.match(f)
            frames.append((m["fn"], m["file"], int(m["line"])) if m else (f, "", 0))
        stacks.append((frames, int(n)))
    return stacks


def _source_line(file: str, line: int) -> str:
    for folder in (ROOT, ROOT / "views"):
        p = folder / file
        if p.exists():
            lines = p.read_text(encoding="utf-8").splitlines()
            return lines[line - 1].strip()[:70] if 0 < line <= len(lines) else ""
    return ""


def layer(frames: list[tuple[str, str, int]]) -> str:
    """Which thread, and in the script thread whether inside a Streamlit call (st.*, wrapped by gather_metrics)."""
    names = [f"{file}:{fn}" for fn, file, _ in frames]
    if any("_run_script_thread" in n for n in names):
        if not any("code_to_exec" in n for n in names):
            return "script thread: Streamlit's runner outside the script (compile, start, finish, cleanup)"
        if not any(file == "app.py" for _, file, _ in frames):
            part = "the script (a bare app)"
        else:
            part = "the view (page.run)" if any("Page.run" in n for n in names) else "app.py's frame"
        inside = any("gather_metrics" in n for n in names)
        return f"script thread, {part}: {'inside st.* calls (Streamlit)' if inside else 'our Python outside st.*'}"
    if any("run_forever" in n or "_run_once" in n for n in names):
        return "event loop thread (Streamlit's server: websocket, sessions, forward messages)"
    return "other threads"


def where(frames: list[tuple[str, str, int]]) -> str:
    """One bucket per sample: app.py's line, the view's line, or which part of Streamlit around the script."""
    names = [f"{file}:{fn}" for fn, file, _ in frames]
    app = [(file, line) for fn, file, line in frames if file == "app.py"]
    view = [
        (file, line) for fn, file, line in frames if fn == "<module>" and file not in ("app.py",) and "/" not in file
    ]
    view = [v for v in view if (ROOT / "views" / v[0]).exists()]
    if view:
        file, line = view[0]
        return f"view {file}:{line}  {_source_line(file, line)}"
    if app:
        file, line = app[0]
        return f"app.py:{line}  {_source_line(file, line)}"
    if any("_run_script_thread" in n for n in names):
        return "Streamlit script runner, outside the script (compile, start, finish, widget cleanup)"
    if any("handle_backmsg" in n or "_create_new_session_message" in n for n in names):
        return "event loop: a BackMsg (rerun request, new session message)"
    if any("_enqueue_forward_msg" in n or "StarletteSessionClient" in n for n in names):
        return "event loop: forward messages to the websocket"
    if any("websocket" in n.lower() for n in names):
        return "event loop: websocket connect/receive (uvicorn, starlette)"
    if any("run_forever" in n or "_run_once" in n for n in names):
        return "event loop: other callbacks"
    return "other threads"


def _ours(file: str) -> bool:
    """A frame of our code: lib/…, app.py, serve_app.py or a view (py-spy names views by file name alone)."""
    return file.startswith("lib/") or (
        file.endswith(".py") and "/" not in file and ((ROOT / file).exists() or (ROOT / "views" / file).exists())
    )


def _short(frame: tuple[str, str, int]) -> str:
    fn, file, line = frame
    return f"{file}:{line} {fn}"


# Innermost frames of a thread that holds no GIL (py-spy --gil reports the last holder while nobody holds it)
IDLE = re.compile(
    r"^(EpollSelector\.select|Condition\.wait|Event\.wait|Thread\._wait_for_tstate_lock|Queue\.get|_worker|"
    r"PollingPathWatcher\._schedule\.<locals>\.task)$"
)


def _in_loop(frames: list[tuple[str, str, int]]) -> bool:
    """A sample of the main thread: Streamlit's server runs its asyncio event loop there (uvicorn)."""
    return any(fn == "BaseEventLoop.run_forever" for fn, _, _ in frames)


def report(
    path: Path,
    sessions: int,
    rate: int,
    cpu_ms: float,
    in_flight: int,
    loop_ms: float | None = None,
    top: int = 25,
    detail: int = 8,
) -> str:
    """Shares of the server's CPU per session (cpu_ms). With loop_ms (the main thread's own CPU per session, from
    /proc/PID/task/PID): the event loop's samples are scaled to it and the other threads' samples to the rest. py-spy
    sees which thread holds the GIL, and on a busy machine a thread holding it while the kernel runs another
    process is over-counted; each thread's own CPU is exact."""
    stacks = parse(path)
    idle = sum(n for frames, n in stacks if IDLE.match(frames[-1][0]))
    stacks = [(frames, n) for frames, n in stacks if not IDLE.match(frames[-1][0])]
    total = sum(n for _, n in stacks)
    if not total:
        return "no samples"
    in_loop = sum(n for frames, n in stacks if _in_loop(frames))
    if loop_ms is None or in_loop in (0, total):
        per_loop = per_rest = cpu_ms / total
    else:
        per_loop, per_rest = loop_ms / in_loop, (cpu_ms - loop_ms) / (total - in_loop)

    def row(ms: float, label: str) -> str:
        return f"| {100 * ms / cpu_ms:5.1f}% | {ms:6.2f} | {label} |"

    by_layer: collections.Counter[str] = collections.Counter()
    by_where: collections.Counter[str] = collections.Counter()
    by_concern: collections.Counter[str] = collections.Counter()
    ours: collections.Counter[str] = collections.Counter()
    innermost: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for frames, count in stacks:
        n = count * (per_loop if _in_loop(frames) else per_rest)  # CPU ms per session
        bucket = where(frames)
        by_layer[layer(frames)] += n
        by_where[bucket] += n
        innermost[bucket][" ← ".join(_short(f) for f in frames[-1:-3:-1])] += n
        if frames[-1][1].endswith("metrics_util.py") and frames[-1][0].startswith("gather_metrics"):
            by_concern["Streamlit: gather_metrics wrapper around every st.* call (own time only)"] += n
        names = {f"{file}:{fn}" for fn, file, _ in frames}
        for label, pattern in CONCERNS.items():
            if any(pattern.search(x) for x in names):
                by_concern[label] += n
        for x in names:
            if _ours(x.split(":")[0]):
                ours[x] += n
    loop = "" if loop_ms is None else f" ({loop_ms:.1f} ms of it in the event loop's thread)"
    out = [
        f"{sessions} new sessions, {in_flight} in flight; server CPU per session (/proc): {cpu_ms:.1f} ms{loop}; "
        f"{total} samples at {rate} Hz with the GIL held ({1000 * total / rate / sessions:.1f} ms per session of "
        f"GIL held, inflated when the machine is busy; {idle} idle samples left out). Below: shares of the CPU per "
        "session, and ms per session.",
        "",
        "| share | ms/session | layer |",
        "|---:|---:|---|",
        *(row(n, k) for k, n in sorted(by_layer.items())),
        "",
        "| share | ms/session | where |",
        "|---:|---:|---|",
        *(row(n, k) for k, n in by_where.most_common()),
        "",
        "| share | ms/session | concern (inclusive: a sample counts for each) |",
        "|---:|---:|---|",
        *(row(n, k) for k, n in by_concern.most_common()),
        "",
        "| share | ms/session | our code, inclusive (file:function) |",
        "|---:|---:|---|",
        *(row(n, k) for k, n in ours.most_common(top)),
        "",
        "Innermost frames (← its caller) of the biggest buckets, ms per session:",
    ]
    for bucket, n in by_where.most_common(detail):
        out += ["", f"{bucket} ({n:.2f} ms)"]
        out += [f"    {m:5.2f}  {k}" for k, m in innermost[bucket].most_common(6)]
    return "\n".join(out)


async def _sessions(base: str, page: str, n: int, in_flight: int = CONCURRENCY) -> None:
    """n new sessions, `in_flight` at a time: the server is never idle (see the module's docstring)."""
    gate = asyncio.Semaphore(in_flight)

    async def one() -> None:
        async with gate:
            await load.session(base, page)

    await asyncio.gather(*(one() for _ in range(n)))


def _thread_ticks(pid: int, tid: int) -> int:
    """utime + stime of one thread (/proc/PID/task/TID/stat)."""
    with open(f"/proc/{pid}/task/{tid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def record(base: str, pid: int, page: str, sessions: int, rate: int, out: Path, in_flight: int) -> tuple[float, float]:
    """py-spy record over `sessions` new sessions of `page`: the server's CPU ms per session, and its main thread's
    (the event loop)."""
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy not found: .venv/bin/pip install py-spy")
    command = [spy, "record", "--gil", "-r", str(rate), "-f", "raw", "-p", str(pid), "-o", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)  # py-spy attached
    before, loop_before = load.cpu_ticks(pid), _thread_ticks(pid, pid)
    asyncio.run(_sessions(base, page, sessions, in_flight))
    cpu_ms = (load.cpu_ticks(pid) - before) * 1000 / load.TICKS / sessions
    loop_ms = (_thread_ticks(pid, pid) - loop_before) * 1000 / load.TICKS / sessions
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    return cpu_ms, loop_ms


def profile_start(db: str, config: Path, port: int, out: Path, rate: int = 200) -> str:
    """A cold start under py-spy --gil: the recipe's `streamlit run` (make run's last command, with the environment make
    gives it) until Chromium shows Ringkasan's KPI cards; samples by phase, the imports of the main thread and the
    warm-up, and the first script run by line. The recipe's earlier steps (the upload limit) are timed on their own."""
    from playwright.sync_api import sync_playwright

    from bench.__main__ import _browser
    from bench.sessions import OVERVIEW_CARDS
    from lib.config import max_upload_streamlit_mb

    recipe = servers.run_recipe()
    found = re.search(r"(\S*streamlit) run (\S+)", recipe)
    if found is None:
        return f"the recipe runs no `streamlit run` itself ({recipe!r}): profile its process by hand"
    before = re.sub(r"\S*streamlit run .*", "true", recipe)  # the recipe's steps before the server, on their own
    t = time.perf_counter()
    subprocess.run(["sh", "-c", before], cwd=ROOT, check=True, capture_output=True)
    pre_s = time.perf_counter() - t
    env = {**os.environ, "STREAMLIT_SERVER_PORT": str(port), "ATENSI_DB": db, "ATENSI_CONFIG": str(config)}
    env.update(STREAMLIT_SERVER_ADDRESS="127.0.0.1", STREAMLIT_SERVER_MAX_UPLOAD_SIZE=str(max_upload_streamlit_mb()))
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or "py-spy"
    command = [spy, "record", "--gil", "-r", str(rate), "-f", "raw", "-o", str(out), "--"]
    command += [found.group(1), "run", found.group(2)]
    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        t = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            while not servers.port_open(port):
                time.sleep(0.02)
            page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
            page.locator("[data-testid='stMetricValue']").nth(OVERVIEW_CARDS - 1).wait_for(timeout=120_000)
            cards_s = time.perf_counter() - t
            pid = servers.listener(process.pid, port)
            cpu_s = load.cpu_ticks(pid) / load.TICKS if pid else float("nan")
        finally:
            browser.close()
            process.send_signal(signal.SIGINT)  # py-spy writes its file
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                time.sleep(2)
    phases: collections.Counter[str] = collections.Counter()
    imports: collections.Counter[str] = collections.Counter()
    script: collections.Counter[str] = collections.Counter()
    for frames, n in parse(out):
        if IDLE.match(frames[-1][0]):
            continue
        names = [f"{file}:{fn}" for fn, file, _ in frames]
        modules = [file for fn, file, _ in frames if fn == "<module>"]
        if any("serve_app.py:warm_up" in x for x in names):
            phase = "warm-up thread (serve_app.warm_up)"
            inner = [m for m in modules if m.startswith("lib/")]
            imports[f"warm-up: import {inner[0]}" if inner else "warm-up: reads (no import)"] += n
        elif any("_run_script_thread" in x for x in names):
            phase = "script runs (the first session)"
            lines = [f"{file}:{line} {_source_line(file, line)}" for fn, file, line in frames if file == "app.py"]
            view = [
                f"{file}:{line} {_source_line(file, line)}"
                for fn, file, line in frames
                if fn == "<module>" and (ROOT / "views" / file).exists()
            ]
            script[(view or lines or ["outside the script"])[0]] += n
        elif _in_loop(frames):
            phase = "event loop (server, the session)"
        else:
            phase = "main thread before serving (imports, configuration, bootstrap)"
            imports[f"main: import {modules[1]}" if len(modules) > 1 else "main: other"] += n
        phases[phase] += n
    total = sum(phases.values()) or 1
    out_lines = [
        f"recipe's steps before `streamlit run` ({before}): {pre_s:.2f} s wall, on their own",
        f"`{found.group(1)} run {found.group(2)}` started → {OVERVIEW_CARDS} KPI cards visible: {cards_s:.2f} s; the "
        f"Streamlit process's CPU until then {cpu_s:.2f} s; {total} GIL-held samples at {rate} Hz (shares below)",
        "",
        *(f"{100 * n / total:5.1f}%  {k}" for k, n in phases.most_common()),
        "",
        *(f"{100 * n / total:5.1f}%  {k}" for k, n in imports.most_common(12)),
        "",
        *(f"{100 * n / total:5.1f}%  first run: {k}" for k, n in script.most_common(8)),
    ]
    return "\n".join(out_lines)


def main(argv: list[str]) -> None:
    from bench.__main__ import PORT, seeded_db

    sessions = int(argv[argv.index("--sessions") + 1]) if "--sessions" in argv else 300
    rate = int(argv[argv.index("--rate") + 1]) if "--rate" in argv else 250
    keep = Path(argv[argv.index("--keep") + 1]) if "--keep" in argv else None
    in_flight = int(argv[argv.index("--in-flight") + 1]) if "--in-flight" in argv else CONCURRENCY
    skip = {argv[i + 1] for i, a in enumerate(argv) if a in ("--sessions", "--rate", "--keep", "--in-flight")}
    labels = [a for a in argv if not a.startswith("--") and a not in skip] or ["ringkasan"]
    tmp = Path(tempfile.mkdtemp(prefix="atensi-profile-"))
    folder = keep or tmp
    folder.mkdir(parents=True, exist_ok=True)
    config = ROOT / "data" / "konfigurasi.toml"
    try:
        if "--start" in argv:  # a cold start until the KPI cards are visible
            db = seeded_db(tmp, config)
            print(profile_start(db, config, PORT + 4, folder / "start.txt", rate if "--rate" in argv else 200))
            return
        if "--bare" in argv:  # the baseline: the bare 8-metric app of the viewers figures, served the same way
            script = tmp / "bare_cards.py"
            script.write_text(BARE_CARDS_APP, encoding="utf-8")
            labels, start = ["bare"], lambda: servers.bare(script, PORT + 4)
        else:
            db = seeded_db(tmp, config)
            start = lambda: servers.make_run(PORT + 4, db, config)  # noqa: E731
        with start() as server:
            load.wait_healthy(server.base)
            for label in labels:
                page = PAGES.get(label, "")
                for _ in range(3):  # warm: imports, caches, the page's first run
                    asyncio.run(load.session(server.base, page))
                time.sleep(2)  # the warm-up thread and the last session's cleanup finished
                raw = folder / f"{label}-{in_flight}.txt"
                cpu_ms, loop_ms = record(server.base, server.pid, page, sessions, rate, raw, in_flight)
                print(f"\n## {label}, {in_flight} in flight (`{server.route}`, py-spy --gil, {raw})\n")
                print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
                print(report(raw, sessions, rate, cpu_ms, in_flight, loop_ms), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
