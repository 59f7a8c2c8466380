"""One data version and the one cache.

Every run of a page starts by reading ONE snapshot (`open_snapshot`, called by the frame): the configuration with its
stamp, and the store's state (its token, every dataset's current values, their freshness) as one read transaction
saw it. Its `DataVersion` keys everything cached, so a key can never pair new data with an old version or the reverse:
whatever a screen shows during a run comes from that snapshot, even when a batch or a rollback commits meanwhile (the
next run shows it).

The one cache (`_cache`) holds, per data version, the store's state and every value made from it (`shared`: cards,
tables, sentences; `chart`: Vega-Lite specs), made once and shared by every session of the process. It keeps the two
latest versions: a new batch, rollback or configuration edit starts a new one, and the oldest goes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from lib import store
from lib.config import (
    Konfigurasi,
    load_config,
    setting,
    today,  # noqa: F401  (ui.today: the Sentra's date, one clock)
)
from lib.config_check import ConfigInvalid
from lib.ui import wait

SNAPSHOT = "_atensi_snapshot"  # session-state key: this run's snapshot
FRESHNESS = "kemutakhiran"  # shared(fn, dataset=FRESHNESS): fn takes the datasets' freshness (store.freshness)
REPORTS = "laporan"  # shared(fn, dataset=REPORTS): fn takes the store's state (current values and report times)


@dataclass(frozen=True)
class DataVersion:
    """What a screen's figures depend on: the database, the store's state token and the configuration's stamp."""

    db: str
    token: tuple
    config: str


@dataclass(frozen=True)
class Snapshot:
    """One run's view of the world: its version, the configuration and the store's state of that version."""

    version: DataVersion
    cfg: Konfigurasi
    state: store.Snapshot

    @property
    def data(self) -> dict[str, pd.DataFrame]:
        return self.state.current


