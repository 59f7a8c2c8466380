"""Files: tables as Excel and CSV, charts as PNG, and the bundled font of the charts, the PDF and the PPTX.

Every exported cell that a spreadsheet would read as a formula (text starting with `=`, `+`, `-`, `@`, or a tab /
carriage return before one) is neutralised: an apostrophe is put in front in the CSV, and the Excel file stores it
as a text cell (never a formula), with the same apostrophe so it reads the same in both. Numbers stay numbers.

Charts are rendered with vl-convert (Vega-Lite in a bundled engine, no browser, no outside request).
"""

from __future__ import annotations

import functools
import io
import re
from importlib import resources
from pathlib import Path

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
PNG_MIME = "image/png"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PNG_SCALE = 2  # pixels per CSS pixel: sharp on a projector and in print


def neutralise(value):
    """A cell value safe for a spreadsheet: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_table(df: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell (and column name) neutralised; numbers untouched."""
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (Excel on Windows then reads the accents right), ';' never needed: ',' and
    quotes as the CSV standard says."""
    return safe_table(df).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(df: pd.DataFrame, sheet: str = "Data") -> bytes:
    """One sheet, header in bold, columns wide enough; text written as text (write_string), never a formula."""
    import xlsxwriter  # here, not at the top: only a click on ⬇ Excel needs it (0,1 s)

    table = safe_table(df)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": True,
        },
    )
    ws = book.add_worksheet(_sheet_name(sheet))
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    for c, name in enumerate(table.columns):
        ws.write_string(0, c, str(name), bold)
        width = max([len(str(name))] + [len(str(v)) for v in table.iloc[:200, c]])
        ws.set_column(c, c, min(max(width + 2, 8), 60))
        for r, v in enumerate(table.iloc[:, c], start=1):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                continue
            if isinstance(v, bool):
                ws.write_boolean(r, c, v)
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(r, c, float(v))
            elif hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
                ws.write_number(r, c, float(v.item()))
            else:
                ws.write_string(r, c, str(v))
    ws.freeze_panes(1, 0)
    book.close()
    return buf.getvalue()


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Data"


def file_stem(name: str) -> str:
    """'Program · Maret 2025' -> 'program_maret_2025' (a file name without spaces or accents)."""
    stem = re.sub(r"[^0-9A-Za-z]+", "_", name.lower()).strip("_")
    return stem or "data"


# Fonts: Source Sans Pro (SIL Open Font License 1.1) ships in the font-source-sans-pro package from PyPI, so a
# fresh machine has it without a system font package. Used by the PDF (embedded) and the chart images.
def font_dir() -> Path:
    return Path(str(resources.files("font_source_sans_pro") / "files"))


def font_file(weight: str = "Regular") -> Path:
    return font_dir() / f"SourceSansPro-{weight}.ttf"


FONT_FAMILY = "Source Sans Pro"


# Text measured for the widest likely fallback of a deck opened elsewhere: DejaVu Sans / Verdana, up to 1,30× (bold
# 1,34×) the bundled Source Sans Pro; Arial and Liberation Sans are narrower. The deck sizes every box with this.
FALLBACK_WIDTH = {False: 1.30, True: 1.36}


@functools.lru_cache(maxsize=2)
def _measure(bold: bool):
    from PIL import ImageFont

    return ImageFont.truetype(str(font_file("Bold" if bold else "Regular")), 100)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of `text` at `size` points, in points, in the widest likely fallback font."""
    return _measure(bold).getlength(text) / 100 * size * FALLBACK_WIDTH[bold]


def wrap_lines(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """`text` broken into lines of at most `width` points (at spaces; a word wider than a line takes its own
    lines), each '\n' starting a new line."""
    out: list[str] = []

    def close(line: str) -> None:  # an unbreakable word wider than the line wraps inside itself
        out.extend([line] + [""] * (int(text_width(line, size, bold) // width) if width > 0 else 0))

    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if line and text_width(trial, size, bold) > width:
                close(line)
                line = word
            else:
                line = trial
        close(line)
    return out


@functools.lru_cache(maxsize=1)
def _vl_convert():
    import vl_convert as vlc  # here, with the font registered once: the first PNG starts its engine

    vlc.register_font_directory(str(font_dir()))
    return vlc


def chart_png(chart, scale: float = PNG_SCALE, font_size: int | None = None) -> bytes:
    """A chart (alt.Chart or its dict) as PNG, white background, the bundled font; `font_size` enlarges labels."""
    spec = chart.to_dict() if hasattr(chart, "to_dict") else dict(chart)
    spec = with_font(spec, font_size, FONT_FAMILY)  # vl-convert takes one family name, not a CSS list
    return _vl_convert().vegalite_to_png(spec, scale=scale)


def with_font(spec: dict, font_size: int | None, family: str = f"{FONT_FAMILY}, Source Sans 3, sans-serif") -> dict:
    """The bundled font, black labels (legible after Zoom's compression and on paper), and with `font_size` every
    label and every text mark at that size."""
    spec = dict(spec)
    config = dict(spec.get("config") or {})
    config["font"] = family
    config.setdefault("background", "white")
    for part in ("axis", "legend", "header"):
        block = dict(config.get(part) or {})
        block.update(labelColor="#000000", titleColor="#000000")
        if font_size:
            block.update(labelFontSize=font_size, titleFontSize=font_size)
        config[part] = block
    if font_size:
        config["text"] = {**(config.get("text") or {}), "fontSize": font_size}
        for layer in _layers(spec):
            mark = layer.get("mark")
            if isinstance(mark, dict) and mark.get("type") == "text":
                layer["mark"] = {**mark, "fontSize": font_size}
            enc = layer.get("encoding", {})
            if isinstance(enc.get("y"), dict) and isinstance(enc["y"].get("axis"), dict):
                enc["y"]["axis"].pop("labelFontSize", None)
    spec["config"] = config
    return spec


def _layers(spec: dict):
    yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key, []) or []:
            yield from _layers(sub)
    if isinstance(spec.get("spec"), dict):
        yield from _layers(spec["spec"])
