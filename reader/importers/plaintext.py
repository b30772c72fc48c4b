"""Ordinary plain text: notes and e-books, split into chapters and readable paragraphs.

This is the importer for text that was written as text (notes, e-books),
not extracted from a printed page: it never reorders anything.

- Site debris is cleaned first (``bookclean``).
- Chapters start at heading lines (``第一回 …``, ``Chapter 1``); in a book
  with no line breaks, at headings run into the text (``chapters``).
- The book's own title line before the first chapter (``《红楼梦》曹雪芹``,
  or a download site's ``西遊記西遊記西遊記``) is not a chapter: it becomes
  the ``section`` (and author) of every chapter.
- Paragraphs: a line is a paragraph, unless the text is hard-wrapped
  (most lines fill a fixed width, as in the GB e-books): then a paragraph
  ends at an indented line or a line that stops short; blank-line blocks
  whose lines run on are joined (English e-texts). Text with no breaks at
  all is cut at sentence ends into paragraphs of a readable length.
- A chapter's first line repeating its heading is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from reader.document import Article, Paragraph
from reader.importers.bookclean import clean_lines
from reader.importers.chapters import (
    MAX_HEADING_CHARS,
    find_inline_headings,
    heading_number,
    heading_title,
    is_chapter_heading,
)
from reader.importers.textjoin import join_lines

# Lines this long without a break are split into readable paragraphs.
MAX_PARAGRAPH_CHARS = 1200
# A line longer than this is not a paragraph but a book that lost its line breaks.
RUN_ON_LINE_CHARS = 5000
# ... and so is a text of this few lines without heading lines.
RUN_ON_MAX_LINES = 3
# Paragraph size for text that had no breaks at all.
RUN_ON_PARAGRAPH_CHARS = 400
_SENTENCE_END = re.compile(r"[。！？!?…][”’」』）)]*")
_ENDS_SENTENCE = re.compile(r"[。！？!?…:：.][”’」』）)\"']*\s*$")
_BOOK_TITLE_LINE = re.compile(r"^《([^》]{1,30})》\s*(.{0,24})$")
_REPEAT_JUNK = re.compile(r"[\s\-—－=_·.。:：]+")
# Wrap detection: enough lines, most of them this close to the common width.
_WRAP_MIN_LINES = 20
_WRAP_TOLERANCE = 4
_WRAP_SHARE = 0.5
_WRAP_MAX_LINE = 300
_WRAP_SAMPLE_LINES = 3000

__all__ = ["is_chapter_heading", "parse_plain_text", "paragraphs_from_lines", "split_long"]


def split_long(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[str]:
    """Split an overlong paragraph at sentence ends into pieces of at most about ``limit`` chars."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for m in _SENTENCE_END.finditer(window):
            if m.end() >= limit // 3:
                cut = m.end()
        if cut == 0:
            cut = max((window.rfind(p) + 1 for p in "，,；;、 "), default=0) or limit
        pieces.append(text[start : start + cut].strip())
        start += cut
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return [p for p in pieces if p]


def _width(text: str) -> int:
    """Display width in columns: characters from U+0800 on (CJK, and the punctuation GB/Big5
    text lays out as wide: “”—…) count twice; counted from the UTF-8 length, which is fast."""
    return len(text) + (len(text.encode("utf-8", "surrogatepass")) - len(text)) // 2


def _indent(line: str) -> int:
    """Width of the leading whitespace (ideographic space 2 columns, tab 4)."""
    space = line[: len(line) - len(line.lstrip())]
    return len(space) + space.count("\u3000") + 3 * space.count("\t")


def _is_cjk_dominant(lines: list[str]) -> bool:
    sample = "".join(lines[:200])
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    return han > 0.3 * max(1, len(sample.strip()))