class _Cache:
    """The one cache: per data version, one value per key, made once for every session (a session asking while
    another makes it waits for it). Values are never changed after they are made; callers treat them as read-only.
    Besides data versions it holds a few named parts that do not follow the data (the state token per stamp of the
    database, boundary files per file stamp)."""

    VERSIONS = 2  # data versions: the current one and the one a session may still be finishing a run on
    NAMED = 16  # named parts
    PER_VERSION = 512

    def __init__(self) -> None:
        self._versions: OrderedDict[Hashable, OrderedDict[Hashable, Any]] = OrderedDict()
        self._making: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()

    def find(self, version: Hashable, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            values = self._versions.get(version)
            if values is None or key not in values:
                return False, None
            self._versions.move_to_end(version)
            values.move_to_end(key)
            return True, values[key]

    def put(self, version: Hashable, key: Hashable, value: Any) -> None:
        with self._lock:
            values = self._versions.setdefault(version, OrderedDict())
            self._versions.move_to_end(version)
            values[key] = value
            while len(values) > self.PER_VERSION:
                values.popitem(last=False)
            for kind, most in ((True, self.VERSIONS), (False, self.NAMED)):
                same = [v for v in self._versions if isinstance(v, DataVersion) is kind]
                for old in same[: max(0, len(same) - most)]:  # least recently used first
                    del self._versions[old]

    def get(self, version: Hashable, key: Hashable, make: Callable[[], Any]) -> Any:
        found, value = self.find(version, key)
        if found:
            return value
        with self._lock:
            making = self._making.setdefault((version, key), threading.Lock())
        try:
            with making:
                found, value = self.find(version, key)
                if not found:
                    value = make()
                    self.put(version, key, value)
        finally:
            with self._lock:
                self._making.pop((version, key), None)
        return value


_cache = _Cache()

# Tests force a write between a run's read and its figures here (tests/app/test_data_version.py): each is called
# with the run's snapshot right after it was read.
AFTER_READ: list[Callable[[Snapshot], None]] = []


# The configuration ------------------------------------------------------------------------------------------------

_last_good: dict[str, Konfigurasi] = {}  # per configuration file: the last configuration that passed the check
_broken: dict[str, ConfigInvalid] = {}  # per configuration file: why the files on disk are refused now


def config() -> Konfigurasi:
    """The configuration in force. An edit that fails the check while the server runs keeps the last good one
    serving (admins see the problems: config_problems); only a server that never read a good one shows the error."""
    path = setting("ATENSI_CONFIG")
    try:
        cfg = load_config()
    except ConfigInvalid as e:
        last = _last_good.get(path)
        if last is None:
            raise
        _broken[path] = e
        return last
    _last_good[path] = cfg
    _broken.pop(path, None)
    return cfg


def config_problems() -> ConfigInvalid | None:
    """Why the configuration files on disk are refused while the last good configuration serves (None: they are not)."""
    return _broken.get(setting("ATENSI_CONFIG"))


# The store --------------------------------------------------------------------------------------------------------

_ready: set[str] = set()  # databases created (and seeded when empty) by this process
_ready_lock = threading.Lock()


def _ensure(db: str) -> None:
    with _ready_lock:
        if db in _ready:
            return
        empty = store.init_db(db)
        if setting("ATENSI_SAMPLE") == "1" and empty:
            from lib import sample  # here: the sample goes through the write path's checks (pandera), once

            sample.seed(db)
        _ready.add(db)


def _token_of(db: str) -> tuple:
    """The store's state token, asked of the database only when its stamp changed (`store.stamp()`: a stat of the
    DuckDB file, one tiny query on PostgreSQL); opening DuckDB costs tens of milliseconds."""
    stamp = store.stamp(db)
    return cached(f"token {db}", stamp, lambda: store.state_token(db))


def _store_state(db: str, cfg: Konfigurasi, token: tuple) -> tuple[DataVersion, store.Snapshot]:
    """The store's state for `token`, read once per version. A write may commit between asking for the token and
    reading: the read's own token then names the version, never the token asked with."""
    version = DataVersion(db, token, cfg.stamp)
    found, state = _cache.find(version, "store")
    if found:
        return version, state
    with _reading(db):
        found, state = _cache.find(version, "store")
        if found:
            return version, state
        state = store.snapshot(db, categories=True)
        version = DataVersion(db, state.token, cfg.stamp)
        _cache.put(version, "store", state)
    return version, state


_readers: dict[str, threading.Lock] = {}


def _reading(db: str) -> threading.Lock:
    """One read of a store's state at a time per database: sessions opening at once wait for the first read."""
    with _ready_lock:
        return _readers.setdefault(db, threading.Lock())


def open_snapshot() -> Snapshot:
    """The start of every run (the frame): the database ensured (created, and seeded when empty, on first start),
    the configuration, and the store's state, as this run's snapshot. While another process holds the database: the
    waiting notice, above the last good figures where this server read any."""
    cfg = config()
    db = store.db_path()
    try:
        _ensure(db)
        token, fresh = wait.token_or_last(db, lambda: _token_of(db))
        if not fresh:
            wait.busy_notice(figures_follow=True)
        version, state = _store_state(db, cfg, token)
    except store.DatabaseBusy:
        wait.busy_notice(figures_follow=False)
        st.stop()
    snap = Snapshot(version, cfg, state)
    st.session_state[SNAPSHOT] = snap
    for hook in AFTER_READ:
        hook(snap)
    return snap


def end_run() -> None:
    """The end of every run (the frame): the run lets go of its snapshot, so an idle session does not keep an old
    version's frames alive after the cache let them go."""
    st.session_state.pop(SNAPSHOT, None)


def snapshot() -> Snapshot:
    """This run's snapshot (read by the frame at the run's start)."""
    snap = st.session_state.get(SNAPSHOT)
    return snap if snap is not None else open_snapshot()


def warm_up() -> Snapshot:
    """What the first viewer's run would otherwise wait for, done at server start (serve_app.py, in a background
    thread): the database ensured, and the store's state read into the one cache under its version."""
    db = store.db_path()
    _ensure(db)
    cfg = config()
    version, state = _store_state(db, cfg, _token_of(db))
    return Snapshot(version, cfg, state)


def data() -> dict[str, pd.DataFrame]:
    """The current values of every dataset, by dataset name, as this run's snapshot holds them."""
    return snapshot().data


def ska_data() -> pd.DataFrame:
    return data()["ska"]


def follow_up_data() -> pd.DataFrame:
    return data()["tindak_lanjut"]


def freshness() -> pd.DataFrame:
    return snapshot().state.freshness


def history() -> pd.DataFrame:
    """Every batch, newest first: read once per version."""
    version = snapshot().version
    return _cache.get(version, "history", lambda: store.history(version.db))


def batch_changes(batch_id: int) -> pd.DataFrame:
    version = snapshot().version
    return _cache.get(version, ("batch_changes", batch_id), lambda: store.batch_changes(batch_id, version.db))


# Figures made once per version ------------------------------------------------------------------------------------


def _name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def _hashable(value: Any) -> Hashable:
    """An argument as part of a key: lists and dicts as tuples (a filter's classes, chosen districts), functions by
    their name."""
    if isinstance(value, Figure):
        return value.key()
    if callable(value) and hasattr(value, "__qualname__"):
        return ("fn", _name(value))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, *(_hashable(v) for v in value))
    if isinstance(value, dict):
        return ("dict", *((_hashable(k), _hashable(v)) for k, v in value.items()))
    hash(value)  # TypeError for an argument that cannot be part of a key: a bug, never silently unshared
    return value


