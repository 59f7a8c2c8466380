"""`make serve WORKERS=N`: N Streamlit processes on 127.0.0.1 (ports FIRST_PORT…) behind nginx (deploy/nginx.conf),
all against one PostgreSQL database (ATENSI_DB). Waits for each process's /_stcore/health, then starts nginx
unprivileged from a temporary prefix (its configuration, logs and temp files); Ctrl-C or SIGTERM stops everything.

Supervised as supervisord's `autorestart` and systemd's `Restart=on-failure` with `StartLimitBurst` do it: a process
that ends (a worker killed, nginx gone) is started again at once and the restart logged (stderr and serve.log in the
prefix, with the time and exit code), while the others keep serving; one that ends RESTART_BURST times within
RESTART_WINDOW_S is crash-looping: then everything stops (exit 1) instead of restarting for ever. Each process's pid
is in the prefix (worker-PORT.pid, nginx.pid).

    ATENSI_DB=postgresql://atensi@localhost/atensi python deploy/serve.py --workers 2 --port 8080
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HEALTH_TIMEOUT_S = 90
RESTART_BURST, RESTART_WINDOW_S = 5, 60.0  # as systemd's StartLimitBurst / StartLimitIntervalSec

sys.path.insert(0, str(ROOT))
from lib.config import max_upload_streamlit_mb  # noqa: E402
from lib.web import ANY, hosts, security_headers  # noqa: E402


def refusal(db: str, workers: int) -> str | None:
    """Why these settings cannot run (one Indonesian line), or None."""
    if workers > 1 and not db.startswith(("postgresql://", "postgres://")):
        return (
            f"WORKERS={workers} butuh ATENSI_DB=postgresql://…: berkas DuckDB ({db}) hanya boleh ditulis "
            "oleh satu proses; pakai WORKERS=1 atau PostgreSQL."
        )
    return None


def render(prefix: Path, listen: str, ports: list[int], max_mb: int) -> str:
    """deploy/nginx.conf with its placeholders filled in."""
    upstreams = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in ports)
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""  # nginx started as root runs its workers as nobody
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in {
        "@PREFIX@": str(prefix),
        "@LISTEN@": listen,
        "@UPSTREAMS@": upstreams,
        "@MAX_BODY_MB@": str(max_mb),
        "@USER@": user,
        "@SERVER_NAMES@": "_" if ANY in hosts() else " ".join(hosts()),  # ATENSI_HOSTS
        "@SECURITY_HEADERS@": "\n".join(
            f'        add_header {name} "{value}" always;' for name, value in security_headers().items()
        ),
    }.items():
        text = text.replace(key, value)
    return text


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def start_worker(port: int, prefix: Path, max_mb: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "serve_app.py",  # app.py, warmed up at start
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    env = {**os.environ, "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": str(max_mb)}
    with open(prefix / f"worker-{port}.log", "ab") as log:  # a file, not a pipe: a full pipe would stall it
        worker = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
    (prefix / f"worker-{port}.pid").write_text(f"{worker.pid}\n")
    return worker


def start_nginx(prefix: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", f"daemon off; pid {prefix}/nginx.pid;"],
        stdin=subprocess.DEVNULL,
    )


def say(prefix: Path, line: str) -> None:
    """A supervision line, to stderr and to serve.log in the prefix, with the time."""
    stamped = f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}"
    print(stamped, file=sys.stderr, flush=True)
    with open(prefix / "serve.log", "a", encoding="utf-8") as log:
        log.write(stamped + "\n")


class Supervisor:
    """The running processes by name ('port 8601', 'nginx'), each with how to start it again and when it last
    ended; `check()` restarts the ended ones, or says it is crash-looping."""

    def __init__(self, prefix: Path):
        self.prefix = prefix
        self.running: dict[str, subprocess.Popen] = {}
        self.starts: dict[str, Callable[[], subprocess.Popen]] = {}
        self.ended: dict[str, list[float]] = {}

    def add(self, name: str, start: Callable[[], subprocess.Popen]) -> subprocess.Popen:
        self.starts[name] = start
        self.running[name] = start()
        return self.running[name]

    def check(self) -> bool:
        """Restart every process that ended; False when one ended RESTART_BURST times within RESTART_WINDOW_S."""
        now = time.monotonic()
        for name, process in list(self.running.items()):
            if process.poll() is None:
                continue
            recent = [t for t in self.ended.get(name, []) if now - t < RESTART_WINDOW_S] + [now]
            self.ended[name] = recent
            if len(recent) >= RESTART_BURST:
                say(
                    self.prefix,
                    f"{name} berhenti {len(recent)} kali dalam {RESTART_WINDOW_S:.0f} detik (kode {process.returncode}); "
                    f"semua dihentikan. Log di {self.prefix}",
                )
                return False
            self.running[name] = self.starts[name]()
            say(
                self.prefix,
                f"{name} berhenti (kode {process.returncode}); dimulai ulang (pid {self.running[name].pid}), "
                "proses lain tetap melayani",
            )
        return True


def stop(processes: list[subprocess.Popen]) -> None:
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS") or 2))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8080), help="nginx's port")
    parser.add_argument("--first-port", type=int, default=int(os.environ.get("FIRST_PORT") or 8601))
    parser.add_argument("--prefix", type=Path, help="nginx's folder (default: a new temporary one)")
    args = parser.parse_args(argv)
    db = os.environ.get("ATENSI_DB") or str(ROOT / "data" / "atensi.duckdb")
    why = refusal(db, args.workers)
    if why:
        print(why, file=sys.stderr)
        return 2
    prefix = (args.prefix or Path(tempfile.mkdtemp(prefix="atensi-nginx-"))).resolve()
    prefix.mkdir(parents=True, exist_ok=True)
    prefix.chmod(0o755)  # nginx's workers (nobody, when started as root) write their temp files in it
    max_mb = max_upload_streamlit_mb()  # what `make run` gives Streamlit; nginx allows as much
    ports = [args.first_port + i for i in range(args.workers)]
    (prefix / "nginx.conf").write_text(render(prefix, f"127.0.0.1:{args.port}", ports, max_mb), encoding="utf-8")

    supervisor = Supervisor(prefix)
    stopping = False

    def _on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    try:
        workers = [supervisor.add(f"port {p}", lambda p=p: start_worker(p, prefix, max_mb)) for p in ports]
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        for port, worker in zip(ports, workers):
            while not healthy(f"http://127.0.0.1:{port}"):
                if stopping:
                    return 0
                if worker.poll() is not None or time.monotonic() > deadline:
                    print(
                        f"Proses Streamlit di port {port} tidak siap; lihat {prefix}/worker-{port}.log", file=sys.stderr
                    )
                    return 1
                time.sleep(0.2)  # poll interval of the health check
        supervisor.add("nginx", lambda: start_nginx(prefix))
        print(
            f"ATENSI: http://127.0.0.1:{args.port} (nginx, {args.workers} proses: {ports}; log di {prefix})", flush=True
        )
        while not stopping:
            if not supervisor.check():
                return 1
            time.sleep(0.5)  # supervision interval
        return 0
    finally:
        stop(list(supervisor.running.values())[::-1])  # nginx first, then the Streamlit processes


if __name__ == "__main__":
    sys.exit(main())
