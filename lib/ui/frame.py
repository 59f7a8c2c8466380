"""The frame around every screen, drawn after it: the sidebar and the sample banner."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException

from lib import present
from lib.config import Konfigurasi
from lib.figures import Filter
from lib.principal import Principal
from lib.ui import auth, presentation
from lib.ui.cache import FRESHNESS, shared
from lib.ui.page import ScreenEnd, filter_widgets, sample_sets


@contextmanager
def framed(cfg: Konfigurasi, who: Principal | None, f: Filter | None, presenting: bool = False) -> Iterator[None]:
    """Runs the screen inside, then draws the frame in places reserved before it: the sidebar (the Sentra, the account,
    the filters, the way into presentation mode, the sample badge) and the sample banner above the screen. The page
    looks the same, but a screen's first elements (Ringkasan's KPI cards) reach a viewer before the frame's widgets
    are built. Not after st.rerun: that run's page is thrown away."""
    side = st.sidebar.container()
    banner = None if presenting else st.empty()

    def draw() -> None:
        note, every = shared(sample_sets, dataset=FRESHNESS)  # per data version
        with side:
            st.markdown(f"**{cfg.sentra['nama']}**  \n{cfg.sentra.get('instansi', '')}")
            auth.account_sidebar(who)
            filter_widgets(cfg, f)
            if not presenting:
                presentation.enter_button()
            if note:
                st.badge("DATA CONTOH", color="orange")
        if banner is not None and note:  # saying which datasets and districts are still sample, unless all of it is
            which = "" if every else f" Masih data contoh: {present.as_text(note)}."
            banner.markdown(
                f":orange-badge[DATA CONTOH] :small[Angka dibangkitkan untuk contoh, bukan data sebenarnya.{which} "
                "Unggah data asli untuk menggantinya, atau admin menghapus data contoh sekaligus di Riwayat Data.]"
            )

    try:
        yield
    except ScreenEnd:  # ui.stop(): the screen said why it ends
        pass
    except RerunException:
        raise
    except BaseException:  # a UserError, shown by app.py: the frame still shows
        draw()
        raise
    draw()
