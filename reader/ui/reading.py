"""The reading position and how it moves: one object, separate from the widgets.

``ReadingState`` holds the library, the chosen script variant and the
position (article, paragraph, character offset in the paragraph as
displayed); the sentence is the one containing that offset. Navigation
methods move the position and return True, or return False and leave it
where it is when there is nowhere to go (the caller announces the edge).
The reading view and the large-text view both render this one object, and
the speech bridge reads from it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from reader.chinese.script import VARIANTS, ScriptView, next_variant
from reader.document import Article, Library
from reader.state import Anchor, FileSignature, PositionStore, document_key

SNIPPET_CHARS = 24
WORD_CACHE_SIZE = 256


@dataclass(frozen=True)
class Place:
    """A position in the library: article index, paragraph index, character offset."""

    article: int
    paragraph: int
    char: int = 0


class ReadingState:
    """Where the reader is in the library, in which variant, and how to move on."""

    def __init__(self, library: Library, variant: str = "zh-Hans") -> None:
        self.library = library
        self.variant = variant if variant in VARIANTS else "zh-Hans"
        self.article = 0
        self.paragraph = 0
        self.char = 0
        self._view = ScriptView(self.variant)
        self._words: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._article_starts: list[int] | None = None
        self._paragraph_offsets: dict[int, list[int]] = {}

    def set_library(self, library: Library) -> None:
        """Read from ``library`` now (articles already open keep their indices)."""
        self.library = library
        self._article_starts = None

    # ------------------------------------------------------------ text views

    @property
    def current_article(self) -> Article:
        """The article being read."""
        return self.library[self.article]

    @property
    def article_count(self) -> int:
        """Number of articles in the library."""
        return len(self.library)

    @property
    def paragraph_count(self) -> int:
        """Number of paragraphs in the current article."""
        return len(self.current_article.paragraphs)

    def _converted(self, article: int | None, paragraph: int | None):
        a = self.article if article is None else article
        p = self.paragraph if paragraph is None else paragraph
        return self._view.article_paragraph(self.library[a], p)

    def text(self, article: int | None = None, paragraph: int | None = None) -> str:
        """A paragraph's text in the current variant (the current paragraph by default)."""
        return self._converted(article, paragraph).text

    def show(self, text: str, article: int | None = None) -> str:
        """Any text of an article (title, author) in the current variant."""
        script = self.library[self.article if article is None else article].script
        return self._view.text(text, script if script in VARIANTS else None).text

    def title(self, article: int | None = None) -> str:
        """An article's title in the current variant."""
        return self.show(self.library[self.article if article is None else article].title, article)

    def sentence_spans(
        self, article: int | None = None, paragraph: int | None = None
    ) -> list[tuple[int, int]]:
        """Sentence spans ``[(start, end), …]`` of a paragraph as displayed."""
        converted = self._converted(article, paragraph)
        return list(converted.sentences) or [(0, len(converted.text))]

    @property
    def sentence(self) -> int:
        """Index of the sentence containing the current character."""
        spans = self.sentence_spans()
        for index, (_start, end) in enumerate(spans):
            if self.char < end:
                return index
        return len(spans) - 1

    def sentence_span(self) -> tuple[int, int]:
        """The current sentence as ``(start, end)`` in the current paragraph."""
        return self.sentence_spans()[self.sentence]

    def sentence_text(self) -> str:
        """The current sentence as displayed."""
        start, end = self.sentence_span()
        return self.text()[start:end]

    def current_char(self) -> str:
        """The character at the position ('' in an empty paragraph)."""
        text = self.text()
        return text[self.char] if 0 <= self.char < len(text) else ""

    def set_variant(self, variant: str) -> None:
        """Show and read the library in ``variant`` from now on."""
        if variant != self.variant and variant in VARIANTS:
            self.variant = variant
            self._view = ScriptView(variant)

    def next_variant(self) -> str:
        """Switch to the next variant in the cycle 简 → 繁 → 臺 → 港; return it."""
        self.set_variant(next_variant(self.variant))
        return self.variant

    # ------------------------------------------------------------ words

    def words_ready(self) -> bool:
        """True when word boundaries can be had without waiting for jieba."""
        from reader.chinese import words

        return words.is_ready()

    def word_spans(self) -> list[tuple[int, int]]:
        """Word spans of the current paragraph, spaces left out (single characters until
        jieba is loaded: callers check :meth:`words_ready` first)."""
        key = (self.article, self.paragraph, self.variant)
        spans = self._words.get(key)
        if spans is None:
            from reader.chinese import words

            text = self.text()
            found = words.word_spans(text, script=self.variant, wait=False)
            spans = [(a, b) for a, b in found if text[a:b].strip()]
            if words.is_ready():
                if len(self._words) > WORD_CACHE_SIZE:
                    self._words.clear()
                self._words[key] = spans
        return spans

    def word_span(self) -> tuple[int, int]:
        """The word containing the current character."""
        for a, b in self.word_spans():
            if a <= self.char < b:
                return a, b
        return self.char, min(len(self.text()), self.char + 1)

    # ------------------------------------------------------------ moving

    def go(self, article: int, paragraph: int = 0, char: int = 0) -> None:
        """Move to a place (clamped into the library)."""
        self.article = min(max(0, article), len(self.library) - 1)
        paragraphs = self.current_article.paragraphs
        self.paragraph = min(max(0, paragraph), len(paragraphs) - 1)
        self.char = min(max(0, char), max(0, len(paragraphs[self.paragraph].text) - 1))

    @property
    def place(self) -> Place:
        """The current position."""
        return Place(self.article, self.paragraph, self.char)

    def next_paragraph(self) -> bool:
        """Go to the next paragraph of the article; False at its last paragraph."""
        if self.paragraph + 1 >= self.paragraph_count:
            return False
        self.go(self.article, self.paragraph + 1)
        return True

    def previous_paragraph(self) -> bool:
        """Go to the previous paragraph; False at the first."""
        if self.paragraph == 0:
            return False
        self.go(self.article, self.paragraph - 1)
        return True

    def first_paragraph(self) -> None:
        """Go to the first paragraph of the article."""
        self.go(self.article, 0)

    def last_paragraph(self) -> None:
        """Go to the last paragraph of the article."""
        self.go(self.article, self.paragraph_count - 1)

    def next_sentence(self) -> bool:
        """Go to the next sentence, on into the next paragraph; False at the article's end."""
        spans = self.sentence_spans()
        index = self.sentence
        if index + 1 < len(spans):
            self.char = spans[index + 1][0]
            return True
        if self.next_paragraph():
            self.char = self.sentence_spans()[0][0]
            return True
        return False

    def previous_sentence(self) -> bool:
        """Go to the previous sentence, back into the previous paragraph; False at the start."""
        spans = self.sentence_spans()
        index = self.sentence
        if index > 0:
            self.char = spans[index - 1][0]
            return True
        if self.previous_paragraph():
            self.char = self.sentence_spans()[-1][0]
            return True
        return False

    def next_word(self) -> bool:
        """Go to the next word (jieba must be loaded); False at the article's end."""
        for a, _b in self.word_spans():
            if a > self.char:
                self.char = a
                return True
        if self.next_paragraph():
            spans = self.word_spans()
            self.char = spans[0][0] if spans else 0
            return True
        return False

    def previous_word(self) -> bool:
        """Go to the start of the previous word; False at the article's start."""
        current = self.word_span()[0]
        starts = [a for a, _b in self.word_spans() if a < current]
        if starts:
            self.char = starts[-1]
            return True
        if self.previous_paragraph():
            spans = self.word_spans()
            self.char = spans[-1][0] if spans else 0
            return True
        return False

    def next_char(self) -> bool:
        """Go to the next character, on into the next paragraph; False at the article's end."""
        if self.char + 1 < len(self.text()):
            self.char += 1
            return True
        return self.next_paragraph()

    def previous_char(self) -> bool:
        """Go to the previous character; False at the article's start."""
        if self.char > 0:
            self.char -= 1
            return True
        if self.previous_paragraph():
            self.char = max(0, len(self.text()) - 1)
            return True
        return False

    def next_article(self) -> bool:
        """Go to the start of the next article; False at the last."""
        if self.article + 1 >= len(self.library):
            return False
        self.go(self.article + 1)
        return True

    def previous_article(self) -> bool:
        """Go to the start of the previous article; False at the first."""
        if self.article == 0:
            return False
        self.go(self.article - 1)
        return True

    # ------------------------------------------------------------ percent

    def _starts(self) -> list[int]:
        if self._article_starts is None:
            starts, total = [], 0
            for article in self.library:
                starts.append(total)
                total += article.char_count
            starts.append(total)
            self._article_starts = starts
        return self._article_starts

    def _paragraph_starts(self, article: int) -> list[int]:
        starts = self._paragraph_offsets.get(article)
        if starts is None:
            starts, total = [], 0
            for p in self.library[article].paragraphs:
                starts.append(total)
                total += len(p.text)
            self._paragraph_offsets[article] = starts
        return starts

    def offset_in_library(self) -> int:
        """Characters of body text before the current position."""
        return (
            self._starts()[self.article]
            + self._paragraph_starts(self.article)[self.paragraph]
            + self.char
        )

    def fraction(self) -> float:
        """How far into the library the position is, 0–1."""
        total = self._starts()[-1]
        return self.offset_in_library() / total if total else 0.0

    def percent(self) -> int:
        """How far into the library the position is, in whole percent."""
        return int(self.fraction() * 100)

    def go_to_fraction(self, fraction: float) -> None:
        """Go to the paragraph at ``fraction`` (0–1) of the library's text."""
        place = self._place_at_fraction([0, len(self.library) - 1], min(max(0.0, fraction), 1.0))
        self.go(place.article, place.paragraph)

    # ------------------------------------------------------------ saved places

    def document_articles(self, source: str) -> list[int]:
        """Indices of the articles that came from ``source``, in order."""
        return [i for i, a in enumerate(self.library) if a.source == source]

    def anchor(self) -> tuple[str | None, Anchor]:
        """The current position as (document key, anchor within that document)."""
        article = self.current_article
        in_file = self.document_articles(article.source)
        text = article.paragraphs[self.paragraph].text
        fraction = self._fraction_in_document(in_file)
        return document_key(article.source), Anchor(
            article=in_file.index(self.article),
            paragraph=self.paragraph,
            sentence=self.sentence,
            char=self.char,
            title=article.title,
            snippet=text[:SNIPPET_CHARS],
            fraction=round(fraction, 6),
        )

    def _fraction_in_document(self, in_file: list[int]) -> float:
        starts = self._starts()
        first, last = in_file[0], in_file[-1]
        total = starts[last + 1] - starts[first]
        return (self.offset_in_library() - starts[first]) / total if total else 0.0

    def locate(self, source: str, anchor: Anchor, unchanged: bool) -> Place:
        """Where ``anchor`` (saved for ``source``) is now.

        The saved indices are used when the file is unchanged or the
        paragraph there still starts with the saved snippet; otherwise the
        article with the saved title and the paragraph that starts with the
        snippet, nearest to the saved indices; failing those, the saved
        fraction of the file.
        """
        in_file = self.document_articles(source)
        if not in_file:
            return Place(self.article, self.paragraph, self.char)
        if anchor.article < len(in_file):
            article = in_file[anchor.article]
            paragraphs = self.library[article].paragraphs
            same = anchor.paragraph < len(paragraphs) and (
                unchanged or paragraphs[anchor.paragraph].text.startswith(anchor.snippet)
            )
            if same:
                return Place(article, anchor.paragraph, self._char_for(article, anchor))
        found = self._find_by_text(in_file, anchor)
        if found is not None:
            return found
        return self._place_at_fraction(in_file, anchor.fraction)

    def _char_for(self, article: int, anchor: Anchor) -> int:
        paragraph = self.library[article].paragraphs[anchor.paragraph]
        if anchor.char < len(paragraph.text):
            return anchor.char
        sentences = paragraph.sentences
        return sentences[min(anchor.sentence, len(sentences) - 1)].start

    def _find_by_text(self, in_file: list[int], anchor: Anchor) -> Place | None:
        if not anchor.snippet:
            return None
        by_distance = sorted(range(len(in_file)), key=lambda i: abs(i - anchor.article))
        titled = [i for i in by_distance if self.library[in_file[i]].title == anchor.title]
        for i in titled + [i for i in by_distance if i not in titled]:
            paragraphs = self.library[in_file[i]].paragraphs
            order = sorted(range(len(paragraphs)), key=lambda p: abs(p - anchor.paragraph))
            for p in order:
                if paragraphs[p].text.startswith(anchor.snippet):
                    char = anchor.char if anchor.char < len(paragraphs[p].text) else 0
                    return Place(in_file[i], p, char)
        return None

    def _place_at_fraction(self, in_file: list[int], fraction: float) -> Place:
        """The paragraph at ``fraction`` of the text of articles ``in_file[0]…in_file[-1]``."""
        starts = self._starts()
        first, last = in_file[0], in_file[-1]
        target = starts[first] + fraction * (starts[last + 1] - starts[first])
        article = max(first, min(bisect.bisect_right(starts, target) - 1, last))
        within = target - starts[article]
        paragraph = max(0, bisect.bisect_right(self._paragraph_starts(article), within) - 1)
        return Place(article, paragraph, 0)

    def restore(self, positions: PositionStore) -> bool:
        """Go to where the most recently read open document was left; False if none was."""
        best: tuple[float, str, Anchor, bool] | None = None
        for source in dict.fromkeys(a.source for a in self.library):
            key = document_key(source)
            saved = positions.get(key) if key else None
            if saved is None:
                continue
            unchanged = saved.signature == FileSignature.of(key)
            if best is None or saved.updated > best[0]:
                best = (saved.updated, source, saved.anchor, unchanged)
        if best is None:
            return False
        _updated, source, anchor, unchanged = best
        place = self.locate(source, anchor, unchanged)
        self.go(place.article, place.paragraph, place.char)
        return True

    def remember(self, positions: PositionStore) -> str | None:
        """Record the current position for its document; returns the key (None for stdin)."""
        key, anchor = self.anchor()
        if key is None:
            return None
        positions.put(key, anchor, FileSignature.of(key))
        return key
