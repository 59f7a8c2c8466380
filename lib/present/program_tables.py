"""Display tables and cards of the Program, SKA and Tindak Lanjut screens (and the profile's open follow-ups)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi
from lib.figures.filters import Filter, absorption, blank_text, ratio
from lib.figures.follow_ups import follow_up_done, follow_ups, is_overdue
from lib.figures.program import (
    KELAS_SELESAI,
    KELAS_URUTAN,
    program_progress,
    program_year,
)
from lib.figures.ska import SKA_UANG, SKA_UKURAN, margin, ska_by_month_of_year, ska_monthly
from lib.periode import month_range, shift
from lib.present.cards import ska_kpis
from lib.present.kpi import Kpi


def _district_text(kodes: list[str], cfg: Konfigurasi) -> str:
    if len(kodes) == 1:
        return cfg.wilayah.at[kodes[0], "nama_pendek"] if kodes[0] in cfg.wilayah.index else kodes[0]
    return f"{len(kodes)} kab/kota"


def program_rows(
    program: pd.DataFrame, cfg: Konfigurasi, f: Filter, kelas: list[str] | None = None, per_wilayah: bool = False
) -> pd.DataFrame:
    """The Program table for the filters: one row per programme (or programme × district), most urgent first.

    Capaian and Penyerapan are numbers 0–100 (progress bars, None when the denominator is 0 or missing); the other
    columns are text as shown. `kelas` keeps only those schedule classes.
    """
    rows = program_year(program, cfg, f)
    prog = program_progress(rows, cfg, f.periode, per_wilayah=per_wilayah)
    columns = [
        "Kode",
        "Program",
        "Klaster",
        "Wilayah",
        "Status jadwal",
        "Capaian",
        "Realisasi",
        "Selisih jadwal",
        "Pagu",
        "Penyerapan",
        "Terserap",
    ]
    if prog.empty:
        return pd.DataFrame(columns=columns)
    now = rows[rows["periode"] == f.periode]
    satuan = now.groupby("kode_program")["satuan"].first()
    where = now.groupby("kode_program")["kode_wilayah"].agg(lambda s: sorted(set(s)))
    if kelas:
        prog = prog[prog["kelas"].isin(kelas)]
    rank = {k: i for i, k in enumerate(KELAS_URUTAN)}
    prog = prog.assign(
        _urut=prog["kelas"].map(rank),
        _selisih=[(h - c) if pd.notna(h) and pd.notna(c) else -1.0 for h, c in zip(prog["harapan"], prog["capaian"])],
    )
    prog = prog.sort_values(["_urut", "_selisih", "kode_program"], ascending=[True, False, True])

    def pct(x):
        return None if x is None or pd.isna(x) else round(float(x) * 100, 1)

    return pd.DataFrame(
        {
            "Kode": prog["kode_program"].to_list(),
            "Program": prog["nama_program"].to_list(),
            "Klaster": [next((k.pendek for k in cfg.klaster if k.kode == c), c) for c in prog["klaster"]],
            "Wilayah": [
                _district_text([w], cfg) if per_wilayah else _district_text(where.get(k, []), cfg)
                for k, w in zip(prog["kode_program"], prog.get("kode_wilayah", prog["kode_program"]))
            ],
            "Status jadwal": prog["kelas"].to_list(),
            "Capaian": [pct(c) for c in prog["capaian"]],
            "Realisasi": [
                f"{fmt.angka(r)} dari {fmt.angka(t)} {satuan.get(k, '')}".strip()
                for r, t, k in zip(prog["realisasi"], prog["target"], prog["kode_program"])
            ],
            "Selisih jadwal": [
                "tuntas"
                if k == KELAS_SELESAI
                else fmt.ubah_poin(c - h)
                if pd.notna(c) and pd.notna(h)
                else fmt.TIDAK_ADA_DATA
                for c, h, k in zip(prog["capaian"], prog["harapan"], prog["kelas"])
            ],
            "Pagu": prog["anggaran"].map(fmt.rupiah).to_list(),
            "Penyerapan": [pct(absorption(r, a)) for r, a in zip(prog["realisasi_anggaran"], prog["anggaran"])],
            "Terserap": prog["realisasi_anggaran"].map(fmt.rupiah).to_list(),
        },
        columns=columns,
    )


def ska_year_to_date(monthly: pd.DataFrame, periode: str) -> pd.DataFrame:
    """January to the period's month, this year against the same months a year earlier: one row per measure."""

    def span(p: str) -> pd.DataFrame:
        months = month_range(f"{p[:4]}-01", p)
        return monthly[monthly["periode"].isin(months)]

    last = shift(periode, -12)
    now, before = span(periode), span(last)
    label_now = f"{fmt.bulan_pendek(periode[:4] + '-01')} – {fmt.bulan_pendek(periode)}"
    label_before = f"{fmt.bulan_pendek(last[:4] + '-01')} – {fmt.bulan_pendek(last)}"
    rows = []
    text: Callable[..., str]
    for col, label in [*SKA_UKURAN.items(), ("margin", "Margin laba kotor")]:
        if col == "margin":
            a = margin(now["laba_kotor"].sum(), now["omzet"].sum()) if len(now) else None
            b = margin(before["laba_kotor"].sum(), before["omzet"].sum()) if len(before) else None
            text, change = fmt.persen, (fmt.ubah_poin(a - b) if a is not None and b is not None else None)
        else:
            a = float(now[col].sum()) if len(now) else None
            b = float(before[col].sum()) if len(before) else None
            text = fmt.rupiah if col in SKA_UANG else fmt.angka
            change = fmt.ubah_persen(ratio(a - b, b)) if a is not None and b is not None and b else None
        rows.append(
            {"Ukuran": label, label_now: text(a), label_before: text(b), "Perubahan": change or fmt.TIDAK_ADA_DATA}
        )
    return pd.DataFrame(rows)


