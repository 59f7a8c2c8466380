"""The map (Peta): its choices (in the URL), a click on a district, the legend, the district panel, the boundary
file in force and its upload."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from lib import figures, fmt, present, store
from lib.config import Konfigurasi, max_upload_streamlit_mb
from lib.errors import UserError
from lib.figures import Filter, Measure
from lib.present.legend import NO_DATA_TEXT
from lib.present.palette import NO_DATA, hex_color
from lib.present.texts import as_text
from lib.ui import state
from lib.ui.auth import principal
from lib.ui.cache import cached, shared
from lib.ui.errors import shown_inline
from lib.ui.page import province_names
from lib.ui.state import SEMUA

if TYPE_CHECKING:  # pydeck is loaded by lib.render.maps, on the screens that draw a map
    import pydeck as pdk

# Session-state keys of the map's own choices, mirrored in the URL by the same names (a shareable view).
PETA_UKURAN, PETA_KATEGORI, PETA_FOKUS, PETA_WILAYAH, PETA_DECK = (
    "peta_ukuran",
    "peta_kategori",
    "peta_fokus",
    "peta_wilayah",
    "peta_deck",
)
PETA_KLIK = "peta_klik"  # the districts of the last click on the map
BATAS_VERSI = "batas_versi"  # part of the boundary uploader's key: a new value empties it after an install


def installed_boundaries(cfg: Konfigurasi) -> Any:
    """The boundary file in force as a lib.geo.Batas (None: none installed), read once per stamp of the file and of
    the configuration. A file that cannot be used raises UserError."""
    # Lazy: geopandas and shapely: a second at start, needed only where boundaries are drawn
    from lib import geo

    p = geo.installed_path(cfg)
    if not p.exists():
        return None
    stamp = (str(p), *(store.file_stamp(str(f)) for f in (p, geo.sidecar(p))), cfg.stamp)
    return cached("batas wilayah", stamp, lambda: geo.load_for_map(cfg, str(p)))


def map_boundaries(cfg: Konfigurasi) -> Any:
    """installed_boundaries, or None also when the file cannot be used: maps then show points, and the Peta screen
    says why (boundary_notes)."""
    with suppress(UserError):
        return installed_boundaries(cfg)
    return None


def boundary_notes(cfg: Konfigurasi, batas: Any) -> None:
    """Why the map shows points (an unusable boundary file's problem, or none installed), or which districts the
    installed file does not match."""
    if batas is None:
        with shown_inline():  # the file's problem, told again here; the rest of the screen (and its upload) works
            installed_boundaries(cfg)
        # Lazy: see installed_boundaries
        from lib import geo

        why = "berkas batas wilayah di atas tidak dapat dipakai" if geo.installed_path(cfg).exists() else "batas wilayah belum dipasang"  # fmt: skip
        st.info(
            "Peta menampilkan setiap kabupaten/kota sebagai titik (besar dan warna menurut nilai), karena "
            f"{why}. Untuk memasang poligon: `python -m lib boundaries download` (berkas publik "
            "yang dipatok dan diperiksa SHA-256-nya), `python -m lib boundaries load BERKAS`, atau unggah berkas "
            "di bagian **Batas wilayah** di bawah."
        )
    elif batas.laporan.tidak_cocok:
        st.warning(" ".join(batas.laporan.lines(cfg)[1:2]))


PETA_DEFAULT = "terdata"  # the Peta screen opens on the count; the map slide on its peta_ukuran


def default_measure(cfg: Konfigurasi, preferred: str) -> str:
    """The measure a screen opens with: `preferred` when the configuration has it, else the map slide's
    ([presentasi] peta_ukuran, else cakupan, else the first one): a configuration without it still opens."""
    from lib.present import slides  # lazy: the slides' module only for the screens with a measure picker

    return preferred if any(u.kode == preferred for u in figures.map_measures(cfg)) else slides.map_measure(cfg).kode


def map_controls(cfg: Konfigurasi, f: Filter) -> tuple[Measure, str | None, str | None]:
    """The map's measure, PAS group and selected district (in the URL). Returns (Measure, kategori or None, kode)."""
    measures = {u.kode: u for u in figures.map_measures(cfg)}
    state.from_url(PETA_UKURAN, PETA_UKURAN, list(measures), default_measure(cfg, PETA_DEFAULT))
    kategori = [SEMUA] + figures.kategori_codes(cfg, Filter(periode=f.periode, klaster=f.klaster))
    state.from_url(PETA_KATEGORI, PETA_KATEGORI, kategori, SEMUA)
    districts = [SEMUA] + cfg.kode_wilayah
    state.from_url(PETA_WILAYAH, PETA_WILAYAH, districts, SEMUA)
    _take_map_click()
    a, b, c = st.columns([1.2, 1, 1.2])
    kode_u = a.selectbox(
        "Ukuran", list(measures), placeholder="Pilih…", key=PETA_UKURAN, format_func=lambda k: measures[k].label
    )
    u = measures[kode_u]
    judul = cfg.kategori_judul
    kat = b.selectbox(
        judul,
        kategori,
        placeholder="Pilih…",
        key=PETA_KATEGORI,
        disabled=not u.by_kategori,
        format_func=lambda k: cfg.label("kategori", k) if k else "Semua " + judul[:1].lower() + judul[1:],
        help=None if u.by_kategori else "Program dikelompokkan per klaster, bukan per kelompok.",
    )
    kode = c.selectbox(
        "Kabupaten/kota terpilih",
        districts,
        placeholder="Pilih…",
        key=PETA_WILAYAH,
        format_func=lambda k: cfg.nama_wilayah(k) if k else "— klik wilayah di peta —",
    )
    state.to_url(PETA_UKURAN, kode_u, default_measure(cfg, PETA_DEFAULT))
    state.to_url(PETA_KATEGORI, kat)
    state.to_url(PETA_WILAYAH, kode)
    return u, (kat or None) if u.by_kategori else None, kode or None


def _take_map_click() -> None:
    """A click on the map (pydeck selection) selects that district, before the selectbox mirroring it is drawn."""
    event = st.session_state.get(PETA_DECK)
    objects = ((event or {}).get("selection") or {}).get("objects") or {}
    # Lazy: lib.render.maps loads geopandas (a second); only the Peta screen, which has loaded it, gets here
    from lib.render import maps

    picked = objects.get(maps.LAYER) or []
    kodes = tuple(str((o.get("properties") or o).get("kode")) for o in picked)
    # Only a new pick counts: the frontend empties its selection when the deck changes (the selected outline
    # is drawn), so an empty selection does not mean "deselect"; the selectbox's first option does.
    if kodes and kodes != st.session_state.get(PETA_KLIK):
        st.session_state[PETA_WILAYAH] = kodes[0]
    if kodes:
        st.session_state[PETA_KLIK] = kodes


PROVINCE_BUTTONS = 6  # the most provinces shown as one row of buttons at 1280 px


def map_focus(cfg: Konfigurasi, f: Filter) -> str | None:
    """One-click views: the whole coverage or one province (the configuration's provinces), in the URL."""
    names = province_names(cfg)
    default = f.provinsi or (cfg.wilayah.at[f.wilayah, "kode_provinsi"] if f.wilayah else SEMUA)
    state.from_url(PETA_FOKUS, PETA_FOKUS, [SEMUA, *names], default)
    # A row of buttons for a few provinces; a list where a row would run off the screen (38 nationally)
    widget: Any = st.segmented_control if len(names) <= PROVINCE_BUTTONS else st.selectbox
    choice = widget(
        "Tampilan",
        [SEMUA, *names],
        key=PETA_FOKUS,
        label_visibility="collapsed",
        format_func=lambda p: names[p] if p else "Semua",
    )
    state.to_url(PETA_FOKUS, choice)
    return choice or None


def map_land(cfg: Konfigurasi, batas: Any, provinsi: str | None) -> dict | None:
    """The base map's land around the map's framing (a province, or the coverage), clipped once per data version
    and framing for every session (clipping the coasts takes ~0,1 s)."""
    from lib.render import maps  # here: geopandas and shapely, for the screens with a map only

    bounds = tuple(round(float(b), 4) for b in maps.focus_bounds(cfg, batas, provinsi))
    return shared(_land_around, bounds)


def _land_around(_data: Any, _cfg: Konfigurasi, bounds: tuple[float, float, float, float]) -> dict | None:
    from lib.geo import basemap

    return basemap.land_around(bounds)


def map_numbers(listed: list[str]) -> None:
    """Under the map: the names that did not fit on it, by their numbers (lib.render.labels)."""
    from lib.render import labels  # lazy: see _take_map_click

    if listed:
        st.caption(as_text(labels.numbered_list(listed)))


def show_map(spec: pdk.Deck) -> None:
    """A map spec (lib.render.maps), clickable: a click selects a district (map_controls)."""
    from lib.render import maps  # lazy: see _take_map_click

    st.pydeck_chart(spec, on_select="rerun", selection_mode="single-object", key=PETA_DECK, height=maps.MAP_HEIGHT)


def map_legend(legend: list, label: str, sentra: str) -> None:
    """Class colours and their ranges in Indonesian number format, grey for no data, the Sentra's ring."""
    swatch = (
        '<span style="white-space:nowrap"><span style="display:inline-block;width:1.1em;height:1.1em;'
        'background:{};border:1px solid #777;vertical-align:-0.2em;margin:0 0.25em 0 0.6em"></span>{}</span>'
    )
    items = [swatch.format(hex_color(k.warna), k.rentang) for k in legend]
    items.append(swatch.format(NO_DATA, NO_DATA_TEXT))
    ring = (
        '<span style="display:inline-block;width:0.9em;height:0.9em;border:3px solid #000;border-radius:50%;'
        f'vertical-align:-0.2em;margin:0 0.3em 0 0.8em"></span>{sentra}'
    )
    ring = f'<span style="white-space:nowrap">{ring}</span>'
    st.markdown(
        f'<div style="font-size:0.85rem;line-height:1.6"><b>{label}</b>{"".join(items)}{ring}</div>',
        unsafe_allow_html=True,
    )


def district_panel(cfg: Konfigurasi, kode: str, profile: pd.DataFrame, periode: str) -> None:
    """The selected district: its key figures and a link to its profile."""
    with st.container(border=True):
        st.markdown(f"**{cfg.nama_wilayah(kode)}**  \n{cfg.wilayah.at[kode, 'provinsi']} · {fmt.bulan(periode)}")
        st.table(profile.set_index(profile.columns[0]))
        st.page_link("views/profil.py", label=f"Profil {present.short_name(cfg, kode)} →", query_params={"kode": kode})
        st.caption(
            "Ubah: dibanding bulan lalu (persentase: dalam poin). Peringkat: di antara wilayah berdata. "
            "Alamat halaman ini memuat wilayah terpilih, jadi dapat dibagikan."
        )


def boundary_upload(cfg: Konfigurasi, batas: Any) -> None:
    """The installed boundaries (source, matches) and an upload that replaces them, all or nothing."""
    # Lazy: see installed_boundaries
    from lib import geo

    with st.expander("Batas wilayah"):
        if batas is not None:
            st.markdown("\n".join(f"- {line}" for line in batas.laporan.lines(cfg)))
            st.caption(f"{as_text(batas.atribusi)} · berkas: {as_text(geo.installed_path(cfg).name)}")  # no server path
        else:
            st.caption("Belum ada batas wilayah terpasang.")
        st.markdown(
            "GeoJSON, GeoPackage atau Shapefile dalam .zip, CRS apa pun. Wilayah dicocokkan dengan "
            f"{present.code_examples(cfg)}, atau titik di dalam wilayah."
        )
        who = principal()
        if who is None or not who.is_admin:
            st.caption("Hanya admin yang dapat mengganti batas wilayah.")
            return
        up = st.file_uploader(
            "Berkas batas wilayah",
            type=["geojson", "json", "gpkg", "zip"],
            max_upload_size=max_upload_streamlit_mb(),  # the browser refuses bigger files
            help=f"GeoJSON, GeoPackage atau Shapefile dalam zip; paling besar {max_upload_streamlit_mb()} MB.",
            key=f"batas_unggah_{st.session_state.get(BATAS_VERSI, 0)}",
        )
        if up is not None and st.button("Pasang batas wilayah", key="batas_pasang", type="primary"):
            with shown_inline():  # a refused file is told here; the boundaries in force stay
                laporan = geo.install_upload(up.getvalue(), up.name, cfg, pengguna=who)
                state.flash("Batas wilayah terpasang.\n\n" + "\n".join(f"- {x}" for x in laporan.lines(cfg)))
                st.session_state[BATAS_VERSI] = st.session_state.get(BATAS_VERSI, 0) + 1
                st.rerun()
        state.show_flash()
