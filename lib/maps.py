"""The map (Peta): class breaks, colours and the legend, and the pydeck Deck of the districts.

Districts are polygons when a boundary file is installed (lib.geo), else points at their inside point, sized and
coloured by value. Colours: ColorBrewer YlGnBu, 5 classes (colour-blind safe, readable in greyscale), grey for
districts without data. No outside request: `map_provider=None` unless the ATENSI_BASEMAP setting switches a
basemap on.
"""
from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from lib import fmt
from lib.config import Konfigurasi, setting
from lib.geo import DISPLAY_DECIMALS, KODE, Batas, feature_collection

# ColorBrewer YlGnBu (5 classes), light = low; colour-blind safe and print friendly.
CLASS_COLORS = [(255, 255, 204), (161, 218, 180), (65, 182, 196), (44, 127, 184), (37, 52, 148)]
NO_DATA_COLOR = (189, 189, 189)
NO_DATA_TEXT = fmt.TIDAK_ADA_DATA
PROVINCE_LINE = (70, 70, 70)
SELECTED_LINE = (230, 85, 13)  # orange: stands out on every class colour
LAYER = "wilayah"  # the pickable layer: its id is the key of the selection
MAP_WIDTH, MAP_HEIGHT = 500, 325  # pixels of the map at 1280×720 with the sidebar open (for framing)
BASEMAPS = {"carto": ("carto", "light")}


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation. pydeck indents by 2 spaces, which multiplies the size of polygon
    coordinates sixfold (1,9 MB instead of ~0,2 MB for the 23 districts) on the presenters' slow links."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)


