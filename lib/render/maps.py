"""The map (Peta) as specs: the pydeck Deck of the districts for the pages and presentation mode, and the static
Vega-Lite map (rendered to PNG offline) for the meeting deck and the brief.

Districts are polygons when a boundary file is installed (lib.geo), else points at their inside point, sized and
coloured by value. The classes and colours come from lib.present.legend.map_table (ColorBrewer YlGnBu, 5 classes,
lib.present.palette), grey for districts without data. No outside request: `map_provider=None` unless the
ATENSI_BASEMAP setting switches a basemap on.
"""

from __future__ import annotations

import json
import math
from typing import Literal

import altair as alt
import pandas as pd
import pydeck as pdk
import shapely
from pydeck.bindings.json_tools import default_serialize

from lib import fmt, geo
from lib.config import Konfigurasi, setting
from lib.errors import UserError
from lib.geo import DISPLAY_DECIMALS, KODE, Batas, basemap, feature_collection
from lib.present import palette
from lib.present.legend import NO_DATA_TEXT  # noqa: F401  (the legend's last entry, beside NO_DATA_COLOR)

# pydeck wants RGB
CLASS_COLORS = [palette.rgb(c) for c in palette.CLASS_COLORS]
NO_DATA_COLOR = palette.rgb(palette.NO_DATA)
PROVINCE_LINE = palette.rgb(palette.PROVINCE_LINE)
SELECTED_LINE = palette.rgb(palette.SELECTED_LINE)
LAYER = "wilayah"  # the pickable layer: its id is the key of the selection
MAP_WIDTH, MAP_HEIGHT = 500, 325  # pixels of the map at 1280×720 with the sidebar open (for framing)
BASEMAPS = {"carto": ("carto", "light")}
SEA_BOX = (60.0, -45.0, 180.0, 45.0)  # lon/lat: beyond any framing of an Indonesian deployment


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation. pydeck indents by 2 spaces, which multiplies the size of polygon
    coordinates sixfold (1,9 MB instead of ~0,2 MB for the 23 districts) on the presenters' slow links."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)


TOOLTIP_FIELDS = ["nama", "provinsi", "teks", "peringkat_teks", "ubah_teks"]


def tooltip_html(label: str) -> str:
    """The tooltip template: Streamlit fills {field} from the hovered district (values are escaped, so the
    markup lives here and the values are plain text)."""
    return (
        "<b>{nama}</b><br/>{provinsi}<br/>" + label.replace("{", "(").replace("}", ")") + ": <b>{teks}</b><br/>"
        "Peringkat: {peringkat_teks}<br/>Dibanding bulan lalu: {ubah_teks}"
    )


def boundaries(cfg: Konfigurasi) -> Batas | None:
    """The installed boundaries for a map, or None when there are none or the file is broken: the map then falls
    back to points, as on the Peta page."""
    try:
        return geo.load_for_map(cfg)
    except UserError:
        return None


MARKER_ROOM = 20  # pixels kept free at the map's edges: the largest circle's radius (15) and its outline


def fit_view(bounds, width: int = MAP_WIDTH, height: int = MAP_HEIGHT, padding: float = 0.03) -> pdk.ViewState:
    """A view (Web Mercator) in which the box (minx, miny, maxx, maxy) fits the map with a margin: `padding` of
    the map's size and MARKER_ROOM pixels, so a circle at the box's edge is drawn whole."""
    minx, miny, maxx, maxy = bounds

    def merc_y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = max((maxx - minx) / 360, 1e-4)
    dy = max((merc_y(maxy) - merc_y(miny)) / (2 * math.pi), 1e-4)
    scale = 1 - 2 * padding
    room_x, room_y = max(width * scale - 2 * MARKER_ROOM, 1), max(height * scale - 2 * MARKER_ROOM, 1)
    zoom = math.log2(min(room_x / (dx * 512), room_y / (dy * 512)))
    mid_y = (merc_y(maxy) + merc_y(miny)) / 2
    lat = math.degrees(2 * math.atan(math.exp(mid_y)) - math.pi / 2)
    return pdk.ViewState(longitude=(minx + maxx) / 2, latitude=lat, zoom=round(zoom, 2), pitch=0, bearing=0)


