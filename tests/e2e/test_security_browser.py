"""The server as an attacker meets it, through `make run` and through `make serve` (deploy/serve.py: nginx and two
processes on PostgreSQL): only ATENSI_HOSTS' names are served (a websocket with a rebound Host or a foreign Origin
is refused), every response carries the security headers and nginx names neither its version nor the process, no
screen or slide breaks the Content-Security-Policy, and guesses from one client address never keep the admin out
at another (a second loopback address, 127.0.0.2, reaches nginx through a forwarder in the test)."""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from lib import accounts
from lib.config import load_config
from lib.present import slides
from lib.web import security_headers
from tests.conftest import CONFIG_MAIN
from tests.e2e.conftest import IDLE_TIMEOUT_MS, VIEWPORT, _free_port, _healthy, _sign_in
from tests.e2e.test_offline_browser import MAP, NAV, SCREENS, _visit
from tests.e2e.test_serve_browser import ADMIN, PASSWORD, deployment  # noqa: F401  (the fixture, used below)

ROOT = Path(__file__).resolve().parents[2]
FOREIGN = "rebind.example"
STARTUP_TIMEOUT_S = 90
ATTACKER = "127.0.0.2"  # another address of this machine: nginx sees it as the client's


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    """`make run` itself (its own port and database): what a presenter starts on the laptop."""
    tmp = tmp_path_factory.mktemp("make-run")
    port = _free_port()
    env = {**os.environ, "STREAMLIT_SERVER_PORT": str(port), "ATENSI_DB": str(tmp / "atensi.duckdb")}
    env.pop("ATENSI_HOSTS", None)
    with open(tmp / "make-run.log", "wb") as log:
        process = subprocess.Popen(
            # the recipe of `make run` as it is, with this interpreter's environment and nothing installed first
            ["make", "--no-print-directory", "-o", ".venv/.installed", f"BIN={Path(sys.executable).parent}", "run"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: make and the server it starts are stopped together
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"make run did not start:\n{(tmp / 'make-run.log').read_text()}", pytrace=False)
            time.sleep(0.2)  # poll interval of the health check
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _request(url: str, path: str = "/", host: str | None = None, origin: str | None = None, upgrade: bool = False):
    """One request with the Host and Origin given (a websocket handshake when `upgrade`): status and headers."""
    parts = urlsplit(url)
    con = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    try:
        con.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        con.putheader("Host", host or parts.netloc)
        if origin:
            con.putheader("Origin", origin)
        if upgrade:
            con.putheader("Upgrade", "websocket")
            con.putheader("Connection", "Upgrade")
            con.putheader("Sec-WebSocket-Key", base64.b64encode(os.urandom(16)).decode())
            con.putheader("Sec-WebSocket-Version", "13")
            con.putheader("Sec-WebSocket-Protocol", "streamlit")
        con.endheaders()
        response = con.getresponse()
        return response.status, response.headers
    finally:
        con.close()


def _stream(url: str, host: str | None = None, origin: str | None = None) -> int:
    return _request(url, "/_stcore/stream", host, origin, upgrade=True)[0]


@pytest.mark.parametrize("server", ["make_run", "deployment"])
def test_a_websocket_with_a_foreign_host_or_origin_is_refused(server, request):
    url = request.getfixturevalue(server)
    url = url if isinstance(url, str) else url.url
    port = urlsplit(url).port
    assert _stream(url, origin=url) == 101  # the dashboard's own page: accepted
    assert _stream(url, host=f"localhost:{port}", origin=f"http://localhost:{port}") == 101
    assert _stream(url, host=f"{FOREIGN}:{port}", origin=f"http://{FOREIGN}:{port}") != 101  # a rebound name
    assert _stream(url, host=f"{FOREIGN}:{port}") != 101
    assert _stream(url, origin=f"http://{FOREIGN}") != 101  # another site's page, to this address
    assert _request(url, host=FOREIGN)[0] in (403, 421)  # the page itself neither


@pytest.mark.parametrize("server", ["make_run", "deployment"])
def test_every_response_carries_the_security_headers(server, request):
    url = request.getfixturevalue(server)
    url = url if isinstance(url, str) else url.url
    for path in ("/", "/_stcore/health", "/favicon.png"):
        status, headers = _request(url, path)
        assert status == 200, path
        for name, value in security_headers().items():
            assert headers.get_all(name) == [value], (path, name)
        assert "X-Upstream" not in headers
        assert headers.get("Server") in (None, "nginx", "uvicorn"), headers.get("Server")  # no version
    policy = security_headers()["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert "'unsafe-eval'" not in policy and "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy


CSP_EVENTS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def test_no_screen_and_no_slide_breaks_the_content_security_policy_through_nginx(deployment, chromium):  # noqa: F811
    context = chromium.new_context(viewport=VIEWPORT, locale="id-ID")
    context.add_init_script(CSP_EVENTS)
    console: list[str] = []
    seen: list[str] = []
    try:
        page = context.new_page()
        page.set_default_timeout(IDLE_TIMEOUT_MS)
        page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)

        def record(where: str) -> None:
            for frame in page.frames:
                with contextlib.suppress(Exception):  # a frame gone while asked
                    seen.extend(f"{where}: {v}" for v in frame.evaluate("window.__csp || []"))

        response = page.goto(deployment.url)  # the headers as the browser received them
        assert response is not None
        for name, value in security_headers().items():
            assert response.headers[name.lower()] == value
        assert "x-upstream" not in response.headers and response.headers.get("server", "nginx") == "nginx"
        visited = []
        for path, ready in SCREENS.items():
            _visit(page, f"{deployment.url}/{path}", ready)
            record(f"/{path}")
            visited.append(path)
        deck = slides.slide_sequence(load_config(CONFIG_MAIN))
        for n, slide in enumerate(deck, start=1):
            _visit(page, f"{deployment.url}/?mode=presentasi&slide={n}", MAP if slide.kind == "peta" else NAV)
            record(f"slide {n}")
        _visit(page, deployment.url, SCREENS[""])
        _sign_in(page, ADMIN, PASSWORD)
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Pengguna").click()
        expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=IDLE_TIMEOUT_MS)
        record("/pengguna")
        assert not seen and not console, "\n".join(seen + console)
        # the listener hears a violation: a request elsewhere, which the policy blocks
        page.evaluate(f"fetch('http://{FOREIGN}/x').catch(() => null)")
        page.wait_for_function("window.__csp.some(v => v.startsWith('connect-src'))")
    finally:
        context.close()
    assert len(visited) == len(SCREENS)


