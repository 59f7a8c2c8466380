"""Indicators as configuration at national scale (issue 25): the rerun p50 of every page with the ten indicators
the national deployment configures (`[[indikator]]` of data/nasional: the seven built-in ones and three outcome
ones over `hasil`), beside the committed `rerun_national_p50_ms` (the code before indicators); and what computing
them costs once per data version, outside the cache: the map's measures for every district (this month and the
one before), Bandingkan's table of three districts and their averages, the overview's "Output dan dampak".

`python -m bench --only reruns_indicators` runs it alone (its figures print; results.json is left alone).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return round(statistics.median(times) * 1000, 1)


def bench_indicators(db: str, config: Path, reruns: Callable[[str, Path, int], dict]) -> dict:
    from lib import figures, present, store
    from lib.config import load_config
    from lib.figures import Filter

    cfg = load_config(config)
    n = len(cfg.indikator)
    data = store.current_all(db)
    f = Filter(periode=figures.periods(data)[-1])
    kodes = cfg.kode_wilayah[:3]
    compute = {
        "peta_district_measures": _median_ms(lambda: figures.district_measures(data, cfg, f), 5),
        "bandingkan_compare_table": _median_ms(lambda: figures.compare_table(data, cfg, f, kodes), 5),
        "ringkasan_output_impact": _median_ms(lambda: present.output_impact(data, cfg, f), 5),
    }
    now = reruns(db, config, 5)
    committed = json.loads((HERE / "results.json").read_text())["results"].get("rerun_national_p50_ms", {})
    ratio = {p: round(v / committed[p], 2) for p, v in now.items() if isinstance(v, float) and committed.get(p)}
    return {
        "indicators_configured": n,
        "rerun_national_indicators_p50_ms": now,
        "rerun_national_indicators_vs_committed": ratio,
        "indicators_national_compute_ms": compute,
    }
