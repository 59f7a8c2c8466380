"""Sentences: comparisons in words, the profile header, the programme-status legend, meeting titles."""

from __future__ import annotations

import re

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi
from lib.figures.filters import Filter, districts, ratio
from lib.figures.indicators import Rows, area_value, indicator
from lib.figures.pas import population
from lib.figures.program import (
    AT_RISK_GAP,
    KELAS_BERISIKO,
    KELAS_KENDALA,
    KELAS_SELESAI,
    KELAS_SESUAI,
    KELAS_TANPA_TARGET,
    KELAS_TERLAMBAT,
    ON_TRACK_GAP,
    STATUS_KENDALA,
    STATUS_SELESAI,
)

SAMA_POIN = 0.0005  # a difference under 0,05 point (or 0,05%) reads "sama dengan"


def _versus(value, reference, points: bool) -> str:
    """'6,1 poin di bawah' / '12,0% di atas' / 'sama dengan' the reference."""
    diff = value - reference if points else ratio(value - reference, reference)
    if diff is None or abs(diff) < SAMA_POIN:
        return "sama dengan"
    size = f"{fmt.angka(abs(diff) * 100, 1)} poin" if points else fmt.persen(abs(diff))
    return f"{size} {'di atas' if diff > 0 else 'di bawah'}"


def code_examples(cfg: Konfigurasi) -> str:
    """How a boundary file may name a district, with this deployment's own first district as the example:
    'kode Kemendagri (`52.01`), kode BPS (`5201`), P-code (`ID5201`), nama (`Kabupaten Lombok Barat`)'."""
    w = cfg.wilayah
    kode = w.index[0]
    with_bps = w["kode_bps"].dropna() if "kode_bps" in w else pd.Series(dtype=str)
    parts = [f"kode Kemendagri (`{kode}`)"]
    if len(with_bps):
        bps = str(with_bps.iloc[0])
        parts += [f"kode BPS (`{bps}`)", f"P-code (`ID{bps}`)"]
    return ", ".join(parts + [f"nama ({as_text(w.at[kode, 'nama'])})"])


def trend_title(trend: pd.DataFrame) -> str:
    """'Tren 13 bulan': the months the trend's data holds, not a fixed window."""
    n = trend["periode"].nunique() if "periode" in trend else 0
    return f"Tren {fmt.angka(n)} bulan" if n > 1 else "Tren"


def compare_caption(program: bool = True) -> str:
    """How the comparison's averages are computed (programme figures only where there are programmes)."""
    if not program:
        return (
            "Rata-rata: jumlah per kabupaten/kota; cakupan dan per 10.000 penduduk dihitung dari total "
            "(Σ dilayani ÷ Σ terdata …). Perubahan: dibanding bulan lalu."
        )
    return (
        "Rata-rata: jumlah per kabupaten/kota; cakupan, per 10.000 penduduk dan penyerapan dihitung dari total "
        "(Σ dilayani ÷ Σ terdata …); capaian program = rata-rata capaian program. Perubahan: dibanding bulan lalu."
    )


def compare_statements(table: pd.DataFrame, singkatan: str, program: bool = True) -> list[str]:
    """Per picked district, its coverage, PAS per 10.000 and programme achievement against the coverage average,
    in words: 'Kab. X: cakupan 58,2%, 6,1 poin di bawah rata-rata wilayah jangkauan (64,3%); …'."""
    ref = table[table["jenis"] == "rata-rata"].iloc[0]
    out = []
    for _, r in table[table["jenis"] == "wilayah"].iterrows():
        parts = []
        for col, label, points, text in (
            ("cakupan", "cakupan", True, fmt.persen),
            ("per10rb", f"{singkatan} per 10.000 penduduk", False, lambda x: fmt.angka(x, 1)),
            ("capaian", "capaian program", True, fmt.persen),
        )[: 3 if program else 2]:
            if pd.isna(r[col]):
                parts.append(f"{label} {fmt.TIDAK_ADA_DATA}")
            elif pd.isna(ref[col]):
                parts.append(f"{label} {text(r[col])}")
            else:
                parts.append(
                    f"{label} {text(r[col])}, {_versus(r[col], ref[col], points)} rata-rata wilayah "
                    f"jangkauan ({text(ref[col])})"
                )
        out.append(f"{r['nama']}: " + "; ".join(parts) + ".")
    return out


