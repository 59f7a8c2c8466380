"""The command line, `python -m lib …`, for staff and automation.

Exit codes (DESIGN.md): 0 done, 1 invalid data or a refused operation, 2 unreadable input or bad usage.
Help and messages in Bahasa Indonesia, or English with ATENSI_LANG=en (or --lang en).
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys

from lib import metrics, sample, store
from lib.config import load_config, setting
from lib.errors import UserError
from lib.schema import DATASETS

TEXT = {
    "id": {
        "prog": "Dasbor Rakor ATENSI: database, data contoh, ekspor, riwayat dan pembatalan batch.",
        "epilog": "Database: variabel lingkungan ATENSI_DB. Kode keluar: 0 berhasil, 1 data tidak valid atau "
                  "ditolak, 2 berkas tidak terbaca atau perintah salah.",
        "init": "buat database (dan isi dengan data contoh bila --sample)",
        "sample": "isi database kosong dengan data contoh yang dibangkitkan",
        "export": "tulis nilai terkini sebuah dataset sebagai CSV",
        "dataset": "nama dataset: " + ", ".join(DATASETS),
        "out": "berkas tujuan (bawaan: layar / stdout)",
        "history": "daftar semua batch, terbaru dahulu",
        "rollback": "batalkan sebuah batch: nilai sebelumnya kembali berlaku",
        "batch": "nomor batch (lihat: history)",
        "user": "nama Anda, dicatat pada riwayat",
        "lang": "bahasa pesan: id atau en",
        "created": "Database siap: {db}",
        "seeded": "Data contoh dimuat: {n} batch ({rows} baris).",
        "not_empty": "Database sudah berisi {n} batch; data contoh tidak ditambahkan.",
        "exported": "{rows} baris {ds} ditulis ke {out}.",
        "rolled_back": "Batch #{id} ({ds}) dibatalkan. Nilai sebelumnya berlaku lagi.",
        "empty_history": "Belum ada batch.",
        "error": "Galat",
        "usage_error": "Perintah tidak dapat dipahami",
    },
    "en": {
        "prog": "ATENSI Rakor Dashboard: database, sample data, export, history and batch rollback.",
        "epilog": "Database: environment variable ATENSI_DB. Exit codes: 0 done, 1 invalid data or refused, "
                  "2 unreadable file or bad usage.",
        "init": "create the database (and fill it with sample data with --sample)",
        "sample": "fill an empty database with the generated sample data",
        "export": "write the current values of a dataset as CSV",
        "dataset": "dataset name: " + ", ".join(DATASETS),
        "out": "output file (default: stdout)",
        "history": "list every batch, newest first",
        "rollback": "roll a batch back: the previous values apply again",
        "batch": "batch number (see: history)",
        "user": "your name, recorded in the history",
        "lang": "message language: id or en",
        "created": "Database ready: {db}",
        "seeded": "Sample data loaded: {n} batches ({rows} rows).",
        "not_empty": "The database already holds {n} batches; no sample data added.",
        "exported": "{rows} rows of {ds} written to {out}.",
        "rolled_back": "Batch #{id} ({ds}) rolled back. The previous values apply again.",
        "empty_history": "No batches yet.",
        "error": "Error",
        "usage_error": "Bad usage",
    },
}


def _lang(argv: list[str]) -> str:
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in TEXT else "id"
        if a.startswith("--lang="):
            return a.split("=", 1)[1] if a.split("=", 1)[1] in TEXT else "id"
    return setting("ATENSI_LANG") if setting("ATENSI_LANG") in TEXT else "id"


class _Parser(argparse.ArgumentParser):
    usage_error = "Perintah tidak dapat dipahami"

    def error(self, message):  # argparse's own words stay (English), prefixed in the chosen language; exit 2
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.usage_error}: {message}\n")


def build_parser(t: dict) -> argparse.ArgumentParser:
    _Parser.usage_error = t["usage_error"]
    p = _Parser(prog="python -m lib", description=t["prog"], epilog=t["epilog"])
    p.add_argument("--lang", choices=list(TEXT), help=t["lang"])
    sub = p.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    s = sub.add_parser("init", help=t["init"], description=t["init"])
    s.add_argument("--sample", action="store_true", help=t["sample"])
    s = sub.add_parser("export", help=t["export"], description=t["export"])
    s.add_argument("dataset", choices=list(DATASETS), metavar="DATASET", help=t["dataset"])
    s.add_argument("--out", metavar="FILE", help=t["out"])
    sub.add_parser("history", help=t["history"], description=t["history"])
    s = sub.add_parser("rollback", help=t["rollback"], description=t["rollback"])
    s.add_argument("batch", type=int, metavar="BATCH", help=t["batch"])
    s.add_argument("--user", default=None, help=t["user"])
    return p


def _user(name: str | None) -> str:
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "baris perintah"


def cmd_init(args, t) -> int:
    db = store.db_path()
    store.init_db()
    print(t["created"].format(db=db))
    if args.sample:
        n = len(store.history())
        if n:
            print(t["not_empty"].format(n=n))
        else:
            ids = sample.seed()
            rows = int(store.history()["baris_baru"].sum())
            print(t["seeded"].format(n=len(ids), rows=f"{rows:,}".replace(",", ".")))
    return 0


def cmd_export(args, t) -> int:
    df = store.current(args.dataset)
    if args.out:
        df.to_csv(args.out, index=False)
        print(t["exported"].format(rows=len(df), ds=args.dataset, out=args.out), file=sys.stderr)
    else:
        df.to_csv(sys.stdout, index=False)
    return 0


def cmd_history(args, t) -> int:
    hist = store.history()
    if hist.empty:
        print(t["empty_history"])
        return 0
    table = metrics.history_rows(hist, load_config())
    print(table.drop(columns=["Catatan"]).to_string(index=False))
    return 0


def cmd_rollback(args, t) -> int:
    done = store.rollback_batch(args.batch, _user(args.user))
    print(t["rolled_back"].format(id=done["id"], ds=done["dataset"]))
    return 0


COMMANDS = {"init": cmd_init, "export": cmd_export, "history": cmd_history, "rollback": cmd_rollback}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    t = TEXT[_lang(argv)]
    args = build_parser(t).parse_args(argv)  # argparse exits with 2 on bad usage
    try:
        return COMMANDS[args.command](args, t)
    except BrokenPipeError:  # `python -m lib export pas | head`: the reader left, which is fine
        sys.stdout = open(os.devnull, "w")
        return 0
    except UserError as e:
        print(f"{t['error']}: {e.title}. {e.message}", file=sys.stderr)
        if e.details is not None:
            print(e.details.to_string(index=False) if hasattr(e.details, "to_string") else e.details,
                  file=sys.stderr)
        return e.exit_code
