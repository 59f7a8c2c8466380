"""ui.shared's store (lib.ui.data): one value per key, made once even when sessions ask at the same moment; only what
it made counts as shared (and so keeps its chart key)."""

import threading

import pandas as pd

from lib.ui.data import _Shared, is_shared
from lib.ui.export import _key


def test_sessions_asking_at_once_get_one_value_made_once():
    store = _Shared()
    made = []

    def make():
        made.append(1)
        return pd.DataFrame({"terdata": [len(made)]})

    got: list[pd.DataFrame] = []
    threads = [threading.Thread(target=lambda: got.append(store.get(("token", 1), make))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1
    assert all(g is got[0] for g in got)
    assert store.get(("token", 2), make) is not got[0]  # another store state: made again
    assert len(made) == 2


def test_a_failed_make_is_tried_again():
    store = _Shared()

    def fail():
        raise RuntimeError("database busy")

    try:
        store.get(("k",), fail)
    except RuntimeError:
        pass
    assert store.get(("k",), lambda: "made") == "made"


def test_only_frames_made_by_shared_are_shared_and_their_key_is_their_cells():
    store = _Shared()
    table = store.get(("frame",), lambda: pd.DataFrame({"terdata": [10, 7]}))
    copy = table.copy()
    assert is_shared(table) and not is_shared(copy)
    assert _key(table) == _key(copy)  # the same cells, the same key
    copy.loc[0, "terdata"] = 11
    assert _key(copy) != _key(table)
    bundle = store.get(("bundle",), lambda: {"a": pd.Series([1.0])})
    assert is_shared(bundle["a"])  # frames inside what shared returns count too
