"""A backup of the whole store as one file, and its restore into an empty store of either backend.

The archive is a zip: `manifest.json` (format, schema version, source backend, time, and per table its part, rows
and SHA-256) and one Parquet file per table (`tabel/<table>.parquet`): meta, batch, every data table, akun, audit,
i.e. every table the store's schema version created (read from MIGRATIONS, so a new table is backed up without
touching this module). It is written with mode 0600: it holds the accounts' password hashes.

One snapshot: every table is read in one transaction (PostgreSQL: REPEATABLE READ, so an import committing meanwhile
is in the backup wholly or not at all; DuckDB: the file is held by the backup while it reads, a writer waits).
Restore: every part checked against the manifest before anything is written; the target created at the archive's
schema version, every table loaded in one transaction, row counts checked, the id sequences continued after the
restored ids, then the target migrated to this release's version (MIGRATIONS). Only into an empty store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lib import store  # the package's connect, migrate, _transaction, _write_lock (this module is part of it)
from lib.errors import Refused, UserError
from lib.principal import Principal, require_admin
from lib.store import duckdb_backend, sql
from lib.store.audit import record_audit

FORMAT = "atensi-cadangan"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KEEP_META = ("schema_version", "perubahan")  # meta rows the target keeps its own of (migrations set them)


def tables_at(version: int) -> list[str]:
    """The tables the store has at schema `version`, in the order they were created (a table before those that
    refer to it)."""
    statements = [s for v in range(1, version + 1) for s in sql.MIGRATIONS[v]]
    return [m.group(1) for s in statements if (m := re.match(r"\s*CREATE TABLE (\w+)", s))]


def sequences_at(version: int) -> dict[str, str]:
    """The id sequences at schema `version`, by the table whose `id` they number (`batch_id_seq` numbers `batch`)."""
    statements = [s for v in range(1, version + 1) for s in sql.MIGRATIONS[v]]
    names = [m.group(1) for s in statements if (m := re.match(r"\s*CREATE SEQUENCE (\w+)_id_seq", s))]
    return {name: f"{name}_id_seq" for name in names}


def _is_duckdb(con) -> bool:
    return isinstance(con, duckdb_backend.Connection)


def _part(name: str) -> str:
    return f"tabel/{name}.parquet"


def _parquet(table: pa.Table) -> bytes:
    out = pa.BufferOutputStream()
    pq.write_table(table, out, compression="zstd")
    return out.getvalue().to_pybytes()


def _private_file(out: Path) -> tuple[Path, int]:
    """A new temporary file beside `out`, readable and writable by its owner only (0600)."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)


def write_backup(con, out: Path, version: int, source: str) -> dict:
    """Every table of `con` (at schema `version`) in one snapshot into the archive `out`; returns the manifest.
    The file appears whole or not at all (written beside it, then renamed)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp, fd = _private_file(out)
    manifest: dict = {
        "format": FORMAT,
        "versi_format": FORMAT_VERSION,
        "schema_version": version,
        "sumber": source,
        "dibuat": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "tabel": {},
    }
    try:
        with os.fdopen(fd, "wb") as fh:
            with zipfile.ZipFile(fh, "w") as zf:
                con.execute(
                    "BEGIN TRANSACTION" if _is_duckdb(con) else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                )
                try:
                    for name in tables_at(version):
                        data = _parquet(con.arrow(f"SELECT * FROM {name}"))
                        zf.writestr(_part(name), data, compress_type=zipfile.ZIP_STORED)  # Parquet is compressed
                        rows = pq.read_metadata(io.BytesIO(data)).num_rows
                        sha = hashlib.sha256(data).hexdigest()
                        manifest["tabel"][name] = {"berkas": _part(name), "baris": rows, "sha256": sha}
                finally:
                    con.execute("COMMIT")  # a read-only snapshot: nothing to undo
                zf.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return manifest


def _not_a_backup(file: str, why: str) -> UserError:
    return UserError(
        "Berkas cadangan tidak dapat dipakai",
        f"{os.path.basename(file)}: {why} Tidak ada yang dipulihkan. Pakai berkas dari `python -m lib cadangan`, "
        "utuh seperti saat dibuat.",
    )


@dataclass
class Archive:
    """An opened, verified backup: its manifest and where its parts are."""

    file: str
    manifest: dict

    @property
    def schema_version(self) -> int:
        return int(self.manifest["schema_version"])

    def rows(self, name: str) -> int:
        return int(self.manifest["tabel"][name]["baris"])

    def table(self, name: str) -> pa.Table:
        with zipfile.ZipFile(self.file) as zf:
            return pq.read_table(
                io.BytesIO(zf.read(_part(name))), use_threads=False
            )  # threads: abort at exit (pyarrow 26)

    def account(self, login: str) -> dict | None:
        """The archive's account `login` (its row of `akun`), or None."""
        if "akun" not in self.manifest["tabel"]:
            return None
        found = [r for r in self.table("akun").to_pylist() if r["login"] == login]
        return found[0] if found else None


