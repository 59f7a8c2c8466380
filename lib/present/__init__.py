"""What a person reads: KPI cards (kpi), display tables (tables, program_tables), sentences (texts), the Klaster
screen's drill path (drill).

Built from lib.figures; no Streamlit. Screens, slides, the PPTX and the PDF all read from here.
"""

from __future__ import annotations

from lib.config import dataset_title, module_on, term  # noqa: F401  (optional modules, own words: present.term)
from lib.present.accounts import audit_rows, user_rows  # noqa: F401
from lib.present.cards import indicator_kpi, overview_kpis, program_kpis, ska_kpis  # noqa: F401
from lib.present.drill import (  # noqa: F401
    DrillStep,
    district_services,
    drill_breakdown,
    drill_scope_trend,
    drill_services,
    drill_step,
    klaster_breakdown,
)
from lib.present.kpi import (  # noqa: F401
    Kpi,
    compare_kpis,
    district_kpis,
    district_ranking,
    measure_ranking,
    output_impact,
    profile_kpis,
)
from lib.present.legend import MapScreen, map_screen  # noqa: F401
from lib.present.program_tables import (  # noqa: F401
    SkaScreen,
    follow_up_kpis,
    follow_up_table,
    open_follow_ups,
    program_rows,
    ska_screen,
    ska_year_to_date,
)
from lib.present.quality import (  # noqa: F401
    METHOD_TEXT,
    Flags,
    QualityScreen,
    consistency_rows,
    consistency_screen,
    outlier_screen,
    quality_datasets,
    quality_screen,
)
from lib.present.tables import (  # noqa: F401
    CompareScreen,
    breakdown_rows,
    category_rows,
    compare_rows,
    comparison,
    dataset_name,
    diff_rows,
    district_panel_rows,
    freshness_rows,
    history_rows,
    label_codes,
    sample_note,
    sdm_rows,
    service_rows,
)
from lib.present.texts import (  # noqa: F401
    SAMA_POIN,
    as_text,
    code_examples,
    compare_caption,
    compare_statements,
    completeness_caption,
    meeting_title,
    overdue_text,
    period_caption,
    place_text,
    profile_header,
    program_status_legend,
    scope_text,
    screen_caption,
    sentra_name,
    short_name,
    trend_title,
    worker_ratio_text,
)
