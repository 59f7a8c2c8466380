"""Helpers for AppTest tests: start the app, read what it shows, read the store directly to compare."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from lib.principal import ADMIN, OPERATOR, PEMBACA, Principal
from lib.ui import auth
from tests.conftest import query

# The accounts every seeded test database holds (tests/app/conftest.py), as the sign-in form would return them.
WA_ODE = Principal("wa.ode", ADMIN, nama="Wa Ode", via="lokal")  # Sentra staff
OP_KENDARI = Principal("op.kendari", OPERATOR, frozenset({"74.71"}), "Operator Kota Kendari", "lokal")
OP_MALRA = Principal("op.malra", OPERATOR, frozenset({"81.02"}), "Operator Maluku Tenggara", "lokal")
PEMBACA_DINAS = Principal("pembaca@dinsos.test", PEMBACA, nama="Kepala Dinas", via="lokal")
ACCOUNTS = (WA_ODE, OP_KENDARI, OP_MALRA, PEMBACA_DINAS)
PASSWORD = "sandi-uji-panjang-1"  # every test account's

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def app(principal: Principal | None = None, **query) -> AppTest:
    """The app; with `principal`, signed in as it (sign-in simulated at the principal level: session state holds
    what the sign-in form would put there, and every screen reads it through lib.ui.auth.principal, which checks
    it against the users table: the account must exist there)."""
    at = AppTest.from_file(APP, default_timeout=60)
    if principal is not None:
        signed_in(at, principal)
    for k, v in query.items():
        at.query_params[k] = v
    return at


def app_with_filters(principal: Principal | None = None, **filters) -> AppTest:
    """Run the app, choose the sidebar filters by widget key (f_periode, f_klaster, ...), rerun once."""
    at = app(principal).run()
    for name, value in filters.items():
        at.selectbox(key=f"f_{name}").set_value(value)
    return at.run()


def page_with_filters(view: str, principal: Principal | None = None, **filters) -> AppTest:
    """Choose the sidebar filters by widget key, then open a screen (e.g. 'views/program.py')."""
    at = app(principal).run()
    for name, value in filters.items():
        at.selectbox(key=f"f_{name}").set_value(value)
    return at.switch_page(view).run()


def shown_metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def sql(db: str, statement: str, params=()) -> list[tuple]:
    """Read the store directly (not through lib), to check what the pages show."""
    return query(db, statement, params)


def signed_in(at: AppTest, principal: Principal) -> AppTest:
    at.session_state[auth.SESSION] = auth.session_entry(principal)
    return at
