"""The notes tab (`?mode=notulen&rapat=ID`): the meeting's notulis (or an admin), signed in in a tab of their own,
records what is agreed while the Kepala Sentra presents. The tab follows the slide the presenter last showed (stored
per meeting by `follow`, the presenter's hook); a follow-up is saved with that slide, the district, the measure on
the slide and its figure at that moment. Nothing here touches the presenter's tab: it reads the pointer, and the
follow-up is a new `tindak_lanjut` batch, which the presenter's slides show only when the presenter moves on.
"""

from __future__ import annotations

import streamlit as st

from lib import fmt, store
from lib.config import Konfigurasi
from lib.errors import UserError
from lib.figures import Filter
from lib.figures.record import figure, slide_indicator, slide_klaster
from lib.present import notulen, record, slides
from lib.present.content import Slide
from lib.present.texts import as_text
from lib.principal import OPERATOR, Principal
from lib.store import follow_ups
from lib.store.meetings import Rapat
from lib.store.record import OUTCOMES
from lib.ui.cache import cached, data, follow_up_data, today
from lib.ui.errors import show_error
from lib.ui.meetings import meeting
from lib.ui.state import flash, show_flash

MODE, MODE_VALUE = "mode", "notulen"
SHOWN = "notulen_slide_disimpan"  # session state (the presenter's): the pointer this session last stored
SAVED = "notulen_tersimpan"  # session state (the notes tab's): saves made, so the form starts empty after one
FOLLOW_S = 2.0  # how often the notes tab looks at which slide the presenter shows


def active() -> bool:
    """Is the tab the notes tab (`?mode=notulen`)?"""
    return st.query_params.get(MODE) == MODE_VALUE


def entry(slide: Slide) -> str:
    """A slide as a meeting's slide list names it ('peta', 'klaster:anak')."""
    return f"{slide.kind}:{slide.klaster}" if slide.klaster else slide.kind


def follow(cfg: Konfigurasi, f: Filter | None) -> None:
    """The presenter's hook, after the slide is drawn: keep the slide shown (and the filters) for the meeting's notes
    tab, once per change. Never in the presenter's way: a database another process holds, or one that fails, leaves
    the pointer as it was."""
    from lib.ui.presentation import current_slide

    rapat = meeting(cfg)
    if rapat.id is None or f is None:
        return
    sequence = slides.slide_sequence(cfg, rapat)
    nomor = current_slide(len(sequence))
    slide = sequence[nomor - 1]
    shown = follow_ups.SlideShown(rapat.id, nomor, entry(slide), f.periode, f.klaster or "", f.wilayah or "")
    if st.session_state.get(SHOWN) == shown:
        return
    from lib.ingest.write import write_slide_shown  # here: the write path's libraries load at the first slide

    try:
        write_slide_shown(shown, wait=store.SHORT_WAIT_S)
    except (store.DatabaseUnavailable, UserError):
        return
    st.session_state[SHOWN] = shown


def _notulis(rapat: Rapat) -> str:
    db = store.db_path()
    return cached(f"notulis {db}", store.stamp(db), lambda: follow_ups.notulis(db)).get(rapat.id or 0, "")


def may_record(who: Principal | None, rapat: Rapat) -> bool:
    """Only the meeting's notulis or an admin sees the form (the write path checks it again)."""
    return who is not None and rapat.id is not None and (who.is_admin or _notulis(rapat) == who.login)


def show(cfg: Konfigurasi, who: Principal | None) -> None:
    """The notes tab of the meeting in the URL."""
    rapat = meeting(cfg)
    st.title(f"Notulen · {rapat.nama}")
    st.caption(f"{fmt.tanggal(rapat.tanggal)}" + (f" · {rapat.tempat}" if rapat.tempat else ""))
    if rapat.id is None:
        st.info("Notulen dicatat untuk rapat yang disiapkan di halaman Rapat: buka tab ini dari daftar rapat di sana.")
        return
    if not may_record(who, rapat):
        named = _notulis(rapat)
        st.info(
            "Hanya notulis rapat ini"
            + (f" ({as_text(named)})" if named else "")
            + " atau admin yang mencatat tindak lanjut. Masuk dengan akun itu di panel samping."
        )
        return
    assert who is not None
    show_flash()
    _following(cfg, rapat.id, rapat)
    _form(cfg, who, rapat)
    _carried(cfg, who, rapat)
    _recorded(cfg, rapat)


