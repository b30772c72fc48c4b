"""The compact pinyin data reads exactly as pypinyin does (checked against pypinyin itself)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.chinese import pinyin_data
from tests.conftest import ROOT, SEED

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def pypinyin():
    import pypinyin
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    return pypinyin, PINYIN_DICT, PHRASES_DICT


@pytest.fixture(scope="module")
def sample_text() -> str:
    """News and two novels (Simplified and Traditional), a few thousand characters each."""
    parts = [SEED.read_text(encoding="utf-8")]
    parts += [(DATA / n).read_text(encoding="utf-8") for n in ("hongloumeng-utf8.txt",)]
    parts.append((DATA / "xiyouji-traditional.txt").read_text(encoding="utf-8"))
    return "\n".join(parts)


def test_every_character_and_phrase_as_pypinyin_has_it(pypinyin):
    from pypinyin.contrib.tone_convert import to_tone3

    _module, chars, phrases = pypinyin
    assert len(pinyin_data.data().codes) == len(chars)
    for code, readings in chars.items():
        assert pinyin_data.char_readings(chr(code)) == tuple(readings.split(","))
    assert len(pinyin_data.data().phrases) == len(phrases)
    for phrase, syllables in phrases.items():
        assert pinyin_data.phrase_reading(phrase) == tuple(options[0] for options in syllables)
    syllables = {r for readings in chars.values() for r in readings.split(",")}
    for syllable in syllables:
        numbered = to_tone3(syllable, neutral_tone_with_five=True)
        assert pinyin_data.numbered(syllable) == numbered
        assert pinyin_data.with_marks(numbered) == syllable
    assert pinyin_data.char_readings("A") == () and pinyin_data.phrase_reading("不是词语") is None


def test_segmentation_and_readings_in_context_as_pypinyin(pypinyin, sample_text):
    from pypinyin import Style
    from pypinyin.seg.mmseg import seg

    module = pypinyin[0]
    runs = re.findall(r"[\u4e00-\u9fff]+", sample_text)
    assert len(runs) > 500
    for run in runs:
        assert pinyin_data.segment(run) == list(seg.cut(run)), run
    for line in sample_text.splitlines():
        if not line.strip():
            continue
        marks = [item[0] for item in module.pinyin(line, heteronym=False)]
        assert pinyin_data.pinyin(line) == marks, line
        numbers = module.pinyin(line, style=Style.TONE3, neutral_tone_with_five=True)
        assert pinyin_data.pinyin(line, tone_numbers=True) == [i[0] for i in numbers], line


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="银行长大重新一不了的地得和好还为着数乐朝", max_size=12))
def test_segmentation_of_any_run(text):
    from pypinyin.seg.mmseg import seg

    assert pinyin_data.segment(text) == list(seg.cut(text))


def test_read_back_from_the_cache_and_remade_when_stale_or_damaged(isolated_home):
    from reader.paths import cache_dir

    first = pinyin_data._load()  # made and cached under this test's READER_HOME
    path = cache_dir() / "pinyin.cache"
    assert path.exists()
    again = pinyin_data._load()
    assert again.phrases == first.phrases and again.char_readings == first.char_readings
    assert list(again.codes) == list(first.codes) and again.marks == first.marks
    path.write_bytes(b"\x00damaged")
    assert pinyin_data._load().phrase_readings == first.phrase_readings
    assert path.read_bytes() != b"\x00damaged", "remade"


def test_neither_pypinyin_nor_pkg_resources_is_imported():
    code = (
        "import sys; from reader.chinese import pinyin, polyphones, words;"
        "assert words.wait_ready(60);"
        "polyphones.forced_readings('选为银行行长', [(0, 2), (2, 4), (4, 6)]);"
        "print(pinyin.word_pinyin('银行'), 'pypinyin' in sys.modules, 'pkg_resources' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.stdout.split() == ["yín", "háng", "False", "False"], proc.stderr