def focus_bounds(cfg: Konfigurasi, batas: Batas | None, provinsi: str | None):
    """The box to frame: a province's districts, or the whole coverage."""
    w = cfg.wilayah
    kodes = list(w.index[w["kode_provinsi"] == provinsi]) if provinsi else list(w.index)
    if batas is not None:
        shapes = batas.wilayah[batas.wilayah[KODE].isin(kodes)]
        if len(shapes):
            return tuple(shapes.total_bounds)
    lon, lat = w.loc[kodes, "titik_lon"].astype(float), w.loc[kodes, "titik_lat"].astype(float)
    return (lon.min() - 0.3, lat.min() - 0.3, lon.max() + 0.3, lat.max() + 0.3)


def base_layers(land: dict | None) -> list[pdk.Layer]:
    """Sea and land (the shipped Natural Earth coasts: `land` is basemap.land_around the framing) under the
    districts: without boundaries the circles would float on white, with nothing to say where they are."""
    if land is None:
        return []
    west, south, east, north = SEA_BOX
    sea = [[west, south], [east, south], [east, north], [west, north]]
    return [
        pdk.Layer(
            "PolygonLayer",
            [{"polygon": sea}],
            id="laut",
            get_polygon="polygon",
            get_fill_color=list(palette.rgb(palette.SEA)),
            stroked=False,
            pickable=False,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            land,
            id="daratan",
            filled=True,
            stroked=True,
            pickable=False,
            get_fill_color=list(palette.rgb(palette.LAND)),
            get_line_color=list(palette.rgb(palette.COAST)),
            line_width_min_pixels=1,
        ),
    ]


def _basemap() -> dict:
    chosen = BASEMAPS.get(setting("ATENSI_BASEMAP").strip().lower())
    if not chosen:
        # pydeck's default style ("__MAP_STYLE__") tells Streamlit "no basemap"; map_style=None makes it fetch Carto's
        return {"map_provider": None}
    return {"map_provider": chosen[0], "map_style": chosen[1]}


def district_map(
    table: pd.DataFrame,
    label: str,
    cfg: Konfigurasi,
    batas: Batas | None,
    provinsi: str | None = None,
    selected: str | None = None,
    land: dict | None = None,
) -> pdk.Deck:
    """The map: districts coloured by class (polygons, or points without boundaries) on the base map's `land`
    (lib.geo.basemap.land_around the framing), province outlines, the selected district outlined, the Sentra's
    location; framed on a province or on the whole coverage."""
    df = table.copy()
    df["kode"] = df["kode_wilayah"]
    props = ["kode", "warna"] + TOOLTIP_FIELDS
    bounds = focus_bounds(cfg, batas, provinsi)
    layers = base_layers(land)
    drawn: set[str] = set()
    if batas is not None:
        shapes = batas.wilayah.merge(df[[KODE] + props], on=KODE)
        drawn = set(shapes[KODE])
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                feature_collection(shapes, props, DISPLAY_DECIMALS),
                id=LAYER,
                pickable=True,
                filled=True,
                stroked=True,
                get_fill_color="properties.warna",
                get_line_color=[255, 255, 255],
                line_width_min_pixels=1,
                auto_highlight=True,
                highlight_color=[255, 255, 255, 90],
            )
        )
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                feature_collection(batas.provinsi, [], DISPLAY_DECIMALS),
                id="provinsi",
                filled=False,
                stroked=True,
                get_line_color=list(PROVINCE_LINE),
                line_width_min_pixels=1.5,
                pickable=False,
            )
        )
        if selected in drawn:
            layers.append(
                pdk.Layer(
                    "GeoJsonLayer",
                    feature_collection(shapes[shapes[KODE] == selected], [], DISPLAY_DECIMALS),
                    id="terpilih",
                    filled=False,
                    stroked=True,
                    get_line_color=list(SELECTED_LINE),
                    line_width_min_pixels=4,
                    pickable=False,
                )
            )
    points = df[~df[KODE].isin(drawn)].copy()  # no boundary file, or districts missing from it
    if len(points):
        w = cfg.wilayah
        points["lon"] = points[KODE].map(w["titik_lon"]).astype(float).round(4)
        points["lat"] = points[KODE].map(w["titik_lat"]).astype(float).round(4)
        values = pd.to_numeric(df["nilai"], errors="coerce")
        top = float(values.max()) if values.notna().any() and values.max() > 0 else None
        points["radius"] = [
            round(4 + 11 * math.sqrt(max(float(v), 0) / top), 1) if top and pd.notna(v) else 4 for v in points["nilai"]
        ]
        points = points.sort_values("radius", ascending=False)  # small circles drawn last, on top of large ones
        points["garis"] = [list(SELECTED_LINE) if k == selected else [60, 60, 60] for k in points[KODE]]
        points["tebal"] = [4 if k == selected else 1 for k in points[KODE]]
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                points[props + ["lon", "lat", "radius", "garis", "tebal"]].to_dict("records"),
                id=LAYER if not drawn else "titik",
                pickable=True,
                filled=True,
                stroked=True,
                get_position="[lon, lat]",
                get_fill_color="warna",
                get_radius="radius",
                radius_units="'pixels'",
                get_line_color="garis",
                get_line_width="tebal",
                line_width_units="'pixels'",
            )
        )
    layers += _sentra_layers(cfg)
    view = fit_view(bounds)
    tooltip = {
        "html": tooltip_html(label),
        "style": {
            "fontSize": "15px",
            "backgroundColor": palette.WHITE,
            "color": "#222222",
            "border": "1px solid #999999",
            "padding": "6px 8px",
        },
    }
    return CompactDeck(layers=layers, initial_view_state=view, tooltip=tooltip, **_basemap())


