"""Names on a map without hovering: each area's name beside its marker where it fits, else a number beside (or on)
the marker and the name in a numbered list under the map. No label overlaps another label, another marker or the
map's edge. Pure geometry in the map's pixels (lib.render.maps projects the points), so the page's map, its slide,
the deck and the brief place names by the same rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CHAR_WIDTH = 0.56  # an average character of a sans-serif face, as a share of the type size
LINE = 1.25  # a line's height, as a share of the type size
GAP = 3  # pixels between a marker and its label


@dataclass(frozen=True)
class Marker:
    kode: str
    name: str
    x: float  # pixels from the map's left edge
    y: float  # pixels from the map's top edge
    r: float  # the marker's radius in pixels


@dataclass(frozen=True)
class Label:
    kode: str
    text: str  # the name, or the number of the name in the list
    dx: float  # the text's anchor, relative to the marker, in pixels
    dy: float
    align: str  # "left" (text starts at the anchor), "right" or "center"
    baseline: str  # "middle", "bottom" (text above the anchor) or "top"
    number: int | None = None


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _candidates(m: Marker, text: str, size: float) -> list[tuple[Label, Box]]:
    """Right, left, above and below the marker, in that order of preference."""
    w, h, d = len(text) * size * CHAR_WIDTH, size * LINE, m.r + GAP
    return [
        (Label(m.kode, text, d, 0, "left", "middle"), (m.x + d, m.y - h / 2, m.x + d + w, m.y + h / 2)),
        (Label(m.kode, text, -d, 0, "right", "middle"), (m.x - d - w, m.y - h / 2, m.x - d, m.y + h / 2)),
        (Label(m.kode, text, 0, -d, "center", "bottom"), (m.x - w / 2, m.y - d - h, m.x + w / 2, m.y - d)),
        (Label(m.kode, text, 0, d, "center", "top"), (m.x - w / 2, m.y + d, m.x + w / 2, m.y + d + h)),
    ]


MAX_LISTED = 30  # beyond this many names that do not fit, a list would be longer than the map: none is numbered


def box_of(label: Label, m: Marker, size: float) -> Box:
    """The box a placed label's text takes on the map (as place estimates it)."""
    w, h = len(label.text) * size * CHAR_WIDTH, size * LINE
    x, y = m.x + label.dx, m.y + label.dy
    left = {"left": x, "right": x - w, "center": x - w / 2}[label.align]
    top = {"middle": y - h / 2, "bottom": y - h, "top": y}[label.baseline]
    return left, top, left + w, top + h


def place(
    markers: list[Marker], width: float, height: float, size: float = 12, others: tuple[Marker, ...] = ()
) -> tuple[list[Label], list[str]]:
    """Labels for `markers`, in their order of priority (the chosen area and the largest values first), and the
    names that got a number instead, in number order (the list under the map). When more than MAX_LISTED names do
    not fit (a national map of districts), those stay unnamed: such a map is read by province. `others`: markers
    drawn but not named (a neighbouring province's districts), which no label may cover."""
    circles = {m.kode: (m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r) for m in [*markers, *others]}
    taken: list[Box] = []
    labels: list[Label] = []
    unnamed: list[Marker] = []

    def fits(m: Marker, box: Box) -> bool:
        inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
        return (
            inside
            and not any(_overlaps(box, t) for t in taken)
            and not any(_overlaps(box, c) for k, c in circles.items() if k != m.kode)
        )

    for m in markers:
        spot = next(((label, box) for label, box in _candidates(m, m.name, size) if fits(m, box)), None)
        if spot is None:
            unnamed.append(m)
            continue
        labels.append(spot[0])
        taken.append(spot[1])
    if len(unnamed) > MAX_LISTED:
        return labels, []
    listed = sorted(unnamed, key=lambda m: (m.y, m.x))  # numbered from the top of the map down, as read
    for n, m in enumerate(listed, start=1):
        spot = next(((label, box) for label, box in _candidates(m, str(n), size) if fits(m, box)), None)
        if spot is None:  # no room even for a number: on the marker itself
            labels.append(Label(m.kode, str(n), 0, 0, "center", "middle", n))
            continue
        labels.append(Label(**{**spot[0].__dict__, "number": n}))
        taken.append(spot[1])
    return labels, [m.name for m in listed]


def numbered_list(names: list[str]) -> str:
    """'Nomor di peta: 1 Kota Kendari · 2 Kab. Konawe' (empty when every name fitted)."""
    return "Nomor di peta: " + " · ".join(f"{n} {name}" for n, name in enumerate(names, start=1)) if names else ""


def project(
    lon: float, lat: float, view: tuple[float, float, float], width: float, height: float
) -> tuple[float, float]:
    """Pixels from the map's top-left corner of a point, in Web Mercator at `view` (centre lon, centre lat, zoom):
    deck.gl's 512-pixel world, which d3's mercator matches with scale = world / 2π."""
    world = 512 * 2 ** view[2]

    def xy(lo: float, la: float) -> tuple[float, float]:
        y = math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
        return (lo + 180) / 360 * world, (1 - y / math.pi) / 2 * world

    (x, y), (cx, cy) = xy(lon, lat), xy(view[0], view[1])
    return x - cx + width / 2, y - cy + height / 2


def unproject(x: float, y: float, view: tuple[float, float, float], width: float, height: float) -> tuple[float, float]:
    """The lon/lat of a pixel of the map (the inverse of project)."""
    world = 512 * 2 ** view[2]
    gx = (x - width / 2) + (view[0] + 180) / 360 * world
    merc = math.log(math.tan(math.pi / 4 + math.radians(view[1]) / 2))
    gy = (y - height / 2) + (1 - merc / math.pi) / 2 * world
    lon = gx / world * 360 - 180
    lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * gy / world))) - math.pi / 2)
    return lon, lat
