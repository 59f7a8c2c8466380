"""Seeded sample data (DATA CONTOH), used by the quickstart, the demo and the tests alike.

Everything specific (rates per category, programmes, SKA units, follow-ups) comes from the configuration's
`data_contoh` file; this module only turns those parameters into monthly rows. Same seed and same date, same data.

The run of months ends in the last complete month before today (config.sample_today), so the demo always looks like
this month's meeting. The file's months and dates (programmes, meetings, due dates) are written for a run ending in
its `bulan_acuan`; they all move by the same number of months as the run.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import tomllib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib import config
from lib import periode as per
from lib.config import Konfigurasi, load_config, quality_setting, sample_today, zone
from lib.ingest.write import write_batches
from lib.periode import month_range
from lib.principal import SYSTEM
from lib.schema import dataset
from lib.store import NewBatch
from lib.store.contoh import SAMPLE_FILE
from lib.store.sql import MONTHLY

DEFAULT_RATE = {"per_10rb": 10, "dilayani": 0.5}  # for a category the sample file does not list
STATUS_BELUM, STATUS_BERJALAN, STATUS_SELESAI, STATUS_KENDALA = range(4)  # index into config.status_program


def _params(cfg: Konfigurasi) -> dict:
    path = cfg.contoh_path
    return tomllib.loads(path.read_text(encoding="utf-8")) if path and path.exists() else {}


DEFAULT_MONTHS = 24  # when the sample file says neither jumlah_bulan nor periode_awal/periode_akhir


@dataclass(frozen=True)
class Run:
    """The sample's months and how far the file's written months and dates move to match them."""

    periods: list[str]
    shift: int  # months from the file's bulan_acuan to the run's last month

    def month(self, periode: str) -> str:
        return per.shift(periode, self.shift)

    def date(self, value) -> dt.date:
        d = pd.Timestamp(value).date()
        y, m = map(int, per.shift(f"{d.year:04d}-{d.month:02d}", self.shift).split("-"))
        return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def run_of_months(cfg: Konfigurasi, p: dict, on: dt.date | None = None) -> Run:
    """`jumlah_bulan` months (or as many as periode_awal…periode_akhir, the older form) ending in the month before
    `on` (default: config.sample_today)."""
    on = on or sample_today(cfg)
    end = per.previous(f"{on.year:04d}-{on.month:02d}")
    if "jumlah_bulan" in p:
        n = int(p["jumlah_bulan"])
    elif "periode_awal" in p and "periode_akhir" in p:
        n = len(month_range(p["periode_awal"], p["periode_akhir"]))
    else:
        n = DEFAULT_MONTHS
    anchor = p.get("bulan_acuan") or p.get("periode_akhir") or end
    y0, m0 = map(int, anchor.split("-"))
    y1, m1 = map(int, end.split("-"))
    return Run(month_range(per.shift(end, -(max(n, 1) - 1)), end), (y1 * 12 + m1) - (y0 * 12 + m0))


def _population(cfg: Konfigurasi) -> pd.Series:
    return cfg.wilayah["penduduk"].astype(float)


def make_pas(cfg: Konfigurasi, p: dict, rng: np.random.Generator, periods: list[str]) -> pd.DataFrame:
    wil, kat = cfg.kode_wilayah, [k.kode for k in cfg.kategori]
    rates = p.get("kategori", {})
    per10k = np.array([rates.get(k, DEFAULT_RATE)["per_10rb"] for k in kat], dtype=float)
    share = np.array([rates.get(k, DEFAULT_RATE)["dilayani"] for k in kat], dtype=float)
    pop = _population(cfg).to_numpy()
    W, T, K = len(wil), len(periods), len(kat)
    # District character: some districts report more of a group, some serve a larger share.
    level = rng.lognormal(0.0, 0.3, size=(W, 1, K))
    reach = rng.lognormal(0.0, 0.2, size=(W, 1, 1))
    trend = (1 + 0.006 * np.arange(T)).reshape(1, T, 1)
    noise = rng.normal(1.0, 0.05, size=(W, T, K)).clip(0.8, 1.2)
    terdata = pop.reshape(W, 1, 1) * per10k.reshape(1, 1, K) / 10_000 * level * trend * noise
    # Rare shocks (a flood, a fire) multiply one category in one district for a month.
    shock = rng.random((W, T, K)) < float(p.get("guncangan", 0.01))  # 0: a sample without them
    terdata = np.rint(np.where(shock, terdata * 2.5, terdata)).astype(np.int64)
    rate = share.reshape(1, 1, K) * reach * (1 + 0.01 * np.arange(T)).reshape(1, T, 1)
    rate = (rate * rng.normal(1.0, 0.05, size=(W, T, K))).clip(0.05, 0.97)
    dilayani = np.rint(terdata * rate).astype(np.int64)
    w, t, k = np.meshgrid(np.arange(W), np.arange(T), np.arange(K), indexing="ij")
    return pd.DataFrame(
        {
            "periode": np.array(periods)[t.ravel()],
            "kode_wilayah": np.array(wil)[w.ravel()],
            "kategori_pas": np.array(kat)[k.ravel()],
            "terdata": terdata.ravel(),
            "dilayani": dilayani.ravel(),
        }
    )


def make_layanan(cfg: Konfigurasi, pas: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Split each row's dilayani over three (service kind, approach) pairs fixed per category."""
    jenis = [j.kode for j in cfg.jenis_layanan]
    pend = [a.kode for a in cfg.pendekatan]
    pairs = {
        k.kode: [(jenis[rng.integers(len(jenis))], pend[rng.integers(len(pend))]) for _ in range(3)]
        for k in cfg.kategori
    }
    for k, ps in pairs.items():  # distinct pairs, so the key stays unique
        pairs[k] = list(dict.fromkeys(ps))
    rows = []
    for kat, grp in pas.groupby("kategori_pas", sort=False):
        ps = pairs[kat]
        weights = rng.dirichlet(np.full(len(ps), 4.0))
        split = np.array([rng.multinomial(n, weights) for n in grp["dilayani"].to_numpy()])
        for i, (j, a) in enumerate(ps):
            rows.append(
                pd.DataFrame(
                    {
                        "periode": grp["periode"].to_numpy(),
                        "kode_wilayah": grp["kode_wilayah"].to_numpy(),
                        "kategori_pas": kat,
                        "jenis_layanan": j,
                        "pendekatan": a,
                        "penerima": split[:, i],
                    }
                )
            )
    out = pd.concat(rows, ignore_index=True)
    return out[out["penerima"] > 0].reset_index(drop=True)