def _sentra_layers(cfg: Konfigurasi) -> list[pdk.Layer]:
    """The Sentra's location: a black ring (hollow, so its district's colour still shows), named in the legend."""
    kode = cfg.sentra.get("kode_wilayah")
    if kode not in cfg.wilayah.index:
        return []
    w = cfg.wilayah
    spot = [{"lon": round(float(w.at[kode, "titik_lon"]), 4), "lat": round(float(w.at[kode, "titik_lat"]), 4)}]
    return [
        pdk.Layer(
            "ScatterplotLayer",
            spot,
            id="sentra",
            get_position="[lon, lat]",
            get_line_color=[0, 0, 0],
            get_radius=8,
            radius_units="'pixels'",
            line_width_min_pixels=3,
            stroked=True,
            filled=False,
            pickable=False,
        )
    ]


LABELLED_POINTS = 40  # up to this many dots are each named on a static map (beyond, names would pile up)


def _halo_text(df: pd.DataFrame, field: str, dy: int, size: int, bold: bool) -> list[alt.Chart]:
    """Text at each row's lon/lat, black on a white halo (readable on any class colour)."""
    weight: Literal["bold", "normal"] = "bold" if bold else "normal"
    base = alt.Chart(df).encode(longitude="lon:Q", latitude="lat:Q", text=f"{field}:N")
    return [
        base.mark_text(dy=dy, fontSize=size, fontWeight=weight, color=palette.BLACK, stroke="white", strokeWidth=3),
        base.mark_text(dy=dy, fontSize=size, fontWeight=weight, color=palette.BLACK),
    ]


def _office_layers(cfg: Konfigurasi) -> list[alt.Chart]:
    """The office ([sentra] kode_wilayah) on a static map: a black ring, as on the Peta page, and 'kantor'."""
    kode = cfg.sentra.get("kode_wilayah")
    w = cfg.wilayah
    if kode not in w.index:
        return []
    spot = pd.DataFrame({"lon": [float(w.at[kode, "titik_lon"])], "lat": [float(w.at[kode, "titik_lat"])]})
    spot["teks"] = OFFICE_LABEL
    ring = (
        alt.Chart(spot)
        .mark_point(shape="circle", filled=False, size=620, color=palette.BLACK, strokeWidth=3, opacity=1)
        .encode(longitude="lon:Q", latitude="lat:Q")
    )
    return [ring, *_halo_text(spot, "teks", dy=20, size=11, bold=True)]


