"""The versioned store: all-or-nothing batches, rollback, history, schema version, sample-data marking.

Every test uses a fresh database file (`db` fixture) and builds its rows here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from lib import store
from lib.config import load_config
from lib.errors import Refused, UserError
from lib.sample import seed
from lib.store import NewBatch, save_batch, save_batches
from tests.conftest import DB_ERRORS, query
from tests.principals import admin

PAS_KEY = ["periode", "kode_wilayah", "kategori_pas"]


def pas(*rows: tuple[str, str, str, int, int]) -> pd.DataFrame:
    """PAS rows as (periode, kode_wilayah, kategori_pas, terdata, dilayani)."""
    return pd.DataFrame(rows, columns=[*PAS_KEY, "terdata", "dilayani"])


def ska(*rows: tuple[str, str, int, int, int, int]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["periode", "unit", "pengunjung", "produk_terjual", "omzet", "laba_kotor"])


FIRST = pas(
    ("2025-01", "74.71", "anak_rentan", 100, 50),
    ("2025-01", "74.71", "disabilitas", 200, 80),
    ("2025-01", "74.02", "anak_rentan", 40, 10),
)


def values(df: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by key, index reset, so frames read back in different orders compare equal."""
    return df.sort_values(list(df.columns[:3])).reset_index(drop=True)


def batch(db: str, batch_id: int) -> pd.Series:
    h = store.history(db)
    return h.set_index("id").loc[batch_id]


# (a) all or nothing ------------------------------------------------------------------------------------------

BAD_SECOND_BATCHES = {
    "negative_count": NewBatch("ska", ska(("2025-01", "SKA Uji", 100, -1, 3_000_000, 900_000))),
    "duplicate_key": NewBatch(
        "pas", pas(("2025-02", "74.05", "fakir_miskin", 10, 5), ("2025-02", "74.05", "fakir_miskin", 11, 6))
    ),
}


@pytest.mark.parametrize("bad", BAD_SECOND_BATCHES.values(), ids=BAD_SECOND_BATCHES.keys())
def test_write_failing_half_way_into_empty_database_leaves_nothing_behind(db, bad):
    good = NewBatch("pas", FIRST)
    with pytest.raises(DB_ERRORS):
        save_batches([good, bad], pengguna=admin("operator"), path=db)
    assert store.history(db).empty
    assert store.current("pas", db).empty
    assert store.current("ska", db).empty
    assert store.history(db).empty


@pytest.mark.parametrize("bad", BAD_SECOND_BATCHES.values(), ids=BAD_SECOND_BATCHES.keys())
def test_write_failing_half_way_leaves_earlier_data_and_history_unchanged(db, bad):
    save_batch("pas", FIRST, pengguna=admin("operator"), path=db)
    history_before = store.history(db)
    pas_before = store.current("pas", db)
    token_before = store.state_token(db)

    changed = pas(("2025-01", "74.71", "anak_rentan", 999, 999), ("2025-03", "74.72", "lansia_terlantar", 5, 5))
    with pytest.raises(DB_ERRORS):
        save_batches([NewBatch("pas", changed), bad], pengguna=admin("operator"), path=db)

    pdt.assert_frame_equal(store.history(db), history_before)
    pdt.assert_frame_equal(store.current("pas", db), pas_before)
    assert store.current("ska", db).empty
    assert store.state_token(db) == token_before


def test_several_datasets_saved_together_all_arrive(db):
    units = ska(("2025-01", "SKA Uji", 100, 60, 3_000_000, 900_000))
    ids = save_batches([NewBatch("pas", FIRST), NewBatch("ska", units)], pengguna=admin("operator"), path=db)
    assert len(ids) == 2
    assert list(store.history(db).sort_values("id")["dataset"]) == ["pas", "ska"]
    assert len(store.current("pas", db)) == 3
    pdt.assert_frame_equal(store.current("ska", db), units, check_dtype=False)


# (b) rollback ------------------------------------------------------------------------------------------------