def wrap_width(lines: list[str]) -> int | None:
    """The fixed width Chinese text was hard-wrapped at, or None if lines are paragraphs.

    Only Chinese text is judged: it wraps at an exact character count, so
    most lines have (nearly) the same width. Latin text wraps at word
    boundaries and is handled by blank-line blocks instead.
    """
    nonblank = [line for line in lines if line.strip()]
    if len(nonblank) < _WRAP_MIN_LINES or not _is_cjk_dominant(nonblank):
        return None
    step = max(1, len(nonblank) // _WRAP_SAMPLE_LINES)
    widths = [
        _width(line.rstrip()) if len(line) <= _WRAP_MAX_LINE else 2 * _WRAP_MAX_LINE
        for line in nonblank[::step]
    ]
    counts = Counter(w for w in widths if w >= 20)
    if not counts:
        return None
    best, best_count = 0, 0
    for w in counts:
        band = sum(counts.get(x, 0) for x in range(w - _WRAP_TOLERANCE, w + 1))
        if band > best_count or (band == best_count and w > best):
            best, best_count = w, band
    return best if best_count >= _WRAP_SHARE * len(widths) else None


def paragraphs_from_lines(
    lines: list[str], width: int | None = None, limit: int = MAX_PARAGRAPH_CHARS
) -> list[str]:
    """Group lines into paragraphs (see the module docstring); ``width`` is the hard-wrap width.

    Paragraphs longer than ``limit`` are cut at sentence ends.
    """
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    if width:
        groups = [g for block in blocks for g in _split_wrapped(block, width)]
    elif _blocks_run_on(blocks):
        groups = blocks
    else:
        groups = [[line] for block in blocks for line in block]
    out: list[str] = []
    for group in groups:
        text = join_lines([line.strip().replace("\u3000", " ") for line in group])
        out.extend(split_long(text, limit))
    return [p for p in out if p]


def _split_wrapped(block: list[str], width: int) -> list[list[str]]:
    """Paragraphs of a hard-wrapped block: a new one at an indented line, or after a line that
    stops short at the end of a sentence (a short line ending mid-sentence was wrapped narrower,
    as poems are)."""
    indents = [_indent(line) for line in block]
    base = min(indents, default=0)
    groups: list[list[str]] = []
    runs_on = False
    for line, indent in zip(block, indents, strict=True):
        indented = indent > base + 1
        if groups and runs_on and not indented:
            groups[-1].append(line)
        else:
            groups.append([line])
        stripped = line.rstrip()
        runs_on = _width(stripped) >= width - _WRAP_TOLERANCE or not _ENDS_SENTENCE.search(stripped)
    return groups


def _blocks_run_on(blocks: list[list[str]]) -> bool:
    """True if multi-line blocks are wrapped paragraphs (most lines don't end a sentence)."""
    multi = [b for b in blocks if len(b) > 1]
    if not multi or sum(len(b) for b in multi) < 0.5 * sum(len(b) for b in blocks):
        return False
    run_on = sum(1 for b in multi for line in b[:-1] if not _ENDS_SENTENCE.search(line))
    return run_on >= 0.5 * sum(len(b) - 1 for b in multi)


@dataclass
class _Section:
    title: str
    lines: list[str] = field(default_factory=list)
    run_on: bool = False


def _split_sections(lines: list[str]) -> list[_Section]:
    """Cut the lines at chapter headings: heading lines, or headings run into the text.

    Headings are looked for inside a line only if it is very long, or if the
    text has no heading lines and hardly any lines at all (a book that lost
    its line breaks).
    """
    has_heading_lines = any(is_chapter_heading(line) for line in lines)
    few_lines = sum(1 for line in lines if line.strip()) <= RUN_ON_MAX_LINES
    sections = [_Section("")]
    last_number: int | None = None
    for line in lines:
        if is_chapter_heading(line):
            sections.append(_Section(heading_title(line)))
            last_number = heading_number(line.strip()) or last_number
            continue
        run_on = len(line) >= RUN_ON_LINE_CHARS or (
            not has_heading_lines and few_lines and len(line) > MAX_HEADING_CHARS
        )
        if not run_on:
            sections[-1].lines.append(line)
            continue
        position = 0
        for heading in find_inline_headings(line, last_number):
            sections[-1].lines.append(line[position : heading.start])
            sections[-1].run_on = True
            sections.append(_Section(heading.title))
            position = heading.end
            last_number = heading.number or last_number
        sections[-1].lines.append(line[position:])
        sections[-1].run_on = True
    return sections


@dataclass(frozen=True)
class BookTitle:
    """A book's title and author from its title line; ``repeated`` for a site's ``书名书名书名``."""

    title: str
    author: str = ""
    repeated: bool = False


def book_title(line: str) -> BookTitle | None:
    """Recognise a title line: ``《红楼梦》曹雪芹`` or a repeated ``西遊記西遊記西遊記``."""
    line = line.strip()
    m = _BOOK_TITLE_LINE.match(line)
    if m:
        return BookTitle(m.group(1).strip(), m.group(2).strip())
    compact = _REPEAT_JUNK.sub("", line)
    for size in range(2, min(len(compact) // 2, 20) + 1):
        unit = compact[:size]
        if len(compact) % size == 0 and unit * (len(compact) // size) == compact:
            return BookTitle(unit, repeated=True)
    return None


def _lone_title_line(preface: list[str]) -> BookTitle | None:
    """A single short line before the first chapter (no sentence in it) is the book's title."""
    nonblank = [line.strip() for line in preface if line.strip()]
    if len(nonblank) != 1:
        return None
    line = nonblank[0]
    if len(line) > MAX_HEADING_CHARS or _ENDS_SENTENCE.search(line):
        return None
    return BookTitle(heading_title(line))


def _same_heading(paragraph: str, title: str) -> bool:
    def squeeze(s: str) -> str:
        return re.sub(r"[\s\-—－_:：·]+", "", s)

    return bool(title) and squeeze(paragraph) == squeeze(title)


def parse_plain_text(text: str, source: str, fallback_title: str) -> list[Article]:
    """Split ``text`` into articles at chapter headings (one article if there are none)."""
    lines = clean_lines(text)
    sections = _split_sections(lines)
    preface = sections[0].lines
    first = next((i for i, line in enumerate(preface) if line.strip()), None)
    book = book_title(preface[first]) if first is not None and len(sections) > 1 else None
    if book is None and first is not None and len(sections) > 1:
        book = _lone_title_line(preface)
    if book is not None:
        preface[first] = ""
        if book.repeated:
            _drop_trailing_title(sections[-1].lines, book.title)
    body_lines = [line for s in sections if not s.run_on for line in s.lines]
    width = wrap_width(body_lines)
    articles: list[Article] = []
    for section in sections:
        if section.run_on:
            paragraphs = paragraphs_from_lines(section.lines, limit=RUN_ON_PARAGRAPH_CHARS)
        else:
            paragraphs = paragraphs_from_lines(section.lines, width)
        title = section.title
        if paragraphs and _same_heading(paragraphs[0], title):
            paragraphs = paragraphs[1:]
        if not title:
            if not paragraphs:
                continue
            title, paragraphs = _untitled(paragraphs, len(sections) == 1, book, fallback_title)
        if paragraphs:
            articles.append(
                Article(
                    title=title,
                    paragraphs=tuple(Paragraph(p) for p in paragraphs),
                    author=book.author if book else "",
                    section=book.title if book else "",
                    source=source,
                )
            )
    return articles


def _untitled(
    paragraphs: list[str], whole_text: bool, book: BookTitle | None, fallback: str
) -> tuple[str, list[str]]:
    """Title for text before the first chapter (or a text with no chapters)."""
    if book is not None:
        return book.title, paragraphs
    first = paragraphs[0]
    if (
        (whole_text or len(paragraphs) <= 3)
        and len(paragraphs) > 1
        and len(first) <= MAX_HEADING_CHARS
        and not _ENDS_SENTENCE.search(first)
    ):
        return first, paragraphs[1:]
    return fallback, paragraphs


def _drop_trailing_title(lines: list[str], title: str) -> None:
    """Remove a site's repeated book title stuck to the very end of the text."""
    for i in range(len(lines) - 1, -1, -1):
        stripped = lines[i].rstrip()
        if not stripped:
            continue
        if stripped.endswith(title):
            lines[i] = stripped[: -len(title)]
        return
