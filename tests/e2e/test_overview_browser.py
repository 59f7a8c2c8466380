"""The overview page as a meeting participant sees it: in Chromium, on the sample data of a new database."""

import re
from pathlib import Path

from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).parent / "screenshots"
DOT_GROUPED_NUMBER = re.compile(r"\d{1,3}(\.\d{3})+")  # 1.234 · 12.345.678


def test_overview_in_chromium_shows_kpis_on_sample_data(server, browser_page, wait_streamlit_idle):
    page = browser_page
    page.goto(server)
    wait_streamlit_idle(page)

    expect(page.get_by_role("heading", name=re.compile("Ringkasan")).first).to_be_visible()
    expect(page.get_by_text("DATA CONTOH").first).to_be_visible()
    pas_terdata = page.get_by_test_id("stMetric").filter(has_text="PAS terdata").first
    expect(pas_terdata).to_be_visible()
    expect(pas_terdata.get_by_test_id("stMetricValue")).to_have_text(DOT_GROUPED_NUMBER)
    expect(page.get_by_test_id("stException")).to_have_count(0)

    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "overview.png")


def test_choosing_a_period_in_the_sidebar_updates_figures_and_url(server, browser_page, wait_streamlit_idle):
    page = browser_page
    page.goto(server)
    wait_streamlit_idle(page)
    value = page.get_by_test_id("stMetric").filter(has_text="PAS terdata").first.get_by_test_id("stMetricValue")
    before = value.inner_text()

    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    page.keyboard.type("Maret 2025")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"periode=2025-03"))
    expect(value).not_to_have_text(before)
    expect(value).to_have_text(DOT_GROUPED_NUMBER)
    expect(page.get_by_text("Maret 2025").first).to_be_visible()
    # the frame (sidebar filters) is still there after the rerun
    expect(page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']")).to_have_count(4)


def test_a_bookmarked_page_opened_first_after_a_restart_shows_the_whole_frame(
    new_server, browser_page, wait_streamlit_idle
):
    page = browser_page
    page.goto(f"{new_server}/riwayat?periode=2025-03")  # the very first request this server sees
    wait_streamlit_idle(page, ready="[data-testid='stDataFrame']")
    expect(page.get_by_role("heading", name="Riwayat Data")).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Ringkasan")).to_be_visible()  # our navigation, not a file list
    expect(sidebar.locator("[data-testid='stSelectbox']")).to_have_count(4)
    expect(sidebar.locator("[data-testid='stSelectbox'] input").first).to_have_value("Maret 2025")  # from the URL
    expect(page.get_by_text("DATA CONTOH").first).to_be_visible()
