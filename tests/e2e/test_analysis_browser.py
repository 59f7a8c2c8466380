"""Klaster, Bandingkan Wilayah and Profil Wilayah in Chromium at 1280×720, as the meeting sees them on Zoom:
a bookmarked drill path, a shared comparison link, and the way from the comparison to a district's profile."""

import re
from pathlib import Path

from playwright.sync_api import expect

from lib.config import load_config
from tests.conftest import CONFIG_MAIN

SCREENSHOTS = Path(__file__).parent / "screenshots"
CHART = "[data-testid='stVegaLiteChart']"
PERCENT = re.compile(r"^\d{1,3},\d%$")  # 64,4%


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name)


def test_a_bookmarked_drill_path_opens_at_its_level_and_the_breadcrumb_goes_back(
    server, browser_page, wait_streamlit_idle
):
    cfg = load_config(CONFIG_MAIN)
    page = browser_page
    page.goto(f"{server}/klaster?periode=2025-12&klaster=rentan&kategori=fakir_miskin")
    wait_streamlit_idle(page, ready=CHART)
    group = cfg.label("kategori", "fakir_miskin")
    expect(page.get_by_role("heading", name=f"Kabupaten/kota: {group}")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(1)
    shot(page, "klaster_kabupaten.png")

    page.get_by_role("button", name="Semua klaster").click()
    expect(page).not_to_have_url(re.compile(r"klaster=|kategori="))
    expect(page.get_by_role("heading", name=re.compile(f"{cfg.kategori_singkatan} per klaster"))).to_be_visible()
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached")  # that run has finished
    first = cfg.klaster[0]
    page.get_by_test_id("stButtonGroup").get_by_role("radio", name=first.pendek, exact=True).click()
    expect(page).to_have_url(re.compile(f"klaster={first.kode}"))
    expect(page.get_by_role("heading", name=re.compile(f"dalam klaster {first.nama}"))).to_be_visible()
    wait_streamlit_idle(page, ready=CHART)
    shot(page, "klaster.png")


def test_a_shared_comparison_shows_cards_words_and_leads_to_a_profile(server, browser_page, wait_streamlit_idle):
    cfg = load_config(CONFIG_MAIN)
    page = browser_page
    page.goto(f"{server}/bandingkan?periode=2025-12&banding=74.71,74.02,81.02")
    wait_streamlit_idle(page, ready=CHART)
    expect(page.get_by_role("heading", name="Bandingkan Wilayah")).to_be_visible()
    cards = page.get_by_test_id("stMetric")
    expect(cards).to_have_count(3)
    for i in range(3):
        expect(cards.nth(i).get_by_test_id("stMetricValue")).to_have_text(PERCENT)
    short = cfg.wilayah.at["74.02", "nama_pendek"]
    expect(page.get_by_text(re.compile(f"{short}: cakupan \\d+,\\d%, .* rata-rata wilayah jangkauan"))).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    shot(page, "bandingkan.png")

    page.get_by_role("link", name=f"Profil {short}").click()
    expect(page).to_have_url(re.compile(r"/profil\?.*kode=74\.02"))
    wait_streamlit_idle(page)
    expect(page.get_by_role("heading", name=cfg.nama_wilayah("74.02"))).to_be_visible()


def test_a_profile_link_from_the_map_or_a_message_opens_that_district(server, browser_page, wait_streamlit_idle):
    cfg = load_config(CONFIG_MAIN)
    page = browser_page
    page.goto(f"{server}/profil?kode=81.02&periode=2025-12")
    wait_streamlit_idle(page, ready=CHART)
    expect(page.get_by_role("heading", name=cfg.nama_wilayah("81.02"))).to_be_visible()
    coverage = page.get_by_test_id("stMetric").filter(has_text="Cakupan layanan").first
    expect(coverage.get_by_test_id("stMetricValue")).to_have_text(PERCENT)
    expect(page.get_by_test_id("stMetric")).to_have_count(
        11
    )  # every district-level indicator of the main configuration
    expect(page.get_by_test_id("stException")).to_have_count(0)
    shot(page, "profil.png")
    page.set_viewport_size({"width": 1280, "height": 2600})  # the whole profile, for reading it afterwards
    wait_streamlit_idle(page, ready=CHART)
    shot(page, "profil_utuh.png")
