"""Sentence splitting for Chinese (and mixed Latin) text, as character offsets.

A sentence ends at ``。！？；…`` (also ``．`` used as a full stop, ``!?;``,
and a Latin full stop followed by a space or the end); closing quotes and
brackets right after the mark stay with the sentence (``他说：“好。”`` is
one sentence). Runs of marks (``！？``, ``……``) end one sentence, not
several. A very long run without any of them (old texts, OCR output) is
cut at the last comma-like mark or space before ``max_length`` characters,
or at ``max_length`` itself, so a "sentence" never grows without bound.
"""

from __future__ import annotations

import re

MAX_SENTENCE = 300
_CLOSERS = "”’」』）》〉】〕)]\"'"
_END = re.compile(
    rf"(?:[。！？；!?;…]+|(?<![0-9０-９])．(?![0-9０-９])|\.(?=\s)|\.$)[{re.escape(_CLOSERS)}]*"
)
_SOFT_BREAK = re.compile(r"[，、：,:\s]")


def split_sentences(text: str, max_length: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """Return ``[(start, end), …]`` covering ``text``; spaces between sentences are left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _END.finditer(text):
        end = m.end()
        if end <= start:
            continue
        _append(spans, text, start, end, max_length)
        start = end
    if start < n:
        _append(spans, text, start, n, max_length)
    if not spans:
        spans.append((0, n))
    return spans


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int, max_length: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    while stop - start > max_length:
        cut = _cut_point(text, start, start + max_length)
        _append(spans, text, start, cut, max_length)
        start = cut
        while start < stop and text[start].isspace():
            start += 1
    if stop > start:
        spans.append((start, stop))


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to cut an overlong sentence: after the last soft break in its second half."""
    floor = start + (limit - start) // 2
    for i in range(limit - 1, floor - 1, -1):
        if _SOFT_BREAK.match(text, i):
            return i + 1
    return limit
