"""Program: renders on both configurations; the table and cards equal what the store holds for the filters."""

from __future__ import annotations

import pandas as pd
import pytest

from lib import figures, fmt
from lib.config import load_config
from tests.app.helpers import app, page_with_filters, shown_metrics, sql

PAGE = "views/program.py"


def _program(**filters):
    return page_with_filters(PAGE, **filters)


def _table(at):
    return at.dataframe[0].value


def _expected(db, periode, klaster=None, provinsi=None, wilayah=None):
    """Per programme at the period, summed over the filtered districts, computed with SQL on the store."""
    cfg = load_config()
    w = cfg.wilayah
    kodes = [wilayah] if wilayah else list(w.index[w["kode_provinsi"] == provinsi]) if provinsi else list(w.index)
    extra, params = ("AND klaster = ?", [klaster]) if klaster else ("", [])
    rows = sql(
        db,
        f"""SELECT kode_program, min(satuan), sum(target), sum(realisasi), sum(anggaran),
                              sum(realisasi_anggaran)
                       FROM kini_program WHERE periode = ? AND list_contains(?, kode_wilayah) {extra}
                       GROUP BY kode_program""",
        [periode, kodes] + params,
    )
    return {
        k: {
            "Realisasi": f"{fmt.angka(r)} dari {fmt.angka(t)} {s}",
            "Pagu": fmt.rupiah(a),
            "Terserap": fmt.rupiah(ra),
            "Capaian": round(100 * r / t, 1) if t else None,
            "Penyerapan": round(100 * ra / a, 1) if a else None,
        }
        for k, s, t, r, a, ra in rows
    }


@pytest.mark.parametrize("config", ["main", "dinsos"])
def test_program_page_renders_on_both_configurations(seeded, config):
    db = seeded(config)
    at = app().run().switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Program"
    periode = at.session_state["f_periode"]
    table = _table(at)
    n = sql(db, "SELECT count(DISTINCT kode_program) FROM kini_program WHERE periode = ?", [periode])[0][0]
    assert len(table) == n > 0
    assert len(at.get("vega_lite_chart")) == 1  # the timeline
    assert figures.KELAS_KENDALA in table["Status jadwal"].tolist()
    assert table["Status jadwal"].iloc[0] == figures.KELAS_KENDALA  # blocked first


@pytest.mark.parametrize(
    "filters",
    [
        {"periode": "2025-09"},
        {"periode": "2025-06", "klaster": "disabilitas"},
        {"periode": "2025-11", "provinsi": "81"},
        {"periode": "2025-05", "wilayah": "74.71"},
        {"periode": "2024-08", "provinsi": "74"},
    ],
)
def test_program_table_and_cards_equal_the_store_for_the_filters(seeded, filters):
    db = seeded("main")
    at = _program(**filters)
    assert not at.exception, at.exception
    table = _table(at).set_index("Kode")
    expected = _expected(db, **filters)
    assert set(table.index) == set(expected)
    for kode, values in expected.items():
        for column, value in values.items():
            shown = table.at[kode, column]
            assert shown == value or (value is None and pd.isna(shown)), (kode, column)
    cfg = load_config()
    w = cfg.wilayah
    kodes = (
        [filters["wilayah"]]
        if "wilayah" in filters
        else list(w.index[w["kode_provinsi"] == filters["provinsi"]])
        if "provinsi" in filters
        else list(w.index)
    )
    extra, params = ("AND klaster = ?", [filters["klaster"]]) if "klaster" in filters else ("", [])
    spent, budget = sql(
        db,
        f"SELECT sum(realisasi_anggaran), sum(anggaran) FROM kini_program WHERE periode = ? "
        f"AND list_contains(?, kode_wilayah) {extra}",
        [filters["periode"], kodes] + params,
    )[0]
    shown = shown_metrics(at)
    assert shown["Pagu anggaran"] == fmt.rupiah(budget)
    assert shown["Penyerapan anggaran"] == fmt.persen(spent / budget)
    assert shown["Program terlambat"].endswith(f"dari {len(expected)}")


def test_status_filter_by_widget_keeps_only_that_class_and_blocked_programmes_are_reported_blocked(seeded):
    db = seeded("main")
    at = _program(periode="2025-09")
    pills = at.pills(key="program_status")
    assert pills.options[0].startswith(figures.KELAS_KENDALA)  # most urgent first
    at = pills.set_value([figures.KELAS_KENDALA]).run()
    table = _table(at)
    assert set(table["Status jadwal"]) == {figures.KELAS_KENDALA}
    blocked = {
        k
        for (k,) in sql(
            db,
            "SELECT DISTINCT kode_program FROM kini_program WHERE periode = '2025-09' AND status = ?",
            [load_config().status_program[figures.STATUS_KENDALA]],
        )
    }
    assert set(table["Kode"]) == blocked
    at = at.pills(key="program_status").set_value([]).run()  # nothing chosen: everything again
    assert len(_table(at)) > len(table)


def test_per_district_toggle_shows_one_row_per_programme_and_district(seeded):
    db = seeded("main")
    at = _program(periode="2025-09")
    at = at.toggle(key="program_per_wilayah").set_value(True).run()
    table = _table(at)
    n = sql(db, "SELECT count(*) FROM kini_program WHERE periode = '2025-09'")[0][0]
    assert len(table) == n
    cfg = load_config()
    one = sql(
        db,
        "SELECT kode_wilayah, realisasi, target, satuan FROM kini_program WHERE periode = '2025-09' "
        "AND kode_program = 'PRG-2502' ORDER BY kode_wilayah LIMIT 1",
    )[0]
    row = table[(table["Kode"] == "PRG-2502") & (table["Wilayah"] == cfg.wilayah.at[one[0], "nama_pendek"])]
    assert row["Realisasi"].tolist() == [f"{fmt.angka(one[1])} dari {fmt.angka(one[2])} {one[3]}"]


def test_a_year_without_programmes_says_so_instead_of_zeros(seeded):
    db = seeded("main")
    first = sql(db, "SELECT min(periode) FROM kini_pas")[0][0]
    assert sql(db, "SELECT count(*) FROM kini_program WHERE periode = ?", [first])[0][0] > 0
    at = _program(periode=first, wilayah="81.06")  # no programme there in 2024
    assert not at.exception
    assert any("Tidak ada data program" in i.value for i in at.info)
    assert set(shown_metrics(at).values()) == {fmt.TIDAK_ADA_DATA}
