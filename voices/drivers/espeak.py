"""libespeak-ng (from the espeakng-loader wheel, espeak-ng 1.52) → PCM and word timings, via ctypes.

The library is driven in **synchronous** mode: ``espeak_Synth`` blocks on
the calling thread and calls our callback for every buffer (200 ms of
audio, produced in under a millisecond); the callback streams the
PCM on, notes word events, and returns 1 to abort at once when asked.

Facts this relies on (measured with the wheel's 1.52): ``text_position``
is a 1-based character index into the text given; ``audio_position`` is
milliseconds from the start of that ``espeak_Synth`` call; CJK word events
have length 1 and come once per dictionary word (so a word's length is
the distance to the next event); numbers repeat a position (the first is
kept). Debian's 1.51 misreads Chinese with ``cmn``: only the wheel is used.

Initialisation uses ``espeak_ng_Initialize``, the call behind
``espeak_Initialize``: like ``espeak_Initialize`` with
``espeakINITIALIZE_DONT_EXIT`` it returns an error instead of calling
``exit(1)`` on a missing data path, and unlike it, it does not print the
error to the terminal. The library is global state, so one lock per
loaded library guards every call into it; a driver may be created on any
thread but each driver is used on one.

A synthesis stuck inside the library (it never returns, holding the lock
and the library's global state) cannot be interrupted, and libespeak-ng
cannot be initialised a second time in the same copy. So a driver whose
call is stuck is *abandoned* (``EspeakDriver.abandon``) and the next driver
loads a private copy of the shared library file: the dynamic loader maps a
file at another path as a separate library with its own global state
(measured: parameters set in one copy are not seen by the other). An
abandoned copy is used again once its stuck call returns; at most
``MAX_LIBRARIES`` copies are ever loaded.
"""

from __future__ import annotations

import atexit
import ctypes
import logging
import os
import shutil
import tempfile
import threading

from voices.audio import SAMPLE_RATE
from voices.drivers import (
    AbortCheck,
    AudioCallback,
    EngineUnavailable,
    VoiceInfo,
    VoiceSettings,
    VoiceUnavailable,
    WordCallback,
)

_log = logging.getLogger(__name__)

ENGINE = "espeak"
RATE_MIN = 80
RATE_MAX = 450

# speak_lib.h / espeak_ng.h
_OUTPUT_MODE_SYNCHRONOUS = 0x0001
_BUFFER_MS = 200  # audio per callback; synthesised in well under 1 ms
_POS_CHARACTER = 1
_CHARS_UTF8 = 0x0001
_ENDPAUSE = 0x1000
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1
_PARAM_RATE = 1
_PARAM_VOLUME = 2
_PARAM_PITCH = 3
_LANGUAGE_PREFIXES = ("zh", "cmn", "yue", "hak", "en")
MAX_LIBRARIES = 4  # the original and up to three private copies (after stuck calls)


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_void_p),
    ]


class _Voice(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


class _Library:
    """One loaded libespeak-ng: initialised once, used under ``lock``.

    ``source`` is the library file it came from (a private copy is loaded
    from another path); ``stuck`` is set while a call into it was given up.
    """

    def __init__(self, library_path: str, data_dir: str, source: str = "") -> None:
        self.source = source or library_path
        self.data_dir = data_dir
        self.stuck = False
        try:
            lib = ctypes.CDLL(library_path)
        except OSError as exc:
            raise EngineUnavailable(f"cannot load libespeak-ng ({exc})") from exc
        lib.espeak_ng_InitializePath.argtypes = [ctypes.c_char_p]
        lib.espeak_ng_InitializePath.restype = None
        lib.espeak_ng_Initialize.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
        lib.espeak_ng_InitializeOutput.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p]
        lib.espeak_ng_GetSampleRate.restype = ctypes.c_int
        lib.espeak_ng_GetStatusCodeMessage.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_size_t,
        ]
        lib.espeak_ng_ClearErrorContext.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
        lib.espeak_ng_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_SYNTH_CALLBACK]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.POINTER(ctypes.c_uint),
            ctypes.c_void_p,
        ]
        lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        self.lib = lib
        self.lock = threading.Lock()
        # espeak_ng_InitializePath appends "espeak-ng-data" to the directory it is given.
        lib.espeak_ng_InitializePath(os.fsencode(data_dir))
        context = ctypes.c_void_p()
        self._check(lib.espeak_ng_Initialize(ctypes.byref(context)), "initialise")
        lib.espeak_ng_ClearErrorContext(ctypes.byref(context))
        self._check(
            lib.espeak_ng_InitializeOutput(_OUTPUT_MODE_SYNCHRONOUS, _BUFFER_MS, None),
            "open synchronous output",
        )
        self.sample_rate = lib.espeak_ng_GetSampleRate()
        self.callback = _SYNTH_CALLBACK(self._dispatch)
        lib.espeak_SetSynthCallback(self.callback)
        self.handler = None  # the synth in progress: (on_pcm, on_events) bound by synthesize
        self.applied: VoiceSettings | None = None

    def _check(self, status: int, what: str) -> None:
        if status != 0:
            raise EngineUnavailable(f"espeak-ng could not {what}: {self.message(status)}")

    def message(self, status: int) -> str:
        """espeak-ng's text for a status code."""
        buffer = ctypes.create_string_buffer(512)
        self.lib.espeak_ng_GetStatusCodeMessage(status, buffer, len(buffer))
        return buffer.value.decode("utf-8", "replace") or f"status {status:#x}"

    def _dispatch(self, wav, samples, events) -> int:
        handler = self.handler
        if handler is None:
            return 1
        return handler(wav, samples, events)


