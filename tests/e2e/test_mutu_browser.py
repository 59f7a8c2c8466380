"""Mutu Data as the Sentra's staff see it before a meeting, in Chromium at 1280×720 and 1920×1080, on the sample."""

import re
from pathlib import Path

from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).parent / "screenshots"


def test_mutu_data_shows_the_rates_the_grid_and_the_districts_worst_first(server, browser_page, wait_streamlit_idle):
    page = browser_page
    page.goto(f"{server}/mutu?periode=2025-12")
    wait_streamlit_idle(page)
    expect(page.get_by_role("heading", name="Mutu Data", exact=True)).to_be_visible()
    expect(
        page.get_by_role("heading", name="Kelengkapan dan ketepatan laporan PAS, Januari 2025–Desember 2025")
    ).to_be_visible()

    def card(label: str):
        return (
            page.get_by_test_id("stMetric")
            .filter(has=page.get_by_text(label, exact=True))
            .get_by_test_id("stMetricValue")
        )

    expect(card("Kelengkapan laporan")).to_have_text("100,0%")
    expect(card("Ketepatan waktu")).to_have_text(re.compile(r"^\d{2},\d%$"))
    expect(card("Wilayah di bawah target")).to_have_text(re.compile(r"^\d+ dari 23$"))
    grid = page.get_by_test_id("stVegaLiteChart").first
    expect(grid.locator("canvas, svg.marks")).to_have_count(1)
    expect(page.get_by_text("tanggal 10 bulan berikutnya", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name="Per kabupaten/kota, yang terendah dahulu")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "mutu.png")

    page.get_by_test_id("stButtonGroup").get_by_text("Program", exact=True).click()  # not the page link
    wait_streamlit_idle(page)
    expect(page.get_by_role("heading", name=re.compile("^Kelengkapan dan ketepatan laporan Program"))).to_be_visible()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.screenshot(path=SCREENSHOTS / "mutu_program_1920.png")
