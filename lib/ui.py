"""Everything Streamlit-specific that pages share: cached reads, the sidebar filters, KPI cards, errors.

Reads are cached by the store's state token (it changes with every batch and rollback), so an import from the
command line or another browser tab shows up on the next rerun, and nothing stale is ever shown.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import figures, fmt, present, sample, store
from lib.config import Konfigurasi, load_config, setting
from lib.errors import UserError
from lib.figures import Filter
from lib.present import Kpi
from lib.schema import DATASETS

# Session-state keys of the shared filters, and the query parameters that mirror them (shareable URLs).
FILTER_KEYS = {"periode": "f_periode", "klaster": "f_klaster", "provinsi": "f_provinsi", "wilayah": "f_wilayah"}
SEMUA = ""  # the "all" choice of a filter


def page(title: str | None) -> tuple[Konfigurasi, Filter]:
    """The start of a screen: its title (None: the page writes its own), and the configuration and the sidebar's
    filters; without any data the screen says so and stops here."""
    f = st.session_state.get("filter")
    if title or f is None:
        st.title(title or "Belum ada data")
    if f is None:
        st.info("Belum ada data untuk ditampilkan. Unggah data di halaman Unggah Data, atau isi data contoh dengan "
                "`python -m lib init --sample`.")
        st.stop()
    return config(), f


def config() -> Konfigurasi:
    return load_config()


@st.cache_resource(show_spinner=False)
def _ensured(db: str) -> bool:
    store.init_db(db)
    if setting("ATENSI_SAMPLE") == "1" and store.is_empty(db):
        sample.seed(db)
    return True


def ensure_database() -> None:
    """Create the database on first start and, when it is empty, fill it with the sample data."""
    _ensured(store.db_path())


# cache_resource, not cache_data: one shared copy per store state instead of a fresh unpickled copy of every
# dataset on every call (seconds at national scale). Callers treat the frames as read-only.
@st.cache_resource(show_spinner=False, max_entries=2)
def _current_all(token: tuple, db: str) -> dict[str, pd.DataFrame]:
    return store.current_all(db)


@st.cache_data(show_spinner=False, max_entries=4)
def _freshness(token: tuple, db: str) -> pd.DataFrame:
    return store.freshness(db)


@st.cache_data(show_spinner=False, max_entries=4)
def _history(token: tuple, db: str) -> pd.DataFrame:
    return store.history(db)


@st.cache_data(show_spinner=False, max_entries=16)
def _token_for(stamp: tuple, db: str) -> tuple:
    return store.state_token(db)


def token() -> tuple:
    """The store's state token, asked of the database only when its stamp changed (`store.stamp()`).

    Opening DuckDB costs tens of milliseconds; a stat costs microseconds. Every committed write (a batch or a
    rollback, from this process or the command line) changes the file or its write-ahead log; with PostgreSQL
    it bumps a counter read with one tiny query.
    """
    db = store.db_path()
    return _token_for(store.stamp(db), db)


def data() -> dict[str, pd.DataFrame]:
    return _current_all(token(), store.db_path())


def freshness() -> pd.DataFrame:
    return _freshness(token(), store.db_path())


def history() -> pd.DataFrame:
    return _history(token(), store.db_path())


def _init_from_url(url: dict, key: str, param: str, options: list[str]) -> None:
    """On a fresh session, take the filter's value from the URL when it is a valid choice."""
    value = url.get(param)
    if key not in st.session_state and value in options:
        st.session_state[key] = value
    if key in st.session_state and st.session_state[key] not in options:
        st.session_state[key] = options[0] if param != "periode" else options[-1]


