"""Meetings set up in the app: the one in force (`?rapat=ID`, else the next), and the Rapat screen's form and list.

The meetings are read once per change of the store (its stamp: any committed write), like the state token, in the
one cache's named part; they are not data figures, so they are not part of the data version.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import fmt, store
from lib.config import Konfigurasi
from lib.errors import UserError
from lib.present import notulen, slides
from lib.principal import Principal
from lib.schema import MEETING_FIELDS, MEETING_KINDS
from lib.store.meetings import Rapat
from lib.store.meetings import meetings as read_meetings
from lib.ui.cache import cached, today
from lib.ui.errors import show_error
from lib.ui.state import flash

RAPAT = "rapat"  # the URL parameter naming the meeting (?mode=presentasi&rapat=3)
CHOSEN, SAVED, LAST = (
    "rapat_dipilih",
    "rapat_tersimpan",
    "rapat_terakhir",
)  # session state: the meeting edited, saves made (form reset)
NEW = 0


def meetings() -> list[Rapat]:
    """Every meeting set up, read once per change of the store. While another process holds the database: the ones
    this session last read (the page's own waiting notice says the figures may be old), never a 30-second wait."""
    db = store.db_path()
    try:
        found = cached(f"rapat {db}", store.stamp(db), lambda: read_meetings(db, store.SHORT_WAIT_S))
    except store.DatabaseBusy:
        return st.session_state.get(LAST, [])
    st.session_state[LAST] = found
    return found


def meeting(cfg: Konfigurasi) -> Rapat:
    """The meeting the slides, the deck and the brief are for: `?rapat=ID`, else the next one set up, else the
    latest, else the configuration's defaults."""
    try:
        wanted: int | None = int(st.query_params.get(RAPAT, ""))
    except ValueError:
        wanted = None
    return carried(slides.meeting_in_force(meetings(), cfg, today(cfg), wanted), cfg)


def carried(rapat: Rapat, cfg: Konfigurasi) -> Rapat:
    """The meeting with the follow-ups of its series' earlier meetings (read once per change of the store)."""
    if rapat.id is None or not rapat.seri:
        return rapat
    db = store.db_path()
    try:
        every, records = cached(f"rekam rapat {db}", store.stamp(db), lambda: _record(db))
    except store.DatabaseBusy:
        return rapat
    return notulen.with_carried(rapat, every, records, cfg)


def _record(db: str) -> tuple[list[Rapat], pd.DataFrame]:
    from lib.store import follow_ups

    return read_meetings(db, store.SHORT_WAIT_S, every=True), follow_ups.records(db)


def slide_entries(cfg: Konfigurasi) -> dict[str, str]:
    """Every slide a meeting may show, by its entry ('klaster:anak'), with its title."""
    out: dict[str, str] = {}
    for kind in slides.KINDS:
        if kind == "klaster":
            out |= {f"klaster:{k.kode}": f"Klaster {cfg.label('klaster', k.kode)}" for k in cfg.klaster}
        elif kind == "judul":
            out[kind] = "Judul rapat"
        else:
            out[kind] = slides.TITLES[kind]
    return out


def _title(r: Rapat) -> str:
    return f"#{r.id} · {r.nama} · {fmt.tanggal(r.tanggal)}"


def meeting_form(cfg: Konfigurasi, who: Principal) -> None:
    """Set up a meeting, or change one: every field, checked by the write path; the form empties after a save."""
    found = {r.id: r for r in meetings()}
    chosen = st.selectbox(
        "Rapat",
        [NEW, *reversed(list(found))],
        placeholder="Pilih…",
        key=CHOSEN,
        format_func=lambda i: "Rapat baru" if i == NEW else _title(found[i]),
        help="Pilih rapat yang sudah disiapkan untuk mengubahnya.",
    )
    base = found.get(chosen) or Rapat(nama="", tanggal=None, seri=_last_series(list(found.values()), cfg))
    entries = slide_entries(cfg)
    defaults = [e for e in (base.slide or _expanded(slides.default_meeting(cfg).slide, cfg)) if e in entries]
    form = f"rapat_{chosen}_{st.session_state.get(SAVED, 0)}"  # a new key after a save: the form starts empty
    with st.form(form):
        nama = st.text_input(
            MEETING_FIELDS["rapat"].label, base.nama, key=f"{form}_nama", placeholder="mis. Rakornis Triwulan IV 2026"
        )
        left, right = st.columns(2)
        jenis = left.selectbox(
            MEETING_FIELDS["jenis_rapat"].label,
            MEETING_KINDS,
            index=MEETING_KINDS.index(base.jenis) if base.jenis in MEETING_KINDS else 0,
            placeholder="Pilih…",
            key=f"{form}_jenis",
        )
        tanggal = right.text_input(
            MEETING_FIELDS["tanggal_rapat"].label,
            base.tanggal.strftime("%d/%m/%Y") if base.tanggal else "",
            placeholder="hari/bulan/tahun, mis. 14/12/2026",
            key=f"{form}_tanggal",
        )
        seri = st.text_input(
            MEETING_FIELDS["seri_rapat"].label,
            base.seri,
            key=f"{form}_seri",
            help="Rapat satu seri saling menyusul; rapat berikutnya membuka "
            "dengan tindak lanjut rapat sebelumnya dalam seri yang sama.",
        )
        tempat = st.text_input(
            MEETING_FIELDS["tempat_rapat"].label,
            base.tempat,
            key=f"{form}_tempat",
            placeholder=f"mis. Aula {cfg.sentra['nama']} · atau teks tautan Zoom",
        )
        wilayah = st.multiselect(
            MEETING_FIELDS["wilayah_peserta"].label,
            cfg.kode_wilayah,
            default=[k for k in base.wilayah if k in cfg.wilayah.index],
            format_func=cfg.nama_wilayah,
            placeholder="Semua wilayah jangkauan",
            select_all=False,
            key=f"{form}_wilayah",
        )
        urutan = st.multiselect(
            MEETING_FIELDS["slide"].label,
            list(entries),
            default=defaults,
            format_func=lambda e: entries[e],
            placeholder="Pilih slide",
            select_all=False,
            help="Slide tampil dalam urutan pilihan. Untuk memindah slide ke akhir: hapus, lalu pilih lagi.",
            key=f"{form}_slide",
        )
        saved = st.form_submit_button("Simpan rapat", type="primary")
    if saved:
        values = {
            "rapat": nama,
            "jenis_rapat": jenis,
            "seri_rapat": seri,
            "tanggal_rapat": tanggal,
            "tempat_rapat": tempat,
            "wilayah_peserta": wilayah,
            "slide": urutan,
        }
        try:
            from lib import ingest  # here: pandera (0,3 s) loads when a meeting is saved, not with every screen

            meeting_id = ingest.write_meeting(values, who, meeting_id=chosen or None, cfg=cfg)
        except UserError as e:
            show_error(e)
            return
        st.session_state[SAVED] = st.session_state.get(SAVED, 0) + 1
        st.session_state.pop(CHOSEN, None)
        flash(f"Rapat #{meeting_id} disimpan: {nama.strip()}, {tanggal.strip()}.")
        st.rerun()


def _expanded(entries: tuple[str, ...], cfg: Konfigurasi) -> list[str]:
    """'klaster:*' as one entry per klaster, as the form lists them."""
    out: list[str] = []
    for e in entries:
        out += [f"klaster:{k.kode}" for k in cfg.klaster] if e in ("klaster", "klaster:*") else [e]
    return out


def _last_series(found: list[Rapat], cfg: Konfigurasi) -> str:
    return found[-1].seri if found else slides.default_meeting(cfg).seri


def meeting_table(cfg: Konfigurasi) -> None:
    """The meetings set up, newest first, each with a link that presents it."""
    found = list(reversed(meetings()))
    if not found:
        st.info(
            "Belum ada rapat yang disiapkan. Tanpa rapat, mode presentasi memakai nama dan tanggal bawaan konfigurasi."
        )
        return
    entries = slide_entries(cfg)
    st.dataframe(
        pd.DataFrame(
            {
                "No.": [r.id for r in found],
                "Nama rapat": [r.nama for r in found],
                "Jenis": [r.jenis for r in found],
                "Seri": [r.seri for r in found],
                "Tanggal": [fmt.tanggal(r.tanggal) for r in found],
                "Tempat": [r.tempat for r in found],
                "Peserta": [slides.participants_text(cfg, r).removeprefix("Peserta: ") or "semua" for r in found],
                "Slide": [", ".join(entries.get(e, e) for e in r.slide) for r in found],
            }
        ),
        hide_index=True,
    )
    coming = meeting(cfg)
    for r in found[:5]:
        st.page_link(
            "views/ringkasan.py",
            label=f"▶ Presentasikan {_title(r)}" + (" (dipakai bila rapat tidak disebut)" if r.id == coming.id else ""),
            query_params={"mode": "presentasi", "slide": "1", RAPAT: str(r.id)},
        )
