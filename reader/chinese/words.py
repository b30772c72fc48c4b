"""Word boundaries from jieba, loaded off the critical path.

jieba takes about a second to load its dictionary, so the app starts it on
a background thread after start-up (``start_loading``; the same thread then
loads pypinyin's dictionaries for speakable text) and asks
``is_ready`` before relying on it. ``word_spans(text, wait=False)`` never
blocks: until jieba is ready it returns single characters (runs of Latin
letters and digits kept whole). jieba's cache lives in the app's cache
directory, not the shared temp directory, and its console logging is
routed to the app's log instead of the terminal.

jieba's dictionary is Simplified: Traditional text is segmented through its
t2s form, which has the same length, so the boundaries carry over as they
are (and are markedly better than segmenting the Traditional text itself).
"""

from __future__ import annotations

import logging
import re
import sys
import threading

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_ready = threading.Event()
_failed = False
_thread: threading.Thread | None = None

# Fallback words: a run of Latin letters/digits (with inner . , ' -), a run of spaces, or one character.
_FALLBACK_WORD = re.compile(r"[A-Za-z0-9]+(?:[.,'’\-][A-Za-z0-9]+)*|\s+|.", re.DOTALL)


def _import_jieba():
    """Import jieba without ``pkg_resources``, which it imports only to find its own files.

    pkg_resources costs ~14 MB and ~70 ms; when it cannot be imported
    jieba opens its files by path (its own fallback), the same files.
    """
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment] - makes the import fail
    try:
        import jieba
    finally:
        if blocked and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
    return jieba


def _load() -> None:
    jieba = _import_jieba()

    from reader.paths import cache_dir

    jieba.default_logger.removeHandler(jieba.log_console)  # it writes to stderr
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(cache_dir())
    jieba.dt.cache_file = "jieba.cache"
    jieba.dt.initialize()


def start_loading() -> None:
    """Begin loading jieba on a daemon thread (idempotent)."""
    global _thread
    with _lock:
        if _thread is None and not _ready.is_set():
            _thread = threading.Thread(target=_safe_load, name="jieba-loader", daemon=True)
            _thread.start()


def _safe_load() -> None:
    global _failed
    try:
        _load()
    except Exception:  # logged; segmentation then falls back to characters
        _failed = True
        _log.exception("jieba failed to load; words fall back to single characters")
    finally:
        _ready.set()
    try:  # then the pronunciation data speakable text needs, still off the critical path
        from reader.chinese.polyphones import preload

        preload()
    except Exception:
        if not sys.is_finalizing():  # not the interpreter exiting under this daemon thread
            _log.exception("pronunciation data failed to load")


def is_ready() -> bool:
    """True once jieba's dictionary is loaded (or loading failed for good)."""
    return _ready.is_set()


def wait_ready(timeout: float | None = None) -> bool:
    """Start loading if needed and wait up to ``timeout`` seconds; True if loaded."""
    start_loading()
    return _ready.wait(timeout) and not _failed


def word_spans(text: str, *, script: str | None = None, wait: bool = True) -> list[tuple[int, int]]:
    """Words of ``text`` as ``[(start, end), …]`` covering it (jieba, precise mode).

    ``script`` is the text's variant (``"zh-Hant"``, ``"zh-TW"``… are
    segmented through their Simplified form); without it the text's own
    characters decide. With ``wait=False`` (for the UI thread) the call
    never blocks: until jieba is loaded, words are single characters.
    """
    if not text:
        return []
    ready = wait_ready() if wait else (_ready.is_set() and not _failed)
    if not ready:
        if not wait:
            start_loading()
        return fallback_word_spans(text)
    import jieba

    segmented = _simplified_form(text, script)
    spans: list[tuple[int, int]] = []
    pos = 0
    for word in jieba.dt.cut(segmented, HMM=True):
        spans.append((pos, pos + len(word)))
        pos += len(word)
    if pos != len(text):  # jieba drops nothing, but never trust offsets blindly
        _log.warning("jieba covered %d of %d characters", pos, len(text))
        return fallback_word_spans(text)
    return spans


def words(text: str, *, script: str | None = None, wait: bool = True) -> list[str]:
    """The words of ``text`` as strings (see ``word_spans``)."""
    return [text[a:b] for a, b in word_spans(text, script=script, wait=wait)]


def fallback_word_spans(text: str) -> list[tuple[int, int]]:
    """Single characters, with runs of Latin letters and digits (and of spaces) kept whole."""
    return [m.span() for m in _FALLBACK_WORD.finditer(text)]


def _simplified_form(text: str, script: str | None) -> str:
    from reader.chinese.script import detect_script, for_speech, is_traditional

    if script is None:
        script = detect_script(text)
    if is_traditional(script):
        return for_speech(text, script)
    return text