@st.fragment(run_every=FOLLOW_S)
def _following(cfg: Konfigurasi, rapat_id: int, rapat: Rapat) -> None:
    """Which slide the presenter shows now, looked at every FOLLOW_S seconds (only this part reruns)."""
    try:
        shown = follow_ups.slide_shown(rapat_id, wait=store.SHORT_WAIT_S)
    except store.DatabaseUnavailable:
        return
    if shown is None:
        st.info("Presentasi rapat ini belum dimulai: tindak lanjut dicatat tanpa slide.")
        return
    st.markdown(f"**Slide yang sedang ditampilkan:** {as_text(notulen.slide_text(cfg, shown.slide, shown.nomor))}")
    kode = slide_indicator(cfg, shown.slide, slides.map_measure(cfg).kode)
    if kode:
        st.caption(
            f"Ukuran pada slide: {as_text(record.figure_text(cfg, kode, shown.kode_wilayah, _figure(cfg, kode, shown, shown.kode_wilayah)))}"
            f" ({fmt.bulan(shown.periode)}, filter presentasi; filter di panel samping tidak dipakai)"
        )


def _figure(cfg: Konfigurasi, kode: str, shown: follow_ups.SlideShown, district: str) -> float | None:
    return figure(data(), cfg, kode, shown.periode, slide_klaster(shown.slide, shown.klaster) or None, district)


def _form(cfg: Konfigurasi, who: Principal, rapat: Rapat) -> None:
    from lib.ingest.follow_up import scope

    districts = ([] if who.peran == OPERATOR else [""]) + list(scope(who, rapat, cfg))  # an operator: their own
    form = f"notulen_{rapat.id}_{st.session_state.get(SAVED, 0)}"
    with st.form(form):
        uraian = st.text_area("Uraian (apa yang disepakati)", key=f"{form}_uraian", height=90)
        left, middle, right = st.columns([2, 2, 1.2])
        pj = left.text_input("Penanggung jawab (siapa)", key=f"{form}_pj", placeholder="mis. Dinas Sosial Kab. Muna")
        kode = middle.selectbox(
            "Kabupaten/kota",
            districts,
            format_func=lambda k: cfg.nama_wilayah(k) if k else "Semua wilayah",
            key=f"{form}_wilayah",
            placeholder="Pilih…",
        )
        tenggat = right.text_input("Tenggat", key=f"{form}_tenggat", placeholder="hari/bulan/tahun")
        saved = st.form_submit_button("Simpan tindak lanjut", type="primary")
    if saved:
        _save(cfg, who, rapat, {"uraian": uraian, "penanggung_jawab": pj, "kode_wilayah": kode, "tenggat": tenggat})


def _save(cfg: Konfigurasi, who: Principal, rapat: Rapat, values: dict) -> None:
    """Store the follow-up with the slide the presenter shows at this moment, its measure and the figure then."""
    from lib.ingest.write import write_follow_up

    shown = follow_ups.slide_shown(rapat.id or 0) or follow_ups.SlideShown(rapat.id or 0, 0, "")
    kode = slide_indicator(cfg, shown.slide, slides.map_measure(cfg).kode)
    district = values.get("kode_wilayah") or ""
    then = _figure(cfg, kode, shown, district) if kode else None
    klaster = slide_klaster(shown.slide, shown.klaster)
    origin = follow_ups.Origin(rapat.id or 0, shown.slide, shown.nomor, kode, shown.periode, then, klaster)
    try:
        follow_up_id, warnings = write_follow_up(values, who, rapat=rapat, origin=origin, today=today(cfg), cfg=cfg)
    except UserError as e:
        show_error(e)
        return
    st.session_state[SAVED] = st.session_state.get(SAVED, 0) + 1
    where = f"slide {shown.nomor}" if shown.nomor else "sebelum presentasi"
    figure_text = record.figure_text(cfg, kode, district, then)
    flash(
        f"Tindak lanjut #{follow_up_id} tersimpan ({where}"
        + (f"; {figure_text}" if figure_text else "")
        + ")."
        + "".join(f" Peringatan: {w}" for w in warnings)
    )
    st.rerun()


