"""Text that came from data, written as people (or attackers) might type it: Markdown that would fetch an image,
bold, a javascript: link and an HTML element; a bare URL, an e-mail and an icon code. Tests store them in every
place such text is shown."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lib import store
from lib.config import load_config, today
from tests.principals import admin

IMAGE = "![x](http://127.0.0.1:1/x.png)"
BOLD = "**b**"
LINK = "[a](javascript:alert(1))"
ELEMENT = "<img src=x onerror=alert(1)>"
URL = "https://contoh.example/laporan?x=1"  # a bare address: Markdown readers make a link of it
WWW = "www.contoh.example"
ICON = ":material/home:"  # Streamlit's icon code
EMAIL = "operator@dinsos.example"  # an e-mail: a mailto: link
STRINGS = (IMAGE, BOLD, LINK, ELEMENT)
BARE = (URL, WWW, ICON, EMAIL)  # nothing to escape, yet a link or an icon unless kept apart
URAIAN = f"Cek {IMAGE} lalu {LINK}; lihat {URL} dan {WWW} {ICON}, kirim ke {EMAIL}"  # overdue: listed in full
FILE_NAME = f"{IMAGE}.csv"


def store_data_text(db: str) -> None:
    """A follow-up (overdue, for every district) and a programme name with the strings, written as one batch each
    under a user name and file name that hold them too."""
    cfg = load_config()
    due = today(cfg) - dt.timedelta(days=30)
    tl = pd.DataFrame(
        [
            {
                "rapat": "Rakor uji",
                "tanggal_rapat": due - dt.timedelta(days=30),
                "kode_wilayah": "",
                "uraian": URAIAN,
                "penanggung_jawab": BOLD,
                "tenggat": due,
                "status": cfg.status_tindak_lanjut[0],
                "catatan": ELEMENT,
            }
        ]
    )
    store.save_batch("tindak_lanjut", tl, admin(BOLD), nama_berkas=FILE_NAME, catatan=LINK, path=db)
    program = store.current("program", db)
    latest = program[program["periode"] == program["periode"].max()]
    renamed = latest.assign(nama_program=ELEMENT + " " + latest["nama_program"])  # every programme: any row shows it
    store.save_batch("program", renamed, admin(BOLD), nama_berkas=FILE_NAME, path=db)
