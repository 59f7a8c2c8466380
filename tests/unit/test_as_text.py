"""present.as_text: text from data put into Markdown is shown as typed."""

from __future__ import annotations

import pandas as pd

from lib import present
from lib.present.texts import WORD_JOINER
from tests.data_text import BARE, BOLD, IMAGE, LINK, STRINGS, URAIAN


def test_every_markdown_and_html_mark_is_escaped():
    for s in STRINGS:
        escaped = present.as_text(s)
        # each mark is preceded by a backslash; removing those (and the word joiners) gives the text back exactly
        assert escaped.replace("\\", "").replace(WORD_JOINER, "") == s.replace("\\", "")
        for mark in "![]()*<>:":
            assert f"\\{mark}" in escaped or mark not in s


def test_bare_addresses_e_mails_and_icon_codes_are_kept_apart_invisibly():
    for s in BARE:
        escaped = present.as_text(s)
        assert s not in escaped and escaped.replace("\\", "").replace(WORD_JOINER, "") == s
    assert present.as_text("a@b.c").startswith("a@" + WORD_JOINER)
    assert present.as_text(":material/home:").startswith("\\:" + WORD_JOINER + "material")
    assert present.as_text("Lihat WWW.x.id").startswith("Lihat WWW" + WORD_JOINER)


def test_plain_text_is_unchanged_apart_from_its_punctuation():
    assert present.as_text("Kota Kendari 12,5 persen") == "Kota Kendari 12,5 persen"
    assert present.as_text(None) == ""


def test_the_overdue_list_escapes_the_description_and_the_owner():
    table = pd.DataFrame(
        {"Uraian": [URAIAN], "Penanggung jawab": [BOLD], "Tenggat": ["1 Jan 2025"], "Lewat tenggat": ["30 hari"]}
    )
    text = present.overdue_text(table)
    assert IMAGE not in text and LINK not in text and BOLD not in text
    assert present.as_text(URAIAN) in text and f"**{present.as_text(BOLD)}**" in text
