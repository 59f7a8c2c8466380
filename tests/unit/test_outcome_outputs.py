"""An outcome indicator (Kembali berfungsi sosial, over the hasil dataset) as the map slide's measure, in the
deck that follows the slides, and on the district brief, with the value a hand computation from the stored rows
gives."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest
from pptx import Presentation
from pypdf import PdfReader

from lib import cli, figures, fmt, sample, store
from lib.config import load_config
from lib.present import slides
from lib.render import pdf as brief
from tests.conftest import CONFIG_MAIN, query


@pytest.fixture
def outcome_on_the_map_slide(tmp_path, monkeypatch):
    folder = tmp_path / "konfigurasi"
    shutil.copytree(CONFIG_MAIN.parent, folder, ignore=shutil.ignore_patterns("*.duckdb*", "*.geojson*", "nasional"))
    path = folder / "konfigurasi.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('peta_ukuran = "cakupan"', 'peta_ukuran = "berfungsi_sosial"'), encoding="utf-8")
    db = str(tmp_path / "a.duckdb")
    for k, v in {"ATENSI_CONFIG": path, "ATENSI_DB": db, "ATENSI_BOUNDARIES": tmp_path / "none.geojson"}.items():
        monkeypatch.setenv(k, str(v))
    cfg = load_config()
    sample.seed(db, cfg)
    return db, cfg


def by_hand(db: str, kode: str, periode: str) -> float:
    (num,) = query(db, "SELECT sum(jumlah) FROM kini_hasil WHERE periode = ? AND kode_wilayah = ? AND jenis_hasil = 'berfungsi_sosial'", (periode, kode))[0]  # fmt: skip
    (den,) = query(db, "SELECT sum(dilayani) FROM kini_pas WHERE periode = ? AND kode_wilayah = ?", (periode, kode))[0]
    return float(num) / float(den)


def test_the_map_slide_and_the_deck_show_the_outcome_indicator(outcome_on_the_map_slide, tmp_path):
    db, cfg = outcome_on_the_map_slide
    data = store.current_all(db)
    f = figures.Filter(periode=figures.periods(data)[-1])
    peta = next(s for s in slides.slide_sequence(cfg) if s.kind == "peta")
    content = slides.slide_content(peta, data, cfg, f, dt.date(2026, 1, 15))
    assert content.subtitle.startswith("Kembali berfungsi sosial ·")
    table = content.map.table.set_index("kode_wilayah")
    for kode in ("74.71", "81.03"):
        assert table.at[kode, "teks"] == fmt.persen(by_hand(db, kode, f.periode))
    out = tmp_path / "rapat.pptx"
    assert cli.main(["deck", "--out", str(out)]) == 0
    texts = [
        shape.text_frame.text for page in Presentation(str(out)).slides for shape in page.shapes if shape.has_text_frame
    ]
    assert any(t.startswith("Kembali berfungsi sosial ·") for t in texts)


def test_the_brief_shows_the_outcome_indicators_of_the_district(outcome_on_the_map_slide):
    db, cfg = outcome_on_the_map_slide
    data = store.current_all(db)
    f = figures.Filter(periode=figures.periods(data)[-1])
    kode = "74.71"
    pdf = brief.build_brief(data, cfg, f, [kode], dt.date(2026, 1, 15), store.freshness(db))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Kembali berfungsi sosial" in text
    assert fmt.persen(by_hand(db, kode, f.periode)) in text
