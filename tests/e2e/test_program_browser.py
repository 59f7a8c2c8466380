"""Program, SKA and Tindak Lanjut as a meeting participant sees them at 1280×720: in Chromium, on the sample data."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import IDLE_TIMEOUT_MS

SCREENSHOTS = Path(__file__).parent / "screenshots"
PERCENT = re.compile(r"^\d{1,3}(,\d)?%$")  # 51,5%


def test_program_screen_shows_classes_bars_and_timeline(server, browser_page, wait_streamlit_idle):
    page = browser_page
    page.goto(f"{server}/program?periode=2025-09")
    wait_streamlit_idle(page, ready="[data-testid='stDataFrame']")
    expect(page.get_by_role("heading", name="Program", exact=True)).to_be_visible()
    expect(
        page.get_by_test_id("stMetric").filter(has_text="Penyerapan anggaran").get_by_test_id("stMetricValue")
    ).to_have_text(PERCENT)
    expect(page.get_by_role("button", name=re.compile(r"^Terkendala \(\d+\)$"))).to_be_visible()  # filter pill
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()  # the timeline
    expect(page.get_by_test_id("stException")).to_have_count(0)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "program.png")
    page.get_by_test_id("stVegaLiteChart").first.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "program_lini_waktu.png")


def test_ska_screen_shows_year_on_year_cards_and_charts(server, browser_page, wait_streamlit_idle):
    page = browser_page
    page.goto(f"{server}/ska?periode=2025-09")
    wait_streamlit_idle(page)
    omzet = page.get_by_test_id("stMetric").filter(has=page.get_by_text("Omzet SKA", exact=True))  # not the yearly card
    expect(omzet.get_by_test_id("stMetricValue")).to_have_text(re.compile(r"^Rp \d+(,\d)? juta$"))
    expect(omzet.get_by_test_id("stMetricDelta")).to_have_text(re.compile(r"^[+−]\d+,\d%$"))
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(2)
    expect(page.get_by_text("filter wilayah dan klaster tidak berlaku", exact=False)).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "ska.png")


def test_tindak_lanjut_screen_lists_overdue_items_and_an_editable_table(
    server, browser_page, wait_streamlit_idle, as_admin
):
    page = browser_page
    as_admin(page, f"{server}/tindak-lanjut")  # the editor's save button: for a signed-in operator or admin
    wait_streamlit_idle(page, ready="[data-testid='stDataFrame']")
    expect(page.get_by_text(re.compile(r"^\d+ tindak lanjut lewat tenggat$"))).to_be_visible()
    # one editor (its grid is drawn on a canvas); right after signing in, the rerun may still show the stale one
    expect(page.get_by_test_id("stDataFrame")).to_have_count(1, timeout=IDLE_TIMEOUT_MS)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    expect(page.get_by_text(re.compile("Kolom bertanda ✎"))).to_be_visible()
    expect(page.get_by_role("button", name="Simpan perubahan")).to_be_attached()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "tindak_lanjut.png")
