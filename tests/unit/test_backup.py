"""Backup and restore as staff run them (`python -m lib cadangan` / `pulihkan`): the whole store in one file, taken
while the dashboard or an import writes, restored into an empty store of either backend, and nothing else
accepted: a damaged archive, a store that holds data, someone who is not an admin."""

from __future__ import annotations

import io
import json
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pandas.testing as pdt
import psycopg
import pytest

from lib import accounts, ingest, sample, store
from lib.schema import DATASETS
from lib.store import backup
from tests.conftest import ADMIN_PASSWORD, SAMPLE_BATCHES, query
from tests.holder import holding
from tests.principals import admin
from tests.unit.test_cli import ROOT, run

TARGETS = ["duckdb", "postgres"]


@pytest.fixture(params=TARGETS, ids=lambda t: f"ke_{t}")
def target(request, tmp_path, pg_database) -> str:
    """An empty store of each backend in turn, to restore into: a DuckDB file not yet made, an empty database."""
    return str(tmp_path / "pulih" / "atensi.duckdb") if request.param == "duckdb" else pg_database()


def filled(db: str) -> str:
    """The sample data, an admin and an operator, a rolled-back batch: what a Sentra's store holds; the admin."""
    sample.seed(db)
    accounts.first_admin("admin@sentra.test", ADMIN_PASSWORD, "Admin Uji", path=db)
    by = accounts.cli_principal("admin@sentra.test", path=db)
    accounts.add_user(by, "op.kendari", "operator", ["74.71"], "Operator Kendari", "sandi-operator-1", path=db)
    store.rollback_batch(3, by, path=db)
    meeting = {"rapat": "Rakor Desember", "jenis_rapat": "Rakor", "seri_rapat": "Rakor Sentra", "slide": "judul"}
    ingest.write_meeting({**meeting, "tanggal_rapat": "2026-12-14", "wilayah_peserta": "74.71"}, by, path=db)
    return "admin@sentra.test"


def exports(db: str) -> dict[str, str]:
    return {name: store.current(name, db).to_csv(index=False) for name in DATASETS}


def audit_rows(db: str, without: str) -> list[tuple]:
    return [r for r in query(db, "SELECT * FROM audit ORDER BY id") if r[5] != without]


def assert_same_store(restored: str, source: str) -> None:
    """Every dataset's current values, the batch list, the accounts (with their hashes) and the audit trail."""
    assert exports(restored) == exports(source)
    pdt.assert_frame_equal(store.history(restored), store.history(source))
    assert query(restored, "SELECT * FROM akun ORDER BY login") == query(source, "SELECT * FROM akun ORDER BY login")
    assert query(restored, "SELECT * FROM rapat ORDER BY id") == query(source, "SELECT * FROM rapat ORDER BY id")
    assert audit_rows(restored, "pulihkan cadangan") == audit_rows(source, "buat cadangan")


def test_backup_restored_into_an_empty_store_of_either_backend_gives_the_same_data_batches_accounts_and_audit(
    db, target, tmp_path
):
    user = filled(db)
    out = tmp_path / "cadangan" / "atensi.zip"
    done = run("cadangan", str(out), "--user", user, env_db=db)
    assert done.returncode == 0, done.stderr
    assert f"{SAMPLE_BATCHES} batch" in done.stdout and "hash kata sandi" in done.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # it holds password hashes
    manifest = json.loads(zipfile.ZipFile(out).read("manifest.json"))
    assert manifest["schema_version"] == store.SCHEMA_VERSION
    assert manifest["tabel"]["batch"]["baris"] == SAMPLE_BATCHES and manifest["tabel"]["akun"]["baris"] == 2
    tables = {"meta", "batch", "akun", "audit", "percobaan_masuk", "rapat", *(f"data_{name}" for name in DATASETS)}
    tables |= {"tindak_lanjut", "notulis", "slide_tampil"}  # the meeting's record (migration 7)
    assert set(manifest["tabel"]) == tables

    restored = run("pulihkan", str(out), "--user", user, env_db=target)
    assert restored.returncode == 0, restored.stderr
    assert f"{SAMPLE_BATCHES} batch" in restored.stdout and "2 akun" in restored.stdout
    assert_same_store(target, db)
    # the backup and the restore are in the audit trails; the restored store signs in and numbers on
    assert ("buat cadangan", "atensi.zip") in [(r[5], r[6]) for r in query(db, "SELECT * FROM audit")]
    assert ("pulihkan cadangan", "atensi.zip") in [(r[5], r[6]) for r in query(target, "SELECT * FROM audit")]
    assert accounts.sign_in("op.kendari", "sandi-operator-1", path=target).wilayah == {"74.71"}
    assert store.save_batch("ska", store.current("ska", target).head(1), admin(), path=target) == SAMPLE_BATCHES + 1
    assert query(target, "SELECT max(id) FROM audit")[0][0] == len(query(target, "SELECT id FROM audit"))


