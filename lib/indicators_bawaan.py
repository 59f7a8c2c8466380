"""The built-in indicators: what a configuration without [[indikator]] gets, defined as every shipped configuration
lists them (tests/unit/test_indicators.py checks they are the same)."""

from __future__ import annotations

import tomllib
from typing import Any

# A configuration without [[indikator]] gets today's measures, defined as every shipped configuration lists them.
BAWAAN = """
[[indikator]]
kode = "terdata"
nama = "{singkatan} terdata"
satuan = "orang"
pembilang = "pas.terdata"
keterangan = "Jumlah {singkatan} yang terdata pada bulan terpilih."

[[indikator]]
kode = "dilayani"
nama = "{singkatan} dilayani"
satuan = "orang"
pembilang = "pas.dilayani"
naik_baik = true
keterangan = "Jumlah {singkatan} yang menerima layanan pada bulan terpilih."

[[indikator]]
kode = "cakupan"
nama = "Cakupan layanan"
satuan = "persen"
pembilang = "pas.dilayani"
penyebut = "pas.terdata"
faktor = 100
naik_baik = true
keterangan = "Dilayani ÷ terdata. Perubahan dalam poin persentase."

[[indikator]]
kode = "per10rb"
nama = "{singkatan} per 10.000 penduduk"
satuan = "per 10.000 penduduk"
pembilang = "pas.terdata"
penyebut = "penduduk.jumlah"
faktor = 10000
keterangan = "Terdata ÷ penduduk × 10.000 (penduduk tahun terdekat yang tersedia)."

[[indikator]]
kode = "capaian"
nama = "Capaian program"
satuan = "persen"
pembilang = "program.realisasi"
penyebut = "program.target"
faktor = 100
agregasi = "rata_rata_baris"
naik_baik = true
keterangan = "Rata-rata capaian (realisasi ÷ target) program di wilayah itu pada bulan terpilih."

[[indikator]]
kode = "serapan"
nama = "Penyerapan anggaran"
satuan = "persen"
pembilang = "program.realisasi_anggaran"
penyebut = "program.anggaran"
faktor = 100
naik_baik = true
keterangan = "Realisasi anggaran ÷ pagu program di wilayah itu pada bulan terpilih."

[[indikator]]
kode = "pas_per_peksos"
nama = "{singkatan} per pekerja sosial"
satuan = "per pekerja sosial"
pembilang = "pas.terdata"
penyebut = "sdm.jumlah[jenis_sdm in ({pekerja_sosial})]"
naik_baik = false
keterangan = "{singkatan} terdata ÷ jumlah {nama_pekerja_sosial} (data SDM tahun terdekat yang tersedia)."

[[indikator]]
kode = "pengunjung_ska"
nama = "Pengunjung"
satuan = "orang"
pembilang = "ska.pengunjung"
naik_baik = true
tingkat = "sentra"
kelompok = "lain"
keterangan = "Jumlah pengunjung SKA pada bulan terpilih."

[[indikator]]
kode = "omzet_ska"
nama = "Omzet SKA"
satuan = "rupiah"
pembilang = "ska.omzet"
naik_baik = true
tingkat = "sentra"
keterangan = "Omzet Sentra Kreasi ATENSI pada bulan terpilih (tanpa rincian wilayah)."

[[indikator]]
kode = "laba_kotor_ska"
nama = "Laba kotor"
satuan = "rupiah"
pembilang = "ska.laba_kotor"
naik_baik = true
tingkat = "sentra"
kelompok = "lain"
keterangan = "Omzet SKA dikurangi harga pokok produk yang terjual."

[[indikator]]
kode = "margin_ska"
nama = "Margin laba kotor"
satuan = "persen"
pembilang = "ska.laba_kotor"
penyebut = "ska.omzet"
faktor = 100
naik_baik = true
tingkat = "sentra"
kelompok = "lain"
keterangan = "Laba kotor ÷ omzet SKA. Perubahan dalam poin."
"""


def default_entries(raw: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """BAWAAN for a configuration (its raw TOML): PAS per pekerja sosial counts its SDM kinds flagged pekerja_sosial
    (left out when none is)."""
    kinds = [j for j in (raw or {}).get("jenis_sdm") or [] if isinstance(j, dict) and j.get("pekerja_sosial")]
    out = []
    for item in tomllib.loads(BAWAAN)["indikator"]:
        if "{pekerja_sosial}" in item.get("penyebut", ""):
            if not kinds:
                continue
            item["penyebut"] = item["penyebut"].replace(
                "{pekerja_sosial}", ", ".join(str(j.get("kode")) for j in kinds)
            )
            names = ", ".join(str(j.get("nama", j.get("kode"))) for j in kinds)
            item["keterangan"] = item["keterangan"].replace("{nama_pekerja_sosial}", names)
        out.append(item)
    return out
