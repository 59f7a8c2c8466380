"""What a second and third deployment show (issue 11): numbers that follow from the data and the configuration, the
month marker where the month is, every district labelled, named dots on static maps, and optional modules."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pandas as pd
import pytest
import vl_convert as vlc

from lib import figures, present, sample
from lib.config import load_config
from lib.present import ranking, slides
from lib.render import charts, paper_map
from tests.conftest import CONFIGS

TODAY = dt.date(2026, 1, 15)


def _long(periods: list[str], names=("Kab. A", "Kab. B")) -> pd.DataFrame:
    rows = [
        {"periode": p, "nama": n, "kode_wilayah": n, "ukuran": u, "nilai": 10.0, "teks": "10"}
        for n in names
        for p in periods
        for u in ("Terdata", "Dilayani")
    ]
    return pd.DataFrame(rows)


def _rule_x(svg: str) -> set[float]:
    """x of the dashed month markers drawn in a rendered SVG."""
    lines = re.findall(r'<line[^>]*stroke-dasharray="6,4"[^>]*>', svg)
    return {float(re.search(r"translate\(([-\d.]+),", line).group(1)) for line in lines}


@pytest.mark.parametrize("selected, where", [("2024-01", 0.0), ("2025-12", 225.0), ("2024-12", None)])
def test_small_multiples_mark_the_selected_month_not_the_first(selected, where):
    periods = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]
    svg = vlc.vegalite_to_svg(charts.trend_small_multiples(_long(periods), "PAS", selected).to_dict())
    xs = _rule_x(svg)
    assert len(xs) == 1  # the same month in every small chart
    x = xs.pop()
    if where is None:  # December 2024: 11 of 23 month-steps along 225 px
        assert 100 < x < 115
    else:
        assert x == pytest.approx(where)


def test_completeness_grid_labels_every_one_of_eight_districts(config_ntb):
    cfg = load_config(config_ntb)
    table = figures.completeness(sample.make_sample(cfg), cfg, "pas")
    spec = charts.completeness_heatmap(table).to_dict()
    axis = spec["layer"][0]["encoding"]["y"]["axis"]
    assert axis["labelOverlap"] is False  # Streamlit's theme turns it on, dropping every other district
    svg = vlc.vegalite_to_svg(spec)
    for name in cfg.wilayah["nama_pendek"]:
        assert f">{name}</text>" in svg


@pytest.mark.parametrize("n", range(1, 30))
def test_the_ranking_heading_promises_no_more_districts_than_there_are(n):
    table = pd.DataFrame({"peringkat": range(1, n + 1)})
    note = ranking.note(table)
    numbers = [int(x) for x in re.findall(r"\d+", note.replace(".", ""))]
    assert all(x <= n for x in numbers), note
    assert ("teratas" in note) == (n > ranking.ROWS)
    assert str(n) in note


def test_the_ranking_heading_counts_districts_without_a_value_apart():
    table = pd.DataFrame({"peringkat": [1, 2, None]})
    assert ranking.note(table) == "Peringkat: 2 kabupaten/kota (1 tanpa data)"


def test_trend_titles_count_the_months_the_data_holds(any_config):
    trend = figures.pas_trend(sample.make_sample(any_config)["pas"], any_config, figures.Filter(periode="2025-12"))
    assert present.trend_title(trend) == f"Tren {trend['periode'].nunique()} bulan"


def test_the_boundary_help_gives_this_deployments_codes_as_example(config_ntb, config_main):
    ntb = present.code_examples(load_config(config_ntb))
    assert "`52.01`" in ntb and "`ID5201`" in ntb and "Lombok Barat" in ntb
    assert "7471" not in ntb
    main = load_config(config_main)
    first = main.wilayah.index[0]
    assert f"`{first}`" in present.code_examples(main)


def test_static_map_without_boundaries_names_each_district_and_rings_the_office(config_ntb):
    cfg = load_config(config_ntb)
    data = sample.make_sample(cfg)
    peta = slides.map_data(data, cfg, figures.Filter(periode="2025-12"))
    svg = vlc.vegalite_to_svg(paper_map.static_map(peta.table, cfg, None, peta.selected).to_dict())
    _, listed, _ = paper_map.names_on_map(peta.table, cfg, None, peta.selected, 560, 300)
    office = cfg.sentra.get("kode_wilayah")
    for kode, name in cfg.wilayah["nama_pendek"].items():  # on the map, or numbered there and listed under it
        shown = f"{name} ({paper_map.OFFICE_LABEL})" if kode == office else name
        assert f">{shown}</text>" in svg or shown in listed, name
    assert 'aria-roledescription="point"' in svg and 'stroke="#000000" stroke-width="3"' in svg  # the office's ring


@pytest.mark.parametrize("n", [1, 2, 5, 6, 7, 12, 40])
def test_the_follow_up_slide_shows_at_most_what_fits_and_says_how_many(config_ntb, n):
    cfg = load_config(config_ntb)
    data = sample.make_sample(cfg)
    rows = [
        {
            "rapat": "Rakor uji",
            "tanggal_rapat": dt.date(2025, 11, 20),
            "kode_wilayah": cfg.kode_wilayah[i % len(cfg.kode_wilayah)],
            "uraian": f"Tindak lanjut nomor {i + 1} dengan uraian yang panjang sekali " * 3,
            "penanggung_jawab": "Dinas Sosial kabupaten/kota bersama pendamping dan lembaga kesejahteraan sosial",
            "tenggat": dt.date(2025, 12, 1),
            "status": "Belum Mulai",
            "catatan": None,
        }
        for i in range(n)
    ]
    data["tindak_lanjut"] = pd.DataFrame(rows)
    content = slides.slide_content(slides.Slide("tindak_lanjut"), data, cfg, figures.Filter("2025-12"), TODAY)
    shown = min(n, slides.TABLE_ROWS)
    assert len(content.table) == shown
    assert content.table_title.endswith(f"({shown} dari {n})")


def _without_presentasi(tmp_path, name: str):
    """A copy of a fixture's configuration with no [presentasi] section: the default slide sequence."""
    src = CONFIGS[name].parent
    dst = tmp_path / name
    shutil.copytree(src, dst)
    text = (dst / "konfigurasi.toml").read_text(encoding="utf-8")
    (dst / "konfigurasi.toml").write_text(text.split("[presentasi]")[0], encoding="utf-8")
    return load_config(dst / "konfigurasi.toml")


