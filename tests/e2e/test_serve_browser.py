"""Several processes behind nginx (`make serve`, deploy/serve.py) against one PostgreSQL database: a browser stays on
the process that holds its session, an import through one process shows in a session held by the other on its next
rerun, nginx compresses Streamlit's hashed files and lets browsers cache them for a year, and a worker killed with
SIGKILL is back within 10 s while the other keeps serving its session and nginx never stops."""

from __future__ import annotations

import gzip
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import expect

from lib import accounts, fmt, sample
from lib.config import load_config
from lib.store import postgres_backend
from tests.e2e.conftest import IDLE_TIMEOUT_MS, _healthy, _sign_in

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "data" / "konfigurasi.toml"
STARTUP_TIMEOUT_S = 120
RESTART_LIMIT_S = 10  # a killed worker serves again within this
LOG_TIMEOUT_S = 15
ADDED = 1_000  # what the upload adds to one district's PAS terdata
ADMIN, OPERATOR, PASSWORD = "admin@sentra.test", "op.deploy", "sandi-deploy-uji-1"


@dataclass
class Deployment:
    url: str  # nginx
    workers: list[str]  # each Streamlit process, directly
    prefix: Path  # nginx's folder: its access log names the upstream of every request
    db: str
    output: Path  # what deploy/serve.py printed

    def pid(self, name: str) -> int:
        """The pid of `nginx` or of `worker-PORT`, from the file deploy/serve.py keeps in the prefix."""
        return int((self.prefix / f"{name}.pid").read_text().split()[0])

    def log(self) -> list[str]:
        path = self.prefix / "access.log"
        return path.read_text().splitlines() if path.exists() else []

    def upstreams(self, sticky: str, wanted: str = "", count: int = 1) -> set[str]:
        """The upstreams (host:port) of the logged requests of the browser whose cookie is `sticky`; waits (up to
        LOG_TIMEOUT_S) until `count` requests containing `wanted` are logged (a websocket is logged when it closes)."""
        deadline = time.monotonic() + LOG_TIMEOUT_S
        while True:
            lines = [line for line in self.log() if f"sticky={sticky} " in line]
            if sum(wanted in line for line in lines) >= count or time.monotonic() > deadline:
                return {re.search(r"upstream=(\S+)", line).group(1) for line in lines}
            time.sleep(0.1)  # poll interval of the log


