"""The deck and the brief as a user opens them: the PPTX converted to PDF by LibreOffice (headless, a private profile
so tests in parallel do not clash), every PDF read back with its word boxes (poppler's `pdftotext -bbox-layout`) and
its type sizes (pypdf), and checked against the frames of the PPTX (python-pptx) or the brief's page: no text outside
its frame, no text on other text, on a swatch or on a picture, no type under the floor.

All positions in PDF points, origin at the top left of the page.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

XHTML = "{http://www.w3.org/1999/xhtml}"
EMU_PER_PT = 12700
MM = 72 / 25.4


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str = ""

    def inside(self, other: Box, tol: float = 1.5) -> bool:
        return (
            self.x0 >= other.x0 - tol
            and self.y0 >= other.y0 - tol
            and self.x1 <= other.x1 + tol
            and self.y1 <= other.y1 + tol
        )

    def overlap(self, other: Box) -> float:
        """The smaller of the overlap's width and height (≤ 0: apart)."""
        return min(min(self.x1, other.x1) - max(self.x0, other.x0), min(self.y1, other.y1) - max(self.y0, other.y0))

    def shrunk(self, d: float) -> Box:
        return Box(self.x0 + d, self.y0 + d, self.x1 - d, self.y1 - d, self.text)


@dataclass(frozen=True)
class Frame:
    box: Box
    kind: str  # text, shape (no text: swatch, card border, bar), picture
    name: str
    text: str


def need_tools() -> None:
    """LibreOffice and poppler are installed by .ci/run; on a machine without them the test is skipped, in CI it
    fails."""
    missing = [t for t in ("soffice", "pdftotext") if shutil.which(t) is None]
    if missing and not os.environ.get("CI"):
        pytest.skip(f"not installed: {', '.join(missing)}")


def to_pdf(pptx: Path, outdir: Path) -> Path:
    """The PPTX as LibreOffice Impress prints it."""
    profile = Path("/tmp") / f"lo_{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(pptx),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return outdir / (pptx.stem + ".pdf")


TRIM = 0.12  # pdftotext's word box is the font's whole bounding box (1,3 em in DejaVu Sans), taller than a line;
# the middle 76 % is about the height of its glyphs, from the accents to the descenders


def pdf_lines(pdf: Path) -> list[list[list[Box]]]:
    """Per page, per line, its word boxes (pdftotext -bbox-layout), trimmed to the glyphs' height."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    root = ET.fromstring(out)
    pages = []
    for page in root.iter(f"{XHTML}page"):
        lines = []
        for line in page.iter(f"{XHTML}line"):
            words = []
            for w in line.iter(f"{XHTML}word"):
                y0, y1 = float(w.get("yMin")), float(w.get("yMax"))
                words.append(
                    Box(
                        float(w.get("xMin")),
                        y0 + TRIM * (y1 - y0),
                        float(w.get("xMax")),
                        y1 - TRIM * (y1 - y0),
                        (w.text or "").strip(),
                    )
                )
            lines.append([w for w in words if w.text])
        pages.append([ln for ln in lines if ln])
    return pages


def pdf_sizes(pdf: Path) -> list[list[tuple[str, float, float, float]]]:
    """Per page, each piece of text with its type size and position: (text, size, x, y from the top)."""
    pages = []
    for page in PdfReader(str(pdf)).pages:
        height = float(page.mediabox.height)
        found: list[tuple[str, float, float, float]] = []

        def visit(text, cm, tm, font, size, found=found, height=height):
            if not text.strip():
                return
            # the text matrix times the graphics matrix: its vertical scale and its origin
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            e, f = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), size * math.hypot(c, d), e, height - f))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def pptx_frames(pptx: Path) -> list[list[Frame]]:
    """Per slide, every shape's frame in points, with its text (a table: all its cells)."""
    out = []
    for slide in Presentation(str(pptx)).slides:
        frames = []
        for s in slide.shapes:
            box = Box(
                s.left / EMU_PER_PT,
                s.top / EMU_PER_PT,
                (s.left + s.width) / EMU_PER_PT,
                (s.top + s.height) / EMU_PER_PT,
            )
            if s.has_table:
                text = " ".join(c.text for row in s.table.rows for c in row.cells)
            else:
                text = s.text_frame.text if s.has_text_frame else ""
            kind = "picture" if s.shape_type == MSO_SHAPE_TYPE.PICTURE else "text" if text.strip() else "shape"
            frames.append(Frame(box, kind, s.name, text))
        out.append(frames)
    return out


def _squash(text: str) -> str:
    return "".join(text.split())


