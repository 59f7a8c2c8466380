"""One data version (lib.ui.cache): whatever a screen shows comes from the snapshot its run read, and the cache is keyed
by that snapshot's version, never by a token read later. A rollback or an import committed between a run's read and
its figures (forced through lib.ui.cache.AFTER_READ, in the real code path) never leaves a later session with the
figures of a state that is gone; a configuration edit shows on the next rerun; a broken edit keeps the last good
configuration serving. On both backends."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lib import fmt, ingest
from lib.config import load_config
from lib.present import slides
from lib.ui import cache as ui_data
from lib.ui import upload as ui_upload
from tests.app.helpers import PEMBACA_DINAS, WA_ODE, app, shown_metrics, sql
from tests.conftest import CONFIGS
from tests.principals import admin


@pytest.fixture
def after_read():
    """Hooks run right after a run read its snapshot; removed after the test."""
    hooks = ui_data.AFTER_READ
    yield hooks
    hooks.clear()


def _pas_row(periode: str, kode: str, kategori: str, terdata: int, dilayani: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "periode": [periode],
            "kode_wilayah": [kode],
            "kategori_pas": [kategori],
            "terdata": [terdata],
            "dilayani": [dilayani],
        }
    )


def _terdata(db: str, periode: str) -> str:
    return fmt.angka(sql(db, "SELECT sum(terdata) FROM kini_pas WHERE periode = ?", [periode])[0][0])


def _once(action):
    done = []

    def hook(_snapshot) -> None:
        if not done:
            done.append(True)
            action()

    return hook


def test_a_rollback_between_a_runs_read_and_its_figures_never_reaches_a_later_session(seeded, after_read):
    db = seeded("main")
    cfg = load_config()
    periode = app().run().session_state["f_periode"]
    big = ingest.write_rows(
        "pas", _pas_row(periode, "74.71", cfg.kategori[0].kode, 50_000, 1), admin(), what="uji", path=db
    )
    with_big = _terdata(db, periode)
    after_read.append(_once(lambda: ingest.rollback(big, admin(), path=db)))

    during = app().run()  # read before the rollback committed: its own, consistent figures
    assert shown_metrics(during)["PAS terdata"] == with_big
    without_big = _terdata(db, periode)
    assert without_big != with_big
    for later in (app().run(), during.run()):  # a new session, and the next rerun of the same one
        assert shown_metrics(later)["PAS terdata"] == without_big


def test_an_import_between_a_runs_read_and_its_figures_shows_in_a_later_session(seeded, after_read):
    db = seeded("main")
    cfg = load_config()
    periode = app().run().session_state["f_periode"]
    row = _pas_row(periode, "74.02", cfg.kategori[1].kode, 77_777, 7)
    after_read.append(_once(lambda: ingest.write_rows("pas", row, admin(), what="uji", path=db)))
    before = _terdata(db, periode)

    during = app().run()
    assert shown_metrics(during)["PAS terdata"] == before
    after = _terdata(db, periode)
    assert after != before
    for later in (app().run(), during.switch_page("views/ringkasan.py").run()):
        assert shown_metrics(later)["PAS terdata"] == after


@pytest.fixture
def config_copy(tmp_path, monkeypatch):
    """copy(): the main configuration copied into a folder of its own and set as ATENSI_CONFIG (after seeded)."""

    def copy() -> Path:
        folder = tmp_path / "konfigurasi"
        skip = shutil.ignore_patterns("nasional", "*.duckdb*", "*.geojson")
        shutil.copytree(CONFIGS["main"].parent, folder, ignore=skip)
        monkeypatch.setenv("ATENSI_CONFIG", str(folder / "konfigurasi.toml"))
        return folder

    return copy


def _rename(folder: Path) -> None:
    wilayah = folder / "wilayah.csv"
    wilayah.write_text(
        wilayah.read_text(encoding="utf-8").replace("Kota Kendari", "Kota Kendari Raya"), encoding="utf-8"
    )
    toml = folder / "konfigurasi.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('nama = "Disabilitas"', 'nama = "Difabel"'), encoding="utf-8"
    )


def _texts(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.title] + [e.value for e in at.caption]
    parts += [str(m.label) for m in at.metric] + [h.proto.body for h in at.get("html")]
    parts += [df.value.to_csv() for df in at.dataframe]
    parts += [c.proto.spec + "".join(str(d.data.data) for d in c.proto.datasets) for c in at.get("vega_lite_chart")]
    return "\n".join(parts)


def test_renaming_a_district_and_a_klaster_shows_on_every_screen_and_slide_on_the_next_rerun(seeded, config_copy):
    seeded("main")
    folder = config_copy()
    open_pages = {  # the screen, its URL, what shows the new names there
        "views/bandingkan.py": ({"banding": "74.71,74.02"}, "Kota Kendari Raya"),
        "views/profil.py": ({"kode": "74.71"}, "Kota Kendari Raya"),
        "views/riwayat.py": ({}, "Kota Kendari Raya"),
        "views/peta.py": ({}, "Kota Kendari Raya"),
        "views/klaster.py": ({}, "Difabel"),
        "views/ringkasan.py": ({}, "Difabel"),
    }
    sessions = {view: app(**query).run().switch_page(view).run() for view, (query, _) in open_pages.items()}
    for view, (_, new) in open_pages.items():
        assert new not in _texts(sessions[view]), view
    _rename(folder)
    for view, (query, new) in open_pages.items():
        for at in (sessions[view].run(), app(**query).run().switch_page(view).run()):
            assert not at.exception, (view, at.exception)
            assert new in _texts(at), view
    cfg = load_config()
    deck = slides.slide_sequence(cfg)
    first_klaster = next(i for i, s in enumerate(deck, start=1) if s.kind == "klaster")
    slide = app(mode="presentasi", slide=str(first_klaster)).run()
    assert slide.title[0].value == slides.slide_title(cfg, deck[first_klaster - 1])
    assert "Difabel" in slide.title[0].value

    # The template download is made when clicked, from the configuration the run read (the one in force)
    book = openpyxl.load_workbook(io.BytesIO(ui_upload._template_bytes(ui_data.config())))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert any("Kota Kendari Raya" in c for c in cells)


def test_a_broken_configuration_edit_keeps_the_last_good_one_serving_and_tells_admins(seeded, config_copy):
    seeded("main")
    folder = config_copy()
    admin_session = app(WA_ODE).run()
    reader_session = app(PEMBACA_DINAS).run()
    before = shown_metrics(admin_session)
    toml = folder / "konfigurasi.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("[[klaster]]", "[[klaster_salah]]", 1), encoding="utf-8")

    admin_session.run()
    reader_session.run()
    assert not admin_session.exception and not reader_session.exception
    assert shown_metrics(admin_session) == before and shown_metrics(reader_session) == before
    assert not admin_session.error and not reader_session.error
    told = [w.value for w in admin_session.warning if "Perubahan konfigurasi belum dipakai" in w.value]
    assert told and "konfigurasi.toml" in told[0].replace("\\", "")
    assert not any("Perubahan konfigurasi belum dipakai" in w.value for w in reader_session.warning)
