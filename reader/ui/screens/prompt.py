"""A one-line question (go to percent, open a file) that speaks and echoes what is typed."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from reader.ui.i18n import tr
from reader.ui.screens.dialog import Dialog

TYPED_KEYS = ("enter", "escape", "backspace")


class PromptScreen(Dialog[str | None]):
    """Asks for one line; dismissed with the text (Enter) or None (Esc).

    Enter, Esc and Backspace, and characters typed before the line had the
    focus, come through :meth:`type_ahead` (the app hands them over before
    any binding), so they take effect in the order they were typed: Input's
    own Enter would answer by a message that an Esc typed after it overtakes.
    """

    BINDINGS = [Binding("escape", "cancel", "cancel", id="cancel", show=False)]

    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical {
        width: 80%;
        height: auto;
        border: thick $foreground;
        background: $background;
        padding: 1 2;
    }
    """

    def __init__(self, prompt: str, lang: str, value: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.lang = lang
        self.value = value
        self._ahead: list[events.Key] | None = []  # typed before the line was there; None after

    def compose(self) -> ComposeResult:
        """The question and the input line."""
        with Vertical():
            yield Label(self.prompt, markup=False)
            yield Input(value=self.value)

    def on_mount(self) -> None:
        """Speak the question; type what was typed ahead of it."""
        self.query_one(Input).focus()
        self.app.announce(self.prompt)
        ahead, self._ahead = self._ahead or [], None
        for key in ahead:
            self._type(key)

    def type_ahead(self, key: events.Key) -> bool:
        """Take a key that reached the app instead of the line; False if a question has no use for it.

        Keys typed right after the key that asks (``g`` ``5`` ``0`` Enter)
        were queued for the reading screen before this screen had its
        line, or before the line had the focus. They are typed in order.
        """
        if not (key.is_printable or key.key in TYPED_KEYS):
            return False
        if self._ahead is not None:
            self._ahead.append(key)
        else:
            self._type(key)
        return True

    def _type(self, key: events.Key) -> None:
        if not self.is_active:
            return
        line = self.query_one(Input)
        if key.key == "enter":
            self.leave(line.value)
        elif key.key == "escape":
            self.leave(None)
        elif key.key == "backspace":
            line.action_delete_left()
        elif key.character:
            line.insert_text_at_cursor(key.character)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Echo what was typed (the last character), or say the line is empty."""
        event.stop()
        value = event.value
        if value == self.value or not self.is_active:
            return
        added = value[len(self.value) :] if value.startswith(self.value) else ""
        self.value = value
        if added:
            self.app.announce(added[-1] if added[-1] != " " else tr("char.space", self.lang))
        elif not value:
            self.app.announce(tr("input.empty", self.lang))

    def action_cancel(self) -> None:
        """Esc: no answer."""
        self.leave(None)
