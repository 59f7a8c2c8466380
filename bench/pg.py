"""The PostgreSQL figures (issue 15): 100k rows through the real import path, the national reruns, and the
database of the two-process run, all in a throwaway local cluster started as the tests start one
(tests/postgres_cluster.py: the Debian postgresql binaries, a Unix socket only, removed afterwards).
"""

from __future__ import annotations

import os
import time

from lib import store
from lib.principal import SYSTEM
from lib.store import copy as store_copy
from lib.store import postgres_backend


class Server:
    """A throwaway cluster handing out fresh databases; stop() removes it."""

    def __init__(self) -> None:
        from tests.postgres_cluster import Cluster

        self.cluster = Cluster()
        self.urls: list[str] = []

    def database(self) -> str:
        url = self.cluster.database()
        self.urls.append(url)
        return url

    def copy_of(self, duck: str) -> str:
        """A new database holding the DuckDB store `duck` (store.copy_to, as `salin-ke` does)."""
        url = self.database()
        store.init_db(url)
        store_copy.copy_to(url, duck, pengguna=SYSTEM)  # the system principal: maintenance
        return url

    def stop(self) -> None:
        for url in self.urls:
            postgres_backend.close(url)
        self.cluster.stop()


def ingest(server: Server, data: bytes, repeat: int = 3) -> float:
    """Median seconds of import_upload of the workbook into a fresh PostgreSQL database."""
    import statistics

    from lib import ingest as ingest_module

    times = []
    for _ in range(repeat):
        url = server.database()
        os.environ["ATENSI_DB"] = url
        t = time.perf_counter()
        store.init_db(url)  # as the DuckDB figure: a fresh store, then the import
        ingest_module.import_upload(data, "pas_100k.xlsx", user=SYSTEM)
        times.append(time.perf_counter() - t)
        postgres_backend.close(url)
    return round(statistics.median(times), 2)


def available() -> str | None:
    """None when a local cluster can be started, else why not (the tests' install hint)."""
    from tests.postgres_cluster import INSTALL_HINT, find_bindir

    return None if find_bindir() is not None else INSTALL_HINT
