"""Streamlit's own texts in Indonesian where an app can set them, and the small things a person notices: the problems
of an upload above the notes (folded), a rolled-back batch no longer "aktif" in the picker, Bandingkan opening on the
operator's district (or the last choice) with typing adding one district, a form empty after a save, and no code path
shown as a file name."""

from __future__ import annotations

import io

import openpyxl

from lib import store
from lib.present.texts import as_text
from lib.store.contoh import SAMPLE_FILE
from tests.app.helpers import OP_KENDARI, WA_ODE, app
from tests.principals import admin


def _flat(node):
    """Every element of the page in the order it is drawn."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _flat(child)


def _workbook_with_a_hidden_sheet_and_an_error() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PAS"
    ws.append(["Bulan", "Kabupaten/Kota", "Kategori", "Jumlah Terdata", "Terlayani"])
    ws.append(["Desember 2025", "Kota Kendari", "Anak Rentan", "banyak", 5])
    hidden = wb.create_sheet("Arsip")
    hidden.append(["Bulan", "Kabupaten/Kota", "Kategori", "Jumlah Terdata", "Terlayani"])
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_upload_problems_come_before_the_notes_which_are_folded(seeded):
    seeded("main")
    at = app(WA_ODE).run().switch_page("views/unggah.py").run()
    uploader = at.file_uploader(key="berkas_0")
    assert "MB" in uploader.proto.help and "paling besar" in uploader.proto.help  # Indonesian, where settable
    uploader.upload("pas.xlsx", _workbook_with_a_hidden_sheet_and_an_error(), "application/vnd.ms-excel")
    at.run()
    order = [type(n).__name__ for n in _flat(at.main)]
    assert "Dataframe" in order and "Expander" in order
    assert order.index("Error") < order.index("Dataframe") < order.index("Expander")
    assert "Info" not in order[: order.index("Expander")]  # no note above the problems
    notes = at.expander[0]
    assert notes.label.startswith("Catatan pembacaan berkas (")
    assert any("Arsip" in i.value for i in notes.info)


def test_the_batch_picker_says_a_rolled_back_batch_is_rolled_back(seeded):
    db = seeded("main")
    before = store.current("ska", db)
    new_id = store.save_batch("ska", before.tail(1).assign(omzet=1_000), admin(), path=db, nama_berkas="ska.xlsx")
    at = app(WA_ODE).run().switch_page("views/riwayat.py").run()
    at.selectbox(key="batch_terpilih").set_value(new_id).run()
    assert at.selectbox(key="batch_terpilih").options[0].endswith("· aktif")
    at.button(key="rollback").click().run()
    at.button(key="rollback_ya").click().run()
    picker = at.selectbox(key="batch_terpilih")
    assert picker.value == new_id and picker.options[0] == f"#{new_id} · SKA · admin uji · dibatalkan"


def test_riwayat_names_the_sample_batches_file_in_words_not_a_code_path(seeded):
    seeded("main")
    at = app(WA_ODE).run().switch_page("views/riwayat.py").run()
    batches = next(d.value for d in at.dataframe if "Berkas" in d.value.columns)
    assert set(batches["Berkas"]) == {SAMPLE_FILE}
    trail = next(d.value for d in at.dataframe if "Rincian" in d.value.columns)
    assert trail["Rincian"].str.startswith(SAMPLE_FILE).any()  # the sample's audit lines name it in words too
    shown = " ".join(d.value.to_csv() for d in at.dataframe)
    assert ".py" not in shown and "lib/" not in shown


def test_an_older_stores_audit_lines_naming_lib_sample_py_read_data_contoh():
    import pandas as pd

    from lib.config import load_config
    from lib.present.accounts import audit_rows

    log = pd.DataFrame(
        {
            "waktu": [pd.Timestamp("2025-12-01 01:00")],
            "login": ["data contoh"],
            "peran": ["admin"],
            "via": ["sistem"],
            "aksi": ["simpan batch"],
            "objek": ["batch #1 (pas)"],
            "hasil": ["berhasil"],
            "rincian": ["lib/sample.py, 6624 baris, Data contoh yang dibangkitkan"],
        }
    )
    assert audit_rows(log, load_config())["Rincian"].tolist() == [
        f"{SAMPLE_FILE}, 6624 baris, Data contoh yang dibangkitkan"
    ]


def test_bandingkan_opens_on_the_operators_district_and_else_on_nothing_fixed(seeded):
    seeded("main")
    mine = app(OP_KENDARI).run().switch_page("views/bandingkan.py").run()
    picked = mine.multiselect(key="banding_wilayah")
    assert picked.value[0] == "74.71" and len(picked.value) >= 2
    # Streamlit's own texts set in Indonesian; no "select all matches" (typing + Enter adds one district), and
    # no max_selections (its refusal is English only): the seventh is refused by the page in Indonesian
    assert picked.proto.placeholder == "Ketik atau pilih kabupaten/kota"
    assert picked.proto.max_selections == 0 and not picked.proto.select_all

    anyone = app().run().switch_page("views/bandingkan.py").run()
    assert anyone.multiselect(key="banding_wilayah").value == []
    assert any("paling sedikit 2" in i.value for i in anyone.info)


def test_bandingkan_keeps_the_presenters_last_choice_and_refuses_a_seventh_in_indonesian(seeded):
    seeded("main")
    at = app(WA_ODE).run().switch_page("views/bandingkan.py").run()
    at.multiselect(key="banding_wilayah").set_value(["81.05", "74.71"]).run()
    at.switch_page("views/ringkasan.py").run()
    at.query_params.pop("banding", None)  # not from the URL: from the session's last choice
    at.switch_page("views/bandingkan.py").run()
    assert at.multiselect(key="banding_wilayah").value == ["81.05", "74.71"]
    seven = ["74.01", "74.02", "74.03", "74.04", "74.05", "74.06", "74.07"]
    at.multiselect(key="banding_wilayah").set_value(seven).run()
    assert at.multiselect(key="banding_wilayah").value == seven[:6]
    assert any("Paling banyak 6 kabupaten/kota" in w.value for w in at.warning)


def test_the_new_account_form_is_empty_after_an_account_is_added(seeded):
    seeded("main")
    at = app(WA_ODE).run().switch_page("views/pengguna.py").run()
    at.text_input(key="akun_login").input("op.muna")
    at.text_input(key="akun_nama").input("Operator Muna")
    at.multiselect(key="akun_wilayah").select("74.03")
    at.text_input(key="akun_sandi").input("sandi-muna-12345")
    next(b for b in at.button if b.label == "Tambah akun").click().run()
    assert not at.exception and any(f"{as_text('op.muna')} (operator) ditambahkan" in s.value for s in at.success)
    assert at.text_input(key="akun_login").value == "" and at.text_input(key="akun_nama").value == ""
    assert at.multiselect(key="akun_wilayah").value == [] and at.text_input(key="akun_sandi").value == ""
    assert at.multiselect(key="akun_wilayah").proto.placeholder.startswith("Pilih kabupaten/kota")
