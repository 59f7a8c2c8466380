"""slide_next_p50_ms (issue 26): the server's time from a clicker's key press to the next slide's last element, per
slide, on our server as `make -s run` starts it (bench/servers.py), through Streamlit's own protocol (bench/load.py).

A key press is what the browser sends for it: the shortcut clicks "Berikutnya ▶", i.e. a rerun whose widget states
trigger that button. For each slide: one session opens the slide (not timed), then the press is timed from sending
it to the last element delta before the run finishes; the median of REPEAT presses, in milliseconds, keyed by the
slide the press arrives at. The browser's drawing is not in it.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

from websockets.asyncio.client import connect

from bench import load, servers

REPEAT = 5
NEXT_KEY = "slide_berikutnya"  # lib/ui/presentation.py: the button the → / PageDown / Space shortcuts press


async def _run(ws, payload: bytes) -> tuple[float, str | None, str | None]:
    """Send one rerun; (seconds to the last element delta, the next button's widget id, an exception's message)."""
    t0 = time.perf_counter()
    await ws.send(payload)
    last, button, error, started = t0, None, None, False
    async for raw in ws:
        kind, _, element = load.read(raw)
        if kind == "new_session":
            started = True
        elif element is not None:
            last = time.perf_counter()
            which = element.WhichOneof("type")
            if which == "button" and element.button.id.endswith(NEXT_KEY):
                button = element.button.id
            elif which == "exception" and error is None:
                error = element.exception.message
        elif kind == "script_finished" and started:
            return last - t0, button, error
    raise load.LoadError("the session closed before its run finished")


async def _press(base: str, slide: int) -> float:
    """Open `slide` in a new session, then press → once: seconds to the next slide's last element."""
    url = load._local(base).replace("http://", "ws://") + "/_stcore/stream"
    async with asyncio.timeout(load.SESSION_TIMEOUT_S):
        async with connect(url, subprotocols=["streamlit"], origin=base, max_size=2**27, compression=None) as ws:  # type: ignore[arg-type,list-item]
            _, button, error = await _run(ws, load.rerun("", f"mode=presentasi&slide={slide}"))
            if error or button is None:
                raise load.LoadError(f"slide {slide}: {error or 'no Berikutnya button'}")
            took, _, error = await _run(ws, load.rerun("", f"mode=presentasi&slide={slide}", trigger=button))
            if error:
                raise load.LoadError(f"slide {slide + 1}: {error}")
            return took


def slide_next(db: str, config: Path, port: int) -> dict:
    """{'slide_next_p50_ms': {slide reached: median ms}} on a server started by `make -s run`."""
    from lib.config import load_config
    from lib.present import slides

    n = len(slides.slide_sequence(load_config(config)))
    out: dict[str, float] = {}
    with servers.make_run(port, db, config) as server:
        load.wait_healthy(server.base)
        for slide in range(1, n):
            asyncio.run(_press(server.base, slide))  # warm: the slide's imports and figures
            times = [asyncio.run(_press(server.base, slide)) for _ in range(REPEAT)]
            out[str(slide + 1)] = round(statistics.median(times) * 1000, 1)
    return {"slide_next_p50_ms": out}
