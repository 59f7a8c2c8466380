"""Settings (environment variables) and the deployment's configuration (data/konfigurasi.toml).

Every setting has a name, a default and a one-line help; the README documents each (a test checks it).
The configuration names the Sentra, its coverage and the taxonomy, so no such name is written in code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from lib.errors import UserError
from lib.indicators import Indicator, build
from lib.indicators_bawaan import default_entries
from lib.names import display_names, short_name, short_province  # noqa: F401  (short_name: tests)
from lib.quality_rules import Rule, build_rule, default_rules

if TYPE_CHECKING:  # pandas loads with the configuration's tables, not with the settings (`make run`'s first step)
    import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    beside_config: bool = False  # the default is a file name in the configuration's folder

    def value(self) -> str:
        chosen = os.environ.get(self.name)
        if chosen or not self.beside_config:
            return chosen or self.default
        # Each deployment keeps its own: data/atensi.duckdb for data/konfigurasi.toml, data/nasional/atensi.duckdb…
        return str(Path(setting("ATENSI_CONFIG")).resolve().parent / self.default)


SETTINGS = {
    s.name: s
    for s in [
        Setting(
            "ATENSI_DB",
            "atensi.duckdb",
            "Berkas database DuckDB (dibuat bila belum ada; bawaan: atensi.duckdb di folder konfigurasi), atau "
            "postgresql://… untuk PostgreSQL.",
            beside_config=True,
        ),
        Setting("ATENSI_CONFIG", str(DATA_DIR / "konfigurasi.toml"), "Berkas konfigurasi: Sentra, wilayah, taksonomi."),
        Setting(
            "ATENSI_BOUNDARIES",
            "",
            "Berkas batas wilayah (poligon) untuk peta. Kosong = batas_wilayah.geojson di folder konfigurasi.",
        ),
        Setting(
            "ATENSI_BASEMAP",
            "0",
            "Peta dasar di bawah peta wilayah: 0 = tanpa (tanpa permintaan ke luar); carto = Carto light.",
        ),
        Setting("ATENSI_LANG", "id", "Bahasa baris perintah: id (Bahasa Indonesia) atau en (English)."),
        Setting("ATENSI_MAX_UPLOAD_MB", "25", "Ukuran terbesar berkas unggahan, dalam megabita (MB)."),
        Setting(
            "ATENSI_SAMPLE",
            "1",
            "1 = isi database kosong dengan data contoh saat dasbor pertama kali dibuka; 0 = jangan.",
        ),
        Setting(
            "ATENSI_AUTH",
            "lokal",
            "Cara masuk: lokal = akun dan kata sandi di database; oidc = penyedia identitas (st.login).",
        ),
        Setting(
            "ATENSI_BACA_PUBLIK",
            "auto",
            "Membaca tanpa masuk: 1 = boleh, 0 = harus masuk, auto = boleh hanya bila server mendengar di 127.0.0.1.",
        ),
        Setting("ATENSI_SESI_MENIT", "60", "Sesi berakhir setelah sekian menit tanpa kegiatan; lalu masuk lagi."),
        Setting(
            "ATENSI_HOSTS",
            "localhost,127.0.0.1",
            "Nama host yang dilayani, dipisah koma (mis. atensi.kemensos.go.id); permintaan dengan Host atau Origin "
            "lain ditolak (melawan DNS rebinding). * = semua.",
        ),
        Setting(
            "ATENSI_KODE_ADMIN",
            "",
            "Kode sekali pakai layar admin pertama; diisi sendiri oleh `python -m lib jalankan` (make run) selama "
            "belum ada admin dan dicetak di konsolnya. Kosong = tanpa layar itu (di belakang nginx selalu kosong).",
        ),
        Setting(
            "ATENSI_CONTOH_HARI_INI",
            "",
            "Tanggal acuan data contoh (YYYY-MM-DD): data contoh berakhir pada bulan sebelumnya. Kosong = hari ini "
            "(zona waktu Sentra). Untuk uji dan demo yang harus sama setiap hari.",
        ),
    ]
}


def setting(name: str) -> str:
    return SETTINGS[name].value()


def max_upload_mb() -> float:
    """ATENSI_MAX_UPLOAD_MB as a number: the largest upload our own check reads."""
    try:
        mb = float(setting("ATENSI_MAX_UPLOAD_MB"))
    except ValueError:
        mb = -1.0
    if not mb > 0:
        raise UserError("Pengaturan tidak valid", "ATENSI_MAX_UPLOAD_MB harus berupa angka positif (megabita).")
    return mb


def max_upload_streamlit_mb() -> int:
    """The same limit in whole MB (at least 1) for Streamlit: the browser refuses a bigger file before sending it
    (st.file_uploader's max_upload_size) and the server refuses a bigger request (server.maxUploadSize)."""
    return max(1, math.ceil(max_upload_mb()))


@dataclass(frozen=True)
class Item:
    """One entry of a taxonomy list: a stable code and the label people read."""

    kode: str
    nama: str
    klaster: str = ""  # only for PAS categories
    nama_pendek: str = ""  # a shorter label for charts, when the name is long
    pekerja_sosial: bool = False  # only for SDM kinds

    @property
    def pendek(self) -> str:
        return self.nama_pendek or self.nama


@dataclass(frozen=True)
class Konfigurasi:
    path: Path
    sentra: dict
    wilayah: pd.DataFrame  # reference table of the covered districts, indexed by kode_wilayah
    klaster: tuple[Item, ...]
    kategori: tuple[Item, ...]
    kategori_judul: str
    kategori_singkatan: str
    jenis_layanan: tuple[Item, ...]
    pendekatan: tuple[Item, ...]
    jenis_sdm: tuple[Item, ...]
    status_program: tuple[str, ...]
    status_tindak_lanjut: tuple[str, ...]
    bawaan: dict = field(default_factory=dict)
    jenis_hasil: tuple[Item, ...] = ()  # [[jenis_hasil]]: kinds of outcome of the hasil dataset
    indikator: tuple[Indicator, ...] = ()  # [[indikator]] (or lib.indicators_bawaan.BAWAAN when it lists none)
    modul: dict = field(default_factory=dict)  # [modul]: optional parts (ska, program), on unless set false
    istilah: dict = field(default_factory=dict)  # [istilah]: words a deployment names its own way
    mutu: dict = field(default_factory=dict)  # [mutu]: the report deadline and the data-quality targets
    aturan_mutu: tuple[Rule, ...] = ()  # [[aturan_mutu]] (or lib.quality_rules.BAWAAN): Mutu Data's consistency
    # The configuration's version: changes with any edit of a file of the folder (name, size, modification time in
    # nanoseconds). Part of every cached figure's key, so a renamed district shows on the next rerun.
    stamp: str = ""

    @property
    def kode_wilayah(self) -> list[str]:
        return list(self.wilayah.index)

    @property
    def provinsi(self) -> list[str]:
        return list(dict.fromkeys(self.wilayah["provinsi"]))

    @functools.cached_property
    def _nama(self) -> dict[str, str]:  # selectboxes ask for every district's name on every run
        return dict(zip(self.wilayah.index, self.wilayah["nama"]))

    @functools.cached_property
    def provinsi_nama(self) -> dict[str, str]:
        """{kode_provinsi: name} of the coverage's provinces, in the configuration's order."""
        return dict(zip(self.wilayah["kode_provinsi"].tolist(), self.wilayah["provinsi"].tolist()))

    def nama_wilayah(self, kode: str) -> str:
        return self._nama.get(kode, kode)

    def nama_lain(self, kode: str) -> tuple[str, ...]:
        """The district's other names (wilayah.csv `nama_lain`, separated by ';'): abbreviations offices write."""
        raw = self.wilayah.at[kode, "nama_lain"] if kode in self.wilayah.index else ""
        return tuple(n.strip() for n in str(raw).split(";") if n.strip())

    def label(self, daftar: str, kode: str) -> str:
        for item in getattr(self, daftar):
            if item.kode == kode:
                return item.nama
        return kode

    def klaster_kategori(self) -> dict[str, str]:
        return {k.kode: k.klaster for k in self.kategori}

    @property
    def contoh_path(self) -> Path | None:
        name = self.bawaan.get("data_contoh")
        return (self.path.parent / name) if name else None


# [modul] and [istilah]: optional modules and the deployment's own words (documented in docs/konfigurasi.md).
MODULES = ("ska", "program")
ISTILAH = {  # key -> default (None: derived from the taxonomy)
    "dataset_pas": None,
    "dataset_layanan": "Layanan",
    "layanan": "Layanan ATENSI",
}


# [mutu]: a district's month is on time when its first report was saved by day `tenggat_hari` of the next month
# (Sentra time); targets in percent (WHO's Data Quality Review: completeness 90 %, timeliness 75 %).
MUTU = {"tenggat_hari": 10, "target_kelengkapan": 90.0, "target_ketepatan": 75.0}


def quality_setting(cfg: Konfigurasi, key: str) -> float:
    """A [mutu] setting of the configuration, or its default (MUTU)."""
    return float(cfg.mutu.get(key, MUTU[key]))


def module_on(cfg: Konfigurasi, name: str) -> bool:
    """Whether an optional module (SKA, programmes) is part of this deployment: [modul] name = false removes it."""
    return bool(cfg.modul.get(name, True))


def term(cfg: Konfigurasi, key: str) -> str:
    """A word from [istilah], or its default: the PAS dataset is called by the categories' abbreviation when that
    is PAS or PMKS (a Dinas Sosial counting PMKS calls its sheet PMKS), else "PAS"."""
    value = cfg.istilah.get(key)
    if value:
        return str(value)
    if key == "dataset_pas":
        return cfg.kategori_singkatan if cfg.kategori_singkatan.upper() in ("PAS", "PMKS") else "PAS"
    return ISTILAH[key] or key


def dataset_title(cfg: Konfigurasi, nama: str, judul: str) -> str:
    """A dataset's display name (banner, history, template sheet): [istilah] dataset_<nama>, else its own title."""
    return term(cfg, f"dataset_{nama}") if f"dataset_{nama}" in ISTILAH else judul


def _items(rows: list[dict]) -> tuple[Item, ...]:
    return tuple(Item(**{k: v for k, v in r.items() if k in Item.__dataclass_fields__}) for r in rows)


@functools.lru_cache(maxsize=8)
def _load(path: str, stamp: str) -> Konfigurasi:
    from lib.config_check import require_valid  # here: the check reads the tables with pandas

    p = Path(path)
    require_valid(p)  # every problem of every file at once (ConfigInvalid), before anything is built
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError("Konfigurasi tidak ditemukan", f"Berkas {p} tidak ada. Periksa ATENSI_CONFIG.") from None
    except tomllib.TOMLDecodeError as e:
        raise UserError("Konfigurasi tidak dapat dibaca", f"{p}: {e}") from None
    try:
        return dataclasses.replace(_build(p, raw), stamp=stamp)
    except KeyError as e:
        raise UserError("Konfigurasi tidak lengkap", f"{p}: bagian atau kolom {e} tidak ada.") from None
    except FileNotFoundError as e:
        raise UserError("Konfigurasi tidak lengkap", f"{p}: berkas {e.filename} tidak ada.") from None


def _build(p: Path, raw: dict) -> Konfigurasi:
    import pandas as pd  # here: see the TYPE_CHECKING import

    ref = pd.read_csv(p.parent / raw["wilayah"]["referensi"], dtype={"kode_wilayah": str, "kode_bps": str})
    ref = ref.set_index("kode_wilayah")
    cakupan = raw["wilayah"]["cakupan"]
    missing = [k for k in cakupan if k not in ref.index]
    if missing:
        raise UserError("Konfigurasi tidak lengkap", f"Kode wilayah tanpa data referensi: {', '.join(missing)}")
    wilayah = ref.loc[cakupan].copy()
    # Optional column: other names of a district (abbreviations), ';'-separated; blank when absent.
    wilayah["nama_lain"] = wilayah["nama_lain"].fillna("").astype(str) if "nama_lain" in wilayah else ""
    wilayah["nama_pendek"] = display_names(wilayah)
    wilayah["provinsi_pendek"] = wilayah["provinsi"].map(short_province)
    wilayah["kode_provinsi"] = [k.split(".")[0] for k in wilayah.index]
    klaster = _items(raw["klaster"])
    kategori = _items(raw["kategori"]["daftar"])
    kodes = {k.kode for k in klaster}
    bad = [k.kode for k in kategori if k.klaster not in kodes]
    if bad:
        raise UserError("Konfigurasi tidak lengkap", f"Kategori tanpa klaster yang dikenal: {', '.join(bad)}")
    return Konfigurasi(
        path=p,
        sentra=raw["sentra"],
        wilayah=wilayah,
        klaster=klaster,
        kategori=kategori,
        kategori_judul=raw["kategori"].get("judul", "Kategori"),
        kategori_singkatan=raw["kategori"].get("singkatan", "Kategori"),
        jenis_layanan=_items(raw["jenis_layanan"]),
        pendekatan=_items(raw["pendekatan"]),
        jenis_sdm=_items(raw["jenis_sdm"]),
        status_program=tuple(raw["status"]["program"]),
        status_tindak_lanjut=tuple(raw["status"]["tindak_lanjut"]),
        bawaan=raw.get("bawaan", {}),
        jenis_hasil=_items(raw.get("jenis_hasil", [])),
        indikator=tuple(
            build(item, raw["kategori"].get("singkatan", "Kategori"))
            for item in raw.get("indikator") or default_entries(raw)
        ),
        modul=raw.get("modul", {}),
        istilah=raw.get("istilah", {}),
        mutu=raw.get("mutu", {}),
        aturan_mutu=tuple(
            build_rule(item, raw["kategori"].get("singkatan", "Kategori"))
            for item in raw.get("aturan_mutu") or default_rules()
        ),
    )


def config_stamp(path: Path) -> str:
    """The version of a configuration folder: the name, size and modification time (ns) of each .toml and .csv file
    in it (the configuration, the reference table, the sample parameters), hashed. A stat per file, no reading."""
    parts = []
    for f in sorted(path.parent.glob("*.*")):
        if f.suffix in (".toml", ".csv"):
            st = f.stat()
            parts.append(f"{f.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16] if path.exists() else ""


def load_config(path: str | os.PathLike | None = None) -> Konfigurasi:
    """The configuration in force: ATENSI_CONFIG (read again when a file of its folder changes)."""
    p = Path(path or setting("ATENSI_CONFIG")).resolve()
    return _load(str(p), config_stamp(p))


def clock() -> dt.datetime:
    """Now, in UTC: the one clock of the application (a test freezes it here)."""
    return dt.datetime.now(dt.UTC)


def zone(cfg: Konfigurasi) -> ZoneInfo:
    """The Sentra's time zone ([sentra] zona_waktu), Western Indonesia's when unset."""
    return ZoneInfo(cfg.sentra.get("zona_waktu", "Asia/Jakarta"))


def today(cfg: Konfigurasi, now: dt.datetime | None = None) -> dt.date:
    """Today's date in the Sentra's time zone, not the server's: what 'overdue', 'not yet happened' and the
    template's example month are measured against (at 00:30 in Kendari it is still yesterday in UTC)."""
    return (now or clock()).astimezone(zone(cfg)).date()


def sample_today(cfg: Konfigurasi) -> dt.date:
    """The date the sample data is generated for (its last month is the one before): ATENSI_CONTOH_HARI_INI when set,
    else today in the Sentra's time zone. Tests pin it so the sample's months do not move with the calendar."""
    pinned = setting("ATENSI_CONTOH_HARI_INI").strip()
    if not pinned:
        return today(cfg)
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise UserError(
            "Pengaturan tidak valid", f"ATENSI_CONTOH_HARI_INI harus berupa tanggal YYYY-MM-DD, bukan {pinned!r}."
        ) from None
