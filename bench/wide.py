"""ingest_wide_s: a wide recap as a Dinas Sosial sends it, read, validated and stored through import_upload.

All 23 districts of the main configuration down the rows, the 12 PAS groups across (TERDATA / DILAYANI under each
group's merged label), a totals row, one sheet per month ('JAN 2025' … 'DES 2025'): 23 × 12 × 12 = 3,312 rows.
`python -m bench.wide` measures only this and merges the figure into bench/results.json.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent


def wide_workbook(config: Path, year: int = 2025) -> bytes:
    import xlsxwriter

    from lib.config import load_config
    from lib.fmt import BULAN_PENDEK
    from lib.ingest.layout import column_letter

    cfg = load_config(config)
    groups = list(cfg.kategori)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    for m in range(1, 13):
        ws = wb.add_worksheet(f"{BULAN_PENDEK[m - 1].upper()} {year}")
        ws.write(0, 0, "REKAPITULASI PEMERLU ATENSI SOSIAL (PAS)")
        ws.merge_range("A3:A4", "NO")
        ws.merge_range("B3:B4", "KABUPATEN/KOTA")
        for i, g in enumerate(groups):
            a, b = column_letter(2 + 2 * i), column_letter(3 + 2 * i)
            ws.merge_range(f"{a}3:{b}3", g.nama.upper())
            ws.write_row(3, 2 + 2 * i, ["TERDATA", "DILAYANI"])
        totals = [0] * (2 * len(groups))
        for d, kode in enumerate(cfg.kode_wilayah):
            values = [v for i in range(len(groups)) for v in (100 + m + i, 50 + i)]
            totals = [t + v for t, v in zip(totals, values)]
            ws.write_row(4 + d, 0, [d + 1, cfg.nama_wilayah(kode), *values])
        ws.write_row(4 + len(cfg.kode_wilayah), 0, ["JUMLAH", None, *totals])
    wb.close()
    return buf.getvalue()


def bench_ingest_wide(tmp: Path, config: Path, repeat: int = 3) -> dict:
    from bench.__main__ import median_time
    from lib import ingest, store
    from lib.principal import SYSTEM

    os.environ["ATENSI_CONFIG"] = str(config)
    data = wide_workbook(config)
    rows = []

    def import_fresh():
        db = tmp / f"wide_{time.perf_counter_ns()}.duckdb"
        os.environ["ATENSI_DB"] = str(db)
        store.init_db(str(db))
        out = ingest.import_upload(data, "rekap_2025.xlsx", user=SYSTEM)
        rows.append(sum(len(s.rows) for s in out.result.sheets))

    seconds = median_time(import_fresh, repeat)
    return {"ingest_wide_rows": rows[-1], "ingest_wide_s": round(seconds, 2)}


def save(figures: dict) -> None:
    """Merge into bench/results.json, keeping every other key."""
    path = HERE / "results.json"
    current = json.loads(path.read_text()) if path.exists() else {"meta": {}, "results": {}}
    current.setdefault("results", {}).update(figures)
    current.setdefault("meta", {}).setdefault("targets", {})["ingest_wide_s"] = "< 2"
    path.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    figures = bench_ingest_wide(Path(tempfile.mkdtemp(prefix="atensi-wide-")), ROOT / "data" / "konfigurasi.toml")
    save(figures)
    for key, value in figures.items():
        print(f"  {key}".ljust(52), str(value).ljust(14), "< 2" if key == "ingest_wide_s" else "")


if __name__ == "__main__":
    main()
