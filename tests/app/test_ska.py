"""SKA: renders on both configurations; the month's cards, year on year, equal the store; district filters do not apply."""

from __future__ import annotations

import pytest

from lib import fmt, store
from lib.periode import previous, shift
from tests.app.helpers import app, page_with_filters, shown_metrics, sql
from tests.principals import admin

PAGE = "views/ska.py"


def _ska(**filters):
    return page_with_filters(PAGE, **filters)


def _month(db, periode):
    return sql(
        db,
        "SELECT sum(pengunjung), sum(produk_terjual), sum(omzet), sum(laba_kotor) FROM kini_ska WHERE periode = ?",
        [periode],
    )[0]


@pytest.mark.parametrize("config", ["main", "dinsos"])
def test_ska_page_renders_on_both_configurations(seeded, config):
    db = seeded(config)
    at = app().run().switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value.endswith("(SKA)")
    visitors = _month(db, at.session_state["f_periode"])[0]
    assert shown_metrics(at)["Pengunjung"] == fmt.angka(visitors)
    assert len(at.get("vega_lite_chart")) == 2


@pytest.mark.parametrize("periode", ["2025-12", "2025-03", "2024-07"])
def test_ska_cards_equal_the_store_with_the_month_before_and_year_on_year_on_its_own_card(seeded, periode):
    db = seeded("main")
    at = _ska(periode=periode)
    visitors, _, omzet, laba = _month(db, periode)
    month_before = _month(db, previous(periode))
    year_ago = _month(db, shift(periode, -12))
    cards = {m.label: m for m in at.metric}
    assert cards["Pengunjung"].value == fmt.angka(visitors)
    assert cards["Omzet SKA"].value == fmt.rupiah(omzet)
    assert cards["Laba kotor"].value == fmt.rupiah(laba)
    assert cards["Margin laba kotor"].value == fmt.persen(laba / omzet)
    assert cards["Omzet SKA"].delta == fmt.ubah_persen((omzet - month_before[2]) / month_before[2])
    assert cards["Margin laba kotor"].delta == fmt.ubah_poin(laba / omzet - month_before[3] / month_before[2])
    yoy = cards[f"Omzet dibanding {fmt.bulan(shift(periode, -12))}"]
    if year_ago[0] is None:  # the first year: nothing to compare with
        assert yoy.value == fmt.TIDAK_ADA_DATA
    else:
        assert yoy.value == fmt.ubah_persen(omzet / year_ago[2] - 1)
    assert not yoy.delta  # year-on-year is the figure itself, with no second change under it


def test_year_to_date_table_equals_the_store(seeded):
    db = seeded("main")
    at = _ska(periode="2025-06")
    table = at.dataframe[0].value.set_index("Ukuran")
    now = sql(db, "SELECT sum(produk_terjual), sum(omzet) FROM kini_ska WHERE periode BETWEEN '2025-01' AND '2025-06'")[
        0
    ]
    last = sql(
        db, "SELECT sum(produk_terjual), sum(omzet) FROM kini_ska WHERE periode BETWEEN '2024-01' AND '2024-06'"
    )[0]
    assert table.loc["Produk terjual"].tolist() == [
        fmt.angka(now[0]),
        fmt.angka(last[0]),
        fmt.ubah_persen((now[0] - last[0]) / last[0]),
    ]
    assert table.loc["Omzet"].tolist()[:2] == [fmt.rupiah(now[1]), fmt.rupiah(last[1])]


def test_district_and_klaster_filters_do_not_change_ska_and_the_page_says_so(seeded):
    seeded("main")
    everywhere = shown_metrics(_ska(periode="2025-09"))
    at = _ska(periode="2025-09", klaster="anak", wilayah="74.71")
    assert shown_metrics(at) == everywhere
    assert any("tidak berlaku" in c.value for c in at.caption)


def test_choosing_a_measure_redraws_the_year_on_year_chart(seeded):
    seeded("main")
    at = _ska(periode="2025-09")
    at = at.segmented_control(key="ska_ukuran").set_value("omzet").run()
    spec = at.get("vega_lite_chart")[1].proto.spec
    assert "Omzet (juta rupiah)" in spec
    assert "2024" in spec and "2025" in spec


def test_without_ska_data_the_page_says_so(seeded):
    db = seeded("main")
    for (batch,) in sql(db, "SELECT id FROM batch WHERE dataset = 'ska'"):
        store.rollback_batch(batch, admin("uji"), path=db)
    at = _ska(periode="2025-09")
    assert not at.exception
    assert any("Belum ada data SKA" in i.value for i in at.info)
