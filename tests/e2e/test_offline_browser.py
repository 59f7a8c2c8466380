"""No outside request: every screen and every configured presentation slide, opened in Chromium, asks only the
dashboard's own server (127.0.0.1/localhost) for anything. One server, one browser context, every request recorded.

Outside requests are recorded and then aborted, so the test does not depend on the network (and leaks nothing).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from lib.config import load_config
from lib.present import palette, slides
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
    "mutu": "h1",
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


@pytest.fixture(scope="module")
def bare_server(app_script, tmp_path_factory):
    """The dashboard as installed: no boundary file (points on the shipped base map), no basemap setting."""
    from tests.e2e.conftest import serve

    with serve(app_script, tmp_path_factory.mktemp("e2e-basemap"), {}) as url:
        yield url


def _share_of(png: bytes, color: str, tolerance: int = 6) -> float:
    """The share of a picture's pixels within `tolerance` of `color` on each channel."""
    import io

    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    near = (np.abs(pixels - np.array(palette.rgb(color))) <= tolerance).all(axis=2)
    return float(near.mean())


def test_the_map_and_its_slide_draw_the_shipped_base_map_and_ask_nothing_outside(bare_server, chromium):
    outside: list[str] = []
    context = chromium.new_context(viewport=VIEWPORT, locale="id-ID")
    context.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).hostname not in LOCAL_HOSTS else None)
    context.route(
        lambda url: urlsplit(url).hostname not in LOCAL_HOSTS and urlsplit(url).scheme.startswith("http"),
        lambda route: route.abort(),
    )
    deck = slides.slide_sequence(load_config(CONFIG_MAIN))
    map_slide = next(n for n, s in enumerate(deck, start=1) if s.kind == "peta")
    shares = {}
    try:
        page = context.new_page()
        page.set_default_timeout(IDLE_TIMEOUT_MS)
        for name, url in {
            "peta": f"{bare_server}/peta",
            "slide": f"{bare_server}/?mode=presentasi&slide={map_slide}",
        }.items():
            _visit(page, url, MAP)
            page.mouse.move(0, 0)  # no tooltip over the map
            png = page.locator(MAP).first.screenshot()
            shares[name] = (_share_of(png, palette.SEA), _share_of(png, palette.LAND))
    finally:
        context.close()
    assert not outside, "requests outside the server:\n" + "\n".join(sorted(set(outside)))
    for name, (sea, land) in shares.items():  # Sulawesi, Buton and the Maluku islands in their sea
        assert sea > 0.25, f"{name}: {sea:.0%} of the map is sea"
        assert land > 0.05, f"{name}: {land:.0%} of the map is land"
