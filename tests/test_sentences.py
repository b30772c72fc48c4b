"""Sentence splitting: Chinese marks, closing quotes kept, long runs cut."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.chinese.sentences import split_sentences


def _sentences(text: str, **kw) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, **kw)]


def test_marks_and_closing_quotes():
    text = "他说：“我从来没想过。”大家都笑了！真的吗？是的；好……走吧"
    assert _sentences(text) == [
        "他说：“我从来没想过。”",
        "大家都笑了！",
        "真的吗？",
        "是的；",
        "好……",
        "走吧",
    ]


def test_runs_of_marks_end_one_sentence():
    assert _sentences("什么？！不会吧。。。") == ["什么？！", "不会吧。。。"]


def test_fullwidth_full_stop_but_not_between_digits():
    assert _sentences("此开卷第一回也．作者自云") == ["此开卷第一回也．", "作者自云"]
    assert _sentences("共１．５亿元") == ["共１．５亿元"]


def test_latin_full_stop_needs_a_space_and_decimals_stay():
    assert _sentences("善款1.1亿元。Version 2.0 is out. Next") == [
        "善款1.1亿元。", "Version 2.0 is out.", "Next",
    ]  # fmt: skip


def test_long_run_without_marks_is_cut_at_a_comma_or_at_the_limit():
    text = "甲" * 150 + "，" + "乙" * 200
    parts = _sentences(text, max_length=200)
    assert parts == ["甲" * 150 + "，", "乙" * 200]
    assert _sentences("丙" * 450, max_length=200) == ["丙" * 200, "丙" * 200, "丙" * 50]


def test_empty_and_blank():
    assert split_sentences("") == [(0, 0)]
    assert split_sentences("   ") == [(0, 3)]


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from("我们。！？；…”」）.．, \n1"), st.characters(codec="utf-8")
        ),
        max_size=120,
    ),
    st.integers(min_value=5, max_value=40),
)
def test_spans_are_ordered_bounded_and_lose_only_spaces(text, limit):
    spans = split_sentences(text, max_length=limit)
    assert spans
    previous_end = 0
    for a, b in spans:
        assert previous_end <= a <= b <= len(text)
        assert text[previous_end:a].strip() == ""
        assert b - a <= limit or (a, b) == (0, len(text))
        previous_end = b
    assert text[previous_end:].strip() == ""
