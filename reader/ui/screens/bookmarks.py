"""The bookmark list (B): Enter goes to a bookmark, Delete removes it."""

from __future__ import annotations

from textual.binding import Binding

from reader.state import Bookmark
from reader.ui.i18n import tr
from reader.ui.screens.spoken_list import SpokenListScreen


class BookmarksScreen(SpokenListScreen):
    """Bookmarks of the current document."""

    BINDINGS = [Binding("delete", "remove", "remove", id="remove_bookmark", show=False)]

    def __init__(self, lang: str, key: str, bookmarks: list[Bookmark]) -> None:
        self.lang = lang
        self.key = key
        self.bookmarks = bookmarks
        super().__init__(
            tr("bookmark.title", lang), tr("bookmark.list", lang, count=len(bookmarks))
        )

    def items(self) -> list[tuple[str, str] | None]:
        """One line per bookmark."""
        out: list[tuple[str, str] | None] = []
        for mark in self.bookmarks:
            a = mark.anchor
            text = tr(
                "bookmark.item",
                self.lang,
                article=a.article + 1,
                paragraph=a.paragraph + 1,
                snippet=a.snippet,
            )
            out.append((text, text))
        return out

    def choose(self, index: int) -> None:
        """Go to the chosen bookmark."""
        if self.leave():
            self.app.go_to_bookmark(self.key, self.bookmarks[index])

    def action_remove(self) -> None:
        """Delete the highlighted bookmark."""
        index = self.current_index()
        if index is None or not self.leave():
            return
        self.app.bookmarks.remove(self.key, self.bookmarks[index])
        self.app.announce(tr("bookmark.removed", self.lang))
