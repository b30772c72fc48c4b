"""Export speed per format and memory: ``python -m benchmarks export [--json FILE]``.

The bundled page (about ten minutes of speech at the default rate) is
exported through ``reader.export.export_articles``, the path
``reader export`` takes:

- ``export.wav_realtime_factor``, ``export.mp3_realtime_factor``,
  ``export.ogg_realtime_factor``: seconds of audio per second of wall
  time, median of ``--export-runs`` interleaved runs (the 2-core machine
  is noisy); the file size per minute of speech is in the note;
- ``export.peak_python_mb``: the most memory Python held at once while
  exporting the page to MP3 (tracemalloc, after a warm-up export so
  dictionaries are already loaded), against the page's whole PCM in the
  note: export streams, so this stays flat for a book of any length.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.result import Result, median

FORMATS = ("wav", "mp3", "ogg")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the export suite."""
    parser.add_argument(
        "--export-runs", type=int, default=3, metavar="N", help="exports per format"
    )


def _page_articles():
    from reader.importers import bundled_seed_paths, load

    return list(load([str(p) for p in bundled_seed_paths()]))


def _export_once(articles, path: Path) -> tuple[float, float]:
    """(realtime factor, seconds of speech) of one export to ``path``."""
    from reader.export import export_articles

    start = time.perf_counter()
    result = export_articles(articles, path)
    return result.seconds / (time.perf_counter() - start), result.seconds


def _peak_python_bytes(articles, directory: Path) -> int:
    from reader.export import export_articles

    export_articles(articles[:1], directory / "warm-up.mp3", rate=450)  # load dictionaries
    tracemalloc.start()
    try:
        export_articles(articles, directory / "page.mp3")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(options: argparse.Namespace) -> list[Result]:
    """Measure the export figures (see the module docstring)."""
    from voices.audio import SAMPLE_RATE, SAMPLE_WIDTH

    runs = max(1, getattr(options, "export_runs", 3))
    articles = _page_articles()
    factors: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
    sizes: dict[str, int] = {}
    seconds = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for _ in range(runs):
            for fmt in FORMATS:
                path = directory / f"page.{fmt}"
                factor, seconds = _export_once(articles, path)
                factors[fmt].append(factor)
                sizes[fmt] = path.stat().st_size
        peak = _peak_python_bytes(articles, directory)
    pcm_mb = seconds * SAMPLE_RATE * SAMPLE_WIDTH / 1e6
    targets = {"wav": 200, "mp3": 50, "ogg": 100}
    results = []
    for fmt in FORMATS:
        per_minute = sizes[fmt] / 1e6 / (seconds / 60)
        note = f"{seconds / 60:.1f} min of speech, {per_minute:.2f} MB/min, n={runs}"
        results.append(
            Result(
                f"export.{fmt}_realtime_factor",
                median(factors[fmt]),
                "x",
                targets[fmt],
                ">=",
                note,
            )
        )
    results.append(
        Result(
            "export.peak_python_mb",
            peak / 1e6,
            "MB",
            16,
            "<=",
            f"page to MP3; its PCM alone is {pcm_mb:.0f} MB",
        )
    )
    return results
