"""The district brief (PDF): its text holds the district's name and its figures formatted as on the profile page,
the font is embedded, the CLI writes one district or all, and an unknown code is refused."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from lib import cli, figures, fmt, present, sample, store
from lib.config import load_config
from lib.render import pdf as brief
from tests.conftest import CONFIGS

TODAY = dt.date(2025, 12, 20)


@pytest.fixture
def seeded_store(tmp_path, monkeypatch):
    def make(name: str):
        monkeypatch.setenv("ATENSI_CONFIG", str(CONFIGS[name]))
        monkeypatch.setenv("ATENSI_BOUNDARIES", str(tmp_path / "none.geojson"))  # points, not polygons
        db = str(tmp_path / f"{name}.duckdb")
        monkeypatch.setenv("ATENSI_DB", db)
        sample.seed(db, load_config())
        return db, load_config(), store.current_all(db)

    return make


def _text(pdf: bytes) -> str:
    """The PDF's text as a reader copies it, with runs of white space (line breaks, justification) as one space."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.mark.parametrize("config", ["main", "dinsos", "ntb"])
def test_the_brief_shows_the_district_and_its_figures_as_on_screen(seeded_store, config):
    db, cfg, data = seeded_store(config)
    f = figures.Filter(periode=figures.periods(data)[-1])
    kode = cfg.kode_wilayah[-1]
    pdf = brief.build_brief(data, cfg, f, [kode], TODAY, store.freshness(db))
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2
    text = _text(pdf)
    assert cfg.nama_wilayah(kode) in text
    assert fmt.bulan(f.periode) in text
    for k in present.profile_kpis(data, cfg, f, kode):  # the profile page's cards, formatted the same way
        assert k.label in text and k.text in text, k.label
        if k.change_text:
            assert k.change_text in text
    for item in present.open_follow_ups(data["tindak_lanjut"], cfg, kode, TODAY)["Tenggat"].head(3):
        assert item in text
    programs = present.program_rows(data["program"], cfg, figures.Filter(periode=f.periode, wilayah=kode))
    for name in programs["Program"].head(3):
        assert name.split()[0] in text
    assert "DATA CONTOH" in text and cfg.sentra["nama"] in text


def test_the_brief_embeds_its_font(seeded_store):
    db, cfg, data = seeded_store("main")
    f = figures.Filter(periode=figures.periods(data)[-1])
    reader = PdfReader(io.BytesIO(brief.build_brief(data, cfg, f, [cfg.kode_wilayah[0]], TODAY)))
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            desc = descendant["/FontDescriptor"].get_object()
            fonts.append((str(font["/BaseFont"]), "/FontFile2" in desc))
    assert fonts and all(embedded for _, embedded in fonts)
    assert any("SourceSans" in name for name, _ in fonts)


def test_brief_command_writes_one_district_or_all_and_refuses_an_unknown_code(seeded_store, tmp_path, capsys):
    db, cfg, data = seeded_store("dinsos")
    out = tmp_path / "satu.pdf"
    assert cli.main(["brief", cfg.kode_wilayah[0], "--out", str(out)]) == 0
    assert cfg.nama_wilayah(cfg.kode_wilayah[0]) in _text(out.read_bytes())
    every = tmp_path / "semua.pdf"
    assert cli.main(["brief", "--all", "--out", str(every)]) == 0
    text = _text(every.read_bytes())
    assert all(cfg.nama_wilayah(k) in text for k in cfg.kode_wilayah)
    assert len(PdfReader(str(every)).pages) >= len(cfg.kode_wilayah)
    assert cli.main(["brief", "99.99", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "99.99" in capsys.readouterr().err
    assert cli.main(["brief", "--out", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()
