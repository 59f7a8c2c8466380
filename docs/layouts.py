"""The pictures of the README's "Uploads: the layouts that are read": small example recaps, rendered by LibreOffice.

.venv/bin/python docs/layouts.py   # writes docs/layout_*.png (needs soffice and pdftoppm)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

GROUPS = ["ANAK RENTAN", "PENYANDANG DISABILITAS", "LANJUT USIA TERLANTAR"]
DISTRICTS = ["Kota Kendari", "Konsel", "Kab. Kolaka", "Bau-Bau", "Busel"]


def _formats(wb):
    head = wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "bg_color": "#DDEBF7"})
    cell = wb.add_format({"border": 1})
    bold = wb.add_format({"bold": True})
    total = wb.add_format({"bold": True, "border": 1, "bg_color": "#F2F2F2"})
    return head, cell, bold, total


def _page(ws) -> None:
    """One landscape page, the sheet's name in the page header (the picture shows the tab people see)."""
    ws.set_landscape()
    ws.fit_to_pages(1, 1)
    ws.set_header('&L&"-,Bold"Lembar: &A')


def _trim(png: Path) -> None:
    from PIL import Image, ImageChops

    img = Image.open(png).convert("RGB")
    box = ImageChops.difference(img, Image.new("RGB", img.size, "white")).getbbox()
    if box:
        img.crop((max(box[0] - 8, 0), max(box[1] - 8, 0), box[2] + 8, box[3] + 8)).save(png, optimize=True)


def groups_across(path: Path) -> None:
    """Groups across, TERDATA / DILAYANI under each merged label, the month in a title row, a totals row."""
    wb = xlsxwriter.Workbook(path)
    head, cell, bold, total = _formats(wb)
    ws = wb.add_worksheet("Rekap")
    ws.write(0, 0, "REKAPITULASI PEMERLU ATENSI SOSIAL (PAS)", bold)
    ws.write(1, 0, "KEADAAN BULAN APRIL 2025", bold)
    ws.merge_range("A4:A5", "NO", head)
    ws.merge_range("B4:B5", "KABUPATEN/KOTA", head)
    for i, g in enumerate(GROUPS):
        ws.merge_range(3, 2 + 2 * i, 3, 3 + 2 * i, g, head)
        ws.write_row(4, 2 + 2 * i, ["TERDATA", "DILAYANI"], head)
    sums = [0] * 6
    for d, name in enumerate(DISTRICTS):
        values = [120 + 7 * d + 31 * i if k == 0 else 60 + 5 * d + 13 * i for i in range(3) for k in (0, 1)]
        sums = [a + b for a, b in zip(sums, values)]
        ws.write_row(5 + d, 0, [d + 1, name, *values], cell)
    ws.merge_range(5 + len(DISTRICTS), 0, 5 + len(DISTRICTS), 1, "JUMLAH", total)
    ws.write_row(5 + len(DISTRICTS), 2, sums, total)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 7, 12)
    _page(ws)
    wb.close()


def month_per_sheet(path: Path) -> None:
    """One sheet per month named 'JAN 2025', 'FEB 2025', …; a one-row header 'Anak Rentan Terdata'."""
    wb = xlsxwriter.Workbook(path)
    head, cell, _, _ = _formats(wb)
    for m, month in enumerate(["JAN 2025", "FEB 2025", "MAR 2025"]):
        ws = wb.add_worksheet(month)
        labels = [f"{g.title()} {k}" for g in GROUPS[:2] for k in ("Terdata", "Dilayani")]
        ws.write_row(0, 0, ["Kab/Kota", *labels], head)
        for d, name in enumerate(DISTRICTS[:4]):
            ws.write_row(1 + d, 0, [name, 90 + 3 * m + d, 40 + d, 30 + m, 12 + d], cell)
        ws.set_column(0, 0, 14)
        ws.set_column(1, 4, 31)
        _page(ws)
    wb.close()


def months_across(path: Path) -> None:
    """Months across (JAN, FEB, MAR over TERDATA / DILAYANI), the groups down with the districts, the year in
    the title."""
    wb = xlsxwriter.Workbook(path)
    head, cell, bold, _ = _formats(wb)
    ws = wb.add_worksheet("Rekap Triwulan")
    ws.write(0, 0, "REKAP PAS TRIWULAN I TAHUN 2025", bold)
    ws.merge_range("A3:A4", "KAB/KOTA", head)
    ws.merge_range("B3:B4", "KELOMPOK PAS", head)
    for i, month in enumerate(["JAN", "FEB", "MAR"]):
        ws.merge_range(2, 2 + 2 * i, 2, 3 + 2 * i, month, head)
        ws.write_row(3, 2 + 2 * i, ["TERDATA", "DILAYANI"], head)
    r = 4
    for d, name in enumerate(DISTRICTS[:2]):
        for g, group in enumerate(GROUPS):
            ws.write_row(
                r, 0, [name, group.title(), *[50 + 9 * d + 4 * g + m * k for m in range(3) for k in (3, 1)]], cell
            )
            r += 1
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 7, 10)
    _page(ws)
    wb.close()


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="atensi-layouts-"))
    for name, build in (
        ("groups_across", groups_across),
        ("month_per_sheet", month_per_sheet),
        ("months_across", months_across),
    ):
        xlsx = tmp / f"layout_{name}.xlsx"
        build(xlsx)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp),
                str(xlsx),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(xlsx.with_suffix(".pdf")),
                str(HERE / f"layout_{name}"),
            ],
            check=True,
            timeout=60,
        )
        _trim(HERE / f"layout_{name}.png")
        print(HERE / f"layout_{name}.png")


if __name__ == "__main__":
    main()
