"""The reading app: one factory (``create_app``) used by the tests, and the Textual app.

The app runs a :class:`~reader.ui.session.Session` (library, reading
state, settings, saved state, speech), which the command line starts
before Textual so the welcome is heard at once (``reader.ui.session.run_app``).
After the first speech, jieba and the OpenCC converters load on background
threads. The reading screen decides what each key says.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding

from reader.state import FileSignature, document_key
from reader.ui.exporting import BackgroundExport, ExportChoice
from reader.ui.i18n import tr
from reader.ui.keys import valid_keymap
from reader.ui.messages import (
    ExportEnded,
    ExportProgressed,
    ExportStarted,
    OpenEnded,
    SpeechLogged,
    SpeechNotice,
    SpeechProgress,
)
from reader.ui.opening import CUE_EVERY_S, FIRST_CUE_S, BackgroundOpen
from reader.ui.sayall import SayAll
from reader.ui.session import CANTONESE_VARIANT, AppOptions, Session, rate_wpm
from reader.ui.speech import (
    DEVICE_NOTICES,
    SENTENCE_MARK,
    SILENT_NOTICES,
    TITLE_MARK,
    notice_text,
)
from reader.ui.themes import THEME_NAMES, THEMES
from voices.commands import Priority, Utterance
from voices.events import EngineNotice, MarkReached, UtteranceDone, WordStarted

_log = logging.getLogger(__name__)

SAVE_DELAY_S = 2.0
NOTICE_SHOWN_S = 20.0  # a notice that speech is gone stays in a notification this long
EXIT_GRACE_S = 10.0  # for Textual's shutdown once the app was asked to exit
EXIT_GRACE_NO_TERMINAL_S = 1.0  # the same when the terminal was closed: nothing to restore
QUIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)
BACKGROUND_START_DELAY_S = 0.3


def create_app(options: AppOptions) -> ReaderApp:
    """Build the app for ``options``; raises ReaderError for unreadable documents."""
    return ReaderApp(Session(options))


class ReaderApp(App):
    """The keyboard-only, self-voicing reader."""

    CSS_PATH = "reader.tcss"
    TITLE = "听读"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "quit", id="force_quit", show=False, priority=True),
        # Textual's own Ctrl+C only shows "press Ctrl+Q to quit"; here it quits like q, saving.
        Binding("ctrl+c", "quit", "quit", id="ctrl_c_quit", show=False, priority=True),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.settings = session.settings
        self.settings_store = session.settings_store
        self.screen_reader = session.options.screen_reader
        self.state = session.state
        self.positions = session.positions
        self.bookmarks = session.bookmarks
        self.speech = session.speech
        self.sayall = SayAll(self.speech, self.state, self.article_heading, self._library_end)
        keymap, unknown = valid_keymap(self.settings.keys)
        if unknown:
            _log.warning("unknown binding ids in the key map: %s", ", ".join(unknown))
        self.keymap = keymap
        self._save_timer = None
        self._words_of: int | None = None  # utterance whose word events move the highlight
        self.export_choice = ExportChoice()
        self.export: BackgroundExport | None = None
        self._export_said: int | None = None  # the last export report; progress waits for it
        self.opening: BackgroundOpen | None = None  # the file being opened, if any
        self._open_cue = None  # the timer of the next "still opening"
        self._open_said: int | None = None  # the last "still opening"; the next waits for it
        self._fault_notice: str | None = None  # said when reading resumes after an engine fault
        self._signals: list[int] = []  # the quit signals this app handles
        self._quitting = False
        self._exit_timer: threading.Timer | None = None  # ends a shutdown that hangs

    # ------------------------------------------------------------ start

    @property
    def lang(self) -> str:
        """The UI language."""
        return self.settings.ui_lang

    def on_mount(self) -> None:
        """Themes and keys, speech (welcome and resume, unless already spoken), the reading screen."""
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.settings.theme if self.settings.theme in THEME_NAMES else THEMES[0].name
        if self.keymap:
            self.set_keymap(self.keymap)
        self.speech.attach(self._deliver)
        self.session.begin()
        from reader.ui.screens.reading import ReadingScreen

        self.push_screen(ReadingScreen())
        if self.screen_reader:
            self.call_after_refresh(self._show_terminal_cursor)
        self.set_timer(BACKGROUND_START_DELAY_S, self._start_background_work)
        self._catch_signals()

    def _start_background_work(self) -> None:
        """Load jieba and the OpenCC converters off the UI thread, after the first speech."""
        from reader.chinese import words

        words.start_loading()
        self.warm_next_variant()
        if self.state.variant == CANTONESE_VARIANT and not self.session.chosen_voice(
            CANTONESE_VARIANT
        ):
            threading.Thread(target=self._use_variant_voice, name="voices", daemon=True).start()

    def warm_next_variant(self) -> None:
        """Create, off the UI thread, the OpenCC converters the next ``v`` will need.

        Only the next variant's: each converter holds its dictionaries (up
        to ~15 MB), so a reader who never switches never pays for them.
        """
        from reader.chinese.script import next_variant

        scripts = {a.script for a in self.state.library} & {"zh-Hans", "zh-Hant"}
        variant = next_variant(self.state.variant)
        threading.Thread(
            target=_warm_converters,
            args=(scripts or {"zh-Hans"}, variant),
            name="opencc",
            daemon=True,
        ).start()

    def _use_variant_voice(self) -> None:
        """Look up the variant's default voice (a first listing takes ~0.1 s) and use it."""
        self.speech.set_voice(self.session.voice_for(self.state.variant))

    def _deliver(self, item: object) -> None:
        """Speech thread → UI: wrap what the speech bridge reports in a message and post it."""
        if isinstance(item, EngineNotice):
            self.post_message(SpeechNotice(item))
        elif isinstance(item, dict):
            self.post_message(SpeechLogged(item))
        else:
            self.post_message(SpeechProgress(item))

    def _show_terminal_cursor(self) -> None:
        """Screen-reader mode: let the terminal show its cursor at the reading position."""
        driver = self._driver
        if driver is not None and not self.is_headless:
            driver.write("\x1b[?25h")
            driver.flush()

    def on_key(self, event: events.Key) -> None:
        """A key typed ahead of a question that is still opening goes to the question, in order.

        (Runs before the bindings; see ``PromptScreen.type_ahead``.)
        """
        from reader.ui.screens.prompt import PromptScreen

        screen = self.screen
        if isinstance(screen, PromptScreen) and screen.type_ahead(event):
            event.stop()
            event.prevent_default()

    # ------------------------------------------------------------ speaking

    def announce(
        self, text: str, *, priority: Priority = Priority.NOW, pinyin_form: str | None = None
    ) -> None:
        """Say ``text`` (unless in screen-reader mode) and show it in the status line.

        ``pinyin_form``: the same with tone-numbered pinyin, for a voice that reads it.
        """
        self.session.say(text, priority, pinyin_form)
        screen = self._reading_screen()
        if screen is not None and priority == Priority.NOW:
            screen.refresh_position(text)

    def announce_back(self) -> None:
        """Back on the reading screen: say so, with where the reader is."""
        self.announce(tr("back", self.lang))

    def speak(self, utterance: Utterance) -> None:
        """Speak a prepared utterance."""
        self.speech.speak(utterance)

    def article_heading(self, article: int) -> str:
        """How article ``article`` is announced: its number, the count and its title."""
        return tr(
            "article.heading",
            self.lang,
            n=article + 1,
            total=self.state.article_count,
            title=self.state.title(article),
        )

    def _library_end(self) -> str:
        return tr("library.end", self.lang)

    def _reading_screen(self):
        from reader.ui.screens.reading import ReadingScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReadingScreen):
                return screen if screen.alive else None
        return None

    # ------------------------------------------------------------ speech events

    def on_speech_progress(self, message: SpeechProgress) -> None:
        """Move the highlight with the speech; keep continuous reading going."""
        event = message.event
        screen = self._reading_screen()
        if isinstance(event, UtteranceDone):
            self.speech.finished(event.utterance_id)
            if event.fault and self.sayall.owns(event):
                # What was synthesised before the fault has been heard: read on from here.
                self.sayall.resume(self._fault_notice)
                self._fault_notice = None
            else:
                self.sayall.on_done(event)
            if screen is not None and screen.view.spoken is not None:
                screen.show_spoken(None)
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
                self._words_of = event.utterance_id
            elif name[0] == TITLE_MARK:
                state.go(name[1], 0, 0)
                self._words_of = None
            if screen is not None:
                screen.view.spoken = None
                screen.refresh_position()
            self.position_changed(state.article != before)
        elif isinstance(event, WordStarted) and screen is not None:
            # Words of paragraph text only: not of announcements, prefixes or headings.
            if event.utterance_id == self._words_of:
                screen.show_spoken((event.offset, event.offset + max(1, event.length)))

    def on_speech_notice(self, message: SpeechNotice) -> None:
        """Tell the user about the speech system: on screen always, aloud while speech works.

        During continuous reading a fault's notice is said where reading
        resumes (the interrupted sentence), so the reading position holds.
        """
        notice = message.notice
        text = notice_text(notice, self.lang)
        _log.info("speech notice %s: %s", notice.message_id, notice.detail)
        screen = self._reading_screen()
        if screen is not None:
            screen.refresh_position(text)
        if notice.message_id in SILENT_NOTICES:
            self.notify(text, severity="warning", timeout=NOTICE_SHOWN_S)
        if self.sayall.active and notice.message_id in ("engine-error", "engine-hung"):
            self._fault_notice = text  # the interrupted utterance ends once heard: see above
        elif self.sayall.active and notice.message_id in DEVICE_NOTICES:
            self.sayall.start(text)  # from the sentence that was interrupted
        else:
            self.session.say(text, Priority.NEXT)

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
        self.session.save_position()

    def open_article(self, index: int) -> None:
        """Go to the start of article ``index`` and read its heading."""
        self.sayall.stop()
        self.state.go(index)
        self.position_changed(article_changed=True)
        self.announce(self.article_heading(index))

    def go_to_bookmark(self, key: str, bookmark) -> None:
        """Go to a bookmark of document ``key`` and read its paragraph."""
        source = next((a.source for a in self.state.library if document_key(a.source) == key), None)
        if source is None:
            return
        place = self.state.locate(source, bookmark.anchor, unchanged=False)
        self.state.go(place.article, place.paragraph, place.char)
        self.position_changed(article_changed=True)
        screen = self._reading_screen()
        if screen is not None:
            self.announce(screen.where_text())

    def open_file(self, path: str) -> None:
        """Start opening a file in the background (``reader.ui.opening``); say so at once.

        The open document stays current, and every key works, until the
        file is read (``on_open_ended``). An open still running is
        superseded: its outcome is dropped.
        """
        self._drop_open()
        self.opening = BackgroundOpen(path, self.post_message)
        self.opening.start()
        self._open_cue = self.set_timer(FIRST_CUE_S, self._cue_open)
        self.announce(tr("open.started", self.lang, name=self.opening.name))

    def _cue_open(self) -> None:
        """The open is still running: show it, and say so unless reading or the last cue is on."""
        if self.opening is None:
            return
        self._open_cue = self.set_timer(CUE_EVERY_S, self._cue_open)
        text = tr("open.still", self.lang)
        waiting = self._open_said is not None and self.speech.is_current(self._open_said)
        if not (waiting or self.sayall.active or self.speech.reading()):
            self._open_said = self.session.say(text, Priority.NEXT)
        screen = self._reading_screen()
        if screen is not None:
            screen.refresh_position(text)

    def cancel_open(self) -> bool:
        """Stop waiting for the file being opened and say so; False when none is."""
        job = self.opening
        if job is None:
            return False
        self._drop_open()
        self.announce(tr("open.cancelled", self.lang, name=job.name))
        return True

    def _drop_open(self) -> None:
        """Forget the open in progress (its outcome will be dropped) and its cue."""
        if self.opening is not None:
            self.opening.cancel()
            self.opening = None
        if self._open_cue is not None:
            self._open_cue.stop()
            self._open_cue = None
        self._open_said = None

    def on_open_ended(self, message: OpenEnded) -> None:
        """The file was read (or not): apply it, unless that open was superseded or cancelled."""
        job = message.job
        if job is not self.opening:
            return
        self._drop_open()
        if message.library is None:
            self.announce(tr("open.failed", self.lang, error=message.error))
            return
        self._apply_opened(job.path, message.library)

    def _apply_opened(self, path: str, opened) -> None:
        """Add what was read to the library and go to its first article (or where it was left)."""
        self.sayall.stop()
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

    # ------------------------------------------------------------ export

    def start_export(self, choice: ExportChoice) -> None:
        """Export the current article or the whole library in the background (see ``exporting``)."""
        from reader.export import document_title

        state = self.state
        if choice.scope == "article":
            articles, title = [state.current_article], state.title()
        else:
            articles = list(state.library)
            title = state.show(document_title(articles)) or tr("export.library_name", self.lang)
        self.export = BackgroundExport(
            self,
            articles,
            title,
            choice,
            variant=state.variant,
            voice=self.session.chosen_voice(state.variant) or None,
            rate=rate_wpm(self.settings.rate),
        )
        self._export_said = None
        self.export.start()

    def cancel_export(self) -> bool:
        """Stop the export in progress (its end is announced); False when there is none."""
        if self.export is None or self.export.cancelled.is_set():
            return False
        self.export.cancel()
        return True

    def on_export_started(self, message: ExportStarted) -> None:
        """Say what the export writes."""
        if self.export is not None:
            self._export_report(self.export.started_text(message.files, self.lang))
            self._export_said = None  # progress may queue behind the start, not pile up

    def on_export_progressed(self, message: ExportProgressed) -> None:
        """Show the progress; say it now and then (``BackgroundExport.progress_text``)."""
        if self.export is None or self.export.cancelled.is_set():
            return
        waiting = self._export_said is not None and self.speech.is_current(self._export_said)
        text, due = self.export.progress_text(message.progress, self.lang, waiting=waiting)
        self._export_report(text, speak=due)

    def on_export_ended(self, message: ExportEnded) -> None:
        """Say how the export ended (the file name, the files kept, or the error)."""
        if self.export is None:
            return
        text = self.export.end_text(message, self.lang)
        # A cancel the user asked for answers that key: at once.
        asked = message.outcome == "cancelled" and self.export.cancelled.is_set()
        self.export = None
        self._export_report(text, priority=Priority.NOW if asked else Priority.NEXT)

    def _export_report(
        self, text: str, *, speak: bool = True, priority: Priority = Priority.NEXT
    ) -> None:
        """Show ``text`` in the status line; speak it (NEXT: after what is being heard)."""
        if speak:
            self._export_said = self.session.say(text, priority)
        screen = self._reading_screen()
        if screen is not None:
            screen.refresh_position(text)

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
            self.speech.set_voice(self.session.voice_for(self.state.variant))
            if name == "variant":
                self.warm_next_variant()
        elif name in ("large_text", "zoom", "large_style", "large_plain", "line_spacing"):
            screen = self._reading_screen()
            if screen is not None:
                screen.apply_display_settings()
        self.settings_store.save(settings)

    # ------------------------------------------------------------ quitting

    async def action_quit(self) -> None:
        """Save the position and settings, stop speech and any export (no partial file), exit."""
        self._quit(0)

    def _quit(self, return_code: int) -> None:
        """Everything a quit does, in the order that keeps the most if it is cut short."""
        self._quitting = True
        self.save_position()
        self._drop_open()
        self.cancel_export()
        self.speech.close()
        self.exit(return_code=return_code)
        self._bound_the_exit(return_code)

    def _catch_signals(self) -> None:
        """Quit as ``q`` does on SIGTERM, SIGHUP (terminal closed) and SIGINT from outside.

        Python's defaults would end the process on the spot: the position
        moved in the last seconds lost, the terminal left in raw mode.
        Handlers go on the event loop, so they run between messages.
        """
        loop = asyncio.get_running_loop()
        for signum in QUIT_SIGNALS:
            try:
                loop.add_signal_handler(signum, self._on_quit_signal, signum)
            except (NotImplementedError, RuntimeError, ValueError):  # Windows; not the main thread
                return
            self._signals.append(signum)

    def _on_quit_signal(self, signum: int) -> None:
        """Save at once (the terminal may already be gone), then quit; a second signal ends at once."""
        if self._quitting:
            _log.warning("signal %d again while quitting: ending now", signum)
            self._release_signals()
            signal.raise_signal(signum)
            return
        _log.info("signal %d: saving the position and quitting", signum)
        self._quit(128 + signum)

    def _release_signals(self) -> None:
        """Give the signals back to their default handling."""
        loop = asyncio.get_running_loop()
        for signum in self._signals:
            loop.remove_signal_handler(signum)
        self._signals.clear()

    def on_unmount(self) -> None:
        """However the app ends: save the position, stop speech and any export, close the log."""
        self.save_position()
        self._drop_open()
        self.cancel_export()
        self.speech.close()
        self._release_signals()
        self._bound_the_exit(self.return_code or 0)

    def _bound_the_exit(self, return_code: int) -> None:
        """End the process if Textual's shutdown does not finish within a grace period.

        When the terminal was closed, Textual's output thread dies on the
        first write (EIO) and its shutdown then waits forever on the
        thread's full queue (the deadlock of textual#6692): the reader
        would linger with no terminal. Position, speech and export are
        dealt with before this is armed.
        """
        if self.is_headless or self._exit_timer is not None:
            return
        grace = EXIT_GRACE_S if _terminal_present() else EXIT_GRACE_NO_TERMINAL_S
        self._exit_timer = threading.Timer(grace, _end_process, args=(return_code, grace))
        self._exit_timer.daemon = True
        self._exit_timer.start()


def _terminal_present() -> bool:
    """Whether the terminal is still there (after a hang-up it is no longer a tty)."""
    try:
        return os.isatty(sys.__stdin__.fileno())
    except (AttributeError, OSError, ValueError):
        return False


def _end_process(code: int, grace: float) -> None:
    """The app did not finish exiting: flush the log and end the process with ``code``."""
    _log.warning("the app did not finish exiting within %.1f s: ending the process", grace)
    logging.shutdown()
    os._exit(code)


def _warm_converters(scripts: set[str], variant: str) -> None:
    """Create the OpenCC converters from ``scripts`` to ``variant``."""
    from reader.chinese.script import convert

    for source in scripts:
        convert("汉字", source, variant)