_libraries: list[_Library] = []
_libraries_lock = threading.Lock()
_copies_dir: str | None = None


def _default_paths() -> tuple[str, str]:
    try:
        import espeakng_loader
    except ImportError as exc:
        raise EngineUnavailable("the espeakng-loader package is not installed") from exc
    library = espeakng_loader.get_library_path()
    try:
        data = espeakng_loader.get_data_path()
    except RuntimeError as exc:  # the wheel raises when its data directory is missing
        raise EngineUnavailable(f"espeak-ng data missing ({exc})") from exc
    return library, data


def _load(library_path: str | None, data_path: str | None) -> _Library:
    """A loaded library for these paths that is not stuck; loads one (or a private copy) if needed."""
    with _libraries_lock:
        if library_path is None or data_path is None:
            default_library, default_data = _default_paths()
            library_path = library_path or default_library
            data_path = data_path or default_data
        data_dir = os.path.dirname(data_path)
        loaded = [lib for lib in _libraries if lib.source == library_path]
        for lib in loaded:
            if not lib.stuck and lib.data_dir == data_dir:
                return lib
        if not os.path.isfile(os.path.join(data_path, "phontab")):
            raise EngineUnavailable(f"espeak-ng data missing (no phontab in {data_path})")
        path = library_path
        if loaded:  # that file is mapped already, and stuck: map a private copy of it
            if len(_libraries) >= MAX_LIBRARIES:
                raise EngineUnavailable("espeak-ng stopped responding too many times")
            path = _private_copy(library_path)
        library = _Library(path, data_dir, source=library_path)
        _libraries.append(library)
        _log.info("espeak-ng loaded from %s, %d Hz", path, library.sample_rate)
        return library


def _private_copy(library_path: str) -> str:
    """Copy the library file under a new name (removed at exit) so it loads as a separate library."""
    global _copies_dir
    if _copies_dir is None:
        _copies_dir = tempfile.mkdtemp(prefix="reader-espeak-")
        atexit.register(shutil.rmtree, _copies_dir, True)
    name = f"{len(_libraries)}-{os.path.basename(library_path)}"
    path = os.path.join(_copies_dir, name)
    try:
        shutil.copyfile(library_path, path)
    except OSError as exc:
        raise EngineUnavailable(f"cannot copy libespeak-ng for a restart ({exc})") from exc
    return path


