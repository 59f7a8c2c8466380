"""SKA (the Sentra's own enterprise), not per district or klaster. Year-on-year = the same month a year earlier;
margin = laba kotor ÷ omzet.
"""

from __future__ import annotations

import pandas as pd

from lib.figures.filters import ratio

# SKA: not per district or klaster. Year-on-year = the same month a year earlier; margin = laba kotor ÷ omzet.
SKA_UKURAN = {
    "pengunjung": "Pengunjung",
    "produk_terjual": "Produk terjual",
    "omzet": "Omzet",
    "laba_kotor": "Laba kotor",
}


SKA_UANG = ("omzet", "laba_kotor")  # SKA measures in rupiah


def ska_units(ska: pd.DataFrame) -> list[str]:
    return sorted(ska["unit"].unique().tolist())


def ska_monthly(ska: pd.DataFrame, unit: str | None = None) -> pd.DataFrame:
    """Per month (summed over units, or one unit): the four measures and the margin (None when omzet is 0)."""
    rows = ska[ska["unit"] == unit] if unit else ska
    out = rows.groupby("periode", as_index=False)[list(SKA_UKURAN)].sum().sort_values("periode", ignore_index=True)
    out["margin"] = [margin(lk, o) for lk, o in zip(out["laba_kotor"], out["omzet"])]
    return out


def margin(laba_kotor, omzet) -> float | None:
    """Gross margin: laba kotor ÷ omzet."""
    return ratio(laba_kotor, omzet)


def ska_value(monthly: pd.DataFrame, periode: str, col: str) -> float | None:
    row = monthly[monthly["periode"] == periode]
    if row.empty or pd.isna(row[col].iloc[0]):
        return None
    return float(row[col].iloc[0])


def ska_by_month_of_year(monthly: pd.DataFrame, periode: str, col: str) -> pd.DataFrame:
    """One measure by month of the year, for the period's year (up to the period) and the year before."""
    years = [str(int(periode[:4]) - 1), periode[:4]]
    rows = monthly[monthly["periode"].str[:4].isin(years) & (monthly["periode"] <= periode)]
    out = pd.DataFrame(
        {
            "tahun": rows["periode"].str[:4],
            "bulan": rows["periode"].str[5:7].astype(int),
            "nilai": rows[col].astype(float),
        }
    )
    return out.reset_index(drop=True)
