"""Text from data (a follow-up's description and owner, a user name, a file name) reaches Markdown only escaped
(present.as_text): the Markdown sent to the browser holds none of the strings as Markdown."""

from __future__ import annotations

from lib import accounts, present, store
from tests.app.helpers import WA_ODE, app
from tests.data_text import BARE, BOLD, EMAIL, FILE_NAME, IMAGE, LINK, STRINGS, URAIAN, store_data_text


def _markdown(at) -> str:
    kinds = (at.error, at.warning, at.info, at.success, at.markdown, at.caption)
    return "\n".join(str(e.value) for kind in kinds for e in kind)


def test_the_overdue_follow_up_is_listed_as_typed(seeded):
    db = seeded("main")
    store_data_text(db)
    at = app().run().switch_page("views/tindak_lanjut.py").run()
    assert not at.exception
    shown = _markdown(at)
    assert present.as_text(URAIAN) in shown and present.as_text(BOLD) in shown
    assert not any(s in shown for s in STRINGS + BARE)  # in the overdue alert: no link, no icon


def test_the_rollback_warning_and_message_show_user_and_file_names_as_typed(seeded):
    db = seeded("main")
    store_data_text(db)
    batch_id = int(store.history(db)["id"].max())
    who = accounts.add_user(WA_ODE, LINK, "admin", path=db)  # a login name holding Markdown, signed in
    at = app(who).run().switch_page("views/riwayat.py").run()
    at.selectbox(key="batch_terpilih").set_value(batch_id).run()
    at.button(key="rollback").click().run()
    assert present.as_text(BOLD) in _markdown(at) and BOLD not in _markdown(at)
    at.button(key="rollback_ya").click().run()
    assert not at.exception
    assert f"dibatalkan oleh {present.as_text(LINK)}" in _markdown(at)
    assert not any(s in _markdown(at) for s in (IMAGE, LINK, BOLD, FILE_NAME))


def test_an_e_mail_login_in_a_message_is_no_mailto_link(seeded):
    seeded("main")
    at = app(WA_ODE).run().switch_page("views/pengguna.py").run()
    at.text_input(key="akun_login").input(EMAIL)
    at.selectbox(key="akun_peran").set_value("pembaca")
    at.text_input(key="akun_sandi").input("kendari-meohai-rakor-7")
    next(b for b in at.button if b.label == "Tambah akun").click().run()
    assert not at.exception
    assert any(present.as_text(EMAIL) in m.value for m in at.success)
    assert EMAIL not in _markdown(at)
