"""The README's Architecture tree is the map a newcomer reads first: it lists every module and package of lib/ and
every screen, and names nothing that is not there."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tree() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Architecture") :]
    return section.split("```")[3]  # the second code block: the tree (the first is the layer order)


def test_every_module_and_screen_is_in_the_architecture_tree():
    tree = _tree()
    missing = []
    for p in sorted([*(ROOT / "lib").rglob("*.py"), *(ROOT / "views").glob("*.py")]):
        if p.name == "__main__.py" or "__pycache__" in p.parts:
            continue
        if p.name == "__init__.py":
            if p.parent.name != "lib" and f"{p.parent.name}/" not in tree:
                missing.append(str(p.parent.relative_to(ROOT)))
        elif p.name not in tree:
            missing.append(str(p.relative_to(ROOT)))
    assert missing == []


def test_the_architecture_tree_names_only_files_that_exist():
    names = set(re.findall(r"\b([a-z_]+\.py)\b", _tree()))
    existing = {p.name for p in ROOT.rglob("*.py") if ".venv" not in p.parts}
    assert sorted(names - existing) == []
