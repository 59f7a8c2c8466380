"""Browser tests: the dashboard served by `streamlit run` in a child process, driven by a real Chromium.

Chromium is the Debian one at /usr/bin/chromium when present (CI), else the one `playwright install chromium`
put in Playwright's cache (`make test` does that on a user's machine). Every test here is marked `e2e`.

ATENSI_E2E_APP names another script to serve instead of the repository's app.py; it exists to check this
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
    """The script the server runs: the repository's app.py unless ATENSI_E2E_APP says otherwise."""
    return Path(os.environ.get("ATENSI_E2E_APP") or ROOT / "app.py").resolve()


@contextlib.contextmanager
def serve(app_script: Path, tmp: Path, env: dict | None = None):
    """`streamlit run` serving app_script on a free port with its own empty database (plus `env`, e.g.
    ATENSI_BOUNDARIES); yields the base URL."""
    port = _free_port()
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
    """Base URL of the dashboard served for the whole session."""
    with serve(app_script, tmp_path_factory.mktemp("e2e-server")) as url:
        yield url


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
