"""Presentation mode as the centre head drives it on Zoom (issue 26), in Chromium against `streamlit run`, on the main
deployment (with district polygons) and the two fixture deployments (tests/fixtures/ntb, tests/fixtures/dinsos):

- a clicker and the keyboard move the slides with the focus on the page body (no Tab): →, PageDown, Space forward,
  ←, PageUp back, Home/End first/last, Esc leaves; the URL follows; keys typed in a text field move nothing;
- the slide grows with the window: at 1920×1080 its content spans ≥ 90 % of the height, each chart is ≥ 1,4× its
  height at 1280×720, the smallest type is as large against the height as at 1280×720 and never under the deck's
  14-point floor (14/540 of the height);
- every slide of every deployment: no more than a third of it empty (measured from the boxes of text, cards, chart
  canvases and the map, not from containers), a klaster of one or two groups ranks its districts and shows its
  trend, no toolbar after the mouse moved over every chart and the map, and axe-core (WCAG 2.2 AA) finds no
  contrast failure and no image or chart without a text alternative; every screen of the main deployment too.

What Streamlit's own markup causes is in AXE_ALLOWED (rule, and the element it is found in), listed in the README.
Screenshots of every slide at both sizes go to tests/e2e/screenshots/presentasi/ (look at them).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from lib import sample
from lib.config import load_config
from lib.present import slides
from tests.conftest import CONFIGS
from tests.e2e.conftest import IDLE_TIMEOUT_MS
from tests.unit.test_geo import SHARED, voronoi_districts, write_geojson

SCREENSHOTS = Path(__file__).parent / "screenshots" / "presentasi"
SMALL, LARGE = {"width": 1280, "height": 720}, {"width": 1920, "height": 1080}
FLOOR = 14 / 540  # the deck's 14-point floor against a 7,5-inch slide's height
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Rules that say a person cannot read or perceive something: contrast and text alternatives.
AXE_RULES = {"color-contrast", "image-alt", "svg-img-alt", "role-img-alt", "input-image-alt", "object-alt", "area-alt"}
# Streamlit's own markup (rule → the element it is inside): the sidebar's page list is a <ul> whose items are
# wrapped in <div>s (axe: list, listitem). Nothing of ours is allowed.
AXE_ALLOWED = {
    "list": '[data-testid="stSidebarNav"]',
    "listitem": '[data-testid="stSidebarNav"]',
}

# The boxes of what a participant sees: every visible text run (its glyphs, not its container), the cards, the
# tables, the chart canvases and the map. `within` limits them to one element (the slide, without its navigation).
CONTENT = """(within) => {
  const root = within ? document.querySelector(within) : document.querySelector('[data-testid="stMain"]');
  const out = [];
  const seen = (r) => r.width > 0 && r.height > 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('.st-key-slide_kendali') || !el.checkVisibility({visibilityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) if (seen(r)) out.push({kind: 'text', x: r.left, y: r.top, w: r.width,
        h: r.height, size: parseFloat(getComputedStyle(el).fontSize)});
  }
  const boxes = '.slide-kpi, .slide-table, .slide-title, [data-testid="stVegaLiteChart"] canvas, '
    + '[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stDeckGlJsonChart"] canvas';
  for (const el of root.querySelectorAll(boxes)) {
    const r = el.getBoundingClientRect();
    const kind = el.closest('[data-testid="stDeckGlJsonChart"]') ? 'map'
      : el.closest('[data-testid="stVegaLiteChart"]') ? 'chart' : 'card';
    if (seen(r)) out.push({kind, x: r.left, y: r.top, w: r.width, h: r.height});
  }
  return out;
}"""


def _root_px(viewport: dict) -> float:
    return 16 * 1.35 * min(viewport["width"] / 1280, viewport["height"] / 720)


def _open(page, url: str) -> None:
    """A slide, drawn for this window: the run finished, the type at the window's size, every chart drawn."""
    page.goto(url)
    _drawn(page)


