"""Unggah Data: the template, the uploader, the check of an upload (problems, marked workbook, changes) and the
all-or-nothing import under the uploader's name."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from lib import fmt, present, store
from lib.config import Konfigurasi, max_upload_streamlit_mb
from lib.present.texts import as_text
from lib.principal import Principal
from lib.ui import state
from lib.ui.cache import snapshot
from lib.ui.errors import shown_inline

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VERSION = "unggah_versi"  # part of the uploader's key: a new value empties it after an import
SEEN = "unggah_pratinjau"  # (file's SHA-256, state token) of the preview the person last saw
CHANGED = "unggah_berubah"
CHECKED = "unggah_hasil"  # ((SHA-256, file name, data version), the check's outcome) of the file last checked  # the file's SHA-256 when its save was refused because the data changed since


def _template_bytes(cfg: Konfigurasi) -> bytes:
    # Lazy: see preview_upload
    from lib import ingest

    return ingest.build_template(cfg)


def template_download(cfg: Konfigurasi) -> None:
    """The upload workbook of the configuration in force, made when clicked (a renamed district shows at once)."""
    st.download_button(
        "Unduh templat (.xlsx)",
        lambda: _template_bytes(cfg),
        file_name="templat_atensi.xlsx",
        mime=XLSX_MIME,
        key="unduh_templat",
        on_click="ignore",
    )


def uploaded_file() -> Any:
    """The uploader; the file (an UploadedFile) or None."""
    return st.file_uploader(
        "Berkas data (.xlsx, .xls, .ods atau .csv)",
        type=["xlsx", "xls", "ods", "csv"],
        help=f"Seret berkas ke kotak ini atau pilih dari komputer; paling besar {max_upload_streamlit_mb()} MB.",
        max_upload_size=max_upload_streamlit_mb(),  # the browser refuses bigger files
        key=f"berkas_{st.session_state.get(VERSION, 0)}",
    )


def preview_upload(data: bytes, file_name: str) -> Any:
    """Read, check and compare an upload with the current values, once per file and data version: kept in the
    person's session (CHECKED), so the import reuses the very result the person saw. An unreadable file raises
    UserError (shown by app.py)."""
    # Lazy: pandera and the readers: about a second, only when a file is checked
    from lib import ingest

    snap = snapshot()
    key = (hashlib.sha256(data).hexdigest(), file_name, snap.version)
    kept = st.session_state.get(CHECKED)
    if kept is not None and kept[0] == key:
        return kept[1]
    with st.spinner("Memeriksa berkas…"):
        outcome = ingest.preview_upload(data, file_name, snap.cfg)
    st.session_state[CHECKED] = (key, outcome)
    return outcome


def upload_summary(outcome: Any) -> pd.DataFrame:
    """Per dataset in the file: the sheet(s) it came from and rows new / changed / unchanged."""
    sheets: dict[str, list[str]] = {}
    for s in outcome.result.sheets:
        sheets.setdefault(s.dataset, []).append(s.sheet or "CSV")
    rows = []
    for name, cmp in outcome.comparisons.items():
        rows.append(
            {
                "Data": present.dataset_name(snapshot().cfg, name),
                "Lembar": ", ".join(sheets.get(name, [])),
                "Baris": fmt.angka(cmp.total),
                "Baru": fmt.angka(cmp.count("baru")),
                "Berubah": fmt.angka(cmp.count("berubah")),
                "Sama": fmt.angka(cmp.count("sama")),
            }
        )
    return pd.DataFrame(rows, columns=["Data", "Lembar", "Baris", "Baru", "Berubah", "Sama"])


def show_problems(outcome: Any, data: bytes, file_name: str) -> None:
    """Every problem at once, errors first, and the user's own workbook with the bad cells marked."""
    # Lazy: see _preview
    from lib import ingest

    result = outcome.result
    if not result.problems:
        return
    for p in (p for p in result.problems if p.personal):  # the reason and the way out, whole, not cut in a cell
        st.error(as_text(f"{p.message}\n\n{p.fix}"))
    table = ingest.problems_table(sorted(result.problems, key=lambda p: p.severity != "galat"))
    st.dataframe(table, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(table)))
    if any(p.personal for p in result.problems):
        return  # no copy of a by-name list is made or offered
    marked = ingest.annotated_workbook(data, file_name, result.problems)
    stem = file_name.rsplit(".", 1)[0]
    st.download_button(
        "Unduh salinan berkas dengan sel bermasalah ditandai",
        marked,
        file_name=f"{stem}_diperiksa.xlsx",
        key="unduh_ditandai",
        mime=XLSX_MIME,
    )


