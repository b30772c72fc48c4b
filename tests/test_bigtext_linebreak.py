"""Chinese line breaking: word boundaries, punctuation rules, long words; property tests on news text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.bigtext.linebreak import NO_END, NO_START, break_lines
from reader.bigtext.render import cell_units
from reader.chinese import words

from .bigtext_samples import news_text

# The issue's lists, checked literally on top of the module's own sets.
ISSUE_NO_START = set("，。、；：？！）」』》…—”")
ISSUE_NO_END = set("（「『《“")


@pytest.fixture(scope="module", autouse=True)
def jieba_loaded():
    assert words.wait_ready(60), "jieba did not load"


def width(s: str) -> int:
    return sum(cell_units(c) for c in s)


def visible(s: str) -> str:
    return s.rstrip()


def legal_at(text: str, i: int) -> bool:
    """The punctuation rules for a break before text[i], written out independently."""
    before = text[:i].rstrip()
    return (
        not text[i].isspace()
        and text[i] not in NO_START
        and text[i] not in ISSUE_NO_START
        and not (before and (before[-1] in NO_END or before[-1] in ISSUE_NO_END))
    )


def word_points(text: str) -> set[int]:
    """Break points a word-level break may use: jieba boundary, legal, not inside Latin."""
    ends = {end for _, end in words.word_spans(text)}

    def latin(c: str) -> bool:
        return c.isascii() and c.isprintable() and not c.isspace()

    return {
        i
        for i in range(1, len(text))
        if i in ends and legal_at(text, i) and not (latin(text[i - 1]) and latin(text[i]))
    }


def check_lines(text: str, chars_per_line: int, use_words: bool) -> None:
    capacity = 2 * chars_per_line
    lines = break_lines(text, capacity, use_words=use_words)
    pieces = [text[line.start : line.end] for line in lines]
    assert "".join(pieces) == text
    breaks = [line.end for line in lines[:-1]]
    for i in breaks:
        assert legal_at(text, i), (i, pieces)
        assert not (text[i - 1] in "…—" and text[i] == text[i - 1]), pieces  # …… and —— whole
    chars = {i for i in range(1, len(text)) if legal_at(text, i)}
    points = word_points(text) if use_words else {
        i for i in chars if not (text[i - 1].isascii() and text[i].isascii()
                                 and not text[i - 1].isspace() and not text[i].isspace()
                                 and text[i - 1].isprintable() and text[i].isprintable())
    }  # fmt: skip
    for line, piece in zip(lines, pieces, strict=True):
        assert line.width == width(visible(piece))
        inner = [i for i in chars if line.start < i < line.end]
        # Wider than the line only when no legal break exists inside it (e.g. 好。” at 2 chars).
        assert line.width <= capacity or not inner, (piece, capacity)
    for i in breaks:
        if i in points:
            continue
        # A break inside a word: that word (between word-level points) is wider than a line.
        a = max([p for p in points if p < i], default=0)
        b = min([p for p in points if p > i], default=len(text))
        assert width(visible(text[a:b])) > capacity, (text[a:b], pieces)
    for line, nxt in zip(lines, lines[1:], strict=False):
        # Greedy: the next break point would not have fitted on this line.
        candidates = points if line.end in points else chars
        following = min([p for p in candidates if p > line.end], default=len(text))
        assert width(visible(text[line.start : following])) > capacity, (pieces, nxt)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news_text(), st.integers(2, 20))
def test_properties_with_jieba_words(text, chars_per_line):
    check_lines(text, chars_per_line, use_words=True)


@settings(max_examples=80, deadline=None)
@given(news_text(), st.integers(2, 20))
def test_properties_before_jieba_is_loaded(text, chars_per_line):
    check_lines(text, chars_per_line, use_words=False)


def lines_of(text: str, chars: int, use_words: bool = True) -> list[str]:
    return [text[x.start : x.end] for x in break_lines(text, 2 * chars, use_words=use_words)]


def test_words_are_kept_whole():
    assert lines_of("城市流浪动物", 3) == ["城市", "流浪", "动物"]
    assert lines_of("呼吁救助城市流浪动物", 5) == ["呼吁救助", "城市流浪", "动物"]


def test_punctuation_stays_with_its_word():
    text = "公告写道：“我们呼吁救助。”"
    assert lines_of(text, 5) == ["公告写道：", "“我们呼吁", "救助。”"]
    assert lines_of("他说……好——再见", 3) == ["他说……", "好——", "再见"]


def test_a_word_longer_than_the_line_breaks_at_legal_positions():
    text = "中华人民共和国成立了。"
    lines = lines_of(text, 3)
    assert "".join(lines) == text
    assert all(width(line) <= 6 for line in lines)
    assert not lines[-1].startswith("。")


def test_unbreakable_unit_overflows_rather_than_breaking_the_rules():
    lines = break_lines("季）。”", 4)
    assert [(x.start, x.end) for x in lines] == [(0, 4)]
    assert lines[0].width == 7


def test_latin_words_and_numbers_are_not_split_when_they_fit():
    text = "记者获悉，自 11 月 28 日起，nihaooo 你好艺术在上海"
    for chars in range(4, 12):
        lines = lines_of(text, chars)
        assert any("nihaooo" in line for line in lines)
        ends = [line.rstrip()[-1] + nxt[0] for line, nxt in zip(lines, lines[1:], strict=False)]
        assert not any(pair.isascii() and pair.isalnum() for pair in ends), lines
    assert lines_of("COVID-19", 2) == ["COVI", "D-19"]


def test_newlines_always_break_and_spaces_hang():
    assert lines_of("标题\n正文第一句。", 10) == ["标题\n", "正文第一句。"]
    assert lines_of("hello world again", 3) == ["hello ", "world ", "again"]
    assert break_lines("hello world", 5)[0].width == 5


def test_closing_punctuation_may_be_squeezed_at_the_line_end():
    def squeeze(ch: str) -> int:
        return 1 if ch in "，。：" else 0

    text = "公告写道：我们呼吁。"
    plain = break_lines(text, 9)
    squeezed = break_lines(text, 9, squeeze=squeeze)
    assert [text[x.start : x.end] for x in plain] == ["公告", "写道：", "我们", "呼吁。"]
    assert [text[x.start : x.end] for x in squeezed] == ["公告写道：", "我们呼吁。"]
    assert [x.width for x in squeezed] == [9, 9]
    # Only at the end: a squeezable mark inside the line keeps its width.
    assert [(x.end, x.width) for x in break_lines("好，好好", 8, squeeze=squeeze)] == [(4, 8)]


def test_empty_text_has_no_lines():
    assert break_lines("", 10) == []


def test_without_jieba_every_character_boundary_is_a_word_boundary():
    text = "城市流浪动物，请为它们留一碗清水。"
    assert lines_of(text, 4, use_words=False) == [
        "城市流浪",
        "动物，请",
        "为它们留",
        "一碗清",
        "水。",
    ]
