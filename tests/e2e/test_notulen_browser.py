"""Capture while presenting, in Chromium against `streamlit run`, with two tabs as in a meeting: the Kepala Sentra's
presentation tab (shared on Zoom, not signed in) and the notulis's notes tab (`?mode=notulen&rapat=ID`, an admin
signed in on its own). The notes tab follows the slide the presenter shows; a follow-up typed there is stored with
that slide, district, measure and figure; bad input is refused with the field named; the presentation tab is never
disturbed (its URL, its slide and its page are what they were: not one element of it changed while the notulis
worked). Nothing leaves the machine. Screenshots go to tests/e2e/screenshots/notulen/ (look at them).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from lib import ingest
from lib.present import slides
from lib.store import follow_ups
from tests.app.test_notulen import MEETING
from tests.e2e.conftest import ADMIN_LOGIN, ADMIN_PASSWORD, IDLE_TIMEOUT_MS, VIEWPORT
from tests.principals import admin

SCREENSHOTS = Path(__file__).parent / "screenshots" / "notulen"
LOCAL = {"127.0.0.1", "localhost"}
# Every change of the presentation tab's page after it settled: elements added or removed, text changed.
WATCH = """() => {
  window.__changes = 0;
  new MutationObserver((m) => { window.__changes += m.length; })
    .observe(document.querySelector('[data-testid="stMain"]'), {childList: true, subtree: true, characterData: true});
}"""


def _settled(page, wait_streamlit_idle) -> None:
    """The presentation tab done with its own runs: the window's size reported by its component (which reruns the
    slide once, at the window's type size) and the map drawn, so what changes after is not of its own doing."""
    size = page.viewport_size
    want = 16 * 1.35 * min(size["width"] / 1280, size["height"] / 720)
    page.wait_for_function(  # a function, not an expression string: the page's CSP forbids eval
        "(want) => Math.abs(parseFloat(getComputedStyle(document.documentElement).fontSize) - want) < 0.1",
        arg=want,
        timeout=IDLE_TIMEOUT_MS,
    )
    expect(page.locator("[data-testid='stDeckGlJsonChart'] canvas").first).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    wait_streamlit_idle(page, ready=".st-key-slide_body h1")


def _choose(page, label: str, option: str) -> None:
    box = page.get_by_test_id("stForm").get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option").filter(has_text=option).first.click()


def _type(page, uraian: str, wilayah: str | None, tenggat: str) -> None:
    page.get_by_label("Uraian (apa yang disepakati)").fill(uraian)
    page.get_by_label("Penanggung jawab (siapa)").fill("Dinas Sosial Kabupaten Muna")
    if wilayah:
        _choose(page, "Kabupaten/kota", wilayah)
    page.get_by_label("Tenggat").fill(tenggat)
    page.get_by_role("button", name="Simpan tindak lanjut").click()


