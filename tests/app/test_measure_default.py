"""A configuration without the measures the screens open with (terdata for Peta, cakupan for Bandingkan) still opens
both screens, on the map slide's measure ([presentasi] peta_ukuran)."""

from __future__ import annotations

import pytest

from tests.app.helpers import app
from tests.conftest import main_config_copy


@pytest.fixture
def without_terdata_and_cakupan(duckdb_seeded, tmp_path, monkeypatch) -> str:
    db = duckdb_seeded("main")
    path = main_config_copy(tmp_path)
    parts = path.read_text(encoding="utf-8").split("[[indikator]]")
    kept = [p for p in parts if not any(f'\nkode = "{k}"\n' in p for k in ("terdata", "cakupan"))]
    text = "[[indikator]]".join(kept).replace('peta_ukuran = "cakupan"', 'peta_ukuran = "dilayani"')
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("ATENSI_CONFIG", str(path))
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(tmp_path / "tidak_ada.geojson"))
    return db


@pytest.mark.parametrize(("page", "key"), [("views/peta.py", "peta_ukuran"), ("views/bandingkan.py", "banding_ukuran")])
def test_a_screen_whose_default_measure_is_not_configured_opens_on_the_map_slides(
    without_terdata_and_cakupan, page, key
):
    at = app().run()
    at.switch_page(page).run()
    assert not at.exception and not [e.value for e in at.error]
    assert at.session_state[key] == "dilayani"
