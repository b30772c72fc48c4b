"""The document model: Library → Article → Paragraph → Sentence.

Everything here is immutable and keeps the text in the script it was read
in; conversion to another script variant is a view (see
``reader.chinese.script``). Sentences are character offsets into their
paragraph, computed when asked for and not kept: opening a big book stays
cheap, and reading it through does not leave every paragraph's sentences
behind (the script views keep a bounded cache of them).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as half-open character offsets ``[start, end)`` into its paragraph."""

    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of body text, whole (never cut at a column or page end)."""

    text: str

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """The paragraph's sentences (split on each call: cache the result, not the paragraph)."""
        from reader.chinese.sentences import split_sentences

        return tuple(Sentence(a, b) for a, b in split_sentences(self.text))


@dataclass(frozen=True)
class Article:
    """A story or chapter: headline, subtitles, byline and its paragraphs.

    ``script`` is the detected source script: ``"zh-Hans"``, ``"zh-Hant"``
    or ``"unknown"`` (no Chinese characters that tell the two apart).
    """

    title: str
    paragraphs: tuple[Paragraph, ...]
    subtitles: tuple[str, ...] = ()
    author: str = ""
    section: str = ""
    source: str = ""
    script: str = "unknown"

    @property
    def char_count(self) -> int:
        """Number of characters in the body text."""
        return sum(len(p.text) for p in self.paragraphs)

    def heading_lines(self) -> tuple[str, ...]:
        """Title followed by subtitles, skipping empty ones."""
        return tuple(t for t in (self.title, *self.subtitles) if t)


@dataclass(frozen=True)
class Library:
    """All articles opened together, in reading order, with their source files."""

    articles: tuple[Article, ...]
    sources: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.articles)

    def __iter__(self):
        return iter(self.articles)

    def __getitem__(self, index: int) -> Article:
        return self.articles[index]

    def merged(self, other: Library) -> Library:
        """A library holding this one's articles followed by ``other``'s."""
        return Library(self.articles + other.articles, self.sources + other.sources)
