"""The reading screen: the article, the speech viewer, the status line, and every reading key.

Each key moves the reading state and answers in speech at once (priority
NOW, which interrupts); reaching the start or end of an article is always
announced. Speech and text come from the app's services; this screen only
decides what to say.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.geometry import Offset
from textual.screen import Screen

from reader.bigtext.widget import BigText
from reader.chinese.describe import describe_char
from reader.chinese.pinyin import spoken_pinyin, word_pinyin
from reader.ui.i18n import tr
from reader.ui.keys import reading_bindings
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.speech_viewer import SpeechViewer
from reader.ui.widgets.status_line import StatusLine
from voices.commands import Priority, Utterance

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

CRAMPED_WIDTH, CRAMPED_HEIGHT = 40, 12
TINY_HEIGHT = 3


class ReadingScreen(Screen):
    """The article being read, with the reading keys."""

    BINDINGS = reading_bindings()

    def __init__(self) -> None:
        super().__init__()
        self._description: tuple[tuple, int] | None = None
        self._large_key: tuple | None = None
        self._announcement = ""

    @property
    def reader(self) -> ReaderApp:
        """The app (typed)."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """Article view, speech viewer (toggled), status line."""
        app = self.reader
        settings = app.settings
        view = ArticleView(app.state, spacing=settings.line_spacing, id="article")
        view.park_cursor = app.screen_reader
        view.display = not settings.large_text
        yield view
        big = BigText(
            zoom=settings.zoom, style=settings.large_style, plain=settings.large_plain, id="large"
        )
        big.display = settings.large_text
        yield big
        viewer = SpeechViewer(id="speech-viewer", max_lines=500)
        viewer.border_title = tr("speech_viewer.title", app.lang)
        viewer.set_class(not app.settings.speech_viewer, "-hidden")
        yield viewer
        yield StatusLine(id="status")

    def on_mount(self) -> None:
        """Focus the article and show the position (once mounted: ``alive`` is False until then)."""
        self.view.focus()
        if self.reader.settings.speech_viewer:
            self.query_one(SpeechViewer).show_entries(self.reader.speech.log.entries)
        self.call_after_refresh(self.refresh_position)

    def on_resize(self) -> None:
        """On a small terminal give the text every row and column.

        Below 40 columns or 12 rows: no borders, one status row, no speech
        viewer; below 3 rows no status row either (``reader.tcss``).
        """
        width, height = self.app.size
        self.set_class(width < CRAMPED_WIDTH or height < CRAMPED_HEIGHT, "-cramped")
        self.set_class(height < TINY_HEIGHT, "-tiny")

    # ------------------------------------------------------------ helpers

    @property
    def view(self) -> ArticleView:
        """The article view."""
        return self.query_one(ArticleView)

    @property
    def alive(self) -> bool:
        """False before mounting and while being taken down (its widgets may be gone).

        Speech events keep coming while the app quits; they must not reach
        a screen whose widgets were removed (Textual's own test for it).
        """
        return self.is_mounted and not (self._closing or self._closed or self._pruning)

    def refresh_position(self, announcement: str | None = None) -> None:
        """Redraw the article at the reading position and update the status line."""
        if not self.alive:
            return
        if self.reader.settings.large_text:
            self._sync_large()
        else:
            self.view.sync()
        app = self.reader
        state = app.state
        position = tr(
            "status.paragraph",
            app.lang,
            article=state.article + 1,
            articles=state.article_count,
            paragraph=state.paragraph + 1,
            paragraphs=state.paragraph_count,
            percent=state.percent(),
            variant=tr(f"variant.{state.variant}", app.lang),
        )
        if announcement is not None:
            self._announcement = announcement
        self.query_one(StatusLine).show(position, self._announcement)

    def _t(self, key: str, **fields) -> str:
        return tr(key, self.reader.lang, **fields)

    def _moved(self, article_changed: bool = False) -> None:
        self._description = None
        self.reader.position_changed(article_changed)
        self.refresh_position("")

    def _say(
        self, text: str, priority: Priority = Priority.NOW, pinyin_form: str | None = None
    ) -> None:
        self.reader.announce(text, priority=priority, pinyin_form=pinyin_form)

    def _read_paragraph(self, prefix: str = "") -> None:
        """Speak the current paragraph from its start, sentence by sentence (marks follow)."""
        self._speak_from(0, prefix, whole_paragraph=True)

    def _read_sentence(self, prefix: str = "") -> None:
        """Speak the current sentence, after ``prefix`` if one is given."""
        self._speak_from(self.reader.state.sentence_span()[0], prefix, whole_paragraph=False)

    def _speak_from(self, start: int, prefix: str, whole_paragraph: bool) -> None:
        """Speak from ``start`` to the end of its sentence (or paragraph), with index marks."""
        app, state = self.reader, self.reader.state
        text = state.text()
        speech = app.speech
        items = [speech.chunk(prefix, 0, state.variant)] if prefix else []
        marked = speech.paragraph_items(
            text, state.sentence_spans(), start, (state.article, state.paragraph), state.variant
        )
        items += marked if whole_paragraph else marked[:2]
        end = len(text) if whole_paragraph else state.sentence_span()[1]
        app.speak(Utterance(tuple(items), Priority.NOW, "nav", prefix + text[start:end]))

    def _stop_reading(self) -> None:
        self.reader.sayall.stop()

    def _edge(self, key: str, **fields) -> None:
        self._say(self._t(key, **fields))

    # ------------------------------------------------------------ reading

    def action_play_pause(self) -> None:
        """Space: pause continuous reading, or start it from the current sentence."""
        if self.reader.sayall.active:
            self._stop_reading()
            self._say(self._t("pause"))
        else:
            self.action_read_on()

    def action_read_on(self) -> None:
        """Enter: read on from here, through the following paragraphs and articles."""
        self.reader.sayall.start()
        self.refresh_position(self._t("play"))

    def action_stop(self) -> None:
        """Esc: stop reading; when nothing is being read, stop an open, else an export, in progress."""
        app = self.reader
        if not (app.sayall.active or app.speech.reading()) and (
            app.cancel_open() or app.cancel_export()
        ):
            return  # announced
        self._stop_reading()
        app.speech.cancel()
        self._say(self._t("stop"))

    # ------------------------------------------------------------ moving

    def action_next_paragraph(self) -> None:
        """↓: next paragraph, read at once."""
        self._stop_reading()
        if self.reader.state.next_paragraph():
            self._moved()
            self._read_paragraph()
        else:
            self._edge("article.end")

    def action_previous_paragraph(self) -> None:
        """↑: previous paragraph, read at once."""
        self._stop_reading()
        if self.reader.state.previous_paragraph():
            self._moved()
            self._read_paragraph()
        else:
            self._edge("article.start")

    def action_first_paragraph(self) -> None:
        """Home: first paragraph of the article."""
        self._stop_reading()
        self.reader.state.first_paragraph()
        self._moved()
        self._read_paragraph(self._t("paragraph.first"))

    def action_last_paragraph(self) -> None:
        """End: last paragraph of the article."""
        self._stop_reading()
        self.reader.state.last_paragraph()
        self._moved()
        self._read_paragraph(self._t("paragraph.last"))

    def action_next_sentence(self) -> None:
        """→: next sentence."""
        self._stop_reading()
        if self.reader.state.next_sentence():
            self._moved()
            self._read_sentence()
        else:
            self._edge("article.end")

    def action_previous_sentence(self) -> None:
        """←: previous sentence."""
        self._stop_reading()
        if self.reader.state.previous_sentence():
            self._moved()
            self._read_sentence()
        else:
            self._edge("article.start")

    def _word_move(self, forward: bool) -> None:
        self._stop_reading()
        state = self.reader.state
        if not state.words_ready():
            from reader.chinese import words

            words.start_loading()
            self._say(self._t("words.loading"))
            return
        moved = state.next_word() if forward else state.previous_word()
        if not moved:
            self._edge("article.end" if forward else "article.start")
            return
        self._moved()
        start, end = state.word_span()
        self._say_piece(state.text()[start:end])

    def action_next_word(self) -> None:
        """Ctrl+→: next word (jieba)."""
        self._word_move(True)

    def action_previous_word(self) -> None:
        """Ctrl+←: previous word."""
        self._word_move(False)

    def _char_move(self, forward: bool) -> None:
        self._stop_reading()
        state = self.reader.state
        moved = state.next_char() if forward else state.previous_char()
        if not moved:
            self._edge("article.end" if forward else "article.start")
            return
        self._moved()
        self._say_piece(state.current_char())

    def _say_piece(self, text: str) -> None:
        """Say a word or character; a lone punctuation mark, symbol or space by its name."""
        if len(text) == 1 and unicodedata.category(text)[0] in "PSZ":
            names = describe_char(text, variant=self.reader.state.variant)
            self._say(names[0].text if names else self._t("char.space"))
        else:
            self._say(text)

    def action_next_char(self) -> None:
        """.: next character."""
        self._char_move(True)

    def action_previous_char(self) -> None:
        """,: previous character."""
        self._char_move(False)

    def action_next_article(self) -> None:
        """PageDown: next article (its heading is read)."""
        self._stop_reading()
        state = self.reader.state
        if state.next_article():
            self._moved(article_changed=True)
            self._say(self.reader.article_heading(state.article))
        else:
            self._edge("library.last", title=state.title())

    def action_previous_article(self) -> None:
        """PageUp: previous article."""
        self._stop_reading()
        state = self.reader.state
        if state.previous_article():
            self._moved(article_changed=True)
            self._say(self.reader.article_heading(state.article))
        else:
            self._edge("library.first", title=state.title())

    def action_go_percent(self) -> None:
        """g: ask for a percentage and go there."""
        from reader.ui.screens.prompt import PromptScreen

        self._stop_reading()
        self.app.push_screen(PromptScreen(self._t("goto.prompt"), self.reader.lang), self._go_to)

    def _go_to(self, answer: str | None) -> None:
        if answer is None:
            self._say(self._t("cancelled"))
            return
        try:
            percent = float(answer.strip().rstrip("%％"))
        except ValueError:
            percent = -1.0
        if not 0 <= percent <= 100:
            self._say(self._t("goto.bad"))
            return
        self.go_to_percent(percent)

    def go_to_percent(self, percent: float) -> None:
        """Jump to ``percent`` of the library and say where that is."""
        state = self.reader.state
        before = state.article
        state.go_to_fraction(percent / 100)
        self._moved(article_changed=state.article != before)
        self._say(self._t("goto.done", percent=f"{percent:g}", where=self.where_text()))

    # ------------------------------------------------------------ information

    def where_text(self) -> str:
        """Where the reader is: article n of m, title, paragraph n of m, percent."""
        state = self.reader.state
        return self._t(
            "where",
            article=state.article + 1,
            articles=state.article_count,
            title=state.title(),
            paragraph=state.paragraph + 1,
            paragraphs=state.paragraph_count,
            percent=state.percent(),
        )

    def action_where_am_i(self) -> None:
        """w: where am I."""
        self._stop_reading()
        self._say(self.where_text())

    def action_read_title(self) -> None:
        """t: the article's title (and subtitles and author)."""
        self._stop_reading()
        state = self.reader.state
        article = state.current_article
        heading = "，".join(state.show(line) for line in article.heading_lines())
        if article.author:
            heading = self._t("title.by", title=heading, author=state.show(article.author))
        self._say(heading)

    def action_describe_char(self) -> None:
        """d: describe the current character; again: its next description."""
        self._stop_reading()
        state = self.reader.state
        ch = state.current_char()
        key = (state.article, state.paragraph, state.char)
        index = self._description[1] + 1 if self._description and self._description[0] == key else 0
        descriptions = describe_char(ch, variant=state.variant) if ch else []
        if not descriptions:
            self._say(self._t("describe.none"))
            return
        if index >= len(descriptions):
            index = 0
        self._description = (key, index)
        item = descriptions[index]
        self._say(item.text, pinyin_form=item.spoken)

    def action_pinyin(self) -> None:
        """p: pinyin of the current word."""
        self._stop_reading()
        state = self.reader.state
        if state.words_ready():
            start, end = state.word_span()
        else:
            start, end = state.char, state.char + 1
        word = state.text()[start:end]
        if not word.strip():
            self._say(self._t("char.space"))
            return
        self._say(f"{word}：{word_pinyin(word)}", pinyin_form=f"{word}，{spoken_pinyin(word)}")

    # ------------------------------------------------------------ voice and script

    def action_slower(self) -> None:
        """[: slower."""
        self._change_rate(-0.5)

    def action_faster(self) -> None:
        """]: faster."""
        self._change_rate(0.5)

    def _change_rate(self, step: float) -> None:
        app = self.reader
        was_reading = app.sayall.active
        rate = min(10.0, max(1.0, app.settings.rate + step))
        app.apply_setting("rate", rate)
        key = "rate.fastest" if rate >= 10 else "rate.slowest" if rate <= 1 else "rate"
        text = self._t(key, rate=f"{rate:g}")
        if was_reading:
            self._stop_reading()
            self._say(text)
            app.sayall.start()
        else:
            self._say(text)

    def action_next_variant(self) -> None:
        """v: next script variant: say its name, then re-read the current sentence in it."""
        self._stop_reading()
        app = self.reader
        variant = app.state.next_variant()
        app.apply_setting("variant", variant)
        name = self._t(f"variant.{variant}")
        self.refresh_position(name)
        self._read_sentence(prefix=f"{name}。")

    # ------------------------------------------------------------ places

    def action_set_bookmark(self) -> None:
        """b: bookmark the current sentence."""
        self._stop_reading()
        app = self.reader
        key, anchor = app.state.anchor()
        if key is None:
            self._say(self._t("bookmark.stdin"))
            return
        app.bookmarks.add(key, anchor)
        where = self._t(
            "bookmark.item",
            article=anchor.article + 1,
            paragraph=anchor.paragraph + 1,
            snippet=anchor.snippet[:12],
        )
        self._say(self._t("bookmark.set", where=where))

    def action_bookmark_list(self) -> None:
        """B: the bookmarks of this document."""
        from reader.ui.screens.bookmarks import BookmarksScreen

        self._stop_reading()
        app = self.reader
        key, _anchor = app.state.anchor()
        marks = app.bookmarks.for_document(key) if key else []
        if not marks:
            self._say(self._t("bookmark.none"))
            return
        app.push_screen(BookmarksScreen(app.lang, key, marks))

    def action_open_file(self) -> None:
        """o: open a file."""
        from reader.ui.screens.prompt import PromptScreen

        self._stop_reading()
        self.app.push_screen(PromptScreen(self._t("open.prompt"), self.reader.lang), self._open)

    def _open(self, answer: str | None) -> None:
        if not answer or not answer.strip():
            self._say(self._t("cancelled"))
            return
        self.reader.open_file(answer.strip())

    def action_library(self) -> None:
        """a: the list of articles."""
        from reader.ui.screens.library import LibraryScreen

        self._stop_reading()
        self.app.push_screen(LibraryScreen(self.reader.lang))

    def action_export(self) -> None:
        """e: export the article or the library to audio; during an export, stop it."""
        from reader.ui.screens.export import ExportScreen

        app = self.reader
        if app.cancel_export():
            return  # its end is announced
        self._stop_reading()
        app.push_screen(ExportScreen(app.lang, app.export_choice))

    # ------------------------------------------------------------ display and app

    @property
    def large(self) -> BigText:
        """The large-text view."""
        return self.query_one(BigText)

    def _sync_large(self) -> None:
        """Show the paragraph magnified, the sentence (or word) being read highlighted.

        Plain large text shows only the current sentence, one to a screen.
        """
        state = self.reader.state
        big = self.large
        highlight = self.view.spoken or state.sentence_span()
        start, end = (0, None) if not big.plain else state.sentence_span()
        key = (state.article, state.paragraph, state.variant, start)
        highlight = (highlight[0] - start, highlight[1] - start)
        if key != self._large_key:
            self._large_key = key
            big.show(state.text()[start:end], highlight)
        else:
            big.set_highlight(highlight)
        if self.reader.screen_reader:
            self.call_after_refresh(self._park_cursor_on_large)

    def _park_cursor_on_large(self) -> None:
        offset = self.large.highlight_offset()
        if offset is not None:
            region = self.large.content_region
            self.app.cursor_position = Offset(region.x + offset.x, region.y + offset.y)

    def show_spoken(self, span: tuple[int, int] | None) -> None:
        """Highlight the word being spoken (None: back to the sentence)."""
        self.view.spoken = span
        if self.reader.settings.large_text:
            self._sync_large()
        else:
            self.view.refresh()

    def action_large_text(self) -> None:
        """l: large text on or off."""
        app = self.reader
        on = not app.settings.large_text
        app.apply_setting("large_text", on)
        self._say(self._t("large.on" if on else "large.off"))

    def apply_display_settings(self) -> None:
        """Large text on or off, its zoom, style and plain mode, line spacing: as in the settings."""
        settings = self.reader.settings
        big = self.large
        big.display = settings.large_text
        self.view.display = not settings.large_text
        big.zoom = settings.zoom
        big.style = settings.large_style
        big.set_plain(settings.large_plain)
        self.view.spacing = settings.line_spacing
        self._large_key = None
        self.refresh_position()

    def _large_only(self) -> bool:
        if not self.reader.settings.large_text:
            self._say(self._t("large.needed"))
            return False
        return True

    def action_zoom(self, step: int) -> None:
        """+/-: zoom the large text in or out."""
        if self._large_only():
            zoom = self.large.zoom_in() if step > 0 else self.large.zoom_out()
            self.reader.apply_setting("zoom", zoom)
            self._say(self._t("zoom", zoom=zoom))

    def action_large_style(self) -> None:
        """m: next drawing style of the large text."""
        if self._large_only():
            style = self.large.cycle_style()
            self.reader.apply_setting("large_style", style)
            self._say(self._t(f"style.{style}"))

    def action_large_plain(self) -> None:
        """L: plain large text (the terminal's own characters, widely spaced) on or off."""
        if self._large_only():
            plain = not self.reader.settings.large_plain
            self.reader.apply_setting("large_plain", plain)
            self._say(self._t("plain.on" if plain else "plain.off"))

    def action_contrast(self) -> None:
        """h: next high-contrast theme."""
        from reader.bigtext.themes import next_high_contrast

        theme = next_high_contrast(self.app.theme)
        self.reader.apply_setting("theme", theme)
        self._say(self._t(f"theme.{theme}"))

    def action_speech_viewer(self) -> None:
        """F2: speech viewer on or off."""
        app = self.reader
        on = not app.settings.speech_viewer
        app.apply_setting("speech_viewer", on)
        viewer = self.query_one(SpeechViewer)
        viewer.set_class(not on, "-hidden")
        if on:
            viewer.show_entries(app.speech.log.entries)
        self._say(self._t("viewer.on" if on else "viewer.off"))
        self.refresh_position()

    def action_settings(self) -> None:
        """s: settings."""
        from reader.ui.screens.settings import SettingsScreen

        self._stop_reading()
        self.app.push_screen(SettingsScreen())

    def action_help(self) -> None:
        """F1: help."""
        from reader.ui.screens.help import HelpScreen

        self._stop_reading()
        self.app.push_screen(HelpScreen(self.reader.lang, self.reader.keymap))

    async def action_quit(self) -> None:
        """q: save the position and quit."""
        await self.reader.action_quit()

    def add_log_entry(self, entry: dict) -> None:
        """Show an utterance in the speech viewer (while it is shown)."""
        if self.is_mounted and self.reader.settings.speech_viewer:
            self.query_one(SpeechViewer).add_entry(entry)
