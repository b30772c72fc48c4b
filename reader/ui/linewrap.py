"""Wrapping displayed text into terminal lines, as character offsets.

Chinese breaks between any two characters, except that a line never starts
with closing punctuation (``，。、）」`` …) nor ends with an opening one
(``（「`` …); Latin words are kept whole when they fit. Widths are terminal
cells (CJK characters take two).
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import get_character_cell_size

NO_LINE_START = set("，。、；：？！）」』”’》〉】〕…—,.;:?!)]}%")
NO_LINE_END = set("（「『“‘《〈【〔([{")


@lru_cache(maxsize=4096)
def _wide(ch: str) -> int:
    return get_character_cell_size(ch)


def cell_width(ch: str) -> int:
    """Cells taken by one character."""
    return 1 if " " <= ch < "\u0300" else _wide(ch)


def cells(text: str) -> int:
    """Cells taken by ``text``."""
    return sum(cell_width(ch) for ch in text)


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "'-")


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Lines of ``text`` as ``[(start, end), …]`` no wider than ``width`` cells (one at least)."""
    width = max(2, width)
    lines: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    while start < n:
        used = 0
        end = start
        while end < n and used + cell_width(text[end]) <= width:
            used += cell_width(text[end])
            end += 1
        if end == start:
            end = start + 1
        if end < n:
            end = _adjust_break(text, start, end)
        lines.append((start, end))
        start = end
        while start < n and text[start] == " ":
            start += 1
    return lines or [(0, 0)]


def _adjust_break(text: str, start: int, end: int) -> int:
    """Move a break back so it falls between words and obeys the punctuation rules."""
    if _is_word_char(text[end - 1]) and _is_word_char(text[end]):
        space = text.rfind(" ", start, end)
        if space > start:
            return space + 1
        word_start = end
        while word_start > start and _is_word_char(text[word_start - 1]):
            word_start -= 1
        if word_start > start:
            return word_start
    cut = end
    for _ in range(2):
        if cut - 1 > start and (text[cut] in NO_LINE_START or text[cut - 1] in NO_LINE_END):
            cut -= 1
    return cut
