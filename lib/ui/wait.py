"""While another process holds the database (DuckDB lets one process open it for writing), or the PostgreSQL server
does not answer: a waiting notice at once, the last good figures under it where this server has any, and a retry
every few seconds that reruns the app when the database answers again. No server path is shown."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from lib import store

RETRY_S = 2.0
BUSY_TEXT = (
    "**Database sedang dipakai proses lain** (misalnya impor atau ekspor dari baris perintah). "
    "Halaman ini mencoba lagi sendiri setiap beberapa detik; tidak perlu memuat ulang."
)
DOWN_TEXT = (
    "**Server database sedang tidak menjawab** (berhenti atau dimulai ulang). "
    "Halaman ini mencoba lagi sendiri setiap beberapa detik; tidak perlu memuat ulang."
)
LAST_GOOD_TEXT = " Angka di bawah adalah yang terakhir terbaca dan mungkin belum memuat perubahan terbaru."


def token_or_last(db: str, read: Callable[[], tuple]) -> tuple[tuple, bool]:
    """(read(), True): the store's state token, read once per run (lib.ui.cache.open_snapshot); while another
    process holds the file, (the last good token, False), so the figures cached for it stay on screen.
    DatabaseBusy when this server has never read a token of that file."""
    try:
        return read(), True
    except store.DatabaseBusy:
        last = store.last_state_token(db)
        if last is None:
            raise
        return last, False


def busy_notice(figures_follow: bool) -> None:
    """The waiting notice (with a note when the last good figures are shown under it) and the retry."""
    text = DOWN_TEXT if store.is_server(store.db_path()) else BUSY_TEXT
    st.warning(text + (LAST_GOOD_TEXT if figures_follow else ""))  # no emoji icon: not every font has it
    _retry()


def _free(db: str) -> bool:
    try:
        with store.connect(db, wait=0):
            return True
    except store.DatabaseBusy:
        return False


@st.fragment(run_every=RETRY_S)
def _retry() -> None:
    """Runs alone every RETRY_S seconds; reruns the whole app (normal figures, no notice) once the file is free."""
    if _free(store.db_path()):
        st.rerun(scope="app")
