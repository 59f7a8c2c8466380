"""`python -m lib jalankan`: the one way to start the dashboard on this computer (what `make run` calls, and what a
Windows user types): Streamlit serving serve_app.py on 127.0.0.1 only, answering to the names 127.0.0.1 and localhost
only (ATENSI_HOSTS), with the upload limit of ATENSI_MAX_UPLOAD_MB given to its server (rounded up to whole MB).
Python's own tools only: no make, no shell. It loads no data library and opens no database (the server does both,
once): the first screen after a start waits for nothing of the launcher's."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from lib.config import max_upload_streamlit_mb

ROOT = Path(__file__).resolve().parent.parent
ADDRESS = "127.0.0.1"  # this machine only (README: Who can reach it); behind a proxy or on a network: see Deployment


def add_parsers(sub, t: dict) -> None:
    s = sub.add_parser("jalankan", help=t["serve"], description=t["serve"])
    s.add_argument("--port", type=int, default=None, help=t["serve_port"])
    s.add_argument("--cetak", action="store_true", help=t["serve_print"])


def chosen_port(port: int | None) -> int:
    """--port, else Streamlit's own setting from the environment (STREAMLIT_SERVER_PORT, as `make run PORT…` and the
    bench give it), else 8501."""
    return port or int(os.environ.get("STREAMLIT_SERVER_PORT") or 8501)


def server_command(port: int) -> tuple[list[str], dict[str, str]]:
    """The server's command line and the environment variables it gets besides this process's."""
    argv = [sys.executable, "-m", "streamlit", "run", "serve_app.py", "--server.port", str(port)]
    env = {
        "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": str(max_upload_streamlit_mb()),
        "STREAMLIT_SERVER_ADDRESS": ADDRESS,
        "ATENSI_HOSTS": "127.0.0.1,localhost",  # a page elsewhere cannot rebind a name of its own to this server
    }
    return argv, env


def cmd_serve(args, t) -> int:
    port = chosen_port(args.port)
    argv, env = server_command(port)
    if args.cetak:  # what would run, as a shell line
        print(" ".join([*(f"{k}={v}" for k, v in env.items()), *argv]))
        return 0
    print(t["serving"].format(url=f"http://{ADDRESS}:{port}"), flush=True)
    # The first-admin screen's one-time code (lib.ui.first_admin): the server prints it on this console at start
    # while no admin exists (serve_app.py), and the screen is offered only then
    env["ATENSI_KODE_ADMIN"] = f"{secrets.randbelow(10**8):08d}"
    server = subprocess.Popen(argv, cwd=ROOT, env={**os.environ, **env})

    def forward(signum, frame) -> None:  # SIGTERM (systemd, kill) or SIGINT (Ctrl-C): the server stops too
        server.send_signal(signum)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, forward)
    return server.wait()


COMMANDS = {"jalankan": cmd_serve}


def main(argv: list[str]) -> int:
    """`python -m lib jalankan …` straight from lib/__main__.py: without lib.cli's imports (pandas, DuckDB, the
    store), which the server loads itself; the start of a meeting's laptop waits for them once, not twice."""
    import argparse

    from lib.cli_text import TEXT
    from lib.config import setting

    lang = argv[argv.index("--lang") + 1] if "--lang" in argv[:-1] else setting("ATENSI_LANG")
    t = TEXT["en" if lang == "en" else "id"]
    parser = argparse.ArgumentParser(prog="python -m lib")
    parser.add_argument("--lang", choices=("id", "en"))
    add_parsers(parser.add_subparsers(dest="command", required=True), t)
    return cmd_serve(parser.parse_args(argv), t)