def test_rollback_restores_previous_values_exactly(db):
    save_batch("pas", FIRST, pengguna=admin("operator"), path=db)
    before = store.current("pas", db)
    second = pas(
        ("2025-01", "74.71", "anak_rentan", 120, 60),  # changed
        ("2025-01", "74.02", "anak_rentan", 40, 10),  # same
        ("2025-02", "74.71", "anak_rentan", 130, 70),  # new key
    )
    second_id = save_batch("pas", second, pengguna=admin("operator"), path=db)
    after = store.current("pas", db)
    assert len(after) == 4
    assert after.set_index(PAS_KEY).loc[("2025-01", "74.71", "anak_rentan"), "terdata"] == 120

    undone = store.rollback_batch(second_id, pengguna=admin("kepala seksi"), path=db)

    assert undone == {"id": second_id, "dataset": "pas"}
    pdt.assert_frame_equal(store.current("pas", db), before)


def test_rollback_keeps_the_undone_batch_in_history_marked_inactive(db):
    first_id = save_batch("pas", FIRST, pengguna=admin("operator"), path=db)
    second_id = save_batch("pas", pas(("2025-01", "74.71", "anak_rentan", 1, 1)), pengguna=admin("operator"), path=db)
    store.rollback_batch(second_id, pengguna=admin("kepala seksi"), path=db)

    assert batch(db, first_id)["aktif"]
    undone = batch(db, second_id)
    assert not undone["aktif"]
    assert undone["dibatalkan_oleh"] == "kepala seksi"
    assert pd.notna(undone["dibatalkan_pada"])
    # the rows of the undone batch are still stored
    assert store.batch_changes(second_id, db)["terdata"].tolist() == [1]


def test_rollback_of_an_older_batch_keeps_newer_values(db):
    first_id = save_batch("pas", FIRST, pengguna=admin("operator"), path=db)
    newer = pas(("2025-01", "74.71", "anak_rentan", 150, 75))
    save_batch("pas", newer, pengguna=admin("operator"), path=db)

    store.rollback_batch(first_id, pengguna=admin("operator"), path=db)

    pdt.assert_frame_equal(store.current("pas", db), newer, check_dtype=False)


# (c) batches on different keys --------------------------------------------------------------------------------


def test_batches_touching_different_keys_both_stay_current(db):
    kendari = pas(("2025-01", "74.71", "anak_rentan", 100, 50))
    tual = pas(("2025-01", "81.02", "anak_rentan", 30, 12))
    save_batch("pas", kendari, pengguna=admin("operator kota"), path=db)
    save_batch("pas", tual, pengguna=admin("operator kabupaten"), path=db)

    got = store.current("pas", db)
    pdt.assert_frame_equal(values(got), values(pd.concat([kendari, tual])), check_dtype=False)


# (d) reopening -----------------------------------------------------------------------------------------------


def test_reopening_the_file_gives_the_same_answers(duckdb_db, tmp_path):
    db = duckdb_db
    save_batch("pas", FIRST, pengguna=admin("operator"), path=db)
    second_id = save_batch("pas", pas(("2025-01", "74.71", "anak_rentan", 1, 1)), pengguna=admin("operator"), path=db)
    store.rollback_batch(second_id, pengguna=admin("operator"), path=db)
    answers = (store.current_all(db), store.history(db), store.state_token(db), store.freshness(db))

    # every call above opened and closed the file; a copy of what is on disk must answer the same
    copy = tmp_path / "salinan.duckdb"
    shutil.copy(db, copy)
    if Path(db + ".wal").exists():
        shutil.copy(db + ".wal", str(copy) + ".wal")

    for path in (db, str(copy)):
        current_all, history, token, freshness = (
            store.current_all(path),
            store.history(path),
            store.state_token(path),
            store.freshness(path),
        )
        for name, df in answers[0].items():
            pdt.assert_frame_equal(current_all[name], df)
        pdt.assert_frame_equal(history, answers[1])
        assert token == answers[2]
        pdt.assert_frame_equal(freshness, answers[3])


def test_database_location_comes_from_atensi_db(db):
    save_batch("pas", FIRST, pengguna=admin("operator"))  # no path: ATENSI_DB, set by the fixture
    assert store.is_server(db) or Path(db).exists()
    assert len(store.current("pas", db)) == 3


# (e) counts --------------------------------------------------------------------------------------------------


