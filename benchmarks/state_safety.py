"""State safety: ``python -m benchmarks state_safety [--state-kills N] [--json FILE]``.

- ``state.kills``: real writer processes saving settings, positions and
  bookmarks with the real stores (``tests/state_writer.py``), SIGKILLed at
  seeded random moments; ``--state-kills`` of them for one writer, and as
  many again split between two writers saving the same files at once
  (two reader windows);
- ``state.torn_or_invalid``: files that after a kill were not exactly the
  version before or the one being saved (empty, half written, not JSON,
  a finished save lost, or a problem reported on the next load); target 0;
- ``state.lost_to_old``: saves under way at the kill that left the old
  version (expected, nothing finished is lost); ``state.went_new`` in the
  note: those that had already landed;
- ``state.stray_temps_left``: temp files still there after the next load
  (those seen right after the kills are in the note); target 0;
- ``state.save_ms.median`` / ``state.save_ms.max``: one save (read, merge,
  write, two fsyncs) of any of the three files, as the writers measured it;
- ``state.big_positions_save_ms``: median save of ``positions.json`` with
  1,000 documents in it;
- ``signal.tried`` / ``signal.unsaved``: the real ``reader`` in tmux
  stopped by SIGTERM, SIGHUP, SIGINT, Ctrl+C and closing the terminal
  (``tests/signal_exit.py``), ``--state-signal-runs`` times each; unsaved
  counts runs that lost the place, left the terminal broken, exited with
  the wrong status or logged an error; target 0.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.result import Result, median


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the state_safety suite."""
    group = parser.add_argument_group("state_safety suite")
    group.add_argument("--state-kills", type=int, default=500, metavar="N", help="SIGKILLs")
    group.add_argument("--state-seed", type=int, default=2026, help="random seed of the kills")
    group.add_argument(
        "--state-signal-runs", type=int, default=2, metavar="N", help="runs per way of stopping"
    )


def _kills(kills: int, seed: int, directory: Path):
    from tests.state_writer import Tally, kill_rounds

    one = kill_rounds(directory / "one", rounds=kills, seed=seed)
    two = kill_rounds(
        directory / "two", rounds=max(1, kills // 2), seed=seed + 1, writers=("A", "B")
    )
    total = Tally()
    for tally in (one, two):
        total.kills += tally.kills
        total.checks += tally.checks
        total.torn += tally.torn
        total.lost_to_old += tally.lost_to_old
        total.went_new += tally.went_new
        total.stray_temps_seen += tally.stray_temps_seen
        total.stray_temps_left += tally.stray_temps_left
        total.latencies_ms += tally.latencies_ms
    return total


def _big_positions_save_ms(directory: Path) -> float:
    from reader.state import Anchor, FileSignature, PositionStore

    store = PositionStore(directory / "positions.json")
    for n in range(1000):
        store.put(
            f"/books/第{n}本.txt",
            Anchor(paragraph=n, snippet="春天来了。" * 4),
            FileSignature(n, n),
        )
    store.save()
    times = []
    for n in range(30):
        store.put("/books/第1本.txt", Anchor(paragraph=n + 1), FileSignature(1, 1))
        start = time.perf_counter()
        store.save(["/books/第1本.txt"])
        times.append((time.perf_counter() - start) * 1000)
    return median(times)


def _signals(runs: int, directory: Path) -> tuple[int, list[str], list[float]]:
    from tests.signal_exit import WAYS, stop_reader

    tried, failed, seconds = 0, [], []
    for run in range(runs):
        for way in WAYS:
            tried += 1
            try:
                result = stop_reader(way, directory / f"{run}-{way.replace(' ', '-')}")
            except AssertionError as exc:
                failed.append(f"{way}: {exc}")
                continue
            seconds.append(result.exit_seconds)
            if not result.ok:
                failed.append(f"{way}: {result}")
    return tried, failed, seconds


def run(options: argparse.Namespace) -> list[Result]:
    """Kill writers, stop the app with signals, time saves."""
    with tempfile.TemporaryDirectory(prefix="reader-state-") as tmp:
        directory = Path(tmp)
        start = time.perf_counter()
        tally = _kills(options.state_kills, options.state_seed, directory)
        kill_seconds = time.perf_counter() - start
        big_ms = _big_positions_save_ms(directory)
        if shutil.which("tmux") and options.state_signal_runs > 0:
            tried, failed, exits = _signals(options.state_signal_runs, directory / "signals")
        else:
            tried, failed, exits = 0, [], []
    latencies = tally.latencies_ms
    results = [
        Result(
            "state.kills",
            tally.kills,
            "kills",
            note=f"{tally.checks} file checks in {kill_seconds:.0f} s; one writer, then two at once",
        ),
        Result(
            "state.torn_or_invalid",
            len(tally.torn),
            "files",
            target=0,
            note="; ".join(tally.torn[:3]),
        ),
        Result(
            "state.lost_to_old",
            tally.lost_to_old,
            "saves",
            note=f"saves under way kept the old version; {tally.went_new} had landed",
        ),
        Result(
            "state.stray_temps_left",
            tally.stray_temps_left,
            "files",
            target=0,
            note=f"{tally.stray_temps_seen} seen right after kills, removed on the next load",
        ),
        Result("state.save_ms.median", median(latencies), "ms", note=f"{len(latencies)} saves"),
        Result("state.save_ms.max", max(latencies, default=0.0), "ms"),
        Result(
            "state.big_positions_save_ms", big_ms, "ms", note="positions.json of 1,000 documents"
        ),
        Result(
            "signal.tried",
            tried,
            "exits",
            note="TERM, HUP, INT, Ctrl+C key, terminal closed"
            if tried
            else ("not run" if options.state_signal_runs <= 0 else "tmux not installed"),
        ),
        Result(
            "signal.unsaved",
            len(failed),
            "exits",
            target=0,
            note="; ".join(failed[:2])
            or (f"exit within {max(exits):.2f} s of the signal" if exits else ""),
        ),
    ]
    return results
