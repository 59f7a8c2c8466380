"""The only Streamlit-aware package: what the screens (views/) and the frame (app.py) call as `ui.x`.

data (cached reads), state (URL <-> session state, flash messages), errors (how a UserError is shown), page (the
frame, sidebar filters), widgets (shared widgets, the Klaster drill, the Profil district), upload, batches,
maps, follow_ups (one screen's widgets each), export (download buttons); presentation (presentation mode) is
imported by app.py as lib.ui.presentation.
"""

from __future__ import annotations

from lib.present.texts import as_text  # noqa: F401  (text from data in Markdown: ui.as_text)
from lib.ui.accounts import add_user_form, audit_trail, change_user_form, remove_sample, users_table  # noqa: F401
from lib.ui.auth import (  # noqa: F401
    account_sidebar,
    admin_only,
    guard_exposure,
    principal,
    public_reading,
    require_reader,
    session_role,
    sign_in_form,
    writer,
)
from lib.ui.batches import batch_choice, batch_detail, batch_title, dataset_title  # noqa: F401
from lib.ui.cache import (  # noqa: F401
    FRESHNESS,
    REPORTS,
    Figure,
    cached,
    config,
    config_problems,
    data,
    end_run,
    figure,
    follow_up_data,
    freshness,
    history,
    open_snapshot,
    shared,
    shared_table,
    ska_data,
    snapshot,
    today,
)
from lib.ui.errors import show_error, shown_inline  # noqa: F401
from lib.ui.export import (  # noqa: F401
    brief_download,
    chart_with_download,
    table_downloads,
    table_with_downloads,
)
from lib.ui.follow_ups import follow_up_editor, save_follow_ups  # noqa: F401
from lib.ui.frame import framed  # noqa: F401
from lib.ui.maps import (  # noqa: F401
    boundary_notes,
    boundary_upload,
    default_measure,
    district_panel,
    installed_boundaries,
    map_boundaries,
    map_controls,
    map_focus,
    map_land,
    map_legend,
    map_numbers,
    show_map,
)
from lib.ui.meetings import meeting, meeting_form, meeting_table, meetings  # noqa: F401
from lib.ui.notes import notulis_form  # noqa: F401
from lib.ui.page import FILTER_KEYS, admin_page, config_notice, modules_on, page, read_filters, stop, style  # noqa: F401
from lib.ui.state import (  # noqa: F401
    SEMUA,
    flash,
    forget,
    from_url,
    list_from_url,
    list_to_url,
    set_state,
    show_flash,
    to_url,
)
from lib.ui.upload import (  # noqa: F401
    import_form,
    preview_upload,
    show_changes,
    show_check,
    template_download,
    uploaded_file,
)
from lib.ui.widgets import (  # noqa: F401
    breadcrumbs,
    compare_choice,
    drill_kategori,
    drill_next,
    fitted_table,
    flag_list,
    kpi_grid,
    output_impact,
    profile_district,
    program_table,
    programs_or_none,
    service_chart,
    ska_unit_choice,
    status_pills,
)
