"""The README's command list names every command of `python -m lib` (and each subcommand), and nothing else."""

from __future__ import annotations

import argparse
import re

from lib import cli_accounts
from lib.cli import COMMANDS, build_parser
from lib.cli_text import TEXT
from tests.conftest import ROOT


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_readme_lists_every_command_and_subcommand():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Command line", 1)[1].split("```", 2)[1]
    commands = _subcommands(build_parser({**TEXT["id"], **cli_accounts.TEXT["id"]}))
    nested = {
        name: list(a.choices)
        for name, sub in commands.items()
        for a in sub._actions
        if isinstance(a, argparse._SubParsersAction)
    }
    listed = set()  # 'boundaries load', 'pengguna tambah|ubah|hapus|daftar' → each subcommand
    for name, rest in re.findall(r"python -m lib ([a-z][\w-]*)((?: [a-z][a-z-]*(?:\|[a-z][a-z-]*)*)?)", block):
        listed |= {f"{name} {x}" for x in rest.split()[0].split("|")} if name in nested and rest else {name}
    expected = set()
    for name in commands:
        expected |= {f"{name} {x}" for x in nested[name]} if name in nested else {name}
    assert set(commands) == set(COMMANDS)
    assert sorted(expected - listed) == [] and sorted(listed - expected) == []
    assert "docs/konfigurasi.md" in text
