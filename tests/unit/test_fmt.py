"""Numbers, money, months and changes written the Indonesian way, exactly as the user reads them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from lib import fmt

MINUS = "\u2212"


@pytest.mark.parametrize(
    ("value", "desimal", "expected"),
    [
        (1234567, 0, "1.234.567"),
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (-1234, 0, f"{MINUS}1.234"),
        (-4, 0, f"{MINUS}4"),
        (3.14159, 2, "3,14"),
        (1234.5, 1, "1.234,5"),
        (-0.4, 0, "0"),  # rounds to zero: no minus sign on a zero
        (np.int64(1234567), 0, "1.234.567"),
        (12.0, 1, "12,0"),
    ],
)
def test_angka_groups_thousands_with_dots_and_uses_a_decimal_comma(value, desimal, expected):
    assert fmt.angka(value, desimal) == expected


def test_angka_uses_a_real_minus_sign_not_a_hyphen():
    text = fmt.angka(-1234)
    assert text.startswith("\u2212")
    assert "-" not in text


@pytest.mark.parametrize(
    ("ratio", "desimal", "expected"),
    [
        (0.125, 1, "12,5%"),
        (1, 1, "100,0%"),
        (0, 1, "0,0%"),
        (0.5, 0, "50%"),
        (0.0333, 2, "3,33%"),
        (12.5, 0, "1.250%"),
        (-0.04, 1, f"{MINUS}4,0%"),
    ],
)
def test_persen_writes_a_ratio_as_a_percentage(ratio, desimal, expected):
    assert fmt.persen(ratio, desimal) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (28_400_000, "Rp 28,4 juta"),
        (28_000_000, "Rp 28 juta"),
        (67_000_000, "Rp 67 juta"),
        (1_000_000, "Rp 1 juta"),
        (1_200_000_000, "Rp 1,2 miliar"),
        (3_500_000_000_000, "Rp 3,5 triliun"),
        (950_000, "Rp 950.000"),
        (999_999, "Rp 999.999"),
        (0, "Rp 0"),
    ],
)
def test_rupiah_is_shortened_to_juta_miliar_triliun(value, expected):
    assert fmt.rupiah(value) == expected


@pytest.mark.parametrize(
    ("periode", "expected"),
    [("2025-03", "Maret 2025"), ("2024-01", "Januari 2024"), ("2024-12", "Desember 2024"), ("2025-08", "Agustus 2025")],
)
def test_bulan_names_the_month_in_indonesian(periode, expected):
    assert fmt.bulan(periode) == expected


@pytest.mark.parametrize(
    ("periode", "expected"),
    [
        ("2025-03", "Mar 2025"),
        ("2025-05", "Mei 2025"),
        ("2025-08", "Agu 2025"),
        ("2024-10", "Okt 2024"),
        ("2024-12", "Des 2024"),
    ],
)
def test_bulan_pendek_uses_indonesian_abbreviations(periode, expected):
    assert fmt.bulan_pendek(periode) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2025, 6, 12), "12 Juni 2025"),
        (dt.datetime(2025, 1, 5, 14, 30), "5 Januari 2025"),
        (pd.Timestamp("2024-12-31"), "31 Desember 2024"),
    ],
)
def test_tanggal_writes_day_month_name_year(value, expected):
    assert fmt.tanggal(value) == expected


@pytest.mark.parametrize(
    ("value", "desimal", "expected"),
    [
        (1234, 0, "+1.234"),
        (-4, 0, f"{MINUS}4"),
        (0, 0, "0"),
        (-0.2, 0, "0"),  # a change that rounds to zero carries no sign
        (2.5, 1, "+2,5"),
    ],
)
def test_ubah_writes_a_signed_change(value, desimal, expected):
    assert fmt.ubah(value, desimal) == expected


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (0.123, "+12,3%"),
        (-0.04, f"{MINUS}4,0%"),
        (0.10, "+10,0%"),
        (0, "0,0%"),
        (-0.0004, "0,0%"),
    ],
)
def test_ubah_persen_writes_a_signed_relative_change(ratio, expected):
    assert fmt.ubah_persen(ratio) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [(0.012, "+1,2 poin"), (-0.005, f"{MINUS}0,5 poin"), (0, "0,0 poin")],
)
def test_ubah_poin_writes_percentage_points(change, expected):
    assert fmt.ubah_poin(change) == expected


MISSING = [None, float("nan"), np.nan, pd.NA, pd.NaT]
FORMATTERS = [fmt.angka, fmt.persen, fmt.rupiah, fmt.ubah, fmt.ubah_persen, fmt.ubah_poin, fmt.tanggal]


@pytest.mark.parametrize("formatter", FORMATTERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("value", MISSING, ids=["None", "float_nan", "numpy_nan", "pandas_NA", "pandas_NaT"])
def test_missing_values_read_tidak_ada_data(formatter, value):
    assert formatter(value) == "tidak ada data"


def test_waktu_shows_a_utc_timestamp_in_the_sentra_time_zone():
    assert fmt.waktu(pd.Timestamp("2025-06-12 06:05"), "Asia/Makassar") == "12 Juni 2025 14.05 WITA"


def test_waktu_of_a_missing_timestamp_reads_tidak_ada_data():
    assert fmt.waktu(None, "Asia/Makassar") == "tidak ada data"


def test_vega_angka_is_a_format_expression_with_indonesian_separators():
    expr = fmt.vega_angka()
    assert "format(datum.value, ',.0f')" in expr
    assert expr.count("replace(") == 3  # thousands ',' -> '.', decimal '.' -> ','


def test_vega_angka_uses_the_given_field_and_decimals():
    expr = fmt.vega_angka("datum.terdata", 1)
    assert "format(datum.terdata, ',.1f')" in expr


def test_vega_persen_scales_a_ratio_and_appends_a_percent_sign():
    expr = fmt.vega_persen("datum.rasio", 1)
    assert "format(datum.rasio * 100, ',.1f')" in expr
    assert expr.endswith("+ '%'")


def test_vega_bulan_uses_indonesian_month_abbreviations():
    expr = fmt.vega_bulan()
    assert "'Agu'" in expr and "'Okt'" in expr and "'Des'" in expr
    assert "month(datum.value)" in expr
