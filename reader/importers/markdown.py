"""Markdown notes and books: headings start articles, the text is read without its markup.

Parsing is done by markdown-it-py (CommonMark, plus GFM tables and
strikethrough), which Textual already depends on: it handles the cases a
hand-written parser gets wrong (lazy continuation lines, nested lists and
quotes, setext headings, reference links, entities, escapes). This module
only turns its tokens into text for listening:

- ATX and setext headings of level 1–3 start articles; 4–6 stay as short
  paragraphs; a heading with nothing under it before a deeper one is a part
  title (the articles' ``section``).
- Paragraphs, list items (ordered ones keep their number), block quotes and
  table rows become paragraphs; code blocks are kept as text, one paragraph
  per line.
- Inline markup is dropped: emphasis, code spans, links (their text stays),
  images (their alt text stays), HTML tags. HTML blocks keep their text.
- YAML (``---``) or TOML (``+++``) front matter is skipped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from reader.document import Article
from reader.errors import UnreadableFileError
from reader.importers.htmltext import extract_blocks, is_cjk_text, parse_dom
from reader.importers.inline import tidy_inline
from reader.importers.structure import ArticleBuilder

SPLIT_LEVEL = 3
CHUNK_CHARS = 128 * 1024
_TABLE_DELIMITER = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_LIST_MARKER = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\n.*?\n\1[ \t]*(?:\n|\Z)", re.DOTALL)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def strip_front_matter(text: str) -> str:
    """``text`` without a leading YAML/TOML front-matter block."""
    return _FRONT_MATTER.sub("", text, count=1)


def parse_markdown(text: str, source: str, name: str) -> list[Article]:
    """Articles of a Markdown document; raises UnreadableFileError if it has headings only or no text.

    A long document is parsed in chunks of about ``CHUNK_CHARS`` (see
    ``markdown_chunks``): markdown-it's tokens take some 200 times the
    memory of their text, so a 200 MB table would not fit at once.
    Reference definitions carry over from one chunk to the next.
    """
    builder = ArticleBuilder(source, fallback_title=Path(name).stem)
    env: dict = {}
    has_heading = False
    for chunk in markdown_chunks(strip_front_matter(text)):
        tokens = _parser().parse(chunk, env)
        _feed(tokens, builder)
        has_heading = has_heading or any(t.type == "heading_open" for t in tokens)
    articles = builder.articles()
    if not articles:
        reason = "only headings, no text under them" if has_heading else "no readable text"
        raise UnreadableFileError(f"{name}: {reason}")
    return articles


def markdown_chunks(text: str, size: int = CHUNK_CHARS):
    """``text`` in pieces of at least ``size`` characters, cut only where Markdown lets a block end.

    A cut is made at a blank line followed by a line that starts at the
    margin and does not continue a list, outside fenced code: the blocks on
    either side are then parsed as they would be in the whole document. A
    block longer than ``2 * size`` with no such place (a huge table or
    paragraph) is cut between lines; a table's header and delimiter rows
    are repeated at the start of the next piece so its rows stay a table
    (the head row is then read again, as a printed table repeats its head
    on each page).
    """
    if len(text) <= size:
        yield text
        return
    start = offset = 0
    prefix = fence = previous = table_head = ""
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
        elif stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        elif offset - start >= size and (
            (
                not previous.strip()
                and line[:1] not in (" ", "\t", "\n", "\r")
                and not _LIST_MARKER.match(line)
            )
            or (offset - start >= 2 * size and stripped and previous.strip())
        ):
            yield prefix + text[start:offset]
            start = offset
            # Rows cut from their table get its head again, so they stay a table.
            prefix = table_head if table_head and previous.strip() else ""
        if _TABLE_DELIMITER.match(line):
            table_head = previous + line
        elif not stripped:
            table_head = ""
        previous = line
        offset += len(line)
    yield prefix + text[start:]


def _feed(tokens, builder: ArticleBuilder) -> None:
    heading_level = 0
    item_prefix = ""
    row: list[str] | None = None
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "list_item_open":
            item_prefix = f"{token.info}{token.markup} " if token.info else ""
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            cells = [c for c in row if c]
            if cells:
                builder.paragraph(("，" if any(map(is_cjk_text, cells)) else ", ").join(cells))
            row = None
        elif kind == "inline":
            text = inline_text(token.children or [])
            if row is not None:
                row.append(text)
            elif heading_level and heading_level <= SPLIT_LEVEL:
                builder.heading(heading_level, text)
            elif text:
                builder.paragraph(item_prefix + text)
                item_prefix = ""
        elif kind in ("fence", "code_block"):
            for line in token.content.splitlines():
                builder.paragraph(line)
        elif kind == "html_block":
            for block in extract_blocks(parse_dom(token.content), web_page=False):
                builder.paragraph(block.text)


def inline_text(children) -> str:
    """The readable text of an inline token's children: markup dropped, link and alt text kept."""
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "image":
            parts.append(inline_text(child.children or []) or child.content)
    return tidy_inline("".join(parts))
