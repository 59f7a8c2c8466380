"""python -m bench.stamp: what the dashboard pays per rerun to know the store is unchanged, on both backends.

store.stamp() (a stat for DuckDB, one tiny query for PostgreSQL) against store.state_token() (open, migrate
check, aggregate over `batch`). PostgreSQL: ATENSI_BENCH_PG=postgresql://… or else a throwaway local cluster
(tests/postgres_cluster.py). Prints medians; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lib import sample, store
from lib.principal import SYSTEM
from lib.store import copy as store_copy
from lib.store import postgres_backend


def _median_ms(fn: Callable[[], object], n: int = 200) -> float:
    fn()  # warm: the pool's first connection, the OS cache
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def measure(db: str) -> dict[str, float]:
    return {
        "stamp_ms": _median_ms(lambda: store.stamp(db)),
        "state_token_ms": _median_ms(lambda: store.state_token(db)),
    }


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-stamp-"))
    duck = str(folder / "atensi.duckdb")
    sample.seed(duck)
    cluster = None
    url = os.environ.get("ATENSI_BENCH_PG")
    if not url:
        from tests.postgres_cluster import Cluster

        cluster = Cluster()
        url = cluster.database()
    try:
        store_copy.copy_to(url, duck, pengguna=SYSTEM)  # the system principal: maintenance
        for name, db in (("duckdb", duck), ("postgres", url)):
            m = measure(db)
            print(f"{name:9} stamp {m['stamp_ms']:.3f} ms · state_token {m['state_token_ms']:.3f} ms (medians)")
    finally:
        postgres_backend.close(url)
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
