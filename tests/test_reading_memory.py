"""Reading through a book keeps memory bounded: what is cached per paragraph is capped.

The script view caches a bounded number of converted paragraphs (their
text and sentence spans), and the source script of a bounded number of
paragraphs; nothing else may be left behind on every paragraph visited,
or a long book read through grows without end (the paragraphs' split
sentences once were: 2.5 MB for 红楼梦). The caches are made small here
so that a few thousand paragraphs read far past them.
"""

from __future__ import annotations

import gc
import tracemalloc

from reader.chinese import script
from reader.chinese.script import ScriptView
from reader.document import Article, Library, Paragraph
from reader.ui.reading import ReadingState

CACHE = 64
MORE = 2000


def book(count: int) -> Library:
    paragraphs = tuple(
        Paragraph(f"第{n}段说的是春天。花开了，鸟叫了。我们去公园散步，看见很多人。")
        for n in range(count)
    )
    return Library((Article("长读", paragraphs, script="zh-Hans"),), ("book.txt",))


def read(state: ReadingState, paragraphs: range) -> None:
    for p in paragraphs:
        state.go(0, p)
        state.text()
        state.sentence_span()


def retained() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def test_reading_on_past_the_caches_does_not_grow_memory(monkeypatch):
    monkeypatch.setattr(script, "_PARAGRAPH_SCRIPT_CACHE_SIZE", CACHE)
    state = ReadingState(book(4 * CACHE + MORE), "zh-Hans")
    state._view = ScriptView("zh-Hans", cache_size=CACHE)
    script._paragraph_script_cache.clear()
    tracemalloc.start()
    try:
        read(state, range(4 * CACHE))  # fills the caches
        first = retained()
        read(state, range(4 * CACHE, 4 * CACHE + MORE))
        growth = retained() - first
    finally:
        tracemalloc.stop()
    assert growth < 100_000, f"{growth / 1000:.0f} KB kept for {MORE} more paragraphs"  # was 560


def test_a_paragraphs_sentences_are_not_kept_on_it():
    paragraphs = [Paragraph(f"第{n}句。第二句！第三句？") for n in range(MORE)]
    assert len(Paragraph("先热身。再说。").sentences) == 2  # imports, compiled patterns
    tracemalloc.start()
    try:
        first = retained()
        spans = [[(s.start, s.end) for s in p.sentences] for p in paragraphs]
        del spans
        growth = retained() - first
    finally:
        tracemalloc.stop()
    assert growth < 100_000, f"{growth / 1000:.0f} KB kept by {MORE} paragraphs"  # was 570 KB