def sidebar_filters(cfg: Konfigurasi) -> Filter | None:
    """Period, klaster, province and district in the sidebar, mirrored in the URL. None when there is no data."""
    periods = figures.periods(data())
    if not periods:
        st.sidebar.info("Belum ada data PAS. Unggah data atau jalankan `python -m lib init --sample`.")
        return None
    sb = st.sidebar
    sb.markdown("### Filter")
    url = st.query_params.to_dict()
    _init_from_url(url, FILTER_KEYS["periode"], "periode", periods)
    periode = sb.selectbox("Periode", periods, index=len(periods) - 1, format_func=fmt.bulan,
                           key=FILTER_KEYS["periode"])
    klaster = [SEMUA] + [k.kode for k in cfg.klaster]
    _init_from_url(url, FILTER_KEYS["klaster"], "klaster", klaster)
    kl = sb.selectbox("Klaster", klaster, key=FILTER_KEYS["klaster"],
                      format_func=lambda k: cfg.label("klaster", k) if k else "Semua klaster")
    w = cfg.wilayah
    provinces = [SEMUA] + list(dict.fromkeys(w["kode_provinsi"]))
    names = dict(zip(w["kode_provinsi"], w["provinsi"]))
    _init_from_url(url, FILTER_KEYS["provinsi"], "provinsi", provinces)
    prov = sb.selectbox("Provinsi", provinces, key=FILTER_KEYS["provinsi"],
                        format_func=lambda p: names[p] if p else "Semua provinsi")
    in_prov = list(w.index[w["kode_provinsi"] == prov]) if prov else list(w.index)
    choices = [SEMUA] + in_prov
    _init_from_url(url, FILTER_KEYS["wilayah"], "wilayah", choices)
    wil = sb.selectbox("Kabupaten/kota", choices, key=FILTER_KEYS["wilayah"],
                       format_func=lambda k: cfg.nama_wilayah(k) if k else "Semua kabupaten/kota")
    chosen = {"periode": periode, "klaster": kl, "provinsi": prov, "wilayah": wil}
    for param, value in chosen.items():
        if value:
            st.query_params[param] = value
        elif param in st.query_params:
            del st.query_params[param]
    return Filter(periode=periode, klaster=kl or None, provinsi=prov or None, wilayah=wil or None)


def scope_text(cfg: Konfigurasi, f: Filter) -> str:
    """'Maret 2025 · Semua klaster · 23 kabupaten/kota' — what the figures on screen cover."""
    where = place_text(cfg, f)
    klaster = cfg.label("klaster", f.klaster) if f.klaster else "semua klaster"
    return f"{fmt.bulan(f.periode)} · {klaster} · {where}"


def sample_banner(fresh: pd.DataFrame) -> None:
    """'DATA CONTOH' on every page while any current figure comes from the seeded sample."""
    sample_sets = fresh.loc[fresh["baris_contoh"] > 0, "dataset"].map(lambda d: DATASETS[d].judul).tolist()
    if sample_sets:
        which = "" if len(sample_sets) == len(fresh) else f" (data {', '.join(sample_sets)})"
        st.sidebar.badge("DATA CONTOH", color="orange")
        st.markdown(f":orange-badge[DATA CONTOH] :small[Angka dibangkitkan untuk contoh, bukan data sebenarnya{which}."
                    " Unggah data asli untuk menggantinya.]")


