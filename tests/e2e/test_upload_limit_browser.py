"""An upload bigger than ATENSI_MAX_UPLOAD_MB never reaches the server: Chromium refuses it in the page's uploader
(Streamlit's own message), no upload request is sent, and the store is unchanged. The server is a plain
`streamlit run` (server.maxUploadSize from .streamlit/config.toml): the widgets' own limit is what refuses.
(`make run` also sets the server's limit from the setting: tests/unit/test_upload_limits.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lib import store

LIMIT_MB = "1"
UPLOAD = "/_stcore/upload_file"


@pytest.fixture(scope="module")
def small_limit_server(app_script, tmp_path_factory):
    from tests.e2e.conftest import serve

    tmp = tmp_path_factory.mktemp("e2e-upload")
    with serve(app_script, tmp, {"ATENSI_MAX_UPLOAD_MB": LIMIT_MB}) as url:
        yield url, str(tmp / "atensi.duckdb")


def test_a_2_mb_upload_with_a_1_mb_limit_is_refused_in_the_browser_and_never_sent(
    small_limit_server, browser_page, wait_streamlit_idle, as_admin
):
    url, db = small_limit_server
    page = browser_page
    sent: list[tuple[str, int]] = []
    page.on("request", lambda r: sent.append((r.method, len(r.post_data_buffer or b""))) if UPLOAD in r.url else None)
    as_admin(page, f"{url}/unggah", db)  # only a signed-in operator or admin gets the uploader
    wait_streamlit_idle(page, ready="[data-testid='stFileUploader']")
    batches = store.history(db)[["id", "aktif"]]
    big = b"periode,kode_wilayah,kategori_pas,terdata,dilayani\n" + b"2025-03,74.71,anak_rentan,1,0\n" * 70_000
    assert len(big) > 2 * 2**20
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(
        files=[{"name": "besar.csv", "mimeType": "text/csv", "buffer": big}]
    )
    expect(page.get_by_text(re.compile(r"File must be .*1.*MB or smaller"))).to_be_visible()
    wait_streamlit_idle(page, ready="[data-testid='stFileUploader']")
    expect(page.get_by_text("Berkas terlalu besar")).to_have_count(0)  # our own check never saw it
    assert sent == []  # not even a request was started
    assert store.history(db)[["id", "aktif"]].equals(batches)
