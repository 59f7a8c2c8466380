"""Periods are months written 'YYYY-MM' (sortable as text)."""

from __future__ import annotations


def shift(periode: str, months: int) -> str:
    y, m = int(periode[:4]), int(periode[5:7])
    n = y * 12 + (m - 1) + months
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def previous(periode: str) -> str:
    return shift(periode, -1)


def month_range(start: str, end: str) -> list[str]:
    out, p = [], start
    while p <= end:
        out.append(p)
        p = shift(p, 1)
    return out
