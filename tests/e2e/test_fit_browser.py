"""At 1280×720 in Chromium (issue 11): every slide fits above the navigation row, and no KPI card, drill pill or
chosen district is cut off or scrolls sideways, on the main deployment and on one with 8 klaster of long names,
8 districts, no SKA and no programmes; on the main one, with follow-ups of long text (the sixth row once fell under
the navigation)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from playwright.sync_api import expect

from lib import sample, store
from lib.config import load_config
from lib.present import slides
from tests.conftest import CONFIGS
from tests.e2e.conftest import IDLE_TIMEOUT_MS
from tests.principals import admin

TODAY = "2026-01-15"

# Elements that must show their whole text: scrollWidth beyond clientWidth means cut or scrolling sideways.
CLIPPED = """() => {
  const sel = '[data-testid="stMetricLabel"] *, [data-testid="stMetricValue"] *, [data-testid="stButtonGroup"] > div,'
    + ' [data-testid="stButtonGroup"] button *, [data-testid="stMultiSelectTagsContainer"], [data-baseweb="tag"] *,'
    + ' .slide-kpi .l, .slide-kpi .v, .slide-band, h1';
  return [...document.querySelectorAll(sel)]
    .filter(el => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
    .map(el => el.textContent.slice(0, 80));
}"""

# The slide's body (a fixed-height container above the navigation row): taller content would scroll inside it.
OVERFLOW = """() => [...document.querySelectorAll('[data-testid="stVerticalBlock"]')]
  .filter(el => el.style.height || ['auto', 'scroll'].includes(getComputedStyle(el).overflowY))
  .map(el => el.scrollHeight - el.clientHeight)"""


def _long_follow_ups(cfg, n: int) -> pd.DataFrame:
    """n follow-ups of the latest meeting, each with long text in every free-text column."""
    return pd.DataFrame(
        {
            "rapat": ["Rakor uji tata letak"] * n,
            "tanggal_rapat": [dt.date(2025, 12, 10)] * n,
            "kode_wilayah": [cfg.kode_wilayah[i % len(cfg.kode_wilayah)] for i in range(n)],
            "uraian": [
                f"Tindak lanjut {i + 1}: " + "koordinasi pendataan dan verifikasi penerima " * 3 for i in range(n)
            ],
            "penanggung_jawab": ["Dinas Sosial Kabupaten bersama pendamping sosial dan lembaga kesejahteraan"] * n,
            "tenggat": [dt.date(2025, 12, 20)] * n,
            "status": ["Dalam Proses"] * n,
            "catatan": [None] * n,
        }
    )


@pytest.fixture(scope="module", params=["main", "ntb"])
def deployment(request, app_script, tmp_path_factory):
    from tests.e2e.conftest import serve

    name = request.param
    tmp = tmp_path_factory.mktemp(f"e2e-fit-{name}")
    db = str(tmp / "atensi.duckdb")  # the file serve() points ATENSI_DB at
    env = {"ATENSI_CONFIG": str(CONFIGS[name]), "ATENSI_CONTOH_HARI_INI": TODAY}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        cfg = load_config(CONFIGS[name])
        sample.seed(db, cfg)
        if name == "main":
            store.save_batch("tindak_lanjut", _long_follow_ups(cfg, 9), admin(), path=db)
    with serve(app_script, tmp, env) as url:
        yield name, url, cfg


def _open(page, url: str, ready: str) -> None:
    page.goto(url)
    expect(page.locator(ready).first).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=IDLE_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_every_slide_fits_above_the_navigation_and_cuts_no_text(deployment, browser_page):
    name, url, cfg = deployment
    page = browser_page
    for n in range(1, len(slides.slide_sequence(cfg)) + 1):
        _open(page, f"{url}/?mode=presentasi&slide={n}", "text=Keluar")
        page.wait_for_function(  # charts draw after the script has finished: every one has its canvas or svg
            """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"], [data-testid="stDeckGlJsonChart"]')]
                .every((c) => c.querySelector('canvas, svg.marks'))""",
            timeout=IDLE_TIMEOUT_MS,
        )
        overflow = page.evaluate(OVERFLOW)
        assert overflow and max(overflow) <= 1, (name, n, overflow)
        assert page.evaluate(CLIPPED) == [], (name, n)


def test_cards_pills_and_chosen_districts_show_their_whole_text(deployment, browser_page):
    name, url, cfg = deployment
    screens = ["", "klaster", "bandingkan", "profil"] + (["program", "ska"] if name == "main" else [])
    for screen in screens:
        _open(browser_page, f"{url}/{screen}", "h1")
        assert browser_page.evaluate(CLIPPED) == [], (name, screen)
