"""Pinyin for the ``p`` key: tone marks to show, tone numbers for the voice, readings in context."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.chinese.pinyin import (
    char_readings,
    char_readings_tone3,
    spoken_pinyin,
    tone3_to_marks,
    word_pinyin,
)


@pytest.mark.parametrize(
    ("text", "marks", "numbers"),
    [
        ("银行", "yín háng", "yin2 hang2"),
        ("行走", "xíng zǒu", "xing2 zou3"),
        ("长大", "zhǎng dà", "zhang3 da4"),
        ("长城", "cháng chéng", "chang2 cheng2"),
        ("重新", "chóng xīn", "chong2 xin1"),
        ("我的", "wǒ de", "wo3 de5"),
        ("绿色", "lǜ sè", "lv4 se4"),
        ("銀行", "yín háng", "yin2 hang2"),
    ],
)
def test_words_in_context(text, marks, numbers):
    assert word_pinyin(text) == marks
    assert spoken_pinyin(text) == numbers


def test_mixed_text_keeps_latin_digits_and_punctuation():
    assert word_pinyin("ABC银行，行长") == "ABC yín háng， háng zhǎng"
    assert spoken_pinyin("第3号") == "di4 3 hao4"


def test_char_readings():
    assert char_readings("行")[:2] == ["xíng", "háng"]
    assert char_readings_tone3("重")[:2] == ["zhong4", "chong2"]
    assert char_readings("储") == ["chǔ"]
    assert char_readings("a") == [] and char_readings("，") == [] and char_readings("\ue000") == []
    assert char_readings("储蓄") == []  # one character only


def test_tone3_to_marks():
    assert tone3_to_marks("chu3") == "chǔ"
    assert tone3_to_marks("lv4") == "lǜ"
    assert tone3_to_marks("de5") == "de"
    assert tone3_to_marks("xyz") == "xyz"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=20))
def test_any_text(text):
    assert isinstance(word_pinyin(text), str)
    assert isinstance(spoken_pinyin(text), str)
