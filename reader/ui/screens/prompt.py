"""A one-line question (go to percent, open a file) that speaks and echoes what is typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from reader.ui.i18n import tr
from reader.ui.screens.dialog import Dialog


class AnswerLine(Input):
    """The line typed into: Enter answers at once.

    Input's own Enter posts a message, which an Esc typed right after it
    would overtake (the question would be cancelled, the answer lost).
    """

    async def action_submit(self) -> None:
        """Enter: answer with the line as typed so far."""
        screen = self.screen
        if isinstance(screen, PromptScreen):
            screen.leave(self.value)


class PromptScreen(Dialog[str | None]):
    """Asks for one line; dismissed with the text (Enter) or None (Esc)."""

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

    def compose(self) -> ComposeResult:
        """The question and the input line."""
        with Vertical():
            yield Label(self.prompt, markup=False)
            yield AnswerLine(value=self.value)

    def on_mount(self) -> None:
        """Speak the question."""
        self.query_one(Input).focus()
        self.app.announce(self.prompt)

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