OFFICE_LABEL = "kantor"


def static_map(
    table: pd.DataFrame,
    cfg: Konfigurasi,
    batas: Batas | None = None,
    selected: str | None = None,
    width: int = 560,
    height: int = 300,
    label_selected: bool = True,
) -> alt.Chart:
    """The same classes and colours as the Peta page (lib.present.legend.map_table), as a Vega-Lite geoshape so it
    renders to PNG offline (the deck, the brief). Polygons when boundaries are installed, else a dot at each
    district's inside point, named; the office ringed."""
    df = table.copy()
    df["teks"] = df["teks"].fillna(fmt.TIDAK_ADA_DATA) if "teks" in df else fmt.TIDAK_ADA_DATA
    w = cfg.wilayah
    layers = _land_layer(_bounds_of(df[KODE], cfg, batas))
    if batas is not None:
        shapes = batas.wilayah.merge(df[[KODE, "warna_hex", "nama"]], on=KODE, how="inner")
        # d3 (Vega) wants clockwise outer rings; GeoJSON's are counter-clockwise and would fill the whole globe.
        shapes["geometry"] = shapely.orient_polygons(shapes.geometry.values, exterior_cw=True)
        features = json.loads(shapes[[KODE, "warna_hex", "nama", "geometry"]].to_json())["features"]
        data = alt.Data(values=features)
        layers.append(
            alt.Chart(data)
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
    else:
        drawn = set()
    points = df[~df[KODE].isin(drawn)].copy()
    if len(points):
        points["lon"] = points[KODE].map(w["titik_lon"]).astype(float)
        points["lat"] = points[KODE].map(w["titik_lat"]).astype(float)
        points["garis"] = [palette.SELECTED_LINE if k == selected else palette.GREY for k in points[KODE]]
        points["tebal"] = [4 if k == selected else 1.2 for k in points[KODE]]
        layers.append(
            alt.Chart(points)
            .mark_circle(size=260, opacity=1)
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                color=alt.Color("warna_hex:N", scale=None),
                stroke=alt.Stroke("garis:N", scale=None),
                strokeWidth=alt.StrokeWidth("tebal:Q", scale=None),
            )
        )
    if len(points) and len(points) <= LABELLED_POINTS:  # dots alone are anonymous: name each district
        named = points[[not (label_selected and k == selected) for k in points[KODE]]].copy()
        named["nama_pendek"] = named[KODE].map(w["nama_pendek"])
        layers += _halo_text(named, "nama_pendek", dy=-15, size=11, bold=False)
    layers += _office_layers(cfg)
    if selected and label_selected and selected in w.index:
        spot = pd.DataFrame(
            {
                "lon": [float(w.at[selected, "titik_lon"])],
                "lat": [float(w.at[selected, "titik_lat"])],
                "nama": [w.at[selected, "nama_pendek"]],
            }
        )
        layers.append(
            alt.Chart(spot)
            .mark_text(dy=-16, fontSize=14, fontWeight="bold", color=palette.BLACK, stroke="white", strokeWidth=3)
            .encode(longitude="lon:Q", latitude="lat:Q", text="nama:N")
        )
        layers.append(
            alt.Chart(spot)
            .mark_text(dy=-16, fontSize=14, fontWeight="bold", color=palette.BLACK)
            .encode(longitude="lon:Q", latitude="lat:Q", text="nama:N")
        )
    chart = alt.layer(*layers).project(type="mercator").properties(width=width, height=height)
    return chart.configure_view(strokeWidth=0).configure(background=palette.SEA)


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
    """The base map's land (lib.geo.basemap) under a static map; Vega frames the map on it, so it is clipped to
    the districts' box and a small margin (the projection fits every layer)."""
    land = basemap.land_around(bounds, margin=0.04)
    if land is None:
        return []
    land["geometry"] = shapely.geometry.mapping(
        shapely.orient_polygons(shapely.geometry.shape(land["geometry"]), exterior_cw=True)
    )
    return [alt.Chart(alt.Data(values=[land])).mark_geoshape(fill=palette.LAND, stroke=palette.COAST, strokeWidth=0.5)]
