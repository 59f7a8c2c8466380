"""Klaster (drill-down): renders on both configurations, drills klaster → group → district → services by widget
key with the path in the URL, goes back by the breadcrumbs, and shows what the store holds."""

from __future__ import annotations

import pytest

from lib import fmt
from lib.config import load_config
from tests.app.helpers import app, sql

PAGE = "views/klaster.py"


def open_klaster(**query):
    at = app(**query).run()
    return at.switch_page(PAGE).run()


def drill(at, level: int, choice: str):
    """Choose `choice` in the level's drill widget (pills for a few items, a selectbox for many)."""
    pills = [p for p in at.get("button_group") if p.key == f"rinci_{level}"]
    widget = at.pills(key=f"rinci_{level}") if pills else at.selectbox(key=f"rinci_{level}")
    return widget.set_value(choice).run()


def shown_table(at) -> dict[str, list[str]]:
    df = at.dataframe[0].value
    return {row.iloc[1]: row.tolist() for _, row in df.iterrows()}


def crumbs(at) -> list[str]:
    return [b.label for b in at.button if (b.key or "").startswith("jejak_")]


@pytest.mark.parametrize("config", ["main", "dinsos", "ntb"])
def test_klaster_page_renders_every_klaster_with_the_stores_figures(seeded, config):
    db = seeded(config)
    cfg = load_config()
    at = open_klaster()
    assert not at.exception, at.exception
    assert at.title[0].value == "Klaster"
    periode = at.session_state["f_periode"]
    table = shown_table(at)
    assert len(table) == len(cfg.klaster)
    for k in cfg.klaster:
        kats = [c.kode for c in cfg.kategori if c.klaster == k.kode]
        t, d = sql(
            db,
            "SELECT sum(terdata), sum(dilayani) FROM kini_pas WHERE periode = ? AND list_contains(?, kategori_pas)",
            [periode, kats],
        )[0]
        assert table[k.pendek][2:5] == [fmt.angka(t), fmt.angka(d), fmt.persen(d / t)], k.kode
    assert len(at.get("vega_lite_chart")) == 2  # the ranked bars and the 24-month trend


def test_drilling_down_by_widget_key_puts_the_path_in_the_url_and_shows_each_levels_figures(seeded):
    db = seeded("main")
    cfg = load_config()
    at = open_klaster(periode="2025-06")

    at = drill(at, 0, "rentan")
    assert at.query_params["klaster"] == "rentan" and at.session_state["f_klaster"] == "rentan"
    groups = [c for c in cfg.kategori if c.klaster == "rentan"]
    assert len(shown_table(at)) == len(groups)
    assert crumbs(at) == ["Semua klaster"]

    at = drill(at, 1, "fakir_miskin")
    assert at.query_params["kategori"] == "fakir_miskin"
    table = shown_table(at)
    assert len(table) == len(cfg.wilayah)  # every district for the group, ranked
    rows = sql(
        db,
        "SELECT kode_wilayah, terdata, dilayani FROM kini_pas WHERE periode = '2025-06' "
        "AND kategori_pas = 'fakir_miskin' ORDER BY terdata DESC",
    )
    first = at.dataframe[0].value.iloc[0]
    assert first.iloc[1] == cfg.wilayah.at[rows[0][0], "nama_pendek"] and first.iloc[0] == "1"
    for kode, t, d in rows[:5]:
        assert table[cfg.wilayah.at[kode, "nama_pendek"]][2:5] == [fmt.angka(t), fmt.angka(d), fmt.persen(d / t)]

    at = drill(at, 2, "74.04")
    assert at.query_params["wilayah"] == "74.04" and at.session_state["f_wilayah"] == "74.04"
    assert at.subheader[0].value.endswith(cfg.nama_wilayah("74.04"))
    services = at.dataframe[0].value.set_index("Jenis layanan")
    for jenis, total in sql(
        db,
        "SELECT jenis_layanan, sum(penerima) FROM kini_layanan WHERE periode = '2025-06' "
        "AND kode_wilayah = '74.04' AND kategori_pas = 'fakir_miskin' GROUP BY 1",
    ):
        assert services.at[cfg.label("jenis_layanan", jenis), "Jumlah"] == fmt.angka(total)
    assert crumbs(at) == ["Semua klaster", cfg.label("klaster", "rentan"), cfg.label("kategori", "fakir_miskin")]
    profile = at.get("page_link")
    assert any("74.04" in str(p.proto) for p in profile)  # the way to the district's profile

    at.button(key="jejak_2").click().run()  # back to the districts of the group
    assert "wilayah" not in at.query_params and at.query_params["kategori"] == "fakir_miskin"
    at.button(key="jejak_0").click().run()  # back to the top
    assert "klaster" not in at.query_params and "kategori" not in at.query_params
    assert len(shown_table(at)) == len(cfg.klaster)


def test_a_bookmarked_drill_path_opens_at_its_level(seeded):
    db = seeded("main")
    cfg = load_config()
    at = open_klaster(periode="2025-03", klaster="anak", kategori="anak_rentan", wilayah="74.71")
    assert not at.exception
    assert at.subheader[0].value == (
        f"Layanan ATENSI: {cfg.label('kategori', 'anak_rentan')} di {cfg.nama_wilayah('74.71')}"
    )
    total = sql(
        db,
        "SELECT sum(penerima) FROM kini_layanan WHERE periode = '2025-03' AND kode_wilayah = '74.71' "
        "AND kategori_pas = 'anak_rentan'",
    )[0][0]
    shown = at.dataframe[0].value["Jumlah"].map(lambda s: int(s.replace(".", ""))).sum()
    assert shown == total


def test_a_group_outside_the_chosen_klaster_is_dropped_from_the_path(seeded):
    seeded("main")
    at = open_klaster(klaster="anak", kategori="fakir_miskin")  # fakir miskin is not in klaster anak
    assert "kategori" not in at.query_params
    assert at.subheader[0].value.endswith(load_config().label("klaster", "anak"))


def test_a_group_with_no_services_reported_says_so_instead_of_zeros(seeded):
    db = seeded("main")
    sql(db, "DELETE FROM data_layanan WHERE periode = '2025-03' AND kode_wilayah = '74.71'")
    at = open_klaster(periode="2025-03", klaster="anak", kategori="anak_rentan", wilayah="74.71")
    assert any("Tidak ada data layanan" in i.value for i in at.info)
    assert at.dataframe[0].value.iloc[0, 0] == fmt.TIDAK_ADA_DATA


def test_the_second_configuration_drills_into_its_own_clusters(seeded):
    seeded("dinsos")
    cfg = load_config()
    at = open_klaster()
    first = cfg.klaster[0]
    at = drill(at, 0, first.kode)
    assert not at.exception
    groups = [c.pendek for c in cfg.kategori if c.klaster == first.kode]
    assert sorted(shown_table(at)) == sorted(groups)
