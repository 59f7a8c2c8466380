"""Two imports at once: they take turns, both batches are recorded in order, and each reports what it changed
relative to what was stored when it wrote; an import checked against a preview the data has since outgrown is
refused, changing nothing."""

from __future__ import annotations

import threading

import pytest

from lib import store
from lib.errors import Refused
from lib.ingest import import_upload, preview_upload
from tests.principals import admin
from tests.unit.uploads import PAS_HEADER, xlsx

FIRST = [PAS_HEADER, ["2025-03", "74.71", "anak_rentan", 10, 5], ["2025-03", "74.02", "anak_rentan", 20, 12]]
SECOND = [
    PAS_HEADER,
    ["2025-03", "74.71", "anak_rentan", 10, 5],
    ["2025-03", "74.02", "anak_rentan", 25, 12],
    ["2025-03", "74.03", "anak_rentan", 8, 4],
]


def counts(cmp: store.Comparison) -> tuple[int, int, int]:
    return cmp.count("baru"), cmp.count("berubah"), cmp.count("sama")


def test_two_imports_started_at_once_take_turns_and_the_second_reports_its_changes_relative_to_the_first(db):
    store.init_db()
    files = {"pertama.xlsx": xlsx({"PAS": FIRST}), "kedua.xlsx": xlsx({"PAS": SECOND})}
    start, outcomes, errors = threading.Barrier(2), {}, []

    def run(name: str) -> None:
        try:
            start.wait()
            outcomes[name] = import_upload(files[name], name, user=admin(name))
        except Exception as e:  # pragma: no cover - shown by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(n,)) for n in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    history = store.history().sort_values("id")
    assert len(history) == 2
    first, second = history["nama_berkas"].tolist()
    # Whichever wrote first found an empty store; the other's counts are relative to it.
    expected = {
        ("pertama.xlsx", "kedua.xlsx"): [(2, 0, 0), (1, 1, 1)],
        ("kedua.xlsx", "pertama.xlsx"): [(3, 0, 0), (0, 1, 1)],
    }[(first, second)]
    assert [counts(outcomes[n].comparisons["pas"]) for n in (first, second)] == expected
    recorded = history[["baris_baru", "baris_berubah", "baris_sama"]].itertuples(index=False)
    assert [tuple(int(v) for v in r) for r in recorded] == expected
    assert outcomes[second].batch_ids[0] > outcomes[first].batch_ids[0]
    winner = SECOND if second == "kedua.xlsx" else FIRST
    got = store.current("pas").set_index("kode_wilayah")["terdata"].to_dict()
    assert got["74.02"] == winner[2][3]


def test_an_import_checked_against_an_outdated_preview_is_refused_and_changes_nothing(db):
    store.init_db()
    preview = preview_upload(xlsx({"PAS": SECOND}), "kedua.xlsx")
    assert counts(preview.comparisons["pas"]) == (3, 0, 0)
    import_upload(xlsx({"PAS": FIRST}), "pertama.xlsx", user=admin("lain"))  # someone else, meanwhile
    before = store.history()
    with pytest.raises(store.StateChanged) as e:
        import_upload(xlsx({"PAS": SECOND}), "kedua.xlsx", user=admin("saya"), expect_state=preview.state)
    assert isinstance(e.value, Refused)  # the command line exits 1
    assert e.value.title == "Data berubah sejak pratinjau"
    assert len(store.history()) == len(before)
    again = preview_upload(xlsx({"PAS": SECOND}), "kedua.xlsx")  # the fresh preview: relative to the other import
    assert counts(again.comparisons["pas"]) == (1, 1, 1)
    done = import_upload(xlsx({"PAS": SECOND}), "kedua.xlsx", user=admin("saya"), expect_state=again.state)
    assert counts(done.comparisons["pas"]) == (1, 1, 1) and len(store.history()) == 2
