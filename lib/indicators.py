"""Indicators as configuration: `[[indikator]]` of konfigurasi.toml, each a numerator over a denominator written in
a small expression language over the datasets of the upload contract (lib.schema), their number columns and
filters on their category columns, as DHIS2 defines its indicators:

    pembilang = "hasil.jumlah[jenis_hasil = berfungsi_sosial]"
    penyebut  = "pas.dilayani"
    pembilang = "sdm.jumlah[jenis_sdm in (pekerja_sosial, tksk)] + pas.terdata[kategori_pas != fakir_miskin]"

The grammar (a tokenizer and a recursive-descent parser; nothing is evaluated as Python):

    expression := term (("+" | "-") term)*
    term       := NAME "." NAME [ "[" condition ("," condition)* "]" ]
    condition  := NAME ("=" | "!=") value | NAME "in" "(" value ("," value)* ")"
    value      := NAME | "quoted text"

Here an expression is only parsed and checked against the registry and the configuration's codes (the "list of
problems" of lib.config_check); lib.figures.indicators evaluates it with the time rules of each dataset.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from lib.indicators_bawaan import default_entries  # noqa: F401  (the built-in ones, for the configuration's check)
from lib.schema import BILANGAN, DATASETS

AGREGASI = ("rasio_jumlah", "rata_rata_baris")  # ratio of sums (default) | mean of the rows' ratios
TINGKAT = ("wilayah", "sentra")  # per district (and summed up the areas) | the Sentra's whole coverage only
KELOMPOK = ("output", "dampak", "lain")  # the overview's "Output dan dampak" group; lain: on its own screen only
MODUL_DATASET = {"program": "program", "ska": "ska"}  # a dataset of an optional module ([modul])
Kind = Literal["angka", "persen", "rupiah", "per10rb"]


class ExpressionError(ValueError):
    """A malformed expression: what is wrong, in Bahasa Indonesia, and where (character position)."""


@dataclass(frozen=True)
class Condition:
    column: str
    negated: bool  # '!=' (or not in)
    values: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    dataset: str
    column: str
    conditions: tuple[Condition, ...] = ()
    sign: int = 1


@dataclass(frozen=True)
class Indicator:
    kode: str
    nama: str
    satuan: str
    pembilang: tuple[Term, ...]
    penyebut: tuple[Term, ...]  # () = a count: the numerator alone
    faktor: float = 1.0
    naik_baik: bool | None = None
    agregasi: str = "rasio_jumlah"
    tingkat: str = "wilayah"
    kelompok: str = "output"
    keterangan: str = ""

    @property
    def datasets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.dataset for t in (*self.pembilang, *self.penyebut)))

    @property
    def kind(self) -> Kind:
        """How its value is written: a share, rupiah, a whole count, or a rate with one decimal."""
        if self.satuan == "persen":
            return "persen"
        if self.satuan == "rupiah":
            return "rupiah"
        return "per10rb" if self.penyebut or self.faktor != 1 else "angka"

    @property
    def skala(self) -> float:
        """What N ÷ D is multiplied by: the factor, except that a percentage is kept as a share (the screens write
        0,625 as 62,5%), its factor 100 being the per cent sign's."""
        return self.faktor / 100 if self.satuan == "persen" else self.faktor

    @property
    def by_kategori(self) -> bool:
        """The map's PAS-group choice applies: some dataset it reads has PAS groups."""
        return any("kategori_pas" in DATASETS[d].kolom_nama for d in self.datasets)


_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<text>\"[^\"]*\"|'[^']*')|(?P<op>!=|[.\[\],=()+-]))")


def tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, position) of every token; kind: name, text, op, end."""
    out: list[tuple[str, str, int]] = []
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i == len(text):
            return [*out, ("end", "", i)]
        m = _TOKEN.match(text, i)
        if not m:
            raise ExpressionError(f'tanda "{text[i]}" tidak dikenal (karakter ke-{i + 1})')
        kind = m.lastgroup or "op"
        value = m.group(kind)
        out.append((kind, value[1:-1] if kind == "text" else value, m.start(kind)))
        i = m.end()


class _Parser:
    def __init__(self, text: str):
        self.toks, self.i = tokens(text), 0

    def peek(self) -> tuple[str, str, int]:
        return self.toks[self.i]

    def take(self, kind: str, value: str | None = None, what: str = "") -> str:
        k, v, pos = self.toks[self.i]
        if k != kind or (value is not None and v != value):
            found = "akhir teks" if k == "end" else f'"{v}"'
            raise ExpressionError(f"diharapkan {what or value or kind} pada karakter ke-{pos + 1}, ditemukan {found}")
        self.i += 1
        return v

    def expression(self) -> tuple[Term, ...]:
        terms = [self.term(1)]
        while self.peek()[:2] in (("op", "+"), ("op", "-")):
            sign = 1 if self.take("op") == "+" else -1
            terms.append(self.term(sign))
        self.take("end", what="akhir ekspresi (atau + / -)")
        return tuple(terms)

    def term(self, sign: int) -> Term:
        dataset = self.take("name", what="nama dataset (mis. pas)")
        self.take("op", ".", 'titik sesudah nama dataset (mis. "pas.terdata")')
        column = self.take("name", what="nama kolom")
        conditions = []
        if self.peek()[:2] == ("op", "["):
            self.take("op", "[")
            conditions.append(self.condition())
            while self.peek()[:2] == ("op", ","):
                self.take("op", ",")
                conditions.append(self.condition())
            self.take("op", "]", '"]" penutup saringan')
        return Term(dataset, column, tuple(conditions), sign)

    def condition(self) -> Condition:
        column = self.take("name", what="nama kolom kategori di dalam [ ]")
        k, v, _ = self.peek()
        if k == "name" and v == "in":
            self.take("name")
            self.take("op", "(", '"(" sesudah in')
            values = [self.value()]
            while self.peek()[:2] == ("op", ","):
                self.take("op", ",")
                values.append(self.value())
            self.take("op", ")", '")" penutup daftar')
            return Condition(column, False, tuple(values))
        op = self.take("op", what='"=", "!=" atau "in"')
        if op not in ("=", "!="):
            raise ExpressionError(f'diharapkan "=", "!=" atau "in" sesudah {column}, ditemukan "{op}"')
        return Condition(column, op == "!=", (self.value(),))

    def value(self) -> str:
        k, v, pos = self.peek()
        if k not in ("name", "text"):
            raise ExpressionError(f"diharapkan kode kategori pada karakter ke-{pos + 1}")
        self.i += 1
        return v


def parse(text: str) -> tuple[Term, ...]:
    """The terms of an expression, or ExpressionError."""
    if not text.strip():
        raise ExpressionError("ekspresi kosong")
    return _Parser(text).expression()


# What a problem of one indicator says: (the key, what is wrong, the fix).
Problem = tuple[str, str, str]
CodeLists = Callable[[str], list[str] | None]  # a Konfigurasi list's codes by its name (None: not configured)


def _close(word: str, known) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f' Maksud Anda "{close[0]}"?' if close else ""


def _check_terms(key: str, terms: tuple[Term, ...], codes: CodeLists) -> list[Problem]:
    out: list[Problem] = []
    for t in terms:
        ds = DATASETS.get(t.dataset)
        if ds is None or not ds.waktu:
            usable = [d for d in DATASETS if DATASETS[d].waktu]
            out.append((key, f'dataset "{t.dataset}" tidak dikenal.', f"pakai salah satu: {', '.join(usable)}.{_close(t.dataset, usable)}"))  # fmt: skip
            continue
        numbers = [c.name for c in ds.kolom if c.kind == BILANGAN]
        if t.column not in numbers:
            out.append((key, f'"{t.column}" bukan kolom angka dataset {ds.nama}.', f"pakai salah satu: {', '.join(numbers)}.{_close(t.column, numbers)}"))  # fmt: skip
        categories = [c.name for c in ds.kolom if c.code_list]
        for cond in t.conditions:
            if cond.column not in categories:
                fix = f"pakai salah satu: {', '.join(categories)}." if categories else "hapus saringan [ ]: dataset ini tanpa kolom kategori."  # fmt: skip
                out.append((key, f'"{cond.column}" bukan kolom kategori dataset {ds.nama}.', fix + _close(cond.column, categories)))  # fmt: skip
                continue
            known = codes(ds.column(cond.column).code_list or "")
            if known is None:
                continue
            for v in cond.values:
                if v not in known:
                    out.append((key, f'kode "{v}" tidak ada pada daftar {cond.column} konfigurasi.', f"pakai salah satu: {', '.join(known[:12])}{' …' if len(known) > 12 else ''}.{_close(v, known)}"))  # fmt: skip
    return out


def check_entry(item: dict[str, Any], codes: CodeLists) -> list[Problem]:
    """Every problem of one [[indikator]] beyond its keys' types (lib.config_check checks those): the expressions
    against the registry and the configuration's codes, and the keys that depend on each other."""
    out: list[Problem] = []
    parsed: dict[str, tuple[Term, ...]] = {}
    for key in ("pembilang", "penyebut"):
        text = item.get(key)
        if not isinstance(text, str):
            continue
        try:
            parsed[key] = parse(text)
        except ExpressionError as e:
            out.append((key, f"ekspresi {text!r} tidak dapat dibaca: {e}.", 'tulis dataset.kolom, mis. "pas.dilayani" atau "hasil.jumlah[jenis_hasil = berfungsi_sosial]".'))  # fmt: skip
            continue
        out += _check_terms(key, parsed[key], codes)
    kode = item.get("kode")
    if isinstance(kode, str) and not re.fullmatch(r"[a-z][a-z0-9_]*", kode):
        out.append(("kode", f'kode "{kode}" tidak boleh dipakai di alamat (URL).', "pakai huruf kecil, angka dan _, mis. pas_per_peksos."))  # fmt: skip
    for key, allowed in (("agregasi", AGREGASI), ("tingkat", TINGKAT), ("kelompok", KELOMPOK)):
        v = item.get(key)
        if isinstance(v, str) and v not in allowed:
            out.append((key, f'"{v}" bukan pilihan {key}.', f"pakai salah satu: {', '.join(allowed)}."))
    if item.get("satuan") == "persen" and item.get("faktor", 1) != 100:
        out.append(("faktor", "satuan persen berarti pembilang ÷ penyebut × 100.", "tulis faktor = 100."))
    faktor = item.get("faktor")
    if isinstance(faktor, int | float) and not isinstance(faktor, bool) and faktor <= 0:
        out.append(("faktor", f"faktor harus lebih dari 0, bukan {faktor}.", "tulis mis. faktor = 10000."))
    if item.get("agregasi") == "rata_rata_baris":
        sets = {t.dataset for t in (*parsed.get("pembilang", ()), *parsed.get("penyebut", ()))}
        if "penyebut" not in item:
            out.append(("penyebut", "rata-rata rasio baris perlu penyebut.", "tambahkan penyebut, mis. program.target."))  # fmt: skip
        elif len(sets) > 1:
            out.append(("agregasi", "rata-rata rasio baris hanya untuk pembilang dan penyebut dari satu dataset.", "pakai satu dataset, atau agregasi = \"rasio_jumlah\"."))  # fmt: skip
    regional = [d for t in (*parsed.get("pembilang", ()), *parsed.get("penyebut", ())) if (d := t.dataset) in DATASETS]
    flat = [d for d in regional if "kode_wilayah" not in DATASETS[d].kolom_nama]
    if flat and item.get("tingkat") == "wilayah":
        out.append(("tingkat", f"dataset {', '.join(dict.fromkeys(flat))} tidak dirinci per wilayah.", 'tulis tingkat = "sentra".'))  # fmt: skip
    return out


