"""Saved web pages: the main text of an HTML file, split into articles at its headings.

The page's main part is chosen by ``htmltext.main_content`` (``<main>``,
``<article>``, else the densest text); scripts, navigation, asides, forms,
footers and boilerplate are dropped. Headings ``h1``–``h3`` start articles,
``h4``–``h6`` stay in the text as short paragraphs. The first article is
titled by the page (``og:title``, the first ``<h1>``, or ``<title>`` without
the site name) when its text comes before any heading.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.document import Article
from reader.errors import UnreadableFileError
from reader.importers.decode import decode_markup
from reader.importers.htmltext import Block, Element, extract_blocks, main_content, parse_dom
from reader.importers.structure import ArticleBuilder

SPLIT_LEVEL = 3
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—·]\s+|\s*[|｜_]\s*")


def parse_html(data: bytes, source: str, name: str) -> list[Article]:
    """Articles of an HTML document given as bytes; raises UnreadableFileError if it has no text."""
    document = parse_dom(decode_markup(data, name))
    blocks: list[Block] = []
    for root in main_content(document):
        blocks.extend(extract_blocks(root, web_page=True))
    builder = ArticleBuilder(source, fallback_title=page_title(document) or Path(name).stem)
    add_blocks(builder, blocks)
    articles = builder.articles()
    if not articles:
        raise UnreadableFileError(f"{name}: no readable text in this page")
    return articles


def add_blocks(
    builder: ArticleBuilder, blocks: list[Block], split_level: int = SPLIT_LEVEL
) -> None:
    """Feed blocks to ``builder``: headings up to ``split_level`` start articles."""
    for block in blocks:
        if 0 < block.level <= split_level:
            builder.heading(block.level, block.text)
        else:
            builder.paragraph(block.text)


def page_title(document: Element) -> str:
    """The page's own title: ``og:title``, else the first ``<h1>``, else ``<title>`` minus the site name."""
    for meta in document.iter("meta"):
        if meta.attrs.get("property", "").lower() == "og:title" and meta.attrs.get("content"):
            return " ".join(meta.attrs["content"].split())
    h1 = document.find("h1")
    if h1 is not None and h1.text():
        return h1.text()
    title = document.find("title")
    if title is None:
        return ""
    return strip_site_name(title.text())


def strip_site_name(title: str) -> str:
    """``"文章标题 - 新闻网"`` → ``"文章标题"``.

    Site names usually come last: keep the first part, unless another part
    is more than twice as long (``"网易 | 一个很长的标题"``).
    """
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title.strip()
    longest = max(parts, key=len)
    return parts[0] if 2 * len(parts[0]) >= len(longest) else longest