def _progress(profil: str, months: int, i: int, rng: np.random.Generator) -> float:
    """Cumulative share of the target reached after month i (0-based) of a programme of `months` months."""
    elapsed = (i + 1) / months
    if profil == "selesai":
        return min(1.0, elapsed * 1.15)
    if profil == "terlambat":
        return elapsed * 0.6
    if profil == "terkendala":
        return min(elapsed, 0.3)
    return min(1.0, elapsed * rng.uniform(0.95, 1.05))


def make_program(cfg: Konfigurasi, p: dict, rng: np.random.Generator, run: Run) -> pd.DataFrame:
    status = cfg.status_program
    rows = []
    for written in p.get("program", []):
        prog = {**written, "mulai": run.month(written["mulai"]), "akhir": run.month(written["akhir"])}
        year = written["mulai"][:4]
        months = month_range(prog["mulai"], prog["akhir"])
        # The programme's year as written, moved with the run, and only the months the run holds.
        window = [m for m in month_range(run.month(f"{year}-01"), run.month(f"{year}-12")) if m in run.periods]
        for kode in prog["wilayah"]:
            done = 0.0
            for periode in window:
                if periode < prog["mulai"]:
                    share, st = 0.0, status[STATUS_BELUM]
                else:
                    i = min(months.index(periode) if periode in months else len(months) - 1, len(months) - 1)
                    done = max(done, _progress(prog["profil"], len(months), i, rng))
                    share = done
                    if prog["profil"] == "terkendala" and i >= len(months) // 3:
                        st = status[STATUS_KENDALA]
                    elif done >= 1.0 or (periode > prog["akhir"] and prog["profil"] != "terlambat"):
                        st = status[STATUS_SELESAI]
                    else:
                        st = status[STATUS_BERJALAN]
                target = int(prog["target"])
                realisasi = int(round(target * min(share, 1.0)))
                spent = int(round(prog["anggaran"] * min(share * rng.uniform(0.85, 0.98), 1.0), -3))
                rows.append(
                    {
                        "periode": periode,
                        "kode_program": prog["kode"],
                        "nama_program": prog["nama"],
                        "klaster": prog["klaster"],
                        "kode_wilayah": kode,
                        "satuan": prog["satuan"],
                        "target": target,
                        "realisasi": realisasi,
                        "anggaran": int(prog["anggaran"]),
                        "realisasi_anggaran": spent,
                        "status": st,
                    }
                )
    return pd.DataFrame(rows, columns=dataset("program").kolom_nama)


