"""The command line, `python -m lib …`, for staff and automation.

Exit codes (DESIGN.md): 0 done, 1 invalid data or a refused operation, 2 unreadable input or bad usage.
Help and messages in Bahasa Indonesia, or English with ATENSI_LANG=en (or --lang en).
"""

from __future__ import annotations

import argparse
import os
import sys

from lib import cli_accounts, cli_quality, cli_server, cli_store, figures, present, sample, store
from lib.cli_text import TEXT
from lib.config import load_config, setting, today
from lib.errors import Refused, UserError
from lib.principal import Principal, check_sheets
from lib.schema import DATASETS
from lib.store import copy as store_copy


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
    s.add_argument("--raw", action="store_true", help=t["raw"])
    sub.add_parser("history", help=t["history"], description=t["history"])
    s = sub.add_parser("rollback", help=t["rollback"], description=t["rollback"])
    s.add_argument("batch", type=int, metavar="BATCH", help=t["batch"])
    s.add_argument("--user", required=True, help=t["user"])
    s = sub.add_parser("import", help=t["import"], description=t["import"])
    s.add_argument("file", metavar="FILE", help=t["file"])
    s.add_argument("--dry-run", action="store_true", help=t["dry_run"])
    s.add_argument("--user", default=None, help=t["user"])
    s.add_argument("--note", default=None, help=t["note"])
    s = sub.add_parser("template", help=t["template"], description=t["template"])
    s.add_argument("out", metavar="OUT.xlsx", help=t["template_out"])
    s = sub.add_parser("boundaries", help=t["boundaries"], description=t["boundaries"])
    bsub = s.add_subparsers(dest="action", required=True, metavar="AKSI")
    b = bsub.add_parser("load", help=t["b_load"], description=t["b_load"])
    b.add_argument("file", metavar="FILE", help=t["b_file"])
    b.add_argument("--atribusi", default=None, help=t["b_attr"])
    b.add_argument("--user", required=True, help=t["user"])
    b = bsub.add_parser("download", help=t["b_download"], description=t["b_download"])
    b.add_argument("--url", default=None, help=t["b_url"])
    b.add_argument("--sha256", default=None, help=t["b_sha"])
    b.add_argument("--user", required=True, help=t["user"])
    s = sub.add_parser("brief", help=t["brief"], description=t["brief"])
    s.add_argument("kode", nargs="?", metavar="KODE", help=t["brief_kode"])
    s.add_argument("--all", action="store_true", help=t["brief_all"])
    s.add_argument("--out", required=True, metavar="FILE.pdf", help=t["brief_out"])
    s.add_argument("--periode", default=None, metavar="YYYY-MM", help=t["periode"])
    s.add_argument("--rapat", type=int, default=None, metavar="ID", help=t["rapat_id"])
    s = sub.add_parser("deck", help=t["deck"], description=t["deck"])
    s.add_argument("--out", required=True, metavar="FILE.pptx", help=t["deck_out"])
    s.add_argument("--periode", default=None, metavar="YYYY-MM", help=t["periode"])
    s.add_argument("--rapat", type=int, default=None, metavar="ID", help=t["rapat_id"])
    s = sub.add_parser("periksa-konfigurasi", help=t["check"], description=t["check"])
    s.add_argument("dir", nargs="?", default=None, metavar="DIR", help=t["check_dir"])
    s = sub.add_parser("salin-ke", help=t["copy"], description=t["copy"])
    s.add_argument("target", metavar="postgresql://…", help=t["copy_target"])
    s.add_argument("--user", required=True, help=t["user"])
    cli_store.add_parsers(sub, t)
    cli_quality.add_parsers(sub, t)
    cli_server.add_parsers(sub, t)
    cli_accounts.add_parsers(sub, t)
    return p


def _user(login: str | None):
    """The named existing account the command acts as (lib.accounts.cli_principal); else Refused, exit 1."""
    from lib import accounts

    return accounts.cli_principal(login)


def cmd_init(args, t) -> int:
    db = store.db_path()
    store.init_db()
    print(t["created"].format(db=db))
    if args.sample:
        n = len(store.history())
        if n:
            print(t["not_empty"].format(n=n))
        else:
            ids = sample.seed()  # by the system principal (lib.principal.SYSTEM)
            rows = int(store.history()["baris_baru"].sum())
            print(t["seeded"].format(n=len(ids), rows=f"{rows:,}".replace(",", ".")))
    return 0


