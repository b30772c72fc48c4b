"""Soak: the real reader reads a whole novel aloud, time-compressed; memory, threads and files stay flat.

The real ``python -m reader --audio null --rate 10 --speech-log F BOOK``
runs in a pseudo-terminal with a private ``READER_HOME``; Enter starts
continuous reading at the fastest rate the app allows, and the silent
output plays ``--soak-speed`` times faster than real time
(``READER_NULL_TIME_SCALE``, see ``voices.audio``), so a day of listening
passes in minutes. The process is watched from outside, through
``/proc/PID``: resident memory, threads, open file descriptors; and
through its speech log: the say-all utterances queued but not yet heard
(the speech queue), and each paragraph started, matched in order against
the book's paragraphs so a paragraph skipped, repeated or out of order is
counted. The state files (speech log, app log, positions) are sized at the
start and the end.

Default: ``--soak-minutes 5`` of wall time; ``--soak-whole`` reads on to
the end of the book (about 25 min for 红楼梦 on 2 cores). The book is
红楼梦 from the shared data when present, else the bundled excerpt.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.result import Result

ROOT = Path(__file__).resolve().parent.parent
SHARED_BOOK = ROOT.parent / "shared" / "data" / "novels" / "红楼梦.txt"
EXCERPT = ROOT / "tests" / "data" / "hongloumeng-utf8.txt"
DEFAULT_MINUTES = 5.0
DEFAULT_SPEED = 100.0
SAMPLE_EVERY_S = 2.0
WARM_UP_FRACTION = 0.2  # of the run; jieba, OpenCC and caches fill during it
START_TIMEOUT_S = 60.0
STALL_S = 60.0  # no paragraph started for this long: the reading stopped


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--soak-minutes``, ``--soak-whole``, ``--soak-speed``, ``--soak-book``."""
    parser.add_argument(
        "--soak-minutes",
        type=float,
        metavar="M",
        help=f"soak: minutes of wall time to read (default {DEFAULT_MINUTES:g}; "
        "with --soak-whole: at most)",
    )
    parser.add_argument(
        "--soak-whole", action="store_true", help="soak: read on to the end of the book"
    )
    parser.add_argument(
        "--soak-speed",
        type=float,
        default=DEFAULT_SPEED,
        metavar="N",
        help=f"soak: play the silent output N times real time (default {DEFAULT_SPEED:g})",
    )
    parser.add_argument(
        "--soak-passes",
        type=int,
        default=1,
        metavar="N",
        help="soak with --soak-whole: read the book N times (from 0%% again: caches are full)",
    )
    parser.add_argument("--soak-book", metavar="PATH", help="soak: the book (default 红楼梦)")
    parser.add_argument(
        "--soak-trace", metavar="FILE", help="soak: write every sample to FILE as JSON lines"
    )


@dataclass
class Sample:
    """One look at the process: wall seconds since reading began, and what it holds."""

    wall_s: float
    rss_mb: float
    threads: int
    fds: int
    queued: int
    paragraphs: int


