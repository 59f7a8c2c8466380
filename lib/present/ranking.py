"""District rankings on slides: which districts a ranking shows (the top ones, and the chosen district always among
them) and the heading that says how many, never promising more districts than have a value."""

from __future__ import annotations

import pandas as pd

from lib import fmt

ROWS = 12  # districts in the map slide's ranking


def _below_top(table: pd.DataFrame, selected: str | None) -> pd.DataFrame | None:
    """The chosen district's row when it is not among the top ROWS of the ranking, else None."""
    if not selected or selected in set(table.sort_values("peringkat").head(ROWS)["kode_wilayah"]):
        return None
    row = table[table["kode_wilayah"] == selected]
    return row.copy() if len(row) else None


def rows(table: pd.DataFrame, selected: str | None) -> pd.DataFrame:
    """The map slide's ranking: the top ROWS districts, and the district the presenter chose always among
    them: when it ranks lower, it takes the last bar, its rank written after its value ("1.234 · ke-19")."""
    ranked = table.sort_values("peringkat")
    chosen = _below_top(table, selected)
    if chosen is None:
        return ranked.head(ROWS)
    rank = chosen["peringkat"].iloc[0]
    if pd.notna(rank):
        chosen["teks"] = f"{chosen['teks'].iloc[0]} · ke-{int(rank)}"
    return pd.concat([ranked.head(ROWS - 1), chosen])


def note(table: pd.DataFrame, selected: str | None = None) -> str:
    """The map slide's ranking heading, promising no more districts than have a value: 'Peringkat: 12 teratas
    dari 23 kabupaten/kota', 'Peringkat: 8 kabupaten/kota'; with the chosen district below the top (rows):
    'Peringkat: 11 teratas dari 23 kabupaten/kota, lalu Kab. Buton (ke-19)'."""
    ranked, total = int(table["peringkat"].notna().sum()), len(table)
    missing = f" ({fmt.angka(total - ranked)} tanpa data)" if ranked < total else ""
    if ranked <= ROWS:
        return f"Peringkat: {fmt.angka(ranked)} kabupaten/kota{missing}" if ranked else "Peringkat: belum ada nilai"
    chosen = _below_top(table, selected)
    if chosen is None:
        return f"Peringkat: {ROWS} teratas dari {fmt.angka(ranked)} kabupaten/kota{missing}"
    rank = chosen["peringkat"].iloc[0]
    where = f"ke-{int(rank)}" if pd.notna(rank) else fmt.TIDAK_ADA_DATA
    top = f"{ROWS - 1} teratas dari {fmt.angka(ranked)} kabupaten/kota{missing}"
    return f"Peringkat: {top}, lalu {chosen['nama_pendek'].iloc[0]} ({where})"


def heading(label: str, shown: int, total: int) -> str:
    """A klaster slide's ranking heading, short enough for one line beside the groups' bars: 'Cakupan layanan per
    wilayah · 12 teratas dari 23', '… · 8 kabupaten/kota' (every district with a value shown)."""
    if shown < total:
        return f"{label} per wilayah · {fmt.angka(shown)} teratas dari {fmt.angka(total)}"
    return f"{label} per wilayah · {fmt.angka(total)} kabupaten/kota"