def test_batch_records_how_many_rows_are_new_changed_and_unchanged(db):
    first_id = save_batch(
        "pas", FIRST, pengguna=admin("operator"), nama_berkas="pas_januari.xlsx", sha256="ab" * 32, path=db
    )
    second = pas(
        ("2025-01", "74.71", "anak_rentan", 100, 50),  # unchanged
        ("2025-01", "74.71", "disabilitas", 200, 81),  # changed (dilayani)
        ("2025-02", "74.71", "anak_rentan", 90, 40),  # new
        ("2025-02", "74.02", "anak_rentan", 41, 11),  # new
    )
    second_id = save_batch("pas", second, pengguna=admin("operator 2"), path=db)

    first, latest = batch(db, first_id), batch(db, second_id)
    assert (first["baris_baru"], first["baris_berubah"], first["baris_sama"]) == (3, 0, 0)
    assert (latest["baris_baru"], latest["baris_berubah"], latest["baris_sama"]) == (2, 1, 1)
    assert first["nama_berkas"] == "pas_januari.xlsx"
    assert first["sha256"] == "ab" * 32
    assert latest["pengguna"] == "operator 2"
    assert latest["dataset"] == "pas"
    assert not latest["contoh"]


def test_compare_rows_shows_old_values_of_changed_rows(db):
    save_batch("pas", FIRST, pengguna=admin("operator"), path=db)
    incoming = pas(("2025-01", "74.71", "disabilitas", 210, 80))
    with store.connect(db) as con:
        cmp = store.compare_rows(con, store.dataset("pas"), incoming)
    row = cmp.changed.iloc[0]
    assert row["perubahan"] == "berubah"
    assert (row["terdata"], row["lama_terdata"]) == (210, 200)
    assert cmp.count("berubah") == 1 and cmp.count("baru") == 0


# (f) state token ---------------------------------------------------------------------------------------------


def test_state_token_changes_after_a_save_and_after_a_rollback(db):
    empty = store.state_token(db)
    batch_id = save_batch("pas", FIRST, pengguna=admin("operator"), path=db)
    saved = store.state_token(db)
    store.rollback_batch(batch_id, pengguna=admin("operator"), path=db)
    rolled_back = store.state_token(db)

    assert len({empty, saved, rolled_back}) == 3
    assert store.state_token(db) == rolled_back  # reading does not change it


def test_stamp_changes_with_every_write_and_not_with_reads(db):
    stamps = [store.stamp(db)]
    batch_id = save_batch("pas", FIRST, pengguna=admin("operator"), path=db)
    stamps.append(store.stamp(db))
    store.history(db), store.current_all(db), store.state_token(db)
    assert store.stamp(db) == stamps[-1]
    store.rollback_batch(batch_id, pengguna=admin("operator"), path=db)
    stamps.append(store.stamp(db))
    assert len(set(stamps)) == 3


def test_both_backends_give_the_same_frames_for_the_same_history(duckdb_db, pg_database, config_dinsos):
    url = pg_database()
    cfg = load_config(config_dinsos)
    for path in (duckdb_db, url):
        seed(path, cfg=cfg)
        store.rollback_batch(2, pengguna=admin("operator"), path=path)
    duck, pg = store.current_all(duckdb_db), store.current_all(url)
    for name in store.DATASETS:
        pdt.assert_frame_equal(pg[name], duck[name], obj=name)  # values and dtypes
    clock = ["waktu", "dibatalkan_pada"]  # the clock differs between the two writes
    pdt.assert_frame_equal(store.history(url).drop(columns=clock), store.history(duckdb_db).drop(columns=clock))
    pdt.assert_frame_equal(store.freshness(url).drop(columns="waktu"), store.freshness(duckdb_db).drop(columns="waktu"))
    pdt.assert_frame_equal(store.batch_changes(1, url), store.batch_changes(1, duckdb_db))


# (g) rollback errors -----------------------------------------------------------------------------------------


def test_rolling_back_an_unknown_batch_is_a_user_error(db):
    save_batch("pas", FIRST, pengguna=admin("operator"), path=db)
    with pytest.raises(UserError) as e:
        store.rollback_batch(999, pengguna=admin("operator"), path=db)
    assert e.value.title == "Batch tidak ditemukan"
    assert "999" in e.value.message
    assert isinstance(e.value, Refused)  # the command line exits 1


