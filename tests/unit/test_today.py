"""'Today' is the Sentra's date, not the server's: one function, lib.config.today(cfg), for the checks of an upload,
the screens, the slides and the command line. The clock is frozen where UTC and eastern Indonesia differ."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from lib import cli, config, ui
from lib.config import load_config
from lib.fmt import bulan
from tests.unit.uploads import PAS_HEADER, xlsx

# 16:30 UTC on 31 March = 23:30 in Jakarta (WIB), 00:30 on 1 April in Kendari (WITA), 01:30 in Jayapura (WIT).
EVENING_UTC = dt.datetime(2025, 3, 31, 16, 30, tzinfo=dt.UTC)


def in_zone(zona: str) -> config.Konfigurasi:
    cfg = load_config()
    return dataclasses.replace(cfg, sentra={**cfg.sentra, "zona_waktu": zona})


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(config, "clock", lambda: EVENING_UTC)


@pytest.mark.parametrize(
    "zona, expected",
    [
        ("UTC", dt.date(2025, 3, 31)),
        ("Asia/Jakarta", dt.date(2025, 3, 31)),
        ("Asia/Makassar", dt.date(2025, 4, 1)),
        ("Asia/Jayapura", dt.date(2025, 4, 1)),
    ],
)
def test_today_is_the_date_in_the_sentras_time_zone(frozen, zona, expected):
    assert config.today(in_zone(zona)) == expected
    assert config.today(in_zone(zona), now=EVENING_UTC) == expected


def test_the_screens_and_the_command_line_use_the_same_today():
    assert ui.today is config.today and cli.today is config.today


def _april_upload() -> bytes:
    return xlsx({"PAS": [PAS_HEADER, ["2025-04", "74.71", "anak_rentan", 10, 5]]})


def test_a_month_that_has_begun_in_kendari_is_not_refused_as_future(frozen, db):
    from lib.ingest import read_upload

    result = read_upload(_april_upload(), "pas.xlsx", in_zone("Asia/Makassar"))
    assert not [p for p in result.errors if "belum terjadi" in p.message]


def test_the_same_month_is_future_where_it_is_still_march(frozen, db):
    from lib.ingest import read_upload

    result = read_upload(_april_upload(), "pas.xlsx", in_zone("UTC"))
    messages = [p.message for p in result.errors]
    assert f"Periode {bulan('2025-04')} belum terjadi (hari ini 31-03-2025)." in messages


def test_the_templates_example_month_is_the_month_before_the_sentras_today(frozen):
    import io

    import openpyxl

    from lib.ingest import build_template
    from lib.schema import DATASETS

    wb = openpyxl.load_workbook(io.BytesIO(build_template(in_zone("Asia/Jayapura"))))
    # 1 April in Jayapura: the example month is March (the server's UTC date would give February)
    assert wb[DATASETS["pas"].judul].cell(2, 1).value == "2025-03"
