"""Cutting text into synthesis pieces: sentences, long ones at clause marks (property tests)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from voices.chunking import MAX_PIECE, split_pieces


def test_sentences_and_closing_quotes():
    text = "他说：“好。”我们走吧！真的？ Yes. OK"
    assert [text[a:b] for a, b in split_pieces(text)] == [
        "他说：“好。”",
        "我们走吧！",
        "真的？",
        "Yes.",
        "OK",
    ]


def test_long_sentence_is_cut_after_clause_marks():
    clause = "北京市慈善协会开展了多项公益活动，"
    text = clause * 6 + "结束。"
    pieces = [text[a:b] for a, b in split_pieces(text)]
    assert len(pieces) > 1
    assert "".join(pieces) == text
    assert all(len(p) <= MAX_PIECE for p in pieces)
    assert all(p.endswith("，") for p in pieces[:-1])


def test_a_long_clause_without_marks_stays_whole():
    text = "字" * (MAX_PIECE * 2) + "。"
    assert split_pieces(text) == [(0, len(text))]


def test_empty_and_blank():
    assert split_pieces("") == []
    assert split_pieces("  \n ") == []


ALPHABET = "天气很好我们走abc 。，；：！？…\n”」"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=200), st.integers(min_value=4, max_value=60))
def test_pieces_cover_the_text_in_order(text, max_piece):
    pieces = split_pieces(text, max_piece)
    position = 0
    for start, end in pieces:
        assert position <= start < end <= len(text)
        assert text[position:start].strip() == "", "nothing but spaces is skipped"
        assert text[start] != " " and not text[end - 1].isspace()
        position = end
    assert text[position:].strip() == ""
