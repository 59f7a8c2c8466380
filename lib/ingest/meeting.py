"""A meeting's fields as a person gave them (the Rapat screen, the command line) -> a checked `Rapat`, or every
problem at once with the field named in Bahasa Indonesia (the column registry's labels, lib.schema.MEETING_FIELDS)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from lib.config import Konfigurasi
from lib.errors import Refused
from lib.ingest import cells
from lib.ingest.codes import DistrictLookup
from lib.schema import MEETING_FIELDS, MEETING_KINDS, SLIDE_KINDS, TANGGAL
from lib.store.meetings import Rapat

MAX_TEXT = 200  # a name, series or place longer than this is a paste gone wrong


def _items(v: Any) -> list[Any]:
    if v is None:
        return []
    if isinstance(v, str):
        return [x.strip() for x in v.split(",") if x.strip()]
    return [x for x in v if not cells.is_blank(x)]


def check_meeting(values: Mapping[str, Any], cfg: Konfigurasi, meeting_id: int | None = None) -> Rapat:
    """The meeting in `values` (keys: the registry's names: rapat, jenis_rapat, seri_rapat, tanggal_rapat,
    tempat_rapat, wilayah_peserta, slide), checked; Refused naming every field that is wrong."""
    problems: list[tuple[str, str, str]] = []  # field, value, what is wrong
    out: dict[str, Any] = {}
    for col in MEETING_FIELDS.values():
        v = values.get(col.name)
        name = col.label
        if col.name in ("wilayah_peserta", "slide"):
            continue
        if cells.is_blank(v):
            if col.required:
                problems.append((name, "", f"{name} wajib diisi."))
            out[col.name] = None if col.kind == TANGGAL else ""
            continue
        if col.kind == TANGGAL:
            try:
                out[col.name] = cells.parse_tanggal(v)
            except cells.CellError as e:
                problems.append((name, cells.short_text(v), f"{name}: {e.message} {e.fix}"))
            continue
        text = cells.text(v)
        if len(text) > MAX_TEXT:
            problems.append((name, cells.short_text(v), f"{name} terlalu panjang (paling banyak {MAX_TEXT} huruf)."))
        out[col.name] = text
    if out.get("jenis_rapat") and out["jenis_rapat"] not in MEETING_KINDS:
        name = MEETING_FIELDS["jenis_rapat"].label
        problems.append((name, out["jenis_rapat"], f"{name} harus salah satu dari {', '.join(MEETING_KINDS)}."))
    districts = _districts(values.get("wilayah_peserta"), cfg, problems)
    sequence = _slides(values.get("slide"), cfg, problems)
    if problems:
        raise Refused(
            "Rapat tidak disimpan",
            " ".join(p[2] for p in problems) + " Tidak ada yang diubah.",
            details=pd.DataFrame(problems, columns=["Isian", "Nilai", "Masalah"]),
        )
    return Rapat(
        id=meeting_id,
        nama=out["rapat"],
        jenis=out["jenis_rapat"],
        seri=out["seri_rapat"],
        tanggal=out["tanggal_rapat"],
        tempat=out["tempat_rapat"],
        wilayah=districts,
        slide=sequence,
    )


def _districts(v: Any, cfg: Konfigurasi, problems: list[tuple[str, str, str]]) -> tuple[str, ...]:
    name = MEETING_FIELDS["wilayah_peserta"].label
    lookup = DistrictLookup.from_wilayah(cfg.wilayah)
    out: list[str] = []
    for x in _items(v):
        try:
            kode = lookup(x)
        except cells.CellError as e:
            problems.append((name, cells.short_text(x), f"{name}: {e.message}"))
            continue
        if kode not in cfg.wilayah.index:
            problems.append(
                (name, cells.short_text(x), f"{name}: '{cells.short_text(x)}' tidak termasuk wilayah jangkauan.")
            )
        elif kode not in out:
            out.append(kode)
    return tuple(out)


def _slides(v: Any, cfg: Konfigurasi, problems: list[tuple[str, str, str]]) -> tuple[str, ...]:
    name = MEETING_FIELDS["slide"].label
    entries = [cells.text(x) for x in _items(v)]
    klaster = {k.kode for k in cfg.klaster}
    for entry in entries:
        kind, _, which = entry.partition(":")
        if kind not in SLIDE_KINDS or (which and (kind != "klaster" or which not in klaster | {"*"})):
            problems.append((name, entry, f"{name}: '{entry}' bukan slide yang dikenal."))
    if not entries:
        problems.append((name, "", f"{name}: pilih paling sedikit satu slide."))
    return tuple(dict.fromkeys(entries))