def test_rolling_back_a_batch_twice_is_a_user_error_and_changes_nothing(db):
    batch_id = save_batch("pas", FIRST, pengguna=admin("operator"), path=db)
    store.rollback_batch(batch_id, pengguna=admin("operator"), path=db)
    history = store.history(db)

    with pytest.raises(UserError) as e:
        store.rollback_batch(batch_id, pengguna=admin("orang lain"), path=db)

    assert e.value.title == "Batch sudah dibatalkan"
    assert str(batch_id) in e.value.message
    pdt.assert_frame_equal(store.history(db), history)


def test_rows_of_an_unknown_batch_is_a_user_error(db):
    with pytest.raises(UserError):
        store.batch_changes(42, db)


def test_unknown_dataset_is_a_user_error(db):
    with pytest.raises(UserError) as e:
        store.current("penerima_bansos", db)
    assert "penerima_bansos" in e.value.message


# (h) migrations ----------------------------------------------------------------------------------------------


def test_database_from_a_newer_version_is_refused_with_a_user_error(db):
    query(db, "CREATE TABLE meta (kunci VARCHAR PRIMARY KEY, nilai VARCHAR)")
    query(db, "INSERT INTO meta VALUES ('schema_version', '99')")

    with pytest.raises(UserError) as e:
        store.history(db)
    assert e.value.title == "Database dari versi lebih baru"
    assert "99" in e.value.message


def test_migrating_twice_is_a_no_op(db):
    with store.connect(db) as con:
        assert store.migrate(con) == 0  # a new file
        tables = con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()
        assert store.migrate(con) == store.SCHEMA_VERSION
        assert con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall() == tables
        assert store.schema_version(con) == store.SCHEMA_VERSION
    store.init_db(db)
    store.init_db(db)
    assert store.history(db).empty
    assert save_batch("pas", FIRST, pengguna=admin("operator"), path=db) == 1


# (i) freshness and sample data -------------------------------------------------------------------------------


def test_freshness_counts_sample_rows_until_a_real_batch_supersedes_them(db, config_main):
    seed(db, cfg=load_config(config_main))
    fresh = store.freshness(db).set_index("dataset")
    assert list(fresh.index) == list(store.DATASETS)
    assert (fresh["baris"] > 0).all()
    assert (fresh["baris_contoh"] == fresh["baris"]).all()
    assert (fresh["pengguna"] == "data contoh").all()
    assert store.history(db)["contoh"].all()

    real = store.current("pas", db)
    real["terdata"] = real["terdata"] + 1
    real_id = save_batch("pas", real, pengguna=admin("operator"), nama_berkas="pas.xlsx", path=db)

    after = store.freshness(db).set_index("dataset")
    assert after.loc["pas", "baris"] == fresh.loc["pas", "baris"]
    assert after.loc["pas", "baris_contoh"] == 0
    assert after.loc["pas", "batch_id"] == real_id
    assert after.loc["pas", "nama_berkas"] == "pas.xlsx"
    others = [name for name in store.DATASETS if name != "pas"]
    pdt.assert_frame_equal(after.loc[others], fresh.loc[others])


def test_freshness_of_an_empty_database_has_every_dataset_with_no_rows(db):
    fresh = store.freshness(db)
    assert list(fresh["dataset"]) == list(store.DATASETS)
    assert (fresh["baris"] == 0).all()
    assert fresh["batch_id"].isna().all()


def test_seeded_sample_of_the_second_configuration_is_stored_as_generated(db, config_dinsos):
    from lib.sample import make_sample

    cfg = load_config(config_dinsos)
    seed(db, cfg=cfg)
    stored = store.current("pas", db)
    expected = make_sample(cfg)["pas"].sort_values(PAS_KEY).reset_index(drop=True)
    pdt.assert_frame_equal(stored, expected, check_dtype=False)


def test_the_schema_version_is_the_last_migration_and_a_new_database_has_every_table(db):
    assert store.SCHEMA_VERSION == max(store.MIGRATIONS) and sorted(store.MIGRATIONS) == list(
        range(1, store.SCHEMA_VERSION + 1)
    )
    assert store.history(db).empty  # opens (and so makes) the database
    tables = {r[0] for r in query(db, "SELECT table_name FROM information_schema.tables")}
    assert {f"data_{name}" for name in store.DATASETS} | {"rapat", "batch", "akun", "audit"} <= tables
