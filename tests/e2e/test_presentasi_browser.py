"""Presentation mode as the centre head shares it on Zoom (Chromium, 1280×720): the title slide, the map slide and
a klaster slide fit the screen with no scrolling and no Streamlit chrome, the type is at least 1,3× the pages', the
buttons move through the deck; and the district brief downloaded from the profile page, its first page rendered to
PNG. Screenshots go to tests/e2e/screenshots/ (look at them)."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
from playwright.sync_api import expect

from lib.config import load_config
from lib.present import slides
from tests.conftest import CONFIG_MAIN
from tests.unit.test_geo import SHARED, voronoi_districts, write_geojson

SCREENSHOTS = Path(__file__).parent / "screenshots"
NAV = "text=/Slide \\d+ dari \\d+/"


@pytest.fixture(scope="session")
def rapat_server(app_script, tmp_path_factory):
    """The dashboard with district polygons (the shared file where present, else Voronoi cells built here)."""
    from tests.e2e.conftest import serve

    cfg = load_config(CONFIG_MAIN)
    batas = (
        SHARED
        if SHARED.exists()
        else write_geojson(voronoi_districts(cfg), tmp_path_factory.mktemp("batas") / "batas.geojson")
    )
    with serve(app_script, tmp_path_factory.mktemp("e2e-rapat"), {"ATENSI_BOUNDARIES": str(batas)}) as url:
        yield url


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name)


def _fits_without_scrolling(page) -> None:
    sizes = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMain], .stApp, html')]
        .map(e => [e.scrollHeight, e.clientHeight, e.scrollWidth, e.clientWidth])""")
    for scroll_h, client_h, scroll_w, client_w in sizes:
        assert scroll_h <= client_h + 1 and scroll_w <= client_w + 1, sizes
    inner = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stVerticalBlockBorderWrapper]')]
        .filter(e => e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible').length""")
    assert inner == 0  # the slide's own box does not scroll either


def _open(page, url: str, wait, ready: str) -> None:
    page.goto(url)
    wait(page, ready=ready)
    expect(page.locator(NAV)).to_be_visible()


def test_title_map_and_klaster_slides_fit_1280x720_without_chrome(rapat_server, browser_page, wait_streamlit_idle):
    cfg = load_config(CONFIG_MAIN)
    deck = slides.slide_sequence(cfg)
    page = browser_page
    _open(page, f"{rapat_server}/?mode=presentasi&slide=1", wait_streamlit_idle, ".slide-title")
    expect(page.locator(".slide-title")).to_contain_text(cfg.sentra["rapat"])
    expect(page.locator(".slide-title")).to_contain_text(slides.meeting_date(cfg))
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    expect(page.get_by_text(f"Slide 1 dari {len(deck)}")).to_be_visible()
    root = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root >= 16 * 1.3
    _fits_without_scrolling(page)
    shot(page, "presentasi_judul.png")

    page.get_by_role("button", name="Berikutnya ▶").click()
    expect(page).to_have_url(re.compile(r"slide=2"))
    expect(page.get_by_role("heading", name="Ringkasan")).to_be_visible()
    # Click again only once slide 2's run has finished: its counter is drawn last, then the app goes idle.
    expect(page.get_by_text(f"Slide 2 dari {len(deck)}")).to_be_visible()
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached")
    page.get_by_role("button", name="Berikutnya ▶").click()
    expect(page).to_have_url(re.compile(r"slide=3"))
    wait_streamlit_idle(page, ready="[data-testid='stDeckGlJsonChart'] canvas")
    expect(page.get_by_role("heading", name=slides.slide_title(cfg, deck[2]))).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)
    _fits_without_scrolling(page)
    shot(page, "presentasi_peta.png")

    n = next(i for i, s in enumerate(deck, start=1) if s.kind == "klaster" and s.klaster == "rentan")
    _open(
        page,
        f"{rapat_server}/?mode=presentasi&slide={n}&periode=2025-12",
        wait_streamlit_idle,
        "[data-testid='stVegaLiteChart']",
    )
    expect(page.get_by_role("heading", name=f"Klaster {cfg.label('klaster', 'rentan')}")).to_be_visible()
    expect(page.locator(".slide-kpi")).to_have_count(4)
    expect(page.locator(".slide-kpi .v").first).to_have_text(re.compile(r"^\d{1,3}(\.\d{3})*$"))
    expect(page).to_have_url(re.compile(r"periode=2025-12"))
    _fits_without_scrolling(page)
    shot(page, "presentasi_klaster.png")


def test_the_brief_downloads_from_the_profile_page_and_renders(
    rapat_server, browser_page, wait_streamlit_idle, tmp_path
):
    cfg = load_config(CONFIG_MAIN)
    page = browser_page
    page.goto(f"{rapat_server}/profil?kode=81.02&periode=2025-12")
    wait_streamlit_idle(page)
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=re.compile("Unduh profil wilayah")).click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    doc = pypdfium2.PdfDocument(str(pdf))
    assert 1 <= len(doc) <= 2
    text = doc[0].get_textpage().get_text_range()
    assert cfg.nama_wilayah("81.02") in text and "Desember 2025" in text
    SCREENSHOTS.mkdir(exist_ok=True)
    doc[0].render(scale=150 / 72).to_pil().save(SCREENSHOTS / "profil_pdf_hlm1.png")