def cmd_export(args, t) -> int:
    from lib.render.export import safe_table

    df = store.current(args.dataset)
    if not args.raw:  # as the dashboard's downloads: a spreadsheet opening the file runs no formula
        df = safe_table(df)
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
    table = present.history_rows(hist, load_config())
    print(table.drop(columns=["Catatan"]).to_string(index=False))
    return 0


def cmd_rollback(args, t) -> int:
    from lib.ingest import rollback

    done = rollback(args.batch, _user(args.user))
    print(t["rolled_back"].format(id=done["id"], ds=done["dataset"]))
    return 0


def _table_text(df) -> str:
    """A table for the terminal: blanks instead of NaN/<NA>."""
    return df.astype(object).where(df.notna(), "").to_string(index=False)


def cmd_import(args, t) -> int:
    from lib import ingest

    try:
        with open(args.file, "rb") as f:
            data = f.read()
    except OSError:
        raise UserError(t["not_found"], t["not_found_msg"].format(path=args.file)) from None
    name = os.path.basename(args.file)
    if args.dry_run:
        outcome = ingest.preview_upload(data, name)
        if not outcome.result.ok:  # the same message and table as a real import (refused before any write)
            ingest.import_upload(data, name, user=Principal("-"), note=args.note)
        if args.user:  # would this account be allowed to import it?
            check_sheets(_user(args.user), outcome.result.sheets)
    else:
        outcome = ingest.import_upload(data, name, user=_user(args.user), note=args.note)
    result = outcome.result
    if result.notes:
        print(t["notes"])
        for note in result.notes:
            print(f"  {note}")
    for ds, cmp in outcome.comparisons.items():
        print(
            t["dataset_line"].format(ds=ds, new=cmp.count("baru"), changed=cmp.count("berubah"), same=cmp.count("sama"))
        )
    if result.warnings:
        print(t["warnings"].format(n=len(result.warnings)))
        print(_table_text(ingest.problems_table(result.warnings)))
    print(t["valid_dry"] if args.dry_run else t["imported"].format(ids=", ".join(f"#{i}" for i in outcome.batch_ids)))
    return 0


