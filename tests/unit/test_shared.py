"""The one cache (lib.ui.cache): one value per data version and key, made once even when sessions ask at the same
moment; a failed make is tried again; only the two latest versions are kept, so an old version's figures can never be
found under a new one and memory holds at most two states of the store."""

import threading

import pandas as pd

from lib.ui.cache import DataVersion, _Cache


def _version(token: int, config: str = "c1") -> DataVersion:
    return DataVersion("db", (token, 0), config)


def test_sessions_asking_at_once_get_one_value_made_once():
    cache = _Cache()
    made = []

    def make():
        made.append(1)
        return pd.DataFrame({"terdata": [len(made)]})

    got: list[pd.DataFrame] = []
    threads = [threading.Thread(target=lambda: got.append(cache.get(_version(1), "kpi", make))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1
    assert all(g is got[0] for g in got)
    assert cache.get(_version(2), "kpi", make) is not got[0]  # another store state: made again
    assert cache.get(_version(1, "c2"), "kpi", make) is not got[0]  # another configuration: made again
    assert len(made) == 3


def test_a_failed_make_is_tried_again():
    cache = _Cache()

    def fail():
        raise RuntimeError("database busy")

    try:
        cache.get(_version(1), "k", fail)
    except RuntimeError:
        pass
    assert cache.get(_version(1), "k", lambda: "made") == "made"


def test_only_the_two_latest_versions_are_kept():
    cache = _Cache()
    for token in (1, 2, 3):
        cache.put(_version(token), "kpi", token)
    assert cache.find(_version(1), "kpi") == (False, None)
    assert cache.find(_version(2), "kpi") == (True, 2)
    assert cache.find(_version(3), "kpi") == (True, 3)
