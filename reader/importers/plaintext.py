"""Ordinary plain text: paragraphs per line or per blank-line block, books split at chapter headings.

This is the importer for text that was written as text (notes, e-books),
not extracted from a printed page: it never joins paragraphs across blank
lines and never reorders anything.
"""

from __future__ import annotations

import re

from reader.document import Article, Paragraph
from reader.importers.textjoin import join_lines

# 第一回 / 第12章 / 第三卷 / 卷一 / Chapter 7 / CHAPTER IV — alone on their line.
_CN_NUM = "〇零一二三四五六七八九十百千两兩0-9０-９"
CHAPTER_HEADING = re.compile(
    rf"^\s*(?:第[{_CN_NUM}]+[回章节節卷部篇集幕]|卷[{_CN_NUM}]+|(?:chapter|book|part)\s+[0-9IVXLCDM]+\b|序[章言]?|楔子|尾声|尾聲|后记|後記)"
    r"(?:[\s\u3000:：.、·]+.*)?$",
    re.IGNORECASE,
)
# A heading line is short; a long line starting with 第一回 is prose.
MAX_HEADING_CHARS = 40
# Lines this long without a break are split into readable paragraphs.
MAX_PARAGRAPH_CHARS = 1200
_SENTENCE_END = re.compile(r"[。！？!?…][”’」』）)]*")


def is_chapter_heading(line: str) -> bool:
    """True if ``line`` is a chapter heading such as ``第一回 …`` or ``Chapter 1``."""
    line = line.strip()
    return 0 < len(line) <= MAX_HEADING_CHARS and bool(CHAPTER_HEADING.match(line))


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


def paragraphs_from_lines(lines: list[str]) -> list[str]:
    """Group lines into paragraphs.

    If the text uses blank lines between paragraphs and wraps lines inside
    them (most lines of multi-line blocks run on), lines of a block are
    joined; otherwise every non-blank line is a paragraph.
    """
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip().replace("\u3000", " ").strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    multi = [b for b in blocks if len(b) > 1]
    wrapped = False
    if multi and sum(len(b) for b in multi) >= 0.5 * sum(len(b) for b in blocks):
        run_on = sum(1 for b in multi for line in b[:-1] if not _ends_sentence(line))
        total = sum(len(b) - 1 for b in multi)
        wrapped = run_on >= 0.5 * total
    paragraphs: list[str] = []
    for block in blocks:
        if wrapped:
            paragraphs.append(join_lines(block))
        else:
            paragraphs.extend(block)
    out: list[str] = []
    for p in paragraphs:
        out.extend(split_long(p))
    return [p for p in out if p]


def _ends_sentence(line: str) -> bool:
    return bool(re.search(r"[。！？!?…:：.][”’」』）)\"']*\s*$", line))


def parse_plain_text(text: str, source: str, fallback_title: str) -> list[Article]:
    """Split ``text`` into articles at chapter headings (one article if there are none)."""
    lines = text.split("\n")
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        if is_chapter_heading(line):
            sections.append((" ".join(line.replace("\u3000", " ").split()), []))
        else:
            sections[-1][1].append(line)
    articles: list[Article] = []
    for title, body in sections:
        paragraphs = paragraphs_from_lines(body)
        if not title:
            if not paragraphs:
                continue
            # A short first line standing alone is the book's or note's title.
            if len(sections) == 1 or len(paragraphs) <= 3:
                first = paragraphs[0]
                if (
                    len(paragraphs) > 1
                    and len(first) <= MAX_HEADING_CHARS
                    and not _ends_sentence(first)
                ):
                    title, paragraphs = first, paragraphs[1:]
            title = title or fallback_title
        if not paragraphs and not title:
            continue
        articles.append(
            Article(title=title, paragraphs=tuple(Paragraph(p) for p in paragraphs), source=source)
        )
    return [a for a in articles if a.paragraphs]
