"""The server's entry file: `streamlit run serve_app.py` serves app.py (the frame) behind lib.web.Guard (the host
names of ATENSI_HOSTS only, the security headers) and, at server start, warms it up in a background thread, so the first viewer after a start does not wait for the imports, the database's first
opens and the first reads. `streamlit run app.py` still works, without the warm-up.

The server listens at once; the warm-up never blocks start-up, and a failure in it only logs: the first run then
does the work itself and shows any error as it always did.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from lib.web import Guard

log = logging.getLogger("atensi.warm")
READY = "ATENSI warm-up done"  # printed to stderr when the caches are filled (the e2e test waits for it)


def warm_up() -> None:
    started = time.perf_counter()
    try:
        # What the frame and the overview import (pandas, numpy, pyarrow, DuckDB come with them)
        from lib import figures, present, ui  # noqa: F401
        from lib.ui import cache, presentation  # noqa: F401
        from lib.ui.page import period_choices, sample_sets

        snap = cache.warm_up()
        # The opening screen as a new session first asks for it: the sidebar's periods, the latest month's cards,
        # the freshness table and the sample banner, in the one cache under the data version
        periods = cache.shared_on(snap, period_choices)
        if periods:
            cache.shared_on(snap, present.overview_kpis, figures.Filter(periode=periods[-1]))
        cache.shared_on(snap, cache.as_arrow, present.freshness_rows, dataset=cache.FRESHNESS)
        cache.shared_on(snap, sample_sets, dataset=cache.FRESHNESS)
        _first_admin_code()
        from lib.render import charts  # noqa: F401  (Altair: the opening screen's charts follow its cards)
    except Exception:  # the first run does the work again and shows the error where a person sees it
        log.warning("warm-up failed; the first session does the work", exc_info=True)
        return
    print(f"{READY} in {time.perf_counter() - started:.2f} s", file=sys.stderr, flush=True)


def _first_admin_code() -> None:
    """Under `python -m lib jalankan` (make run), while no admin exists: the one-time code of the first-admin screen,
    on this server's console (the launcher's)."""
    from lib import accounts, cli_text
    from lib.config import setting

    code = setting("ATENSI_KODE_ADMIN")
    if code and not accounts.any_admin():
        text = cli_text.TEXT["en" if setting("ATENSI_LANG") == "en" else "id"]["admin_code"]
        print(text.format(code=f"{code[:4]}-{code[4:]}"), flush=True)


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    threading.Thread(target=warm_up, name="atensi-warm-up", daemon=True).start()
    yield


# only ATENSI_HOSTS' names are served; every response carries the security headers (lib/web.py)
app = st.App("app.py", lifespan=lifespan, middleware=[Middleware(Guard)])
