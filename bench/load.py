"""A load client speaking Streamlit's own protocol: a websocket to /_stcore/stream, one BackMsg `rerun_script`, and
the ForwardMsg deltas read until the KPI cards (the first `metric` element) arrive and the script finishes.

No browser: it measures what the server spends, not what Chromium draws. Bounded: at most MAX_SESSIONS sessions at
once, every wait capped by a timeout, and only 127.0.0.1 (or localhost) is ever contacted.

    session_cpu_ms(port, pid, pages)   server CPU per new session's first view of each page (warm server)
    viewers(port, n)                   n sessions asking for the overview at the same moment: seconds until KPIs
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import urllib.request
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

MAX_SESSIONS = 60
SESSION_TIMEOUT_S = 120.0
TICKS = os.sysconf("SC_CLK_TCK")


class LoadError(RuntimeError):
    pass


def _local(url: str) -> str:
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost"):
        raise LoadError(f"the load client only talks to 127.0.0.1, not {host}")
    return url


def wait_healthy(base: str, timeout: float = 120.0) -> None:
    """Until base/_stcore/health answers ok (Streamlit or nginx in front of it)."""
    _local(base)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise LoadError(f"{base} did not become healthy within {timeout:.0f} s")


def _rerun(page: str) -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_name = page  # url path of the page, "" for the default one
    msg.rerun_script.page_script_hash = ""
    msg.rerun_script.context_info.timezone = "Asia/Makassar"
    msg.rerun_script.context_info.locale = "id-ID"
    return msg.SerializeToString()


async def session(base: str, page: str = "", start: asyncio.Event | None = None) -> dict:
    """One new session's first view of `page`: seconds from the rerun request to the first metric delta (None when
    the page has none) and to script_finished, bytes received, and whether an exception element came."""
    ws_url = _local(base).replace("http://", "ws://") + "/_stcore/stream"
    out: dict = {"kpi_s": None, "done_s": None, "bytes": 0, "exception": None}
    async with asyncio.timeout(SESSION_TIMEOUT_S):
        async with connect(
            ws_url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=base,  # type: ignore[arg-type]
            max_size=2**27,
            compression=None,
            open_timeout=30,
        ) as ws:
            if start is not None:
                await start.wait()
            t0 = time.perf_counter()
            await ws.send(_rerun(page))
            started = False
            async for raw in ws:
                out["bytes"] += len(raw)
                fm = ForwardMsg()
                fm.ParseFromString(raw)
                kind = fm.WhichOneof("type")
                if kind == "new_session":
                    started = True
                elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                    el = fm.delta.new_element.WhichOneof("type")
                    if el == "metric" and out["kpi_s"] is None:
                        out["kpi_s"] = time.perf_counter() - t0
                    elif el == "exception" and out["exception"] is None:
                        out["exception"] = fm.delta.new_element.exception.message
                elif kind == "script_finished" and started:
                    out["done_s"] = time.perf_counter() - t0
                    break
    return out


def cpu_ticks(pid: int) -> int:
    """utime + stime of a process and its threads, in clock ticks (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def session_cpu_ms(base: str, pids: list[int], pages: dict[str, str], sessions: int = 6) -> dict[str, float]:
    """Server CPU (ms, summed over pids) per new session's first view of each page: every page is first visited once
    (warm caches, imports), then `sessions` new sessions one after another; the CPU is the total divided by count.
    pages: label → url path ("" for the default page)."""
    out: dict[str, float] = {}
    for label, path in pages.items():
        first = asyncio.run(session(base, path))
        if first["exception"]:
            out[label] = float("nan")
            continue
        before = sum(cpu_ticks(p) for p in pids)
        for _ in range(sessions):
            asyncio.run(session(base, path))
        after = sum(cpu_ticks(p) for p in pids)
        out[label] = round((after - before) * 1000 / TICKS / sessions, 1)
    return out


async def _viewers(base: str, n: int) -> list[dict]:
    start = asyncio.Event()
    tasks = [asyncio.create_task(session(base, "", start)) for _ in range(n)]
    await asyncio.sleep(0.5)  # every websocket open before the shared start
    start.set()
    return await asyncio.gather(*tasks)


def viewers(base: str, n: int = 30) -> dict:
    """n sessions send rerun_script for the overview at the same moment: p50/p95/max seconds until the KPI cards."""
    if not 0 < n <= MAX_SESSIONS:
        raise LoadError(f"at most {MAX_SESSIONS} sessions at once")
    results = asyncio.run(_viewers(base, n))
    kpi = sorted(r["kpi_s"] for r in results if r["kpi_s"] is not None)
    if len(kpi) < n:
        raise LoadError(f"only {len(kpi)} of {n} sessions received the KPI cards")
    return {
        "p50": round(statistics.median(kpi), 2),
        "p95": round(kpi[min(n - 1, round(0.95 * (n - 1)))], 2),
        "max": round(kpi[-1], 2),
    }
