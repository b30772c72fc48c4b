"""The reading view: the current article with the paragraph and sentence being read marked.

Drawn line by line (Textual's line API), so only the visible lines are
rendered and moving the highlight costs no re-layout; lines are wrapped
once per article, variant and width. The current paragraph has a marker
in the gutter (``▶`` on its first line, ``┃`` after), the current sentence
is bold and underlined and the character under the cursor is reversed, so
nothing depends on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Offset, Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.ui.linewrap import cells, wrap
from reader.ui.reading import ReadingState

GUTTER = 2
MARK_FIRST = "▶ "
MARK_REST = "┃ "


@dataclass(frozen=True, slots=True)
class Line:
    """One screen line: what it shows (kind), which paragraph, and its offsets."""

    kind: str  # "title" | "subtitle" | "meta" | "body" | "gap"
    paragraph: int
    start: int = 0
    end: int = 0
    text: str = ""


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows the article of a :class:`ReadingState` and follows its position."""

    COMPONENT_CLASSES = {
        "article-view--title",
        "article-view--subtitle",
        "article-view--meta",
        "article-view--current",
        "article-view--sentence",
        "article-view--word",
        "article-view--cursor",
        "article-view--marker",
    }

    DEFAULT_CSS = """
    ArticleView {
        height: 1fr;
        padding: 0 1;
        /* Wrap for the width left beside the scrollbar, whether it shows yet or not. */
        scrollbar-gutter: stable;
    }
    ArticleView > .article-view--title { text-style: bold; }
    ArticleView > .article-view--subtitle { text-style: bold; }
    ArticleView > .article-view--meta { text-style: italic; }
    ArticleView > .article-view--current { }
    ArticleView > .article-view--sentence { text-style: bold underline; }
    ArticleView > .article-view--word { text-style: bold underline reverse; }
    ArticleView > .article-view--cursor { text-style: reverse; }
    ArticleView > .article-view--marker { text-style: bold; }
    """

    def __init__(self, state: ReadingState, *, spacing: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.state = state
        self.spacing = spacing
        self.spoken: tuple[int, int] | None = None
        self.park_cursor = False
        self._lines: list[Line] = []
        self._paragraph_lines: list[int] = []
        self._layout_key: tuple | None = None

    # ------------------------------------------------------------ layout

    def _text_width(self) -> int:
        return max(4, self.scrollable_content_region.width - GUTTER)

    def relayout(self) -> None:
        """Wrap the current article for the current width and variant."""
        state = self.state
        width = self._text_width()
        key = (state.article, state.variant, width, self.spacing)
        if key == self._layout_key:
            return
        self._layout_key = key
        article = state.current_article
        lines: list[Line] = []
        for kind, raw in (("title", article.title), *(("subtitle", s) for s in article.subtitles)):
            if raw:
                text = state.show(raw)
                lines += [Line(kind, -1, a, b, text) for a, b in wrap(text, width)]
        if article.author:
            lines.append(Line("meta", -1, 0, 0, state.show(article.author)))
        paragraph_lines = []
        for p in range(len(article.paragraphs)):
            lines.append(Line("gap", -1))
            paragraph_lines.append(len(lines))
            for a, b in wrap(state.text(state.article, p), width):
                lines.append(Line("body", p, a, b))
                lines.extend(Line("gap", p) for _ in range(self.spacing))
        self._lines = lines
        self._paragraph_lines = paragraph_lines
        self.virtual_size = Size(width + GUTTER, len(lines))

    def on_resize(self) -> None:
        """Re-wrap at the new width and keep the position in view."""
        self.sync()

    def line_of_position(self) -> int:
        """Index of the screen line holding the current character."""
        state = self.state
        first = self._paragraph_lines[state.paragraph]
        index = first
        while index + 1 < len(self._lines):
            line = self._lines[index + 1]
            if line.paragraph != state.paragraph:
                break
            if line.kind == "body" and line.start > state.char:
                break
            index += 1
        while self._lines[index].kind != "body":
            index -= 1
        return index

    def sync(self) -> None:
        """Follow the reading state: re-wrap if needed, scroll the position into view, redraw."""
        if not self.size.width:
            return
        self.relayout()
        line = self.line_of_position()
        top, height = int(self.scroll_y), self.scrollable_content_region.height
        paragraph_top = self._paragraph_lines[self.state.paragraph]
        if line < top or line >= top + height:
            target = paragraph_top if line - paragraph_top < height * 2 // 3 else line - height // 3
            self.scroll_to(y=max(0, target - 1), animate=False, immediate=True)
        self.refresh()
        if self.park_cursor:
            self._park_cursor(line)

    def _park_cursor(self, line_index: int) -> None:
        line = self._lines[line_index]
        text = self.state.text()
        x = GUTTER + cells(text[line.start : self.state.char])
        region = self.scrollable_content_region
        y = line_index - int(self.scroll_y)
        self.app.cursor_position = Offset(region.x + x, region.y + max(0, y))

    # ------------------------------------------------------------ drawing

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the visible lines, wrapped for the state as it is now.

        The state can move while the view is hidden (large text on) or has
        no width yet, when ``sync`` cannot lay it out; the lines of another
        article must never be drawn against the current one.
        """
        self.relayout()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Draw screen line ``y`` of the view."""
        index = y + int(self.scroll_y)
        base = self.rich_style
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        if line.kind == "gap":
            return Strip.blank(width, base)
        if line.kind != "body":
            style = base + self.get_component_rich_style(f"article-view--{line.kind}")
            segments = [
                Segment(" " * GUTTER, base),
                Segment(line.text[line.start : line.end] or line.text, style),
            ]
            return Strip(segments).extend_cell_length(width, base).crop(0, width)
        segments = self._body_segments(line, base)
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    def _body_segments(self, line: Line, base: Style) -> list[Segment]:
        state = self.state
        text = state.text(state.article, line.paragraph)
        current = line.paragraph == state.paragraph
        if not current:
            return [Segment(" " * GUTTER, base), Segment(text[line.start : line.end], base)]
        marker = self.get_component_rich_style("article-view--marker")
        first = line.start == 0
        segments = [Segment(MARK_FIRST if first else MARK_REST, base + marker)]
        para_style = base + self.get_component_rich_style("article-view--current")
        sentence = state.sentence_span()
        sentence_style = para_style + self.get_component_rich_style("article-view--sentence")
        word = self.spoken
        word_style = para_style + self.get_component_rich_style("article-view--word")
        cursor_style = para_style + self.get_component_rich_style("article-view--cursor")
        cuts = {line.start, line.end, *sentence, state.char, state.char + 1}
        if word:
            cuts.update(word)
        bounds = sorted(c for c in cuts if line.start <= c <= line.end)
        for a, b in zip(bounds, bounds[1:], strict=False):
            if a == b:
                continue
            if a == state.char and not word:
                style = cursor_style
            elif word and word[0] <= a < word[1]:
                style = word_style
            elif sentence[0] <= a < sentence[1]:
                style = sentence_style
            else:
                style = para_style
            segments.append(Segment(text[a:b], style))
        return segments
