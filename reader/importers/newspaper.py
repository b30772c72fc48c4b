"""Text extracted from a printed newspaper page: reflow columns, find headlines, bylines.

``looks_like_printed_page`` tells such text from text written as text
(books, notes, one paragraph per line); ``parse_printed_page`` repairs it:
columns are reflowed into whole paragraphs (``pageflow``, ``pagecolumns``), stories are
told apart and given their headlines, subtitles, bylines and section
(``pagestories``).
"""

from __future__ import annotations

import re
import statistics

from reader.document import Article, Paragraph
from reader.importers.pageflow import read_page
from reader.importers.pagelines import Block, display_cells, ends_sentence, split_blocks
from reader.importers.pageparts import is_furniture_block, section_name, split_byline
from reader.importers.pagestories import build_stories
from reader.importers.plaintext import is_chapter_heading

# Columns of a printed page are narrow: at most about 24 characters.
MAX_COLUMN_CELLS = 24.0
MIN_LINES = 8
# Enough of the text to tell a page from a book: a printed page is ~10 KB.
SAMPLE_CHARS = 32 * 1024
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s|```)")


def looks_like_printed_page(text: str) -> bool:
    """True if ``text`` looks like narrow printed columns extracted from a page.

    Such text has many short lines, most of them stopping mid-sentence, and
    signs of a page: blank lines that cut sentences (column breaks), bylines
    such as ``（李庆）``, section headers. Books, notes and text with one
    paragraph per line have none of that. A long text is judged on its
    opening first, so a 2 MB novel is turned down without measuring every line.
    """
    if len(text) > SAMPLE_CHARS:
        cut = text.rfind("\n", 0, SAMPLE_CHARS)
        if not _looks_like_page(text[: cut if cut > 0 else SAMPLE_CHARS]):
            return False
    return _looks_like_page(text)


def _looks_like_page(text: str) -> bool:
    blocks = split_blocks(text)
    lines = [line for block in blocks for line in block.lines]
    if len(lines) < MIN_LINES:
        return False
    if any(_MARKUP.match(line.raw) or is_chapter_heading(line.raw) for line in lines):
        return False
    median = statistics.median(line.width for line in lines)
    if median > MAX_COLUMN_CELLS:
        return False
    run_on = sum(1 for line in lines if not ends_sentence(line.text))
    if run_on < 0.5 * len(lines):
        return False
    return _page_signs(blocks, median) >= (1 if len(lines) >= 20 else 2)


def _page_signs(blocks: list[Block], median: float) -> int:
    """Column breaks (blanks cutting a sentence after a full line), bylines and section headers."""
    signs = 0
    for block in blocks[:-1]:
        if (
            len(block.lines) >= 2
            and not ends_sentence(block.tail)
            and block.last.width >= 0.8 * median
        ):
            signs += 1
    for block in blocks:
        if section_name(block) is not None or is_furniture_block(block):
            signs += 1
        if split_byline(block.last.text) is not None:
            signs += 2
    return signs


def parse_printed_page(text: str, source: str, fallback_title: str = "") -> list[Article]:
    """Split a printed page into its stories, as articles in reading order."""
    stories = build_stories(read_page(split_blocks(text)))
    articles = []
    for story in stories:
        title = story.title or stand_in_title(story.paragraphs) or fallback_title
        articles.append(
            Article(
                title=title,
                paragraphs=tuple(Paragraph(p) for p in story.paragraphs),
                subtitles=tuple(story.subtitles),
                author=story.author,
                section=story.section,
                source=source,
            )
        )
    return articles


def stand_in_title(paragraphs: list[str]) -> str:
    """The title given to a story printed without a headline: its opening words."""
    if not paragraphs:
        return ""
    first = re.split(r"[，。！？；：,.!?;:]", paragraphs[0], maxsplit=1)[0]
    return first[:20] if display_cells(first) > 0 else ""
