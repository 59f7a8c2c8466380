"""A load client speaking Streamlit's own protocol: a websocket to /_stcore/stream, one BackMsg `rerun_script`, and
the ForwardMsg deltas read until the KPI cards (`metric` elements) arrive and the script finishes.

No browser: it measures what the server spends, not what Chromium draws. Bounded: at most MAX_SESSIONS sessions at
once, every wait capped by a timeout, and only 127.0.0.1 (or localhost) is ever contacted.

    session_cpu_ms(port, pid, pages)   server CPU per new session's first view of each page (warm server)
    viewers(port, n, cards)            n sessions asking for the overview at the same moment: seconds until all
                                       `cards` KPI cards arrived
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

MAX_SESSIONS = 120
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


def rerun(page: str, query: str = "", trigger: str | None = None) -> bytes:
    """A rerun_script BackMsg for `page` (its url path, "" for the default one) with the URL's `query`; `trigger`:
    the widget id of a button clicked (or pressed by its shortcut) for this run."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.page_script_hash = ""
    msg.rerun_script.context_info.timezone = "Asia/Makassar"
    msg.rerun_script.context_info.locale = "id-ID"
    if trigger is not None:
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = trigger
        state.trigger_value = True
    return msg.SerializeToString()


def read(raw: bytes) -> tuple[str | None, ForwardMsg, Any]:
    """A ForwardMsg's kind, the message, and its new element (None when it is not one)."""
    fm = ForwardMsg()
    fm.ParseFromString(raw)
    kind = fm.WhichOneof("type")
    new = kind == "delta" and fm.delta.WhichOneof("type") == "new_element"
    return kind, fm, fm.delta.new_element if new else None


async def session(
    base: str, page: str = "", start: asyncio.Event | None = None, opened: asyncio.Queue | None = None
) -> dict:
    """One new session's first view of `page`: seconds from the rerun request to the first metric delta (None when
    the page has none), to each metric (`metric_s`, in order) and to script_finished, bytes received, and whether an
    exception element came. With `start`: the websocket opens, says so on `opened`, and waits for the start."""
    ws_url = _local(base).replace("http://", "ws://") + "/_stcore/stream"
    out: dict = {"kpi_s": None, "metric_s": [], "done_s": None, "bytes": 0, "exception": None}
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
                if opened is not None:
                    opened.put_nowait(True)
                await start.wait()
            t0 = time.perf_counter()
            await ws.send(rerun(page))
            started = False
            async for raw in ws:
                out["bytes"] += len(raw)
                kind, _, element = read(raw)
                if kind == "new_session":
                    started = True
                elif element is not None:
                    el = element.WhichOneof("type")
                    if el == "metric":
                        out["metric_s"].append(time.perf_counter() - t0)
                        if out["kpi_s"] is None:
                            out["kpi_s"] = out["metric_s"][0]
                    elif el == "exception" and out["exception"] is None:
                        out["exception"] = element.exception.message
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


async def _viewers(base: str, n: int, page: str) -> list[dict]:
    start, opened = asyncio.Event(), asyncio.Queue()
    tasks = [asyncio.create_task(session(base, page, start, opened)) for _ in range(n)]
    async with asyncio.timeout(SESSION_TIMEOUT_S):
        for _ in range(n):  # every websocket open (its server session made) before the shared start
            await opened.get()
    await asyncio.sleep(0.3)
    start.set()
    return await asyncio.gather(*tasks)


def viewers(base: str, n: int = 30, cards: int = 1, page: str = "") -> dict:
    """n sessions send rerun_script for `page` at the same moment: p50/p95/max seconds until all `cards` KPI cards
    (metric elements) arrived, and the p95 until the first one."""
    if not 0 < n <= MAX_SESSIONS:
        raise LoadError(f"at most {MAX_SESSIONS} sessions at once")
    results = asyncio.run(_viewers(base, n, page))
    short = [len(r["metric_s"]) for r in results if len(r["metric_s"]) < cards]
    if short:
        raise LoadError(f"{len(short)} of {n} sessions received fewer than {cards} KPI cards (e.g. {short[0]})")
    every = sorted(r["metric_s"][cards - 1] for r in results)
    first = sorted(r["metric_s"][0] for r in results)

    def p95(xs: list[float]) -> float:
        return round(xs[min(n - 1, round(0.95 * (n - 1)))], 3)

    return {
        "p50": round(statistics.median(every), 3),
        "p95": p95(every),
        "max": round(every[-1], 3),
        "first_card_p95": p95(first),
    }