def test_the_notulis_records_in_a_tab_of_their_own_and_the_presentation_tab_is_never_disturbed(
    chromium, new_server, as_admin, sign_in, wait_streamlit_idle, tmp_path
):
    db = str(tmp_path / "atensi.duckdb")
    outside: list[str] = []
    presenter_ctx = chromium.new_context(viewport=VIEWPORT, locale="id-ID")
    notes_ctx = chromium.new_context(viewport=VIEWPORT, locale="id-ID")
    for ctx in (presenter_ctx, notes_ctx):
        ctx.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).hostname not in LOCAL else None)
    try:
        notes = notes_ctx.new_page()
        as_admin(notes, new_server, db)  # the server's first start seeded the sample: now the meeting
        rapat_id = ingest.write_meeting(MEETING, admin(), path=db)

        presenter = presenter_ctx.new_page()
        presenter.goto(f"{new_server}/?mode=presentasi&rapat={rapat_id}&slide=3")
        wait_streamlit_idle(presenter, ready=".st-key-slide_body h1")
        _settled(presenter, wait_streamlit_idle)
        presenter_url, title = presenter.url, presenter.locator("h1").first.inner_text()

        # the notulis's own tab, signed in on its own: it says which slide is on the shared screen
        notes.goto(f"{new_server}/?mode=notulen&rapat={rapat_id}")
        wait_streamlit_idle(notes, ready="[data-testid='stSidebar']")
        expect(notes.get_by_text("Hanya notulis rapat ini", exact=False)).to_be_visible()  # not signed in: no form
        sign_in(notes, ADMIN_LOGIN, ADMIN_PASSWORD)
        expect(notes.locator("p", has_text="Slide yang sedang ditampilkan:")).to_contain_text(
            f"3. {slides.TITLES['peta']}"
        )

        presenter.evaluate(WATCH)
        _type(notes, "", "Kabupaten Muna", "28/02/2026")  # nothing typed in Uraian: refused, the field named
        expect(notes.get_by_text("Uraian wajib diisi", exact=False)).to_be_visible(timeout=IDLE_TIMEOUT_MS)
        assert follow_ups.records(db)[lambda r: r["rapat_id"] == rapat_id].empty

        _type(notes, "Percepat asesmen PAS lansia", "Kabupaten Muna", "28/02/2026")
        said = notes.get_by_text("tersimpan (slide 3; Cakupan layanan Kabupaten Muna", exact=False)
        expect(said).to_be_visible(timeout=IDLE_TIMEOUT_MS)
        wait_streamlit_idle(notes, ready="[data-testid='stDataFrame']")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        notes.screenshot(path=str(SCREENSHOTS / "notulen-1280x720.png"), full_page=True)

        rec = follow_ups.records(db).iloc[-1]
        assert (rec["rapat_id"], rec["nomor_slide"], rec["slide"]) == (rapat_id, 3, "peta")
        assert (rec["kode_wilayah"], rec["kode_indikator"]) == ("74.03", "cakupan") and rec["nilai_awal"] > 0

        # the presentation tab: the same URL, the same slide, and not one element of its page changed meanwhile
        assert presenter.url == presenter_url
        expect(presenter.locator("h1").first).to_have_text(title)
        assert presenter.evaluate("window.__changes") == 0

        # the presenter moves on with the clicker: the notes tab follows by itself
        presenter.locator("body").press("ArrowRight")
        expect(presenter).to_have_url(presenter_url.replace("slide=3", "slide=4"), timeout=IDLE_TIMEOUT_MS)
        expect(notes.locator("p", has_text="Slide yang sedang ditampilkan:")).to_contain_text(
            f"4. {slides.TITLES['program']}", timeout=IDLE_TIMEOUT_MS
        )
        _type(notes, "Kejar realisasi program semua wilayah", None, "31/03/2026")
        expect(notes.get_by_text("tersimpan (slide 4", exact=False)).to_be_visible(timeout=IDLE_TIMEOUT_MS)
        rec = follow_ups.records(db).iloc[-1]
        assert (rec["nomor_slide"], rec["slide"], rec["kode_indikator"], rec["kode_wilayah"]) == (4, "program", "capaian", "")  # fmt: skip
        notes.set_viewport_size({"width": 1920, "height": 1080})
        wait_streamlit_idle(notes, ready="[data-testid='stDataFrame']")
        notes.screenshot(path=str(SCREENSHOTS / "notulen-1920x1080.png"), full_page=True)
    finally:
        presenter_ctx.close()
        notes_ctx.close()
    assert outside == []


def test_the_next_meeting_opens_with_the_open_items_and_their_figure_then_and_now(
    browser_page, new_server, as_admin, wait_streamlit_idle, tmp_path
):
    import datetime as dt

    from lib.store import meetings

    page, db = browser_page, str(tmp_path / "atensi.duckdb")
    as_admin(page, new_server, db)  # the sample first
    first_id = ingest.write_meeting(MEETING, admin(), path=db)
    first = next(r for r in meetings.meetings(db) if r.id == first_id)
    for uraian, kode, value in (("Percepat asesmen PAS lansia", "74.03", 0.426), ("Lengkapi data SDM", "", 0.506)):
        origin = follow_ups.Origin(first_id, "peta", 3, "cakupan", "2025-12", value)
        values = {"uraian": uraian, "penanggung_jawab": "Dinas Sosial", "kode_wilayah": kode, "tenggat": "28/02/2026"}
        ingest.write.write_follow_up(values, admin(), rapat=first, origin=origin, today=dt.date(2026, 1, 20), path=db)
    second = ingest.write_meeting(MEETING | {"rapat": "Rakornis Triwulan II 2026", "tanggal_rapat": "20/04/2026"}, admin(), path=db)  # fmt: skip
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in ({"width": 1280, "height": 720}, {"width": 1920, "height": 1080}):
        page.set_viewport_size(size)
        page.goto(f"{new_server}/?mode=presentasi&rapat={second}&slide=2")
        wait_streamlit_idle(page, ready=".slide-table")
        expect(page.locator("h1").first).to_have_text("Tindak lanjut rapat sebelumnya")
        expect(page.locator(".slide-table")).to_contain_text("Cakupan layanan Kabupaten Muna 42,6% → ")
        expect(page.locator(".slide-table")).to_contain_text("Rakornis Triwulan I 2026 · 20 Januari 2026")
        # the window's size, reported by the presenter's component, reruns the slide once: its type at that size
        page.wait_for_function(  # a function, not an expression string: the page's CSP forbids eval
            "(want) => Math.abs(parseFloat(getComputedStyle(document.documentElement).fontSize) - want) < 0.1",
            arg=16 * 1.35 * min(size["width"] / 1280, size["height"] / 720),
            timeout=IDLE_TIMEOUT_MS,
        )
        wait_streamlit_idle(page, ready=".slide-table")
        expect(page.locator(".slide-table")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / f"terbawa-{size['width']}x{size['height']}.png"))
