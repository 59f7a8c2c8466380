"""ATENSI_MAX_UPLOAD_MB: our own check's message (the name as given, the size written the Indonesian way), and the
whole-MB limit that Streamlit's widgets and `make run`'s server enforce before anything is read."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from lib.config import max_upload_mb, max_upload_streamlit_mb
from lib.errors import UserError
from lib.ingest import read_upload

ROOT = Path(__file__).resolve().parents[2]


def test_the_size_message_keeps_the_file_name_and_writes_the_size_with_a_decimal_comma(db):
    with pytest.raises(UserError) as e:
        read_upload(b"x" * (30 * 2**20), "big30mb.csv")  # the default limit is 25 MB
    assert e.value.title == "Berkas terlalu besar"
    assert e.value.message == (
        "'big30mb.csv' berukuran 30,0 MB; batasnya 25 MB (ATENSI_MAX_UPLOAD_MB). Bagi datanya ke beberapa berkas."
    )


def test_a_fractional_limit_is_written_as_it_was_set(db, monkeypatch):
    monkeypatch.setenv("ATENSI_MAX_UPLOAD_MB", "0.5")
    with pytest.raises(UserError) as e:
        read_upload(b"x" * 2**20, "satu.mb.csv")
    assert e.value.message.startswith("'satu.mb.csv' berukuran 1,0 MB; batasnya 0,50 MB ")


@pytest.mark.parametrize("value, whole", [("25", 25), ("1.5", 2), ("0.01", 1)])
def test_streamlit_gets_the_limit_rounded_up_to_whole_mb(monkeypatch, value, whole):
    monkeypatch.setenv("ATENSI_MAX_UPLOAD_MB", value)
    assert max_upload_streamlit_mb() == whole
    assert max_upload_mb() <= whole


@pytest.mark.parametrize("value", ["banyak", "0", "-3"])
def test_a_limit_that_is_not_a_positive_number_is_a_user_error(monkeypatch, value):
    monkeypatch.setenv("ATENSI_MAX_UPLOAD_MB", value)
    with pytest.raises(UserError, match="ATENSI_MAX_UPLOAD_MB"):
        max_upload_mb()


def test_make_run_gives_the_server_the_same_limit():
    """`make run` calls the one launcher (`python -m lib jalankan`); asked to print instead of start (--cetak), it
    names the server command and its environment: the whole-MB limit and 127.0.0.1."""
    recipe = subprocess.run(
        ["make", "-n", "--no-print-directory", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    (command,) = [line for line in recipe.splitlines() if "-m lib jalankan" in line]
    env = {**os.environ, "ATENSI_MAX_UPLOAD_MB": "1.5"}
    out = subprocess.run(
        ["sh", "-c", f"{command} --cetak"], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    assert "STREAMLIT_SERVER_MAX_UPLOAD_SIZE=2 " in out.stdout and "STREAMLIT_SERVER_ADDRESS=127.0.0.1 " in out.stdout
    assert re.search(r"-m streamlit run serve_app\.py", out.stdout), out.stdout
