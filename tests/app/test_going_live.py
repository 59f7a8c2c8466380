"""Going live: while sample rows are still counted the DATA CONTOH banner says which datasets and districts are still
sample; an admin removes the sample in one confirmed step on Riwayat Data (the same as `python -m lib hapus-contoh
--user ADMIN --ya`), after which no sample batch is counted and the banner is gone."""

from __future__ import annotations

from lib import store
from lib.present.texts import as_text
from tests.app.helpers import OP_KENDARI, WA_ODE, app
from tests.conftest import SAMPLE_BATCHES, query
from tests.principals import admin


def _banner(at) -> str:
    return "\n".join(m.value for m in at.markdown if "DATA CONTOH" in m.value)


def _real_pas_for_kendari(db: str) -> None:
    """Kota Kendari's PAS for every month, uploaded for real: the other 22 districts' PAS is still sample."""
    pas = store.current("pas", db)
    real = pas[pas["kode_wilayah"] == "74.71"].assign(terdata=lambda d: d["terdata"].fillna(0) + 1)
    store.save_batch("pas", real, admin("operator"), path=db, nama_berkas="pas_kendari.xlsx")


def test_the_banner_names_the_datasets_and_districts_still_sample(seeded):
    db = seeded("main")
    assert "Masih data contoh" not in _banner(app().run())  # all of it is sample: the short banner
    _real_pas_for_kendari(db)
    banner = _banner(app().run()).replace("\\", "")  # Markdown escapes
    assert (
        "PAS (Kabupaten Kolaka, Kabupaten Konawe, Kabupaten Muna, Kabupaten Buton, Kabupaten Konawe Selatan dan 17 lainnya)"
        in banner
    )  # 22 districts, 5 named
    assert "Kota Kendari" not in banner.split("PAS (")[1].split(")")[0]
    assert "Layanan (semua 23 wilayah)" in banner and "SKA;" in banner


def test_an_admin_removes_the_sample_in_one_confirmed_step_and_the_banner_is_gone(seeded):
    db = seeded("main")
    _real_pas_for_kendari(db)
    at = app(OP_KENDARI).run().switch_page("views/riwayat.py").run()
    assert not [b for b in at.button if b.key == "hapus_contoh"]  # admins only
    at = app(WA_ODE).run().switch_page("views/riwayat.py").run()
    button = next(b for b in at.button if b.key == "hapus_contoh")
    assert button.disabled  # until the checkbox confirms it
    at.checkbox(key="hapus_contoh_yakin").check().run()
    at.button(key="hapus_contoh").click().run()

    assert not at.exception
    assert any(
        f"Data contoh dihapus: {SAMPLE_BATCHES} batch dibatalkan oleh {as_text('wa.ode')}" in s.value
        for s in at.success
    )
    assert query(db, "SELECT count(*) FROM batch WHERE contoh AND aktif") == [(0,)]
    assert (store.freshness(db)["baris_contoh"] == 0).all()
    assert query(db, "SELECT login, aksi, objek FROM audit WHERE aksi = 'hapus data contoh'") == [
        ("wa.ode", "hapus data contoh", f"{SAMPLE_BATCHES} batch")
    ]
    assert store.current("pas", db)["kode_wilayah"].unique().tolist() == ["74.71"]  # the real upload stays
    at = app().run()
    assert _banner(at) == "" and not [b for b in at.sidebar.get("badge") if "DATA CONTOH" in str(b.proto)]
