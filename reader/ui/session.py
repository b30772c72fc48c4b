"""The reading session: everything the app needs that is not drawn, ready before Textual starts.

``run_app`` (called by ``reader.cli``) loads the library and the user's
settings, starts the speech manager and speaks the welcome *before*
importing Textual, so the first words are heard while the screen is still
being built; the app then attaches to the same session. Tests build the
session through ``reader.ui.app.create_app`` and the app begins it on mount.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass, field
from pathlib import Path

from reader.errors import ReaderError
from reader.state import BookmarkStore, PositionStore, SettingsStore, StateNotice
from reader.ui.i18n import tr
from reader.ui.reading import ReadingState
from reader.ui.speech import SpeechBridge, SpeechLog
from voices.commands import Priority

_log = logging.getLogger(__name__)

CANTONESE_VARIANT = "zh-HK"
_STATE_FILE_NAMES = {
    "settings.json": "state.settings",
    "positions.json": "state.positions",
    "bookmarks.json": "state.bookmarks",
}


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
    """A ``--rate`` value as the 1–10 scale: values above 10 are words per minute.

    Raises ReaderError for a rate that is not positive, as ``reader speak`` does.
    """
    from voices.catalog import SCALE_MAX, parse_rate, scale_from_rate

    try:
        wpm = parse_rate(value)
    except ValueError as exc:
        raise ReaderError(f"--rate: {exc}") from exc
    return value if value <= SCALE_MAX else float(scale_from_rate(wpm))


def rate_wpm(scale: float) -> int:
    """The 1–10 scale as words per minute for the speech manager."""
    from voices.catalog import rate_from_scale

    return rate_from_scale(scale)


class Session:
    """The library, the reading position, settings, saved state and speech of one run."""

    def __init__(self, options: AppOptions) -> None:
        from reader.cli import open_library

        self.options = options
        library = open_library(options.files)
        self.bundled = not options.files
        self.settings_store = SettingsStore(Path(options.config) if options.config else None)
        settings = self.settings_store.load()
        if options.ui_lang:
            settings.ui_lang = options.ui_lang
        if options.rate is not None:
            settings.rate = rate_scale(options.rate)
        if options.variant:
            settings.variant = options.variant
        self.settings = settings.clamped()
        # Command-line values are for this run: only what the user changes in the app is saved.
        self.settings_store.mark_saved(self.settings)
        self.state = ReadingState(library, settings.variant or _default_variant(library))
        self.positions = PositionStore()
        self.bookmarks = BookmarkStore()
        self.speech = SpeechBridge(
            SpeechLog(options.speech_log),
            enabled=not options.screen_reader,
            audio=options.audio,
        )
        self.speech.punctuation = settings.punctuation
        self.begun = False

    @property
    def lang(self) -> str:
        """The UI language."""
        return self.settings.ui_lang

    def begin(self) -> None:
        """Start speech and say the welcome, where reading resumes and any state problem (once)."""
        if self.begun:
            return
        self.begun = True
        settings = self.settings
        self.speech.start(
            self.chosen_voice(self.state.variant),
            rate_wpm(settings.rate),
            settings.pitch,
            settings.volume,
        )
        self.say(self.welcome_text())
        self.positions.load()
        self.bookmarks.load()
        resumed = self.state.restore(self.positions)
        self.say(self.resume_text(resumed), Priority.NEXT)
        for notice in self.notices():
            self.say(self.notice_text(notice), Priority.NEXT)

    def save_position(self) -> None:
        """Write the current position of the current document (nothing if it did not move)."""
        key = self.state.remember(self.positions)
        if key is not None:
            self.positions.save([key])

    def say(
        self, text: str, priority: Priority = Priority.NOW, pinyin_form: str | None = None
    ) -> int | None:
        """Speak an announcement in the current variant's voice; its utterance id, if spoken.

        ``pinyin_form``: see ``SpeechBridge.say``.
        """
        return self.speech.say(text, priority, pinyin_form=pinyin_form, script=self.state.variant)

    def welcome_text(self) -> str:
        """What is open and how to get help."""
        sources = self.state.library.sources
        if self.bundled:
            what = tr("welcome.bundled", self.lang)
        elif len(sources) == 1:
            what = Path(sources[0]).name if sources[0] != "-" else "-"
        else:
            what = tr("welcome.files", self.lang, count=len(sources))
        return tr("welcome", self.lang, what=what, count=len(self.state.library))

    def resume_text(self, resumed: bool) -> str:
        """Where reading resumes (or starts)."""
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

    def notices(self) -> list[StateNotice]:
        """Problems found in the state files."""
        return self.settings_store.notices + self.positions.notices + self.bookmarks.notices

    def notice_text(self, notice: StateNotice) -> str:
        """A state problem, as said to the user."""
        what = _STATE_FILE_NAMES.get(Path(notice.path).name, "state.settings")
        message = "state.unreadable" if notice.kind == "unreadable" else "state.corrupt"
        return tr(message, self.lang, what=tr(what, self.lang))

    def chosen_voice(self, variant: str) -> str:
        """The voice the user chose for ``variant`` ("" if none)."""
        return self.options.voice or self.settings.voices.get(variant, "")

    def voice_for(self, variant: str) -> str:
        """The voice to read ``variant`` with: the user's choice, else its default.

        "" stands for the engine's default voice, which is Mandarin and right
        for 简体, 繁體 and 臺灣正體; only 香港繁體 (Cantonese) needs the
        catalog, whose first listing costs ~0.1 s and memory, so it is asked
        only then.
        """
        chosen = self.chosen_voice(variant)
        if chosen or variant != CANTONESE_VARIANT:
            return chosen
        from voices.catalog import default_voice

        found = default_voice(variant)
        return found.id if found is not None else ""


def _default_variant(library) -> str:
    """The variant to show when the user has not chosen one: the first article's script."""
    from reader.chinese.script import script_family

    return script_family(library[0].script if len(library) else "zh-Hans")


def run_app(args: argparse.Namespace) -> int:
    """Run the reading app for the parsed command line; returns the exit code.

    The welcome is spoken before Textual is imported, so it is heard while
    the screen is being built.
    """
    from reader.logs import setup_logging

    setup_logging()
    session = Session(AppOptions.from_args(args))
    if "-" in session.options.files:
        _keyboard_from_terminal()
    session.begin()
    from reader.ui.app import ReaderApp

    app = ReaderApp(session)
    try:
        app.run()
    finally:
        try:  # already saved on every way out the app sees; this is the net under it
            session.save_position()
        except Exception:
            _log.exception("could not save the position on the way out")
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
