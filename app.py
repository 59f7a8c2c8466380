"""The frame: page config, navigation, the shared sidebar filters and the sample-data badge, and the one place a
UserError raised by a screen or the frame is shown (a few actions show theirs inline: lib.ui.errors.shown_inline).
No data access.

The screens live in views/, not pages/: a folder named pages/ switches Streamlit to its legacy multipage mode
until this file has run once, so a bookmarked page URL opened first after a restart ran without this frame.
"""

import streamlit as st

from lib import ui
from lib.config_check import ConfigInvalid
from lib.errors import UserError
from lib.ui import notes, presentation

st.set_page_config(page_title="ATENSI Rakor", layout="wide", initial_sidebar_state="expanded")
modules = ui.modules_on()  # [modul]: a deployment without an SKA unit or programmes has no such screen
page = st.navigation(
    {
        "Rapat": [
            st.Page("views/ringkasan.py", title="Ringkasan", default=True),
            st.Page("views/peta.py", title="Peta", url_path="peta"),
            st.Page("views/klaster.py", title="Klaster", url_path="klaster"),
            st.Page("views/bandingkan.py", title="Bandingkan Wilayah", url_path="bandingkan"),
            st.Page("views/profil.py", title="Profil Wilayah", url_path="profil"),
            *([st.Page("views/program.py", title="Program", url_path="program")] if "program" in modules else []),
            *([st.Page("views/ska.py", title="SKA", url_path="ska")] if "ska" in modules else []),
            st.Page("views/tindak_lanjut.py", title="Tindak Lanjut", url_path="tindak-lanjut"),
        ],
        "Data": [
            st.Page("views/unggah.py", title="Unggah Data"),
            st.Page("views/riwayat.py", title="Riwayat Data"),
            st.Page("views/mutu.py", title="Mutu Data", url_path="mutu"),
            st.Page(  # meetings: admins set them up
                "views/rapat.py",
                title="Rapat",
                url_path="rapat",
                visibility="visible" if ui.session_role() == "admin" else "hidden",
            ),
            st.Page(  # accounts: admins only
                "views/pengguna.py",
                title="Pengguna",
                url_path="pengguna",
                visibility="visible" if ui.session_role() == "admin" else "hidden",
            ),
        ],
    },
    expanded=True,  # every screen listed: past ten, Streamlit folds the rest under "View more" (Rapat, Pengguna)
)
ui.style()
try:
    cfg = ui.open_snapshot().cfg  # this run's one data version: every screen's figures come from it
    ui.guard_exposure()  # a network address with public reading needs accounts
    who = ui.principal()
    ui.require_reader(who)  # without public reading: the sign-in form only
    ui.config_notice(who)  # an edit that fails the check while serving: admins see why, the last good one serves
    f = ui.read_filters(cfg)  # the sidebar's filters (also in session state, for the screens: ui.page)
    with ui.framed(cfg, who, f, presenting=presentation.active()):  # the sidebar and banner: drawn after the screen
        if presentation.active():  # ?mode=presentasi: the configured slides instead of the page
            presentation.show(cfg, f, ui.freshness())
            notes.follow(cfg, f)  # the slide shown, for the meeting's notes tab
        elif notes.active():  # ?mode=notulen&rapat=ID: the notulis's tab beside the presenter's
            notes.show(cfg, who)
        else:
            page.run()
except ConfigInvalid as e:  # the dashboard does not start half-broken: every problem, one box each
    st.error(f"**{ui.as_text(e.title)}**\n\n{ui.as_text(e.message)}")
    for m in e.masalah:
        st.error(ui.as_text(str(m)))
except UserError as e:
    ui.show_error(e)
finally:
    ui.end_run()
