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

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from lib import geo
from lib.config import Konfigurasi, setting
from lib.errors import UserError
from lib.geo import DISPLAY_DECIMALS, KODE, Batas, feature_collection
from lib.present import palette
from lib.present.legend import NO_DATA_TEXT  # noqa: F401  (the legend's last entry, beside NO_DATA_COLOR)
from lib.render import labels

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


def focus_kodes(cfg: Konfigurasi, provinsi: str | None) -> list[str]:
    """The districts a map frames: a province's, or the whole coverage."""
    w = cfg.wilayah
    return list(w.index[w["kode_provinsi"] == provinsi]) if provinsi else list(w.index)


def focus_bounds(cfg: Konfigurasi, batas: Batas | None, provinsi: str | None):
    """The box to frame: a province's districts, or the whole coverage."""
    w = cfg.wilayah
    kodes = focus_kodes(cfg, provinsi)
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
    width: int = MAP_WIDTH,
    height: int = MAP_HEIGHT,
    placed: list[labels.Label] | None = None,
) -> pdk.Deck:
    """The map: districts coloured by class (polygons, or points without boundaries) on the base map's `land`
    (lib.geo.basemap.land_around the framing), province outlines, the selected district outlined, the Sentra's
    location; framed on a province or on the whole coverage, for a map of width × height pixels; every district in
    the frame named (`placed`: screen_names's first part, made once by a caller that also lists the rest)."""
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
        points["radius"] = points[KODE].map(circle_radii(df))
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
    view = fit_view(bounds, width, height)
    if placed is None:
        placed = screen_names(df, cfg, batas, provinsi, selected, width, height)[0]
    layers += _name_layer(placed, cfg)
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


def circle_radii(table: pd.DataFrame) -> dict[str, float]:
    """Each district's circle radius in pixels, by the square root of its value (area follows the value)."""
    values = pd.to_numeric(table["nilai"], errors="coerce")
    top = float(values.max()) if values.notna().any() and values.max() > 0 else None
    return {
        k: round(4 + 11 * math.sqrt(max(float(v), 0) / top), 1) if top and pd.notna(v) else 4
        for k, v in zip(table[KODE], values, strict=True)
    }


def name_markers(
    table: pd.DataFrame,
    cfg: Konfigurasi,
    at: tuple[float, float, float],
    width: int,
    height: int,
    radius: dict[str, float],
    selected: str | None,
) -> list[labels.Marker]:
    """The districts of `table` inside the frame as markers to name, in their order of priority: the chosen
    district, the office's (named "… (kantor)"), then the largest values."""
    w = cfg.wilayah
    office = cfg.sentra.get("kode_wilayah")
    values = dict(zip(table[KODE], pd.to_numeric(table["nilai"], errors="coerce").fillna(0), strict=True))
    order = sorted((k for k in table[KODE] if k in w.index), key=lambda k: (k != selected, k != office, -values[k], k))
    out = []
    for k in order:
        x, y = labels.project(float(w.at[k, "titik_lon"]), float(w.at[k, "titik_lat"]), at, width, height)
        if 0 <= x <= width and 0 <= y <= height:  # a district outside a province's frame is not named on it
            name = str(w.at[k, "nama_pendek"]) + (f" ({OFFICE_LABEL})" if k == office else "")
            out.append(labels.Marker(k, name, x, y, radius.get(k, 2)))
    return out


OFFICE_LABEL = "kantor"
OFFICE_RADIUS = 10  # pixels: the Sentra's ring (8) and its line


def screen_names(
    table: pd.DataFrame,
    cfg: Konfigurasi,
    batas: Batas | None,
    provinsi: str | None,
    selected: str | None,
    width: int = MAP_WIDTH,
    height: int = MAP_HEIGHT,
) -> tuple[list[labels.Label], list[str]]:
    """Where the page's (or the slide's) map names its districts, and the names listed by number under it."""
    view = fit_view(focus_bounds(cfg, batas, provinsi), width, height)
    polygons = set(batas.wilayah[KODE]) if batas is not None else set()
    radius = {k: (2.0 if k in polygons else r + 1) for k, r in circle_radii(table).items()}
    office = cfg.sentra.get("kode_wilayah")
    if office in radius:
        radius[office] = max(radius[office], OFFICE_RADIUS)
    at = (view.longitude, view.latitude, view.zoom)
    markers = name_markers(table, cfg, at, width, height, radius, selected)
    own = set(focus_kodes(cfg, provinsi))  # a province's map names its own districts; its neighbours stay drawn
    named = [m for m in markers if m.kode in own]
    others = tuple(m for m in markers if m.kode not in own)
    return labels.place(named, width, height, NAME_SIZE, others)


NAME_SIZE = 12  # pixels


def _name_layer(placed: list[labels.Label], cfg: Konfigurasi) -> list[pdk.Layer]:
    """The names (and numbers) as text on a white box, offset from their marker as placed."""
    w = cfg.wilayah
    anchor = {"left": "start", "right": "end", "center": "middle"}
    baseline = {"middle": "center", "bottom": "bottom", "top": "top"}
    rows = [
        {
            "lon": round(float(w.at[p.kode, "titik_lon"]), 4),
            "lat": round(float(w.at[p.kode, "titik_lat"]), 4),
            "teks": p.text,
            "geser": [p.dx, p.dy],
            "jangkar": anchor[p.align],
            "dasar": baseline[p.baseline],
        }
        for p in placed
    ]
    if not rows:
        return []
    return [
        pdk.Layer(
            "TextLayer",
            rows,
            id="nama",
            get_position="[lon, lat]",
            get_text="teks",
            get_size=NAME_SIZE,
            get_pixel_offset="geser",
            get_text_anchor="jangkar",
            get_alignment_baseline="dasar",
            get_color=[20, 20, 20],
            size_units="'pixels'",
            font_family="'Source Sans, sans-serif'",  # a plain string here is read as an expression: quoted
            background=True,
            get_background_color=[255, 255, 255, 215],
            background_padding=[2, 0, 2, 0],
            pickable=False,
        )
    ]


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
