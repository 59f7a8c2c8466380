"""PostgreSQL stops while a session is open, then comes back: the page says it waits (in Bahasa Indonesia, no
traceback, no English, no server address), keeps the last good figures, and shows the normal page again by itself
once the server answers; the command line waits up to 30 s for it and says so. A cluster of the test's own (the
session's shared one keeps serving the other tests)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from lib import sample
from lib.store import postgres_backend
from lib.ui.wait import DOWN_TEXT, LAST_GOOD_TEXT
from tests.app.helpers import ROOT, app, shown_metrics
from tests.conftest import CONFIG_MAIN
from tests.postgres_cluster import Cluster

ENGLISH = ("error", "Error", "Traceback", "psycopg", "connection", "This app")


@pytest.fixture
def own_server(monkeypatch) -> Iterator[tuple[Cluster, str]]:
    """A cluster of this test alone, with a seeded database set as ATENSI_DB; the cluster and the URL."""
    cluster = Cluster()
    url = cluster.database()
    sample.seed(url)
    monkeypatch.setenv("ATENSI_DB", url)
    monkeypatch.setenv("ATENSI_CONFIG", str(CONFIG_MAIN))
    yield cluster, url
    postgres_backend.close(url)
    cluster.stop()


def _texts(at) -> str:
    kinds = (at.warning, at.error, at.info, at.success, at.markdown, at.caption, at.title, at.exception)
    return "\n".join(str(e.value) for kind in kinds for e in kind)


def test_an_open_session_waits_while_postgresql_is_stopped_then_shows_the_figures_again(own_server):
    cluster, url = own_server
    at = app().run()
    before = shown_metrics(at)
    assert before["PAS terdata"] and not at.warning and not at.exception

    cluster.pause()
    try:
        at.run()
        assert not at.exception and not at.error, _texts(at)
        assert [w.value for w in at.warning] == [DOWN_TEXT + LAST_GOOD_TEXT]
        assert shown_metrics(at) == before
        shown = _texts(at)
        assert cluster.folder.name not in shown and not [w for w in ENGLISH if w in shown]
    finally:
        cluster.resume()

    at.run()  # what the page's retry does once the server answers: the whole app again
    assert not at.exception and not at.warning, _texts(at)
    assert shown_metrics(at) == before


def test_the_command_line_says_it_waits_for_the_server_and_goes_on_when_it_is_back(own_server):
    cluster, url = own_server
    env = {"ATENSI_DB": url, "PATH": "/usr/bin:/bin", "ATENSI_CONTOH_HARI_INI": "2026-01-15"}
    cluster.pause()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "lib", "history"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        first_line = proc.stderr.readline()  # blocks until the command says it waits
        assert "Menunggu server database" in first_line and "30 detik" in first_line
    finally:
        cluster.resume()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "#7" in out and "Traceback" not in err


def test_the_command_line_gives_up_after_30_s_with_exit_2_and_no_traceback(own_server):
    cluster, url = own_server
    env = {"ATENSI_DB": url, "PATH": "/usr/bin:/bin", "ATENSI_CONTOH_HARI_INI": "2026-01-15"}
    cluster.pause()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "lib", "export", "pas"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
        )
    finally:
        cluster.resume()
    assert done.returncode == 2 and done.stdout == ""
    assert "Server database tidak menjawab" in done.stderr and "30 detik" in done.stderr
    assert "Traceback" not in done.stderr
