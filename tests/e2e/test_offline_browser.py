"""No outside request: every screen and every configured presentation slide, opened in Chromium, asks only the
dashboard's own server (127.0.0.1/localhost) for anything. One server, one browser context, every request recorded.

Outside requests are recorded and then aborted, so the test does not depend on the network (and leaks nothing).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from lib.config import load_config
from lib.present import slides
from tests.conftest import CONFIG_MAIN
from tests.e2e.conftest import IDLE_TIMEOUT_MS, VIEWPORT
from tests.unit.test_geo import SHARED, voronoi_districts, write_geojson

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# The screens registered in app.py (url paths) and what shows that each has rendered.
MAP = "[data-testid='stDeckGlJsonChart'] canvas"
SCREENS = {
    "": "[data-testid='stMetric']",
    "peta": MAP,
    "klaster": "h1",
    "bandingkan": "h1",
    "profil": "h1",
    "program": "h1",
    "ska": "h1",
    "tindak-lanjut": "h1",
    "unggah": "h1",
    "riwayat": "h1",
}
NAV = "text=/Slide \\d+ dari \\d+/"


@pytest.fixture(scope="module")
def offline_server(app_script, tmp_path_factory):
    """The dashboard with district polygons (the map draws its polygon layer, as in a real deployment)."""
    from tests.e2e.conftest import serve

    tmp = tmp_path_factory.mktemp("e2e-offline")
    batas = (
        SHARED if SHARED.exists() else write_geojson(voronoi_districts(load_config(CONFIG_MAIN)), tmp / "batas.geojson")
    )
    with serve(app_script, tmp, {"ATENSI_BOUNDARIES": str(batas), "ATENSI_BASEMAP": "0"}) as url:
        yield url


def _visit(page, url: str, ready: str) -> None:
    page.goto(url)
    expect(page.locator(ready).first).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=IDLE_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")  # late requests (a map style, tiles, fonts) have been made
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_no_screen_and_no_slide_requests_anything_outside_the_server(offline_server, chromium):
    outside: list[str] = []
    context = chromium.new_context(viewport=VIEWPORT, locale="id-ID")
    context.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urlsplit(r.url).hostname not in LOCAL_HOSTS and urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
            else None
        ),
    )
    context.route(
        lambda url: urlsplit(url).hostname not in LOCAL_HOSTS and urlsplit(url).scheme.startswith("http"),
        lambda route: route.abort(),
    )
    try:
        page = context.new_page()
        page.set_default_timeout(IDLE_TIMEOUT_MS)
        visited = []
        for path, ready in SCREENS.items():
            _visit(page, f"{offline_server}/{path}", ready)
            visited.append(f"/{path}")
        deck = slides.slide_sequence(load_config(CONFIG_MAIN))
        for n, slide in enumerate(deck, start=1):
            _visit(page, f"{offline_server}/?mode=presentasi&slide={n}", MAP if slide.kind == "peta" else NAV)
            visited.append(f"slide {n}")
    finally:
        context.close()
    assert len(visited) == len(SCREENS) + len(deck)
    assert not outside, "requests outside the server:\n" + "\n".join(sorted(set(outside)))
