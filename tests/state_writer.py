"""A process that saves settings, positions and bookmarks in a tight loop, and its checker.

``python -m tests.state_writer HOME WRITER`` forks, for each line read
from standard input, a writer process (:func:`run_writer`) that uses the
real stores of :mod:`reader.state` on the real files under ``HOME``
(``config/settings.json``, ``state/positions.json``,
``state/bookmarks.json``) and saves generation after generation until it
is killed. Before each save it writes
``begin FILE WRITER N`` to standard output and after it ``done FILE WRITER N
MS`` (unbuffered), so whoever kills it with SIGKILL knows which two
versions each file may hold: the last one done, or the one begun.

Each writer (``A``, ``B``, …) owns its own settings fields and its own
document, so two writers can run at once on the same files; what each
file holds for generation N is known (:func:`expected`; bookmarks: those
before plus N's), which makes "exactly the old or exactly the new version"
checkable. Used by ``tests/test_state_kill.py``
and ``benchmarks/state_safety.py``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reader.state import (
    MAX_BOOKMARKS_PER_FILE,
    TEMP_SUFFIX,
    Anchor,
    BookmarkStore,
    FileSignature,
    PositionStore,
    SettingsStore,
)

ROOT = Path(__file__).resolve().parent.parent
FILES = ("settings", "positions", "bookmarks")
# Which settings fields each writer changes: a generation marker (a dict) and one value.
SETTINGS_FIELDS = {"A": ("voices", "rate"), "B": ("keys", "pitch")}


def paths(home: Path) -> dict[str, Path]:
    """The three state files under ``home`` (a READER_HOME)."""
    return {
        "settings": home / "config" / "settings.json",
        "positions": home / "state" / "positions.json",
        "bookmarks": home / "state" / "bookmarks.json",
    }


def document(writer: str) -> str:
    """The document key a writer saves positions and bookmarks for."""
    return f"/documents/{writer}/第{writer}本书.txt"


def anchor(n: int) -> Anchor:
    """The anchor of generation ``n``."""
    return Anchor(paragraph=n, char=n % 7, snippet=f"第{n}段，春天来了", fraction=(n % 100) / 100)


def _value(writer: str, n: int):
    return 1.0 + (n % 19) * 0.5 if writer == "A" else n % 101


# ---------------------------------------------------------------- the writer process


def run_writer(home: Path, writer: str) -> None:
    """Save generation after generation of ``writer``'s state, forever."""
    files = paths(home)
    settings_store = SettingsStore(files["settings"])
    settings = settings_store.load()
    positions = PositionStore(files["positions"])
    positions.load()
    bookmarks = BookmarkStore(files["bookmarks"])
    bookmarks.load()
    marker, value_field = SETTINGS_FIELDS[writer]
    n = int(getattr(settings, marker).get(writer, "0"))
    saved = positions.get(document(writer))
    if saved is not None:
        n = max(n, saved.anchor.paragraph)
    notices = len(settings_store.notices + positions.notices + bookmarks.notices)
    _say(f"ready {writer} {n} {notices} {os.getpid()}")
    key = document(writer)
    while True:
        n += 1
        setattr(settings, marker, {writer: str(n)})
        setattr(settings, value_field, _value(writer, n))
        _timed("settings", writer, n, lambda: settings_store.save(settings))
        positions.put(key, anchor(n), FileSignature(n, n))
        _timed("positions", writer, n, lambda: positions.save([key]))
        _timed("bookmarks", writer, n, lambda n=n: bookmarks.add(key, anchor(n)))


def _timed(name: str, writer: str, n: int, save) -> None:
    _say(f"begin {name} {writer} {n}")
    start = time.perf_counter()
    save()
    _say(f"done {name} {writer} {n} {(time.perf_counter() - start) * 1000:.3f}")


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())


# ---------------------------------------------------------------- the checker


