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
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\n.*?\n\1[ \t]*(?:\n|\Z)", re.DOTALL)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def strip_front_matter(text: str) -> str:
    """``text`` without a leading YAML/TOML front-matter block."""
    return _FRONT_MATTER.sub("", text, count=1)


def parse_markdown(text: str, source: str, name: str) -> list[Article]:
    """Articles of a Markdown document; raises UnreadableFileError if it has headings only or no text."""
    tokens = _parser().parse(strip_front_matter(text))
    builder = ArticleBuilder(source, fallback_title=Path(name).stem)
    _feed(tokens, builder)
    articles = builder.articles()
    if not articles:
        has_heading = any(t.type == "heading_open" for t in tokens)
        reason = "only headings, no text under them" if has_heading else "no readable text"
        raise UnreadableFileError(f"{name}: {reason}")
    return articles


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
