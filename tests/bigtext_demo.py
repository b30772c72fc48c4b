"""A small app that drives ``BigText`` the way the reading app will (tests only, not shipped).

``l`` toggles large text, ``+``/``-`` zoom, ``m`` drawing style, ``L`` plain
mode, ``h`` the high-contrast themes. Speech progress is simulated the way the
speech thread reports it: ``SpokenWord`` messages posted from another thread
move the highlight.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from reader.bigtext.themes import HIGH_CONTRAST_THEMES, next_high_contrast
from reader.bigtext.widget import BigText


class SpokenWord(Message):
    """Playback reached ``text[offset:offset + length]`` (like voices.events.WordStarted)."""

    def __init__(self, offset: int, length: int) -> None:
        super().__init__()
        self.offset = offset
        self.length = length


class DemoApp(App):
    """A normal text view and a large-text view of the same text."""

    ENABLE_COMMAND_PALETTE = False
    CSS = "#normal { height: 1fr; }"
    BINDINGS = [
        Binding("l", "toggle_large", "large text"),
        Binding("plus,equals_sign", "zoom(1)", "zoom in"),
        Binding("minus", "zoom(-1)", "zoom out"),
        Binding("m", "style", "drawing style"),
        Binding("L", "plain", "plain large text"),
        Binding("h", "theme", "high contrast"),
    ]

    def __init__(self, text: str, *, zoom: int = 8, style: str = "half", large: bool = False):
        super().__init__()
        for theme in HIGH_CONTRAST_THEMES:
            self.register_theme(theme)
        self.theme = HIGH_CONTRAST_THEMES[0].name
        self.text = text
        self._zoom, self._style, self._large = zoom, style, large
        self.pages: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield Static(self.text, id="normal")
        yield BigText(self.text, zoom=self._zoom, style=self._style, id="big")

    def on_mount(self) -> None:
        self.show_large(self._large)

    @property
    def big(self) -> BigText:
        """The large-text widget."""
        return self.query_one(BigText)

    def show_large(self, on: bool) -> None:
        """Show either the normal view or the large text."""
        self.big.display = on
        self.query_one("#normal").display = not on

    def action_toggle_large(self) -> None:
        self.show_large(not self.big.display)

    def action_zoom(self, step: int) -> None:
        if step > 0:
            self.big.zoom_in()
        else:
            self.big.zoom_out()

    def action_style(self) -> None:
        self.big.cycle_style()

    def action_plain(self) -> None:
        self.big.set_plain(not self.big.plain)

    def action_theme(self) -> None:
        self.theme = next_high_contrast(self.theme)

    def on_spoken_word(self, message: SpokenWord) -> None:
        self.big.set_highlight((message.offset, message.offset + message.length))

    def on_big_text_page_changed(self, message: BigText.PageChanged) -> None:
        self.pages.append((message.page, message.page_count))
