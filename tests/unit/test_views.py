"""The screens stay thin (STYLE.md): read widgets, call lib, render. No pandas, SQL, file I/O or column literals."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

VIEWS = sorted((Path(__file__).resolve().parents[2] / "views").glob("*.py"))
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.+\b(FROM|INTO|SET|WHERE)\b", re.IGNORECASE | re.DOTALL)


def test_there_are_views():
    assert len(VIEWS) >= 10


@pytest.mark.parametrize("view", VIEWS, ids=lambda p: p.name)
def test_view_is_thin(view: Path):
    text = view.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 80, "a view holds at most 80 lines: move logic into lib"
    assert "pd." not in text and "import pandas" not in text, "no pandas in a view"
    assert not SQL.search(text), "no SQL in a view"
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "open", f"no file I/O in a view (line {node.lineno})"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            assert not {"pandas", "duckdb", "os", "pathlib", "io"} & set(names), f"line {node.lineno}"
        if isinstance(node, ast.Subscript):
            literals = [n for n in ast.walk(node.slice) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            assert not literals, (
                f"{view.name}:{node.lineno}: a subscript with a string literal "
                f"({ast.unparse(node)}): column and key names belong in lib"
            )
        if isinstance(node, ast.Attribute) and node.attr == "stop":
            assert ast.unparse(node) == "ui.stop", (
                f"{view.name}:{node.lineno}: a screen ends with ui.stop(): st.stop() would also stop the sidebar and "
                "banner, which the frame draws after the screen"
            )
