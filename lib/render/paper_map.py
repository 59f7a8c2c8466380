"""The map on paper: the deck's map slide and the brief's map, as Vega-Lite (rendered to PNG offline), with the same
classes and colours as the Peta page (lib.present.legend.map_table) on the shipped base map (lib.geo.basemap).

Polygons when boundaries are installed, else a dot at each district's inside point; the office ringed. Every district
is named without hovering, by lib.render.labels: beside its mark where the name fits, else a number and the name in
the list under the map (names_on_map gives it to the deck and the brief). The projection is set here, not fitted by
Vega, so the names are placed in the same pixels Vega draws.
"""

from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd
import shapely

from lib import fmt
from lib.config import Konfigurasi
from lib.geo import KODE, Batas, basemap
from lib.present import palette
from lib.render import labels
from lib.render.maps import OFFICE_LABEL, fit_view, name_markers  # noqa: F401  (OFFICE_LABEL: tests)

DOT_SIZE = 260  # the dots' area in square pixels (Vega's circle size)
OFFICE_SIZE = 620
TYPE = 11  # the names' size in pixels


def _radius(size: float) -> float:
    return math.sqrt(size / math.pi) + 1  # and the outline


def names_on_map(
    table: pd.DataFrame, cfg: Konfigurasi, batas: Batas | None, selected: str | None, width: int, height: int
) -> tuple[list[labels.Label], list[str], tuple[float, float, float]]:
    """Where each district's name goes on a static map of `table`'s districts, the names listed by number (when
    some did not fit), and the view (centre lon, centre lat, zoom) the map is drawn at."""
    kodes = [k for k in table[KODE] if k in cfg.wilayah.index]
    view = fit_view(_bounds_of(pd.Series(kodes), cfg, batas), width, height)
    at = (view.longitude, view.latitude, view.zoom)
    polygons = set(batas.wilayah[KODE]) & set(kodes) if batas is not None else set()
    radius = {k: 2.0 if k in polygons else _radius(DOT_SIZE) for k in kodes}
    office = cfg.sentra.get("kode_wilayah")
    if office in radius:
        radius[office] = _radius(OFFICE_SIZE)
    markers = name_markers(table, cfg, at, width, height, radius, selected)
    placed, listed = labels.place(markers, width, height, TYPE)
    return placed, listed, at


def static_map(
    table: pd.DataFrame,
    cfg: Konfigurasi,
    batas: Batas | None = None,
    selected: str | None = None,
    width: int = 560,
    height: int = 300,
) -> alt.Chart:
    """The map of `table` (lib.present.legend.map_table's columns) at width × height pixels."""
    df = table.copy()
    df["teks"] = df["teks"].fillna(fmt.TIDAK_ADA_DATA) if "teks" in df else fmt.TIDAK_ADA_DATA
    w = cfg.wilayah
    placed, _, at = names_on_map(df, cfg, batas, selected, width, height)
    layers = _land_layer(_bounds_of(df[KODE], cfg, batas))
    drawn: set[str] = set()
    if batas is not None:
        shapes = batas.wilayah.merge(df[[KODE, "warna_hex", "nama"]], on=KODE, how="inner")
        # d3 (Vega) wants clockwise outer rings; GeoJSON's are counter-clockwise and would fill the whole globe.
        shapes["geometry"] = shapely.orient_polygons(shapes.geometry.values, exterior_cw=True)
        features = json.loads(shapes[[KODE, "warna_hex", "nama", "geometry"]].to_json())["features"]
        layers.append(
            alt.Chart(alt.Data(values=features))
            .mark_geoshape(stroke="#555555", strokeWidth=0.6)
            .encode(color=alt.Color("properties.warna_hex:N", scale=None))
        )
        if selected in set(shapes[KODE]):
            one = json.loads(shapes[shapes[KODE] == selected][[KODE, "geometry"]].to_json())
            layers.append(
                alt.Chart(alt.Data(values=one["features"])).mark_geoshape(
                    fill=palette.WHITE, fillOpacity=0, stroke=palette.SELECTED_LINE, strokeWidth=2.5
                )
            )
        drawn = set(shapes[KODE])
    points = df[~df[KODE].isin(drawn)].copy()
    if len(points):
        points["lon"] = points[KODE].map(w["titik_lon"]).astype(float)
        points["lat"] = points[KODE].map(w["titik_lat"]).astype(float)
        points["garis"] = [palette.SELECTED_LINE if k == selected else palette.GREY for k in points[KODE]]
        points["tebal"] = [4 if k == selected else 1.2 for k in points[KODE]]
        layers.append(
            alt.Chart(points)
            .mark_circle(size=DOT_SIZE, opacity=1)
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                color=alt.Color("warna_hex:N", scale=None),
                stroke=alt.Stroke("garis:N", scale=None),
                strokeWidth=alt.StrokeWidth("tebal:Q", scale=None),
            )
        )
    layers += _office_ring(cfg)
    layers += _name_layers(placed, cfg, at, width, height)
    world = 512 * 2 ** at[2]
    chart = (
        alt.layer(*layers)
        .project(type="mercator", scale=world / (2 * math.pi), center=[at[0], at[1]], translate=[width / 2, height / 2])
        .properties(width=width, height=height)
    )
    return chart.configure_view(strokeWidth=0, clip=True).configure(background=palette.SEA)


