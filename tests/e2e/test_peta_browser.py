"""The map as the centre head shares it on Zoom (1280×720, Chromium): the whole coverage, a province view, and a
district clicked on the map. Screenshots go to tests/e2e/screenshots/ (look at them)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib import geo
from lib.config import load_config
from lib.render import maps
from tests.e2e.conftest import IDLE_TIMEOUT_MS
from tests.unit.test_geo import SHARED, voronoi_districts, write_geojson

SCREENSHOTS = Path(__file__).parent / "screenshots"
MAP = "[data-testid='stDeckGlJsonChart']"
PROVINCE = "81"  # a province code of the configuration (the far-away islands)
DISTRICT = "81.06"  # a district of it, large enough to click


@pytest.fixture(scope="session")
def boundaries(tmp_path_factory) -> Path:
    """The shared boundary file where present, else one built here (a fresh clone has no ../shared)."""
    if SHARED.exists():
        return SHARED
    return write_geojson(voronoi_districts(load_config()), tmp_path_factory.mktemp("batas") / "batas.geojson")


@pytest.fixture(scope="session")
def peta_server(app_script, tmp_path_factory, boundaries):
    from tests.e2e.conftest import serve

    with serve(app_script, tmp_path_factory.mktemp("e2e-peta"), {"ATENSI_BOUNDARIES": str(boundaries)}) as url:
        yield url


def open_map(page, url: str, wait) -> None:
    page.goto(url)
    wait(page, ready=f"{MAP} canvas")
    expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible(
        timeout=IDLE_TIMEOUT_MS
    )  # a cold server
    expect(page.get_by_test_id("stException")).to_have_count(0)


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name)


def test_whole_coverage_fits_with_legend_and_ranked_bars(peta_server, browser_page, wait_streamlit_idle):
    page = browser_page
    open_map(page, f"{peta_server}/peta", wait_streamlit_idle)
    cfg = load_config()
    for name in dict.fromkeys(cfg.wilayah["provinsi"]):  # one view button per configured province
        expect(page.get_by_role("radio", name=name, exact=True)).to_be_visible()
    expect(page.get_by_text("tidak ada data").first).to_be_visible()
    expect(page.get_by_text(cfg.sentra["nama"]).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d{1,3}\.\d{3} – \d{1,3}\.\d{3}")).first).to_be_visible()  # 1.792 – 4.235
    box = page.locator(MAP).bounding_box()
    assert box["y"] + box["height"] <= 720 + 5  # the map fits the shared screen
    shot(page, "peta_semua.png")


def test_province_button_frames_it(peta_server, browser_page, wait_streamlit_idle):
    page = browser_page
    open_map(page, f"{peta_server}/peta", wait_streamlit_idle)
    name = load_config().wilayah.query("kode_provinsi == @PROVINCE")["provinsi"].iloc[0]
    page.get_by_role("radio", name=name, exact=True).click()
    expect(page).to_have_url(re.compile(rf"peta_fokus={PROVINCE}"))
    wait_streamlit_idle(page, ready=f"{MAP} canvas")
    shot(page, "peta_provinsi.png")


def _pixel(view, lon: float, lat: float) -> tuple[float, float]:
    """Offset in CSS pixels from the map's centre of a point, in deck.gl's Web Mercator (512 px world at zoom 0)."""
    scale = 512 * 2**view.zoom

    def merc(lo, la):
        return (lo + 180) / 360, (1 - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / math.pi) / 2

    x0, y0 = merc(view.longitude, view.latitude)
    x, y = merc(lon, lat)
    return (x - x0) * scale, (y - y0) * scale


def test_clicking_a_district_selects_it_and_shows_its_figures(
    peta_server, browser_page, wait_streamlit_idle, boundaries
):
    page = browser_page
    open_map(page, f"{peta_server}/peta?peta_fokus={PROVINCE}", wait_streamlit_idle)
    cfg = load_config()
    view = maps.fit_view(maps.focus_bounds(cfg, geo.load_for_map(cfg, boundaries), PROVINCE))
    dx, dy = _pixel(view, float(cfg.wilayah.at[DISTRICT, "titik_lon"]), float(cfg.wilayah.at[DISTRICT, "titik_lat"]))
    box = page.locator(f"{MAP} canvas").first.bounding_box()
    x, y = box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy
    page.mouse.move(x, y)  # the tooltip shows when the map is ready to be picked
    expect(page.locator(".deck-tooltip")).to_contain_text(cfg.nama_wilayah(DISTRICT))
    selected = re.compile(rf"peta_wilayah={re.escape(DISTRICT)}")
    for _ in range(5):  # deck.gl ignores a click in its first seconds although hovering works: click until picked
        page.mouse.click(x, y)
        try:
            expect(page).to_have_url(selected, timeout=5_000)
            break
        except AssertionError:
            continue
    expect(page).to_have_url(selected)
    expect(
        page.get_by_test_id("stVerticalBlockBorderWrapper")
        .get_by_text(cfg.nama_wilayah(DISTRICT))
        .or_(page.get_by_text(cfg.nama_wilayah(DISTRICT), exact=True))
        .first
    ).to_be_visible()
    expect(page.get_by_test_id("stTable")).to_contain_text("Peringkat")
    expect(page.get_by_text(f"Profil {cfg.wilayah.at[DISTRICT, 'nama_pendek']}")).to_be_visible()
    wait_streamlit_idle(page, ready=f"{MAP} canvas")
    shot(page, "peta_klik.png")
