"""The accounts and the audit trail as people read them (the Pengguna screen, Riwayat Data, `python -m lib audit`)."""

from __future__ import annotations

import pandas as pd

from lib import fmt
from lib.config import Konfigurasi
from lib.store.contoh import SAMPLE_FILE

AKSI = {
    "simpan batch": "unggah/simpan batch",
    "batalkan batch": "batalkan batch",
    "masuk": "masuk",
    "ubah tindak lanjut": "ubah tindak lanjut",
    "pasang batas wilayah": "pasang batas wilayah",
    "tambah akun": "tambah akun",
    "ubah akun": "ubah akun",
    "hapus akun": "hapus akun",
    "buka kunci": "buka kunci masuk",
}


OLD_SAMPLE_FILE = "lib/sample.py"


def audit_rows(log: pd.DataFrame, cfg: Konfigurasi) -> pd.DataFrame:
    """Who did what and when: newest first, times in the Sentra's zone."""
    zona = cfg.sentra.get("zona_waktu", "Asia/Jakarta")
    return pd.DataFrame(
        {
            "Waktu": [fmt.waktu(t, zona) for t in log["waktu"]],
            "Oleh": log["login"],
            "Peran": log["peran"],
            "Lewat": log["via"],
            "Aksi": [AKSI.get(a, a) for a in log["aksi"]],
            "Objek": log["objek"],
            "Hasil": log["hasil"],
            # the sample's batches named their file 'lib/sample.py' before this release: never a code path on screen
            "Rincian": [str(r).replace(OLD_SAMPLE_FILE, SAMPLE_FILE) for r in log["rincian"]],
        }
    )


def user_rows(users: pd.DataFrame, cfg: Konfigurasi) -> pd.DataFrame:
    """The accounts: login, name, role, districts by name, local password or not, active, failures."""
    return pd.DataFrame(
        {
            "Login": users["login"],
            "Nama": users["nama"],
            "Peran": users["peran"],
            "Kabupaten/Kota": [
                ", ".join(cfg.nama_wilayah(k) for k in w.split(",") if k) or "–" for w in users["wilayah"]
            ],
            "Sandi lokal": ["ya" if x else "tidak (OIDC)" for x in users["sandi"]],
            "Aktif": ["ya" if x else "tidak" for x in users["aktif"]],
            "Gagal masuk": users["gagal"].map(fmt.angka),
        }
    )
