"""Profil, Bandingkan and SKA make their cards, tables and trends once per store state and share them with every
session (ui.shared): an upload still shows on the open page's next rerun, and on a new session's first view."""

from __future__ import annotations

import pandas as pd
from streamlit import dataframe_util

from lib import fmt, store
from lib.config import load_config
from tests.app.helpers import app, shown_metrics, sql
from tests.principals import admin


def _open(view: str, **query):
    return app(**query).run().switch_page(view).run()


def _upload_pas(db: str, periode: str, kode: str, kategori: str, terdata: int, dilayani: int) -> None:
    row = pd.DataFrame(
        {
            "periode": [periode],
            "kode_wilayah": [kode],
            "kategori_pas": [kategori],
            "terdata": [terdata],
            "dilayani": [dilayani],
        }
    )
    store.save_batch("pas", row, admin("operator"), path=db, nama_berkas="pas_koreksi.xlsx")


def _district_totals(db: str, periode: str, kode: str) -> tuple[int, int]:
    return sql(
        db,
        "SELECT sum(terdata), sum(dilayani) FROM kini_pas WHERE periode = ? AND kode_wilayah = ?",
        [periode, kode],
    )[0]


def _chart_rows(chart) -> pd.DataFrame:
    """The rows a Vega-Lite chart element was sent with (Streamlit moves them out of the spec)."""
    return pd.concat(dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets)


def test_profil_shows_an_upload_on_the_next_rerun_and_in_a_new_session(seeded):
    db = seeded("main")
    cfg = load_config()
    at = _open("views/profil.py", kode="74.71")
    periode = at.session_state["f_periode"]
    before = shown_metrics(at)["PAS terdata"]
    assert before == fmt.angka(_district_totals(db, periode, "74.71")[0])
    kategori = cfg.kategori[0]
    _upload_pas(db, periode, "74.71", kategori.kode, 987_654, 12_345)
    terdata, dilayani = _district_totals(db, periode, "74.71")
    for shown in (at.run(), _open("views/profil.py", kode="74.71")):
        cards = shown_metrics(shown)
        assert cards["PAS terdata"] == fmt.angka(terdata) != before
        assert cards["Cakupan layanan"] == fmt.persen(dilayani / terdata)
        groups = shown.dataframe[0].value  # the district's PAS groups
        assert fmt.angka(987_654) in groups.astype(str).to_numpy().ravel().tolist()


def test_bandingkan_shows_an_upload_on_the_next_rerun_and_in_a_new_session(seeded):
    db = seeded("main")
    cfg = load_config()
    at = _open("views/bandingkan.py", banding="74.71,74.02")
    periode = at.session_state["f_periode"]
    name = cfg.wilayah.at["74.71", "nama_pendek"]
    before = shown_metrics(at)[name]
    _upload_pas(db, periode, "74.71", cfg.kategori[0].kode, 987_654, 12_345)
    terdata, dilayani = _district_totals(db, periode, "74.71")
    for shown in (at.run(), _open("views/bandingkan.py", banding="74.71,74.02")):
        assert shown_metrics(shown)[name] == fmt.persen(dilayani / terdata) != before  # coverage, by default
        rows = {r.iloc[0]: r.tolist() for _, r in shown.dataframe[0].value.iterrows()}
        assert rows[name][1] == fmt.angka(terdata)
        trend = _chart_rows(shown.get("vega_lite_chart")[0])  # the small multiples
        mine = trend[(trend["kode_wilayah"] == "74.71") & (trend["periode"] == periode)]
        assert mine.set_index("ukuran")["nilai"].to_dict() == {"Terdata": terdata, "Dilayani": dilayani}


def test_ska_shows_an_upload_on_the_next_rerun_and_in_a_new_session(seeded):
    db = seeded("main")
    at = _open("views/ska.py")
    periode = at.session_state["f_periode"]
    unit = sql(db, "SELECT min(unit) FROM kini_ska", [])[0][0]
    row = pd.DataFrame(
        {
            "periode": [periode],
            "unit": [unit],
            "pengunjung": [98_765],
            "produk_terjual": [4_321],
            "omzet": [123_456_789],
            "laba_kotor": [23_456_789],
        }
    )
    store.save_batch("ska", row, admin("operator"), path=db, nama_berkas="ska_koreksi.xlsx")
    visitors = sql(db, "SELECT sum(pengunjung) FROM kini_ska WHERE periode = ?", [periode])[0][0]
    for shown in (at.run(), _open("views/ska.py")):
        assert shown_metrics(shown)["Pengunjung"] == fmt.angka(visitors)
        table = shown.dataframe[0].value.set_index("Ukuran")
        assert table.loc["Pengunjung"].iloc[0] == fmt.angka(
            sql(
                db,
                "SELECT sum(pengunjung) FROM kini_ska WHERE periode BETWEEN ? AND ?",
                [periode[:4] + "-01", periode],
            )[0][0]
        )