def expected(name: str, writer: str, n: int, marks_before: list | None = None):
    """What file ``name`` holds for ``writer`` at generation ``n`` (timestamps left out).

    Bookmarks accumulate (the store keeps the last ``MAX_BOOKMARKS_PER_FILE``):
    generation ``n`` is ``marks_before`` (the bookmarks before it) and ``n``'s own.
    """
    if name == "settings":
        marker, value_field = SETTINGS_FIELDS[writer]
        return {marker: {writer: str(n)}, value_field: _value(writer, n)}
    if name == "positions":
        return {"anchor": asdict(anchor(n)), "signature": {"size": n, "mtime_ns": n}}
    return [*(marks_before or []), asdict(anchor(n))][-MAX_BOOKMARKS_PER_FILE:]


def observed(name: str, data: dict, writer: str):
    """(generation, content without timestamps) of ``writer``'s part of a parsed file; (0, None) if absent."""
    if name == "settings":
        marker, value_field = SETTINGS_FIELDS[writer]
        if marker not in data:
            return 0, None
        return int(data[marker][writer]), {marker: data[marker], value_field: data[value_field]}
    entry = data.get("files", {}).get(document(writer))
    if entry is None:
        return 0, None
    if name == "positions":
        assert isinstance(entry["updated"], float)
        content = {"anchor": entry["anchor"], "signature": entry["signature"]}
        return entry["anchor"]["paragraph"], content
    assert all(isinstance(b["created"], float) for b in entry)
    content = [b["anchor"] for b in entry]
    return content[-1]["paragraph"], content


@dataclass
class Tally:
    """What the kills found, over all rounds."""

    kills: int = 0
    checks: int = 0
    torn: list[str] = field(default_factory=list)
    lost_to_old: int = 0
    went_new: int = 0
    stray_temps_seen: int = 0
    stray_temps_left: int = 0
    latencies_ms: list[float] = field(default_factory=list)


