"""One slide drawn in presentation mode: its model (content and chart specs, shared by every session per data version,
filter, day, window size and meeting), its cards, charts, table and map at the window's size (Room)."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import streamlit as st

from lib.config import Konfigurasi
from lib.figures import Filter
from lib.present import Kpi, content, palette, ranking, slides
from lib.present.content import MapContent, Slide, SlideContent
from lib.present.legend import NO_DATA_TEXT
from lib.render import export
from lib.store.meetings import Rapat
from lib.ui.cache import freshness
from lib.ui.maps import map_boundaries, map_land

CHART_FONT = 19  # chart labels on a slide at 1280×720: the deck's 14-point floor is 14/540 of the height (18,7 px)
SHORT_CELL = 22  # a table column whose texts are all this short stays on one line
TITLE_CHARS = 58  # a title longer than this is set smaller, to stay on one line (long klaster names)


class Room:
    """The window a slide is drawn for: its width in pixels and its scale against 1280×720."""

    def __init__(self, width: int, scale: float) -> None:
        self.width, self.scale = width, scale

    def px(self, at_720: float) -> int:
        """A size given for 1280×720, at this window."""
        return round(at_720 * self.scale)


def _note(text: str, bold: bool = False) -> None:
    st.html(f'<div class="slide-note">{"<b>" if bold else ""}{_esc(text)}{"</b>" if bold else ""}</div>')


def slide_model(
    data: dict[str, pd.DataFrame], cfg: Konfigurasi, slide: Slide, f: Filter, day: dt.date, font: int, rapat: Rapat
) -> tuple[SlideContent, dict[str, dict]]:
    """A slide's content and its charts' specs (labels at `font` pixels), by part: made once per data version,
    filter, day, window size and meeting and shared by every session (ui.shared), so the next slide is only drawn."""
    from lib.render import charts  # here, not at the top: Altair (0.3 s) only once a slide has a chart

    shown = slides.slide_content(slide, data, cfg, f, day, freshness(), rapat)  # this run's snapshot: its version
    parts = {
        "chart": shown.chart,
        "ranking": shown.ranking,
        "trend": shown.trend,
        "map": shown.map.ranking if shown.map is not None else None,
    }
    specs = {
        k: _label_room(export.with_font(charts.from_data(c).to_dict(), font), font)
        for k, c in parts.items()
        if c is not None
    }
    return shown, specs


LABEL_FONT = 17  # the label size the builders' label limits (pixels) were set for on a slide


def _label_room(spec: dict, font: int) -> dict:
    """The y axis's label limit grown with the labels (a builder sets it in pixels): district names stay whole
    on a large window."""
    for part in (spec, *spec.get("layer", [])):
        axis = ((part.get("encoding") or {}).get("y") or {}).get("axis")
        if isinstance(axis, dict) and axis.get("labelLimit"):
            axis["labelLimit"] = round(axis["labelLimit"] * font / LABEL_FONT)
    return spec


def draw(
    content: SlideContent,
    specs: dict[str, dict],
    slide: Slide,
    cfg: Konfigurasi,
    f: Filter,
    fresh: pd.DataFrame,
    room: Room,
) -> None:
    if slides.has_sample(fresh):  # as the deck's and the brief's orange band, on every slide
        st.html(f'<div class="slide-band">{_esc(slides.SAMPLE_BAND)}</div>')
    if slide.kind == "judul":
        lines = "".join(f'<div class="{"d" if j == 0 else "x"}">{_esc(x)}</div>' for j, x in enumerate(content.lines))
        st.html(
            f'<div class="slide-title"><div class="t">{_esc(content.title)}</div>{lines}'
            f'<div class="x src">{_esc(content.note)}</div></div>'
        )
        return
    st.title(content.title)
    if len(content.title) > TITLE_CHARS:  # smaller type, not a second line that pushes the slide down
        st.html(
            f"<style>h1 {{ font-size: {max(1.1, 1.75 * TITLE_CHARS / len(content.title)):.2f}rem !important; }}</style>"
        )
    st.html(f'<div class="slide-sub">{_esc(content.subtitle)}</div>')
    if content.empty:
        st.info(content.empty)
        return
    if content.kpis:
        kpi_cards(content.kpis)
    if content.map is not None:
        _draw_map(content.map, specs, cfg, f, room)
    if content.chart is not None and content.ranking is not None:
        _draw_few_groups(content, specs, slide, room)
    elif content.chart is not None:
        _note(content.chart_title, bold=True)
        rows = 2 if len(content.kpis) > 4 else 1
        slide_chart(
            specs["chart"], room, 300 if rows == 1 else 192, key=f"slide_chart_{slide.kind}", alt=content.chart_title
        )
    if content.table is not None:
        _note(content.table_title, bold=True)
        st.html(html_table(content.table))
    if content.note:
        _note(content.note)


def _draw_few_groups(content: SlideContent, specs: dict[str, dict], slide: Slide, room: Room) -> None:
    """A klaster of one to four groups: its groups' bars and its months on the left, its districts ranked on the
    right (FEW_GROUPS in lib.present.slides)."""
    assert content.chart is not None and content.ranking is not None
    left, right = st.columns([1, 1], gap="medium")
    with left:
        _note(content.chart_title, bold=True)
        bars = slide_chart(specs["chart"], room, 150, key=f"slide_chart_{slide.kind}", alt=content.chart_title)
        if content.trend is not None:
            _note(content.trend_title, bold=True)
            slide_chart(specs["trend"], room, max(110, 262 - bars), key="slide_tren", alt=content.trend_title)
    with right:
        _note(content.ranking_title, bold=True)
        slide_chart(specs["ranking"], room, 300, key="slide_peringkat_klaster", alt=content.ranking_title)


def kpi_cards(kpis: list[Kpi]) -> None:
    """The cards as one HTML grid (thick borders, black type); the change coloured and written in words."""
    cards = []
    for k in kpis:
        change = content.kpi_change(k)
        arrow = content.kpi_arrow(k)
        cards.append(
            f'<div class="slide-kpi"><div class="l">{_esc(k.label)}</div><div class="v">{_esc(k.text)}</div>'
            f'<div class="c {content.kpi_tone(k)}">{arrow}{_esc(change) or "&nbsp;"}</div></div>'
        )
    st.html(f'<div class="slide-kpis">{"".join(cards)}</div>')


def slide_chart(shared_spec: dict, room: Room, height: int, key: str, alt: str = "") -> int:
    """A chart at slide size (`height` given for 1280×720; its labels already at the window's size): a fixed height so
    the slide never scrolls; one or two bars stay bars, not a wall of colour. Returns the height used, at 1280×720.
    The spec is shared by every session: drawn from a copy."""
    from lib.render import charts  # here, not at the top: Altair (0.3 s) only once a slide has a chart

    bars = charts.band_count(shared_spec)
    used = min(height, 70 * bars + 40) if bars else height
    spec = {**shared_spec, "height": room.px(used), "datasets": dict(shared_spec.get("datasets") or {})}
    if "layer" in spec:
        spec["layer"] = [{k: v for k, v in layer.items() if k != "height"} for layer in spec["layer"]]
    st.vega_lite_chart(spec, width="stretch", key=key, theme=None, alt=alt or None)
    return used


def _draw_map(peta: MapContent, specs: dict[str, dict], cfg: Konfigurasi, f: Filter, room: Room) -> None:
    # here, not at the top: lib.render.maps loads geopandas (1 s), which only the map slide needs
    from lib.render import labels, maps

    batas = map_boundaries(cfg)
    left, right = st.columns([3, 2])
    with left:
        items = [f'<span class="s" style="background:{k.warna}"></span>{_esc(k.rentang)}' for k in peta.legend]
        items.append(f'<span class="s" style="background:{palette.NO_DATA}"></span>{NO_DATA_TEXT}')
        st.html(f'<div class="slide-legend"><b>{_esc(peta.label)}</b>{"".join(items)}</div>')
        width, height = round(room.width * 0.57), room.px(360)
        land = map_land(cfg, batas, f.provinsi)
        placed, listed = maps.screen_names(peta.table, cfg, batas, f.provinsi, peta.selected, width, height)
        st.pydeck_chart(
            maps.district_map(
                peta.table, peta.label, cfg, batas, f.provinsi, peta.selected, land, width, height, placed
            ),
            height=height,
            key="slide_peta",
            alt=f"Peta {peta.label} per kabupaten/kota",
        )
    with right:
        note = ranking.note(peta.table, peta.selected)
        if peta.ranking is not None:
            slide_chart(specs["map"], room, 345 - 34 * bool(listed), key="slide_peringkat", alt=note)
        _note(f"{note}.")
        if listed:  # the names that did not fit on the map: beside it, where the slide has room
            _note(labels.numbered_list(listed))


def html_table(df: pd.DataFrame) -> str:
    """A slide's table as HTML (every cell escaped: data text is never markup). Short columns (dates, statuses)
    stay on one line; text columns at most two lines, the whole text on hover: any rows fit the slide."""
    cells = [[content.cell_text(v) for v in row] for row in df.itertuples(index=False)]
    short = [max([len(str(c)), *(len(r[j]) for r in cells)]) <= SHORT_CELL for j, c in enumerate(df.columns)]
    head = "".join(f'<th class="{"n" if s else ""}">{_esc(c)}</th>' for c, s in zip(df.columns, short))
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{_esc(v)}</td>' if s else f'<td><div class="cl" title="{_esc(v)}">{_esc(v)}</div></td>'
            for v, s in zip(r, short)
        )
        + "</tr>"
        for r in cells
    )
    return f'<table class="slide-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _esc(x: object) -> str:
    return html.escape(str(x))
