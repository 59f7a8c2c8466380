"""Every setting (lib.config.SETTINGS) is documented in README.md, with its name."""

from __future__ import annotations

import pytest

from lib.config import ROOT, SETTINGS

README = ROOT / "README.md"


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_documented_in_the_readme(name):
    assert README.exists(), f"{README.name} does not exist yet"
    assert name in README.read_text(encoding="utf-8"), f"{name} is not mentioned in {README.name}"