def _changed_pas(db: str, path: Path) -> Path:
    """Every PAS row with `terdata` one higher: an import that changes every row (and takes a few seconds)."""
    pas = store.current("pas", db)
    pas["terdata"] += 1
    pas.to_csv(path, index=False)
    return path


def test_a_backup_taken_while_an_import_runs_holds_the_store_before_or_after_it_never_half(db, target, tmp_path):
    user = filled(db)
    before = exports(db)
    upload = _changed_pas(db, tmp_path / "pas_baru.csv")
    env = {"ATENSI_DB": db, "PATH": "/usr/bin:/bin", "ATENSI_CONTOH_HARI_INI": "2026-01-15"}
    command = [sys.executable, "-m", "lib"]
    importing = subprocess.Popen([*command, "import", str(upload), "--user", user], cwd=ROOT, env=env, text=True)
    out = tmp_path / "selagi_impor.zip"
    backing_up = subprocess.Popen([*command, "cadangan", str(out), "--user", user], cwd=ROOT, env=env, text=True)
    assert importing.wait(timeout=120) == 0
    assert backing_up.wait(timeout=120) == 0
    after = exports(db)
    assert after != before

    assert run("pulihkan", str(out), "--user", user, env_db=target).returncode == 0
    restored = exports(target)
    assert restored in (before, after)
    batches = store.history(target)
    assert len(batches) == (
        SAMPLE_BATCHES if restored == before else SAMPLE_BATCHES + 1
    )  # the import's batch wholly, or not at all


def test_a_postgresql_backup_reads_one_snapshot_and_does_not_wait_for_a_write_in_progress(pg_database, tmp_path):
    db = pg_database()
    user = filled(db)
    before = exports(db)
    writer = psycopg.connect(db, autocommit=False)  # an import's transaction, open while the backup runs
    try:
        batch = writer.execute(
            "INSERT INTO batch (dataset, pengguna, waktu, baris_baru, baris_berubah, baris_sama) "
            "VALUES ('ska', 'impor', now(), 0, 1, 0) RETURNING id"
        ).fetchall()[0][0]
        writer.execute(
            "INSERT INTO data_ska SELECT %s, periode, unit, 1, 1, 1, 1 FROM data_ska WHERE batch_id = (SELECT min(id) FROM batch WHERE dataset = 'ska')",
            [batch],
        )
        done = run("cadangan", str(tmp_path / "a.zip"), "--user", user, env_db=db, timeout=60)
        assert done.returncode == 0, done.stderr
    finally:
        writer.commit()
        writer.close()
    assert exports(db) != before
    restored = pg_database()
    assert run("pulihkan", str(tmp_path / "a.zip"), "--user", user, env_db=restored).returncode == 0
    assert exports(restored) == before and len(store.history(restored)) == SAMPLE_BATCHES


