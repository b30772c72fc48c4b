"""``BigText``: a Textual widget that shows text magnified, with a highlight that it keeps in view.

The reading app gives it the text to show (the sentence or paragraph being
read) and the range being spoken; it lays the text out in block glyphs (or
spaced plain text), shows the page that holds the highlight and posts
``PageChanged`` when it turns a page. It never speaks and never binds keys:
the app maps ``+``/``-``, ``m``, ``L`` and paging keys onto ``zoom_in``,
``zoom_out``, ``cycle_style``, ``set_plain`` and ``next_page``/``previous_page``.

Highlighted characters take the ``bigtext--highlight`` component style and
are underlined by a marker line (``bigtext--marker``) in the blank row under
their line, so the highlight shows without colour.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Offset
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from reader.bigtext.glyphpack import GlyphPack, default_pack
from reader.bigtext.layout import HIGHLIGHT, MARK, Geometry, Layout, build_layout, paint
from reader.bigtext.render import STYLES, ZOOM_LEVELS
from reader.chinese import words

Highlight = tuple[int, int] | None
_WORDS_POLL_S = 0.25


class BigText(Widget):
    """Magnified text: ``zoom`` 4–8 (a character is 2·zoom × zoom cells), ``style``, ``plain``."""

    DEFAULT_CSS = """
    BigText {
        width: 1fr;
        height: 1fr;
        background: $background;
        color: $text;
    }
    BigText > .bigtext--highlight {
        color: $accent;
        text-style: bold;
    }
    BigText > .bigtext--marker {
        color: $accent;
    }
    BigText.-plain > .bigtext--highlight {
        text-style: bold underline;
    }
    """

    COMPONENT_CLASSES = {"bigtext--highlight", "bigtext--marker"}

    zoom: reactive[int] = reactive(8)
    style: reactive[str] = reactive("half")
    plain: reactive[bool] = reactive(False)

    class PageChanged(Message):
        """The widget turned to ``page`` (0-based) of ``page_count``."""

        def __init__(self, bigtext: BigText, page: int, page_count: int) -> None:
            super().__init__()
            self.bigtext = bigtext
            self.page = page
            self.page_count = page_count

        @property
        def control(self) -> BigText:
            """The widget that changed page."""
            return self.bigtext

    def __init__(
        self,
        text: str = "",
        highlight: Highlight = None,
        *,
        zoom: int = 8,
        style: str = "half",
        plain: bool = False,
        pack: GlyphPack | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._pack = pack or default_pack()
        self._text = text
        self._highlight = _clean(highlight, len(text))
        self._layout: Layout | None = None
        self._page = 0
        self._announced = (0, 1)
        self._anchor = self._highlight[0] if self._highlight else 0
        self._strips: list[Strip] | None = None
        self._words_timer: Timer | None = None
        self.set_reactive(BigText.zoom, self.validate_zoom(zoom))
        self.set_reactive(BigText.style, self.validate_style(style))
        self.set_reactive(BigText.plain, plain)
        self.set_class(plain, "-plain")

    # ---------------------------------------------------------------- API
    @property
    def text(self) -> str:
        """The text being shown."""
        return self._text

    @property
    def highlight(self) -> Highlight:
        """The highlighted range ``(start, end)`` of the text, or None."""
        return self._highlight

    @property
    def page(self) -> int:
        """The page shown (0-based)."""
        return self._page

    @property
    def page_count(self) -> int:
        """How many pages the text takes at the current size and zoom."""
        return self._layout.page_count if self._layout else 1

    @property
    def text_layout(self) -> Layout | None:
        """Lines and pages of the text (None before the widget has a size)."""
        return self._layout

    @property
    def visible_text(self) -> str:
        """The part of the text on the page shown."""
        if not self._layout:
            return self._text
        start, end = self._layout.page_span(self._page)
        return self._text[start:end]

    def show(self, text: str, highlight: Highlight = None) -> None:
        """Show ``text`` with ``highlight`` (text offsets), on the page that holds it."""
        self._text = text
        self._highlight = _clean(highlight, len(text))
        self._anchor = self._highlight[0] if self._highlight else 0
        self._relayout()

    def set_highlight(self, highlight: Highlight) -> None:
        """Move the highlight (e.g. to the word being spoken), turning the page if needed."""
        self._highlight = _clean(highlight, len(self._text))
        if self._highlight:
            self._anchor = self._highlight[0]
            if self._layout:
                self._set_page(self._layout.page_of(self._anchor))
        self._repaint()

    def zoom_in(self) -> int:
        """One zoom level larger (up to 8); returns the new level."""
        self.zoom = self.zoom + 1
        return self.zoom

    def zoom_out(self) -> int:
        """One zoom level smaller (down to 4); returns the new level."""
        self.zoom = self.zoom - 1
        return self.zoom

    def cycle_style(self) -> str:
        """Next drawing style: half → quad → sext → half; returns it."""
        self.style = STYLES[(STYLES.index(self.style) + 1) % len(STYLES)]
        return self.style

    def set_plain(self, plain: bool) -> None:
        """Switch between block glyphs and plain spaced text."""
        self.plain = plain

    def next_page(self) -> bool:
        """Show the next page; False when already on the last."""
        return self._turn_by(1)

    def previous_page(self) -> bool:
        """Show the previous page; False when already on the first."""
        return self._turn_by(-1)

    def highlight_offset(self) -> Offset | None:
        """Where the highlight starts on screen, relative to the widget (for a parked cursor)."""
        if not (self._layout and self._highlight):
            return None
        pitch = self._layout.geometry.line_pitch
        for i, line in enumerate(self._layout.page_lines(self._page)):
            for box in line.boxes:
                if box.offset >= self._highlight[0]:
                    return Offset(box.x, i * pitch)
        return None

    def rendered_rows(self) -> list[str]:
        """The page as plain strings, one per row (tests and golden files use it)."""
        return [strip.text for strip in self._page_strips()]

    # ---------------------------------------------------------------- reactives
    def validate_zoom(self, zoom: int) -> int:
        """Clamp the zoom to the supported levels."""
        return min(max(int(zoom), ZOOM_LEVELS[0]), ZOOM_LEVELS[-1])

    def validate_style(self, style: str) -> str:
        """Accept only the known styles."""
        if style not in STYLES:
            raise ValueError(f"style {style!r} not in {STYLES}")
        return style

    def watch_zoom(self) -> None:
        """Zoom changed: lay the text out again."""
        self._relayout()

    def watch_style(self) -> None:
        """Drawing style changed: redraw the glyphs."""
        self._relayout()

    def watch_plain(self, plain: bool) -> None:
        """Switched between block glyphs and plain text."""
        self.set_class(plain, "-plain")
        self._relayout()

    # ---------------------------------------------------------------- layout
    def on_resize(self) -> None:
        """New size: lines and pages change."""
        self._relayout()

    def notify_style_update(self) -> None:
        """Theme or CSS changed: the cached strips carry old colours."""
        super().notify_style_update()
        self._strips = None

    def _relayout(self) -> None:
        width, height = self.size
        if width <= 0 or height <= 0:
            return  # not laid out by Textual yet; on_resize comes later
        geometry = Geometry(self.zoom, self.style, self.plain)
        self._layout = build_layout(self._text, width, height, geometry, self._pack)
        self._watch_for_words()
        self._set_page(self._layout.page_of(self._anchor))
        self._repaint()

    def _watch_for_words(self) -> None:
        """Until jieba is loaded lines break at characters; re-break once it is."""
        if words.is_ready() or self._words_timer is not None:
            return
        words.start_loading()

        def check() -> None:
            if words.is_ready():
                assert self._words_timer is not None
                self._words_timer.stop()
                self._words_timer = None
                self._relayout()

        self._words_timer = self.set_interval(_WORDS_POLL_S, check)

    def _turn_by(self, step: int) -> bool:
        target = min(max(self._page + step, 0), self.page_count - 1)
        if target == self._page:
            return False
        self._set_page(target)
        if self._layout:
            self._anchor = self._layout.page_span(target)[0]
        self._repaint()
        return True

    def _set_page(self, page: int) -> None:
        """Show ``page`` (clamped); post PageChanged when the page or the page count changed."""
        self._page = min(max(page, 0), self.page_count - 1)
        state = (self._page, self.page_count)
        if state != self._announced:
            self._announced = state
            self.post_message(self.PageChanged(self, *state))

    def _repaint(self) -> None:
        self._strips = None
        self.refresh()

    # ---------------------------------------------------------------- drawing
    def _page_strips(self) -> list[Strip]:
        if self._strips is None:
            if self._layout is None:
                return []
            base = self.rich_style
            styles = {
                HIGHLIGHT: base + self.get_component_rich_style("bigtext--highlight"),
                MARK: base + self.get_component_rich_style("bigtext--marker"),
            }
            rows = paint(self._layout, self._page, self._highlight, self._pack)
            self._strips = [
                Strip([Segment(text, styles.get(role, base)) for text, role in row]) for row in rows
            ]
        return self._strips

    def render_line(self, y: int) -> Strip:
        """Row ``y`` of the page, padded to the widget's width."""
        strips = self._page_strips()
        width = self.size.width
        if y < len(strips):
            return strips[y].crop_extend(0, width, self.rich_style)
        return Strip.blank(width, self.rich_style)


def _clean(highlight: Highlight, length: int) -> Highlight:
    """A highlight clamped to the text, or None when empty."""
    if not highlight:
        return None
    start, end = max(0, highlight[0]), min(length, highlight[1])
    return (start, end) if start < end else None