def open_archive(file: str, newest: int) -> Archive:
    """The archive `file`, with every part checked against its manifest (present, SHA-256, rows), and its schema
    version at most `newest`; else a UserError saying what is wrong. Nothing is written."""
    try:
        zf = zipfile.ZipFile(file)
    except FileNotFoundError:
        raise _not_a_backup(file, "berkas tidak ditemukan.") from None
    except (zipfile.BadZipFile, OSError):
        raise _not_a_backup(file, "bukan berkas cadangan ATENSI (bukan zip, atau terpotong).") from None
    with zf:
        try:
            manifest = json.loads(zf.read(MANIFEST))
        except (KeyError, ValueError):
            raise _not_a_backup(file, f"tidak berisi {MANIFEST} yang terbaca.") from None
        if manifest.get("format") != FORMAT or manifest.get("versi_format") != FORMAT_VERSION:
            raise _not_a_backup(file, "bukan berkas cadangan ATENSI (format tidak dikenal).")
        version = int(manifest.get("schema_version", 0))
        if version > newest:
            raise UserError(
                "Cadangan dari versi lebih baru",
                f"Cadangan ini berskema versi {version}, aplikasi ini hanya mengenal sampai versi {newest}. "
                "Perbarui aplikasi, lalu pulihkan lagi.",
            )
        expected = tables_at(version)
        if sorted(manifest.get("tabel", {})) != sorted(expected):
            raise _not_a_backup(file, "daftar tabel di manifest tidak sesuai versi skemanya.")
        for name in expected:
            part = manifest["tabel"][name]
            try:
                data = zf.read(part["berkas"])
            except (KeyError, zipfile.BadZipFile, OSError):
                raise _not_a_backup(file, f"bagian {part['berkas']} hilang atau rusak.") from None
            if hashlib.sha256(data).hexdigest() != part["sha256"]:
                raise _not_a_backup(file, f"isi {part['berkas']} tidak cocok dengan SHA-256 di manifest.")
            if pq.read_metadata(io.BytesIO(data)).num_rows != part["baris"]:
                raise _not_a_backup(file, f"jumlah baris {part['berkas']} tidak cocok dengan manifest.")
    return Archive(file, manifest)


def check_empty(con, version: int) -> None:
    """Refused unless the store (at schema `version`) holds no batch, account or audit line."""
    present = [t for t in ("batch", "akun", "audit") if t in tables_at(version)]
    found = {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]) for t in present}
    if any(found.values()):
        held = ", ".join(f"{n} {t}" for t, n in found.items() if n)
        raise Refused(
            "Database tujuan sudah berisi data",
            f"Tujuan sudah memiliki {held}; cadangan hanya dipulihkan ke database yang masih kosong "
            "(berkas DuckDB baru, atau database PostgreSQL kosong).",
        )


