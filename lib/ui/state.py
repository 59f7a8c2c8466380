"""URL <-> session state, and the one-shot message shown after a rerun: the one place a screen's choices meet the URL.

A choice lives in session state under its widget's key and is mirrored in the URL (a shareable, bookmarkable view).
`from_url` runs before the widget is drawn: on a fresh session it takes the URL's value when that is a valid option,
and it keeps the state valid when the options change; `to_url` writes the chosen value back.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

SEMUA = ""  # the "all" choice of a filter
FLASH = "pesan"  # session-state key of the message shown once after a rerun (a save, a rollback, an install)


def from_url(key: str, param: str, options: list[str], default: str | None = None) -> str | None:
    """The choice under `key`: the URL's `param` on a fresh session when valid, else `default`; reset to `default`
    when it is no longer an option (e.g. the filters changed)."""
    if key not in st.session_state:
        value = st.query_params.get(param)
        st.session_state[key] = value if value in options else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    return st.session_state[key]


def to_url(param: str, value: str | None, default: str | None = None) -> None:
    """Mirror a choice in the URL; an empty choice (or the default, when given) leaves the URL clean."""
    if value and value != default:
        st.query_params[param] = value
    elif param in st.query_params:
        del st.query_params[param]


def list_from_url(key: str, param: str, options: list[str], default: list[str], limit: int) -> list[str]:
    """from_url for a multiselect: comma-separated codes in the URL (`?banding=74.71,74.02`), at most `limit`."""
    if key not in st.session_state:
        url = [v for v in st.query_params.get(param, "").split(",") if v in options]
        st.session_state[key] = list(dict.fromkeys(url))[:limit] or default
    else:
        st.session_state[key] = [v for v in st.session_state[key] if v in options][:limit]
    return st.session_state[key]


def list_to_url(param: str, values: list[str]) -> None:
    to_url(param, ",".join(values))


def set_state(**values: Any) -> None:
    """A widget callback: set several session-state values at once (e.g. a drill step and its filter)."""
    for key, value in values.items():
        st.session_state[key] = value


def forget(key: str) -> None:
    """Drop a widget's state (e.g. an editor's pending edits when its table changes)."""
    st.session_state.pop(key, None)


def flash(message: str) -> None:
    """A message for the next run (call st.rerun() after it), shown by show_flash where the screen wants it."""
    st.session_state[FLASH] = message


def show_flash() -> None:
    if FLASH in st.session_state:
        st.success(st.session_state.pop(FLASH))
