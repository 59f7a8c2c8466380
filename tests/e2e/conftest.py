"""Browser tests: the dashboard served by `streamlit run serve_app.py` (app.py, warmed up at server start) in a
child process, driven by a real Chromium.

Chromium is the Debian one at /usr/bin/chromium when present (CI), else the one `playwright install chromium`
put in Playwright's cache (`make test` does that on a user's machine). Every test here is marked `e2e`.

ATENSI_E2E_APP names another script to serve instead of the repository's serve_app.py; it exists to check this
harness itself against a minimal app.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 720}  # what a Zoom screen share shows
STARTUP_TIMEOUT_S = 60
IDLE_TIMEOUT_MS = 60_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="session")
def app_script() -> Path:
    """The script the server runs: the repository's entry file (what every launcher runs) unless ATENSI_E2E_APP
    says otherwise."""
    return Path(os.environ.get("ATENSI_E2E_APP") or ROOT / "serve_app.py").resolve()


@contextlib.contextmanager
def serve(app_script: Path, tmp: Path, env: dict | None = None, args: tuple[str, ...] = (), port: int | None = None):
    """`streamlit run` serving app_script on a free port (or `port`) with its own empty database (plus `env`, e.g.
    ATENSI_BOUNDARIES, and Streamlit options `args`, e.g. --secrets.files); yields the base URL."""
    port = port or _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ATENSI_DB": str(tmp / "atensi.duckdb"), **(env or {})}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        app_script.name,
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
        *args,
    ]
    log_path = tmp / "streamlit.log"
    with open(log_path, "wb") as log:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(
            command,
            cwd=app_script.parent,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                reason = (
                    f"exited with code {process.returncode}"
                    if process.poll() is not None
                    else f"not healthy after {STARTUP_TIMEOUT_S} s"
                )
                pytest.fail(
                    f"`{' '.join(command)}` {reason}; its output:\n{log_path.read_text(errors='replace')}",
                    pytrace=False,
                )
            time.sleep(0.2)  # poll interval of the health check
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def server(app_script: Path, tmp_path_factory: pytest.TempPathFactory):
    """Base URL of the dashboard served for the whole session (its database: DATABASES[url])."""
    tmp = tmp_path_factory.mktemp("e2e-server")
    with serve(app_script, tmp) as url:
        DATABASES[url] = str(tmp / "atensi.duckdb")
        yield url


DATABASES: dict[str, str] = {}  # base URL -> the database file that server uses
ADMIN_LOGIN, ADMIN_PASSWORD = "admin@sentra.test", "sandi-admin-e2e-1"


def _sign_in(page: Page, login: str, password: str) -> None:
    """Sign in through the real form in the sidebar of the page open now; the session lives as long as the
    page is not reloaded (navigate with the sidebar's links afterwards, not page.goto)."""
    # not while a run is going on: the form can be redrawn empty under the typing and the click lost
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=IDLE_TIMEOUT_MS)
    if not page.get_by_label("Login atau e-mail").is_visible():  # the sidebar's expander, closed at first
        page.get_by_text("Masuk (operator, admin)").click()
    page.get_by_label("Login atau e-mail").fill(login)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()


@pytest.fixture
def sign_in():
    """`sign_in(page, login, password)`: through the sidebar's sign-in form (a fixture: conftest is not importable)."""
    return _sign_in


@pytest.fixture
def as_admin(wait_streamlit_idle):
    """`as_admin(page, url, db=None)`: make sure the server's database (default: the session server's) has the e2e
    admin, open `url`, sign in as it through the form."""

    def _as_admin(page: Page, url: str, db: str | None = None) -> None:
        from lib import accounts

        db = db or DATABASES["/".join(url.split("/", 3)[:3])]
        if accounts.get_user(ADMIN_LOGIN, db) is None:
            accounts.first_admin(ADMIN_LOGIN, ADMIN_PASSWORD, "Admin E2E", path=db)
        page.goto(url)
        # the page's first run finished: a form filled while it runs can be redrawn empty and its click lost
        wait_streamlit_idle(page, ready="[data-testid='stSidebar']")
        _sign_in(page, ADMIN_LOGIN, ADMIN_PASSWORD)
        expect(page.get_by_text("Masuk sebagai").first).to_be_visible(timeout=IDLE_TIMEOUT_MS)  # argon2, a rerun

    return _as_admin


@pytest.fixture
def new_server(app_script: Path, tmp_path: Path):
    """A server of its own, whose first request is the test's (e.g. a bookmarked page URL)."""
    with serve(app_script, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session."""
    options = {"headless": True, "args": CHROMIUM_ARGS}
    if SYSTEM_CHROMIUM.exists():
        options["executable_path"] = str(SYSTEM_CHROMIUM)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**options)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh page (own cookies and session) at 1280×720."""
    context = chromium.new_context(viewport=VIEWPORT, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(IDLE_TIMEOUT_MS)
    yield page
    context.close()


def _wait_streamlit_idle(page: Page, ready: str = "[data-testid='stMetric']") -> None:
    """Wait until the app has rendered (`ready` is visible) and its script run has finished."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=IDLE_TIMEOUT_MS)
    expect(page.locator(ready).first).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=IDLE_TIMEOUT_MS)


@pytest.fixture
def wait_streamlit_idle():
    """`wait_streamlit_idle(page, ready=selector)`: a fixture, because conftest modules are not importable by name."""
    return _wait_streamlit_idle
