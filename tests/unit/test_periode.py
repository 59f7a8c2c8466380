"""Months written 'YYYY-MM': stepping across year boundaries, ranges, recognising a period."""

from __future__ import annotations

import pytest

from lib.periode import month_range, previous, shift


@pytest.mark.parametrize(
    ("periode", "months", "expected"),
    [
        ("2025-03", 0, "2025-03"),
        ("2025-03", 1, "2025-04"),
        ("2024-12", 1, "2025-01"),
        ("2025-01", -1, "2024-12"),
        ("2025-03", -15, "2023-12"),
        ("2024-01", 24, "2026-01"),
        ("2024-11", 14, "2026-01"),
        ("2000-01", -1, "1999-12"),
    ],
)
def test_shift_moves_by_whole_months_across_year_boundaries(periode, months, expected):
    assert shift(periode, months) == expected


@pytest.mark.parametrize(
    ("periode", "expected"),
    [("2025-03", "2025-02"), ("2025-01", "2024-12"), ("2024-12", "2024-11")],
)
def test_previous_is_the_month_before(periode, expected):
    assert previous(periode) == expected


def test_month_range_includes_both_ends_and_crosses_the_year():
    assert month_range("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]


def test_month_range_of_two_years_has_24_months_in_order():
    months = month_range("2024-01", "2025-12")
    assert len(months) == 24
    assert months == sorted(months)
    assert months[0] == "2024-01" and months[-1] == "2025-12"


def test_month_range_of_one_month_and_of_a_reversed_range():
    assert month_range("2025-06", "2025-06") == ["2025-06"]
    assert month_range("2025-07", "2025-06") == []