class EspeakDriver:
    """Speech from libespeak-ng (see the module docstring); voice ids are espeak's (``cmn``, ``yue``)."""

    engine = ENGINE

    def __init__(self, library_path: str | None = None, data_path: str | None = None) -> None:
        self._lib = _load(library_path, data_path)
        self.sample_rate = self._lib.sample_rate
        if self.sample_rate != SAMPLE_RATE:
            raise EngineUnavailable(f"espeak-ng runs at {self.sample_rate} Hz, not {SAMPLE_RATE}")

    def list_voices(self) -> list[VoiceInfo]:
        """Chinese (Mandarin, Cantonese, Hakka) and English voices of this espeak-ng."""
        voices = []
        with self._lib.lock:
            entries = self._lib.lib.espeak_ListVoices(None)
            i = 0
            while entries[i]:
                entry = entries[i].contents
                i += 1
                languages = _languages(entry.languages)
                if not languages or not languages[0].startswith(_LANGUAGE_PREFIXES):
                    continue
                identifier = entry.identifier.decode("utf-8", "replace")
                local_id = identifier.rsplit("/", 1)[-1]
                voices.append(
                    VoiceInfo(
                        id=f"{ENGINE}:{local_id}",
                        name=entry.name.decode("utf-8", "replace"),
                        language=languages[0],
                        engine=ENGINE,
                        gender={1: "male", 2: "female"}.get(entry.gender),
                    )
                )
        return voices

    def synthesize(
        self,
        text: str,
        settings: VoiceSettings,
        on_audio: AudioCallback,
        on_word: WordCallback,
        should_abort: AbortCheck,
    ) -> bool:
        """Speak ``text``: PCM to ``on_audio`` as produced, ``on_word(index, frame)`` per word."""
        data = text.replace("\0", " ").encode("utf-8")
        if not data.strip():
            return not should_abort()
        rate = self.sample_rate
        last_position = -1
        aborted = False
        failure: list[BaseException] = []

        def on_buffer(wav, samples, events) -> int:
            nonlocal last_position, aborted
            try:
                i = 0
                while events[i].type != _EVENT_LIST_TERMINATED:
                    event = events[i]
                    i += 1
                    position = event.text_position - 1
                    if event.type == _EVENT_WORD and position > last_position:
                        last_position = position
                        on_word(position, event.audio_position * rate // 1000)
                if samples > 0 and wav:
                    on_audio(ctypes.string_at(wav, samples * 2))
                if should_abort():
                    aborted = True
                    return 1
                return 0
            except BaseException as exc:  # never let an exception escape into C
                failure.append(exc)
                aborted = True
                return 1

        with self._lib.lock:
            self._apply(settings)
            self._lib.handler = on_buffer
            try:
                status = self._lib.lib.espeak_Synth(
                    data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8 | _ENDPAUSE, None, None
                )
            finally:
                self._lib.handler = None
                self._lib.stuck = False  # a call given up on has returned: usable again
        if failure:
            raise failure[0]
        if status != 0 and not aborted:
            _log.warning("espeak_Synth failed: %s", self._lib.message(status))
        return not aborted and not should_abort()

    def _apply(self, settings: VoiceSettings) -> None:
        applied = self._lib.applied
        lib = self._lib.lib
        if settings.voice and (applied is None or applied.voice != settings.voice):
            status = lib.espeak_ng_SetVoiceByName(settings.voice.encode("utf-8"))
            if status != 0:
                raise VoiceUnavailable(
                    f"espeak-ng has no voice {settings.voice!r}: {self._lib.message(status)}"
                )
            applied = None  # a new voice resets the parameters: set them all
        if applied is None or applied.rate != settings.rate:
            lib.espeak_SetParameter(_PARAM_RATE, clamp_rate(settings.rate), 0)
        if applied is None or applied.pitch != settings.pitch:
            lib.espeak_SetParameter(_PARAM_PITCH, max(0, min(100, settings.pitch)), 0)
        if applied is None or applied.volume != settings.volume:
            lib.espeak_SetParameter(_PARAM_VOLUME, max(0, min(100, settings.volume)), 0)
        self._lib.applied = settings

    def close(self) -> None:
        """Nothing to release: the library stays loaded for the process (it cannot re-initialise)."""

    def abandon(self) -> None:
        """A call into this driver is stuck: the next driver loads a library that is not."""
        if self._lib.lock.locked():  # still inside the library (not returned meanwhile)
            self._lib.stuck = True


def clamp_rate(wpm: int) -> int:
    """``wpm`` limited to what espeak-ng accepts."""
    return max(RATE_MIN, min(RATE_MAX, int(wpm)))


def _languages(pointer: int | None) -> list[str]:
    """Decode espeak's language list: (priority byte, name, NUL)… ending with a zero byte."""
    if not pointer:
        return []
    languages = []
    offset = 0
    while True:
        priority = ctypes.c_ubyte.from_address(pointer + offset).value
        if priority == 0:
            return languages
        name = ctypes.string_at(pointer + offset + 1)
        languages.append(name.decode("ascii", "replace"))
        offset += len(name) + 2