def make_hasil(cfg: Konfigurasi, p: dict, pas: pd.DataFrame) -> pd.DataFrame:
    """Outcomes of the people served: per month, district and PAS group, a share of `dilayani` reaching each kind
    of outcome ([hasil] of the sample parameters), for the last `hasil_bulan` months (outcome reports are new). Its
    own random stream, so the other datasets are the same with or without it."""
    rates = {k: float(v) for k, v in (p.get("hasil") or {}).items() if k in {j.kode for j in cfg.jenis_hasil}}
    columns = dataset("hasil").kolom_nama
    if not rates or pas.empty:
        return pd.DataFrame(columns=columns)
    rng = np.random.default_rng([int(p.get("benih", 0)), 5])
    months = sorted(pas["periode"].unique())[-int(p.get("hasil_bulan", 240)) :]
    rows = pas[pas["periode"].isin(months)]
    parts = []
    for kode, share in rates.items():
        jumlah = np.rint(rows["dilayani"].to_numpy() * share * rng.normal(1.0, 0.15, size=len(rows)).clip(0.5, 1.5))
        parts.append(rows[["periode", "kode_wilayah", "kategori_pas"]].assign(jenis_hasil=kode, jumlah=jumlah.astype(np.int64)))  # fmt: skip
    return pd.concat(parts, ignore_index=True)[columns]


def make_ska(p: dict, rng: np.random.Generator, periods: list[str]) -> pd.DataFrame:
    s = p.get("ska", {})
    rows = []
    for unit in s.get("unit", []):
        for i, periode in enumerate(periods):
            season = 1.35 if periode.endswith("-12") else 1.0  # year-end exhibitions
            visitors = int(s["pengunjung"] * (1 + 0.02 * i) * season * rng.normal(1.0, 0.12))
            sold = int(visitors * rng.uniform(0.5, 0.8))
            omzet = int(round(visitors * s["omzet_per_pengunjung"] * rng.normal(1.0, 0.08), -3))
            laba = int(round(omzet * s["margin"] * rng.normal(1.0, 0.06), -3))
            rows.append(
                {
                    "periode": periode,
                    "unit": unit,
                    "pengunjung": max(visitors, 0),
                    "produk_terjual": sold,
                    "omzet": max(omzet, 0),
                    "laba_kotor": max(laba, 0),
                }
            )
    return pd.DataFrame(rows, columns=dataset("ska").kolom_nama)


def make_sdm(cfg: Konfigurasi, p: dict, rng: np.random.Generator, years: list[int]) -> pd.DataFrame:
    rates = p.get("sdm", {})
    pop = _population(cfg)
    rows = []
    for year in years:
        for kode, n in pop.items():
            for j in cfg.jenis_sdm:
                per100k = rates.get(j.kode, 5)
                jumlah = max(1, int(round(n / 100_000 * per100k * rng.lognormal(0.0, 0.25))))
                rows.append({"tahun": year, "kode_wilayah": kode, "jenis_sdm": j.kode, "jumlah": jumlah})
    return pd.DataFrame(rows)


def make_penduduk(cfg: Konfigurasi) -> pd.DataFrame:
    """The reference population (real figures from data/, with their year), not generated."""
    w = cfg.wilayah
    return pd.DataFrame(
        {
            "tahun": w["penduduk_tahun"].astype(int).to_numpy(),
            "kode_wilayah": w.index,
            "jumlah": w["penduduk"].astype(int).to_numpy(),
        }
    )


def make_tindak_lanjut(p: dict, run: Run) -> pd.DataFrame:
    cols = ["rapat", "tanggal_rapat", "kode_wilayah", "uraian", "penanggung_jawab", "tenggat", "status", "catatan"]
    df = pd.DataFrame(p.get("tindak_lanjut", []), columns=cols)
    written = [pd.Timestamp(v).year for v in df["tanggal_rapat"]]
    for c in ("tanggal_rapat", "tenggat"):  # the meeting and the due dates move with the run
        df[c] = [run.date(v) for v in df[c]]
    # "Rakernis 2025" held in 2026 after the move is "Rakernis 2026"
    df["rapat"] = [r.replace(str(y), str(d.year)) for r, y, d in zip(df["rapat"], written, df["tanggal_rapat"])]
    df["catatan"] = df["catatan"].astype(object).where(df["catatan"].notna(), None)
    return df


