"""The colours, in one place: as hex ('#0a2540'), with helpers for the RGB forms that PPTX, PDF and pydeck want.

Used by the charts and maps (lib.render), the PPTX and PDF, and presentation mode, so a card's tone or a map class
has the same colour on the screen, on a slide and on paper. Colour-blind safe: Okabe-Ito / Tol for categories,
ColorBrewer YlGnBu for the map's classes; thick black type where Zoom's compression would smear pale text.
"""

from __future__ import annotations

from typing import Literal

RGB = tuple[int, int, int]
Tone = Literal["baik", "buruk", "netral"]  # how a card's change reads: good, bad, neither

# type and frames
NAVY = "#0a2540"  # titles, card borders, table headers
BLACK = "#000000"
WHITE = "#ffffff"
GREY = "#333333"  # secondary text
STRIPE = "#eef2f7"  # every other table row
TONE: dict[Tone, str] = {"baik": "#00661f", "buruk": "#b00020", "netral": GREY}
SAMPLE_FILL, SAMPLE_TEXT = "#ffd8a8", "#5a2d00"  # the DATA CONTOH badge

# charts
TERDATA = "#9ecae1"  # light blue: all recorded
DILAYANI = "#0b4f8a"  # dark blue: served
HIGHLIGHT = "#e69f00"  # orange: the selected period, the compared districts
LAST_YEAR = "#9ecae1"
MUTED = "#c8c8c8"  # districts not picked
# Schedule classes (lib.figures.program KELAS_*), most urgent first. Okabe-Ito / Tol colours, told apart by lightness
# too; the class is also written in the table, so colour is never the only carrier.
KELAS_COLORS = {
    "Terkendala": "#882255",
    "Terlambat": "#D55E00",
    "Berisiko": "#E69F00",
    "Tanpa target": "#999999",
    "Sesuai jadwal": "#009E73",
    "Selesai": "#0072B2",
    "Belum mulai": "#BBBBBB",
}
LIGHT_FILLS = ("#E69F00", "#999999", "#BBBBBB")  # fills light enough to need dark text
# Okabe-Ito, in an order whose neighbours differ in lightness too (approaches, compared districts).
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

# the map: ColorBrewer YlGnBu (5 classes), light = low; colour-blind safe and print friendly
CLASS_COLORS = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
NO_DATA = "#bdbdbd"  # districts without data
PROVINCE_LINE = "#464646"
SELECTED_LINE = "#e6550d"  # orange: stands out on every class colour
# the base map under the districts: pale sea, paler land, a grey coast (none of them a class colour)
SEA = "#dbe7ef"
LAND = "#f4f2ec"
COAST = "#9e9e96"


def rgb(color: str) -> RGB:
    """'#0a2540' -> (10, 37, 64)."""
    h = color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def hex_color(color: RGB | list[int] | str) -> str:
    """(10, 37, 64) -> '#0a2540' (a hex string is returned as it is, in lower case)."""
    if isinstance(color, str):
        return color.lower()
    return "#{:02x}{:02x}{:02x}".format(*color)


def text_color(fill: str) -> str:
    """Text colour readable on a class colour."""
    return "#1a1a1a" if fill in LIGHT_FILLS else "white"


def class_colors(n: int) -> list[str]:
    """n colours spread over the 5-class scheme (so 3 classes still run from light to dark)."""
    if n >= len(CLASS_COLORS):
        return CLASS_COLORS[:n]
    if n == 1:
        return [CLASS_COLORS[2]]
    picks = [round(i * (len(CLASS_COLORS) - 1) / (n - 1)) for i in range(n)]
    return [CLASS_COLORS[p] for p in picks]
