"""The ``e`` key's export: articles → an audio file (or one per article) on a worker thread.

``BackgroundExport`` runs ``reader.export.export_articles`` on a Textual
worker thread, in the variant, voice and rate the user is reading with,
and posts its progress as messages (``ExportStarted``, ``ExportProgressed``,
``ExportEnded``); it also words what the app says about them: the start
(with the file name), every further 10 %, the end (the file name, the
files kept when cancelled, or the error in one line). Reading goes on
meanwhile: the app speaks these with priority NEXT, after the utterance
being heard, never cutting it off.

The file is named from the title (the article's, or the document's for
the whole library, one file per article then) in the chosen folder, by
default ``reader.paths.export_dir()``; an existing file is never
overwritten: ``title (2).mp3`` is used instead.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from reader.errors import ReaderError
from reader.ui.i18n import tr
from reader.ui.messages import ExportEnded, ExportProgressed, ExportStarted

_log = logging.getLogger(__name__)

FORMATS = ("mp3", "ogg", "wav")
SCOPES = ("article", "library")
PROGRESS_STEP = 10  # percent between spoken progress reports
SPOKEN_GAP_S = 20.0  # and at least this long: a short export is only started and done


@dataclass
class ExportChoice:
    """What the export dialog asks: the articles (``scope``), the format, the folder.

    ``folder`` is None for the default folder, else the path the user typed.
    """

    scope: str = "article"
    format: str = "mp3"
    folder: str | None = None

    def folder_path(self) -> Path:
        """The folder to write into."""
        from reader.paths import export_dir

        return Path(self.folder).expanduser() if self.folder else export_dir()


def free_name(
    articles, folder: Path, title: str, ext: str, *, split: bool, variant: str
) -> tuple[Path, tuple[Path, ...]]:
    """The output name for an export of ``articles`` titled ``title``, and the files it writes.

    ``folder/title.ext``, or ``title (2).ext``… when a file it would write
    is already there. Raises ReaderError for a bad request.
    """
    from reader.export import plan_tracks, safe_title

    stem = safe_title(title) or "tingdu"
    number = 1
    while True:
        out = folder / (f"{stem}.{ext}" if number == 1 else f"{stem} ({number}).{ext}")
        files = tuple(t.path for t in plan_tracks(articles, out, split=split, variant=variant))
        if not any(path.exists() for path in files):
            return out, files
        number += 1


class BackgroundExport:
    """One export on a worker thread of ``app``; ``cancel`` stops it within one engine buffer."""

    def __init__(
        self,
        app,
        articles: list,
        title: str,
        choice: ExportChoice,
        *,
        variant: str,
        voice: str | None,
        rate: int,
    ) -> None:
        self.app = app
        self.articles = articles
        self.title = title
        self.choice = choice
        self.variant = variant
        self.voice = voice
        self.rate = rate
        self.split = choice.scope == "library" and len(articles) > 1
        self.cancelled = threading.Event()
        self.folder = choice.folder_path()
        self._posted: tuple[int, int] | None = None
        self._spoken_step = 0
        self._spoken_at = time.monotonic()

    # ------------------------------------------------------------ worker thread

    def start(self) -> None:
        """Run the export on a Textual worker thread."""
        self.app.run_worker(self._run, thread=True, group="export", exit_on_error=False)

    def cancel(self) -> None:
        """Ask the export to stop (it ends with an ``ExportEnded("cancelled")`` message)."""
        self.cancelled.set()

    def _run(self) -> None:
        from reader.export import ExportCancelled, export_articles

        post = self.app.post_message
        try:
            if not self.choice.folder:
                self.folder.mkdir(parents=True, exist_ok=True)
            elif not self.folder.is_dir():
                raise ReaderError(f"{self.folder}: no such folder")
            out, files = free_name(
                self.articles,
                self.folder,
                self.title,
                self.choice.format,
                split=self.split,
                variant=self.variant,
            )
            post(ExportStarted(files))
            result = export_articles(
                self.articles,
                out,
                variant=self.variant,
                voice=self.voice,
                rate=self.rate,
                split=self.split,
                on_progress=self._progress,
                cancel=self.cancelled,
            )
        except ExportCancelled as exc:
            post(ExportEnded("cancelled", exc.kept))
        except (ReaderError, OSError) as exc:
            post(ExportEnded("failed", error=str(exc)))
        except Exception as exc:  # reading must go on whatever happens here
            _log.exception("export failed")
            post(ExportEnded("failed", error=f"{type(exc).__name__}: {exc}"))
        else:
            post(ExportEnded("done", result.files))

    def _progress(self, progress) -> None:
        """On the worker thread: post progress when the percent or the file changed."""
        key = (int(progress.fraction * 100), progress.track)
        if key != self._posted:
            self._posted = key
            self.app.post_message(ExportProgressed(progress))

    # ------------------------------------------------------------ what is said (UI thread)

    def started_text(self, files: tuple, lang: str) -> str:
        """The start: what is written, and where."""
        if len(files) > 1:
            return tr("export.started_many", lang, count=len(files), folder=str(self.folder))
        return tr("export.started", lang, name=files[0].name)

    def progress_text(self, progress, lang: str, *, waiting: bool = False) -> tuple[str, bool]:
        """The progress as shown, and whether to say it.

        It is said at a further ``PROGRESS_STEP`` %, ``SPOKEN_GAP_S`` or
        more after the start or the last report said, unless the last
        report is still ``waiting`` to be heard (reports never pile up).
        """
        percent = int(progress.fraction * 100)
        if progress.tracks > 1:
            text = tr(
                "export.progress_files",
                lang,
                percent=percent,
                track=progress.track,
                tracks=progress.tracks,
            )
        else:
            text = tr("export.progress", lang, percent=percent)
        left = progress.seconds_left
        if left is not None and left >= 60:
            text += tr("export.minutes_left", lang, minutes=round(left / 60))
        step = percent // PROGRESS_STEP * PROGRESS_STEP
        now = time.monotonic()
        due = (
            PROGRESS_STEP <= step < 100
            and step > self._spoken_step
            and now - self._spoken_at >= SPOKEN_GAP_S
            and not waiting
        )
        if due:
            self._spoken_step, self._spoken_at = step, now
        return text, due

    def end_text(self, message: ExportEnded, lang: str) -> str:
        """The end, in one line: the file (or files) written, the files kept, or the error."""
        files = message.files
        if message.outcome == "done":
            if len(files) == 1:
                return tr("export.done", lang, name=files[0].name, folder=str(files[0].parent))
            return tr("export.done_many", lang, count=len(files), folder=str(self.folder))
        if message.outcome == "cancelled":
            if files:
                return tr("export.cancelled_kept", lang, count=len(files))
            return tr("export.cancelled", lang)
        return tr("export.failed", lang, error=message.error)