def make_sample(cfg: Konfigurasi | None = None, on: dt.date | None = None) -> dict[str, pd.DataFrame]:
    """All eight datasets of the sample, as canonical frames, for the date `on` (default: config.sample_today)."""
    cfg = cfg or load_config()
    p = _params(cfg)
    rng = np.random.default_rng(p.get("benih", 0))
    run = run_of_months(cfg, p, on)
    periods = run.periods
    years = sorted({int(x[:4]) for x in periods})
    pas = make_pas(cfg, p, rng, periods)
    return {
        "pas": pas,
        "layanan": make_layanan(cfg, pas, rng),
        "program": make_program(cfg, p, rng, run),
        "ska": make_ska(p, rng, periods),
        "sdm": make_sdm(cfg, p, rng, years),
        "penduduk": make_penduduk(cfg),
        # before tindak_lanjut: the latest sample batch (Riwayat Data's default detail) stays the small one
        "hasil": make_hasil(cfg, p, pas),
        "tindak_lanjut": make_tindak_lanjut(p, run),
    }


def seed(path: str | None = None, cfg: Konfigurasi | None = None) -> list[int]:
    """Store the sample as one batch per dataset, marked as sample data (DATA CONTOH), by the system principal
    (named as the sample file says, 'data contoh')."""
    cfg = cfg or load_config()
    p = _params(cfg)
    data = make_sample(cfg)
    batches = [
        *monthly_batches(cfg, p, data),
        *(NewBatch(name, df) for name, df in data.items() if len(df) and name not in MONTHLY),
    ]
    who = dataclasses.replace(SYSTEM, login=p.get("pengguna", "data contoh"))
    return write_batches(
        batches,
        who,
        what="data contoh",
        file_name=SAMPLE_FILE,
        note="Data contoh yang dibangkitkan (bukan data sebenarnya)",
        sample=True,
        cfg=cfg,
        path=path,
    ).batch_ids


def monthly_batches(cfg: Konfigurasi, p: dict, data: dict[str, pd.DataFrame]) -> list[NewBatch]:
    """The monthly datasets as the districts would have sent them: one batch per dataset and month, saved on a
    seeded day before the report deadline ([mutu] tenggat_hari of the next month), holding the month of the districts
    on time and the month before of the districts that were late (their report came with the next one); the late
    months of the last month in a batch of their own, a few days after the deadline. Never later than now.
    Its own random stream, so the data are the same as before; the rows of all batches are the sample's rows."""
    rng = np.random.default_rng([int(p.get("benih", 0)), 7])
    months = sorted(data["pas"]["periode"].unique())
    districts = np.array(cfg.kode_wilayah)
    habit = np.where(rng.random(len(districts)) < 0.15, 0.4, 0.04)  # a few districts are often late
    late = {m: set(districts[rng.random(len(districts)) < habit]) for m in months}
    deadline = int(quality_setting(cfg, "tenggat_hari"))
    now = config.clock().astimezone(dt.UTC).replace(tzinfo=None)

    def saved(month: str, day: int) -> dt.datetime:
        y, m = map(int, per.shift(month, 1).split("-"))
        local = dt.datetime(
            y, m, min(day, calendar.monthrange(y, m)[1]), int(rng.integers(8, 16)), int(rng.integers(60))
        )
        return min(local.replace(tzinfo=zone(cfg)).astimezone(dt.UTC).replace(tzinfo=None), now)

    out = []
    for i, month in enumerate([*months, None]):
        before = months[i - 1] if i else None
        when = saved(month, int(rng.integers(2, max(deadline, 3)))) if month else saved(months[-1], deadline + 3)
        for name in MONTHLY:
            rows = data[name]
            on_time = (rows["periode"] == month) & ~rows["kode_wilayah"].isin(late.get(month, set()))
            carried = (rows["periode"] == before) & rows["kode_wilayah"].isin(late.get(before, set()))
            part = rows[on_time | carried]
            if len(part):
                out.append(NewBatch(name, part.reset_index(drop=True), waktu=when))
    return out
