"""Everything Streamlit-specific that pages share: cached reads, the sidebar filters, KPI cards, errors.

Reads are cached by the store's state token (it changes with every batch and rollback), so an import from the
command line or another browser tab shows up on the next rerun, and nothing stale is ever shown.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import fmt, metrics, sample, store
from lib.config import Konfigurasi, load_config, setting
from lib.errors import UserError
from lib.metrics import Filter, Kpi
from lib.schema import DATASETS

# Session-state keys of the shared filters, and the query parameters that mirror them (shareable URLs).
FILTER_KEYS = {"periode": "f_periode", "klaster": "f_klaster", "provinsi": "f_provinsi", "wilayah": "f_wilayah"}
SEMUA = ""  # the "all" choice of a filter


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


@st.cache_data(show_spinner=False, max_entries=4)
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
    """The store's state token, asked of the database only when the file changed on disk.

    Opening DuckDB costs tens of milliseconds; a stat costs microseconds. Every committed write (a batch or a
    rollback, from this process or the command line) changes the file or its write-ahead log.
    """
    db = store.db_path()
    return _token_for(store.file_stamp(db), db)


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
    periods = metrics.periods(data())
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
    if f.wilayah:
        where = cfg.nama_wilayah(f.wilayah)
    elif f.provinsi:
        where = f"Provinsi {cfg.wilayah.loc[cfg.wilayah['kode_provinsi'] == f.provinsi, 'provinsi'].iloc[0]}"
        where += f" ({len(metrics.districts(cfg, f))} kabupaten/kota)"
    else:
        where = f"{len(cfg.wilayah)} kabupaten/kota wilayah jangkauan"
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
            if change is None or change == 0 or k.naik_baik is None:
                color = "gray"
            else:
                color = "green" if (change > 0) == k.naik_baik else "red"
            arrow = "off" if change is None or change == 0 else ("up" if change > 0 else "down")
            col.metric(k.label, k.text, delta=k.change_text, delta_color=color, delta_arrow=arrow, border=True)
    # Definitions in the open, not in hover tooltips: a Zoom audience cannot hover.
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
    st.dataframe(metrics.change_rows(changes, row["dataset"], cfg), hide_index=True, width="stretch", height=280)
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
            st.dataframe(metrics.change_rows(changed, name, cfg), hide_index=True, width="stretch", height=240)


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