def show_check(outcome: Any, data: bytes, file_name: str) -> bool:
    """The check's errors (then the file cannot be imported: False) or its preview and warnings, first; the notes on
    how the file was read after them, folded (a file can give a dozen, and the problems must be above the fold)."""
    result = outcome.result
    errors, warnings = len(result.errors), len(result.warnings)
    if not result.ok:
        st.error(
            f"Berkas tidak dapat diimpor: {fmt.angka(errors)} galat, {fmt.angka(warnings)} peringatan. "
            "Tidak ada data yang diubah. Perbaiki sel yang ditandai lalu unggah lagi."
        )
        show_problems(outcome, data, file_name)
        show_notes(result.notes)
        return False
    st.subheader("Pratinjau")
    st.dataframe(upload_summary(outcome), hide_index=True, width="stretch")
    if warnings:
        st.warning(f"{fmt.angka(warnings)} peringatan. Peringatan tidak menghalangi impor, tetapi periksalah dulu.")
        show_problems(outcome, data, file_name)
    show_outliers(result.datasets())
    show_notes(result.notes)
    return True


def show_outliers(incoming: dict[str, pd.DataFrame]) -> None:
    """Mutu Data's check of the incoming values against their district's own history: a warning, not a refusal."""
    from lib.present.quality_upload import incoming_outliers

    snap = snapshot()
    flags = incoming_outliers(snap.data, snap.cfg, incoming)
    if flags:
        lines = "\n".join(f"- **{as_text(level)}** · {as_text(sentence)}" for level, sentence in flags[:15])
        st.warning(
            f"{fmt.angka(len(flags))} nilai baru jauh dari riwayat wilayahnya sendiri (Mutu Data). Tidak menghalangi "
            f"impor; periksa dulu apakah angkanya benar.\n\n{lines}"
        )


def show_notes(notes: list[str]) -> None:
    """How the file was read (sheets and rows skipped, headers found, '-' read as 0, two-digit years, months taken
    from a title), read together in one box, folded below the problems."""
    if not notes:
        return
    with st.expander(f"Catatan pembacaan berkas ({fmt.angka(len(notes))})"):
        if len(notes) == 1:
            st.info(as_text(notes[0]))  # notes name the file's own sheets
        else:
            st.info("**Cara berkas ini dibaca**\n\n" + "\n".join(f"- {as_text(n)}" for n in notes))


def show_changes(outcome: Any, cfg: Konfigurasi) -> None:
    """For each dataset with changed rows: the keys and each changed value as old → new."""
    for name, cmp in outcome.comparisons.items():
        if cmp.count("berubah"):
            st.markdown(f"**{present.dataset_name(cfg, name)}**: {fmt.angka(cmp.count('berubah'))} baris berubah")
            st.dataframe(present.diff_rows(cmp.changed, name, cfg), hide_index=True, width="stretch", height=240)


def import_form(outcome: Any, data: bytes, file_name: str, who: Principal) -> None:
    """A note, then one click stores the file as batches under the signed-in account (all or nothing). A refusal
    (an error, a row outside the operator's districts) is shown in the form. The import is checked against the
    preview the person saw: if the data changed since (another upload, a rollback), nothing is stored and the page
    shows the fresh preview with a notice."""
    # Lazy: see _preview
    from lib import ingest

    sha = outcome.result.sha256
    seen = st.session_state.get(SEEN)
    expect = seen[1] if seen and seen[0] == sha else outcome.state  # what the screen showed before this click
    st.session_state[SEEN] = (sha, outcome.state)
    if st.session_state.get(CHANGED) == sha:
        counts = {k: sum(c.count(k) for c in outcome.comparisons.values()) for k in ("baru", "berubah", "sama")}
        st.warning(
            f"Data berubah sejak pratinjau: {fmt.angka(counts['berubah'])} baris kini berubah, "
            f"{fmt.angka(counts['baru'])} baru, {fmt.angka(counts['sama'])} sama; periksa lagi lalu simpan."
        )
    with st.form("simpan_unggahan"):
        st.caption(f"Disimpan atas nama akun {as_text(who.login)} ({who.peran}).")
        note = st.text_input("Catatan (opsional)", key="unggah_catatan")
        if st.form_submit_button("Simpan ke database", type="primary"):
            st.session_state.pop(CHANGED, None)
            with shown_inline():
                try:
                    done = ingest.import_upload(
                        data,
                        file_name,
                        user=who,
                        note=note.strip() or None,
                        expect_state=expect,
                        checked=outcome.result,  # the check the person saw, not a second reading of the file
                    )
                except store.StateChanged:
                    st.session_state[CHANGED] = sha
                    st.session_state.pop(SEEN, None)
                    st.rerun()  # the preview again, against the data as it is now
                ids = ", ".join(f"#{i}" for i in done.batch_ids)
                state.flash(
                    f"'{as_text(file_name)}' tersimpan sebagai batch {ids}. Semua halaman kini memakai angka baru."
                )
                st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1  # empties the uploader
                st.session_state.pop(SEEN, None)
                st.rerun()
