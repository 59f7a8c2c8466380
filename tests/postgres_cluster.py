"""A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a temporary folder, a Unix socket only.

`initdb` refuses to run as root, so as root (CI) the cluster belongs to the `postgres` user (`runuser`);
as anyone else it runs as that user. Durability is off (fsync, synchronous_commit): nothing here must survive.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg

INSTALL_HINT = (
    "PostgreSQL server not found (initdb, pg_ctl): the tests need it. "
    "Install it: apt-get install postgresql (Debian/Ubuntu), dnf install postgresql-server, "
    "brew install postgresql; or set ATENSI_TEST_PG_BIN to its bin folder."
)


def find_bindir() -> Path | None:
    candidates = [os.environ.get("ATENSI_TEST_PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    return None


class Cluster:
    """initdb + pg_ctl start in a new temporary folder; `database()` makes a fresh database, `stop()` ends it all."""

    def __init__(self) -> None:
        bindir = find_bindir()
        if bindir is None:
            raise RuntimeError(INSTALL_HINT)
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="atensi-pg-"))
        self.data = self.folder / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses='' -c unix_socket_directories={self.folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self.options = options
        self.resume()
        self.admin = f"postgresql://postgres@/postgres?host={self.folder}"

    def pause(self) -> None:
        """Stop the server (its clients' connections end), keeping its data: an outage, until resume()."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start the server (again); returns when it accepts connections."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-o", self.options, "-w", "start")

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [*self.as_user, str(self.bindir / tool), *args], capture_output=True, text=True, cwd=self.folder
        )
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stdout}{done.stderr}")

    def url(self, name: str) -> str:
        return f"postgresql://postgres@/{name}?host={self.folder}"

    def database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`), returned as its URL."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(self.admin, autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))  # type: ignore[arg-type]
        return self.url(name)

    def drop(self, url: str) -> None:
        name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
        with psycopg.connect(self.admin, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
