"""Servers as people start them: ours with `make -s run` / `make -s serve` (whatever their recipes say: make runs
them, the bench has no command line of its own), and a bare Streamlit app served by the recipe's `streamlit run`.

Each server is its own process group (make, its shell, Streamlit, nginx): stop() ends the whole group. The process
that answers (the one listening on the port) is found among the group's members, for its CPU and memory.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Streamlit's cheapest serving settings, for the bare apps only (ours get what .streamlit/config.toml says)
CHEAPEST = {
    "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    "STREAMLIT_RUNNER_POST_SCRIPT_GC": "false",
    "STREAMLIT_RUNNER_MAGIC_ENABLED": "false",
    "STREAMLIT_SERVER_HEADLESS": "true",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
}
# what a make started from `make bench` would inherit; a person's `make run` has none of it
_MAKE_VARS = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
START_TIMEOUT_S = 180.0


class ServerError(RuntimeError):
    pass


class Server:
    """A process group started for the bench; `pid` is its member listening on `port`."""

    def __init__(self, process: subprocess.Popen, port: int, route: str) -> None:
        self.process = process
        self.port = port
        self.route = route  # the command, as run, for the results
        self._pid: int | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        """The process listening on the port (Streamlit, or nginx behind `make serve`); waits for it."""
        end = time.monotonic() + START_TIMEOUT_S
        while self._pid is None:
            self._pid = listener(self.process.pid, self.port)
            if self._pid is None:
                if self.process.poll() is not None and not members(self.process.pid):
                    raise ServerError(f"{self.route} ended (code {self.process.returncode}) before listening")
                if time.monotonic() > end:
                    raise ServerError(f"nothing of {self.route} listens on port {self.port}")
                time.sleep(0.05)
        return self._pid

    def pids(self) -> list[int]:
        """Every live member of the group (make, shells, Streamlit, nginx and its workers)."""
        return members(self.process.pid)

    def stop(self, timeout: float = 60.0) -> None:
        """SIGTERM to the whole group, SIGKILL to whatever is left after `timeout`."""
        _signal_group(self.process.pid, signal.SIGTERM)
        end = time.monotonic() + timeout
        while members(self.process.pid) and time.monotonic() < end:
            self.process.poll()
            time.sleep(0.1)
        if members(self.process.pid):
            _signal_group(self.process.pid, signal.SIGKILL)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def members(pgid: int) -> list[int]:
    """Live (not zombie) processes of process group pgid."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(int(entry))
    return out


def _listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f[9])
    return inodes


def listener(pgid: int, port: int) -> int | None:
    """The member of process group pgid holding the socket listening on port, if any yet."""
    inodes = {f"socket:[{i}]" for i in _listening_inodes(port)}
    if not inodes:
        return None
    for pid in sorted(members(pgid)):
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") in inodes:
                    return pid
            except OSError:
                continue
    return None


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _environment(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _MAKE_VARS}
    return {**env, **extra}


def _check_installed() -> None:
    """`make run` first installs requirements.txt when it changed: never in the middle of a measurement."""
    stale = subprocess.run(["make", "-q", ".venv/.installed"], cwd=ROOT, env=_environment({}), capture_output=True)
    if stale.returncode != 0:
        raise ServerError("requirements.txt is newer than .venv/.installed: run `make run` once before the bench")


def _start(command: list[str], env: dict[str, str], port: int, route: str) -> Server:
    if port_open(port):
        raise ServerError(f"port {port} is already taken (ATENSI_BENCH_PORT moves the bench's servers)")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=_environment(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stop() ends make, the shell and every server in it
    )
    return Server(process, port, route)


def make_run(port: int, db: str, config: Path | str, **env: str) -> Server:
    """`make -s run` with the port, database and configuration in the environment (as a person would set them);
    extra STREAMLIT_*/ATENSI_* variables in env."""
    _check_installed()
    variables = {"STREAMLIT_SERVER_PORT": str(port), "ATENSI_DB": db, "ATENSI_CONFIG": str(config), **env}
    return _start(["make", "-s", "--no-print-directory", "run"], variables, port, "make -s run")


def make_serve(port: int, first_port: int, workers: int, db: str, config: Path | str) -> Server:
    """`make -s serve WORKERS=… PORT=…` (deploy/serve.py: nginx on port, the workers from first_port)."""
    _check_installed()
    variables = {"FIRST_PORT": str(first_port), "ATENSI_DB": db, "ATENSI_CONFIG": str(config)}
    command = ["make", "-s", "--no-print-directory", "serve", f"WORKERS={workers}", f"PORT={port}"]
    return _start(command, variables, port, " ".join(command))


def run_recipe() -> str:
    """The shell command `make run` runs, as make prints it (continuation lines joined)."""
    out = subprocess.run(
        ["make", "-n", "--no-print-directory", "run"],
        cwd=ROOT,
        env=_environment({}),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return re.sub(r"\s+", " ", out.replace("\\\n", " ")).strip()


def bare(script: Path, port: int) -> Server:
    """A bare Streamlit app served by the same `streamlit run` as `make run` serves ours: the recipe's own streamlit
    executable (the venv's when the recipe no longer names it), from the repository (its .streamlit/config.toml
    applies), on 127.0.0.1, with Streamlit's cheapest serving settings on top. Not the recipe's other steps: what
    runs before `streamlit run` (today the upload limit, read through lib.config) is ours, so it counts for ours."""
    _check_installed()
    found = re.search(r"(\S*streamlit) run ", run_recipe())
    executable = found.group(1) if found else ".venv/bin/streamlit"
    command = f"{executable} run {shlex.quote(str(script))}"
    variables = {"STREAMLIT_SERVER_PORT": str(port), "STREAMLIT_SERVER_ADDRESS": "127.0.0.1", **CHEAPEST}
    return _start(["sh", "-c", command], variables, port, f"sh -c {command!r}")
