"""Tindak Lanjut: the follow-ups as an editable table, and saving the edits as one batch under the editor's name."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import figures, fmt
from lib.config import Konfigurasi
from lib.present.texts import as_text
from lib.principal import Principal
from lib.ui import state
from lib.ui.errors import shown_inline


def follow_up_editor(table: pd.DataFrame, cfg: Konfigurasi, key: str, editable: bool = True) -> pd.DataFrame:
    """The follow-ups as an editable table: status (from the configuration's list) and notes; the rest read-only
    (all of it when not `editable`: a pembaca or a visitor). Overdue rows are shaded in their read-only cells
    (Streamlit styles only those)."""
    late = table["Lewat tenggat"] != ""
    styled = table.style.apply(
        lambda row: [
            "background-color: #fde0dd; color: #7a0019; font-weight: 600" if late[row.name] else "" for _ in row
        ],
        axis=1,
    )
    fixed = [c for c in table.columns if c not in figures.TL_KOLOM_UBAH] if editable else True
    return st.data_editor(
        styled,
        key=key,
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        disabled=fixed,
        height=min(38 + 35 * len(table), 460),
        # What, who, by when, how late, status and note fit 1280×720 with the sidebar open; the district follows.
        column_order=["Uraian", "Penanggung jawab", "Tenggat", "Lewat tenggat", "status", "catatan", "Wilayah"],
        column_config={
            "Uraian": st.column_config.TextColumn("Uraian", width=290),
            "Penanggung jawab": st.column_config.TextColumn("Penanggung jawab", width=130),
            "Tenggat": st.column_config.TextColumn("Tenggat", width=95),
            "Lewat tenggat": st.column_config.TextColumn("Lewat", width=70),
            "status": st.column_config.SelectboxColumn(
                "Status ✎", options=list(cfg.status_tindak_lanjut), required=True, width=120
            ),
            "catatan": st.column_config.TextColumn("Catatan ✎", width=115),
        },
    )


def save_follow_ups(
    tl: pd.DataFrame, edited: pd.DataFrame, cfg: Konfigurasi, rapat: str, who: Principal, editor_key: str
) -> None:
    """Store the changed follow-ups as one batch under the signed-in account, then rerun with the new figures.
    A refusal (an invalid edit, a district not the operator's) is shown here; the table keeps the edits."""
    with shown_inline():
        rows = figures.follow_up_changes(tl, edited, cfg)
        if rows.empty:
            st.info("Tidak ada perubahan untuk disimpan.")
            return
        from lib.ingest import write_rows  # here: the checks' libraries load only when an edit is saved

        batch_id = write_rows(
            "tindak_lanjut",
            rows,
            who,
            what="suntingan Tindak Lanjut",
            note=f"Disunting di halaman Tindak Lanjut ({rapat}): {len(rows)} baris",
            cfg=cfg,
        )
        st.session_state.pop(editor_key, None)
        state.flash(
            f"{fmt.angka(len(rows))} tindak lanjut tersimpan sebagai batch #{batch_id} oleh {as_text(who.login)}. "
            "Perubahan ini dapat dibatalkan di halaman Riwayat Data."
        )
        st.rerun()
