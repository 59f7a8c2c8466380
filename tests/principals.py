"""Principals for tests: the signed-in identity every write function takes (lib.principal)."""

from __future__ import annotations

from lib.principal import ADMIN, OPERATOR, PEMBACA, Principal


def admin(login: str = "admin uji") -> Principal:
    """An admin (every district, rollback, boundaries), as the tests' writes of setup data use."""
    return Principal(login, ADMIN, via="uji")


def operator(login: str, *districts: str) -> Principal:
    return Principal(login, OPERATOR, frozenset(districts), via="uji")


def pembaca(login: str = "pembaca uji") -> Principal:
    return Principal(login, PEMBACA, via="uji")
