"""Sentence splitting for Chinese (and mixed Latin) text, as character offsets.

A sentence ends at ``。！？；…`` (and ``!?;`` or a Latin full stop followed by
a space); closing quotes and brackets right after the mark stay with the
sentence (``他说：“好。”`` is one sentence). Runs of marks (``！？``,
``……``) end one sentence, not several.
"""

from __future__ import annotations

import re

_CLOSERS = "”’」』）》〉】〕)]\"'"
_END = re.compile(rf"(?:[。！？；!?;…]+|\.(?=\s)|\.$)[{re.escape(_CLOSERS)}]*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``[(start, end), …]`` covering ``text``; spaces between sentences are left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _END.finditer(text):
        end = m.end()
        if end <= start:
            continue
        _append(spans, text, start, end)
        start = end
    if start < n:
        _append(spans, text, start, n)
    if not spans:
        spans.append((0, n))
    return spans


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    if stop > start:
        spans.append((start, stop))
