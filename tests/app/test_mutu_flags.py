"""The issue's four injected problems, uploaded through the real import path on both backends, each flagged with its
rule's sentence on the Mutu Data screen and by `python -m lib mutu`: a district that skips a month (missing), one
that reports after the deadline (late), a value ten times its own history (extreme outlier), services received
exceeding PAS served (consistency)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from streamlit.testing.v1 import AppTest

from tests.app.helpers import APP, ROOT
from tests.unit.test_quality import A, B, C, D, upload_at
from tests.unit.test_quality import ntb4 as ntb4  # noqa: F401  (the fixture)
from tests.unit.uploads import PAS_HEADER, xlsx

MONTHS = [f"2025-{m:02d}" for m in range(1, 9)]
AUGUST = "Agustus 2025"


def _inject(monkeypatch, cfg) -> None:
    history = [(p, k, 100 + i) for k in (A, B, C, D) for i, p in enumerate(MONTHS[:-1])]
    upload_at(monkeypatch, cfg, dt.datetime(2025, 8, 5, 9), history, "jan_jul.xlsx")
    # August: A ten times its history; B's services beyond its PAS served; C none; D after the 15th
    august = [["2025-08", A, "anak_terlantar", 1070, 535], ["2025-08", B, "anak_terlantar", 107, 53]]
    layanan = [
        ["periode", "kode_wilayah", "kategori_pas", "jenis_layanan", "pendekatan", "penerima"],
        ["2025-08", B, "anak_terlantar", "terapi", "keluarga", 80],
    ]
    from lib import config
    from lib.ingest import import_upload
    from tests.principals import admin

    monkeypatch.setattr(config, "clock", lambda: dt.datetime(2025, 9, 10, 1, tzinfo=dt.UTC))
    import_upload(xlsx({"PAS": [PAS_HEADER, *august], "Layanan": layanan}), "agustus.xlsx", user=admin(), cfg=cfg)
    upload_at(monkeypatch, cfg, dt.datetime(2025, 9, 20, 9), [("2025-08", D, 107)], "agustus_d.xlsx")
    monkeypatch.undo()  # the real clock again: August's deadline (15 September 2025) has passed


def _names(cfg) -> dict[str, str]:
    return {k: cfg.wilayah.at[k, "nama_pendek"] for k in (A, B, C, D)}


def test_each_injected_problem_is_flagged_with_its_sentence_on_the_screen_and_by_the_command(db, ntb4, monkeypatch):
    _inject(monkeypatch, ntb4)
    monkeypatch.setenv("ATENSI_CONFIG", str(ntb4.path))
    monkeypatch.setenv("ATENSI_DB", db)
    n = _names(ntb4)
    missing = f"{n[C]}: laporan PMKS {AUGUST} belum masuk (tenggat 15 September 2025)."
    late = f"{n[D]}: laporan PMKS {AUGUST} terlambat (masuk 20 September 2025, tenggat 15 September 2025)."
    outlier = f"{n[A]}, PMKS terdata Anak Terlantar"
    services = f"{n[B]}, {AUGUST}: Penerima layanan melebihi PMKS dilayani lebih dari 10%. (80 ÷ 53 = 1,51; batas 1,10)"

    at = AppTest.from_file(APP, default_timeout=60).run()
    at.selectbox(key="f_periode").set_value("2025-08")
    at = at.run().switch_page("views/mutu.py").run()
    assert not at.exception
    # the flags as sentences, one a line (as_text's escapes and word joiners taken out to compare)
    shown = "\n".join(m.value for m in at.markdown).replace("\\", "").replace("\u2060", "")
    assert f"**Ekstrem** · {outlier}" in shown and "ekstrem mulai 5" in shown
    assert f"**Antar data** · {services}" in shown
    grid = at.dataframe[0].value.set_index("Wilayah")
    assert grid.loc[n[C], "Tidak ada laporan"] == "1"
    # January–June came in one upload on 5 August (late for everyone); D's August is late too
    assert int(grid.loc[n[D], "Terlambat"]) == int(grid.loc[n[A], "Terlambat"]) + 1 == 7

    env = {**os.environ, "ATENSI_DB": db, "ATENSI_CONFIG": str(ntb4.path)}
    out = subprocess.run(
        [sys.executable, "-m", "lib", "mutu", "--periode", "2025-08"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].endswith(f"temuan Mutu Data untuk {AUGUST}:")
    assert f"- [Laporan · Tidak ada laporan] {missing}" in lines
    assert f"- [Laporan · Terlambat] {late}" in lines
    assert f"- [Konsistensi · Antar data] {services}" in lines
    assert lines[1].startswith(f"- [Nilai menyimpang · Ekstrem] {outlier}")  # extreme outliers first
