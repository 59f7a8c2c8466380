"""An indicator added to a copy of the configuration (PAS dilayani per pekerja sosial, from pas and sdm) appears on the
map's measure list, in Bandingkan and on the map slide, with the values a hand computation from the stored rows
gives; an outcome indicator is on the overview's "Output dan dampak". Both backends."""

from __future__ import annotations

import json

import pytest

from lib import fmt
from lib.config import load_config
from lib.present import slides
from lib.render import maps
from tests.app.helpers import app, sql
from tests.conftest import main_config_copy

PEKSOS = """
[[indikator]]
kode = "dilayani_per_peksos"
nama = "Dilayani per pekerja sosial"
satuan = "per pekerja sosial"
pembilang = "pas.dilayani"
penyebut = "sdm.jumlah[jenis_sdm in (pekerja_sosial, tksk)]"
naik_baik = false
keterangan = "PAS dilayani ÷ pekerja sosial dan TKSK (data SDM tahun terdekat)."
"""


@pytest.fixture
def with_peksos(seeded, tmp_path, monkeypatch) -> str:
    db = seeded("main")
    path = main_config_copy(tmp_path)
    text = path.read_text(encoding="utf-8").replace('peta_ukuran = "cakupan"', 'peta_ukuran = "dilayani_per_peksos"')
    path.write_text(text + PEKSOS, encoding="utf-8")
    monkeypatch.setenv("ATENSI_CONFIG", str(path))
    monkeypatch.setenv("ATENSI_BOUNDARIES", str(tmp_path / "tidak_ada.geojson"))
    return db


def by_hand(db: str, kode: str, periode: str) -> float:
    """Σ dilayani of the month ÷ Σ pekerja sosial + TKSK of the district's latest year up to the month's."""
    query = "SELECT sum(dilayani) FROM kini_pas WHERE periode = ? AND kode_wilayah = ?"
    (served,) = sql(db, query, [periode, kode])[0]
    rows = sql(
        db,
        "SELECT tahun, sum(jumlah) FROM kini_sdm WHERE kode_wilayah = ? AND jenis_sdm IN ('pekerja_sosial', 'tksk') "
        "GROUP BY tahun ORDER BY tahun",
        [kode],
    )
    up_to = [n for y, n in rows if y <= int(periode[:4])]
    workers = up_to[-1] if up_to else rows[0][1]
    return float(served) / float(workers)


def latest(db: str) -> str:
    return sql(db, "SELECT max(periode) FROM kini_pas")[0][0]


def points(at) -> dict[str, str]:
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    data = next(x for x in spec["layers"] if x["id"] == maps.LAYER)["data"]
    return {p["kode"]: p["teks"] for p in data}


def test_an_added_indicator_is_on_the_map_with_the_hand_computed_values(with_peksos):
    at = app().run()
    at.switch_page("views/peta.py").run()
    picker = at.selectbox(key="peta_ukuran")
    assert "dilayani_per_peksos" in picker.options or "Dilayani per pekerja sosial" in picker.options
    picker.set_value("dilayani_per_peksos").run()
    assert not at.exception, at.exception
    periode = latest(with_peksos)
    shown = points(at)
    for kode in ("74.71", "81.02", "72.06"):
        assert shown[kode] == fmt.angka(by_hand(with_peksos, kode, periode), 1)


def test_an_added_indicator_is_compared_in_bandingkan_with_the_hand_computed_values(with_peksos):
    at = app(banding="74.71,74.05", ukuran="dilayani_per_peksos").run()
    at.switch_page("views/bandingkan.py").run()
    assert not at.exception, at.exception
    periode = latest(with_peksos)
    cards = {m.label: m.value for m in at.metric}
    cfg = load_config()
    for kode in ("74.71", "74.05"):
        assert cards[cfg.wilayah.at[kode, "nama_pendek"]] == fmt.angka(by_hand(with_peksos, kode, periode), 1)


def test_an_added_indicator_is_the_map_slide_with_the_hand_computed_values(with_peksos):
    cfg = load_config()
    number = next(i for i, s in enumerate(slides.slide_sequence(cfg), start=1) if s.kind == "peta")
    at = app(mode="presentasi", slide=str(number)).run()
    assert not at.exception, at.exception
    assert "Dilayani per pekerja sosial" in " ".join(m.value for m in at.markdown) + " ".join(
        h.proto.body for h in at.get("html")
    ) + at.title[0].value + " ".join(c.value for c in at.caption)
    periode = latest(with_peksos)
    shown = points(at)
    assert shown["74.01"] == fmt.angka(by_hand(with_peksos, "74.01", periode), 1)


def test_the_overview_shows_output_beside_impact_with_an_outcome_indicator(seeded):
    db = seeded("main")
    at = app().run()
    assert not at.exception, at.exception
    assert "Output dan dampak" in [h.value for h in at.subheader]
    periode = latest(db)
    (num,) = sql(db, "SELECT sum(jumlah) FROM kini_hasil WHERE periode = ? AND jenis_hasil = 'berfungsi_sosial'", [periode])[0]  # fmt: skip
    (den,) = sql(db, "SELECT sum(dilayani) FROM kini_pas WHERE periode = ?", [periode])[0]
    cards = {m.label: m.value for m in at.metric}
    assert cards["Kembali berfungsi sosial"] == fmt.persen(float(num) / float(den))
