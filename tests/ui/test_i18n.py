"""UI strings: every string exists in all three languages with the same fields."""

from __future__ import annotations

import string

import pytest

from reader.ui.i18n import LANGS, STRINGS, key_name, tr
from reader.ui.keys import GROUPS, READING_KEYS, valid_keymap


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_same_fields_in_every_language(key):
    hans, hant, en = STRINGS[key]
    assert fields(hans) == fields(hant) == fields(en)
    assert all(STRINGS[key])


def test_every_key_and_group_is_described():
    for spec in READING_KEYS:
        for lang in LANGS:
            assert tr(f"key.{spec.id}", lang)
    for group in GROUPS:
        assert tr(f"group.{group}", "en")
    assert len({s.id for s in READING_KEYS}) == len(READING_KEYS)
    assert len({s.key for s in READING_KEYS}) == len(READING_KEYS)


def test_key_names():
    assert key_name("ctrl+right", "zh-Hans") == "Ctrl+右箭头"
    assert key_name("B", "en") == "Shift+B"
    assert key_name("f1", "en") == "F1"
    assert key_name("ctrl+c", "en") == "Ctrl+C"
    assert key_name("left_square_bracket", "zh-Hant") == "左方括號"
    assert key_name("j", "en") == "j"


def test_most_important_word_first():
    assert tr(
        "where", "en", article=1, articles=2, title="T", paragraph=3, paragraphs=12, percent=5
    ).startswith("Article 1 of 2")
    assert tr("rate", "zh-Hans", rate=5) == "语速5"


def test_unknown_language_falls_back():
    assert tr("stop", "fr") == tr("stop", "zh-Hans")


def test_valid_keymap():
    good, unknown = valid_keymap({"next_paragraph": "j", "nope": "x", "stop": " "})
    assert good == {"next_paragraph": "j"} and unknown == ["nope", "stop"]


def test_readme_lists_every_binding_id():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = readme.split("The ids are:", 1)[1].split(". Help", 1)[0]
    ids = {word.strip(" ,\n") for word in listed.replace("\n", " ").split(",")}
    assert ids == {spec.id for spec in READING_KEYS}