# Tighter page top and KPI values that fit four to a row at 1280×720 with the sidebar open.
CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; padding-bottom: 2rem; }
[data-testid="stMetricValue"] { font-size: 1.9rem; }
[data-testid="stMetricLabel"] p { font-size: 0.95rem; }
h1 { padding-top: 0.2rem !important; font-size: 2.3rem !important; }
</style>"""


def style() -> None:
    st.html(CSS)


def kpi_grid(kpis: list[Kpi], per_row: int = 4) -> None:
    for start in range(0, len(kpis), per_row):
        cols = st.columns(per_row)
        for col, k in zip(cols, kpis[start:start + per_row]):
            change = k.change
            if change is None or change == 0 or k.up_is_good is None:
                color = "gray"
            else:
                color = "green" if (change > 0) == k.up_is_good else "red"
            arrow = "off" if change is None or change == 0 else ("up" if change > 0 else "down")
            col.metric(k.label, k.text, delta=k.change_text, delta_color=color, delta_arrow=arrow, border=True)
    # Definitions in the open, not in hover tooltips: a Zoom audience cannot hover.
    if any(k.help for k in kpis):
        with st.expander("Definisi angka"):
            st.markdown("\n".join(f"- **{k.label}**: {k.help}" for k in kpis if k.help))


def dataset_title(name: str) -> str:
    return DATASETS[name].judul


def batch_title(history: pd.DataFrame, batch_id: int) -> str:
    row = history.set_index("id").loc[batch_id]
    state = "aktif" if row["aktif"] else "dibatalkan"
    return f"#{batch_id} · {DATASETS[row['dataset']].judul} · {row['pengguna']} · {state}"


@st.cache_data(show_spinner=False, max_entries=16)
def _batch_changes(token: tuple, db: str, batch_id: int) -> pd.DataFrame:
    return store.batch_changes(batch_id, db)


def _confirm_rollback(batch_id: int, label: str) -> None:
    """Inline confirmation (no modal: AppTest cannot see into st.dialog, and a modal hides the table)."""
    with st.container(border=True):
        st.warning(f"Batch **{label}** akan dibatalkan: nilai sebelumnya berlaku lagi. Batch tetap tercatat.")
        name = st.text_input("Nama Anda", key="rollback_nama")
        yes, no = st.columns(2)
        if yes.button("Ya, batalkan", type="primary", disabled=not name.strip(), key="rollback_ya"):
            try:
                store.rollback_batch(batch_id, name.strip())
            except UserError as e:
                show_error(e)
                return
            st.session_state.pop("rollback_untuk", None)
            st.session_state["pesan"] = f"Batch #{batch_id} dibatalkan oleh {name.strip()}."
            st.rerun()
        if no.button("Tidak", key="rollback_tidak"):
            st.session_state.pop("rollback_untuk", None)
            st.rerun()


def batch_detail(history: pd.DataFrame, batch_id: int, cfg: Konfigurasi) -> None:
    """The rows a batch wrote, changed values as old → new, and the rollback button for an active batch."""
    if "pesan" in st.session_state:
        st.success(st.session_state.pop("pesan"))
    row = history.set_index("id").loc[batch_id]
    changes = _batch_changes(token(), store.db_path(), batch_id)
    st.caption(f"{fmt.angka(row['baris_baru'])} baris baru · {fmt.angka(row['baris_berubah'])} berubah · "
               f"{fmt.angka(row['baris_sama'])} sama (dihitung saat batch disimpan).")
    st.dataframe(present.diff_rows(changes, row["dataset"], cfg), hide_index=True, width="stretch", height=280)
    if row["aktif"]:
        if st.button(f"Batalkan batch #{batch_id}…", key="rollback"):
            st.session_state["rollback_untuk"] = batch_id
        if st.session_state.get("rollback_untuk") == batch_id:
            _confirm_rollback(batch_id, batch_title(history, batch_id))


def show_error(e: UserError) -> None:
    st.error(f"**{e.title}**\n\n{e.message}")
    if e.details is not None:
        st.dataframe(e.details, hide_index=True)


# Upload ---------------------------------------------------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=2)
def template_bytes(config_path: str) -> bytes:
    from lib.template import build_template

    return build_template(load_config(config_path))


@st.cache_data(show_spinner="Memeriksa berkas…", max_entries=4)
def _preview(token: tuple, db: str, data: bytes, file_name: str):
    from lib import ingest

    return ingest.preview_upload(data, file_name)


def preview_upload(data: bytes, file_name: str):
    """Read, check and compare an upload with the current values (cached per file and store state)."""
    return _preview(token(), store.db_path(), data, file_name)


def upload_summary(outcome) -> pd.DataFrame:
    """Per dataset in the file: the sheet(s) it came from and rows new / changed / unchanged."""
    sheets: dict[str, list[str]] = {}
    for s in outcome.result.sheets:
        sheets.setdefault(s.dataset, []).append(s.sheet or "CSV")
    rows = []
    for name, cmp in outcome.comparisons.items():
        rows.append({"Data": DATASETS[name].judul, "Lembar": ", ".join(sheets.get(name, [])),
                     "Baris": fmt.angka(len(cmp.rows)), "Baru": fmt.angka(cmp.count("baru")),
                     "Berubah": fmt.angka(cmp.count("berubah")), "Sama": fmt.angka(cmp.count("sama"))})
    return pd.DataFrame(rows, columns=["Data", "Lembar", "Baris", "Baru", "Berubah", "Sama"])


def show_problems(outcome, data: bytes, file_name: str) -> None:
    """Every problem at once, errors first, and the user's own workbook with the bad cells marked."""
    from lib import ingest

    result = outcome.result
    if not result.problems:
        return
    table = ingest.problems_table(sorted(result.problems, key=lambda p: p.severity != "galat"))
    st.dataframe(table, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(table)))
    marked = ingest.annotated_workbook(data, file_name, result.problems)
    stem = file_name.rsplit(".", 1)[0]
    st.download_button("Unduh salinan berkas dengan sel bermasalah ditandai", marked,
                       file_name=f"{stem}_diperiksa.xlsx", key="unduh_ditandai",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def show_changes(outcome, cfg: Konfigurasi) -> None:
    """For each dataset with changed rows: the keys and each changed value as old → new."""
    for name, cmp in outcome.comparisons.items():
        changed = cmp.rows[cmp.rows["perubahan"] == "berubah"]
        if len(changed):
            st.markdown(f"**{DATASETS[name].judul}**: {fmt.angka(len(changed))} baris berubah")
            st.dataframe(present.diff_rows(changed, name, cfg), hide_index=True, width="stretch", height=240)


def import_form(data: bytes, file_name: str) -> None:
    """Name and note, then one click stores the file as batches (all or nothing)."""
    from lib import ingest

    with st.form("simpan_unggahan"):
        name = st.text_input("Nama Anda (dicatat di riwayat)", key="unggah_nama")
        note = st.text_input("Catatan (opsional)", key="unggah_catatan")
        if st.form_submit_button("Simpan ke database", type="primary"):
            if not name.strip():
                st.error("Isi nama Anda dulu: setiap unggahan dicatat dengan nama pengunggahnya.")
                return
            try:
                done = ingest.import_upload(data, file_name, user=name.strip(), note=note.strip() or None)
            except UserError as e:
                show_error(e)
                return
            ids = ", ".join(f"#{i}" for i in done.batch_ids)
            st.session_state["pesan_unggah"] = (f"'{file_name}' tersimpan sebagai batch {ids}. "
                                                "Semua halaman kini memakai angka baru.")
            st.session_state["unggah_versi"] = st.session_state.get("unggah_versi", 0) + 1  # empties the uploader
            st.rerun()


# Program, SKA and Tindak Lanjut screens -------------------------------------------------------------------------

def today(cfg: Konfigurasi):
    """Today's date in the Sentra's time zone (what 'overdue' is measured against)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(cfg.sentra.get("zona_waktu", "Asia/Jakarta"))).date()


def status_pills(label: str, counts: dict[str, int], key: str) -> list[str]:
    """Multi-choice pills of schedule classes with their counts; nothing chosen = all."""
    options = [k for k, n in counts.items() if n]
    chosen = st.pills(label, options, selection_mode="multi", key=key,
                      format_func=lambda k: f"{k} ({fmt.angka(counts[k])})")
    return list(chosen or [])


def _class_style(value: str) -> str:
    from lib.charts import KELAS_COLORS, text_color

    color = KELAS_COLORS.get(value)
    return f"background-color: {color}; color: {text_color(color)}; font-weight: 600" if color else ""


def program_table(table: pd.DataFrame) -> None:
    """The programme table: schedule class as a coloured cell (its name written in it), achievement and budget
    absorption as progress bars with whole percentages (the same in Indonesian and English notation)."""
    styled = table.style.map(_class_style, subset=["Status jadwal"])
    bar = {"min_value": 0, "max_value": 100, "format": "%.0f%%", "width": 90}
    # What the room reads first fits 1280×720 with the sidebar open; code, klaster and amount spent follow.
    order = ["Program", "Wilayah", "Status jadwal", "Capaian", "Penyerapan", "Pagu", "Selisih jadwal", "Realisasi",
             "Terserap", "Klaster", "Kode"]
    st.dataframe(styled, hide_index=True, width="stretch", height=min(38 + 35 * len(table), 560),
                 column_order=[c for c in order if c in table.columns],
                 column_config={
                     "Program": st.column_config.TextColumn("Program", width=240),
                     "Status jadwal": st.column_config.TextColumn("Status jadwal", width=105),
                     "Wilayah": st.column_config.TextColumn("Wilayah", width=85),
                     "Capaian": st.column_config.ProgressColumn("Capaian", **bar),
                     "Penyerapan": st.column_config.ProgressColumn("Penyerapan", **bar),
                 })


def ska_unit_choice(units: list[str]) -> str | None:
    """A unit selector when there is more than one SKA unit; None = all units together."""
    if len(units) < 2:
        return None
    chosen = st.selectbox("Unit SKA", [SEMUA, *units], key="ska_unit",
                          format_func=lambda u: u or f"Semua unit ({len(units)})")
    return chosen or None


def follow_up_editor(table: pd.DataFrame, cfg: Konfigurasi, key: str) -> pd.DataFrame:
    """The follow-ups as an editable table: status (from the configuration's list) and notes; the rest read-only.
    Overdue rows are shaded in their read-only cells (Streamlit styles only those)."""
    late = table["Lewat tenggat"] != ""
    styled = table.style.apply(
        lambda row: ["background-color: #fde0dd; color: #7a0019; font-weight: 600" if late[row.name] else ""
                     for _ in row], axis=1)
    fixed = [c for c in table.columns if c not in figures.TL_KOLOM_UBAH]
    return st.data_editor(
        styled, key=key, hide_index=True, width="stretch", num_rows="fixed", disabled=fixed,
        height=min(38 + 35 * len(table), 460),
        # What, who, by when, how late, status and note fit 1280×720 with the sidebar open; the district follows.
        column_order=["Uraian", "Penanggung jawab", "Tenggat", "Lewat tenggat", "status", "catatan", "Wilayah"],
        column_config={
            "Uraian": st.column_config.TextColumn("Uraian", width=290),
            "Penanggung jawab": st.column_config.TextColumn("Penanggung jawab", width=130),
            "Tenggat": st.column_config.TextColumn("Tenggat", width=95),
            "Lewat tenggat": st.column_config.TextColumn("Lewat", width=70),
            "status": st.column_config.SelectboxColumn("Status ✎", options=list(cfg.status_tindak_lanjut),
                                                       required=True, width=120),
            "catatan": st.column_config.TextColumn("Catatan ✎", width=115),
        })


def save_follow_ups(tl: pd.DataFrame, edited: pd.DataFrame, cfg: Konfigurasi, rapat: str, name: str,
                    editor_key: str) -> None:
    """Store the changed follow-ups as one batch under the editor's name, then rerun with the new figures."""
    if not name.strip():
        st.error("Isi nama Anda dulu: setiap perubahan dicatat dengan nama pengubahnya.")
        return
    try:
        rows = figures.follow_up_changes(tl, edited, cfg)
    except UserError as e:
        show_error(e)
        return
    if rows.empty:
        st.info("Tidak ada perubahan untuk disimpan.")
        return
    try:
        batch_id = store.save_batch("tindak_lanjut", rows, name.strip(), catatan=f"Disunting di halaman Tindak "
                                    f"Lanjut ({rapat}): {len(rows)} baris")
    except UserError as e:
        show_error(e)
        return
    st.session_state.pop(editor_key, None)
    st.session_state["pesan_tindak_lanjut"] = (
        f"{fmt.angka(len(rows))} tindak lanjut tersimpan sebagai batch #{batch_id} oleh {name.strip()}. "
        "Perubahan ini dapat dibatalkan di halaman Riwayat Data.")
    st.rerun()


# The map (Peta) ------------------------------------------------------------------------------------------------

# Session-state keys of the map's own choices, mirrored in the URL by the same names (a shareable view).
PETA_UKURAN, PETA_KATEGORI, PETA_FOKUS, PETA_WILAYAH, PETA_DECK = (
    "peta_ukuran", "peta_kategori", "peta_fokus", "peta_wilayah", "peta_deck")


@st.cache_data(show_spinner=False, max_entries=4)
def _boundaries_for_map(path: str, stamp: tuple, config_path: str, config_stamp: tuple, _cfg: Konfigurasi):
    from lib import geo

    return geo.load_for_map(_cfg, path)


def map_boundaries(cfg: Konfigurasi):
    """(lib.geo.Batas or None, UserError or None): the boundary file in force, cached by its file stamp."""
    from lib import geo

    p = geo.installed_path()
    if not p.exists():
        return None, None
    meta = geo.sidecar(p)
    stamp = tuple(store.file_stamp(str(f)) for f in (p, meta))
    try:
        return _boundaries_for_map(str(p), stamp, str(cfg.path), tuple(store.file_stamp(str(cfg.path))), cfg), None
    except UserError as e:
        return None, e


def _url_choice(key: str, options: list[str], default: str) -> None:
    """Take a map choice from the URL on a fresh session; keep it valid when the options change."""
    value = st.query_params.get(key)
    if key not in st.session_state:
        st.session_state[key] = value if value in options else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default


def _mirror(key: str, value: str | None, default: str = "") -> None:
    if value and value != default:
        st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]


def map_controls(cfg: Konfigurasi, f: Filter):
    """The map's measure, PAS group and selected district (in the URL). Returns (Ukuran, kategori or None, kode)."""
    measures = {u.kode: u for u in figures.map_measures(cfg)}
    _url_choice(PETA_UKURAN, list(measures), "terdata")
    kategori = [SEMUA] + figures.kategori_codes(cfg, Filter(periode=f.periode, klaster=f.klaster))
    _url_choice(PETA_KATEGORI, kategori, SEMUA)
    districts = [SEMUA] + cfg.kode_wilayah
    _url_choice(PETA_WILAYAH, districts, SEMUA)
    _take_map_click()
    a, b, c = st.columns([1.2, 1, 1.2])
    kode_u = a.selectbox("Ukuran", list(measures), key=PETA_UKURAN, format_func=lambda k: measures[k].label)
    u = measures[kode_u]
    judul = cfg.kategori_judul
    kat = b.selectbox(judul, kategori, key=PETA_KATEGORI, disabled=not u.by_kategori,
                      format_func=lambda k: cfg.label("kategori", k) if k else "Semua " + judul[:1].lower() + judul[1:],
                      help=None if u.by_kategori else "Program dikelompokkan per klaster, bukan per kelompok.")
    kode = c.selectbox("Kabupaten/kota terpilih", districts, key=PETA_WILAYAH,
                       format_func=lambda k: cfg.nama_wilayah(k) if k else "— klik wilayah di peta —")
    _mirror(PETA_UKURAN, kode_u, "terdata")
    _mirror(PETA_KATEGORI, kat)
    _mirror(PETA_WILAYAH, kode)
    return u, (kat or None) if u.by_kategori else None, kode or None


def _take_map_click() -> None:
    """A click on the map (pydeck selection) selects that district, before the selectbox mirroring it is drawn."""
    from lib.maps import LAYER

    event = st.session_state.get(PETA_DECK)
    objects = ((event or {}).get("selection") or {}).get("objects") or {}
    picked = objects.get(LAYER) or []
    kodes = tuple(str((o.get("properties") or o).get("kode")) for o in picked)
    # Only a new pick counts: the frontend empties its selection when the deck changes (the selected outline
    # is drawn), so an empty selection does not mean "deselect"; the selectbox's first option does.
    if kodes and kodes != st.session_state.get("peta_klik"):
        st.session_state[PETA_WILAYAH] = kodes[0]
    if kodes:
        st.session_state["peta_klik"] = kodes


def map_focus(cfg: Konfigurasi, f: Filter) -> str | None:
    """One-click views: the whole coverage or one province (the configuration's provinces), in the URL."""
    w = cfg.wilayah
    names = dict(zip(w["kode_provinsi"], w["provinsi"]))
    options = [SEMUA] + list(names)
    default = f.provinsi or (w.at[f.wilayah, "kode_provinsi"] if f.wilayah else SEMUA)
    _url_choice(PETA_FOKUS, options, default)
    choice = st.segmented_control("Tampilan", options, key=PETA_FOKUS, label_visibility="collapsed",
                                  format_func=lambda p: names[p] if p else "Semua")
    _mirror(PETA_FOKUS, choice)
    return choice or None


def show_map(deck) -> None:
    from lib.maps import MAP_HEIGHT

    st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=PETA_DECK, height=MAP_HEIGHT)


