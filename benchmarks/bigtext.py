"""Large text: full-screen re-layout time, glyph pack size and load time, bounded memory.

``python -m benchmarks bigtext``. The re-layout is measured on the real
widget in a headless Textual app at 120×40: ``show()`` (line breaking, pages)
plus drawing the page's strips, for every style and zoom, once with an empty
glyph cache (after a zoom or style change) and again warm (resize, page turn).
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
import tracemalloc
from pathlib import Path

from benchmarks.result import Result, median

SEED = Path(__file__).resolve().parent.parent / "seeds" / "charity-news-page-2022-11.txt"
SIZE = (120, 40)


def add_arguments(parser) -> None:
    """Options of this suite."""
    parser.add_argument(
        "--bigtext-repeat", type=int, default=7, help="runs per style and zoom (bigtext)"
    )


def _paragraph(chars: int = 600) -> str:
    """Running text from the bundled newspaper page (printed line breaks joined)."""
    raw = SEED.read_text(encoding="utf-8")
    text = "".join(re.sub(r"\s*\n\s*", "", p) for p in re.split(r"\n\s*\n", raw))
    return text[:chars]


async def _relayout_times(text: str, repeat: int) -> tuple[list[float], list[float]]:
    from textual.app import App, ComposeResult

    from reader.bigtext.glyphpack import default_pack
    from reader.bigtext.render import STYLES, ZOOM_LEVELS
    from reader.bigtext.widget import BigText

    class Bench(App):
        def compose(self) -> ComposeResult:
            yield BigText(text)

    cold: list[float] = []
    warm: list[float] = []
    pack = default_pack()
    app = Bench()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        big = app.query_one(BigText)
        for style in STYLES:
            for zoom in ZOOM_LEVELS:
                big.set_reactive(BigText.style, style)
                big.set_reactive(BigText.zoom, zoom)
                per_cold, per_warm = [], []
                for _ in range(repeat):
                    pack.clear_cache()
                    for bucket in (per_cold, per_warm):
                        t0 = time.perf_counter()
                        big.show(text, (0, 2))
                        big.rendered_rows()
                        bucket.append((time.perf_counter() - t0) * 1000)
                cold.append(median(per_cold))
                warm.append(median(per_warm))
    return cold, warm


def _cache_memory_mb() -> tuple[float, int]:
    """Size of a full rendered-glyph cache at the largest geometry, and its entry count.

    Sums the cached rows (``sys.getsizeof``) plus the cache's own bookkeeping
    per entry; tracing allocations instead makes rendering ten times slower.
    """
    from reader.bigtext.glyphpack import DEFAULT_CACHE_SIZE, GlyphPack

    pack = GlyphPack()
    chars = [chr(cp) for cp in pack.codepoints()][: DEFAULT_CACHE_SIZE + 500]
    kept = [pack.rendered(ch, "sext", 8) for ch in chars][-DEFAULT_CACHE_SIZE:]
    entries = pack.cache_info().currsize
    per_entry = 200  # lru_cache link node + key tuple of (str, str, int, bool)
    used = sum(sys.getsizeof(rows) + sum(map(sys.getsizeof, rows)) for rows in kept)
    return (used + per_entry * entries) / 2**20, entries


def run(options) -> list[Result]:
    """Measure and return the bigtext results."""
    from reader.bigtext.glyphpack import PACK_PATH, GlyphPack
    from reader.chinese import words

    words.wait_ready()
    results = [
        Result("bigtext.pack_kb", PACK_PATH.stat().st_size / 1024, "KB", 300, note="xz, shipped")
    ]
    tracemalloc.start()
    t0 = time.perf_counter()
    pack = GlyphPack()
    pack.glyph("市")
    load_ms = (time.perf_counter() - t0) * 1000
    resident = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    results.append(
        Result("bigtext.pack_load_ms", load_ms, "ms", 100, note=f"{len(pack)} glyphs, lazy")
    )
    results.append(Result("bigtext.pack_resident_mb", resident, "MB", 4))
    repeat = getattr(options, "bigtext_repeat", 7)
    cold, warm = asyncio.run(_relayout_times(_paragraph(), repeat))
    results.append(
        Result(
            "bigtext.relayout_ms",
            max(cold),
            "ms",
            50,
            note=f"120x40, worst of 3 styles x 5 zooms, cold glyph cache (median {median(cold):.1f})",
        )
    )
    results.append(
        Result(
            "bigtext.relayout_warm_ms",
            max(warm),
            "ms",
            50,
            note=f"same, glyphs cached (median {median(warm):.1f})",
        )
    )
    cache_mb, entries = _cache_memory_mb()
    results.append(
        Result(
            "bigtext.glyph_cache_mb",
            cache_mb,
            "MB",
            16,
            note=f"full cache, sextants at zoom 8, bounded at {entries} glyphs",
        )
    )
    return results
