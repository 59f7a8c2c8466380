"""The check of a configuration against its schema (lib/config_schema.py): every problem at once, in Bahasa
Indonesia, naming the file, the key or line, and the fix — never a traceback.

`python -m lib periksa-konfigurasi [DIR]` prints the list; both front doors (every command of the command line, and
app.py) run the same check first and refuse to start on any problem. Checked: the TOML syntax, unknown keys (with a
"did you mean"), required keys, types, the reference table's columns and values, and the codes one file takes from
another (klaster of a category, districts of the coverage, of the programmes and follow-ups, statuses).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pandas as pd

from lib.config_reference import check_wilayah
from lib.config_schema import (
    BATAS_SUMBER,
    CONTOH,
    DAFTAR_TABEL,
    DOCS,
    KONFIGURASI,
    PER_KODE,
    PROFIL,
    SLIDES,
    TABEL,
    Kunci,
    Masalah,
    Problems,
    did_you_mean,
    read_toml,
    type_ok,
    zone_ok,
)
from lib.errors import UserError
from lib.indicators import check_entry, default_entries, district_level
from lib.quality_rules import report_rules


class ConfigInvalid(UserError):
    """The configuration has problems; `masalah` lists every one (the command line prints them, app.py shows one
    st.error each)."""

    def __init__(self, masalah: list[Masalah]):
        super().__init__(
            "Konfigurasi tidak valid",
            f"{len(masalah)} masalah pada konfigurasi; perbaiki lalu mulai lagi (rujukan: {DOCS}).",
            "\n".join(f"- {m}" for m in masalah),
        )
        self.masalah = masalah


def check_config(path: str | Path) -> list[Masalah]:
    """Every problem of the configuration at `path` (a konfigurasi.toml, or a folder holding one), all at once."""
    p = Path(path)
    p = p / "konfigurasi.toml" if p.is_dir() or not p.suffix else p
    folder = p.parent
    files = sorted(f for f in folder.glob("*.*") if f.suffix in (".toml", ".csv")) if folder.is_dir() else []
    return list(_checked(str(p.resolve()), tuple((f.name, f.stat().st_mtime) for f in files)))


def require_valid(path: str | Path) -> None:
    """Raise ConfigInvalid (a UserError) listing every problem, if there is any."""
    masalah = check_config(path)
    if masalah:
        raise ConfigInvalid(masalah)


@functools.lru_cache(maxsize=8)
def _checked(path: str, mtimes: tuple) -> tuple[Masalah, ...]:
    return tuple(_check(Path(path)))


def _check(p: Path) -> list[Masalah]:
    out: list[Masalah] = []
    raw = read_toml(p, p.name, out)
    if raw is None and not p.exists():
        out[-1] = Masalah(
            p.name, "", "berkas konfigurasi tidak ada.", "periksa ATENSI_CONFIG atau folder yang disebut."
        )
    if raw is None:
        return out
    k = Problems(p.name, p.read_text(encoding="utf-8"))
    _keys(raw, KONFIGURASI, [], k)
    ref = None
    wil = _t(raw, "wilayah")
    cakupan = [c for c in _l(wil, "cakupan") if isinstance(c, str)]
    if isinstance(wil.get("referensi"), str):
        ref = check_wilayah(p.parent / wil["referensi"], wil["referensi"], cakupan, out)
    _cross(raw, ref, cakupan, k)
    out[:0] = k
    bawaan = _t(raw, "bawaan")
    if isinstance(bawaan.get("data_contoh"), str):
        cp = p.parent / bawaan["data_contoh"]
        contoh = read_toml(cp, bawaan["data_contoh"], out)
        if contoh is not None:
            c = Problems(bawaan["data_contoh"], cp.read_text(encoding="utf-8"))
            _keys(contoh, CONTOH, [], c)
            _cross_contoh(contoh, raw, cakupan, c)
            out += c
    bp = p.parent / "batas_sumber.toml"
    if bp.exists():
        batas = read_toml(bp, bp.name, out)
        if batas is not None:
            b = Problems(bp.name, bp.read_text(encoding="utf-8"))
            _keys(batas, BATAS_SUMBER, [], b)
            out += b
    return out


def _t(d: dict, key: str) -> dict[str, Any]:
    v = d.get(key)
    return v if isinstance(v, dict) else {}


def _l(d: dict, key: str) -> list[Any]:
    v = d.get(key)
    return v if isinstance(v, list) else []


def _where(path: list[str], key: str = "") -> str:
    """'[sentra] nama', '[[program]] ke-2 wilayah', or the key alone at the top of the file."""
    head = " ".join(path)
    return f"{head} {key}".strip() if head else key


def _keys(value: dict, schema: tuple[Kunci, ...], path: list[str], out: Problems) -> None:
    """Unknown keys, required keys and types, recursively."""
    known = {s.nama: s for s in schema}
    for key in value:
        if key not in known:
            out.add(_where(path, key), f'kunci "{key}" tidak dikenal.', did_you_mean(key, known), key)
    for s in schema:
        if s.nama not in value:
            if s.wajib:
                what = f"tabel [{'.'.join([*_names(path), s.nama])}]" if s.jenis == TABEL else f'kunci "{s.nama}"'
                out.add(_where(path), f"{what} wajib ada tetapi tidak ditemukan.", f"tambahkan {s.nama} ({s.arti}).")
            continue
        v = value[s.nama]
        if not type_ok(v, s.jenis):
            contoh = f", mis. {s.nama} = {s.contoh}" if s.contoh else ""
            out.add(_where(path, s.nama), f"harus berupa {s.jenis}, bukan {v!r}.", f"tulis {s.jenis}{contoh}.", s.nama)
        elif s.jenis == TABEL:
            _keys(v, s.isi, [*path, f"[{'.'.join([*_names(path), s.nama])}]"], out)
        elif s.jenis == DAFTAR_TABEL:
            name = ".".join([*_names(path), s.nama])
            if not v and s.wajib:
                out.add(f"[[{name}]]", "daftar ini kosong.", f"tambahkan paling sedikit satu [[{name}]].")
            for i, item in enumerate(v, 1):
                label = f"[[{name}]] ke-{i}" + (f' ("{item["kode"]}")' if isinstance(item.get("kode"), str) else "")
                _keys(item, s.isi, [label], out)
        elif s.jenis == PER_KODE:
            for code, item in v.items():
                if s.isi and isinstance(item, dict):
                    _keys(item, s.isi, [f"[{s.nama}] {code}"], out)
                elif s.isi or not type_ok(item, "angka"):
                    want = "tabel {" + ", ".join(f"{x.nama} = …" for x in s.isi) + "}" if s.isi else "angka"
                    out.add(f"[{s.nama}] {code}", f"harus berupa {want}.", f"tulis {code} = {s.contoh or want}.", code)


def _names(path: list[str]) -> list[str]:
    """The table names of a path: '[kategori]' -> 'kategori' (items of a list stop the chain)."""
    return [x.strip("[]") for x in path if x.startswith("[") and not x.startswith("[[")]


def _codes(raw: dict, *keys: str) -> list[str]:
    v: Any = raw
    for key in keys:
        v = v.get(key, []) if isinstance(v, dict) else []
    return (
        [x["kode"] for x in v if isinstance(x, dict) and isinstance(x.get("kode"), str)] if isinstance(v, list) else []
    )


def _list(raw: dict, table: str, key: str) -> list:
    t = raw.get(table)
    v = t.get(key) if isinstance(t, dict) else None
    return v if isinstance(v, list) else []


def _cross(raw: dict, ref: pd.DataFrame | None, cakupan: list[str], out: Problems) -> None:
    """Codes one part of konfigurasi.toml takes from another, or from the reference table."""
    for keys in (("klaster",), ("kategori", "daftar"), ("jenis_layanan",), ("pendekatan",), ("jenis_sdm",), ("jenis_hasil",), ("indikator",)):  # fmt: skip
        codes = _codes(raw, *keys)
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            out.add(f"[[{'.'.join(keys)}]]", f"kode ganda: {', '.join(twice)}.", "beri setiap entri kode sendiri.")
    klaster = set(_codes(raw, "klaster"))
    daftar = raw["kategori"].get("daftar") if isinstance(raw.get("kategori"), dict) else None
    for i, item in enumerate(daftar if isinstance(daftar, list) else [], 1):
        kl = item.get("klaster") if isinstance(item, dict) else None
        if isinstance(kl, str) and kl not in klaster:
            out.add(
                f'[[kategori.daftar]] ke-{i} ("{item.get("kode", "")}") klaster',
                f'klaster "{kl}" tidak ada di [[klaster]].',
                f"pakai salah satu kode klaster: {', '.join(sorted(klaster))}. {did_you_mean(kl, sorted(klaster))}",
            )
    twice = sorted({c for c in cakupan if cakupan.count(c) > 1})
    if twice:
        out.add("[wilayah] cakupan", f"kode ganda: {', '.join(twice)}.", "tulis setiap kode sekali.", "cakupan")
    if isinstance(raw.get("wilayah"), dict) and raw["wilayah"].get("cakupan") == []:
        out.add("[wilayah] cakupan", "daftar wilayah jangkauan kosong.", "tulis kode Kemendagri wilayahnya.", "cakupan")
    if ref is not None:
        missing = [c for c in dict.fromkeys(cakupan) if c not in ref.index]
        if missing:
            out.add(
                "[wilayah] cakupan",
                f"{len(missing)} kode tidak ada di berkas referensi {raw['wilayah']['referensi']}: "
                f"{', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}.",
                "tambahkan barisnya ke berkas referensi atau perbaiki kodenya (format PP.KK, mis. 74.71).",
                "cakupan",
            )
        sentra = _t(raw, "sentra")
        home = sentra.get("kode_wilayah")
        if isinstance(home, str) and home not in ref.index:
            out.add(
                "[sentra] kode_wilayah", f'kode "{home}" tidak ada di berkas referensi.', "pakai kode PP.KK yang ada."
            )
    zona = raw["sentra"].get("zona_waktu") if isinstance(raw.get("sentra"), dict) else None
    if isinstance(zona, str) and not zone_ok(zona):
        out.add("[sentra] zona_waktu", f'zona waktu "{zona}" tidak dikenal.', "pakai Asia/Jakarta, Asia/Makassar atau Asia/Jayapura.", "zona_waktu")  # fmt: skip
    program, tl = _list(raw, "status", "program"), _list(raw, "status", "tindak_lanjut")
    if isinstance(raw.get("status"), dict) and "program" in raw["status"] and len(program) != 4:
        out.add("[status] program", f"harus tepat 4 status, ada {len(program)}.", "urutannya: belum mulai, berjalan, selesai, terkendala.", "program")  # fmt: skip
    if isinstance(raw.get("status"), dict) and "tindak_lanjut" in raw["status"] and len(set(tl)) < 2:
        out.add("[status] tindak_lanjut", "perlu paling sedikit 2 status yang berbeda.", "pertama = belum mulai, terakhir = selesai.", "tindak_lanjut")  # fmt: skip
    for entry in _list(raw, "presentasi", "slides"):
        kind, _, which = str(entry).partition(":")
        if kind not in SLIDES:
            out.add("[presentasi] slides", f'"{entry}" bukan jenis salindia.', f"pakai: {', '.join(SLIDES)}. {did_you_mean(kind, SLIDES)}", "slides")  # fmt: skip
        elif kind == "klaster" and which not in ("", "*") and which not in klaster:
            out.add("[presentasi] slides", f'klaster "{which}" tidak ada di [[klaster]].', f"pakai klaster:* atau salah satu: {', '.join(sorted(klaster))}.", "slides")  # fmt: skip
    indikator = _indicators(raw, out)
    report_rules(_l(raw, "aturan_mutu"), _code_lists(raw).get, out.add)  # Mutu Data's [[aturan_mutu]]
    ukuran = raw["presentasi"].get("peta_ukuran") if isinstance(raw.get("presentasi"), dict) else None
    if isinstance(ukuran, str) and ukuran not in indikator:
        out.add("[presentasi] peta_ukuran", f'"{ukuran}" bukan ukuran peta.', f"pakai kode [[indikator]] tingkat wilayah: {', '.join(indikator)}. {did_you_mean(ukuran, indikator)}", "peta_ukuran")  # fmt: skip


def _code_lists(raw: dict) -> dict[str, list[str]]:
    """The codes of each configuration list an expression's filter may name (lib.schema's code_list names)."""
    return {
        "klaster": _codes(raw, "klaster"),
        "kategori": _codes(raw, "kategori", "daftar"),
        "jenis_layanan": _codes(raw, "jenis_layanan"),
        "pendekatan": _codes(raw, "pendekatan"),
        "jenis_sdm": _codes(raw, "jenis_sdm"),
        "jenis_hasil": _codes(raw, "jenis_hasil"),
        "status_program": [str(x) for x in _list(raw, "status", "program")],
        "status_tindak_lanjut": [str(x) for x in _list(raw, "status", "tindak_lanjut")],
    }


def _indicators(raw: dict, out: Problems) -> list[str]:
    """Each [[indikator]]'s expressions and dependent keys (lib.indicators.check_entry); the codes of those the map
    may show (district level), configured or, without any, the built-in ones."""
    lists = _code_lists(raw)
    items = _l(raw, "indikator")
    for i, item in enumerate(x for x in items if isinstance(x, dict)):
        where = f"[[indikator]] ke-{i + 1}" + (f' ("{item["kode"]}")' if isinstance(item.get("kode"), str) else "")
        for key, pesan, perbaikan in check_entry(item, lists.get):
            out.add(f"{where} {key}", pesan, perbaikan)
    entries = [x for x in items if isinstance(x, dict)] or default_entries(raw)
    return [x["kode"] for x in entries if isinstance(x.get("kode"), str) and district_level(x)]


def _cross_contoh(contoh: dict, raw: dict, cakupan: list[str], out: Problems) -> None:
    """The sample parameters against the configuration: categories, SDM kinds, klaster, districts, statuses."""
    kategori = _codes(raw, "kategori", "daftar")
    for table, codes in (("kategori", kategori), ("sdm", _codes(raw, "jenis_sdm")), ("hasil", _codes(raw, "jenis_hasil"))):  # fmt: skip
        for code in contoh.get(table, {}) if isinstance(contoh.get(table), dict) else {}:
            if code not in codes:
                out.add(f"[{table}] {code}", f'kode "{code}" tidak ada di konfigurasi.', did_you_mean(code, codes), code)  # fmt: skip
    for code, rate in (contoh.get("kategori") or {}).items() if isinstance(contoh.get("kategori"), dict) else []:
        share = rate.get("dilayani") if isinstance(rate, dict) else None
        if isinstance(share, int | float) and not 0 <= share <= 1:
            out.add(f"[kategori] {code} dilayani", f"harus antara 0 dan 1, bukan {share}.", "tulis bagian, mis. 0.55.", code)  # fmt: skip
    klaster, status = set(_codes(raw, "klaster")), _list(raw, "status", "tindak_lanjut")
    inside = set(cakupan)
    programs = _l(contoh, "program")
    for i, prog in enumerate(p for p in programs if isinstance(p, dict)):
        where = f'[[program]] ke-{i + 1} ("{prog.get("kode", "")}")'
        if isinstance(prog.get("klaster"), str) and prog["klaster"] not in klaster:
            out.add(f"{where} klaster", f'klaster "{prog["klaster"]}" tidak ada di [[klaster]].', did_you_mean(prog["klaster"], sorted(klaster)))  # fmt: skip
        outside = [w for w in _l(prog, "wilayah") if isinstance(w, str) and w not in inside]
        if outside:
            out.add(f"{where} wilayah", f"wilayah {', '.join(outside)} di luar cakupan konfigurasi.", "pakai kode yang ada di [wilayah] cakupan.")  # fmt: skip
        if isinstance(prog.get("profil"), str) and prog["profil"] not in PROFIL:
            out.add(f"{where} profil", f'"{prog["profil"]}" bukan profil.', f"pakai salah satu: {', '.join(PROFIL)}.")
        a, b = prog.get("mulai"), prog.get("akhir")
        if isinstance(a, str) and isinstance(b, str) and a > b:
            out.add(f"{where} akhir", f"bulan akhir {b} sebelum bulan mulai {a}.", "tukar atau perbaiki bulannya.")
    items = _l(contoh, "tindak_lanjut")
    for i, tl in enumerate(t for t in items if isinstance(t, dict)):
        where = f"[[tindak_lanjut]] ke-{i + 1}"
        if isinstance(tl.get("status"), str) and status and tl["status"] not in status:
            out.add(f"{where} status", f'status "{tl["status"]}" tidak ada di [status] tindak_lanjut konfigurasi.', f"pakai salah satu: {', '.join(status)}.")  # fmt: skip
        kode = tl.get("kode_wilayah")
        if isinstance(kode, str) and kode and kode not in inside:
            out.add(f"{where} kode_wilayah", f"wilayah {kode} di luar cakupan konfigurasi.", "pakai kode dari [wilayah] cakupan, atau kosong untuk semua wilayah.")  # fmt: skip
    n = contoh.get("jumlah_bulan")
    if isinstance(n, int) and not 1 <= n <= 240:
        out.add("jumlah_bulan", f"harus antara 1 dan 240, bukan {n}.", "tulis mis. jumlah_bulan = 24.", "jumlah_bulan")
    a, b = contoh.get("periode_awal"), contoh.get("periode_akhir")
    if isinstance(a, str) and isinstance(b, str) and a > b:
        out.add("periode_akhir", f"{b} sebelum periode_awal {a}.", "perbaiki bulannya.", "periode_akhir")