@contextlib.contextmanager
def forwarder(target: str, source: str):
    """A TCP forwarder on 127.0.0.1 that connects to `target` from the address `source`: what nginx sees of a
    browser elsewhere. Yields its URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    host, target_port = urlsplit(target).hostname, urlsplit(target).port
    stopping = threading.Event()

    def pump(a: socket.socket, b: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := a.recv(65536):
                b.sendall(data)
        for s in (a, b):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def accept() -> None:
        while not stopping.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection((host, target_port), source_address=(source, 0))
            except OSError:  # the deployment is stopping
                client.close()
                continue
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=pump, args=(a, b), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stopping.set()
        listener.close()


def _sign_ins(db: str) -> int:
    log = accounts.audit_log(path=db)
    return int((log["aksi"] == "masuk").sum())


def _attempt(page, db: str, password: str, words: str) -> None:
    """One sign-in through the page's form; waits until the server has recorded it, then for its words."""
    before = _sign_ins(db)
    _sign_in(page, ADMIN, password)
    deadline = time.monotonic() + IDLE_TIMEOUT_MS / 1000
    while _sign_ins(db) == before:
        assert time.monotonic() < deadline, "the attempt was never recorded"
        time.sleep(0.1)  # poll interval of the audit trail
    expect(page.get_by_text(words).first).to_be_visible(timeout=IDLE_TIMEOUT_MS)


def test_the_admin_signs_in_from_one_address_while_another_keeps_guessing(deployment, chromium):  # noqa: F811
    db = deployment.db
    with forwarder(deployment.url, ATTACKER) as elsewhere:
        attacker = chromium.new_context(viewport=VIEWPORT, locale="id-ID").new_page()
        attacker.set_default_timeout(IDLE_TIMEOUT_MS)
        _visit(attacker, elsewhere, SCREENS[""])
        for n in range(accounts.LOCK_AFTER + 3):
            words = "Login atau kata sandi salah" if n < accounts.LOCK_AFTER else "Terlalu banyak percobaan"
            _attempt(attacker, db, f"tebakan-ke-{n}", words)
        _attempt(attacker, db, PASSWORD, "Terlalu banyak percobaan")  # even the right password, from there

        admin = chromium.new_context(viewport=VIEWPORT, locale="id-ID").new_page()
        admin.set_default_timeout(IDLE_TIMEOUT_MS)
        _visit(admin, deployment.url, SCREENS[""])
        _attempt(admin, db, PASSWORD, "Masuk sebagai")

        _attempt(attacker, db, "tebakan-lagi", "Terlalu banyak percobaan")  # the guessing goes on, unchecked
        expect(attacker.get_by_text("Masuk sebagai")).to_have_count(0)
        attacker.context.close()
        admin.context.close()
    sign_ins = accounts.audit_log(path=db).query("aksi == 'masuk'")
    refused = sign_ins.loc[sign_ins["hasil"] == "ditolak", "rincian"].tolist()
    assert len(refused) == 5 and all(f"dari alamat {ATTACKER}" in r for r in refused)
    success = sign_ins[sign_ins["hasil"] == "berhasil"].iloc[0]
    assert success["login"] == ADMIN and "dari alamat 127.0.0.1" in success["rincian"]
