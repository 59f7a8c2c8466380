"""Another process holding the DuckDB file, as the command line does during an import: `with holding(db):`."""

from __future__ import annotations

import contextlib
import subprocess
import sys

# Opens the file (DuckDB's write lock), optionally writes (the file changes on disk), says "ready", holds it until
# its stdin closes.
HOLDER = """import duckdb, sys
con = duckdb.connect(sys.argv[1])
if sys.argv[2] == "write":
    con.execute("CREATE OR REPLACE TABLE pemegang AS SELECT 1 AS x")
print("ready", flush=True)
sys.stdin.read()
con.close()
"""


@contextlib.contextmanager
def holding(db: str, write: bool = False):
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, db, "write" if write else "read"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "ready"  # blocks until the lock is held
        yield proc
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
