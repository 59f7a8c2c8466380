"""Cached reads: the configuration, the database on first start, and the store's current values, history and
freshness, cached by the store's state token (it changes with every batch and rollback), so an import from the
command line or another browser tab shows up on the next rerun, and nothing stale is ever shown.
"""

from __future__ import annotations

import dataclasses
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from lib import sample, store
from lib.config import (
    Konfigurasi,
    load_config,
    setting,
    today,  # noqa: F401  (ui.today: the Sentra's date, one clock)
)
from lib.ui import wait


def config() -> Konfigurasi:
    return load_config()


@st.cache_resource(show_spinner=False)
def _ensured(db: str) -> bool:
    empty = store.init_db(db)
    if setting("ATENSI_SAMPLE") == "1" and empty:
        sample.seed(db)
    return True


def ensure_database() -> None:
    """Create the database on first start and, when it is empty, fill it with the sample data. While another
    process holds the file: the waiting notice, above the last good figures where this server read any."""
    try:
        _ensured(store.db_path())
        if not _token(store.db_path(), again=True)[1]:  # once per run: is the file free again?
            wait.busy_notice(figures_follow=True)
    except store.DatabaseBusy:
        wait.busy_notice(figures_follow=False)
        st.stop()


def warm_up() -> None:
    """What the first viewer's run would otherwise wait for, done at server start (serve_app.py, in a background
    thread): the database ensured and the state token, current values and freshness read, through the same cached
    functions, so they land in the real caches keyed by the store's token (a later upload still shows)."""
    _ensured(store.db_path())
    data()
    freshness()


# cache_resource, not cache_data: one shared copy per store state instead of a fresh unpickled copy of every
# dataset on every call (seconds at national scale). Callers treat the frames as read-only. Code columns as
# categoricals: the national current values held for every session in a third of the memory.
@st.cache_resource(show_spinner=False, max_entries=2)
def _current_all(token: tuple, db: str) -> dict[str, pd.DataFrame]:
    return store.current_all(db, categories=True)


@st.cache_resource(show_spinner=False, max_entries=4)  # shared and read-only, as _current_all
def _freshness(token: tuple, db: str) -> pd.DataFrame:
    return store.freshness(db)


@st.cache_resource(show_spinner=False, max_entries=4)  # shared and read-only, as _current_all
def _history(token: tuple, db: str) -> pd.DataFrame:
    return store.history(db)


@st.cache_data(show_spinner=False, max_entries=16)
def _batch_changes(token: tuple, db: str, batch_id: int) -> pd.DataFrame:
    return store.batch_changes(batch_id, db)


# A plain dict, not st.cache_data: a page asks for the token dozens of times per run, and Streamlit's cache (hashing
# the arguments, pickling the result) cost more than the stat it saves the database from.
_tokens: dict[tuple, tuple] = {}
_tokens_lock = threading.Lock()


def _token_for(stamp: tuple, db: str) -> tuple:
    key = (stamp, db)
    found = _tokens.get(key)
    if found is None:
        found = store.state_token(db)
        with _tokens_lock:
            if len(_tokens) >= 16:
                _tokens.clear()
            _tokens[key] = found
    return found


def token() -> tuple:
    """The store's state token, asked of the database only when its stamp changed (`store.stamp()`).

    Opening DuckDB costs tens of milliseconds; a stat costs microseconds. Every committed write (a batch or a
    rollback, from this process or the command line) changes the file or its write-ahead log; with PostgreSQL
    it bumps a counter read with one tiny query.
    """
    return _token(store.db_path())[0]


def _token(db: str, again: bool = False) -> tuple[tuple, bool]:
    """(the state token, True); while another process holds the file, (the last good one, False)."""
    return wait.token_or_last(db, lambda: _token_for(store.stamp(db), db), again)


def data() -> dict[str, pd.DataFrame]:
    """The current values of every dataset, by dataset name."""
    return _current_all(token(), store.db_path())


def pas_data() -> pd.DataFrame:
    return data()["pas"]


def program_data() -> pd.DataFrame:
    return data()["program"]


