"""Programme figures: the schedule class of each programme (target reached linearly by December), budget
absorption, the year timeline.

The budget year is the calendar year (APBN): a programme that started in month s is expected to reach its target
by December, linearly. Gap = expected − achieved, in percentage points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.config import Konfigurasi
from lib.figures.filters import Filter, achievement, filter_program

# Programme schedule classes. The budget year is the calendar year (APBN): a programme that started in month s
# is expected to reach its target by December, linearly. Gap = expected − achieved, in percentage points.
ON_TRACK_GAP = 0.10  # up to 10 points behind: sesuai jadwal


AT_RISK_GAP = 0.25  # up to 25 points behind: berisiko; more: terlambat


KELAS_SELESAI, KELAS_SESUAI, KELAS_BERISIKO, KELAS_TERLAMBAT, KELAS_KENDALA, KELAS_BELUM = (
    "Selesai",
    "Sesuai jadwal",
    "Berisiko",
    "Terlambat",
    "Terkendala",
    "Belum mulai",
)


KELAS_TANPA_TARGET = "Tanpa target"  # target 0: achievement cannot be computed


# Positions in the configuration's status list (documented in konfigurasi.toml).
STATUS_BELUM, STATUS_SELESAI, STATUS_KENDALA = 0, 2, 3


def program_progress(program: pd.DataFrame, cfg: Konfigurasi, periode: str, per_wilayah: bool = False) -> pd.DataFrame:
    """One row per programme (per programme and district with `per_wilayah`) as of `periode`: target, realisasi,
    budget, achievement, expected, class. A programme without a target (0) has no achievement: its class is
    KELAS_TANPA_TARGET unless it is finished or blocked."""
    status = cfg.status_program
    keys = ["kode_program", "kode_wilayah"] if per_wilayah else ["kode_program"]
    rows = program[program["periode"].str[:4] == periode[:4]]
    started = rows[(rows["status"] != status[STATUS_BELUM]) | (rows["realisasi"] > 0)]
    start = started.groupby(keys)["periode"].min()
    now = rows[rows["periode"] == periode]
    if now.empty:
        return pd.DataFrame(
            columns=[
                *keys,
                "nama_program",
                "klaster",
                "target",
                "realisasi",
                "anggaran",
                "realisasi_anggaran",
                "capaian",
                "harapan",
                "kelas",
            ]
        )
    flags = now.assign(kendala=now["status"] == status[STATUS_KENDALA], selesai=now["status"] == status[STATUS_SELESAI])
    agg = (
        flags.groupby(keys)
        .agg(
            nama_program=("nama_program", "first"),
            klaster=("klaster", "first"),
            target=("target", "sum"),
            realisasi=("realisasi", "sum"),
            anggaran=("anggaran", "sum"),
            realisasi_anggaran=("realisasi_anggaran", "sum"),
            kendala=("kendala", "any"),
            selesai=("selesai", "all"),
        )
        .reset_index()
    )
    month = int(periode[5:7])
    agg["capaian"] = [achievement(r, t) for r, t in zip(agg["realisasi"], agg["target"])]
    first = agg.merge(start.rename("mulai").reset_index(), on=keys, how="left")["mulai"]
    begun = first.notna() & (first <= periode)
    first_month = pd.to_numeric(first.str[5:7], errors="coerce")
    expected = ((month - first_month + 1) / (12 - first_month + 1)).where(begun)
    done = agg["capaian"].astype(float).fillna(0.0)
    gap = expected - done
    # The first matching rule wins, as in the order of the definitions (README).
    kelas = np.select(
        [
            ~begun,
            agg["selesai"] | (done >= 1.0),
            agg["kendala"],
            agg["capaian"].isna(),
            gap <= ON_TRACK_GAP,
            gap <= AT_RISK_GAP,
        ],
        [KELAS_BELUM, KELAS_SELESAI, KELAS_KENDALA, KELAS_TANPA_TARGET, KELAS_SESUAI, KELAS_BERISIKO],
        default=KELAS_TERLAMBAT,
    )
    agg["harapan"] = [None if pd.isna(x) else float(x) for x in expected]
    agg["kelas"] = kelas
    return agg.drop(columns=["kendala", "selesai"])


def program_counts(program: pd.DataFrame, cfg: Konfigurasi, periode: str) -> tuple[int | None, int | None, int]:
    prog = program_progress(program, cfg, periode)
    running = prog[prog["kelas"] != KELAS_BELUM]
    if running.empty:
        return None, None, 0
    on_track = int(running["kelas"].isin([KELAS_SELESAI, KELAS_SESUAI]).sum())
    late = int(running["kelas"].isin([KELAS_TERLAMBAT, KELAS_KENDALA]).sum())
    return on_track, late, len(running)


# Most urgent first: the meeting starts with what is blocked.
KELAS_URUTAN = (
    KELAS_KENDALA,
    KELAS_TERLAMBAT,
    KELAS_BERISIKO,
    KELAS_TANPA_TARGET,
    KELAS_SESUAI,
    KELAS_SELESAI,
    KELAS_BELUM,
)


def program_year(program: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """Programme rows of the filtered districts and klaster, in the budget year of the period, up to the period."""
    rows = filter_program(program, cfg, f)
    return rows[(rows["periode"].str[:4] == f.periode[:4]) & (rows["periode"] <= f.periode)]


def program_timeline(program: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> pd.DataFrame:
    """Per started programme of the year: first active month, the month it finished (or the period), and its class.

    `mulai`/`akhir` are 'YYYY-MM'; `akhir` is the month the programme became Selesai, else the selected period.
    Programmes not started by the period are left out.
    """
    rows = program_year(program, cfg, f)
    columns = ["kode_program", "nama_program", "mulai", "akhir", "selesai", "kelas", "capaian"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    history = {m: program_progress(rows, cfg, m).set_index("kode_program") for m in sorted(rows["periode"].unique())}
    now = history.get(f.periode)
    if now is None:
        return pd.DataFrame(columns=columns)
    out = []
    for kode in now.index:
        classes = [(m, h.at[kode, "kelas"]) for m, h in history.items() if kode in h.index]
        active = [m for m, k in classes if k != KELAS_BELUM]
        if not active:
            continue
        done = [m for m, k in classes if k == KELAS_SELESAI]
        out.append(
            {
                "kode_program": kode,
                "nama_program": now.at[kode, "nama_program"],
                "mulai": active[0],
                "akhir": done[0] if done else f.periode,
                "selesai": bool(done),
                "kelas": now.at[kode, "kelas"],
                "capaian": now.at[kode, "capaian"],
            }
        )
    out = pd.DataFrame(out, columns=columns)
    rank = {k: i for i, k in enumerate(KELAS_URUTAN)}
    return out.sort_values(
        ["kelas", "mulai", "kode_program"], key=lambda s: s.map(rank) if s.name == "kelas" else s, ignore_index=True
    )


def program_class_counts(program: pd.DataFrame, cfg: Konfigurasi, f: Filter) -> dict[str, int]:
    """How many programmes are in each schedule class (most urgent first) for the filters."""
    prog = program_progress(program_year(program, cfg, f), cfg, f.periode)
    counts = prog["kelas"].value_counts()
    return {k: int(counts.get(k, 0)) for k in KELAS_URUTAN}
