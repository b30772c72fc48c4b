"""``reader export PATH -o OUT.wav [--article N] [--voice ID] [--rate R]``: a document as audio.

Writes a mono 16-bit WAV. On a terminal a progress bar with the time
remaining is drawn on stderr; otherwise plain progress lines are written
every 10 %. The file is written under a temporary name in the destination
directory and moved into place only when complete, so an error or Ctrl+C
leaves no partial file; the input file is never written.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reader.commands.speak import (
    add_source_arguments,
    choose_rate,
    choose_voice,
    main_script,
    notice_text,
    passages,
    utterance_for,
)
from reader.errors import ReaderError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the export command's arguments."""
    parser.add_argument(
        "path", nargs="?", metavar="PATH", help="document to read; none: the bundled page"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT.wav", help="WAV file to write"
    )
    add_source_arguments(parser)


class ProgressReport:
    """Progress on ``stream``: a bar with time remaining on a terminal, else a line every 10 %."""

    BAR_WIDTH = 30

    def __init__(self, total: int, stream=None) -> None:
        self.total = max(1, total)
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.monotonic()
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_draw = 0.0
        self._last_step = -1

    def advance(self, amount: int) -> None:
        """Count ``amount`` more units done and redraw if due."""
        self.done = min(self.total, self.done + amount)
        fraction = self.done / self.total
        if self._tty:
            now = time.monotonic()
            if now - self._last_draw >= 0.1 or self.done == self.total:
                self._last_draw = now
                self._draw_bar(fraction, now - self.started)
        else:
            step = int(fraction * 10)
            if step > self._last_step:
                self._last_step = step
                self.stream.write(f"export: {step * 10}%\n")
                self.stream.flush()

    def _draw_bar(self, fraction: float, elapsed: float) -> None:
        filled = int(fraction * self.BAR_WIDTH)
        bar = "#" * filled + "-" * (self.BAR_WIDTH - filled)
        left = elapsed / fraction * (1 - fraction) if fraction > 0 else 0.0
        self.stream.write(f"\r[{bar}] {fraction:4.0%}  {_clock(left)} left ")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line (terminal only)."""
        if self._tty:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def check_output_path(output: str, inputs: list[str]) -> Path:
    """The output path, refused if it is not a .wav, its directory is missing, or it is an input."""
    out = Path(output).expanduser()
    if out.suffix.lower() != ".wav":
        raise ReaderError(f"{output}: only WAV output is supported (use a .wav name)")
    if not out.parent.is_dir():
        raise ReaderError(f"{out.parent}: no such directory")
    if out.is_dir():
        raise ReaderError(f"{output}: is a directory")
    for source in inputs:
        if out.resolve() == Path(source).expanduser().resolve():
            raise ReaderError(f"{output}: would overwrite the input file")
    return out


def run(args: argparse.Namespace) -> int:
    """Render the document to a WAV file."""
    from reader.logs import setup_logging

    setup_logging()  # engine warnings go to the log file, not the terminal
    from voices.drivers import EngineUnavailable, VoiceSettings
    from voices.render import render_to_wav

    out = check_output_path(args.output, [args.path] if args.path else [])
    found = passages(args)
    settings = VoiceSettings(choose_voice(args, main_script(found)), choose_rate(args))
    progress = ProgressReport(sum(len(p.text) for p in found))

    def on_notice(notice) -> None:
        sys.stderr.write(f"reader: {notice_text(notice)}\n")

    utterances = (utterance_for(p, i) for i, p in enumerate(found))
    try:
        report = render_to_wav(
            utterances, out, settings, on_progress=progress.advance, on_notice=on_notice
        )
    except EngineUnavailable as exc:
        raise ReaderError(f"no speech engine could start ({exc})") from exc
    except OSError as exc:
        raise ReaderError(f"{out}: cannot write ({exc.strerror or exc})") from exc
    finally:
        if sys.exc_info()[0] is None:
            progress.advance(progress.total)
        progress.finish()
    sys.stdout.write(f"wrote {out} ({_clock(report.seconds)} of speech)\n")
    return 0