def text_problems(lines: list[list[Box]], frames: list[Frame], where: str) -> list[str]:
    """Words outside their frame, lines on lines, words on a swatch or a picture, text frames on text frames."""
    problems = []
    texts = [f for f in frames if f.kind == "text"]
    for line in lines:
        for w in line:
            owners = [f for f in texts if _squash(w.text) in _squash(f.text)]
            if not any(w.inside(f.box) for f in owners):
                near = min(owners, key=lambda f: -w.overlap(f.box), default=None)
                problems.append(
                    f"{where}: '{w.text}' outside its frame"
                    + (f" ({near.name}: '{near.text[:40]}')" if near else " (no frame has it)")
                )
            for f in frames:
                if f.kind == "picture" and w.shrunk(1).overlap(f.box) > 0:
                    problems.append(f"{where}: '{w.text}' on a picture ({f.name})")
                if f.kind == "shape" and w.shrunk(1).overlap(f.box) > 0 and not w.inside(f.box, tol=0):
                    problems.append(f"{where}: '{w.text}' touches a shape ({f.name})")
    boxes = [
        Box(
            min(w.x0 for w in ln),
            min(w.y0 for w in ln),
            max(w.x1 for w in ln),
            max(w.y1 for w in ln),
            " ".join(w.text for w in ln),
        )
        for ln in lines
    ]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a.overlap(b) > 1.5:
                problems.append(f"{where}: '{a.text[:40]}' overlaps '{b.text[:40]}'")
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if a.box.overlap(b.box) > 0.5 and not (a.box.inside(b.box, 0) or b.box.inside(a.box, 0)):
                problems.append(f"{where}: frame '{a.text[:30]}' overlaps frame '{b.text[:30]}'")
    return problems


def size_problems(
    sizes: list[tuple[str, float, float, float]],
    floor: float,
    where: str,
    allowed: dict[float, list[Box]] | None = None,
) -> list[str]:
    """Type under `floor`, except in the boxes of `allowed` ({smaller floor: boxes})."""
    problems = []
    for text, size, x, y in sizes:
        least = floor
        for lower, boxes in (allowed or {}).items():
            if any(b.x0 - 1 <= x <= b.x1 + 1 and b.y0 - 1 <= y <= b.y1 + 1 for b in boxes):
                least = min(least, lower)
        if size < least - 0.05:
            problems.append(f"{where}: '{text[:40]}' at {size:.1f} pt (floor {least:g})")
    return problems


def deck_problems(pptx: Path, pdf: Path, floor: float = 14, source_floor: float = 12) -> list[str]:
    """Every slide of the rendered deck checked against its PPTX frames; the source line ('Sumber: …') may be
    `source_floor`."""
    frames, lines, sizes = pptx_frames(pptx), pdf_lines(pdf), pdf_sizes(pdf)
    assert len(frames) == len(lines), (len(frames), len(lines))
    problems = []
    for n, (f, ln, sz) in enumerate(zip(frames, lines, sizes), start=1):
        problems += text_problems(ln, f, f"slide {n}")
        source = [fr.box for fr in f if fr.text.startswith("Sumber")]
        problems += size_problems(sz, floor, f"slide {n}", {source_floor: source})
        for fr in f:
            if not fr.box.inside(Box(0, 0, 960, 540), tol=0.5):
                problems.append(f"slide {n}: frame '{fr.text[:30]}' off the slide")
            # a chart is a picture: the deck names it with its labels' size as placed (pdftotext cannot read it)
            if fr.kind == "picture" and fr.name.startswith("Grafik, label"):
                size = float(fr.name.split()[-2])
                if size < floor - 0.05:
                    problems.append(f"slide {n}: chart labels {size} pt, under {floor} pt")
    return problems


def chart_label_sizes(pptx: Path) -> list[float]:
    """The label sizes of every chart of the deck, as placed (from their pictures' names)."""
    return [
        float(fr.name.split()[-2])
        for slide in pptx_frames(pptx)
        for fr in slide
        if fr.kind == "picture" and fr.name.startswith("Grafik, label")
    ]


def brief_problems(
    pdf: Path,
    pages: int,
    floor: float = 8,
    margin_mm: float = 14,
    body_bottom_mm: float = 279,
    footer_top_mm: float = 284,
) -> list[str]:
    """The brief: its page count, no text beyond the side margins, none between the body's end and the footer
    (text below the footer line), no line on another, no type under `floor`."""
    lines, sizes = pdf_lines(pdf), pdf_sizes(pdf)
    problems = [] if len(lines) == pages else [f"{len(lines)} pages, expected {pages}"]
    left, right = margin_mm * MM, (210 - margin_mm) * MM
    for n, page in enumerate(lines, start=1):
        for line in page:
            for w in line:
                if w.x0 < left - 1 or w.x1 > right + 1:
                    problems.append(f"page {n}: '{w.text}' beyond the margin")
                if w.y1 > body_bottom_mm * MM + 1 and w.y0 < footer_top_mm * MM - 1:
                    problems.append(f"page {n}: '{w.text}' below the footer line")
        problems += text_problems(
            page,
            [Frame(Box(0, 0, 595.3, 841.9), "text", "page", " ".join(w.text for ln in page for w in ln))],
            f"page {n}",
        )
    for n, sz in enumerate(sizes, start=1):
        problems += size_problems(sz, floor, f"page {n}")
    return problems