def map_legend(legend, label: str, sentra: str) -> None:
    """Class colours and their ranges in Indonesian number format, grey for no data, the Sentra's ring."""
    from lib.maps import NO_DATA_COLOR, NO_DATA_TEXT, hex_color

    swatch = ('<span style="white-space:nowrap"><span style="display:inline-block;width:1.1em;height:1.1em;'
              'background:{};border:1px solid #777;vertical-align:-0.2em;margin:0 0.25em 0 0.6em"></span>{}</span>')
    items = [swatch.format(hex_color(k.warna), k.rentang) for k in legend]
    items.append(swatch.format(hex_color(NO_DATA_COLOR), NO_DATA_TEXT))
    ring = ('<span style="display:inline-block;width:0.9em;height:0.9em;border:3px solid #000;border-radius:50%;'
            f'vertical-align:-0.2em;margin:0 0.3em 0 0.8em"></span>{sentra}')
    ring = f'<span style="white-space:nowrap">{ring}</span>'
    st.markdown(f'<div style="font-size:0.85rem;line-height:1.6"><b>{label}</b>{"".join(items)}{ring}</div>',
                unsafe_allow_html=True)


def district_panel(cfg: Konfigurasi, kode: str, profile: pd.DataFrame, periode: str) -> None:
    """The selected district: its key figures and a link to its profile."""
    with st.container(border=True):
        st.markdown(f"**{cfg.nama_wilayah(kode)}**  \n{cfg.wilayah.at[kode, 'provinsi']} · {fmt.bulan(periode)}")
        st.table(profile.set_index(profile.columns[0]))
        st.page_link("views/profil.py", label=f"Profil {cfg.wilayah.at[kode, 'nama_pendek']} →",
                     query_params={"kode": kode})
        st.caption("Ubah: dibanding bulan lalu (persentase: dalam poin). Peringkat: di antara wilayah berdata. "
                   "Alamat halaman ini memuat wilayah terpilih, jadi dapat dibagikan.")