@dataclass
class SpeechLogFollower:
    """Reads the speech log as it grows and checks the say-all paragraphs against the book.

    Say-all utterances are the ``normal`` priority entries; each is matched
    with the next expected paragraph text (``expected``) and counted as a
    mismatch when it does not end with it.
    """

    path: Path
    expected: list[str]
    end_text: str
    offset: int = 0
    inode: int | None = None
    queued: dict[int, int] = field(default_factory=dict)  # say-all utterance id → order
    started: int = 0  # say-all paragraphs whose playback began
    chars: int = 0  # characters of those paragraphs
    mismatches: int = 0
    end_started: bool = False
    last_start_wall: float = field(default_factory=time.monotonic)
    _order: int = 0
    _end_id: int | None = None

    def poll(self) -> None:
        """Take in the complete lines written since the last poll (across a log rotation)."""
        try:
            inode = self.path.stat().st_ino
        except FileNotFoundError:
            return
        if self.inode is not None and inode != self.inode:  # rotated to FILE.1
            self._read(self.path.with_name(self.path.name + ".1"))
            self.offset = 0
        self.inode = inode
        self._read(self.path)

    def _read(self, path: Path) -> None:
        with path.open("rb") as handle:
            handle.seek(self.offset)
            data = handle.read()
        end = data.rfind(b"\n") + 1
        self.offset += end
        for line in data[:end].splitlines():
            self._take(json.loads(line))

    def _take(self, entry: dict) -> None:
        if entry.get("kind") == "event":
            uid = entry.get("id")
            if entry.get("event") == "started" and uid in self.queued:
                order = self.queued.pop(uid)
                self.last_start_wall = time.monotonic()
                if uid == self._end_id:
                    self.end_started = True
                    return
                self.started += 1
                self.chars += len(self.expected[order]) if order < len(self.expected) else 0
            return
        if entry.get("priority") != "normal" or entry.get("id") is None:
            return
        shown = entry.get("shown", "")
        order = self._order
        self._order += 1
        if order < len(self.expected):
            if not shown.endswith(self.expected[order]):
                self.mismatches += 1
        elif shown == self.end_text:
            self._end_id = entry["id"]
        else:
            self.mismatches += 1
        self.queued[entry["id"]] = order

    def begin_pass(self) -> None:
        """The book is read again from its start."""
        self._order = 0
        self._end_id = None
        self.end_started = False

    @property
    def queue_length(self) -> int:
        """Say-all utterances given to the speech manager and not yet heard."""
        return len(self.queued)