def test_a_duckdb_backup_waits_while_another_process_holds_the_file_and_says_so(duckdb_db, tmp_path):
    user = filled(duckdb_db)
    env = {"ATENSI_DB": duckdb_db, "PATH": "/usr/bin:/bin", "ATENSI_CONTOH_HARI_INI": "2026-01-15"}
    out = tmp_path / "b.zip"
    with holding(duckdb_db, write=True):
        proc = subprocess.Popen(
            [sys.executable, "-m", "lib", "cadangan", str(out), "--user", user],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert "Menunggu database" in proc.stderr.readline()  # blocks until the command says it waits
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.exists()


def test_an_archive_of_an_older_schema_version_is_restored_and_migrated(target, tmp_path):
    old = str(tmp_path / "versi2.duckdb")  # a store as release 2 left it: no accounts, no audit trail
    con = store.duckdb_backend.Connection(duckdb.connect(old))
    store.migrate(con, to=2)
    rows = sample.make_sample()["pas"].head(50)
    con.execute(
        "INSERT INTO batch (dataset, pengguna, waktu, baris_baru, baris_berubah, baris_sama) "
        "VALUES ('pas', 'lama', TIMESTAMP '2024-05-01 08:00:00', 50, 0, 0)"
    )
    con.append("data_pas", list(rows.columns), rows, batch_id=1)
    out = tmp_path / "versi2.zip"
    assert backup.write_backup(con, out, 2, "duckdb")["schema_version"] == 2
    con.raw.close()

    done = run("pulihkan", str(out), "--user", "admin lama", env_db=target)
    assert done.returncode == 0, done.stderr
    assert "skema versi 2" in done.stdout
    assert query(target, "SELECT nilai FROM meta WHERE kunci = 'schema_version'") == [(str(store.SCHEMA_VERSION),)]
    assert len(store.current("pas", target)) == 50
    assert store.history(target)["pengguna"].tolist() == ["lama"]
    assert query(target, "SELECT login, aksi FROM audit") == [("admin lama", "pulihkan cadangan")]


def _tampered(out: Path, part: str) -> bytes:
    """The archive with one byte of `part` changed, its manifest untouched."""
    buf = io.BytesIO()
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
            dst.writestr(info, data)
    return buf.getvalue()


def test_a_damaged_or_foreign_archive_is_refused_with_exit_2_and_writes_nothing(duckdb_db, tmp_path, pg_database):
    user = filled(duckdb_db)
    out = tmp_path / "baik.zip"
    assert run("cadangan", str(out), "--user", user, env_db=duckdb_db).returncode == 0
    cases = {
        "rusak.zip": (_tampered(out, "tabel/data_pas.parquet"), "tidak cocok dengan SHA-256"),
        "terpotong.zip": (out.read_bytes()[: out.stat().st_size // 2], "bukan berkas cadangan"),
        "catatan.txt": (b"bukan cadangan\n", "bukan berkas cadangan"),
    }
    target = pg_database()
    for name, (data, words) in cases.items():
        (tmp_path / name).write_bytes(data)
        done = run("pulihkan", str(tmp_path / name), "--user", user, env_db=target)
        assert done.returncode == 2, (name, done.stderr)
        assert words in done.stderr and "Tidak ada yang dipulihkan" in done.stderr and "Traceback" not in done.stderr
    assert query(target, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") == [(0,)]


def test_restore_refuses_a_store_that_holds_data_and_a_backup_refuses_a_non_admin(db, tmp_path):
    user = filled(db)
    out = tmp_path / "c.zip"
    operator = run("cadangan", str(out), "--user", "op.kendari", env_db=db)
    assert operator.returncode == 1 and "hanya admin" in operator.stderr and not out.exists()
    assert run("cadangan", str(out), "--user", user, env_db=db).returncode == 0
    again = run("pulihkan", str(out), "--user", user, env_db=db)
    assert again.returncode == 1 and "sudah berisi data" in again.stderr
    assert len(store.history(db)) == SAMPLE_BATCHES
    english = run("--lang", "en", "cadangan", str(tmp_path / "d.zip"), "--user", user, env_db=db)
    assert "Backup written" in english.stdout and "password hashes" in english.stdout


def test_restore_as_someone_who_is_no_admin_of_the_backup_is_refused(duckdb_db, tmp_path, pg_database):
    user = filled(duckdb_db)
    out = tmp_path / "c.zip"
    assert run("cadangan", str(out), "--user", user, env_db=duckdb_db).returncode == 0
    target = pg_database()
    for who in ("op.kendari", "siapa.saja"):
        done = run("pulihkan", str(out), "--user", who, env_db=target)
        assert done.returncode == 1 and "tidak memiliki akun admin" in done.stderr, done.stderr
    assert pd.DataFrame(query(target, "SELECT 1 WHERE false")).empty


def test_hapus_contoh_shows_what_goes_without_ya_then_rolls_back_every_sample_batch_in_one_audited_step(db):
    user = filled(db)  # batch 3 (program) is rolled back already
    real = store.current("ska", db).head(2).assign(omzet=5)
    store.save_batch("ska", real, admin(), path=db, nama_berkas="ska_asli.xlsx")
    operator = run("hapus-contoh", "--user", "op.kendari", "--ya", env_db=db)
    assert operator.returncode == 1 and "hanya admin" in operator.stderr

    asked = run("hapus-contoh", "--user", user, env_db=db)
    assert (
        asked.returncode == 1
        and f"{SAMPLE_BATCHES - 1} batch data contoh akan dibatalkan" in asked.stdout
        and "--ya" in asked.stdout
    )
    assert query(db, "SELECT count(*) FROM batch WHERE contoh AND aktif") == [(SAMPLE_BATCHES - 1,)]

    done = run("hapus-contoh", "--user", user, "--ya", env_db=db)
    assert done.returncode == 0, done.stderr
    assert query(db, "SELECT count(*) FROM batch WHERE contoh AND aktif") == [(0,)]
    assert (store.freshness(db)["baris_contoh"] == 0).all()
    assert len(store.current("ska", db)) == 2  # the real upload is what remains
    lines = query(db, "SELECT login, aksi, objek FROM audit WHERE aksi = 'hapus data contoh'")
    assert lines == [(user, "hapus data contoh", f"{SAMPLE_BATCHES - 1} batch")]
    assert run("hapus-contoh", "--user", user, "--ya", env_db=db).returncode == 0  # nothing left: says so
