"""The ``o`` key's open: a file is read on a background thread while the reader keeps talking.

Reading a big file (tens of megabytes of text, a slow EPUB) takes
seconds; on the UI thread that would be seconds of silence and unanswered
keys, which to a blind user is a crash. ``BackgroundOpen`` runs
``reader.importers.load`` on its own thread and posts the outcome as an
``OpenEnded`` message; the app applies it on the UI thread. Meanwhile
the open document stays current and every key works.

The importers cannot be interrupted mid-file, so superseding or
cancelling an open only discards its result: the thread finishes on its
own and its library is dropped. It is a daemon thread (not a Textual
worker: those run in the event loop's default executor, which exiting
waits for), so quitting during a long load does not wait for it.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from reader.errors import ReaderError
from reader.ui.messages import OpenEnded

_log = logging.getLogger(__name__)

FIRST_CUE_S = 2.0  # an open still running after this long is said to be running
CUE_EVERY_S = 3.0  # and again this often, so silence never lasts


def _load(path: str):
    """Read ``path`` into a Library (``reader.importers.load``; tests may gate it).

    Every paragraph is split into sentences here too: the reading view
    needs them all to lay the article out, and on this thread they cost
    the UI nothing (about a third of laying out a one-article 12 MB file).
    """
    from reader.importers import load

    library = load([path])
    for article in library.articles:
        for paragraph in article.paragraphs:
            paragraph.sentences  # noqa: B018 - a cached property, computed here once
    return library


class BackgroundOpen:
    """One file being opened on a daemon thread; posts ``OpenEnded`` to ``post`` when done."""

    def __init__(self, path: str, post) -> None:
        self.path = path
        self.name = Path(path).name or path
        self.cancelled = threading.Event()  # set: the outcome is discarded
        self._post = post
        self.thread = threading.Thread(target=self._run, name="open", daemon=True)

    def start(self) -> None:
        """Start reading the file."""
        self.thread.start()

    def cancel(self) -> None:
        """Discard this open's outcome (the read itself runs to its end)."""
        self.cancelled.set()

    def _run(self) -> None:
        try:
            ended = OpenEnded(self, library=_load(self.path))
        except ReaderError as exc:
            ended = OpenEnded(self, error=str(exc))
        except Exception:  # noqa: BLE001 - an importer bug must not close the open book
            _log.exception("opening %s failed", self.path)
            ended = OpenEnded(self, error=self.name)
        if self.cancelled.is_set():
            _log.info("open of %s ended after it was cancelled: dropped", self.path)
        else:
            self._post(ended)