def boundary_note() -> None:
    st.info("Peta menampilkan setiap kabupaten/kota sebagai titik (besar dan warna menurut nilai), karena batas "
            "wilayah belum dipasang. Untuk memasang poligon: `python -m lib boundaries download` (berkas publik yang "
            "dipatok dan diperiksa SHA-256-nya), `python -m lib boundaries load BERKAS`, atau unggah berkas di bagian "
            "**Batas wilayah** di bawah.")


def boundary_upload(cfg: Konfigurasi, batas) -> None:
    """The installed boundaries (source, matches) and an upload that replaces them, all or nothing."""
    from lib import geo

    with st.expander("Batas wilayah"):
        if batas is not None:
            st.markdown("\n".join(f"- {line}" for line in batas.laporan.lines(cfg)))
            st.caption(f"{batas.atribusi} · berkas: {geo.installed_path()}")
        else:
            st.caption("Belum ada batas wilayah terpasang.")
        st.markdown("GeoJSON, GeoPackage atau Shapefile dalam .zip, CRS apa pun. Wilayah dicocokkan dengan kode "
                    "Kemendagri, kode BPS, P-code (`ID7471`), nama, atau titik di dalam wilayah.")
        up = st.file_uploader("Berkas batas wilayah", type=["geojson", "json", "gpkg", "zip"],
                              key=f"batas_unggah_{st.session_state.get('batas_versi', 0)}")
        if up is not None and st.button("Pasang batas wilayah", key="batas_pasang", type="primary"):
            try:
                laporan = geo.install_upload(up.getvalue(), up.name, cfg)
            except UserError as e:
                show_error(e)
                return
            st.session_state["batas_pesan"] = laporan.lines(cfg)
            st.session_state["batas_versi"] = st.session_state.get("batas_versi", 0) + 1
            st.rerun()
        if "batas_pesan" in st.session_state:
            st.success("Batas wilayah terpasang.\n\n" + "\n".join(f"- {x}" for x in st.session_state.pop("batas_pesan")))


