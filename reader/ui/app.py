"""The reading app: one factory (``create_app``) used by the command line and the tests.

Start-up is kept light so the welcome is heard quickly: the library is
loaded, Textual starts, the speech manager starts and speaks the welcome;
jieba and the OpenCC converters load afterwards on background threads.
The app owns the services (reading state, speech bridge, continuous
reading, settings, positions, bookmarks); the reading screen decides what
each key says.
"""

from __future__ import annotations

import argparse
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from reader.document import Library
from reader.errors import ReaderError
from reader.state import (
    BookmarkStore,
    FileSignature,
    PositionStore,
    Settings,
    SettingsStore,
    StateNotice,
    document_key,
)
from reader.ui.i18n import tr
from reader.ui.keys import valid_keymap
from reader.ui.messages import SpeechLogged, SpeechNotice, SpeechProgress
from reader.ui.reading import ReadingState
from reader.ui.sayall import SayAll
from reader.ui.speech import SENTENCE_MARK, TITLE_MARK, SpeechBridge, SpeechLog
from reader.ui.themes import THEME_NAMES, THEMES
from voices.commands import Priority, Utterance
from voices.events import MarkReached, UtteranceDone, WordStarted

_log = logging.getLogger(__name__)

SAVE_DELAY_S = 2.0
BACKGROUND_START_DELAY_S = 0.3


@dataclass
class AppOptions:
    """What the command line (or a test) asks of the app."""

    files: list[str] = field(default_factory=list)
    audio: str = "auto"
    variant: str | None = None
    voice: str | None = None
    rate: float | None = None
    ui_lang: str | None = None
    speech_log: str | None = None
    screen_reader: bool = False
    config: str | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> AppOptions:
        """Options from the parsed ``reader`` command line."""
        return cls(
            files=list(args.files or []),
            audio=args.audio,
            variant=args.variant,
            voice=args.voice,
            rate=args.rate,
            ui_lang=args.ui_lang,
            speech_log=args.speech_log,
            screen_reader=args.screen_reader,
            config=args.config,
        )


def rate_scale(value: float) -> float:
    """A ``--rate`` value as the 1–10 scale: values above 10 are words per minute."""
    from voices.catalog import scale_from_rate

    return value if value <= 10 else float(scale_from_rate(value))


def rate_wpm(scale: float) -> int:
    """The 1–10 scale as words per minute for the speech manager."""
    from voices.catalog import rate_from_scale

    return rate_from_scale(scale)


def create_app(options: AppOptions) -> ReaderApp:
    """Build the app for ``options``; raises ReaderError for unreadable documents."""
    from reader.cli import open_library

    library = open_library(options.files)
    settings_store = SettingsStore(Path(options.config) if options.config else None)
    settings = settings_store.load()
    if options.ui_lang:
        settings.ui_lang = options.ui_lang
    if options.rate is not None:
        settings.rate = rate_scale(options.rate)
    if options.variant:
        settings.variant = options.variant
    settings.clamped()
    return ReaderApp(library, options, settings, settings_store, bundled=not options.files)


def run_app(args: argparse.Namespace) -> int:
    """Run the reading app for the parsed command line; returns the exit code."""
    from reader.logs import setup_logging

    setup_logging()
    app = create_app(AppOptions.from_args(args))
    if "-" in app.options.files:
        _keyboard_from_terminal()
    app.run()
    return app.return_code or 0


def _keyboard_from_terminal() -> None:
    """After a document was read from standard input, take keys from the terminal instead."""
    import os
    import sys

    if sys.stdin.isatty():
        return
    try:
        tty = os.open("/dev/tty", os.O_RDONLY)
    except OSError as exc:
        raise ReaderError(
            "standard input was the document and there is no terminal for keys"
        ) from exc
    os.dup2(tty, 0)
    os.close(tty)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - lives as long as the app