def hex_color(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


@dataclass
class Kelas:
    """One class of the legend: its colour and the range of values it holds (as text)."""

    warna: tuple[int, int, int]
    rentang: str
    jumlah: int
    bawah: float | None = None
    atas: float | None = None


def format_value(x, jenis: str) -> str:
    if x is None or pd.isna(x):
        return NO_DATA_TEXT
    if jenis == "persen":
        return fmt.persen(x)
    if jenis == "per10rb":
        return fmt.angka(x, 1)
    return fmt.angka(x)


JENKS_MAX = 200


def classify(values: pd.Series, jenis: str, k: int = 5) -> tuple[list[int | None], list[Kelas]]:
    """Natural breaks (Fisher-Jenks) into at most k classes: the class of each value (None = no data), the legend.

    A class's range is the lowest to the highest value it holds, so ranges never overlap.
    """
    v = pd.to_numeric(values, errors="coerce")
    present = v.dropna()
    if present.empty:
        return [None] * len(v), []
    n_unique = present.nunique()
    if n_unique == 1:
        labels = np.zeros(len(present), dtype=int)
    else:
        classes = min(k, n_unique)
        x = present.to_numpy(dtype=float)
        # Fisher-Jenks is quadratic in pure Python (0,5 s for 514 districts): past JENKS_MAX values, find the
        # breaks on evenly spaced quantiles (min and max included, deterministic) and place every value by them.
        sample = np.quantile(x, np.linspace(0, 1, JENKS_MAX)) if len(x) > JENKS_MAX else x
        import mapclassify  # here, not at the top: it pulls in SciPy (1,4 s), which the first page never needs

        with warnings.catch_warnings():  # "Numba not installed": a few hundred values need no compiler
            warnings.simplefilter("ignore", UserWarning)
            bins = mapclassify.FisherJenks(sample, k=classes).bins
        labels = np.minimum(np.searchsorted(bins, x, side="left"), len(bins) - 1)
    ids = sorted(set(int(x) for x in labels))
    remap = {old: new for new, old in enumerate(ids)}
    colors = _palette(len(ids))
    by_row = dict(zip(present.index, (remap[int(x)] for x in labels)))
    legend = []
    for i in range(len(ids)):
        members = present[[by_row[j] == i for j in present.index]]
        lo, hi = float(members.min()), float(members.max())
        text = format_value(lo, jenis) if lo == hi else f"{format_value(lo, jenis)} – {format_value(hi, jenis)}"
        legend.append(Kelas(colors[i], text, len(members), lo, hi))
    return [by_row.get(j) for j in v.index], legend


def _palette(n: int) -> list[tuple[int, int, int]]:
    """n colours spread over the 5-class scheme (so 3 classes still run from light to dark)."""
    if n >= len(CLASS_COLORS):
        return CLASS_COLORS[:n]
    if n == 1:
        return [CLASS_COLORS[2]]
    picks = [round(i * (len(CLASS_COLORS) - 1) / (n - 1)) for i in range(n)]
    return [CLASS_COLORS[p] for p in picks]


def map_table(ranking: pd.DataFrame, jenis: str) -> tuple[pd.DataFrame, list[Kelas]]:
    """The ranking (lib.present.district_ranking) with each district's class, colour and tooltip lines."""
    df = ranking.copy()
    kelas, legend = classify(df["nilai"], jenis)
    df["kelas"] = kelas
    df["warna"] = [list(legend[c].warna) if c is not None else list(NO_DATA_COLOR) for c in kelas]
    df["warna_hex"] = [hex_color(w) for w in df["warna"]]
    df["peringkat_teks"] = [f"ke-{int(r)} dari {n}" if pd.notna(r) else NO_DATA_TEXT
                            for r, n in zip(df["peringkat"], df["n"])]
    return df, legend


TOOLTIP_FIELDS = ["nama", "provinsi", "teks", "peringkat_teks", "ubah_teks"]


def tooltip_html(label: str) -> str:
    """The tooltip template: Streamlit fills {field} from the hovered district (values are escaped, so the
    markup lives here and the values are plain text)."""
    return ("<b>{nama}</b><br/>{provinsi}<br/>" + label.replace("{", "(").replace("}", ")") + ": <b>{teks}</b><br/>"
            "Peringkat: {peringkat_teks}<br/>Dibanding bulan lalu: {ubah_teks}")


def fit_view(bounds, width: int = MAP_WIDTH, height: int = MAP_HEIGHT, padding: float = 0.03) -> pdk.ViewState:
    """A view (Web Mercator) in which the box (minx, miny, maxx, maxy) fits the map with a margin."""
    minx, miny, maxx, maxy = bounds

    def merc_y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = max((maxx - minx) / 360, 1e-4)
    dy = max((merc_y(maxy) - merc_y(miny)) / (2 * math.pi), 1e-4)
    scale = 1 - 2 * padding
    zoom = math.log2(min(width * scale / (dx * 512), height * scale / (dy * 512)))
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


def _basemap() -> dict:
    chosen = BASEMAPS.get(setting("ATENSI_BASEMAP").strip().lower())
    if not chosen:
        # pydeck's default style ("__MAP_STYLE__") tells Streamlit "no basemap"; map_style=None makes it fetch Carto's
        return {"map_provider": None}
    return {"map_provider": chosen[0], "map_style": chosen[1]}


def district_deck(table: pd.DataFrame, label: str, cfg: Konfigurasi, batas: Batas | None,
                  provinsi: str | None = None, selected: str | None = None) -> pdk.Deck:
    """The map: districts coloured by class (polygons, or points without boundaries), province outlines, the
    selected district outlined, the Sentra's location; framed on a province or on the whole coverage."""
    df = table.copy()
    df["kode"] = df["kode_wilayah"]
    props = ["kode", "warna"] + TOOLTIP_FIELDS
    layers = []
    drawn: set[str] = set()
    if batas is not None:
        shapes = batas.wilayah.merge(df[[KODE] + props], on=KODE)
        drawn = set(shapes[KODE])
        layers.append(pdk.Layer("GeoJsonLayer", feature_collection(shapes, props, DISPLAY_DECIMALS), id=LAYER,
                                pickable=True, filled=True, stroked=True, get_fill_color="properties.warna",
                                get_line_color=[255, 255, 255], line_width_min_pixels=1, auto_highlight=True,
                                highlight_color=[255, 255, 255, 90]))
        layers.append(pdk.Layer("GeoJsonLayer", feature_collection(batas.provinsi, [], DISPLAY_DECIMALS),
                                id="provinsi", filled=False, stroked=True, get_line_color=list(PROVINCE_LINE),
                                line_width_min_pixels=1.5, pickable=False))
        if selected in drawn:
            layers.append(pdk.Layer("GeoJsonLayer",
                                    feature_collection(shapes[shapes[KODE] == selected], [], DISPLAY_DECIMALS),
                                    id="terpilih", filled=False, stroked=True, get_line_color=list(SELECTED_LINE),
                                    line_width_min_pixels=4, pickable=False))
    points = df[~df[KODE].isin(drawn)].copy()  # no boundary file, or districts missing from it
    if len(points):
        w = cfg.wilayah
        points["lon"] = points[KODE].map(w["titik_lon"]).astype(float).round(4)
        points["lat"] = points[KODE].map(w["titik_lat"]).astype(float).round(4)
        values = pd.to_numeric(df["nilai"], errors="coerce")
        top = float(values.max()) if values.notna().any() and values.max() > 0 else None
        points["radius"] = [round(4 + 11 * math.sqrt(max(float(v), 0) / top), 1) if top and pd.notna(v) else 4
                            for v in points["nilai"]]
        points = points.sort_values("radius", ascending=False)  # small circles drawn last, on top of large ones
        points["garis"] = [list(SELECTED_LINE) if k == selected else [60, 60, 60] for k in points[KODE]]
        points["tebal"] = [4 if k == selected else 1 for k in points[KODE]]
        layers.append(pdk.Layer("ScatterplotLayer", points[props + ["lon", "lat", "radius", "garis", "tebal"]]
                                .to_dict("records"),
                                id=LAYER if not drawn else "titik", pickable=True, filled=True, stroked=True,
                                get_position="[lon, lat]", get_fill_color="warna", get_radius="radius",
                                radius_units="'pixels'", get_line_color="garis", get_line_width="tebal",
                                line_width_units="'pixels'"))
    layers += _sentra_layers(cfg)
    view = fit_view(focus_bounds(cfg, batas, provinsi))
    tooltip = {"html": tooltip_html(label), "style": {"fontSize": "15px", "backgroundColor": "#ffffff", "color": "#222222",
                                              "border": "1px solid #999999", "padding": "6px 8px"}}
    return CompactDeck(layers=layers, initial_view_state=view, tooltip=tooltip, **_basemap())


def _sentra_layers(cfg: Konfigurasi) -> list[pdk.Layer]:
    """The Sentra's location: a black ring (hollow, so its district's colour still shows), named in the legend."""
    kode = cfg.sentra.get("kode_wilayah")
    if kode not in cfg.wilayah.index:
        return []
    w = cfg.wilayah
    spot = [{"lon": round(float(w.at[kode, "titik_lon"]), 4), "lat": round(float(w.at[kode, "titik_lat"]), 4)}]
    return [pdk.Layer("ScatterplotLayer", spot, id="sentra", get_position="[lon, lat]", get_line_color=[0, 0, 0],
                      get_radius=8, radius_units="'pixels'", line_width_min_pixels=3, stroked=True, filled=False,
                      pickable=False)]
