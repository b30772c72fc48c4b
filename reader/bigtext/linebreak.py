"""Chinese line breaking for magnified text: whole words, and the punctuation rules.

A line may end only where all of these hold (clreq §3.1.7, GB/T 15834):

- it is a word boundary (jieba; every character boundary while jieba is
  still loading), and not inside a run of Latin letters or digits;
- the next line does not start with closing punctuation (``NO_START``:
  ``，。、；：？！）」』》…—”`` and the like) or a space;
- the line does not end with opening punctuation (``NO_END``: ``（「『《“``);
  so ``……`` and ``——`` are never split.

Lines are filled greedily, counting closing punctuation at a line's end at
the width it can be squeezed to (``squeeze``). A word wider than a line is
broken at the legal character positions inside it. A line is wider than the measure only when
an unbreakable unit — a character with the punctuation that must stay with
it, such as ``好。”`` — is wider than the whole line; the layout then
compresses its punctuation. ``\\n`` always ends a line.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from reader.bigtext.render import cell_units
from reader.chinese import words

_log = logging.getLogger(__name__)

#: Characters that may not begin a line.
NO_START = frozenset("，。、；：？！）」』》〉】〕〗〙］｝”’…‥—–～·・％‰℃°′″〃々〻．,.;:?!)]}%")
#: Characters that may not end a line.
NO_END = frozenset("（「『《〈【〔〖〘［｛“‘([{")


@dataclass(frozen=True, slots=True)
class Line:
    """Characters ``[start, end)`` of the text; ``width`` leaves out trailing whitespace."""

    start: int
    end: int
    width: int


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isprintable() and not ch.isspace()


def typographic_breaks(text: str) -> list[bool]:
    """``ok[i]``: a line may start at ``text[i]`` under the punctuation rules alone."""
    ok = [False] * (len(text) + 1)
    last = ""  # last non-space character before i
    for i, ch in enumerate(text):
        if i and not ch.isspace() and ch not in NO_START and last not in NO_END:
            ok[i] = True
        if not ch.isspace():
            last = ch
        elif ch == "\n":
            last = ""
    ok[len(text)] = True
    return ok


@lru_cache(maxsize=128)
def _word_ends(text: str) -> frozenset[int]:
    return frozenset(end for _, end in words.word_spans(text))


def word_boundaries(text: str, use_words: bool | None = None) -> frozenset[int] | None:
    """Offsets where jieba's words end, or None to treat every boundary as one.

    ``use_words`` None means "if jieba is already loaded": layout never waits
    for the dictionary.
    """
    if use_words is None:
        use_words = words.is_ready()
    if not use_words or not text:
        return None
    return _word_ends(text)


def break_lines(
    text: str,
    capacity: int,
    width: Callable[[str], int] = cell_units,
    *,
    squeeze: Callable[[str], int] | None = None,
    use_words: bool | None = None,
) -> list[Line]:
    """Break ``text`` into lines of at most ``capacity`` (in ``width`` units) where possible.

    ``width(ch)`` is the cost of one character (by default 2 for full-width,
    1 for half-width); whitespace at a line's end does not count.
    ``squeeze(ch)``, if given, is what a punctuation mark can give up at the
    end of a line (line-end punctuation compression): ``，。`` there may be
    drawn at half width, so ``公告写道：`` fits where ``公告写道`` does.
    """
    n = len(text)
    if n == 0:
        return []
    capacity = max(1, capacity)
    prefix = [0, *accumulate(width(ch) for ch in text)]
    # visible_end[e]: e minus the whitespace right before it.
    visible_end = list(range(n + 1))
    for e in range(1, n + 1):
        if text[e - 1].isspace():
            visible_end[e] = visible_end[e - 1]
    # run_start[e]: where the run of squeezable marks ending at e begins.
    savings = [0, *accumulate(squeeze(ch) if squeeze else 0 for ch in text)]
    run_start = list(range(n + 1))
    for e in range(1, n + 1):
        if savings[e] > savings[e - 1]:
            run_start[e] = run_start[e - 1]

    def line_width(s: int, e: int) -> int:
        v = max(s, visible_end[e])
        return prefix[v] - prefix[s] - (savings[v] - savings[max(s, run_start[v])])

    legal = typographic_breaks(text)
    bounds = word_boundaries(text, use_words)
    char_points = [i for i in range(1, n) if legal[i]]
    word_points = [
        i
        for i in char_points
        if (bounds is None or i in bounds) and not (_is_latin(text[i - 1]) and _is_latin(text[i]))
    ]
    forced = [i + 1 for i, ch in enumerate(text) if ch == "\n" and i + 1 < n] + [n]

    lines: list[Line] = []
    start = 0
    while start < n:
        limit = forced[bisect_right(forced, start)]
        end = _fill(start, limit, word_points, char_points, line_width, capacity)
        lines.append(Line(start, end, line_width(start, end)))
        start = end
    return lines


def _fill(start, limit, word_points, char_points, line_width, capacity) -> int:
    """End of the line that begins at ``start`` (never past ``limit``)."""
    candidates = _between(word_points, start, limit) + [limit]
    end = _last_fitting(candidates, start, line_width, capacity)
    if end is not None:
        return end
    # The first word does not fit: break inside it at a legal character position.
    inner = _between(char_points, start, candidates[0])
    end = _last_fitting(inner, start, line_width, capacity)
    if end is not None:
        return end
    # Not even one character and its punctuation fit: the smallest unit overflows.
    _log.debug("unbreakable unit wider than %d at %d", capacity, start)
    return inner[0] if inner else candidates[0]


def _between(points: list[int], low: int, high: int) -> list[int]:
    """Points p with low < p < high (points sorted)."""
    return points[bisect_right(points, low) : bisect_right(points, high - 1)]


def _last_fitting(candidates: list[int], start: int, line_width, capacity) -> int | None:
    """The largest candidate end whose line fits (widths grow with the end)."""
    i = bisect_right(candidates, capacity, key=lambda e: line_width(start, e))
    return candidates[i - 1] if i else None