class ReaderApp(App):
    """The keyboard-only, self-voicing reader."""

    CSS_PATH = "reader.tcss"
    TITLE = "听读"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", "quit", id="force_quit", show=False, priority=True)]

    def __init__(
        self,
        library: Library,
        options: AppOptions,
        settings: Settings,
        settings_store: SettingsStore,
        *,
        bundled: bool = False,
    ) -> None:
        super().__init__()
        self.options = options
        self.settings = settings
        self.settings_store = settings_store
        self.bundled = bundled
        self.screen_reader = options.screen_reader
        variant = settings.variant or _default_variant(library)
        self.state = ReadingState(library, variant)
        self.positions = PositionStore()
        self.bookmarks = BookmarkStore()
        self.speech = SpeechBridge(
            self.post_message,
            SpeechLog(options.speech_log),
            enabled=not options.screen_reader,
            audio=options.audio,
        )
        self.speech.punctuation = settings.punctuation
        self.sayall = SayAll(self.speech, self.state, self._spoken_heading, self._library_end)
        keymap, unknown = valid_keymap(settings.keys)
        if unknown:
            _log.warning("unknown binding ids in the key map: %s", ", ".join(unknown))
        self.keymap = keymap
        self._save_timer = None

    # ------------------------------------------------------------ start

    @property
    def lang(self) -> str:
        """The UI language."""
        return self.settings.ui_lang

    def line_spacing(self) -> int:
        """Blank lines between lines of text (more in large text mode)."""
        return max(self.settings.line_spacing, 1 if self.settings.large_text else 0)

    def on_mount(self) -> None:
        """Speak the welcome, then show where reading resumes."""
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.settings.theme if self.settings.theme in THEME_NAMES else THEMES[0].name
        if self.keymap:
            self.set_keymap(self.keymap)
        settings = self.settings
        self.speech.start(
            self._chosen_voice(self.state.variant),
            rate_wpm(settings.rate),
            settings.pitch,
            settings.volume,
        )
        self.announce(self._welcome_text())
        self.positions.load()
        self.bookmarks.load()
        resumed = self.state.restore(self.positions)
        self.announce(self._resume_text(resumed), priority=Priority.NEXT)
        for notice in self._notices():
            self.announce(self._notice_text(notice), priority=Priority.NEXT)
        from reader.ui.screens.reading import ReadingScreen

        self.push_screen(ReadingScreen())
        if self.screen_reader:
            self.call_after_refresh(self._show_terminal_cursor)
        self.set_timer(BACKGROUND_START_DELAY_S, self._start_background_work)

    def _welcome_text(self) -> str:
        sources = [s for s in self.state.library.sources]
        if self.bundled:
            what = tr("welcome.bundled", self.lang)
        elif len(sources) == 1:
            what = Path(sources[0]).name if sources[0] != "-" else "-"
        else:
            what = tr("welcome.files", self.lang, count=len(sources))
        return tr("welcome", self.lang, what=what, count=len(self.state.library))

    def _resume_text(self, resumed: bool) -> str:
        state = self.state
        if not resumed:
            return tr("start.fresh", self.lang, title=state.title())
        return tr(
            "resume",
            self.lang,
            article=state.article + 1,
            title=state.title(),
            paragraph=state.paragraph + 1,
        )

    def _notices(self) -> list[StateNotice]:
        return self.settings_store.notices + self.positions.notices + self.bookmarks.notices

    def _notice_text(self, notice: StateNotice) -> str:
        name = Path(notice.path).name
        what_key = {
            "settings.json": "state.settings",
            "positions.json": "state.positions",
            "bookmarks.json": "state.bookmarks",
        }.get(name, "state.settings")
        return tr("state.corrupt", self.lang, what=tr(what_key, self.lang))

    def _start_background_work(self) -> None:
        """Load jieba and the OpenCC converters off the UI thread, after the first speech."""
        from reader.chinese import words

        words.start_loading()
        threading.Thread(target=_warm_converters, name="opencc-warm", daemon=True).start()
        if not self._chosen_voice(self.state.variant):
            threading.Thread(target=self._use_default_voice, name="voices", daemon=True).start()

    def _use_default_voice(self) -> None:
        """Find the variant's default voice (listing voices takes ~0.1 s) and use it."""
        self.speech.set_voice(self._voice_for(self.state.variant))

    def _show_terminal_cursor(self) -> None:
        """Screen-reader mode: let the terminal show its cursor at the reading position."""
        driver = self._driver
        if driver is not None and not self.is_headless:
            driver.write("\x1b[?25h")
            driver.flush()

    # ------------------------------------------------------------ speaking

    def announce(
        self, text: str, *, priority: Priority = Priority.NOW, spoken: str | None = None
    ) -> None:
        """Say ``text`` (unless in screen-reader mode) and show it in the status line."""
        self.speech.say(text, priority, spoken=spoken, script=self.state.variant)
        screen = self._reading_screen()
        if screen is not None and priority == Priority.NOW:
            screen.refresh_position(text)

    def announce_back(self) -> None:
        """Back on the reading screen: say so, with where the reader is."""
        self.announce(tr("back", self.lang))

    def speak(self, utterance: Utterance) -> None:
        """Speak a prepared utterance."""
        self.speech.speak(utterance)

    def _spoken_heading(self, article: int) -> str:
        return tr(
            "article.heading",
            self.lang,
            n=article + 1,
            total=self.state.article_count,
            title=self.state.title(article),
        )

    def _library_end(self) -> str:
        return tr("library.end", self.lang)

    def _chosen_voice(self, variant: str) -> str:
        """The voice the user chose for ``variant`` ("" if none)."""
        return self.options.voice or self.settings.voices.get(variant, "")

    def _voice_for(self, variant: str) -> str:
        """The voice to read ``variant`` with: the user's choice, else the catalog's default."""
        from voices.catalog import default_voice

        chosen = self._chosen_voice(variant)
        if chosen:
            return chosen
        found = default_voice(variant)
        return found.id if found is not None else ""

    def _reading_screen(self):
        from reader.ui.screens.reading import ReadingScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReadingScreen):
                return screen
        return None

    # ------------------------------------------------------------ speech events

    def on_speech_progress(self, message: SpeechProgress) -> None:
        """Move the highlight with the speech; keep continuous reading going."""
        event = message.event
        screen = self._reading_screen()
        if isinstance(event, UtteranceDone):
            self.speech.finished(event.utterance_id)
            self.sayall.on_done(event)
            if screen is not None and screen.view.spoken is not None:
                screen.view.spoken = None
                screen.view.refresh()
            return
        if not self.speech.is_current(event.utterance_id):
            return
        if isinstance(event, MarkReached) and isinstance(event.name, tuple):
            name = event.name
            state = self.state
            before = state.article
            if name[0] == SENTENCE_MARK:
                _mark, article, paragraph, sentence = name
                spans = state.sentence_spans(article, paragraph)
                state.go(article, paragraph, spans[min(sentence, len(spans) - 1)][0])
            elif name[0] == TITLE_MARK:
                state.go(name[1], 0, 0)
            if screen is not None:
                screen.view.spoken = None
                screen.refresh_position()
            self.position_changed(state.article != before)
        elif isinstance(event, WordStarted) and screen is not None:
            screen.view.spoken = (event.offset, event.offset + max(1, event.length))
            screen.view.refresh()

    def on_speech_notice(self, message: SpeechNotice) -> None:
        """Tell the user about the speech system (once per notice)."""
        notice = message.notice
        if notice.message_id in ("no-engine", "engine-failed"):
            text = tr("engine.missing", self.lang)
        elif notice.message_id == "no-sound-device":
            text = tr("engine.no_sound", self.lang)
        else:
            text = tr("engine.notice", self.lang, detail=notice.detail or notice.message_id)
        self.announce(text, priority=Priority.NEXT)
        screen = self._reading_screen()
        if screen is not None:
            screen.refresh_position(text)

    def on_speech_logged(self, message: SpeechLogged) -> None:
        """Show what was spoken in the speech viewer."""
        screen = self._reading_screen()
        if screen is not None:
            screen.add_log_entry(message.entry)

    # ------------------------------------------------------------ positions

    def position_changed(self, article_changed: bool = False) -> None:
        """The reading position moved: save it within a few seconds (at once on a new article)."""
        if article_changed:
            self.save_position()
        elif self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY_S, self.save_position)

    def save_position(self) -> None:
        """Write the current position of the current document."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        key = self.state.remember(self.positions)
        if key is not None:
            self.positions.save([key])

    def open_article(self, index: int) -> None:
        """Go to the start of article ``index`` and read its heading."""
        self.sayall.stop()
        self.state.go(index)
        self.position_changed(article_changed=True)
        self.announce(self._spoken_heading(index))

    def go_to_bookmark(self, key: str, bookmark) -> None:
        """Go to a bookmark of document ``key`` and read its paragraph."""
        source = next((a.source for a in self.state.library if document_key(a.source) == key), None)
        if source is None:
            return
        place = self.state.locate(source, bookmark.anchor, unchanged=False)
        self.state.go(place.article, place.paragraph, place.char)
        self.position_changed(article_changed=True)
        screen = self._reading_screen()
        self.announce(self._where_text())
        if screen is not None:
            screen.refresh_position()

    def _where_text(self) -> str:
        screen = self._reading_screen()
        return screen.where_text() if screen is not None else ""

    def open_file(self, path: str) -> None:
        """Open a file into the library and go to its first article (or where it was left)."""
        from reader.importers import load

        try:
            opened = load([path])
        except ReaderError as exc:
            self.announce(tr("open.failed", self.lang, error=str(exc)))
            return
        self.save_position()
        library = self.state.library
        known = set(library.sources)
        new_sources = [s for s in opened.sources if s not in known]
        if new_sources:
            library = library.merged(opened)
        self.state.set_library(library)
        source = opened.articles[0].source
        first = self.state.document_articles(source)[0]
        self.state.go(first)
        key = document_key(source)
        saved = self.positions.get(key) if key else None
        if saved is not None:
            place = self.state.locate(
                source, saved.anchor, saved.signature == FileSignature.of(key)
            )
            self.state.go(place.article, place.paragraph, place.char)
        self.position_changed(article_changed=True)
        self.announce(tr("open.done", self.lang, name=Path(path).name, count=len(opened.articles)))

    # ------------------------------------------------------------ settings

    def apply_setting(self, name: str, value) -> None:
        """Change one setting (``voices.<variant>`` for a voice), apply it at once and save."""
        settings = self.settings
        if name.startswith("voices."):
            variant = name.split(".", 1)[1]
            if value:
                settings.voices[variant] = value
            else:
                settings.voices.pop(variant, None)
        else:
            setattr(settings, name, value)
        settings.clamped()
        if name == "rate":
            self.speech.set_rate(rate_wpm(settings.rate))
        elif name == "pitch":
            self.speech.set_pitch(settings.pitch)
        elif name == "volume":
            self.speech.set_volume(settings.volume)
        elif name == "punctuation":
            self.speech.punctuation = settings.punctuation
        elif name == "theme":
            self.theme = settings.theme
        elif name == "variant" or name.startswith("voices."):
            self.speech.set_voice(self._voice_for(self.state.variant))
        elif name in ("large_text", "line_spacing"):
            screen = self._reading_screen()
            if screen is not None:
                screen.apply_large_text(settings.large_text)
        self.settings_store.save(settings)

    # ------------------------------------------------------------ quitting

    async def action_quit(self) -> None:
        """Save the position and settings, stop speech, exit."""
        self.save_position()
        self.speech.close()
        self.exit()

    def on_unmount(self) -> None:
        """Make sure speech stops and the log is closed however the app ends."""
        self.speech.close()


def _warm_converters() -> None:
    """Create every OpenCC converter the ``v`` key may need, so switching never waits."""
    from reader.chinese.script import VARIANTS, convert

    for variant in VARIANTS:
        for source in ("zh-Hans", "zh-Hant"):
            convert("汉字", source, variant)


def _default_variant(library: Library) -> str:
    """The variant to show when the user has not chosen one: the first article's script."""
    script = library[0].script if len(library) else "zh-Hans"
    return "zh-Hant" if script == "zh-Hant" else "zh-Hans"