def forget(key: str) -> None:
    """Drop a widget's state (e.g. an editor's pending edits when its table changes)."""
    st.session_state.pop(key, None)


def place_text(cfg: Konfigurasi, f: Filter) -> str:
    """'Kota Kendari', 'Provinsi … (17 kabupaten/kota)' or '23 kabupaten/kota wilayah jangkauan'."""
    if f.wilayah:
        return cfg.nama_wilayah(f.wilayah)
    if f.provinsi:
        where = f"Provinsi {cfg.wilayah.loc[cfg.wilayah['kode_provinsi'] == f.provinsi, 'provinsi'].iloc[0]}"
        return where + f" ({len(figures.districts(cfg, f))} kabupaten/kota)"
    return f"{len(cfg.wilayah)} kabupaten/kota wilayah jangkauan"


# Klaster (drill-down), Bandingkan Wilayah (compare), Profil Wilayah (district profile) ---------------------------

def url_value(key: str, param: str, options: list[str], default: str | None = None) -> str | None:
    """A page's own choice kept in session state under `key` and mirrored in the URL as `param`.

    On a fresh session (or after the page's widget was last not shown) the URL's value is taken when it is a valid
    option; a value that is no longer an option (the filters changed) falls back to `default`.
    """
    if key not in st.session_state:
        url = st.query_params.get(param)
        st.session_state[key] = url if url in options else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    value = st.session_state[key]
    if value:
        st.query_params[param] = value
    elif param in st.query_params:
        del st.query_params[param]
    return value


