"""Key storms: thousands of random key presses into the real app while it speaks, and the checks after.

Shared by ``tests/ui/test_key_storm.py`` and ``benchmarks/keystorm.py``.
Keys are posted to the app in bursts, as a terminal delivers them when a
key is held down or typed faster than the app answers (``Pilot.press``
waits for the process to go idle after every key, which never happens
while espeak-ng is synthesising, so it would take ~0.1 s a key and let
each key finish before the next). Between bursts the storm waits for the
screen to take what it was given. A sampler thread reads the speech
backlog every few milliseconds throughout.

Every check returns a list of failures (empty when all is well), so the
benchmark can count them and the tests can show them.
"""

from __future__ import annotations

import json
import logging
import string
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from reader.bigtext.widget import BigText
from reader.state import PositionStore, SettingsStore
from reader.ui.app import ReaderApp
from reader.ui.keys import READING_KEYS
from reader.ui.screens.dialog import Dialog
from reader.ui.screens.export import ExportScreen
from reader.ui.screens.prompt import PromptScreen
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.article_view import ArticleView
from tests.ui.conftest import screen_text


def _quit_keys() -> frozenset[str]:
    """Every key bound to quitting, in the reading keys and the app's own bindings."""
    keys = {
        k.strip() for spec in READING_KEYS if spec.action == "quit" for k in spec.key.split(",")
    }
    keys |= {b.key for b in ReaderApp.BINDINGS if getattr(b, "action", "") == "quit"}
    return frozenset(keys)


QUIT_KEYS = _quit_keys()
BURST_MAX = 20
# The most unfinished utterances a correct app has: a NOW answer cancels all
# queued speech; continuous reading keeps 3 paragraphs ahead plus its end
# notice; an export report or a speech notice (NEXT) may wait behind them.
MAX_BACKLOG = 6
QUIET_EVERY = 25  # bursts between quiet checks
QUIET_S = 0.15
SAMPLE_INTERVAL_S = 0.002


def storm_keys() -> tuple[str, ...]:
    """Every key a storm presses: the whole key table and what a keyboard has besides, but quit."""
    keys = [spec.key for spec in READING_KEYS]
    keys += list(string.ascii_letters) + list(string.digits)
    keys += [f"f{n}" for n in range(1, 13)]
    keys += [f"ctrl+{c}" for c in string.ascii_lowercase]
    keys += ["ctrl+right", "ctrl+left", "ctrl+up", "ctrl+down", "shift+up", "shift+down"]
    keys += ["tab", "shift+tab", "escape", "enter", "space", "backspace", "delete", "insert"]
    keys += ["up", "down", "left", "right", "home", "end", "pageup", "pagedown"]
    keys += ["full_stop", "comma", "plus", "minus", "percent_sign", "question_mark"]
    return tuple(sorted(set(keys) - QUIT_KEYS))


def key_event(key: str) -> events.Key:
    """The Key event a terminal would send for ``key`` (as ``Pilot.press`` builds it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


class BacklogSampler:
    """Samples the speech backlog on its own thread while the storm runs.

    ``backlog`` is the speech manager's unfinished utterances (queued,
    synthesising, playing), ``outstanding`` those the app still tracks.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.max_backlog = 0
        self.max_outstanding = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="backlog-sampler", daemon=True)

    def __enter__(self) -> BacklogSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(2)

    def _run(self) -> None:
        speech = self.app.speech
        while not self._stop.wait(SAMPLE_INTERVAL_S):
            self.max_backlog = max(self.max_backlog, speech.backlog)
            self.max_outstanding = max(self.max_outstanding, speech.outstanding)
            self.samples += 1