def cmd_template(args, t) -> int:
    from lib.ingest import write_template

    size = write_template(args.out)
    print(t["template_written"].format(out=args.out, size=max(1, size // 1024)))
    return 0


def cmd_boundaries(args, t) -> int:
    from lib import geo

    cfg = load_config()
    if args.action == "load":
        sumber = {"atribusi": args.atribusi} if args.atribusi else None
        laporan = geo.install(args.file, cfg, sumber=sumber, pengguna=_user(args.user))
    else:
        step = {"last": -1}

        def progress(done: int, total: int | None) -> None:
            tenth = done * 10 // total if total else done >> 20
            if tenth != step["last"]:
                step["last"] = tenth
                print(t["b_progress"].format(done=done // 1024, total=total // 1024 if total else "?"), file=sys.stderr)

        laporan = geo.download(cfg, url=args.url, sha256=args.sha256, progress=progress, pengguna=_user(args.user))
    for line in laporan.lines(cfg):
        print(line)
    print(t["b_done"].format(path=geo.installed_path(cfg)))
    return 0


def _meeting_inputs(args, t):
    """The store's current values, the configuration, the filter (a month) and today, for brief and deck."""
    cfg = load_config()
    data = store.current_all()
    periods = figures.periods(data)
    if not periods:
        raise Refused(t["error"], t["no_data"])
    periode = args.periode or periods[-1]
    if periode not in periods:
        raise UserError(t["error"], f"{periode}: {t['periode']} ({periods[0]} … {periods[-1]}).")
    return data, cfg, figures.Filter(periode=periode), today(cfg), store.freshness()


def _meeting(args, cfg, today, t):
    """The meeting set up as --rapat ID (exit 1 when there is none), else the next one, else the configuration's."""
    from lib.present import slides
    from lib.store.meetings import meetings

    found = meetings()
    if args.rapat is not None and args.rapat not in {r.id for r in found}:
        raise Refused(t["error"], t["rapat_unknown"].format(id=args.rapat))
    from lib.present.notulen import with_carried
    from lib.store.follow_ups import records

    rapat = slides.meeting_in_force(found, cfg, today, args.rapat)
    return with_carried(rapat, meetings(every=True), records(), cfg)  # the series' follow-ups after the title


def _written(out: str, size: int, t) -> int:
    print(t["written"].format(out=out, size=max(1, size // 1024)))
    return 0


def cmd_brief(args, t) -> int:
    from lib.render.pdf import build_brief

    if bool(args.kode) == bool(args.all):
        raise UserError(t["usage_error"], t["brief_need"])
    data, cfg, f, today, fresh = _meeting_inputs(args, t)
    rapat = _meeting(args, cfg, today, t)
    pdf = build_brief(data, cfg, f, cfg.kode_wilayah if args.all else [args.kode], today, fresh, rapat=rapat)
    with open(args.out, "wb") as fh:
        fh.write(pdf)
    return _written(args.out, len(pdf), t)


def cmd_deck(args, t) -> int:
    from lib.render.pptx import build_deck

    data, cfg, f, today, fresh = _meeting_inputs(args, t)
    pptx = build_deck(data, cfg, f, today, fresh, rapat=_meeting(args, cfg, today, t))
    with open(args.out, "wb") as fh:
        fh.write(pptx)
    return _written(args.out, len(pptx), t)


def cmd_check(args, t) -> int:
    """Every problem of the configuration, one a line; exit 2 when there is any (never a traceback)."""
    from pathlib import Path

    from lib.config_check import check_config

    path = Path(args.dir or setting("ATENSI_CONFIG"))
    masalah = check_config(path)
    if masalah:
        print(t["check_bad"].format(n=len(masalah), path=path))
        for m in masalah:
            print(f"- {m}")
        return 2
    cfg = load_config(path / "konfigurasi.toml" if path.is_dir() else path)
    n, prov = len(cfg.kode_wilayah), len(cfg.provinsi)
    print(t["check_ok"].format(path=path, n=n, prov=prov, kat=len(cfg.kategori), kl=len(cfg.klaster)))
    return 0


def cmd_copy(args, t) -> int:
    counts = store_copy.copy_to(args.target, pengguna=_user(args.user))
    rows = sum(n for name, n in counts.items() if name in DATASETS)
    print(t["copied"].format(target=args.target, batches=counts["batch"], rows=f"{rows:,}".replace(",", ".")))
    return 0


COMMANDS = {
    "init": cmd_init,
    "export": cmd_export,
    "history": cmd_history,
    "rollback": cmd_rollback,
    "import": cmd_import,
    "template": cmd_template,
    "boundaries": cmd_boundaries,
    "brief": cmd_brief,
    "deck": cmd_deck,
    "salin-ke": cmd_copy,
    **cli_store.COMMANDS,
    **cli_quality.COMMANDS,
    **cli_server.COMMANDS,
    **cli_accounts.COMMANDS,
    "periksa-konfigurasi": cmd_check,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    t = {**TEXT[_lang(argv)], **cli_accounts.TEXT[_lang(argv)]}
    args = build_parser(t).parse_args(argv)  # argparse exits with 2 on bad usage
    if args.command == "periksa-konfigurasi":
        return cmd_check(args, t)
    try:
        load_config()  # every command starts with the configuration checked: all its problems, exit 2
        with store.waiting(store.LOCK_TIMEOUT_S):  # a command waits (and says so) while the dashboard writes
            return COMMANDS[args.command](args, t)
    except BrokenPipeError:  # `python -m lib export pas | head`: the reader left, which is fine
        sys.stdout = open(os.devnull, "w")
        return 0
    except UserError as e:
        print(f"{t['error']}: {e.title}. {e.message}", file=sys.stderr)
        if isinstance(e, store.DatabaseUnavailable):  # the path: here, never in a browser
            print(e.where, file=sys.stderr)
        if e.details is not None:
            print(_table_text(e.details) if hasattr(e.details, "to_string") else e.details, file=sys.stderr)
        return 1 if isinstance(e, Refused) else 2  # 1: invalid data or a refused operation; 2: unreadable, usage
