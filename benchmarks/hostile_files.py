"""Hostile files: the full-size corpus plus seeded random files through every importer and ``outline``.

Each file runs in child processes with a memory cap (``RLIMIT_AS``) and a
time limit (``tests/hostile_runner.py``): once through every importer
(``tests/hostile_probe.py``: the loader's choice and each format forced)
and once through ``python -m reader outline``. Reports how many files were
tried, opened and refused with a clear message, the crashes and hangs
(target 0), the slowest ``outline`` (one import, what a user waits for;
target 60 s) and the slowest run of all importers together, the peak
memory of a child (its maximum resident set) and the longest refusal
message.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.result import Result

DEFAULT_RANDOM_FILES = 40
WORKERS = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of this suite."""
    group = parser.add_argument_group("hostile_files")
    group.add_argument(
        "--hostile-random",
        type=int,
        default=DEFAULT_RANDOM_FILES,
        metavar="N",
        help=f"seeded random files to add to the corpus (default {DEFAULT_RANDOM_FILES})",
    )
    group.add_argument("--hostile-seed", type=int, default=0, help="seed of the random files")
    group.add_argument(
        "--hostile-scale",
        type=float,
        default=1.0,
        help="size of the huge files (1 = full size: 10 MB lines, 100 000 nested tags)",
    )


def _check(case, path: Path) -> dict:
    from tests.hostile_runner import outline_file, outline_problem, probe_file

    probe = probe_file(path, case.keep)
    outline = outline_file(path)
    crashes = [f"{a['mode']}: {a['message']}" for a in probe.attempts if a["outcome"] == "crashed"]
    if not probe.hung and (probe.returncode != 0 or len(probe.attempts) < 5):
        crashes.append(f"probe exit {probe.returncode}: {probe.stderr[-300:]}")
    problem = outline_problem(outline)
    if problem and not outline.hung:
        crashes.append(f"outline: {problem[:300]}")
    loader = next((a for a in probe.attempts if a["mode"] == "loader"), {})
    messages = [a["message"] for a in probe.attempts if a["outcome"] == "refused"]
    return {
        "name": case.name,
        "opened": loader.get("outcome") == "opened",
        "refused": loader.get("outcome") == "refused",
        "crashes": crashes,
        "hung": probe.hung or outline.hung,
        "seconds": outline.seconds,
        "probe_seconds": probe.seconds,
        "peak_mb": max(probe.peak_mb, outline.peak_mb),
        "longest_message": max(map(len, messages), default=0),
        "multiline_messages": sum("\n" in m for m in messages),
    }


def run(options: argparse.Namespace) -> list[Result]:
    """Run the corpus; one Result per figure."""
    from tests.hostile_corpus import all_cases, random_cases, write_corpus
    from tests.hostile_runner import ADDRESS_SPACE_LIMIT, MAX_MESSAGE_CHARS, TIME_LIMIT_SECONDS

    scale = getattr(options, "hostile_scale", 1.0)
    cases = all_cases(scale) + random_cases(
        getattr(options, "hostile_random", DEFAULT_RANDOM_FILES),
        getattr(options, "hostile_seed", 0),
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reader-hostile-") as folder:
        paths = write_corpus(Path(folder), cases)
        with ThreadPoolExecutor(WORKERS) as pool:
            rows = list(pool.map(_check, cases, paths))
    elapsed = time.perf_counter() - started
    for row in rows:
        for crash in row["crashes"]:
            print(f"hostile_files: CRASH {row['name']}: {crash}")
        if row["hung"]:
            print(f"hostile_files: HANG {row['name']}")
    slowest = max(rows, key=lambda r: r["seconds"])
    slowest_probe = max(rows, key=lambda r: r["probe_seconds"])
    biggest = max(rows, key=lambda r: r["peak_mb"])
    wordiest = max(rows, key=lambda r: r["longest_message"])
    return [
        Result("hostile.files_tried", len(rows), "files", note=f"scale {scale:g}"),
        Result("hostile.opened", sum(r["opened"] for r in rows), "files"),
        Result("hostile.refused_clearly", sum(r["refused"] for r in rows), "files"),
        Result("hostile.crashes", sum(bool(r["crashes"]) for r in rows), "files", target=0),
        Result("hostile.hangs", sum(r["hung"] for r in rows), "files", target=0),
        Result(
            "hostile.multiline_messages",
            sum(r["multiline_messages"] for r in rows),
            "messages",
            target=0,
        ),
        Result(
            "hostile.slowest_outline_s",
            round(slowest["seconds"], 2),
            "s",
            target=TIME_LIMIT_SECONDS,
            note=slowest["name"],
        ),
        Result(
            "hostile.slowest_all_importers_s",
            round(slowest_probe["probe_seconds"], 2),
            "s",
            note=f"{slowest_probe['name']}: loader + 4 forced formats + sentences",
        ),
        Result(
            "hostile.peak_memory_mb",
            round(biggest["peak_mb"], 1),
            "MB",
            target=ADDRESS_SPACE_LIMIT / 2**20,
            note=biggest["name"],
        ),
        Result(
            "hostile.longest_message",
            wordiest["longest_message"],
            "chars",
            target=MAX_MESSAGE_CHARS,
            note=wordiest["name"],
        ),
        Result("hostile.wall_time_s", round(elapsed, 1), "s"),
    ]
