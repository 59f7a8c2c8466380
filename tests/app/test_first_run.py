"""First run: until an admin exists, the sign-in form says how the first one is made (on the server's command
line, with the virtual environment's Python, as the README writes it); once one exists, it says nothing."""

from __future__ import annotations

from lib import accounts, sample
from lib.ui.auth import FIRST_ADMIN_HINT
from tests.app.helpers import app
from tests.conftest import ADMIN_PASSWORD


def _infos(at) -> list[str]:
    return [i.value for i in at.info]


def _sign_in_panel(at):
    """The app with the sidebar's sign-in panel open (where it opens only when asked, its button is clicked)."""
    at.run()
    opener = [b for b in at.button if b.key == "masuk_buka"]
    return opener[0].click().run() if opener else at


def test_the_sign_in_form_says_how_the_first_admin_is_made_until_there_is_one(db, use_config, config_main):
    use_config(config_main)
    sample.seed(db)
    at = _sign_in_panel(app())
    assert not at.exception
    assert FIRST_ADMIN_HINT in _infos(at)
    assert ".venv/bin/python -m lib pengguna tambah LOGIN --peran admin" in FIRST_ADMIN_HINT
    accounts.first_admin("admin@sentra.test", ADMIN_PASSWORD, path=db)
    at = _sign_in_panel(app())
    assert not at.exception and FIRST_ADMIN_HINT not in _infos(at)
