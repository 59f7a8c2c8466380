"""Text from data in a real browser: a follow-up, a programme name, a user name and a file name holding Markdown
and HTML (`![x](http://127.0.0.1:1/x.png)`, `**b**`, `[a](javascript:…)`, `<img src=x onerror=…>`), a bare URL, a
`www.` name, an e-mail and `:material/home:` show as typed on every screen and slide where such text is shown (the
overdue alert included); no image is fetched, no element, link or icon is made, and no request leaves 127.0.0.1."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from lib import sample
from lib.config import load_config
from lib.present import slides
from lib.present.texts import WORD_JOINER
from tests.conftest import CONFIG_MAIN
from tests.data_text import BARE, BOLD, ELEMENT, IMAGE, URAIAN, store_data_text  # noqa: F401
from tests.e2e.conftest import IDLE_TIMEOUT_MS, VIEWPORT

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="module")
def text_server(app_script, tmp_path_factory):
    from tests.e2e.conftest import serve

    tmp = tmp_path_factory.mktemp("e2e-data-text")
    db = str(tmp / "atensi.duckdb")  # the file serve() points ATENSI_DB at
    sample.seed(db, load_config(CONFIG_MAIN))
    store_data_text(db)
    with serve(app_script, tmp, {"ATENSI_CONFIG": str(CONFIG_MAIN)}) as url:
        yield url


def _visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=IDLE_TIMEOUT_MS)
    expect(page.locator("h1").first).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _no_markup_made(page) -> None:
    """Nothing of the strings became an element: no image, no javascript: link, no bold 'b'."""
    expect(page.locator("img[src*='127.0.0.1:1'], img[src='x']")).to_have_count(0)
    expect(page.locator("a[href^='javascript']")).to_have_count(0)
    expect(page.locator("strong, b").filter(has_text=re.compile(r"^b$"))).to_have_count(0)


def test_data_text_shows_as_typed_and_fetches_nothing(text_server, chromium):
    requests: list[str] = []
    context = chromium.new_context(viewport=VIEWPORT, locale="id-ID")
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.set_default_timeout(IDLE_TIMEOUT_MS)
    try:
        _visit(page, f"{text_server}/tindak-lanjut")
        overdue = page.get_by_test_id("stAlertContentError")
        expect(overdue).to_contain_text(BOLD)
        shown = overdue.inner_text().replace(WORD_JOINER, "")  # invisible: what a person reads and copies
        assert URAIAN in shown and all(s in shown for s in BARE)  # as typed, marks, address and icon code and all
        expect(overdue.locator("a")).to_have_count(0)  # no link made of the URL, the www. name or the e-mail
        expect(overdue.get_by_test_id("stIconMaterial")).to_have_count(0)  # no icon of :material/home:
        _no_markup_made(page)

        sequence = slides.slide_sequence(load_config(CONFIG_MAIN))
        for kind, text in (("tindak_lanjut", IMAGE), ("program", ELEMENT)):
            n = next(i for i, s in enumerate(sequence, start=1) if s.kind == kind)
            _visit(page, f"{text_server}/?mode=presentasi&slide={n}")
            expect(page.locator("table").first).to_contain_text(text)
            _no_markup_made(page)

        for screen in ("program", "riwayat", "profil?kode=74.71"):  # tables of programme names, users, files
            _visit(page, f"{text_server}/{screen}")
            _no_markup_made(page)
    finally:
        context.close()
    outside = [u for u in requests if urlsplit(u).hostname not in LOCAL_HOSTS or urlsplit(u).port == 1]
    assert outside == []