class SoakedReader:
    """``python -m reader`` in a pseudo-terminal, its output drained, watched through /proc."""

    def __init__(self, book: Path, home: Path, speed: float, variant: str) -> None:
        self.home = home
        self.log = home / "speech.jsonl"
        master, slave = pty.openpty()
        self.master = master
        env = {
            **os.environ,
            "READER_HOME": str(home),
            "TERM": "xterm-256color",
            "READER_NULL_TIME_SCALE": f"{speed:g}",
        }
        args = [sys.executable, "-m", "reader", "--audio", "null", "--rate", "10"]
        args += ["--variant", variant, "--speech-log", str(self.log), str(book)]
        self.process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
        os.close(slave)
        self._drainer = threading.Thread(target=self._drain, name="soak-drain", daemon=True)
        self._drainer.start()

    def _drain(self) -> None:
        """Read the app's screen output as it comes (a full terminal would block the app)."""
        while True:
            try:
                if not os.read(self.master, 65536):
                    return
            except OSError:
                return

    def send(self, keys: bytes) -> None:
        """Type ``keys`` into the app's terminal."""
        os.write(self.master, keys)

    def sample(self, wall_s: float, follower: SpeechLogFollower) -> Sample:
        """Resident memory, threads and open files of the process now."""
        proc = Path(f"/proc/{self.process.pid}")
        rss = 0.0
        for line in (proc / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
        return Sample(
            wall_s,
            rss,
            len(os.listdir(proc / "task")),
            len(os.listdir(proc / "fd")),
            follower.queue_length,
            follower.started,
        )

    def state_sizes(self) -> dict[str, int]:
        """Bytes in each state file: the speech log, the app log (with backups), positions."""
        state = self.home / "state"
        logs = sum(p.stat().st_size for p in state.glob("reader.log*")) if state.exists() else 0
        positions = state / "positions.json"
        return {
            "speech_log": self.log.stat().st_size if self.log.exists() else 0,
            "app_log": logs,
            "positions": positions.stat().st_size if positions.exists() else 0,
        }

    def speech_seconds(self) -> float | None:
        """Seconds of speech played, as the audio output logged when it closed."""
        found = None
        for path in sorted((self.home / "state").glob("reader.log*")):
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in re.finditer(r"audio output closed after ([\d.]+) s of speech", text):
                found = max(found or 0.0, float(match.group(1)))
        return found

    def stop(self) -> None:
        """Quit with q (saves the position), or terminate when it does not."""
        try:
            self.send(b"q")
            self.process.wait(15)
        except (OSError, subprocess.TimeoutExpired):
            self.process.terminate()
            self.process.wait(5)
        finally:
            os.close(self.master)


def _book_paragraphs(book: Path) -> tuple[list[str], str, str]:
    """Paragraph texts in reading order, the variant to read in, and the end announcement."""
    from reader.chinese.script import script_family
    from reader.importers import load
    from reader.ui.i18n import tr
    from reader.ui.reading import ReadingState

    library = load([str(book)])
    variant = script_family(library[0].script)
    state = ReadingState(library, variant)
    texts = [
        state.text(a, p) for a in range(len(library)) for p in range(len(library[a].paragraphs))
    ]
    return texts, variant, tr("library.end", "zh-Hans")


def _slope_mb_per_hour(samples: list[Sample]) -> float:
    """Least-squares slope of RSS over wall time, in MB per hour."""
    if len(samples) < 3:
        return 0.0
    xs = [s.wall_s / 3600 for s in samples]
    ys = [s.rss_mb for s in samples]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0


def soak(
    book: Path,
    minutes: float | None,
    speed: float,
    progress=None,
    trace: Path | None = None,
    passes: int = 1,
) -> list[Result]:
    """Read ``book`` for ``minutes`` of wall time (to its end, ``passes`` times, when None).

    ``progress(sample, paragraphs)`` is called at every sample; ``trace``
    gets every sample as a JSON line.
    """
    expected, variant, end_text = _book_paragraphs(book)
    with tempfile.TemporaryDirectory(prefix="reader-soak-") as tmp:
        home = Path(tmp)
        reader = SoakedReader(book, home, speed, variant)
        follower = SpeechLogFollower(reader.log, expected, end_text)
        samples: list[Sample] = []
        try:
            _wait_for_welcome(reader, follower)
            sizes_start = reader.state_sizes()
            reader.send(b"\r")  # read on from here: continuous reading to the end
            began = time.monotonic()
            samples.append(reader.sample(0.0, follower))
            pass_starts = [0.0]
            stalled = False
            while True:
                time.sleep(SAMPLE_EVERY_S)
                follower.poll()
                wall = time.monotonic() - began
                samples.append(reader.sample(wall, follower))
                if trace is not None:
                    with trace.open("a", encoding="utf-8") as handle:
                        handle.write(json.dumps(asdict(samples[-1])) + "\n")
                if progress is not None:
                    progress(samples[-1], len(expected))
                if minutes is not None and wall >= minutes * 60:
                    break
                if follower.end_started:
                    if len(pass_starts) >= passes:
                        break
                    pass_starts.append(wall)
                    follower.begin_pass()
                    _read_again(reader)
                if time.monotonic() - follower.last_start_wall > STALL_S:
                    stalled = True
                    break
                if reader.process.poll() is not None:
                    raise RuntimeError(f"the reader exited ({reader.process.returncode})")
            sizes_end = reader.state_sizes()
        finally:
            reader.stop()
        speech_s = reader.speech_seconds()
    return _results(
        samples,
        follower,
        len(expected) * passes,
        speech_s,
        speed,
        stalled,
        minutes is None,
        sizes_start,
        sizes_end,
        pass_starts[-1],
    )


def _read_again(reader: SoakedReader) -> None:
    """Go to 0 % (g, 0, Enter) and read on again (Enter)."""
    for keys in (b"g", b"0", b"\r", b"\r"):
        time.sleep(0.5)
        reader.send(keys)


def _wait_for_welcome(reader: SoakedReader, follower: SpeechLogFollower) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if reader.log.exists() and b'"started"' in reader.log.read_bytes():
            follower.poll()
            time.sleep(1.0)  # let the screen finish building before the first key
            return
        if reader.process.poll() is not None:
            raise RuntimeError(f"the reader exited ({reader.process.returncode})")
        time.sleep(0.05)
    raise RuntimeError("the reader did not speak its welcome")


def _results(
    samples: list[Sample],
    follower: SpeechLogFollower,
    total: int,
    speech_s: float | None,
    speed: float,
    stalled: bool,
    whole: bool,
    sizes_start: dict[str, int],
    sizes_end: dict[str, int],
    last_pass_start: float,
) -> list[Result]:
    wall_s = samples[-1].wall_s
    audio_s = speech_s if speech_s is not None else wall_s * speed
    compression = audio_s / wall_s if wall_s else 0.0
    warm = next((s for s in samples if s.wall_s >= wall_s * WARM_UP_FRACTION), samples[-1])
    after = [s for s in samples if s.wall_s >= warm.wall_s]
    slope_wall = _slope_mb_per_hour(after)
    slope_audio = slope_wall / compression if compression else 0.0
    first, last = samples[0], samples[-1]
    reached_end = follower.end_started
    peak_queue = max(s.queued for s in samples)
    note_audio = "" if speech_s is not None else "estimated: wall × speed"
    results = [
        Result("soak.wall_min", wall_s / 60, "min", note=f"speed {speed:g}× real time"),
        Result("soak.audio_min", audio_s / 60, "min", note=note_audio or "speech played"),
        Result(
            "soak.paragraphs",
            follower.started,
            "paragraphs",
            note=f"of {total}; {follower.chars} chars",
        ),
        Result(
            "soak.reached_end",
            int(reached_end),
            "",
            1 if whole else None,
            ">=",
            note="library end announced" if reached_end else "time limit reached",
        ),
        Result(
            "soak.order_errors",
            follower.mismatches,
            "paragraphs",
            0,
            note="skipped, repeated or out of order",
        ),
        Result("soak.stalled", int(stalled), "", 0, note=f"no paragraph for {STALL_S:g} s"),
        Result("soak.rss_start_mb", first.rss_mb, "MB", note="when reading began"),
        Result("soak.rss_warm_mb", warm.rss_mb, "MB", note=f"after {warm.wall_s / 60:.1f} min"),
        Result("soak.rss_end_mb", last.rss_mb, "MB"),
        Result("soak.rss_growth_mb", last.rss_mb - warm.rss_mb, "MB", 10, note="end − warm"),
        Result("soak.rss_slope_mb_per_audio_h", slope_audio, "MB/h", 1, note="after warm-up"),
        Result("soak.threads_start", first.threads, "threads"),
        Result(
            "soak.threads_growth",
            last.threads - first.threads,
            "threads",
            0,
            note=f"{first.threads} → {last.threads}",
        ),
        Result("soak.fds_start", first.fds, "fds"),
        Result("soak.fds_growth", last.fds - first.fds, "fds", 0, note=f"{first.fds} → {last.fds}"),
        Result(
            "soak.queue_peak", peak_queue, "utterances", 5, note="say-all queued, not yet heard"
        ),
    ]
    if last_pass_start > 0:  # read again: every cache was already full
        again = [s for s in samples if s.wall_s >= last_pass_start]
        results.append(
            Result(
                "soak.rss_again_growth_mb",
                last.rss_mb - again[0].rss_mb,
                "MB",
                2,
                note=f"read again from 0 %: {_slope_mb_per_hour(again) / compression:.2f} MB/audio-h",
            )
        )
    for name, start in sizes_start.items():
        end = sizes_end[name]
        results.append(
            Result(f"soak.{name}_kb", end / 1024, "KB", note=f"{start / 1024:.0f} KB at start")
        )
    return results


def run(options: argparse.Namespace) -> list[Result]:
    """Soak the real reader on a novel (see module docstring)."""
    book = getattr(options, "soak_book", None)
    if book is None:
        book = SHARED_BOOK if SHARED_BOOK.exists() else EXCERPT
    minutes = getattr(options, "soak_minutes", None)
    if minutes is None and not getattr(options, "soak_whole", False):
        minutes = DEFAULT_MINUTES
    speed = getattr(options, "soak_speed", DEFAULT_SPEED)

    def progress(sample: Sample, total: int) -> None:
        sys.stderr.write(
            f"\rsoak {sample.wall_s / 60:5.1f} min  paragraph {sample.paragraphs}/{total}  "
            f"RSS {sample.rss_mb:6.1f} MB  threads {sample.threads}  fds {sample.fds}  "
            f"queued {sample.queued}   "
        )
        sys.stderr.flush()

    trace = getattr(options, "soak_trace", None)
    passes = max(1, getattr(options, "soak_passes", 1))
    results = soak(Path(book), minutes, speed, progress, Path(trace) if trace else None, passes)
    sys.stderr.write("\n")
    return results
