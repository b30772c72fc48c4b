"""The library: every open article with its title, author and length."""

from __future__ import annotations

from reader.ui.i18n import tr
from reader.ui.screens.spoken_list import SpokenListScreen


class LibraryScreen(SpokenListScreen):
    """Articles of the library; Enter opens one at its start."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        super().__init__(tr("library.title", lang), "")

    def prepare(self) -> None:
        """Start on the article being read."""
        state = self.app.state
        self.intro = tr("library.screen", self.lang, count=state.article_count)
        self.option_list.highlighted = state.article

    def items(self) -> list[tuple[str, str] | None]:
        """One line per article."""
        state = self.app.state
        out: list[tuple[str, str] | None] = []
        for n, article in enumerate(state.library):
            title = state.title(n)
            author = state.show(article.author, n) if article.author else ""
            author_part = tr("library.author", self.lang, author=author) if author else ""
            text = tr(
                "library.item",
                self.lang,
                n=n + 1,
                title=title,
                author=author_part,
                chars=article.char_count,
            )
            out.append((text, text))
        return out

    def choose(self, index: int) -> None:
        """Open the chosen article."""
        if self.leave():
            self.app.open_article(index)