def district_level(item: dict[str, Any]) -> bool:
    """Whether an entry is computed per district (the map and the comparisons can show it)."""
    if item.get("tingkat") == "sentra":
        return False
    try:
        terms = [*parse(str(item.get("pembilang", ""))), *(parse(item["penyebut"]) if item.get("penyebut") else ())]
    except ExpressionError:
        return False
    return all(t.dataset in DATASETS and "kode_wilayah" in DATASETS[t.dataset].kolom_nama for t in terms)


def build(item: dict[str, Any], singkatan: str) -> Indicator:
    """An Indicator from a checked [[indikator]] entry; {singkatan} in its name is the categories' abbreviation."""
    penyebut = parse(item["penyebut"]) if item.get("penyebut") else ()
    pembilang = parse(item["pembilang"])
    flat = any("kode_wilayah" not in DATASETS[t.dataset].kolom_nama for t in (*pembilang, *penyebut))
    return Indicator(
        kode=item["kode"],
        nama=item["nama"].replace("{singkatan}", singkatan),
        satuan=item.get("satuan", ""),
        pembilang=pembilang,
        penyebut=penyebut,
        faktor=float(item.get("faktor", 1)),
        naik_baik=item.get("naik_baik"),
        agregasi=item.get("agregasi", "rasio_jumlah"),
        tingkat=item.get("tingkat", "sentra" if flat else "wilayah"),
        kelompok=item.get("kelompok", "output"),
        keterangan=item.get("keterangan", "").replace("{singkatan}", singkatan),
    )
