"""deploy/serve.py (`make serve`): several processes need PostgreSQL, and the nginx template is filled in."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("serve", ROOT / "deploy" / "serve.py")
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)


def test_several_processes_on_a_duckdb_file_are_refused_in_one_indonesian_line():
    why = serve.refusal("data/atensi.duckdb", 2)
    assert why and "\n" not in why and "postgresql://" in why and "satu proses" in why
    assert serve.refusal("data/atensi.duckdb", 1) is None
    assert serve.refusal("postgresql://atensi@localhost/atensi", 4) is None


def test_make_serve_refuses_duckdb_with_two_workers(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("ATENSI_DB", str(tmp_path / "atensi.duckdb"))
    assert serve.main(["--workers", "2"]) == 2
    assert "butuh ATENSI_DB=postgresql://" in capsys.readouterr().err


def test_the_nginx_template_is_filled_in_with_ports_prefix_and_upload_limit(tmp_path):
    text = serve.render(tmp_path, "127.0.0.1:8080", [8601, 8602], 25)
    assert re.findall(r"@[A-Z_]+@", text) == []  # no placeholder left
    assert "server 127.0.0.1:8601" in text and "server 127.0.0.1:8602" in text
    assert "listen 127.0.0.1:8080;" in text and "client_max_body_size 25m;" in text
    assert f"access_log {tmp_path}/access.log" in text
    assert "hash $sticky_key consistent;" in text


def test_the_supervisor_restarts_a_process_that_ended_and_logs_it_but_stops_a_crash_loop(tmp_path):
    import subprocess
    import sys

    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        started.append(subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"]))
        return started[-1]

    supervisor = serve.Supervisor(tmp_path)
    supervisor.add("port 8601", start)
    outcomes = []
    while len(outcomes) < serve.RESTART_BURST:
        started[-1].wait(timeout=30)  # it ends by itself: an exit, as a crash would
        outcomes.append(supervisor.check())
    assert outcomes == [True] * (serve.RESTART_BURST - 1) + [False]  # restarted, until it counts as a crash loop
    assert len(started) == serve.RESTART_BURST
    log = (tmp_path / "serve.log").read_text(encoding="utf-8").splitlines()
    assert sum("port 8601 berhenti (kode 3); dimulai ulang" in line for line in log) == serve.RESTART_BURST - 1
    assert "semua dihentikan" in log[-1]
