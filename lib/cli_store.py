"""The command line's work on the whole store: `cadangan` (backup), `pulihkan` (restore) and `hapus-contoh`
(removing the sample data when a Sentra goes live).

Both act as a named admin (--user): a backup as an account of the database it reads, a restore as an admin account
inside the backup (the empty target has none). Their words are in lib/cli_text.py.
"""

from __future__ import annotations

import os

from lib import accounts, store
from lib.errors import Refused
from lib.principal import ADMIN, Principal
from lib.store import backup


def add_parsers(sub, t: dict) -> None:
    s = sub.add_parser("cadangan", help=t["backup"], description=t["backup"])
    s.add_argument("out", metavar="OUT.zip", help=t["backup_out"])
    s.add_argument("--user", required=True, help=t["user"])
    s = sub.add_parser("pulihkan", help=t["restore"], description=t["restore"])
    s.add_argument("file", metavar="FILE.zip", help=t["restore_file"])
    s.add_argument("--user", required=True, help=t["restore_user"])
    s = sub.add_parser("hapus-contoh", help=t["unsample"], description=t["unsample"])
    s.add_argument("--user", required=True, help=t["user"])
    s.add_argument("--ya", action="store_true", help=t["unsample_yes"])


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def cmd_backup(args, t) -> int:
    manifest = backup.backup(args.out, pengguna=accounts.cli_principal(args.user))
    tables = manifest["tabel"]
    rows = sum(part["baris"] for name, part in tables.items() if name.startswith("data_"))
    size = max(1, os.path.getsize(args.out) // 1024)
    print(
        t["backed_up"].format(
            out=args.out,
            size=size,
            batches=tables["batch"]["baris"],
            rows=_thousands(rows),
            version=manifest["schema_version"],
        )
    )
    return 0


def _restorer(archive: backup.Archive, login: str, t: dict) -> Principal:
    """The admin doing the restore: an active admin account of the backup. A backup from before accounts existed
    (schema version < 3) has none: the name given is recorded as the admin."""
    if "akun" not in archive.manifest["tabel"]:
        return Principal(accounts.normal_login(login), ADMIN, via=accounts.cli_via())
    row = archive.account(accounts.normal_login(login))
    if row is None or not row["aktif"] or row["peran"] != ADMIN:
        raise Refused(t["restore_who"], t["restore_who_msg"].format(login=login))
    return accounts.principal_of(row, accounts.cli_via())


def cmd_restore(args, t) -> int:
    archive = backup.open_archive(args.file, store.SCHEMA_VERSION)
    counts = backup.restore(archive, pengguna=_restorer(archive, args.user, t))
    print(
        t["restored"].format(
            db=store.db_path(),
            batches=counts["batch"],
            rows=_thousands(sum(n for name, n in counts.items() if name.startswith("data_"))),
            akun=counts.get("akun", 0),
            audit=counts.get("audit", 0),
            made=archive.manifest["dibuat"],
            version=archive.schema_version,
        )
    )
    return 0


def cmd_remove_sample(args, t) -> int:
    """Without --ya: what would go, and nothing changed (exit 1). With it: every sample batch rolled back at once."""
    who = accounts.cli_principal(args.user)
    history = store.history()
    active = history[history["contoh"] & history["aktif"]]
    if active.empty:
        print(t["unsample_none"])
        return 0
    listed = ", ".join(f"#{i} ({d})" for i, d in zip(active["id"], active["dataset"]))
    if not args.ya:
        print(t["unsample_would"].format(n=len(active), batches=listed))
        return 1
    from lib.ingest import write  # here: the write path's libraries load only for this command

    ids = write.remove_sample(who)
    print(t["unsample_done"].format(n=len(ids), batches=listed))
    return 0


COMMANDS = {"cadangan": cmd_backup, "pulihkan": cmd_restore, "hapus-contoh": cmd_remove_sample}