def profile_header(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter) -> str:
    """'Profil Wilayah · Provinsi … · penduduk 123.456 (2025) · Desember 2025 · semua klaster' for f.wilayah."""
    kode, year = f.wilayah or "", int(f.periode[:4])
    rows = data["penduduk"][data["penduduk"]["kode_wilayah"] == kode]
    pop = population(data["penduduk"], [kode], year)
    if pop is None:
        pop_text = f"penduduk {fmt.TIDAK_ADA_DATA}"
    else:
        before = rows.loc[rows["tahun"] <= year, "tahun"]
        pop_text = f"penduduk {fmt.angka(pop)} ({int(before.max() if len(before) else rows['tahun'].min())})"
    klaster = cfg.label("klaster", f.klaster) if f.klaster else "semua klaster"
    return (
        f"Profil Wilayah · Provinsi {cfg.wilayah.at[kode, 'provinsi']} · {pop_text} · {fmt.bulan(f.periode)} · "
        f"{klaster}"
    )


def program_status_legend(cfg: Konfigurasi) -> str:
    """The schedule classes and their thresholds, in words (shown under the table, not in a tooltip)."""
    status = cfg.status_program
    return (
        f"**Status jadwal.** Jadwal: target dicapai merata dari bulan mulai sampai Desember (tahun anggaran). "
        f"**{KELAS_SESUAI}**: capaian tertinggal paling banyak {ON_TRACK_GAP * 100:.0f} poin dari jadwal · "
        f"**{KELAS_BERISIKO}**: tertinggal {ON_TRACK_GAP * 100:.0f}–{AT_RISK_GAP * 100:.0f} poin · "
        f"**{KELAS_TERLAMBAT}**: tertinggal lebih dari {AT_RISK_GAP * 100:.0f} poin · "
        f"**{KELAS_KENDALA}**: dilaporkan berstatus {status[STATUS_KENDALA]} · "
        f"**{KELAS_SELESAI}**: berstatus {status[STATUS_SELESAI]} atau target tercapai · "
        f"**{KELAS_TANPA_TARGET}**: target 0, capaian tidak dapat dihitung. "
        "Selisih jadwal = capaian − jadwal, dalam poin persentase. Penyerapan = realisasi anggaran ÷ pagu."
    )


def meeting_title(tl: pd.DataFrame, rapat: str) -> str:
    """'Rakernis 2025 · 12 Juni 2025 · 6 tindak lanjut'."""
    rows = tl[tl["rapat"] == rapat]
    when = rows["tanggal_rapat"].max()
    day = fmt.tanggal(pd.Timestamp(when).date()) if pd.notna(when) else fmt.TIDAK_ADA_DATA
    return f"{rapat} · {day} · {fmt.angka(len(rows))} tindak lanjut"


# Every ASCII punctuation mark that Markdown (and Streamlit's :color[…] / :icon: and $math$ extensions) could read.
_MARKDOWN_CHARS = set("\\`*_{}[]()<>#+-.!|~:$&=\"'")


WORD_JOINER = "\u2060"  # invisible and zero-width: splits what the browser would otherwise make a link or an icon
_WWW = re.compile("(www)", re.IGNORECASE)


def as_text(value: object) -> str:
    """Text that came from data (follow-ups, programme names, notes, user and file names, sheet names) for a
    Markdown element (alerts and messages included), shown as typed: every mark that Markdown or HTML could act on
    is escaped, so `![x](http://…)` is never fetched, `**b**` is not bold and `<img …>` is not an element. Streamlit
    also makes links of bare addresses and icons of codes after the escapes are read: a word joiner after each
    `:` and `@` and after `www` leaves `http://…`, `www.…`, `nama@dinsos.go.id` and `:material/home:` as text."""
    text = "" if value is None else str(value)
    escaped = "".join("\\" + c if c in _MARKDOWN_CHARS else c for c in text).replace("\n", "  \n")
    escaped = escaped.replace(":", ":" + WORD_JOINER).replace("@", "@" + WORD_JOINER)
    return _WWW.sub("\\1" + WORD_JOINER, escaped)


