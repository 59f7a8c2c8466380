"""What each deployment's screens say (issue 11): no screen of a module it does not have, its own words, and no
number of months or districts on any screen that does not follow from its data and configuration."""

from __future__ import annotations

import pandas as pd
import pytest

from lib import ingest
from lib.config import load_config
from tests.app.helpers import app, sql
from tests.principals import admin
from tests.unit.test_deployment_words import assert_numbers_follow_from_data

VIEWS = [
    "views/ringkasan.py",
    "views/peta.py",
    "views/klaster.py",
    "views/bandingkan.py",
    "views/profil.py",
    "views/program.py",
    "views/ska.py",
    "views/tindak_lanjut.py",
    "views/unggah.py",
    "views/riwayat.py",
]


def _text(node) -> str:
    """Every text an element tree shows (markdown, captions, titles, cards, alerts, widget labels and options)."""
    out = []
    proto = getattr(node, "proto", None)
    if proto is not None:
        out.append(str(proto))
    for child in getattr(node, "children", {}).values():
        out.append(_text(child))
    return "\n".join(out)


def test_without_ska_or_programmes_there_is_no_such_screen(seeded):
    seeded("ntb")  # [modul] ska = false, program = false
    at = app().run()
    assert not at.exception, at.exception
    for view in ("views/ska.py", "views/program.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(view)
    assert "Omzet SKA" not in [m.label for m in at.metric]


def test_the_main_deployment_keeps_its_ska_and_programme_screens(seeded):
    seeded("main")
    at = app().run()
    for view in ("views/ska.py", "views/program.py"):
        at.switch_page(view).run()
        assert not at.exception, at.exception


def test_the_banner_and_history_call_the_data_by_the_deployments_name(seeded):
    db = seeded("ntb")
    cfg = load_config()
    real = pd.DataFrame({"tahun": [2025], "kode_wilayah": [cfg.kode_wilayah[0]], "jumlah": [123_456]})
    ingest.write_rows("penduduk", real, admin(), what="uji", path=db)  # one real dataset: the banner says the rest
    at = app().run()
    banner = " ".join(m.value for m in at.markdown).replace("\\", "")  # through as_text: ( and ) escaped
    assert "Masih data contoh: PMKS (semua" in banner and "Layanan (" in banner and "PAS" not in banner
    at.switch_page("views/riwayat.py").run()
    assert "PMKS" in at.dataframe[0].value["Data"].tolist()
    assert "SKA" not in at.dataframe[0].value["Data"].tolist()  # no row for a module it does not have


@pytest.mark.parametrize("config", ["main", "ntb"])
def test_no_screen_promises_more_months_or_districts_than_the_data_holds(seeded, config):
    db = seeded(config)
    cfg = load_config()
    months = sql(db, "SELECT count(DISTINCT periode) FROM kini_pas", [])[0][0]
    at = app().run()
    for view in VIEWS:
        if view != VIEWS[0]:
            try:
                at.switch_page(view)
            except ValueError:  # a module this deployment does not have
                continue
            at.run()
        assert not at.exception, (view, at.exception)
        assert_numbers_follow_from_data(_text(at._tree), months, len(cfg.wilayah))
