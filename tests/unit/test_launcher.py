"""`python -m lib jalankan`, the one launcher (`make run` calls it; a Windows user types it): it serves the dashboard
on 127.0.0.1 and stops with it, run here as CI runs it on Linux."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def test_python_m_lib_jalankan_serves_the_dashboard_and_stops_with_sigterm(tmp_path):
    port = _free_port()
    env = {**os.environ, "ATENSI_DB": str(tmp_path / "atensi.duckdb"), "ATENSI_SAMPLE": "0"}
    with open(tmp_path / "jalankan.log", "wb") as log:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "lib", "jalankan", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _health(port):
            assert launcher.poll() is None, (tmp_path / "jalankan.log").read_text()
            assert time.monotonic() < deadline, "the dashboard did not start"
            time.sleep(0.2)  # poll interval of the health check
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200 and b"<html" in response.read().lower()
        said = (tmp_path / "jalankan.log").read_text()
        assert f"http://127.0.0.1:{port} (hanya komputer ini)" in said
    finally:
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=60)
    deadline = time.monotonic() + 30
    while _health(port):  # the server itself stopped with the launcher
        assert time.monotonic() < deadline, "the server outlived its launcher"
        time.sleep(0.2)
