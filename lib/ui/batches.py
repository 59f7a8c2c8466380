"""Riwayat Data: choosing a batch, what it wrote (old → new), and rolling it back after an inline confirmation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import fmt, present
from lib.config import Konfigurasi
from lib.errors import Refused
from lib.present.texts import as_text
from lib.principal import DISTRICT, Principal, check_rollback
from lib.ui import state
from lib.ui.cache import batch_changes, config
from lib.ui.errors import shown_inline

ROLLBACK_FOR = "rollback_untuk"  # the batch whose rollback is being confirmed
BATCH, BATCH_SHOWN = "batch_terpilih", "batch_terpilih_judul"  # the picker, and the title it showed last


def dataset_title(name: str) -> str:
    """The dataset's name in this deployment's words ([istilah] dataset_pas: 'PMKS')."""
    return present.dataset_name(config(), name)


def batch_title(history: pd.DataFrame, batch_id: int) -> str:
    row = history.set_index("id").loc[batch_id]
    status = "aktif" if row["aktif"] else "dibatalkan"
    return f"#{batch_id} · {dataset_title(row['dataset'])} · {row['pengguna']} · {status}"


def batch_choice(history: pd.DataFrame) -> int | None:
    """A selectbox of every batch, newest first (as the history lists them). When the chosen batch's title changed
    (rolled back here, elsewhere or from the command line), the choice is set again before the widget is drawn:
    a keyed selectbox keeps its identity when its labels change, and the browser would go on showing "aktif"."""
    ids = history["id"].tolist()
    before = st.session_state.get(BATCH)
    if isinstance(before, int) and before in ids and st.session_state.get(BATCH_SHOWN) != batch_title(history, before):
        st.session_state[BATCH] = before  # set by the app: Streamlit sends the new label
    chosen = st.selectbox(
        "Batch", ids, key=BATCH, format_func=lambda b: batch_title(history, b), placeholder="Pilih batch"
    )
    st.session_state[BATCH_SHOWN] = None if chosen is None else batch_title(history, chosen)
    return None if chosen is None else int(chosen)


def _confirm_rollback(batch_id: int, label: str, who: Principal) -> None:
    """Inline confirmation (no modal: AppTest cannot see into st.dialog, and a modal hides the table)."""
    with st.container(border=True):
        st.warning(
            f"Batch **{as_text(label)}** akan dibatalkan oleh akun {as_text(who.login)}: nilai sebelumnya berlaku "
            "lagi. Batch tetap tercatat."
        )
        yes, no = st.columns(2)
        if yes.button("Ya, batalkan", type="primary", key="rollback_ya"):
            with shown_inline():  # a refused rollback is told here; the batch table stays
                from lib.ingest import rollback  # here: the upload's libraries load only when a batch is undone

                rollback(batch_id, who)
                st.session_state.pop(ROLLBACK_FOR, None)
                state.flash(f"Batch #{batch_id} dibatalkan oleh {as_text(who.login)}.")
                st.rerun()
        if no.button("Tidak", key="rollback_tidak"):
            st.session_state.pop(ROLLBACK_FOR, None)
            st.rerun()


def may_roll_back(who: Principal | None, batch_id: int, dataset: str, changes: pd.DataFrame) -> bool:
    """Whether `who` may roll the batch back (lib decides again when it is done): admins any, operators their own
    districts' batches."""
    if who is None or not who.may_write:
        return False
    districts = changes[DISTRICT].tolist() if DISTRICT in changes.columns else []
    try:
        check_rollback(who, batch_id, dataset, districts)
    except Refused:
        return False
    return True


def batch_detail(history: pd.DataFrame, batch_id: int, cfg: Konfigurasi, who: Principal | None) -> None:
    """The rows a batch wrote, changed values as old → new, and the rollback button for an active batch that the
    signed-in account may roll back."""
    state.show_flash()
    row = history.set_index("id").loc[batch_id]
    changes = batch_changes(batch_id)
    st.caption(
        f"{fmt.angka(row['baris_baru'])} baris baru · {fmt.angka(row['baris_berubah'])} berubah · "
        f"{fmt.angka(row['baris_sama'])} sama (dihitung saat batch disimpan)."
    )
    st.dataframe(present.diff_rows(changes, row["dataset"], cfg), hide_index=True, width="stretch", height=280)
    if row["aktif"] and not may_roll_back(who, batch_id, row["dataset"], changes):
        st.caption(
            "Pembatalan batch ini: admin"
            + ("" if who is None or not who.may_write else ", atau operator bila semua barisnya di wilayahnya")
            + "."
        )
    elif row["aktif"] and who is not None:  # may_roll_back: signed in
        if st.button(f"Batalkan batch #{batch_id}…", key="rollback"):
            st.session_state[ROLLBACK_FOR] = batch_id
        if st.session_state.get(ROLLBACK_FOR) == batch_id:
            _confirm_rollback(batch_id, batch_title(history, batch_id), who)