def load_tables(con, archive: Archive) -> None:
    """Every table of the archive into `con` (within the caller's transaction), counted against the manifest; the
    id sequences continue after the restored ids."""
    for name in tables_at(archive.schema_version):
        table = archive.table(name)
        where = ""
        if name == "meta":  # the target's own schema version and change counter stay (its migrations set them)
            table = table.filter(pc.invert(pc.is_in(table["kunci"], pa.array(KEEP_META))))
            where = " WHERE kunci NOT IN ('schema_version', 'perubahan')"
            con.execute(f"DELETE FROM meta{where}")  # the rest is the backup's (the sign-in key, migration 4)
        con.load(name, table)
        found = int(con.execute(f"SELECT count(*) FROM {name}{where}").fetchall()[0][0])
        if found != table.num_rows:
            raise UserError(
                "Pemulihan gagal",
                f"Tabel {name} berisi {found} baris setelah dimuat, cadangan mencatat {table.num_rows}. "
                "Tidak ada yang dipulihkan.",
            )
    for name, sequence in sequences_at(archive.schema_version).items():
        last = con.execute(f"SELECT coalesce(max(id), 0) FROM {name}").fetchall()[0][0]
        if last:
            con.continue_sequence(sequence, int(last))
    if archive.schema_version >= 2:  # the change counter exists: a dashboard reading this store sees a change
        con.execute(sql.BUMP_CHANGES)


def audit_restore(con, who: Principal, archive: Archive) -> None:
    record_audit(
        con,
        who,
        "pulihkan cadangan",
        os.path.basename(archive.file),
        rincian=f"{archive.rows('batch')} batch, dibuat {archive.manifest['dibuat']}, "
        f"skema versi {archive.schema_version}",
    )


def audit_backup(con, who: Principal, out: Path, manifest: dict) -> None:
    rows = sum(t["baris"] for name, t in manifest["tabel"].items() if name.startswith("data_"))
    record_audit(
        con, who, "buat cadangan", out.name, rincian=f"{manifest['tabel']['batch']['baris']} batch, {rows} baris data"
    )


def require_backup_admin(who: Principal) -> Principal:
    return require_admin(who, "membuat atau memulihkan cadangan")


def backup(out: str | Path, *, pengguna: Principal, path: str | None = None) -> dict:
    """The whole store (ATENSI_DB, or `path`) in one snapshot into the archive `out` (mode 0600), by an admin;
    audited in the store. Returns the manifest. The store is backed up at its own schema version."""
    require_backup_admin(pengguna)
    path = path or store.db_path()
    server = store.is_server(path)
    if not server and not Path(path).exists():
        raise UserError("Database tidak ditemukan", f"Tidak ada database {os.path.basename(path)} untuk dicadangkan.")
    out = Path(out)
    if not server and out.resolve() == Path(path).resolve():
        raise UserError(
            "Tujuan sama dengan database", "Sebutkan berkas cadangan lain, bukan berkas database itu sendiri."
        )
    with store.connect(path) as con:
        version = store.schema_version(con)
        if version == 0:
            raise UserError("Database masih kosong", "Database belum dibuat; tidak ada yang dicadangkan.")
        manifest = write_backup(con, out, version, "postgresql" if server else "duckdb")
        if "audit" in tables_at(version):
            audit_backup(con, pengguna, out, manifest)
    return manifest


def restore(archive: Archive, *, pengguna: Principal, path: str | None = None) -> dict[str, int]:
    """The verified `archive` into the empty store ATENSI_DB (or `path`; a DuckDB file is created when missing),
    by an admin: created at the archive's schema version, loaded in one transaction, then migrated to this
    release's version and the restore audited. Returns rows per table."""
    require_backup_admin(pengguna)
    version = archive.schema_version
    with store._write_lock, store.connect(path) as con:
        found = store.schema_version(con)
        if found > version:
            check_empty(con, found)
            raise Refused(
                "Database tujuan lebih baru dari cadangan",
                f"Tujuan sudah berskema versi {found}, cadangan versi {version}: pulihkan ke berkas DuckDB baru atau "
                "database PostgreSQL yang belum berisi tabel; versinya dinaikkan sesudah dipulihkan.",
            )
        store.migrate(con, to=version)
        with store._transaction(con):
            con.lock_schema()  # two restores at once: the second waits, then finds the data and refuses
            check_empty(con, version)
            load_tables(con, archive)
        store.migrate(con)
        with store._transaction(con):
            audit_restore(con, pengguna, archive)
            con.execute(sql.BUMP_CHANGES)
    return {name: archive.rows(name) for name in tables_at(version)}
