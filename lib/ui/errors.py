"""How a UserError looks on screen. app.py shows every UserError that reaches it; `shown_inline` is for the few
actions whose refusal is shown where it happened while the rest of the screen keeps working."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from lib.errors import UserError
from lib.present.texts import as_text


def show_error(e: UserError) -> None:
    st.error(f"**{as_text(e.title)}**\n\n{as_text(e.message)}")  # messages quote cells and file names
    if e.details is not None:
        st.dataframe(e.details, hide_index=True)


@contextmanager
def shown_inline() -> Iterator[None]:
    """A UserError raised in the block is shown here and the rest of the block is skipped; the screen goes on."""
    try:
        yield
    except UserError as e:
        show_error(e)
