"""The README's Quickstart works as written: the first-admin command (with the virtual environment's Python, as the
README states once), then signing in with it; and the Windows launcher line names the command `make run` runs."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

from lib import accounts
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
QUICKSTART = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]


def test_the_first_admin_command_of_the_quickstart_runs_as_written_and_the_account_signs_in(duckdb_db):
    (line,) = [x for x in QUICKSTART.splitlines() if x.startswith(".venv/bin/python -m lib pengguna tambah")]
    argv = shlex.split(line)
    assert argv[0] == ".venv/bin/python"  # the venv's Python, as the README says once
    env = {**os.environ, "ATENSI_DB": duckdb_db}
    done = subprocess.run(
        [sys.executable, *argv[1:]],  # this test's Python is the venv's (a symlinked .venv may not exist in a clone)
        cwd=ROOT,
        env=env,
        input="sandi-admin-quickstart\nsandi-admin-quickstart\n",
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,  # no terminal: the password prompt reads stdin
    )
    assert done.returncode == 0, done.stderr
    assert accounts.sign_in("admin@sentra.kemensos.go.id", "sandi-admin-quickstart", path=duckdb_db).is_admin


def test_the_windows_steps_use_pythons_own_tools_and_the_launcher_make_run_calls():
    block = QUICKSTART.split("```bat", 1)[1].split("```", 1)[0].strip().splitlines()
    assert block == [
        "py -m venv .venv",
        r".venv\Scripts\pip install -r requirements.txt",
        r".venv\Scripts\python -m lib jalankan",
    ]
    recipe = subprocess.run(["make", "-n", "--no-print-directory", "run"], cwd=ROOT, capture_output=True, text=True)
    assert re.search(r"python -m lib jalankan$", recipe.stdout.strip(), re.M)
    assert "requirements-dev" not in recipe.stdout  # running installs only what running needs
    assert (
        "pytest" not in (ROOT / "requirements.txt").read_text()
        and "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text()
    )
