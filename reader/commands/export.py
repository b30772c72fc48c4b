"""``reader export PATH -o OUT [--split] [--article N] [--variant V] [--voice ID] [--rate R]``.

Writes a document as speech: WAV, MP3 or OGG Vorbis as the extension of
OUT asks (``.wav``, ``.mp3``, ``.ogg``/``.oga``), one file, or one per
article with ``--split`` (``OUT_STEM-NN-TITLE.EXT`` beside OUT, with track
number and title tags). On a terminal a progress bar with the time
remaining is drawn on stderr; otherwise a plain line every 10 %;
``--quiet``: none. Files appear only when complete; Ctrl+C stops at once
(exit 130), as SIGTERM (143) and SIGHUP (129) do, and leaves no partial
file; files already finished with ``--split`` are kept and named. The input file is never written. See
``reader.export`` for the work itself.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
import time

from reader.commands.sources import (
    add_source_arguments,
    choose_rate,
    choose_voice,
    chosen_articles,
    notice_text,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the export command's arguments."""
    parser.add_argument(
        "path", nargs="?", metavar="PATH", help="document to read; none: the bundled page"
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="file to write: .wav, .mp3 or .ogg (with --split: the pattern of the names)",
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="one file per article: OUT_STEM-01-TITLE.EXT, … with track numbers",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    add_source_arguments(parser)


class ProgressReport:
    """Export progress on ``stream``: a bar with time remaining on a terminal, else a line every 10 %."""

    BAR_WIDTH = 30
    REDRAW_SECONDS = 0.25

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_line = ""
        self._last_draw = float("-inf")
        self._last_step = -1

    def update(self, progress) -> None:
        """Show ``progress`` (a ``reader.export.ExportProgress``) if something visible changed."""
        if self._tty:
            line = self._bar(progress)
            now = time.monotonic()
            due = now - self._last_draw >= self.REDRAW_SECONDS or progress.fraction >= 1
            if line != self._last_line and due:
                self._last_draw = now
                pad = " " * max(0, len(self._last_line) - len(line))
                self.stream.write(f"\r{line}{pad}")
                self.stream.flush()
                self._last_line = line
            return
        step = int(progress.fraction * 10)
        if step > self._last_step:
            self._last_step = step
            left = progress.seconds_left
            when = f", {clock(left)} left" if left is not None and step < 10 else ""
            self.stream.write(f"export: {step * 10}%{when}\n")
            self.stream.flush()

    def _bar(self, progress) -> str:
        filled = int(progress.fraction * self.BAR_WIDTH)
        bar = "#" * filled + "-" * (self.BAR_WIDTH - filled)
        left = progress.seconds_left
        line = (
            f"[{bar}] {progress.fraction:4.0%}  {clock(left) if left is not None else '-:--'} left"
        )
        if progress.tracks > 1:
            line += f"  file {progress.track}/{progress.tracks}"
        return line

    def finish(self) -> None:
        """End the bar's line (terminal only)."""
        if self._tty and self._last_line:
            self.stream.write("\n")
            self.stream.flush()
            self._last_line = ""


def clock(seconds: float) -> str:
    """``M:SS``, or ``H:MM:SS`` from an hour on."""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def _interrupt_sets(cancel: threading.Event, received: list[int]):
    """While inside, Ctrl+C, SIGTERM or SIGHUP sets ``cancel`` and is noted in ``received``.

    The export then stops within one engine buffer and removes its
    unfinished file (SIGTERM's and SIGHUP's defaults would end the process
    on the spot and leave ``.NAME.part`` behind). A second one ends at once.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_signal(signum, frame) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        received.append(signum)
        cancel.set()

    previous = {signum: signal.signal(signum, on_signal) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run(args: argparse.Namespace) -> int:
    """Speak the document into the output file(s)."""
    from reader.logs import setup_logging

    setup_logging()  # engine warnings go to the log file, not the terminal
    from reader.cli import EXIT_INTERRUPTED
    from reader.export import ExportCancelled, export_articles

    articles = chosen_articles(args)
    voice = choose_voice(args, "zh-Hans") if args.voice else None  # None: the variant's default
    rate = choose_rate(args)
    progress = ProgressReport() if not args.quiet else None
    cancel = threading.Event()
    received: list[int] = []  # the signal that stopped the export

    def on_notice(notice) -> None:
        sys.stderr.write(f"reader: {notice_text(notice)}\n")

    try:
        with _interrupt_sets(cancel, received):
            result = export_articles(
                articles,
                args.output,
                variant=args.variant,
                voice=voice,
                rate=rate,
                split=args.split,
                on_progress=progress.update if progress else None,
                cancel=cancel,
                on_notice=on_notice,
            )
    except ExportCancelled as exc:
        if progress:
            progress.finish()
        kept = f"; kept {len(exc.kept)} finished file(s)" if exc.kept else ""
        signum = received[0] if received else signal.SIGINT
        why = (
            "interrupted"
            if signum == signal.SIGINT
            else f"stopped by {signal.Signals(signum).name}"
        )
        sys.stderr.write(f"reader: {why}{kept}\n")
        return EXIT_INTERRUPTED if signum == signal.SIGINT else 128 + signum
    finally:
        if progress:
            progress.finish()  # ends the bar's line before any message
    for path in result.files:
        sys.stdout.write(f"wrote {path}\n")
    sys.stdout.write(
        f"{len(result.files)} file(s), {clock(result.seconds)} of speech, voice {result.voice}\n"
    )
    return 0