def _drawn(page) -> None:
    expect(page.get_by_text(re.compile(r"^Slide \d+ dari \d+$"))).to_be_visible(timeout=IDLE_TIMEOUT_MS)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=IDLE_TIMEOUT_MS)
    want = _root_px(page.viewport_size)
    page.wait_for_function(  # a function, not an expression string: the page's CSP forbids eval
        "(want) => Math.abs(parseFloat(getComputedStyle(document.documentElement).fontSize) - want) < 0.1",
        arg=want,
        timeout=IDLE_TIMEOUT_MS,
    )
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=IDLE_TIMEOUT_MS)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"], [data-testid="stDeckGlJsonChart"]')]
            .every(c => c.querySelector('canvas, svg.marks'))""",
        timeout=IDLE_TIMEOUT_MS,
    )
    # charts and the map resize a few frames after the run, and a reported window size can start one more run:
    # wait until no run is going and no box moves for ten frames in a row
    page.wait_for_function(SETTLED, polling="raf", timeout=IDLE_TIMEOUT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator("[data-stale='true']")).to_have_count(0)


SETTLED = """() => {
  const boxes = document.querySelectorAll('.slide-kpi, .slide-table, .slide-title, [data-testid="stVegaLiteChart"] canvas, '
    + '[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stDeckGlJsonChart"] canvas');
  const key = JSON.stringify([...boxes].map(e => {
    const r = e.getBoundingClientRect();
    return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)];
  }));
  // a run still going (the status widget, elements left stale from the last run) is not settled either
  const busy = document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]');
  if (busy || window.__layout !== key) { window.__layout = key; window.__same = 0; return false; }
  return ++window.__same >= 10;
}"""


@contextlib.contextmanager
def _deployment(name: str, app_script, tmp: Path):
    """A server of one deployment, seeded with its sample data; the main one with district polygons."""
    from tests.e2e.conftest import serve

    cfg = load_config(CONFIGS[name])
    env = {"ATENSI_CONFIG": str(CONFIGS[name])}
    if name == "main":
        batas = SHARED if SHARED.exists() else write_geojson(voronoi_districts(cfg), tmp / "batas.geojson")
        env["ATENSI_BOUNDARIES"] = str(batas)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ATENSI_CONFIG", str(CONFIGS[name]))
        sample.seed(str(tmp / "atensi.duckdb"), cfg)
    with serve(app_script, tmp, env) as url:
        yield url, cfg


@pytest.fixture(scope="module")
def main_deployment(app_script, tmp_path_factory):
    with _deployment("main", app_script, tmp_path_factory.mktemp("e2e-presenter-main")) as served:
        yield served


@pytest.fixture(scope="module", params=["ntb", "dinsos"])
def fixture_deployment(request, app_script, tmp_path_factory):
    """The fixture deployments: 8 klaster of long names without SKA and programmes (ntb), a provincial Dinas Sosial
    counting PMKS (dinsos)."""
    with _deployment(request.param, app_script, tmp_path_factory.mktemp(f"e2e-presenter-{request.param}")) as served:
        yield (request.param, *served)


def test_clicker_and_arrow_keys_move_the_slides_with_the_focus_on_the_page(main_deployment, browser_page):
    url, cfg = main_deployment
    n = len(slides.slide_sequence(cfg))
    page = browser_page
    _open(page, f"{url}/?mode=presentasi&slide=1")
    assert page.evaluate("document.activeElement === document.body")
    for key, slide in (("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("ArrowLeft", 3), ("PageUp", 2)):
        page.evaluate(STALE_WATCH)
        page.keyboard.press(key)
        expect(page).to_have_url(re.compile(rf"[?&]slide={slide}(&|$)"), timeout=IDLE_TIMEOUT_MS)
        expect(page.get_by_text(f"Slide {slide} dari {n}")).to_be_visible(timeout=IDLE_TIMEOUT_MS)
        _drawn(page)
        assert page.evaluate("document.activeElement === document.body"), key
        # while it drew: the old slide's elements (stale) were never shown, the neutral placeholder was
        seen = page.evaluate("window.__stale")
        assert seen["stale"] > 0 and seen["shown"] == 0 and seen["placeholder"] > 0, (key, seen)
    page.keyboard.press("End")
    expect(page).to_have_url(re.compile(rf"[?&]slide={n}(&|$)"))
    _drawn(page)
    page.keyboard.press("Home")
    expect(page).to_have_url(re.compile(r"[?&]slide=1(&|$)"))
    _drawn(page)

    # Typing in a text field (the slide list's search field) moves no slide and does not leave
    picker = page.get_by_role("combobox", name="Slide")
    picker.click()
    for key in ("ArrowRight", "ArrowLeft", "PageDown", "PageUp", "Space", "Home", "End", "Escape"):
        picker.press(key)
    page.keyboard.type("Ring")
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=IDLE_TIMEOUT_MS)
    expect(page).to_have_url(re.compile(r"mode=presentasi&slide=1(&|$)"))
    expect(page.get_by_text(f"Slide 1 dari {n}")).to_be_visible()

    # Esc on the page leaves presentation mode: the pages and their sidebar again
    picker.press("Escape")
    picker.blur()
    page.keyboard.press("Escape")
    expect(page).not_to_have_url(re.compile(r"mode=presentasi"))
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(page.get_by_role("button", name="▶ Mode presentasi")).to_be_visible()


# Records, while a slide draws, whether any stale element of the slide (the previous slide's, until the new run
# replaces it) was visible, and whether the placeholder ("Memuat slide…") was shown instead.
STALE_WATCH = """() => {
  const seen = window.__stale = {stale: 0, shown: 0, placeholder: 0};
  if (window.__staleWatch) window.__staleWatch.disconnect();
  const check = () => {
    const stale = document.querySelectorAll('.st-key-slide_body [data-stale="true"]');
    if (!stale.length) return;
    seen.stale += 1;
    for (const el of stale) if (el.checkVisibility({visibilityProperty: true})) seen.shown += 1;
    const body = document.querySelector('.st-key-slide_body');
    if (getComputedStyle(body, '::after').content.includes('Memuat slide')) seen.placeholder += 1;
  };
  window.__staleWatch = new MutationObserver(check);
  window.__staleWatch.observe(document.body, {subtree: true, childList: true, attributes: true});
}"""

# Texts of the navigation cut short (an ellipsis or scrolling sideways)
NAV_CLIPPED = """() => [...document.querySelectorAll('[data-testid="stButton"] p, [data-testid="stDownloadButton"] p, .slide-nav')]
  .filter(el => el.checkVisibility() && el.scrollWidth > el.clientWidth + 1).map(el => el.textContent)"""


def _measure(page) -> dict:
    boxes = page.evaluate(CONTENT, None)
    height = page.viewport_size["height"]
    top, bottom = min(b["y"] for b in boxes), max(b["y"] + b["h"] for b in boxes)
    return {
        "span": (bottom - top) / height,
        "charts": [b["h"] for b in boxes if b["kind"] in ("chart", "map")],
        "smallest": min(b["size"] for b in boxes if b["kind"] == "text") / height,
    }


def test_the_slide_grows_with_the_window_from_1280x720_to_1920x1080(main_deployment, browser_page):
    url, cfg = main_deployment
    page = browser_page
    deck = slides.slide_sequence(cfg)
    chosen = [i for i, s in enumerate(deck, start=1) if s.kind in ("ringkasan", "peta", "klaster", "ska")]
    for i in chosen:
        page.set_viewport_size(SMALL)
        _open(page, f"{url}/?mode=presentasi&slide={i}")
        small = _measure(page)
        page.set_viewport_size(LARGE)  # the same page, its window made larger: the slide is drawn again
        _drawn(page)
        # its charts and map drawn again (between two runs a slide can briefly have none)
        page.wait_for_function(
            """(n) => document.querySelectorAll('[data-testid="stVegaLiteChart"] canvas, '
                + '[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stDeckGlJsonChart"] canvas').length === n""",
            arg=len(small["charts"]),
            timeout=IDLE_TIMEOUT_MS,
        )
        large = _measure(page)
        assert large["span"] >= 0.9 and small["span"] >= 0.9, (i, small["span"], large["span"])
        assert len(large["charts"]) == len(small["charts"]) > 0, i
        for before, after in zip(small["charts"], large["charts"]):
            assert after >= 1.4 * before, (i, before, after)
        assert large["smallest"] >= small["smallest"] - 0.0005, (i, small["smallest"], large["smallest"])
        assert large["smallest"] >= FLOOR - 0.0005 and small["smallest"] >= FLOOR - 0.0005, (i, small, large)


EMPTY_GRID = (4, 6)  # columns × rows of the slide: a cell no content box touches is empty


def _empty_share(page) -> float:
    area = page.locator(".st-key-slide_body").bounding_box()
    boxes = page.evaluate(CONTENT, ".st-key-slide_body")
    cols, rows = EMPTY_GRID
    w, h = area["width"] / cols, area["height"] / rows
    empty = 0
    for c in range(cols):
        for r in range(rows):
            x0, y0 = area["x"] + c * w, area["y"] + r * h
            if not any(
                b["x"] < x0 + w and b["x"] + b["w"] > x0 and b["y"] < y0 + h and b["y"] + b["h"] > y0 for b in boxes
            ):
                empty += 1
    return empty / (cols * rows)


def _no_toolbar_after_hovering(page) -> None:
    for el in page.locator("[data-testid='stVegaLiteChart'], [data-testid='stDeckGlJsonChart']").all():
        el.hover()
        expect(page.locator("[data-testid='stElementToolbar']:visible")).to_have_count(0)
        expect(page.locator(".vega-actions:visible, .vega-embed details:visible")).to_have_count(0)


def _axe_problems(page, axe: Axe) -> list[str]:
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    problems = []
    for v in result.response["violations"]:
        for node in v["nodes"]:
            target = node["target"][0]
            inside = AXE_ALLOWED.get(v["id"])
            if inside and page.locator(target).first.evaluate(f"e => !!e.closest({inside!r})"):
                continue
            if v["id"] in AXE_RULES or not inside:
                problems.append(f"{v['id']}: {target} {node.get('failureSummary', '')[:160]}")
    return problems


def test_every_slide_of_the_main_deployment_is_full_has_no_hover_toolbar_and_passes_axe(main_deployment, browser_page):
    _every_slide(browser_page, "main", *main_deployment)


def test_every_slide_of_the_fixture_deployments_is_full_has_no_hover_toolbar_and_passes_axe(
    fixture_deployment, browser_page
):
    _every_slide(browser_page, *fixture_deployment)


def _every_slide(page, name: str, url: str, cfg) -> None:
    axe = Axe()
    deck = slides.slide_sequence(cfg)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(SMALL)
    _open(page, f"{url}/?mode=presentasi&slide={len(deck)}")
    _picker_shows_whole_titles(page, cfg, deck)
    for viewport in (SMALL, LARGE):
        page.set_viewport_size(viewport)
        for i, slide in enumerate(deck, start=1):
            _open(page, f"{url}/?mode=presentasi&slide={i}")
            page.screenshot(path=SCREENSHOTS / f"{name}_{i:02d}_{viewport['width']}x{viewport['height']}.png")
            assert _empty_share(page) <= 1 / 3, (name, i, slide, viewport)
            if slide.kind == "klaster" and sum(k.klaster == slide.klaster for k in cfg.kategori) <= 2:
                # its groups' bars, its districts ranked and its months: three charts, and their headings
                expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(3)
                expect(page.get_by_text(re.compile(r"per wilayah · \d+ (teratas|kabupaten)"))).to_be_visible()
                expect(page.get_by_text("12 bulan terakhir")).to_be_visible()
            assert page.evaluate(NAV_CLIPPED) == [], (name, i, viewport)
            if viewport is LARGE:
                _no_toolbar_after_hovering(page)
                assert _axe_problems(page, axe) == [], (name, i)


def _picker_shows_whole_titles(page, cfg, deck) -> None:
    """The slide list, opened: each title it shows is whole (within the window, not cut)."""
    page.get_by_role("combobox", name="Slide").click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    titles = {f"{k}. {slides.slide_title(cfg, s)}" for k, s in enumerate(deck, start=1)}
    width = page.viewport_size["width"]
    shown = page.evaluate(
        """() => [...document.querySelectorAll('[role="option"] > div')].map(el => {
            const r = el.getBoundingClientRect();
            return {text: el.textContent, cut: el.scrollWidth > el.clientWidth + 1, left: r.left, right: r.right};
        })"""
    )
    assert len(shown) >= min(len(deck), 8)
    for o in shown:
        assert o["text"] in titles and not o["cut"] and o["left"] >= 0 and o["right"] <= width, o
    page.keyboard.press("Escape")


SCREENS = ["", "peta", "klaster", "bandingkan", "profil", "program", "ska", "tindak-lanjut", "unggah", "riwayat"]
SCREENS += ["mutu"]  # issue 30's Mutu Data


def test_every_screen_passes_axe(main_deployment, browser_page):
    url, _ = main_deployment
    page = browser_page
    axe = Axe()
    for screen in SCREENS:
        page.goto(f"{url}/{screen}")
        expect(page.locator("h1").first).to_be_visible(timeout=IDLE_TIMEOUT_MS)
        page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=IDLE_TIMEOUT_MS)
        page.wait_for_function(
            """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                .every(c => c.querySelector('canvas, svg.marks'))""",
            timeout=IDLE_TIMEOUT_MS,
        )
        # the page's last run finished (the filters' first run may start another): nothing stale, no run going on
        page.wait_for_load_state("networkidle")
        page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=IDLE_TIMEOUT_MS)
        expect(page.locator("[data-stale='true']")).to_have_count(0, timeout=IDLE_TIMEOUT_MS)
        assert _axe_problems(page, axe) == [], screen