def url_list(key: str, param: str, options: list[str], default: list[str], limit: int) -> None:
    """Like url_value for a multiselect: comma-separated codes in the URL (`?banding=74.71,74.02`)."""
    if key not in st.session_state:
        url = [v for v in st.query_params.get(param, "").split(",") if v in options]
        st.session_state[key] = list(dict.fromkeys(url))[:limit] or default
    else:
        st.session_state[key] = [v for v in st.session_state[key] if v in options][:limit]


def mirror_list(param: str, values: list[str]) -> None:
    if values:
        st.query_params[param] = ",".join(values)
    elif param in st.query_params:
        del st.query_params[param]


def set_state(**values) -> None:
    """A widget callback: set several session-state values at once (e.g. a drill step and its filter)."""
    for key, value in values.items():
        st.session_state[key] = value


def drill_pick(key: str, target: str) -> None:
    """A drill widget's callback: its choice becomes `target`'s value (a filter or the drill's own key)."""
    choice = st.session_state.get(key)
    if choice:
        st.session_state[target] = choice
    st.session_state[key] = None


def drill_choice(label: str, options: dict[str, str], key: str, target: str, pills_up_to: int = 8) -> None:
    """The drill step: pills (one click) for a few items, a selectbox for many; the choice goes to `target`."""
    if len(options) <= pills_up_to:
        st.pills(label, list(options), key=key, format_func=options.get, on_change=drill_pick, args=(key, target))
    else:
        st.selectbox(label, list(options), index=None, key=key, format_func=options.get,
                     placeholder="pilih untuk melihat rinciannya…", on_change=drill_pick, args=(key, target))


# Heavier figures, cached ------------------------------------------------------------------------------------------

@st.cache_data(show_spinner=False, max_entries=128)
def _memo(token: tuple, cfg_path: str, name: str, args: tuple, _fn, _first, _cfg):
    return _fn(_first, _cfg, *args)


def memo(fn, first, cfg: Konfigurasi, *args):
    """fn(first, cfg, *args), computed once per store state and arguments (reruns that change nothing relevant,
    such as opening an expander, reuse it). `first` is ui.data() or one of its frames: the token stands for it."""
    return _memo(token(), str(cfg.path), f"{fn.__module__}.{fn.__qualname__}", args, fn, first, cfg)


def service_chart(services: pd.DataFrame, cfg: Konfigurasi, name: str, empty_text: str, caption: str) -> None:
    """ATENSI services by kind and approach, with its PNG download; or, without data, why there is none."""
    from lib import charts, ui_export

    if services.empty:
        st.info(empty_text)
        return
    ui_export.chart_with_download(charts.service_bars(services, [p.nama for p in cfg.pendekatan]), name)
    st.caption(caption)