def test_a_deployment_without_ska_or_programmes_has_no_such_slide_or_card(tmp_path):
    cfg = _without_presentasi(tmp_path, "ntb")  # the default sequence lists program and ska
    kinds = [s.kind for s in slides.slide_sequence(cfg)]
    assert "program" not in kinds and "ska" not in kinds
    assert kinds.count("klaster") == 8
    data = sample.make_sample(cfg)
    labels = [k.label for k in present.overview_kpis(data, cfg, figures.Filter("2025-12"))]
    assert labels == ["PMKS terdata", "PMKS dilayani", "Cakupan layanan", "PMKS per 10rb penduduk"]
    assert [m.kode for m in figures.map_measures(cfg)][:4] == ["terdata", "dilayani", "cakupan", "per10rb"]
    assert not {"capaian", "serapan"} & {m.kode for m in figures.map_measures(cfg)}  # no programmes


def test_the_main_deployment_keeps_its_ska_and_programmes(tmp_path):
    cfg = _without_presentasi(tmp_path, "dinsos")
    kinds = [s.kind for s in slides.slide_sequence(cfg)]
    assert "program" in kinds and "ska" in kinds
    labels = [k.label for k in present.overview_kpis(sample.make_sample(cfg), cfg, figures.Filter("2025-12"))]
    assert "Omzet SKA" in labels and "Penyerapan anggaran" in labels


def test_dataset_names_follow_the_categories_and_the_configuration(config_main, config_dinsos, config_ntb):
    assert present.dataset_name(load_config(config_main), "pas") == "PAS"
    assert present.dataset_name(load_config(config_dinsos), "pas") == "PMKS"  # its categories are PMKS
    ntb = load_config(config_ntb)
    assert present.dataset_name(ntb, "pas") == "PMKS"
    assert present.term(ntb, "layanan") == "Layanan rehabilitasi sosial"
    assert present.term(load_config(config_main), "layanan") == "Layanan ATENSI"


