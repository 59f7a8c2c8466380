"""Numbers only, from the store's current values and the filters: no Streamlit, no display text beyond labels.

Missing data stays missing (None), never zero: a screen shows "tidak ada data" for it. The modules:
filters (Filter, ratios), pas, program, ska, follow_ups, areas (map measures, comparison), indicators.
"""

from __future__ import annotations

from lib.figures.areas import (  # noqa: F401
    Measure,
    area_values,
    compare_defaults,
    compare_table,
    compare_trend,
    coverage_average,
    district_measures,
    map_measures,
    province_name,
)
from lib.figures.filters import (  # noqa: F401
    Filter,
    ValueKind,
    absorption,
    achievement,
    blank_text,
    coverage_rate,
    districts,
    filter_pas,
    filter_program,
    kategori_codes,
    num,
    per_10k,
    periods,
    ratio,
)
from lib.figures.follow_ups import (  # noqa: F401
    TL_KOLOM_UBAH,
    TL_SELESAI,
    follow_up_changes,
    follow_up_done,
    follow_ups,
    is_overdue,
    meetings,
)
from lib.figures.pas import (  # noqa: F401
    COMPLETENESS,
    DRILL_BY,
    completeness,
    drill_level,
    drill_options,
    drill_trend,
    pas_breakdown,
    pas_by_klaster,
    pas_totals,
    pas_trend,
    population,
    populations,
    service_breakdown,
)
from lib.figures.program import (  # noqa: F401
    AT_RISK_GAP,
    KELAS_BELUM,
    KELAS_BERISIKO,
    KELAS_KENDALA,
    KELAS_SELESAI,
    KELAS_SESUAI,
    KELAS_TANPA_TARGET,
    KELAS_TERLAMBAT,
    KELAS_URUTAN,
    ON_TRACK_GAP,
    STATUS_BELUM,
    STATUS_KENDALA,
    STATUS_SELESAI,
    program_class_counts,
    program_counts,
    program_progress,
    program_timeline,
    program_year,
)
from lib.figures.ska import (  # noqa: F401
    SKA_UANG,
    SKA_UKURAN,
    margin,
    ska_by_month_of_year,
    ska_monthly,
    ska_units,
    ska_value,
)