def shared(fn: Callable[..., Any], *args: Any, dataset: str | None = None) -> Any:
    """fn(data, cfg, *args) on this run's snapshot, made once per data version and arguments and shared by every
    session: for what nobody changes after it is made (cards, tables, sentences). `dataset`: fn takes that
    dataset's frame instead of every dataset (fn(data[dataset], cfg, *args))."""
    return shared_on(snapshot(), fn, *args, dataset=dataset)


def as_arrow(first: Any, cfg: Konfigurasi, fn: Callable[..., pd.DataFrame], *args: Any) -> pa.Table:
    return pa.Table.from_pandas(fn(first, cfg, *args), preserve_index=False)


def shared_table(fn: Callable[..., pd.DataFrame], *args: Any, dataset: str | None = None) -> pa.Table:
    """A display table fn(data, cfg, *args) as Arrow, made once per data version: st.dataframe then sends it
    without converting pandas to Arrow for every session (the opening screen's freshness table)."""
    return shared(as_arrow, fn, *args, dataset=dataset)


def shared_on(snap: Snapshot, fn: Callable[..., Any], *args: Any, dataset: str | None = None) -> Any:
    """shared, on a given snapshot (the server's warm-up, before any session)."""
    if dataset == FRESHNESS:
        first: Any = snap.state.freshness
    elif dataset == REPORTS:
        first = snap.state
    else:
        first = snap.data if dataset is None else snap.data[dataset]
    key = (_name(fn), dataset, _hashable(args))
    return _cache.get(snap.version, key, lambda: fn(first, snap.cfg, *args))


def cached(name: str, stamp: Hashable, make: Callable[[], Any]) -> Any:
    """make(), once per `stamp`, for what does not follow the data version (a boundary file: by its file stamp)."""
    return _cache.get(("named", name), stamp, make)


@dataclass(frozen=True)
class Figure:
    """A value of this run's snapshot named by what makes it: fn(data, cfg, *args) (with `dataset`, fn(data[dataset],
    cfg, *args)). A chart's argument, and so part of the chart's key (ui.chart_with_download)."""

    fn: Callable[..., Any]
    args: tuple = ()
    dataset: str | None = None
    path: tuple = ()  # a part of what fn returns: attribute names and keys, in turn

    def value(self) -> Any:
        out = shared(self.fn, *self.args, dataset=self.dataset)
        for step in self.path:
            out = getattr(out, step) if isinstance(step, str) and hasattr(out, step) else out[step]
        return out

    def part(self, *path: Hashable) -> Figure:
        """The part of this figure's value at `path` (e.g. a screen model's table), itself a Figure."""
        return Figure(self.fn, self.args, self.dataset, self.path + path)

    def key(self) -> Hashable:
        return ("figure", _name(self.fn), self.dataset, _hashable(self.args), self.path)


def figure(fn: Callable[..., Any], *args: Any, dataset: str | None = None) -> Figure:
    return Figure(fn, tuple(args), dataset)