def follow_up_table(tl: pd.DataFrame, cfg: Konfigurasi, f: Filter, rapat: str, today) -> pd.DataFrame:
    """One meeting's follow-ups for the editor: read-only text columns, then the editable `status` and `catatan`.

    Overdue items first, then by due date. The index is the row's position in `tl` (used to save edits).
    """
    rows = follow_ups(tl, cfg, f)
    rows = rows[rows["rapat"] == rapat]
    late = [is_overdue(t, s, cfg, today) for t, s in zip(rows["tenggat"], rows["status"])]
    days = [(today - pd.Timestamp(t).date()).days if x else None for t, x in zip(rows["tenggat"], late)]
    out = pd.DataFrame(
        {
            "Wilayah": [
                cfg.wilayah.at[k, "nama_pendek"] if k in cfg.wilayah.index else "semua wilayah"
                for k in rows["kode_wilayah"].fillna("")
            ],
            "Uraian": rows["uraian"],
            "Penanggung jawab": rows["penanggung_jawab"],
            "Tenggat": [_short_date(t) for t in rows["tenggat"]],
            "Lewat tenggat": [f"{fmt.angka(d)} hari" if d is not None else "" for d in days],
            "status": rows["status"],
            "catatan": [blank_text(c) for c in rows["catatan"]],
        },
        index=rows.index,
    )
    out["_telat"] = late
    out["_tenggat"] = rows["tenggat"]
    out = out.sort_values(["_telat", "_tenggat"], ascending=[False, True], kind="stable")
    return out.drop(columns=["_telat", "_tenggat"])


def _short_date(d) -> str:
    """'30 Sep 2025' (fits a narrow column)."""
    if d is None or pd.isna(d):
        return fmt.TIDAK_ADA_DATA
    d = pd.Timestamp(d)
    return f"{d.day} {fmt.BULAN_PENDEK[d.month - 1]} {d.year}"


def open_follow_ups(tl: pd.DataFrame, cfg: Konfigurasi, kode: str, today) -> pd.DataFrame:
    """Follow-ups for the district (or for all districts) not yet done, overdue first, then by due date."""
    rows = follow_ups(tl, cfg, Filter(periode="", wilayah=kode))
    rows = rows[rows["status"] != follow_up_done(cfg)]
    late = [
        (today - pd.Timestamp(t).date()).days if is_overdue(t, s, cfg, today) else 0
        for t, s in zip(rows["tenggat"], rows["status"])
    ]
    rows = rows.assign(_late=late).sort_values(["_late", "tenggat"], ascending=[False, True], kind="stable")
    return pd.DataFrame(
        {  # what to do and by when first: the table is read on a narrow column
            "Uraian": rows["uraian"],
            "Tenggat": [
                fmt.tanggal(pd.Timestamp(t).date()) if pd.notna(t) else fmt.TIDAK_ADA_DATA for t in rows["tenggat"]
            ],
            "Keterangan": [f"lewat tenggat {fmt.angka(n)} hari" if n else "" for n in rows["_late"]],
            "Status": rows["status"],
            "Penanggung jawab": rows["penanggung_jawab"],
            "Untuk": ["semua wilayah" if not k else cfg.nama_wilayah(k) for k in rows["kode_wilayah"].fillna("")],
            "Rapat": rows["rapat"],
        }
    )


@dataclass(frozen=True)
class SkaScreen:
    """What the SKA screen shows for one unit (None: all) and period: the monthly figures, the cards, the
    year-to-date table and, per measure, this year's months beside last year's."""

    monthly: pd.DataFrame
    kpis: list[Kpi]
    year_to_date: pd.DataFrame
    by_month: dict[str, pd.DataFrame]


def ska_screen(ska: pd.DataFrame, cfg: Konfigurasi, unit: str | None, periode: str) -> SkaScreen:
    """Everything the SKA screen computes, in one call (made once per store state and arguments, ui.shared)."""
    monthly = ska_monthly(ska, unit)
    return SkaScreen(
        monthly,
        ska_kpis(ska, cfg, unit, periode),
        ska_year_to_date(monthly, periode),
        {col: ska_by_month_of_year(monthly, periode, col) for col in SKA_UKURAN},
    )


def follow_up_kpis(tl: pd.DataFrame, cfg: Konfigurasi, f: Filter, today) -> list[Kpi]:
    rows = follow_ups(tl, cfg, f)
    done = int((rows["status"] == follow_up_done(cfg)).sum())
    late = sum(is_overdue(t, s, cfg, today) for t, s in zip(rows["tenggat"], rows["status"]))
    n = len(rows)

    def value(x: int) -> int | None:  # no follow-ups: every card says 'tidak ada data', not 0
        return x if n else None

    return [
        Kpi(
            label="Tindak lanjut",
            value=value(n),
            previous=None,
            kind="angka",
            help="Semua tindak lanjut rapat untuk wilayah terpilih.",
        ),
        Kpi(
            label=follow_up_done(cfg),
            value=value(done),
            previous=None,
            kind="angka",
            help="Tindak lanjut yang sudah tuntas.",
        ),
        Kpi(
            label="Belum tuntas",
            value=value(n - done),
            previous=None,
            kind="angka",
            help="Tindak lanjut yang belum berstatus tuntas.",
        ),
        Kpi(
            label="Lewat tenggat",
            value=value(late),
            previous=None,
            kind="angka",
            help="Tenggat sudah lewat (sebelum hari ini) dan status belum tuntas.",
        ),
    ]
