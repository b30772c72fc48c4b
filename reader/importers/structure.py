"""From a stream of headings and paragraphs to articles: how chapters are found in marked-up text.

Markdown, HTML and EPUB importers feed an ``ArticleBuilder``: every heading
they pass starts an article (chapter); paragraphs go to the current one.
A heading with no text of its own before a deeper heading (``# 第一部``
right before ``## 第一章``) is a part title: it becomes the ``section`` of
the articles under it instead of an empty article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.document import Article, Paragraph
from reader.importers.plaintext import split_long

SECTION_SEPARATOR = " · "
# A section names at most this many enclosing parts (innermost last): real
# books nest two or three deep; a hostile table of contents, thousands.
MAX_SECTION_PARTS = 4


@dataclass
class _Draft:
    title: str
    level: int
    section: str
    paragraphs: list[str] = field(default_factory=list)


class ArticleBuilder:
    """Collects headings and paragraphs in reading order and makes Articles of them."""

    def __init__(self, source: str, fallback_title: str, author: str = "") -> None:
        self.source = source
        self.fallback_title = fallback_title
        self.author = author
        self._drafts: list[_Draft] = []
        self._parents: list[tuple[int, str]] = []

    def heading(self, level: int, text: str) -> None:
        """Start a new article titled ``text`` at heading ``level`` (1 = top)."""
        text = text.strip()
        if not text:
            return
        current = self._drafts[-1] if self._drafts else None
        if current is not None and current.title and not current.paragraphs:
            self._drafts.pop()
            if level > current.level:
                self._parents.append((current.level, current.title))
        while self._parents and self._parents[-1][0] >= level:
            self._parents.pop()
        section = SECTION_SEPARATOR.join(title for _, title in self._parents[-MAX_SECTION_PARTS:])
        self._drafts.append(_Draft(text, level, section))

    def paragraph(self, text: str) -> None:
        """Add a paragraph to the current article (or to an untitled first one)."""
        text = text.strip()
        if not text:
            return
        if not self._drafts:
            self._drafts.append(_Draft("", 0, ""))
        # A paragraph of megabytes (a page or chapter with no breaks) is cut at
        # sentence ends, as plain text is, so reading and display stay quick.
        self._drafts[-1].paragraphs.extend(split_long(text))

    def articles(self) -> list[Article]:
        """The articles that have text, in order; an untitled first one gets the fallback title."""
        out = []
        for draft in self._drafts:
            if not draft.paragraphs:
                continue
            out.append(
                Article(
                    title=draft.title or self.fallback_title,
                    paragraphs=tuple(Paragraph(p) for p in draft.paragraphs),
                    author=self.author,
                    section=draft.section,
                    source=self.source,
                )
            )
        return out
