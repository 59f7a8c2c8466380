"""The frame: page config, navigation, the shared sidebar filters and the sample-data badge. No data access.

The screens live in views/, not pages/: a folder named pages/ switches Streamlit to its legacy multipage mode
until this file has run once, so a bookmarked page URL opened first after a restart ran without this frame.
"""
import streamlit as st

from lib import ui
from lib.errors import UserError

st.set_page_config(page_title="ATENSI Rakor", layout="wide", initial_sidebar_state="expanded")
page = st.navigation({
    "Rapat": [st.Page("views/ringkasan.py", title="Ringkasan", default=True)],
    "Data": [st.Page("views/unggah.py", title="Unggah Data"), st.Page("views/riwayat.py", title="Riwayat Data")],
})
ui.style()
try:
    cfg = ui.config()
    ui.ensure_database()
    st.sidebar.markdown(f"**{cfg.sentra['nama']}**  \n{cfg.sentra.get('instansi', '')}")
    st.session_state["filter"] = ui.sidebar_filters(cfg)
    ui.sample_banner(ui.freshness())
    page.run()
except UserError as e:
    ui.show_error(e)
