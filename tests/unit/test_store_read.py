"""The store's read path: the current values the dashboard holds (an anti-join over the batches, through Arrow,
code columns as categoricals) are what the database's own current-value views hold, on both backends."""

from __future__ import annotations

import duckdb
import pandas as pd
import pandas.testing as pdt

from lib import store
from lib.config import load_config
from lib.sample import seed
from lib.store import frames, save_batch
from tests.conftest import query
from tests.principals import admin

KEY = ["periode", "kode_wilayah", "kategori_pas"]


def pas(*rows: tuple[str, str, str, int, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[*KEY, "terdata", "dilayani"])


def test_current_values_are_the_views_rows_after_overlapping_batches_and_rollbacks(db):
    who = admin("operator")
    save_batch("pas", pas(("2025-01", "74.71", "anak", 100, 50), ("2025-01", "74.02", "anak", 40, 10)), who, path=db)
    second = save_batch(
        "pas", pas(("2025-01", "74.71", "anak", 120, 60), ("2025-02", "74.71", "anak", 5, 1)), who, path=db
    )
    save_batch("pas", pas(("2025-01", "74.02", "anak", 41, 11)), who, path=db)
    third_over_second = save_batch("pas", pas(("2025-02", "74.71", "anak", 7, 2)), who, path=db)
    store.rollback_batch(third_over_second, who, path=db)

    view = query(db, "SELECT periode, kode_wilayah, kategori_pas, terdata, dilayani FROM kini_pas ORDER BY 1, 2, 3")
    got = store.current("pas", db)
    assert [tuple(r) for r in got.itertuples(index=False)] == view
    assert view == [
        ("2025-01", "74.02", "anak", 41, 11),
        ("2025-01", "74.71", "anak", 120, 60),
        ("2025-02", "74.71", "anak", 5, 1),
    ]
    store.rollback_batch(second, who, path=db)
    assert store.current("pas", db)["terdata"].tolist() == [41, 100]
    fresh = store.freshness(db).set_index("dataset")
    assert fresh.at["pas", "baris"] == 2


def test_the_dashboards_copy_has_categorical_codes_and_the_same_values_on_both_backends(
    duckdb_db, pg_database, config_dinsos
):
    url = pg_database()
    cfg = load_config(config_dinsos)
    for path in (duckdb_db, url):
        seed(path, cfg=cfg)
    text = store.current_all(duckdb_db)
    duck, pg = store.current_all(duckdb_db, categories=True), store.current_all(url, categories=True)
    for name in store.DATASETS:
        pdt.assert_frame_equal(pg[name], duck[name], obj=name)
        cats = frames.category_columns(store.dataset(name))
        assert [c for c in duck[name].columns if duck[name][c].dtype == "category"] == cats
        pdt.assert_frame_equal(duck[name].astype(dict.fromkeys(cats, "str")), text[name], obj=name)
    assert frames.category_columns(store.dataset("layanan")) == [
        "kode_wilayah",
        "kategori_pas",
        "jenis_layanan",
        "pendekatan",
    ]
    codes = duck["pas"]["kode_wilayah"].cat.categories.tolist()
    assert codes == sorted(codes)  # sorting by the column sorts as text


def test_postgresql_results_read_in_chunks_are_whole(duckdb_db, pg_database, config_dinsos, monkeypatch):
    from lib.store import postgres_backend

    monkeypatch.setattr(postgres_backend, "CHUNK_ROWS", 7)  # many chunks, the last one short
    url = pg_database()
    cfg = load_config(config_dinsos)
    for path in (duckdb_db, url):
        seed(path, cfg=cfg)
    duck, pg = store.current_all(duckdb_db), store.current_all(url)
    for name in store.DATASETS:
        pdt.assert_frame_equal(pg[name], duck[name], obj=name)
    assert len(pg["pas"]) > 7 * 100


def test_frames_through_arrow_have_the_dtypes_of_duckdbs_own_conversion():
    con = duckdb.connect()
    values = """SELECT * FROM (VALUES (1::BIGINT, 'a', NULL::VARCHAR, DATE '2024-01-02', 2::INTEGER, NULL::BIGINT,
                                       TIMESTAMP '2024-01-01 10:00', TRUE, FALSE, 1.5::DOUBLE),
                                      (NULL, NULL, NULL, NULL, 3, NULL, NULL, NULL, TRUE, NULL))
                t(a, b, c, d, e, f, g, h, i, j)"""
    for sql in (values, values + " WHERE e = 2", values + " WHERE FALSE"):
        pdt.assert_frame_equal(frames.from_arrow(con.sql(sql).to_arrow_table()), con.execute(sql).df())
