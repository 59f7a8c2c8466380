"""Both upload widgets (Unggah Data, the map's boundary upload) tell the browser the ATENSI_MAX_UPLOAD_MB limit,
so a bigger file is refused before it is sent (the browser test: tests/e2e/test_upload_limit_browser.py)."""

from __future__ import annotations

from tests.app.helpers import WA_ODE, app


def test_both_uploaders_carry_the_configured_limit(seeded, monkeypatch):
    seeded("main")
    monkeypatch.setenv("ATENSI_MAX_UPLOAD_MB", "3")
    at = app(WA_ODE).run()
    unggah = at.switch_page("views/unggah.py").run()
    assert unggah.file_uploader(key="berkas_0").proto.max_upload_size_mb == 3
    peta = at.switch_page("views/peta.py").run()
    assert not peta.exception, peta.exception
    assert peta.file_uploader(key="batas_unggah_0").proto.max_upload_size_mb == 3
