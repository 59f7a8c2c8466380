"""The structure a newcomer relies on: lib/ imports only downward (lib.LAYERS), without cycles, in modules a
person can read in one sitting."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import lib

LIB = Path(lib.__file__).resolve().parent
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(LIB.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(LIB.rglob("*.py"))}


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """The lib modules `path` imports (at module level or inside functions): `from lib import x` names x."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("lib.")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            if base != "lib" and not base.startswith("lib."):
                continue
            for a in node.names:
                sub = f"{base}.{a.name}"
                out.add(sub if sub in known else base)
    return out - {name, "lib"}


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    return {name: _imports(path, name, set(mods)) for name, path in mods.items()}


def _layer(module: str) -> int:
    top = module.split(".")[1]
    for i, names in enumerate(lib.LAYERS):
        if top in names:
            return i
    raise AssertionError(f"{module} is in no layer of lib.LAYERS: add it there")


def test_every_module_of_lib_has_a_layer():
    assert all(_layer(m) >= 0 for m in _graph() if m != "lib")


def test_lib_never_imports_from_a_layer_above():
    upward = sorted(
        f"{m} imports {d}" for m, deps in _graph().items() if m != "lib" for d in deps if _layer(d) > _layer(m)
    )
    assert upward == []


def test_the_import_graph_of_lib_has_no_cycle():
    try:
        list(TopologicalSorter(_graph()).static_order())
    except CycleError as e:
        raise AssertionError(f"import cycle: {' -> '.join(e.args[1])}") from None


def test_an_import_inside_a_function_counts_too(tmp_path):
    """A lazy import is an edge like any other: hiding one in a function does not get past the layer check."""
    module = tmp_path / "x.py"
    module.write_text("def f():\n    from lib import ui\n    from lib.figures.pas import pas_trend\n")
    assert _imports(module, "lib.store.x", {"lib.ui", "lib.figures.pas"}) == {"lib.ui", "lib.figures.pas"}
    assert _layer("lib.store") < _layer("lib.figures.pas") < _layer("lib.ui")


def test_no_module_of_lib_is_over_400_lines():
    long = {m: n for m, p in _modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
