"""The command line's `mutu`: every Mutu Data flag of a month (missing and late reports, outliers, consistency), as
a table or CSV, the same list as the Mutu Data slide (lib.present.quality.quality_list). Its words are in
lib/cli_text.py."""

from __future__ import annotations

import sys

from lib import fmt, store
from lib.config import load_config, today
from lib.figures import Filter, periods
from lib.present.quality import quality_list
from lib.render.export import csv_bytes


def add_parsers(sub, t: dict) -> None:
    s = sub.add_parser("mutu", help=t["mutu"], description=t["mutu"])
    s.add_argument("--periode", default=None, metavar="YYYY-MM", help=t["mutu_periode"])
    s.add_argument("--csv", action="store_true", help=t["mutu_csv"])


def cmd_quality(args, t) -> int:
    cfg = load_config()
    state = store.snapshot()
    months = periods(state.current)
    if not months:
        print(t["mutu_no_data"])
        return 0
    periode = args.periode or months[-1]
    found = quality_list(state, cfg, Filter(periode=periode), today(cfg))
    if args.csv:
        sys.stdout.buffer.write(csv_bytes(found))
        return 0
    if found.empty:
        print(t["mutu_none"].format(bulan=fmt.bulan(periode)))
        return 0
    print(t["mutu_count"].format(n=len(found), bulan=fmt.bulan(periode)))
    for row in found.itertuples():
        print(f"- [{row.Jenis} · {row.Tingkat}] {row._4}")
    return 0


COMMANDS = {"mutu": cmd_quality}