def sdm_data() -> pd.DataFrame:
    return data()["sdm"]


def ska_data() -> pd.DataFrame:
    return data()["ska"]


def follow_up_data() -> pd.DataFrame:
    return data()["tindak_lanjut"]


def freshness() -> pd.DataFrame:
    return _freshness(token(), store.db_path())


def history() -> pd.DataFrame:
    return _history(token(), store.db_path())


def batch_changes(batch_id: int) -> pd.DataFrame:
    return _batch_changes(token(), store.db_path(), batch_id)


@st.cache_data(show_spinner=False, max_entries=128)
def _memo(token: tuple, db: str, cfg_path: str, name: str, args: tuple, _fn, _first, _cfg):
    return _fn(_first, _cfg, *args)


def _name(fn: Callable[..., Any]) -> str:
    code = getattr(fn, "__code__", None)
    where = code.co_filename if code is not None else ""  # views run as __main__: their file tells them apart
    return f"{fn.__module__}.{fn.__qualname__}@{where}"


def memo(fn: Callable[..., Any], first: Any, cfg: Konfigurasi, *args: Any) -> Any:
    """fn(first, cfg, *args), computed once per store state and arguments (reruns that change nothing relevant,
    such as opening an expander, reuse it). `first` is ui.data() or one of its frames: the token stands for it."""
    return _memo(token(), store.db_path(), str(cfg.path), _name(fn), args, fn, first, cfg)


def _hashable(value: Any) -> Any:
    """An argument as part of a key: lists and dicts as tuples (a filter's classes, chosen districts)."""
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, *(_hashable(v) for v in value))
    if isinstance(value, dict):
        return ("dict", *((_hashable(k), _hashable(v)) for k, v in value.items()))
    return value


class _Shared:
    """One value per key for every session, made once: a session asking while another makes it waits for it (as
    st.cache_resource does). A plain dict, not st.cache_resource: Streamlit hashes every argument on every call
    (with inspect.signature), which cost a new Profil session more than its figures did once shared."""

    MAX = 256

    def __init__(self) -> None:
        self._values: OrderedDict[tuple, Any] = OrderedDict()
        self._making: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            try:
                value = make()
                _freeze(value)
                with self._lock:
                    self._values[key] = value
                    while len(self._values) > self.MAX:
                        self._values.popitem(last=False)
            finally:
                with self._lock:
                    self._making.pop(key, None)
        return value


_shared = _Shared()

# The frames ui.shared handed out (nobody changes them): what they hold is fixed, so a key made of their cells can be
# kept per object (lib.ui.export's chart keys). By id, checked against a weak reference: an id is reused only after
# its object is gone.
_frozen: dict[int, weakref.ref] = {}


def _freeze(value: Any) -> None:
    if isinstance(value, (pd.DataFrame, pd.Series)):
        with _shared._lock:
            for k in [k for k, ref in _frozen.items() if ref() is None]:
                del _frozen[k]
            _frozen[id(value)] = weakref.ref(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _freeze(getattr(value, f.name))
    elif isinstance(value, (list, tuple)):
        for v in value:
            _freeze(v)
    elif isinstance(value, dict):
        for v in value.values():
            _freeze(v)


def is_shared(frame: pd.DataFrame | pd.Series) -> bool:
    """Whether the frame is one ui.shared made (and so never changes)."""
    ref = _frozen.get(id(frame))
    return ref is not None and ref() is frame


def shared(fn: Callable[..., Any], first: Any, cfg: Konfigurasi, *args: Any) -> Any:
    """Like memo, but one object per store state and arguments shared by every session, never copied: for what
    nobody changes after it is made (KPI cards, tables, trends). A new session's first view then costs what drawing
    costs, not what computing does; a new batch or rollback changes the token, so nothing stale is shown."""
    key = (token(), store.db_path(), str(cfg.path), _name(fn), _hashable(args))
    try:
        hash(key)
    except TypeError:  # an argument without a key: made each time, as without sharing
        return fn(first, cfg, *args)
    return _shared.get(key, lambda: fn(first, cfg, *args))