def _carried(cfg: Konfigurasi, who: Principal, rapat: Rapat) -> None:
    """The open follow-ups of the series' earlier meetings: each closed, postponed or carried again in one action,
    with its history of statuses."""
    if not rapat.terbawa:
        return
    shown = follow_ups.slide_shown(rapat.id or 0)
    f = Filter(periode=shown.periode) if shown and shown.periode else None
    rows = record.carried_rows(data(), cfg, f or _latest(), today(cfg), rapat)
    st.subheader(f"Dari rapat sebelumnya, masih terbuka: {fmt.angka(len(rows))}")
    for r in rows.itertuples():
        late = " · lewat tenggat" if r.lewat else ""
        with st.expander(f"#{r.id} · {r.uraian} · {record.place(cfg, r.kode_wilayah)} · {r.status}{late}"):
            st.text(f"Tenggat {fmt.tanggal(r.tenggat)} · {r.penanggung_jawab} · dari {r.asal}")
            if r.angka:
                st.text(r.angka)
            with st.form(f"terbawa_{r.id}"):
                left, middle, right = st.columns([1.4, 1, 2])
                action = left.radio(
                    "Tindakan",
                    list(OUTCOMES),
                    format_func=lambda a: OUTCOMES[a],
                    key=f"terbawa_{r.id}_aksi",
                    horizontal=True,
                )
                tenggat = middle.text_input(
                    "Tenggat baru (bila ditunda)", key=f"terbawa_{r.id}_tenggat", placeholder="hari/bulan/tahun"
                )
                alasan = right.text_input("Alasan atau catatan", key=f"terbawa_{r.id}_alasan")
                if st.form_submit_button("Simpan tindakan"):
                    _outcome(cfg, who, rapat, int(r.id), action, {"tenggat": tenggat, "alasan": alasan})
            history = follow_ups.history(int(r.id))
            st.dataframe(record.history_table(history), hide_index=True)


def _latest() -> Filter:
    from lib.figures import periods

    return Filter(periode=periods(data())[-1])


def _outcome(cfg: Konfigurasi, who: Principal, rapat: Rapat, follow_up_id: int, action: str, values: dict) -> None:
    from lib.ingest.write import write_follow_up_outcome

    try:
        warnings = write_follow_up_outcome(follow_up_id, action, values, who, rapat=rapat, today=today(cfg), cfg=cfg)
    except UserError as e:
        show_error(e)
        return
    flash(
        f"Tindak lanjut #{follow_up_id}: {OUTCOMES[action].lower()}." + "".join(f" Peringatan: {w}" for w in warnings)
    )
    st.rerun()


def _recorded(cfg: Konfigurasi, rapat: Rapat) -> None:
    """What this meeting has recorded so far, the latest first."""
    db = store.db_path()
    rows = cached(f"tindak lanjut {db}", store.stamp(db), lambda: follow_ups.records(db))
    table = notulen.meeting_table(rows, follow_up_data(), cfg, rapat.id or 0)
    st.subheader(f"Tercatat dalam rapat ini: {fmt.angka(len(table))}")
    if not table.empty:
        st.dataframe(table, hide_index=True)


def notulis_form(cfg: Konfigurasi, who: Principal) -> None:
    """The Rapat screen's part for the record: name a meeting's notulis (any account), and each meeting's notes tab."""
    from lib.accounts.users import list_users
    from lib.ui.meetings import meetings

    found = {r.id: r for r in reversed(meetings())}
    if not found:
        return
    accounts = list_users()
    logins = ["", *accounts.loc[accounts["aktif"], "login"].tolist()]
    names = dict(zip(accounts["login"], accounts["nama"]))
    with st.form("notulis"):
        left, right = st.columns(2)
        chosen = left.selectbox(
            "Rapat", list(found), format_func=lambda i: f"#{i} · {found[i].nama}", key="notulis_rapat"
        )
        login = right.selectbox(
            "Notulis",
            logins,
            format_func=lambda x: f"{names.get(x) or x} ({x})" if x else "Tidak ada (hanya admin)",
            key="notulis_akun",
            help="Akun apa pun (pembaca, operator, admin) boleh menjadi notulis rapat itu: ia mencatat tindak lanjut "
            "di tab notulen. Operator hanya untuk kabupaten/kotanya.",
        )
        saved = st.form_submit_button("Simpan notulis")
    if saved:
        from lib.ingest.write import write_notulis

        try:
            write_notulis(int(chosen or 0), login, who)
        except UserError as e:
            show_error(e)
            return
        flash(f"Notulis rapat #{chosen}: {login or 'tidak ada'}.")
        st.rerun()
    named = follow_ups.notulis()
    for i, r in list(found.items())[:5]:
        st.page_link(
            "views/ringkasan.py",
            label=f"✎ Tab notulen #{i} · {r.nama}" + (f" (notulis: {named[i]})" if i in named else ""),
            query_params={MODE: MODE_VALUE, "rapat": str(i)},
        )
