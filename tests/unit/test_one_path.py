"""The structure the data's correctness rests on: lib/ui holds ONE cache (lib.ui.cache, keyed by the data version),
and only the one write path (lib.ingest.write) calls the store's write functions, so every write is checked for scope
and against the column registry, and audited, in one place."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import lib

ROOT = Path(lib.__file__).resolve().parent.parent
UI = ROOT / "lib" / "ui"
# Every way Python or Streamlit keeps values between calls that a module could reach for
CACHE_MARKS = re.compile(
    r"st\.cache_data|st\.cache_resource|lru_cache|functools\.cache\b|@cache\b|cached_property|weakref|OrderedDict"
    r"|_Cache\(\)"
)
STORE_WRITES = {
    "save_batches",
    "save_batch",
    "rollback_batch",
    "roll_back_sample",
    "save_meeting",
    "save_notulis",
    "save_slide_shown",
}


def _code(path: Path) -> str:
    """The module without its comments and docstrings (they may name what they do not use)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                body[0] = ast.Pass()
    return ast.unparse(tree)


def test_lib_ui_holds_one_cache():
    found = {(p.name, m.group(0)) for p in sorted(UI.glob("*.py")) for m in CACHE_MARKS.finditer(_code(p))}
    assert found == {("cache.py", "OrderedDict"), ("cache.py", "_Cache()")}
    assert _code(UI / "cache.py").count("_Cache()") == 1


def _store_write_calls(path: Path) -> list[str]:
    """Calls of the store's write functions: store.save_batches(…) or a name imported from lib.store."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        a.asname or a.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lib.store")
        for a in node.names
        if a.name in STORE_WRITES
    }
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute) and f.attr in STORE_WRITES:
                out.append(f.attr)
            elif isinstance(f, ast.Name) and f.id in imported:
                out.append(f.id)
    return out


def test_only_the_write_path_calls_the_stores_write_functions():
    sources = [*sorted((ROOT / "lib").rglob("*.py")), *sorted((ROOT / "views").glob("*.py")), ROOT / "app.py"]
    callers = {str(p.relative_to(ROOT)) for p in sources if _store_write_calls(p)}
    assert callers - {"lib/ingest/write.py"} == set() and "lib/ingest/write.py" in callers


def test_the_check_finds_a_call_hidden_behind_an_import(tmp_path):
    module = tmp_path / "x.py"
    module.write_text("from lib.store import save_batch as sb\n\ndef f(rows, who):\n    return sb('pas', rows, who)\n")
    assert _store_write_calls(module) == ["sb"]


def test_an_edit_through_the_write_path_is_checked_against_the_column_registry(db):
    """A follow-up edit (as the Tindak Lanjut editor saves it) with a status the configuration does not know is
    refused with the row and column, and nothing is stored: the editor's rows get the same checks as an upload's."""
    import pandas as pd
    import pytest

    from lib import ingest, store
    from lib.errors import Refused
    from tests.principals import admin

    row = pd.DataFrame(
        {
            "rapat": ["Rakor Maret"],
            "tanggal_rapat": [pd.Timestamp("2025-03-10").date()],
            "kode_wilayah": [""],
            "uraian": ["Verifikasi data PAS"],
            "penanggung_jawab": ["Dinsos"],
            "tenggat": [pd.Timestamp("2025-04-30").date()],
            "status": ["Entah"],
            "catatan": [None],
        }
    )
    with pytest.raises(Refused) as e:
        ingest.write_rows("tindak_lanjut", row, admin(), what="suntingan Tindak Lanjut", path=db)
    problems = e.value.details
    assert problems.iloc[0]["Baris"] == 1 and "status" in str(problems.iloc[0]["Kolom"])
    assert "Entah" in problems.iloc[0]["Masalah"]
    assert store.history(db).empty
    row["status"] = "Selesai"
    assert ingest.write_rows("tindak_lanjut", row, admin(), what="suntingan", path=db) == 1