def _office_ring(cfg: Konfigurasi) -> list[alt.Chart]:
    """The office ([sentra] kode_wilayah): a black ring, as on the Peta page (its name says "(kantor)")."""
    kode = cfg.sentra.get("kode_wilayah")
    w = cfg.wilayah
    if kode not in w.index:
        return []
    spot = pd.DataFrame({"lon": [float(w.at[kode, "titik_lon"])], "lat": [float(w.at[kode, "titik_lat"])]})
    return [
        alt.Chart(spot)
        .mark_point(shape="circle", filled=False, size=OFFICE_SIZE, color=palette.BLACK, strokeWidth=3, opacity=1)
        .encode(longitude="lon:Q", latitude="lat:Q")
    ]


def _name_layers(
    placed: list[labels.Label], cfg: Konfigurasi, at: tuple[float, float, float], width: int, height: int
) -> list[alt.Chart]:
    """The names and numbers, black on a white halo (readable on any class colour and on land or sea)."""
    w = cfg.wilayah
    rows = []
    for p in placed:
        x, y = labels.project(float(w.at[p.kode, "titik_lon"]), float(w.at[p.kode, "titik_lat"]), at, width, height)
        lon, lat = labels.unproject(x + p.dx, y + p.dy, at, width, height)
        rows.append({"lon": lon, "lat": lat, "teks": p.text, "align": p.align, "baseline": p.baseline})
    if not rows:
        return []
    df = pd.DataFrame(rows)
    out = []
    for (align, baseline), part in df.groupby(["align", "baseline"]):
        base = alt.Chart(part).encode(longitude="lon:Q", latitude="lat:Q", text="teks:N")
        style = {"align": align, "baseline": baseline, "fontSize": TYPE, "color": palette.BLACK}
        out += [base.mark_text(**style, stroke="white", strokeWidth=3), base.mark_text(**style)]
    return out


def _bounds_of(kodes: pd.Series, cfg: Konfigurasi, batas: Batas | None) -> tuple[float, float, float, float]:
    """The box of these districts: their polygons, else their inside points with a margin (as focus_bounds)."""
    if batas is not None:
        shapes = batas.wilayah[batas.wilayah[KODE].isin(kodes)]
        if len(shapes):
            return tuple(float(b) for b in shapes.total_bounds)  # type: ignore[return-value]
    w = cfg.wilayah.loc[[k for k in kodes if k in cfg.wilayah.index]]
    lon, lat = w["titik_lon"].astype(float), w["titik_lat"].astype(float)
    return (lon.min() - 0.3, lat.min() - 0.3, lon.max() + 0.3, lat.max() + 0.3)


def _land_layer(bounds: tuple[float, float, float, float]) -> list[alt.Chart]:
    """The base map's land (lib.geo.basemap) around the districts, under them."""
    land = basemap.land_around(bounds)
    if land is None:
        return []
    land["geometry"] = shapely.geometry.mapping(
        shapely.orient_polygons(shapely.geometry.shape(land["geometry"]), exterior_cw=True)
    )
    return [alt.Chart(alt.Data(values=[land])).mark_geoshape(fill=palette.LAND, stroke=palette.COAST, strokeWidth=0.5)]