def _free_ports(n: int) -> int:
    """The first of n consecutive free ports."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = s.getsockname()[1]
        try:
            for p in range(first, first + n):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", p))
            return first
        except OSError:
            continue
    raise RuntimeError("no consecutive free ports")


@pytest.fixture(scope="module")
def deployment(pg_cluster, tmp_path_factory):
    """deploy/serve.py with two Streamlit processes and nginx, on a seeded PostgreSQL database."""
    db = pg_cluster.database()
    sample.seed(db, load_config(CONFIG))
    accounts.first_admin(ADMIN, PASSWORD, "Admin Uji", path=db)
    postgres_backend.close(db)
    tmp = tmp_path_factory.mktemp("serve")
    port, first = _free_ports(1), _free_ports(2)
    env = {**os.environ, "ATENSI_DB": db, "ATENSI_CONFIG": str(CONFIG)}
    with open(tmp / "serve.log", "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "deploy/serve.py",
                "--workers",
                "2",
                "--port",
                str(port),
                "--first-port",
                str(first),
                "--prefix",
                str(tmp / "nginx"),
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"deploy/serve.py did not start:\n{(tmp / 'serve.log').read_text()}", pytrace=False)
            time.sleep(0.2)  # poll interval of the health check
        workers = [f"http://127.0.0.1:{first + i}" for i in range(2)]
        yield Deployment(url, workers, tmp / "nginx", db, tmp / "serve.log")
    finally:
        process.terminate()  # serve.py stops nginx and its processes (killing any that do not end in 10 s)
        process.wait(timeout=60)
        pg_cluster.drop(db)


def _sticky(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "atensi_sticky")


def _kpi_value(page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).first.get_by_test_id("stMetricValue")


def _latest_pas_row(db: str) -> tuple:
    with psycopg.connect(db) as con:
        return con.execute(
            "SELECT periode, kode_wilayah, kategori_pas, terdata, dilayani FROM kini_pas "
            "WHERE terdata IS NOT NULL ORDER BY periode DESC, kode_wilayah, kategori_pas "
            "LIMIT 1"
        ).fetchone()


def test_a_browser_session_stays_on_one_process_across_reruns_and_a_reload(deployment, chromium, wait_streamlit_idle):
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="id-ID")
    page = context.new_page()
    page.goto(deployment.url)
    wait_streamlit_idle(page)
    value = _kpi_value(page, "PAS terdata")
    before = value.inner_text()
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.keyboard.type("Maret 2025")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"periode=2025-03"))  # a rerun, on the session's process
    expect(value).not_to_have_text(before)
    page.reload()  # a new websocket: the session's cookie brings it back to the same process
    wait_streamlit_idle(page)
    sticky = _sticky(context)
    context.close()
    upstreams = deployment.upstreams(sticky, wanted="/_stcore/stream", count=2)
    lines = [line for line in deployment.log() if f"sticky={sticky} " in line]
    assert sum("/_stcore/stream" in line for line in lines) == 2  # both websockets, logged once closed
    assert any("GET /static/" in line for line in lines)
    assert len(upstreams) == 1 and upstreams <= {w.removeprefix("http://") for w in deployment.workers}


def test_an_import_through_one_process_shows_in_a_session_held_by_the_other(deployment, chromium, wait_streamlit_idle):
    periode, kode, kategori, terdata, dilayani = _latest_pas_row(deployment.db)
    viewer = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="id-ID")
    page = viewer.new_page()
    page.goto(f"{deployment.url}/?periode={periode}")
    wait_streamlit_idle(page)
    value = _kpi_value(page, "PAS terdata")
    before = int(value.inner_text().replace(".", ""))
    (held_by,) = deployment.upstreams(_sticky(viewer), wanted="GET /")
    other = next(w for w in deployment.workers if not w.endswith(held_by))

    # the upload page of the other process, directly on its port, signed in as that district's operator
    admin = accounts.sign_in(ADMIN, PASSWORD, path=deployment.db)
    if accounts.get_user(OPERATOR, deployment.db) is None:
        accounts.add_user(admin, OPERATOR, "operator", [kode], "Uji Deploy", PASSWORD, path=deployment.db)
    uploader = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    up = uploader.new_page()
    up.goto(f"{other}/unggah")
    wait_streamlit_idle(up, ready="[data-testid='stSidebar']")
    _sign_in(up, OPERATOR, PASSWORD)
    wait_streamlit_idle(up, ready="[data-testid='stFileUploader']")
    csv = (
        "periode,kode_wilayah,kategori_pas,terdata,dilayani\n"
        f"{periode},{kode},{kategori},{terdata + ADDED},{dilayani}\n"
    ).encode()
    up.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(
        files=[{"name": "tambah.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    up.get_by_role("button", name="Simpan ke database").click()
    expect(up.get_by_text(re.compile(r"'tambah\.csv' tersimpan sebagai batch"))).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    uploader.close()

    # the viewer's next rerun (another screen, then Ringkasan again) on its own process shows the new figure
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Riwayat Data").click()
    expect(page.get_by_role("combobox", name="Batch")).to_have_value(
        re.compile(re.escape(OPERATOR))
    )  # the newest batch
    sidebar.get_by_text("Ringkasan").click()
    expect(_kpi_value(page, "PAS terdata")).to_have_text(fmt.angka(before + ADDED))
    sticky = _sticky(viewer)
    viewer.close()
    assert deployment.upstreams(sticky, wanted="/_stcore/stream") == {held_by}


def test_nginx_gzips_a_hashed_static_file_and_marks_it_immutable(deployment):
    with urllib.request.urlopen(deployment.url, timeout=10) as response:
        index = response.read().decode()
    script = re.search(r'src="\.?/?(static/js/index\.[\w-]+\.js)"', index).group(1)
    request = urllib.request.Request(f"{deployment.url}/{script}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert b"function" in gzip.decompress(response.read())
    with urllib.request.urlopen(deployment.url, timeout=10) as response:  # the page itself is never cached
        assert "immutable" not in (response.headers["Cache-Control"] or "")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def test_a_killed_worker_is_restarted_within_10_s_while_the_other_keeps_its_session_and_nginx_stays_up(
    deployment, chromium, wait_streamlit_idle
):
    nginx = deployment.pid("nginx")
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="id-ID")
    page = context.new_page()
    page.goto(deployment.url)
    wait_streamlit_idle(page)
    (held_by,) = deployment.upstreams(_sticky(context), wanted="GET /")
    other = next(w for w in deployment.workers if not w.endswith(held_by))
    port = other.rsplit(":", 1)[1]
    victim = deployment.pid(f"worker-{port}")

    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    # the session on the other process keeps working meanwhile: a rerun with another month shows other figures
    value = _kpi_value(page, "PAS terdata")
    before = value.inner_text()
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.keyboard.type("Maret 2025")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"periode=2025-03"))
    expect(value).not_to_have_text(before)

    while not (_healthy(other) and deployment.pid(f"worker-{port}") != victim):
        assert time.monotonic() - killed_at < RESTART_LIMIT_S, "the killed worker is not back within 10 s"
        time.sleep(0.1)  # poll interval of the health check
    assert deployment.pid("nginx") == nginx and _alive(nginx)  # nginx never stopped
    assert _healthy(deployment.url)
    restarted = [line for line in deployment.output.read_text().splitlines() if "dimulai ulang" in line]
    assert len(restarted) == 1 and f"port {port} berhenti (kode -9)" in restarted[0]
    assert restarted == [
        line for line in (deployment.prefix / "serve.log").read_text().splitlines() if "dimulai ulang" in line
    ]
    context.close()
