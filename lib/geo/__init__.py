"""District boundaries: read any boundary file, match its features to the covered districts (files), repair and
simplify them (shapes), install them under data/ (never in the repository), download the pinned public file, and
load them for the map (install).

A boundary file may be GeoJSON, GeoPackage or a zipped Shapefile in any CRS. Features are matched to the
configuration's districts by Kemendagri code (`74.71`), BPS code (`7471`), P-code (`ID7471`) or name, whichever
column matches most; a district still unmatched is matched by the feature holding its inside point
(`titik_lat`, `titik_lon`). The installed file holds only the covered districts, keyed by `kode_wilayah`,
with a sidecar `<name>.sumber.json` recording its source for the attribution line on the map.
"""

from __future__ import annotations

from lib.geo.files import (  # noqa: F401
    CARA_BPS,
    CARA_KODE,
    CARA_NAMA,
    CARA_PCODE,
    CARA_TITIK,
    KODE,
    SOURCES,
    SUFFIXES,
    Laporan,
    installed_path,
    match_districts,
    read_file,
    sidecar,
    sources,
)
from lib.geo.install import Batas, download, install, install_upload, load_for_map, prepare  # noqa: F401
from lib.geo.shapes import (  # noqa: F401
    DISPLAY_DECIMALS,
    DISPLAY_MIN_PART_KM2,
    DISPLAY_PIXELS,
    DISPLAY_TOLERANCE,
    drop_islets,
    feature_collection,
    repair,
    simplify,
)
