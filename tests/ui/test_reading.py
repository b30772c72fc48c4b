"""The reading position: moving by paragraph, sentence, word, character, article, percent."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reader.document import Article, Library, Paragraph
from reader.state import Anchor, FileSignature, PositionStore
from reader.ui.reading import ReadingState


def make_library(source: str = "/tmp/x.txt") -> Library:
    a = Article(
        "第一篇",
        (Paragraph("今天天气很好。我们去公园散步。"), Paragraph("第二段只有一句。")),
        source=source,
        script="zh-Hans",
    )
    b = Article(
        "第二篇",
        (Paragraph("这是第二篇。"), Paragraph("图书馆里有很多书。"), Paragraph("完。")),
        source=source,
        script="zh-Hans",
    )
    return Library((a, b), (source,))


def test_paragraph_moves_stop_at_edges():
    state = ReadingState(make_library())
    assert not state.previous_paragraph()
    assert state.next_paragraph() and state.paragraph == 1
    assert not state.next_paragraph() and state.paragraph == 1
    state.first_paragraph()
    assert state.paragraph == 0
    state.last_paragraph()
    assert state.paragraph == 1


def test_sentences_cross_paragraphs_but_not_articles():
    state = ReadingState(make_library())
    assert state.sentence_text() == "今天天气很好。"
    assert state.next_sentence() and state.sentence_text() == "我们去公园散步。"
    assert state.next_sentence() and (state.paragraph, state.sentence) == (1, 0)
    assert not state.next_sentence()
    assert state.previous_sentence() and state.sentence_text() == "我们去公园散步。"


def test_chars_and_articles():
    state = ReadingState(make_library())
    assert state.current_char() == "今"
    assert state.next_char() and state.current_char() == "天"
    assert state.previous_char() and not state.previous_char()
    assert state.next_article() and state.article == 1 and state.paragraph == 0
    assert not state.next_article()
    assert state.previous_article() and state.article == 0


def test_words_use_jieba():
    from reader.chinese import words

    assert words.wait_ready(30)
    state = ReadingState(make_library())
    state.go(1, 1)
    assert state.word_span() == (0, 3)  # 图书馆
    assert state.next_word() and state.text()[slice(*state.word_span())] == "里"
    assert state.previous_word() and state.char == 0


def test_variant_view_keeps_offsets():
    state = ReadingState(make_library())
    state.go(1, 1)
    before = state.sentence_span()
    assert state.next_variant() == "zh-Hant"
    assert state.text() == "圖書館裏有很多書。" or state.text() == "圖書館里有很多書。"
    assert state.sentence_span() == before
    assert state.next_variant() == "zh-TW"
    assert state.text().startswith("圖書館")


def test_percent_round_trip():
    state = ReadingState(make_library())
    assert state.percent() == 0
    state.go_to_fraction(0.5)
    assert state.article == 1 or state.paragraph == 1
    state.go_to_fraction(1.0)
    assert (state.article, state.paragraph) == (1, 2)
    state.go_to_fraction(0.0)
    assert (state.article, state.paragraph) == (0, 0)


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "book.txt"
    path.write_text("x", encoding="utf-8")
    return str(path)


def test_restore_unchanged_file(doc, tmp_path):
    state = ReadingState(make_library(doc))
    state.go(1, 1, 2)
    positions = PositionStore(tmp_path / "p.json")
    key = state.remember(positions)
    positions.save()
    again = PositionStore(tmp_path / "p.json")
    again.load()
    fresh = ReadingState(make_library(doc))
    assert fresh.restore(again)
    assert fresh.place == state.place
    assert again.get(key).signature == FileSignature.of(doc)


def test_restore_changed_file_finds_the_paragraph(doc, tmp_path):
    state = ReadingState(make_library(doc))
    state.go(1, 1)
    positions = PositionStore(tmp_path / "p.json")
    state.remember(positions)
    # The file changed: a paragraph was inserted before the one we were reading.
    lib = make_library(doc)
    second = lib[1]
    edited = replace(second, paragraphs=(Paragraph("新加的一段。"), *second.paragraphs))
    lib = Library((lib[0], edited), lib.sources)
    with open(doc, "a", encoding="utf-8") as f:
        f.write("more")
    fresh = ReadingState(lib)
    assert fresh.restore(positions)
    assert (fresh.article, fresh.paragraph) == (1, 2)
    assert fresh.text().startswith("图书馆")


def test_locate_falls_back_to_fraction(doc):
    state = ReadingState(make_library(doc))
    anchor = Anchor(article=9, paragraph=9, snippet="不存在", fraction=0.99)
    place = state.locate(doc, anchor, unchanged=False)
    assert place.article == 1
