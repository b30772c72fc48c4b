"""The export dialog (``e``): what to export, the format, the folder; spoken row by row.

Up/Down choose a row, Left/Right change its value, Enter starts the
export (on the folder row: type another folder; an empty line goes back
to the default); Esc cancels. The choice is remembered for the next ``e``.
"""

from __future__ import annotations

from textual.binding import Binding

from reader.ui.exporting import FORMATS, SCOPES, ExportChoice
from reader.ui.i18n import tr
from reader.ui.screens.spoken_list import SpokenListScreen

ROWS = ("scope", "format", "folder", "start")


class ExportScreen(SpokenListScreen):
    """Chooses what to export; calls ``app.start_export(choice)`` on Enter."""

    BINDINGS = [
        Binding("left", "change(-1)", "previous value", id="export_previous", show=False),
        Binding("right", "change(1)", "next value", id="export_next", show=False),
    ]

    def __init__(self, lang: str, choice: ExportChoice) -> None:
        self.lang = lang
        self.choice = choice
        super().__init__(tr("export.title", lang), tr("export.screen", lang))

    def items(self) -> list[tuple[str, str] | None]:
        """One line per row."""
        return [self.describe(row) for row in ROWS]

    def describe(self, row: str) -> tuple[str, str]:
        """(shown, spoken) for ``row``."""
        lang, choice, state = self.lang, self.choice, self.app.state
        if row == "scope":
            if choice.scope == "article":
                value = tr("export.article", lang, title=state.title())
            else:
                value = tr("export.library", lang, count=state.article_count)
            text = tr("export.row", lang, name=tr("export.scope", lang), value=value)
        elif row == "format":
            name = tr("export.format", lang)
            text = tr("export.row", lang, name=name, value=choice.format.upper())
        elif row == "folder":
            text = tr("export.folder", lang, folder=str(choice.folder_path()))
        else:
            text = tr("export.start", lang)
        return text, text

    def action_change(self, step: int) -> None:
        """Left/Right: the highlighted row's next or previous value, spoken."""
        index = self.current_index()
        if index is None:
            return
        row = ROWS[index]
        if row == "scope":
            self.choice.scope = SCOPES[(SCOPES.index(self.choice.scope) + step) % len(SCOPES)]
        elif row == "format":
            self.choice.format = FORMATS[(FORMATS.index(self.choice.format) + step) % len(FORMATS)]
        else:
            return
        self.update_item(index, *self.describe(row))
        self.app.announce(self.current_spoken())

    def choose(self, index: int) -> None:
        """Enter: type a folder on the folder row; anywhere else, start."""
        if ROWS[index] == "folder":
            from reader.ui.screens.prompt import PromptScreen

            prompt = tr("export.folder_prompt", self.lang)
            self.app.push_screen(
                PromptScreen(prompt, self.lang, self.choice.folder or ""), self._folder_typed
            )
            return
        if self.leave():
            self.app.start_export(self.choice)

    def _folder_typed(self, answer: str | None) -> None:
        from pathlib import Path

        folder = answer.strip() if answer is not None else self.choice.folder
        if folder and not Path(folder).expanduser().is_dir():
            self.app.announce(tr("export.no_folder", self.lang, folder=folder))
            return
        self.choice.folder = folder or None
        self.update_item(ROWS.index("folder"), *self.describe("folder"))
        self.app.announce(self.current_spoken())

    def action_close(self) -> None:
        """Esc: no export."""
        if self.leave():
            self.app.announce(tr("cancelled", self.lang))
