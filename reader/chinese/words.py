"""Word boundaries from jieba, loaded off the critical path.

jieba takes about a second to load its dictionary, so the app starts it on
a background thread (``start_loading``) and asks ``is_ready`` before
relying on it; ``word_spans`` blocks until it is loaded. Its cache lives
in the app's cache directory, not the shared temp directory.
"""

from __future__ import annotations

import logging
import threading

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_ready = threading.Event()
_thread: threading.Thread | None = None


def _load() -> None:
    import jieba

    from reader.paths import cache_dir

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(cache_dir())
    jieba.dt.cache_file = "jieba.cache"
    jieba.dt.initialize()
    _ready.set()


def start_loading() -> None:
    """Begin loading jieba on a daemon thread (idempotent)."""
    global _thread
    with _lock:
        if _thread is None and not _ready.is_set():
            _thread = threading.Thread(target=_safe_load, name="jieba-loader", daemon=True)
            _thread.start()


def _safe_load() -> None:
    try:
        _load()
    except Exception:  # pragma: no cover - logged, segmentation then falls back to characters
        _log.exception("jieba failed to load")
        _ready.set()


def is_ready() -> bool:
    """True once jieba's dictionary is loaded."""
    return _ready.is_set()


def wait_ready(timeout: float | None = None) -> bool:
    """Start loading if needed and wait up to ``timeout`` seconds; True if loaded."""
    start_loading()
    return _ready.wait(timeout)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Words of ``text`` as ``[(start, end), …]`` covering it (jieba, precise mode)."""
    wait_ready()
    import jieba

    spans: list[tuple[int, int]] = []
    pos = 0
    for word in jieba.dt.cut(text, HMM=True):
        spans.append((pos, pos + len(word)))
        pos += len(word)
    return spans
