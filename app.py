"""The frame: page config, navigation, the shared sidebar filters and the sample-data badge. No data access."""
import streamlit as st

from lib import ui
from lib.errors import UserError

st.set_page_config(page_title="ATENSI Rakor", layout="wide", initial_sidebar_state="expanded")
page = st.navigation({
    "Rapat": [st.Page("pages/ringkasan.py", title="Ringkasan", default=True)],
    "Data": [st.Page("pages/riwayat.py", title="Riwayat Data")],
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
