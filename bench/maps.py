"""Map payloads: the pydeck JSON the browser receives, for the 23 districts and for 514 synthetic polygons."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from lib import figures, geo, present, store
from lib.config import load_config
from lib.present.legend import map_table
from lib.render import maps

ROOT = Path(__file__).resolve().parent.parent
SHARED_23 = ROOT.parent / "shared" / "geo" / "districts_23.geojson"


def map_kb(db: str, config: Path, boundaries: Path) -> float:
    """Size of the Peta page's pydeck map JSON (PAS terdata, latest month, whole coverage), in KB."""
    cfg = load_config(config)
    data = store.current_all(db)
    f = figures.Filter(periode=figures.periods(data)[-1])
    ukuran = figures.map_measures(cfg)[0]
    table, _ = map_table(present.district_ranking(figures.district_measures(data, cfg, f), cfg, ukuran), ukuran.kind)
    spec = maps.district_map(table, ukuran.label, cfg, geo.load_for_map(cfg, boundaries))
    return round(len(spec.to_json().encode()) / 1024, 1)


def synthetic_polygons(config: Path, out: Path, vertices: int = 430) -> Path:
    """One polygon per district around its point, `vertices` wiggly vertices each (the 23 real districts average
    about 430 in the shared source file), written as GeoJSON keyed by Kemendagri code."""
    cfg = load_config(config)
    rng = np.random.default_rng(7)
    features = []
    for kode, row in cfg.wilayah.iterrows():
        lon, lat = float(row["titik_lon"]), float(row["titik_lat"])
        angles = np.linspace(0, 2 * math.pi, vertices, endpoint=False)
        # A coastline-like edge: a few smooth waves plus fine wiggles of a few hundred metres.
        radius = 0.42 * (
            1
            + 0.12 * np.sin(angles * 7 + rng.uniform(0, 6))
            + 0.05 * np.sin(angles * 23)
            + rng.normal(0, 0.006, vertices)
        )
        ring = [[round(lon + r * math.cos(a), 6), round(lat + r * math.sin(a), 6)] for a, r in zip(angles, radius)]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "properties": {"kode_kemendagri": kode},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return out


def payloads(tmp: Path, main_db: str, main_config: Path, nat_db: str, nat_config: Path) -> dict:
    out = {}
    if SHARED_23.exists():
        out["map_payload_kb"] = map_kb(main_db, main_config, SHARED_23)
    else:
        out["map_payload_kb"] = "not measured: ../shared/geo/districts_23.geojson is not beside the repository"
    out["map_payload_national_kb"] = map_kb(
        nat_db, nat_config, synthetic_polygons(nat_config, tmp / "nasional_514.geojson")
    )
    return out
