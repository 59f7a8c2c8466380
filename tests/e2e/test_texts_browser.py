"""In Chromium: a rolled-back batch reads "dibatalkan" in the batch picker at once; on Bandingkan, nothing fixed is
picked for a presenter, the picker's placeholder is Indonesian, and typing part of a name and Enter adds exactly one
district (Streamlit's "Select N matches" is off)."""

from __future__ import annotations

import pandas as pd
from playwright.sync_api import Page, expect

from lib import store
from tests.e2e.conftest import IDLE_TIMEOUT_MS
from tests.principals import admin


def _nav(page: Page, title: str, wait) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    wait(page, ready="h1")


def test_a_rolled_back_batch_reads_rolled_back_in_the_picker(
    new_server, tmp_path, browser_page, as_admin, wait_streamlit_idle
):
    page, db = browser_page, str(tmp_path / "atensi.duckdb")
    as_admin(page, new_server, db)  # the first request seeds the sample
    before = store.current("ska", db)
    batch = store.save_batch("ska", before.tail(1).assign(omzet=1_000), admin(), path=db, nama_berkas="ska.xlsx")
    _nav(page, "Riwayat Data", wait_streamlit_idle)
    picker = page.get_by_role("combobox", name="Batch")
    expect(picker).to_have_value(f"#{batch} · SKA · admin uji · aktif")
    page.get_by_role("button", name=f"Batalkan batch #{batch}…").click()
    page.get_by_role("button", name="Ya, batalkan").click()
    expect(page.get_by_text(f"Batch #{batch} dibatalkan")).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    wait_streamlit_idle(page, ready="h1")
    expect(picker).to_have_value(f"#{batch} · SKA · admin uji · dibatalkan")
    pd.testing.assert_frame_equal(store.current("ska", db), before)


def test_typing_part_of_a_name_and_enter_adds_one_district(server, browser_page, wait_streamlit_idle):
    page = browser_page
    page.goto(f"{server}/bandingkan")
    wait_streamlit_idle(page, ready="h1")
    picker = page.get_by_test_id("stMultiSelect").first
    # nothing fixed to remove first; Streamlit's placeholder in Indonesian
    expect(picker.get_by_role("combobox")).to_have_attribute("placeholder", "Ketik atau pilih kabupaten/kota")
    expect(picker.locator("[data-tag]")).to_have_count(0)
    picker.click()
    page.keyboard.type("Bau")
    page.keyboard.press("Enter")
    wait_streamlit_idle(page, ready="h1")
    tags = picker.locator("[data-tag]")
    expect(tags).to_have_count(1)
    expect(tags.first).to_contain_text("Bau Bau")
    assert "banding=74.72" in page.url  # one district in the URL
