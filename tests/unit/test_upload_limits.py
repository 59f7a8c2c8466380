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
    recipe = subprocess.run(
        ["make", "-n", "--no-print-directory", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    command = recipe[recipe.index("STREAMLIT_SERVER_MAX_UPLOAD_SIZE=") :].replace("\\\n", " ")
    # the server command itself becomes printenv: whatever file `make run` serves, nothing is started
    command, swapped = re.subn(r"\S*streamlit run \S+", "printenv STREAMLIT_SERVER_MAX_UPLOAD_SIZE", command)
    assert swapped == 1, recipe
    env = {**os.environ, "ATENSI_MAX_UPLOAD_MB": "1.5"}
    out = subprocess.run(
        ["sh", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "2"