class ErrorLog(logging.Handler):
    """Collects ERROR records (logged exceptions) of the reader and the speech system."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> ErrorLog:
        for name in ("reader", "voices"):
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc_info) -> None:
        for name in ("reader", "voices"):
            logging.getLogger(name).removeHandler(self)

    def messages(self) -> list[str]:
        """One line per record."""
        return [f"{r.name}: {r.getMessage()}" for r in self.records]


@dataclass
class StormReport:
    """What a storm did."""

    keys: int = 0
    seconds: float = 0.0
    max_backlog: int = 0
    max_outstanding: int = 0
    samples: int = 0
    dialogs_opened: int = 0
    quiet_checks: int = 0
    failures: list[str] = field(default_factory=list)

    def merge(self, later: StormReport) -> None:
        """Add a later storm on the same app to this one."""
        self.keys += later.keys
        self.seconds += later.seconds
        self.max_backlog = max(self.max_backlog, later.max_backlog)
        self.max_outstanding = max(self.max_outstanding, later.max_outstanding)
        self.samples += later.samples
        self.dialogs_opened += later.dialogs_opened
        self.quiet_checks += later.quiet_checks
        self.failures += later.failures


def app_failed(app) -> bool:
    """True once the app has stopped or caught an exception."""
    return app._exception is not None or app.return_code is not None  # noqa: SLF001


async def storm(app, pilot, rng, count: int, *, burst_max: int = BURST_MAX) -> StormReport:
    """Press ``count`` random keys (in bursts of 1–``burst_max``) while sampling the backlog."""
    keys = storm_keys()
    report = StormReport()
    seen_dialogs: set[int] = set()
    bursts = 0
    start = time.perf_counter()
    with BacklogSampler(app) as sampler:
        while report.keys < count and not app_failed(app):
            burst = [rng.choice(keys) for _ in range(rng.randint(1, burst_max))]
            for key in burst:
                app.post_message(key_event(key))
            report.keys += len(burst)
            await pilot.pause(0)
            seen_dialogs.update(id(s) for s in app.screen_stack if isinstance(s, Dialog))
            report.failures += stack_problems(app)
            bursts += 1
            if bursts % QUIET_EVERY == 0:
                report.failures += await quiet_problems(app, pilot)
                report.quiet_checks += 1
    report.seconds = time.perf_counter() - start
    report.max_backlog = sampler.max_backlog
    report.max_outstanding = sampler.max_outstanding
    report.samples = sampler.samples
    report.dialogs_opened = len(seen_dialogs)
    if app_failed(app):
        report.failures.append(f"app stopped: {app._exception!r}")  # noqa: SLF001
    return report


async def quiet_problems(app, pilot) -> list[str]:
    """A pause in the storm: let everything queued settle; then, with no key pressed, the reading
    position may move to another paragraph only by continuous reading (a late speech event of
    an interrupted utterance must not move it), and the screen shows where it is."""
    await pilot.pause()
    state = app.state
    before = (state.article, state.paragraph)
    reading = app.sayall.active
    await pilot.pause(QUIET_S)
    problems = []
    if not reading and not app.sayall.active and (state.article, state.paragraph) != before:
        problems.append(f"moved by itself from {before} to {(state.article, state.paragraph)}")
    if isinstance(app.screen, ReadingScreen):
        await pilot.pause()
        problems += screen_problems(app)
    return problems


def stack_problems(app) -> list[str]:
    """The screen stack: the reading screen once, under at most a dialog (export: and its prompt)."""
    stack = app.screen_stack
    names = [type(s).__name__ for s in stack]
    readers = [i for i, s in enumerate(stack) if isinstance(s, ReadingScreen)]
    dialogs = stack[2:]
    nested_ok = len(dialogs) <= 1 or (
        len(dialogs) == 2
        and isinstance(dialogs[0], ExportScreen)
        and isinstance(dialogs[1], PromptScreen)
    )
    if readers != [1] or not all(isinstance(s, Dialog) for s in dialogs) or not nested_ok:
        return [f"screen stack {names}"]
    return []


async def back_to_reading(app, pilot) -> int:
    """Close the open dialogs with Esc, as a user would; returns how many were closed.

    The keys still queued take effect first.
    """
    for _ in range(3):  # a key can pass through three queues: the app's, a widget's, a screen's
        await pilot.pause()
    closed = 0
    while not isinstance(app.screen, ReadingScreen) and closed < 4:
        await pilot.press("escape")
        await pilot.pause()
        closed += 1
    return closed


def position_problems(app) -> list[str]:
    """The reading position points into the document."""
    state = app.state
    problems = []
    if not 0 <= state.article < state.article_count:
        return [f"article {state.article} of {state.article_count}"]
    if not 0 <= state.paragraph < state.paragraph_count:
        return [f"paragraph {state.paragraph} of {state.paragraph_count}"]
    text = state.text()
    if not (0 <= state.char < len(text) or state.char == 0 == len(text)):
        problems.append(f"char {state.char} of {len(text)}")
    return problems


def screen_problems(app) -> list[str]:
    """The screen shows the paragraph the state is at (normal or large text)."""
    state = app.state
    screen = app.screen
    if not isinstance(screen, ReadingScreen):
        return [f"not on the reading screen: {type(screen).__name__}"]
    text = state.text()
    if app.settings.large_text:
        big = screen.query_one(BigText)
        if app.settings.large_plain:
            start, end = state.sentence_span()
            expected = text[start:end]
        else:
            expected = text
        if big.text != expected:
            return [f"large text shows {big.text[:20]!r}, state is at {expected[:20]!r}"]
        if text.strip() and not any(row.strip() for row in big.rendered_rows()):
            return ["large text is blank"]
        return []
    view = screen.query_one(ArticleView)
    line = view._lines[view.line_of_position()]  # noqa: SLF001
    piece = text[line.start : line.end].strip()
    rows = [row.strip(" ▊▎") for row in screen_text(app).splitlines()]  # the view's border
    marked = [row for row in rows if row.startswith(("▶", "┃"))]
    if not marked:
        return ["no paragraph marker on screen"]
    if piece and not any(piece in row for row in marked):
        return [f"the marked lines {marked[:2]} do not show {piece!r}"]
    return []


def settings_problems(app) -> list[str]:
    """Settings within their limits, and the same as saved on disk."""
    settings = app.settings
    problems = []
    before = dict(vars(settings))
    if dict(vars(settings.clamped())) != before:
        problems.append("settings out of range")
    store = SettingsStore(app.settings_store.path)
    saved = store.load()
    if store.notices:
        problems.append(f"settings file: {store.notices}")
    elif saved != settings:
        problems.append("saved settings differ from the settings in use")
    return problems


def saved_position_problems(app) -> list[str]:
    """Save the position; the positions file parses and holds where the reader is."""
    app.save_position()
    key, anchor = app.state.anchor()
    if key is None:
        return []
    store = PositionStore()
    try:
        json.loads(store.path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"positions file: {exc}"]
    store.load()
    saved = store.get(key)
    if store.notices or saved is None:
        return [f"positions file: {store.notices or 'no entry for ' + key}"]
    if (saved.anchor.article, saved.anchor.paragraph) != (anchor.article, anchor.paragraph):
        return [f"saved position {saved.anchor} is not {anchor}"]
    return []


def final_state_problems(app) -> list[str]:
    """Every check of the state after a storm (the app must be back on the reading screen)."""
    return (
        stack_problems(app)
        + position_problems(app)
        + screen_problems(app)
        + settings_problems(app)
        + saved_position_problems(app)
    )


def expected_reading(app) -> str:
    """What Enter (read on) must say first: the current paragraph from its sentence."""
    state = app.state
    text = state.text()
    start, _end = state.sentence_span()
    if state.paragraph == 0 and start == 0:
        return app.article_heading(state.article) + "\n" + text
    return text[start:]


async def read_key_problems(app, pilot, speech_log: Path, timeout: float = 30.0) -> list[str]:
    """Press Enter: the next utterance is the current paragraph, and it is the next one heard."""
    place = (app.state.article, app.state.paragraph)
    expected = expected_reading(app)
    before = len(_all_entries(speech_log))
    await pilot.press("enter")
    entries = _all_entries(speech_log)[before:]
    spoken = [e for e in entries if e.get("kind") != "event"]
    if not spoken:
        return ["Enter said nothing"]
    first = spoken[0]
    problems = []
    if first["shown"] != expected:
        problems.append(f"Enter said {first['shown'][:30]!r}, not {expected[:30]!r}")
    if first["id"] is None:
        return problems + ["Enter's utterance was not given to the speech manager"]
    deadline = time.monotonic() + timeout
    started: list[int] = []
    while time.monotonic() < deadline and not started:
        await pilot.pause(0.05)
        started = [
            e["id"] for e in _all_entries(speech_log)[before:] if e.get("event") == "started"
        ]
    if not started:
        problems.append("Enter's paragraph never started playing")
    elif started[0] != first["id"]:
        problems.append(f"utterance {started[0]} played before Enter's {first['id']}")
    if (app.state.article, app.state.paragraph) != place:
        problems.append(f"reading moved from {place} when it started")
    return problems


def _all_entries(path: Path) -> list[dict]:
    """Utterances and events of the speech log, in order."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except ValueError:
            break  # a line being written
    return out