def test_one_province_coverage_compares_against_one_average(config_ntb, config_main):
    ntb = load_config(config_ntb)
    data = sample.make_sample(ntb)
    table = figures.compare_table(data, ntb, figures.Filter("2025-12"), ntb.kode_wilayah[:3])
    assert table.loc[table["jenis"] == "rata-rata", "nama"].tolist() == ["Rata-rata wilayah jangkauan"]
    main = load_config(config_main)
    table = figures.compare_table(sample.make_sample(main), main, figures.Filter("2025-12"), main.kode_wilayah[:2])
    assert any(n.startswith("Rata-rata Provinsi") for n in table["nama"])


# Numbers of months or districts in what people read: each must follow from the data or the configuration.
MONTHS = re.compile(r"(\d+) bulan")
DISTRICTS = re.compile(r"(\d+) (?:teratas dari )?(?:(\d+) )?kabupaten/kota")


def assert_numbers_follow_from_data(text: str, months: int, districts: int) -> None:
    for m in MONTHS.finditer(text):
        assert int(m.group(1)) <= months, (m.group(0), text[max(0, m.start() - 60) : m.end() + 20])
    for m in re.finditer(r"Tren (\d+) bulan", text):
        assert int(m.group(1)) == months, m.group(0)
    for m in DISTRICTS.finditer(text):
        for g in m.groups():
            if g:
                assert int(g) <= districts, (m.group(0), text[max(0, m.start() - 60) : m.end() + 20])


def _slide_texts(content) -> str:
    parts = [content.title, content.subtitle, content.note, content.empty, content.chart_title, content.table_title]
    parts += content.lines + [f"{k.label} {k.text} {k.help}" for k in content.kpis]
    if content.table is not None:
        parts += [" ".join(map(str, content.table.columns))] + [" ".join(map(str, r)) for r in content.table.values]
    if content.map is not None:
        parts.append(ranking.note(content.map.table))
    return "\n".join(p for p in parts if p)


@pytest.mark.parametrize("config", ["main", "ntb"])
def test_no_slide_promises_more_months_or_districts_than_the_data_holds(config):
    cfg = load_config(CONFIGS[config])
    data = sample.make_sample(cfg)
    periods = figures.periods(data)
    for slide in slides.slide_sequence(cfg):
        content = slides.slide_content(slide, data, cfg, figures.Filter(periods[-1]), TODAY)
        assert_numbers_follow_from_data(_slide_texts(content), len(periods), len(cfg.wilayah))


def test_the_district_the_presenter_chose_is_always_on_the_map_slides_ranking_with_its_rank():
    from lib import sample

    cfg = load_config()
    data = sample.make_sample(cfg)
    everyone = slides.map_data(data, cfg, figures.Filter(periode="2025-12")).table
    last = everyone.sort_values("peringkat")["kode_wilayah"].iloc[-1]  # ranked 23rd of 23
    peta = slides.map_data(data, cfg, figures.Filter(periode="2025-12", wilayah=last))
    shown = peta.ranking.table
    assert len(shown) == ranking.ROWS and shown["kode_wilayah"].iloc[-1] == last
    assert shown["teks"].iloc[-1].endswith(f"· ke-{len(everyone)}")
    name = cfg.wilayah.at[last, "nama_pendek"]
    note = ranking.note(peta.table, last)
    assert (
        note
        == f"Peringkat: {ranking.ROWS - 1} teratas dari {len(everyone)} kabupaten/kota, lalu {name} (ke-{len(everyone)})"
    )
    first = everyone.sort_values("peringkat")["kode_wilayah"].iloc[0]  # already on it: nothing changes
    assert (
        slides.map_data(data, cfg, figures.Filter(periode="2025-12", wilayah=first))
        .ranking.table["teks"]
        .str.contains("ke-")
        .sum()
        == 0
    )
