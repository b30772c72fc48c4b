"""The speech bridge: what the app says, how it is logged, and progress back to the UI.

``SpeechBridge`` owns the speech manager (``voices.manager``), turns what
the app wants said into utterances (``reader.speech_text`` for the voice
in use, offsets mapped to the displayed text, an index mark at every
sentence start), writes every utterance to the speech log (JSON lines:
time, priority, the text as shown, the text given to the voice, voice id)
and hands the manager's events to the app, which posts them as Textual
messages. It does not import Textual,
so the welcome can be spoken before the UI is built. Navigation feedback is
spoken with priority NOW, which cancels whatever is playing, so
announcements never pile up.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable
from pathlib import Path

from reader.errors import ReaderError
from reader.speech_text import VoiceText
from reader.ui.i18n import tr
from voices.commands import Break, IndexMark, Priority, TextChunk, Utterance
from voices.events import EngineNotice, SpeechEvent, UtteranceStarted

_log = logging.getLogger(__name__)

VIEWER_ENTRIES = 500
LOG_MAX_BYTES = 16_000_000  # 红楼梦 read through logs 5.6 MB
SENTENCE_MARK = "s"
TITLE_MARK = "t"
TITLE_PAUSE_MS = 350

# EngineNotice id → UI string (others: "engine.notice" with the detail).
NOTICE_STRINGS = {
    "no-engine": "engine.missing",
    "engine-failed": "engine.missing",
    "no-sound-device": "engine.no_sound",
    "engine-error": "engine.error",
    "engine-hung": "engine.hung",
    "voice-missing": "engine.voice_missing",
    "sound-device-restarted": "engine.device_restarted",
    "sound-device-lost": "engine.device_lost",
}
# Notices after which nothing more is heard: they must stay visible.
SILENT_NOTICES = {"no-engine", "engine-failed", "no-sound-device", "sound-device-lost"}
# Notices of a sound device replaced mid-speech: reading resumes at the interrupted sentence.
DEVICE_NOTICES = {"sound-device-restarted", "sound-device-lost"}


def notice_text(notice: EngineNotice, lang: str) -> str:
    """What the user hears and reads for a notice from the speech system."""
    key = NOTICE_STRINGS.get(notice.message_id)
    if key is not None:
        return tr(key, lang)
    return tr("engine.notice", lang, detail=notice.detail or notice.message_id)


class SpeechLog:
    """Everything given to the voice: JSON lines in a file and the last entries in memory.

    Both are bounded, however long the reading goes on: memory keeps the
    last ``VIEWER_ENTRIES``; a file that grows past ``LOG_MAX_BYTES`` is
    renamed ``FILE.1`` (replacing an older one) and a new ``FILE`` begun.
    """

    def __init__(self, path: str | None = None) -> None:
        self.entries: deque[dict] = deque(maxlen=VIEWER_ENTRIES)
        self._lock = threading.Lock()
        self._path = Path(path).expanduser() if path else None
        self._file = None
        self._size = 0
        self._rotating = False  # only a regular file is rotated (not a pipe or a device)
        if self._path is not None:
            self._open()

    def _open(self) -> None:
        try:
            self._file = self._path.open("ab")
        except OSError as exc:
            self._file = None
            _log.warning("cannot open speech log %s: %s", self._path, exc)
            return
        info = os.fstat(self._file.fileno())
        self._rotating = stat.S_ISREG(info.st_mode)
        self._size = info.st_size

    def write(self, entry: dict) -> None:
        """Record one entry (thread-safe)."""
        with self._lock:
            if entry.get("kind") != "event":
                self.entries.append(entry)
            if self._file is None:
                return
            line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
            if self._rotating and 0 < self._size and self._size + len(line) > LOG_MAX_BYTES:
                self._rotate()
                if self._file is None:
                    return
            self._file.write(line)
            self._file.flush()
            self._size += len(line)

    def _rotate(self) -> None:
        """Keep the full file as ``FILE.1`` and go on in an empty ``FILE`` (caller holds the lock)."""
        try:
            os.replace(self._path, self._path.with_name(self._path.name + ".1"))
        except OSError as exc:
            _log.warning("cannot rotate speech log %s: %s; writing on", self._path, exc)
            self._rotating = False
            return
        self._file.close()
        self._open()

    def close(self) -> None:
        """Close the log file."""
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


def _now() -> dict:
    t = time.time()
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(t)) + f".{int(t % 1 * 1000):03d}"
    return {"time": stamp, "t": round(t, 4)}


class SpeechBridge:
    """Speaks for the app through the speech manager, logs it, and reports progress.

    What the manager reports (speech events, notices) and every log entry
    go to the function given to :meth:`attach` (the app posts them as
    messages, which is thread-safe); events that come before the app
    attaches are kept and handed over then. With ``enabled`` False
    (screen-reader mode) nothing is spoken or logged.
    """

    def __init__(self, log: SpeechLog, *, enabled: bool = True, audio: str = "auto") -> None:
        self._deliver: Callable[[object], None] | None = None
        self._early: list[object] = []
        self._deliver_lock = threading.Lock()
        self.log = log
        self.enabled = enabled
        self.audio = audio
        self.manager = None
        self.voice_id = ""
        self.punctuation = "some"
        self._engine_voice = ""
        self._current: dict[int, Hashable] = {}  # utterance id → tag, until done or cancelled

    # ------------------------------------------------------------ lifecycle

    def start(self, voice: str, rate_wpm: int, pitch: int, volume: int) -> bool:
        """Start the speech manager; False (and a notice) when it cannot start.

        An empty ``voice`` means the engine's default (Mandarin) until
        :meth:`set_voice` is called.
        """
        if not self.enabled:
            return False
        from voices.audio import AudioUnavailable
        from voices.manager import SpeechManager

        try:
            self.manager = SpeechManager(
                self._on_event,
                audio=self.audio,
                voice=voice or None,
                rate=rate_wpm,
                pitch=pitch,
                volume=volume,
            )
        except AudioUnavailable as exc:  # only with --audio device
            raise ReaderError(f"{exc}; use --audio auto (silent when there is none)") from exc
        except Exception as exc:  # a broken engine must not stop the reader: read on silently
            _log.exception("speech manager failed to start")
            self._notice(EngineNotice("engine-failed", str(exc)))
            return False
        self.voice_id = voice
        # Read once, while the speech thread is idle: the voice used when none is set.
        self._engine_voice = self.manager.voice if self.manager.engine_name else ""
        return True

    def close(self) -> None:
        """Stop speaking and shut the manager down."""
        if self.manager is not None:
            try:
                self.manager.close()
            finally:
                self.manager = None
        self.log.close()

    # ------------------------------------------------------------ speaking

    def say(
        self,
        shown: str,
        priority: Priority = Priority.NOW,
        *,
        pinyin_form: str | None = None,
        script: str = "zh-Hans",
        tag: Hashable = None,
    ) -> int | None:
        """Speak an announcement (in variant ``script``).

        ``pinyin_form`` is its wording with tone-numbered pinyin, given
        instead to a voice that reads pinyin (``reader.speech_text``).
        """
        if not shown:
            return None
        chunk = self.voice_text().announcement(shown, script, pinyin_form)
        return self.speak(Utterance((chunk,), priority, tag, shown))

    def speak(self, utterance: Utterance) -> int | None:
        """Log and speak ``utterance``; returns the manager's id (None when not spoken)."""
        if not self.enabled:
            return None
        spoken = "".join(i.text for i in utterance.items if isinstance(i, TextChunk))
        entry = {
            **_now(),
            "priority": utterance.priority.name.lower(),
            "shown": utterance.log_text or spoken,
            "spoken": spoken,
            "voice": self.voice_id or self._engine_voice,
        }
        utterance_id = None
        if utterance.priority == Priority.NOW:
            self._current.clear()
        if self.manager is not None:
            try:
                utterance_id = self.manager.speak(utterance)
                self._current[utterance_id] = utterance.tag
            except Exception:
                _log.exception("speech manager failed to speak")
        entry["id"] = utterance_id
        self.log.write(entry)
        if self._deliver is not None:  # the viewer shows earlier entries from the log
            self._deliver(entry)
        return utterance_id

    def paragraph_items(
        self, text: str, spans: list[tuple[int, int]], start_char: int, mark: tuple, script: str
    ) -> list:
        """Chunks of a paragraph from the sentence containing ``start_char``.

        Each sentence gets ``IndexMark((SENTENCE_MARK, *mark, sentence))``
        and a chunk whose offsets point into the displayed ``text``.
        """
        items: list = []
        for index, (start, end) in enumerate(spans):
            if end <= start_char:
                continue
            items.append(IndexMark((SENTENCE_MARK, *mark, index)))
            items.append(self.chunk(text[start:end], start, script))
        return items

    def heading_items(self, heading: str, article: int, script: str) -> list:
        """An article's spoken heading, marked so the view can follow it."""
        return [
            IndexMark((TITLE_MARK, article)),
            self.chunk(heading, 0, script),
            Break(TITLE_PAUSE_MS),
        ]

    def chunk(self, shown: str, start: int, script: str) -> TextChunk:
        """Speakable text for ``shown`` (displayed at offset ``start``), offsets mapped back."""
        return self.voice_text().chunk(shown, script, start)

    def voice_text(self) -> VoiceText:
        """How text is given to the voice now speaking (its id, the punctuation level)."""
        return VoiceText(self.voice_id or self._engine_voice, self.punctuation)

    def cancel(self) -> None:
        """Stop speaking now and drop everything queued."""
        self._current.clear()
        if self.manager is not None:
            self.manager.cancel()

    def is_current(self, utterance_id: int) -> bool:
        """False for an utterance that was cancelled or interrupted since it was spoken.

        Its events may still be waiting in the app's message queue; they
        must not move the highlight back.
        """
        return utterance_id in self._current

    @property
    def outstanding(self) -> int:
        """Utterances spoken and not yet done or cancelled (what ``is_current`` remembers)."""
        return len(self._current)

    @property
    def backlog(self) -> int:
        """Unfinished utterances in the speech manager (0 without one)."""
        manager = self.manager
        return manager.backlog if manager is not None else 0

    def finished(self, utterance_id: int) -> None:
        """Forget an utterance once its ``UtteranceDone`` was handled."""
        self._current.pop(utterance_id, None)

    def reading(self) -> bool:
        """True while text is being read (tagged utterances), not merely an announcement."""
        return any(tag is not None for tag in self._current.values())

    # ------------------------------------------------------------ voice settings

    def set_voice(self, voice_id: str) -> None:
        """Speak with ``voice_id`` ("": the engine's default) from now on (any thread)."""
        if self.manager is not None:
            self.manager.set_voice(voice_id)
            self.voice_id = voice_id

    def set_rate(self, wpm: int) -> None:
        """Speak at ``wpm`` words per minute from now on."""
        if self.manager is not None:
            self.manager.set_rate(wpm)

    def set_pitch(self, pitch: int) -> None:
        """Pitch 0–100 from now on."""
        if self.manager is not None:
            self.manager.set_pitch(pitch)

    def set_volume(self, volume: int) -> None:
        """Volume 0–100 from now on."""
        if self.manager is not None:
            self.manager.set_volume(volume)

    # ------------------------------------------------------------ events (speech thread)

    def attach(self, deliver: Callable[[object], None]) -> None:
        """Send events, notices and log entries to ``deliver`` from now on (any thread)."""
        with self._deliver_lock:
            self._deliver = deliver
            early, self._early = self._early, []
        for item in early:
            deliver(item)

    def _on_event(self, event: SpeechEvent | EngineNotice) -> None:
        if isinstance(event, UtteranceStarted):
            self.log.write(
                {**_now(), "kind": "event", "event": "started", "id": event.utterance_id}
            )
        self._notice(event)

    def _notice(self, item: SpeechEvent | EngineNotice) -> None:
        with self._deliver_lock:
            deliver = self._deliver
            if deliver is None:
                self._early.append(item)
                return
        deliver(item)
