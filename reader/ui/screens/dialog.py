"""The base of every dialog: a modal screen that closes once, however fast keys come.

Keys typed ahead (a held-down Enter, a fast Esc Esc) can reach a dialog
after it was closed: its widgets still hold them in their queues. Without
a guard a second Enter would close the screen *under* it (the reading
screen) or start a second export. :meth:`Dialog.leave` closes the dialog
only while it is the active screen.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen that answers and goes away once."""

    def leave(self, result: ResultType | None = None) -> bool:
        """Dismiss with ``result``; False (and nothing done) when no longer the active screen."""
        if not self.is_active:
            return False
        self.dismiss(result)
        return True
