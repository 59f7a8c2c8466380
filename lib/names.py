"""Area names as people read them: one rule shortens official names for display (charts, maps, slides, the deck);
the full name stays in tooltips, tables and pickers. No imports: the configuration and its check both use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# The first form whose prefix matches is replaced (the longer prefixes first).
SHORT_DISTRICT = (
    ("Kabupaten Administrasi Kepulauan ", "Kep. "),  # Kepulauan Seribu
    ("Kota Administrasi ", ""),  # Jakarta's five cities: "Jakarta Timur"
    ("Kabupaten ", "Kab. "),
)
SHORT_PROVINCE = (
    ("Daerah Khusus Ibukota ", "DKI "),
    ("Daerah Khusus ", "DK "),
    ("Daerah Istimewa ", "DI "),
    ("Kepulauan ", "Kep. "),
)


def short_name(nama: str, forms: tuple[tuple[str, str], ...] = SHORT_DISTRICT) -> str:
    """'Kabupaten Konawe' -> 'Kab. Konawe', 'Kota Administrasi Jakarta Timur' -> 'Jakarta Timur', 'Kabupaten
    Administrasi Kepulauan Seribu' -> 'Kep. Seribu'; a Kota keeps 'Kota' (Kota Kendari beside Kab. Konawe)."""
    for long, short in forms:
        if nama.startswith(long):
            return short + nama[len(long) :]
    return nama


def short_province(nama: str) -> str:
    """'Daerah Khusus Ibukota Jakarta' -> 'DKI Jakarta', 'Kepulauan Riau' -> 'Kep. Riau'."""
    return short_name(nama, SHORT_PROVINCE)


def display_names(wilayah: pd.DataFrame) -> pd.Series:
    """Each district's display name: wilayah.csv's `nama_pendek` where given, else short_name of `nama`."""
    given = wilayah["nama_pendek"].fillna("").astype(str).str.strip() if "nama_pendek" in wilayah else None
    rule = wilayah["nama"].map(short_name)
    return rule if given is None else given.where(given != "", rule)