class KillChecker:
    """Tracks the generation of every file per writer and checks each file after a kill."""

    def __init__(self, home: Path, writers: tuple[str, ...]) -> None:
        self.home = home
        self.writers = writers
        self.files = paths(home)
        self.gen = {(name, w): 0 for name in FILES for w in writers}
        self.marks: dict[str, list] = {w: [] for w in writers}  # bookmarks content, per writer
        self.live: dict[str, int] = {}  # writer processes not killed yet
        self.tally = Tally()

    def run_round(self, delay_s: float) -> None:
        """Fork a fresh writer from each zygote, let it save for ``delay_s``, SIGKILL it, check."""
        pids = {}
        for writer, zygote in self.zygotes.items():
            zygote.stdin.write(b"go\n")
            zygote.stdin.flush()
            line = zygote.stdout.readline().decode()
            if not line.startswith("ready"):
                raise AssertionError(f"writer {writer} did not start: {line!r}")
            _ready, _writer, _n, notices, pid = line.split()
            if notices != "0":
                self.tally.torn.append(f"writer {writer} found a state problem on loading")
            pids[writer] = self.live[writer] = int(pid)
        time.sleep(delay_s)
        for writer, pid in pids.items():
            os.kill(pid, signal.SIGKILL)
            del self.live[writer]
        log = {}
        for writer, zygote in self.zygotes.items():
            lines = []
            while not (line := zygote.stdout.readline().decode()).startswith("reaped"):
                if not line:
                    raise AssertionError(f"the zygote of writer {writer} ended")
                lines.append(line)
            if line.split()[1] != str(signal.SIGKILL):
                self.tally.torn.append(f"writer {writer} ended otherwise: {line.strip()}")
            log[writer] = lines
            self.tally.kills += 1
        self.tally.stray_temps_seen += len(self.temp_files())
        for writer, lines in log.items():
            self._check(writer, lines)
        self._reload()

    def __enter__(self) -> KillChecker:
        self.zygotes = {
            writer: subprocess.Popen(
                [sys.executable, "-m", "tests.state_writer", str(self.home), writer],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
            for writer in self.writers
        }
        return self

    def __exit__(self, *exc) -> None:
        for pid in self.live.values():  # a round that failed half-way
            os.kill(pid, signal.SIGKILL)
        for zygote in self.zygotes.values():
            zygote.stdin.close()
            zygote.wait(timeout=30)
            zygote.stdout.close()

    def temp_files(self) -> list[Path]:
        """Temp files left beside the state files."""
        found = []
        for path in self.files.values():
            if path.parent.is_dir():
                found += [
                    p
                    for p in path.parent.iterdir()
                    if p.name.startswith(f".{path.name}.") and p.name.endswith(TEMP_SUFFIX)
                ]
        return found

    def _check(self, writer: str, lines: list[str]) -> None:
        begun: dict[str, int] = {}
        done: dict[str, int] = {}
        for line in lines:
            parts = line.split()
            if parts[0] == "begin":
                begun[parts[1]] = int(parts[3])
            elif parts[0] == "done":
                done[parts[1]] = int(parts[3])
                self.tally.latencies_ms.append(float(parts[4]))
                if parts[1] == "bookmarks":  # the old version grows by each finished add
                    marks = self.marks[writer]
                    self.marks[writer] = expected("bookmarks", writer, int(parts[3]), marks)
        for name in FILES:
            self.tally.checks += 1
            before = self.gen[(name, writer)]
            old = done.get(name, before)
            new = begun.get(name, old)
            problem = self._check_file(name, writer, {old, new})
            if problem:
                self.tally.torn.append(problem)
                continue
            now = self.gen[(name, writer)]
            if new != old:
                if now == old:
                    self.tally.lost_to_old += 1
                else:
                    self.tally.went_new += 1

    def _check_file(self, name: str, writer: str, allowed: set[int]) -> str:
        path = self.files[name]
        if not path.exists():
            return "" if 0 in allowed else f"{name}: missing, expected generation {allowed}"
        raw = path.read_bytes()
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return f"{name}: not JSON ({exc}); {len(raw)} bytes"
        try:
            n, content = observed(name, data, writer)
        except (AssertionError, KeyError, TypeError, ValueError, IndexError) as exc:
            return f"{name}: malformed for {writer}: {exc!r}"
        if n not in allowed:
            return f"{name}: writer {writer} generation {n}, expected one of {sorted(allowed)}"
        if n == 0:
            return ""
        old_marks = self.marks[writer]
        if name == "bookmarks" and n == max(allowed) and n != min(allowed):
            want = expected(name, writer, n, old_marks)  # the add that was under way
        elif name == "bookmarks":
            want = old_marks
        else:
            want = expected(name, writer, n)
        if content != want:
            return f"{name}: writer {writer} generation {n} does not hold that version"
        self.gen[(name, writer)] = n
        if name == "bookmarks":
            self.marks[writer] = content
        return ""

    def _reload(self) -> None:
        """Load the files with the real stores, as the next start would: no notice, no temp left."""
        settings = SettingsStore(self.files["settings"])
        settings.load()
        positions = PositionStore(self.files["positions"])
        positions.load()
        bookmarks = BookmarkStore(self.files["bookmarks"])
        bookmarks.load()
        notices = settings.notices + positions.notices + bookmarks.notices
        if notices:
            self.tally.torn.append(f"loading after the kill: {notices}")
        left = self.temp_files()
        self.tally.stray_temps_left += len(left)
        for writer in self.writers:
            saved = positions.get(document(writer))
            n = self.gen[("positions", writer)]
            if (saved.anchor.paragraph if saved else 0) != n:
                self.tally.torn.append(f"positions of {writer} reload differently")


def kill_rounds(
    home: Path, rounds: int, seed: int, writers: tuple[str, ...] = ("A",), max_delay_s: float = 0.04
) -> Tally:
    """Start the writers, let them save for a random moment, SIGKILL them; ``rounds`` times."""
    import random

    rng = random.Random(seed)
    with KillChecker(home, writers) as checker:
        for _ in range(rounds):
            checker.run_round(rng.uniform(0.0, max_delay_s))
    return checker.tally


def zygote(home: Path, writer: str) -> None:
    """For each ``go`` line on stdin, fork a writer (stdout shared) and report how it ended.

    Forking from a process that has already imported everything makes a
    round cost milliseconds, not a Python start-up; each writer is still a
    real process that loads the files afresh and is really killed.
    """
    for _line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            try:
                run_writer(home, writer)
            finally:
                os._exit(1)
        _pid, status = os.waitpid(pid, 0)
        code = os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status)
        _say(f"reaped {code}")


if __name__ == "__main__":
    zygote(Path(sys.argv[1]), sys.argv[2])
