"""A modal list that speaks: its purpose when it opens, then each item as the user moves.

The base of the help, settings, articles and bookmarks screens. Up/Down
(and Home/End, PageUp/PageDown) move through the items and each one is
spoken at once (interrupting the last); Enter chooses; Esc goes back.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Offset
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reader.ui.screens.dialog import Dialog


class SpokenListScreen(Dialog):
    """A titled list of items, each with a shown and a spoken text."""

    BINDINGS = [Binding("escape", "close", "back", id="close", show=False)]

    DEFAULT_CSS = """
    SpokenListScreen { align: center middle; }
    SpokenListScreen > Vertical {
        width: 90%;
        height: 90%;
        border: thick $foreground;
        background: $background;
        padding: 0 1;
    }
    SpokenListScreen Label.title { text-style: bold; width: 100%; padding: 0 0 1 0; }
    SpokenListScreen OptionList { height: 1fr; }
    """

    def __init__(self, title: str, intro: str) -> None:
        super().__init__()
        self.title_text = title
        self.intro = intro
        self._ready = False

    # Subclasses provide the items.
    def items(self) -> list[tuple[str, str] | None]:
        """(shown, spoken) for each item; None draws a separator."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        """The title and the list."""
        options: list[Option | None] = []
        self._spoken: list[str] = []
        self._lines: list[int] = []
        for line, item in enumerate(self.items()):
            if item is None:
                options.append(None)
                continue
            shown, spoken = item
            options.append(Option(shown, id=f"item-{len(self._spoken)}"))
            self._spoken.append(spoken)
            self._lines.append(line)
        with Vertical():
            yield Label(self.title_text, classes="title", markup=False)
            yield OptionList(*options, markup=False)

    @property
    def option_list(self) -> OptionList:
        """The list widget."""
        return self.query_one(OptionList)

    def prepare(self) -> None:
        """Called on mount before anything is spoken (subclasses set intro, highlight)."""

    def on_mount(self) -> None:
        """Speak what this screen is and the first item.

        (Textual calls ``on_mount`` of every class in the hierarchy, so
        subclasses override :meth:`prepare` instead.)
        """
        self.prepare()
        self.option_list.focus()
        self.app.announce(f"{self.intro} {self.current_spoken()}".strip())
        self.call_after_refresh(self._set_ready)

    def _set_ready(self) -> None:
        self._ready = True
        self.park_cursor()

    def park_cursor(self) -> None:
        """Screen-reader mode: put the terminal cursor on the highlighted item."""
        index = self.current_index()
        if not self.app.screen_reader or index is None:
            return
        options = self.option_list
        region = options.scrollable_content_region
        y = self._lines[index] - int(options.scroll_y)
        if 0 <= y < region.height:
            self.app.cursor_position = Offset(region.x, region.y + y)

    def current_index(self) -> int | None:
        """Index (among items, separators not counted) of the highlighted item."""
        option = self.option_list.highlighted_option
        if option is None or option.id is None:
            return None
        return int(option.id.removeprefix("item-"))

    def current_spoken(self) -> str:
        """The spoken text of the highlighted item."""
        index = self.current_index()
        return "" if index is None else self._spoken[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Speak the item moved to."""
        event.stop()
        if self._ready and self.is_active:
            self.app.announce(self.current_spoken())
            self.call_after_refresh(self.park_cursor)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an item."""
        event.stop()
        index = self.current_index()
        if index is not None and self.is_active:
            self.choose(index)

    def choose(self, index: int) -> None:
        """Called with the item chosen by Enter (default: nothing)."""

    def update_item(self, index: int, shown: str, spoken: str) -> None:
        """Change an item's text in place."""
        self._spoken[index] = spoken
        self.option_list.replace_option_prompt(f"item-{index}", shown)

    def action_close(self) -> None:
        """Go back to reading."""
        if self.leave():
            self.app.announce_back()