def overdue_text(table: pd.DataFrame) -> str | None:
    """The overdue items of a follow-up table (from follow_up_table) in full, as a Markdown list; None if none."""
    late = table[table["Lewat tenggat"] != ""]
    if late.empty:
        return None
    lines = [
        f"- {as_text(u)} — **{as_text(p)}**, tenggat {t} (lewat {d})"
        for u, p, t, d in zip(late["Uraian"], late["Penanggung jawab"], late["Tenggat"], late["Lewat tenggat"])
    ]
    return f"**{fmt.angka(len(late))} tindak lanjut lewat tenggat**\n" + "\n".join(lines)


def place_text(cfg: Konfigurasi, f: Filter) -> str:
    """'Kota Kendari', 'Provinsi … (17 kabupaten/kota)' or '23 kabupaten/kota wilayah jangkauan'."""
    if f.wilayah:
        return cfg.nama_wilayah(f.wilayah)
    if f.provinsi:
        where = f"Provinsi {cfg.wilayah.loc[cfg.wilayah['kode_provinsi'] == f.provinsi, 'provinsi'].iloc[0]}"
        return where + f" ({len(districts(cfg, f))} kabupaten/kota)"
    return f"{len(cfg.wilayah)} kabupaten/kota wilayah jangkauan"


def _klaster_text(cfg: Konfigurasi, f: Filter) -> str:
    return cfg.label("klaster", f.klaster) if f.klaster else "semua klaster"


def scope_text(cfg: Konfigurasi, f: Filter) -> str:
    """'Maret 2025 · Semua klaster · 23 kabupaten/kota' — what the figures on screen cover."""
    return f"{fmt.bulan(f.periode)} · {_klaster_text(cfg, f)} · {place_text(cfg, f)}"


def sentra_name(cfg: Konfigurasi) -> str:
    return cfg.sentra["nama"]


def screen_caption(cfg: Konfigurasi, f: Filter) -> str:
    """The line under a screen's title: the Sentra and what the figures cover."""
    return f"{sentra_name(cfg)} · {scope_text(cfg, f)}"


def period_caption(cfg: Konfigurasi, f: Filter) -> str:
    """The Sentra, the month and the klaster (screens whose districts are chosen on the screen itself)."""
    return f"{sentra_name(cfg)} · {fmt.bulan(f.periode)} · {_klaster_text(cfg, f)}"


def short_name(cfg: Konfigurasi, kode: str) -> str:
    """A district's short name ('Kendari'), for links and buttons."""
    return cfg.wilayah.at[kode, "nama_pendek"]


def worker_ratio_text(data: dict[str, pd.DataFrame], cfg: Konfigurasi, f: Filter, kode: str) -> str:
    """'**12,3** PAS terdata per pekerja sosial (rata-rata wilayah jangkauan: 10,1)', from the pas_per_peksos
    indicator (none configured: no sentence)."""
    ind = indicator(cfg, "pas_per_peksos")
    if ind is None:
        return ""
    rows = Rows(data, cfg, f.periode, f.klaster)
    mine, area = area_value(rows, ind, [kode]), area_value(rows, ind)
    return (
        f"**{fmt.angka(mine, 1)}** {cfg.kategori_singkatan} terdata per pekerja sosial "
        f"(rata-rata wilayah jangkauan: {fmt.angka(area, 1)})."
    )


def completeness_caption(table: pd.DataFrame) -> str:
    """Under the completeness heatmap: how many district × time cells have no report."""
    expected = table[table["diharapkan"]]
    missing = int(expected["lengkap"].isna().sum())
    return f"{missing} sel tanpa laporan (abu-abu, ×) dari {len(expected)} kombinasi wilayah dan waktu yang diharapkan."
