"""The command line as staff and scripts use it: a real process, a real database file, exit codes 0/1/2."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pandas.testing as pdt

from lib import accounts
from tests.conftest import SAMPLE_BATCHES, query
from tests.principals import admin

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env_db: str, lang: str | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    env = {"ATENSI_DB": env_db, "PATH": "/usr/bin:/bin", "ATENSI_CONTOH_HARI_INI": "2026-01-15"}
    if lang:
        env["ATENSI_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "lib", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_init_sample_then_export_pas_prints_all_23_districts_times_24_periods(db):
    assert run("init", "--sample", env_db=db).returncode == 0
    out = run("export", "pas", env_db=db)
    assert out.returncode == 0, out.stderr
    pas = pd.read_csv(io.StringIO(out.stdout), dtype={"kode_wilayah": str})
    assert list(pas.columns) == ["periode", "kode_wilayah", "kategori_pas", "terdata", "dilayani"]
    assert pas["kode_wilayah"].nunique() == 23
    assert pas["periode"].nunique() == 24
    assert len(pas.groupby(["periode", "kode_wilayah"])) == 23 * 24
    assert pas["periode"].min() == "2024-01" and pas["periode"].max() == "2025-12"


def test_init_sample_twice_changes_nothing_the_second_time(db):
    run("init", "--sample", env_db=db)
    second = run("init", "--sample", env_db=db)
    assert second.returncode == 0
    assert "tidak ditambahkan" in second.stdout
    assert query(db, "SELECT count(*) FROM batch") == [(SAMPLE_BATCHES,)]


def test_export_to_a_file_writes_canonical_columns(db, tmp_path):
    run("init", "--sample", env_db=db)
    out = tmp_path / "program.csv"
    done = run("export", "program", "--out", str(out), env_db=db)
    assert done.returncode == 0 and done.stdout == ""
    program = pd.read_csv(out)
    assert list(program.columns)[:3] == ["periode", "kode_program", "nama_program"]
    assert (program["status"] == "Terkendala").any()


def test_history_lists_batches_and_rollback_brings_back_previous_values(db):
    run("init", "--sample", env_db=db)
    before = run("export", "ska", env_db=db).stdout
    query(
        db,
        """INSERT INTO batch (dataset, pengguna, waktu, baris_baru, baris_berubah, baris_sama)
                 VALUES ('ska', 'operator', now(), 0, 1, 0)""",
    )
    new_id = query(db, "SELECT max(id) FROM batch")[0][0]
    query(
        db,
        "INSERT INTO data_ska VALUES (?, '2025-12', ?, 1, 1, 1000, 100)",
        [new_id, str(pd.read_csv(io.StringIO(before))["unit"][0])],
    )
    assert run("export", "ska", env_db=db).stdout != before

    history = run("history", env_db=db)
    assert history.returncode == 0 and f"#{new_id}" in history.stdout and "aktif" in history.stdout
    accounts.first_admin("budi", "sandi-budi-panjang", path=db)
    done = run("rollback", str(new_id), "--user", "budi", env_db=db)
    assert done.returncode == 0, done.stderr
    assert run("export", "ska", env_db=db).stdout == before
    assert "dibatalkan oleh budi" in run("history", env_db=db).stdout


def test_rollback_of_an_unknown_batch_exits_1_with_a_message_in_indonesian(db, cli_admin):
    run("init", env_db=db)
    done = run("rollback", "99", "--user", cli_admin, env_db=db)
    assert done.returncode == 1
    assert "Tidak ada batch dengan nomor 99" in done.stderr


def test_bad_usage_exits_2(db):
    assert run("export", "bukan_dataset", env_db=db).returncode == 2
    assert run(env_db=db).returncode == 2
    assert "Perintah tidak dapat dipahami" in run("rollback", "satu", "--user", "x", env_db=db).stderr


def test_help_speaks_indonesian_or_english(db):
    assert "batalkan sebuah batch" in run("--help", env_db=db).stdout
    assert "roll a batch back" in run("--help", env_db=db, lang="en").stdout
    assert "roll a batch back" in run("--lang", "en", "--help", env_db=db).stdout


def test_a_command_waits_while_another_process_holds_the_database_then_succeeds(duckdb_db):
    db = duckdb_db
    run("init", "--sample", env_db=db)
    holder = duckdb.connect(db)  # this test process is "the other process" holding DuckDB's lock
    proc = subprocess.Popen(
        [sys.executable, "-m", "lib", "history"],
        cwd=ROOT,
        env={"ATENSI_DB": db, "PATH": "/usr/bin:/bin", "ATENSI_CONTOH_HARI_INI": "2026-01-15"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first_line = proc.stderr.readline()  # blocks until the command says it is waiting
        assert "Menunggu database" in first_line
    finally:
        holder.close()
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert "#7" in out


def test_salin_ke_copies_every_batch_and_row_to_postgresql_and_refuses_a_second_time(duckdb_db, pg_database):
    from lib import store
    from lib.schema import DATASETS

    target = pg_database()
    assert run("init", "--sample", env_db=duckdb_db).returncode == 0
    accounts.first_admin("budi", "sandi-budi-panjang", path=duckdb_db)  # accounts and the audit trail travel too
    undone = run("rollback", "3", "--user", "budi", env_db=duckdb_db)  # a rolled-back batch travels too
    assert undone.returncode == 0, undone.stderr

    done = run("salin-ke", target, "--user", "budi", env_db=duckdb_db)
    assert done.returncode == 0, done.stderr
    assert f"{SAMPLE_BATCHES} batch" in done.stdout

    for name in DATASETS:
        assert run("export", name, env_db=target).stdout == run("export", name, env_db=duckdb_db).stdout, name
    pdt.assert_frame_equal(store.history(target), store.history(duckdb_db))
    assert accounts.sign_in("budi", "sandi-budi-panjang", path=target).is_admin
    trail = accounts.audit_log(path=target)
    done_by = set(zip(trail["login"], trail["aksi"], trail["objek"].str.split(" ").str[1]))
    assert ("budi", "batalkan batch", "#3") in done_by and ("budi", "salin database", "PostgreSQL") in done_by
    # the next batch continues the numbering, and the copy refuses a target that has batches
    copied = len(store.history(target))  # the sample's batches
    assert store.save_batch("ska", store.current("ska", target).head(1), admin("operator"), path=target) == copied + 1
    again = run("salin-ke", target, "--user", "budi", env_db=duckdb_db)
    assert again.returncode == 1
    assert "sudah berisi data" in again.stderr
    assert len(store.history(target)) == copied + 1
