"""Cutting text for the voice into the pieces that are synthesised one at a time.

A piece is a sentence; a sentence longer than ``MAX_PIECE`` characters is
cut after its clause marks ``，；：`` (and ``,;:``) into runs of clauses of
at most that length, so that a new command, a rate change or the ahead
limit is never more than a clause away. Pieces are half-open
``(start, end)`` offsets into the text, without surrounding spaces.
"""

from __future__ import annotations

import re

MAX_PIECE = 48
_CLOSERS = "”’」』）》〉】〕)]\"'"
_SENTENCE_END = re.compile(rf"(?:[。！？!?…]+|\.(?=\s)|\.$|\n+)[{re.escape(_CLOSERS)}]*")
_CLAUSE_END = re.compile(rf"[，；：,;:、]+[{re.escape(_CLOSERS)}]*")


def split_pieces(text: str, max_piece: int = MAX_PIECE) -> list[tuple[int, int]]:
    """Sentences of ``text`` (long ones cut at clause marks) as ``[(start, end), …]``."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _add_sentence(pieces, text, start, match.end(), max_piece)
        start = match.end()
    _add_sentence(pieces, text, start, len(text), max_piece)
    return pieces


def _add_sentence(
    pieces: list[tuple[int, int]], text: str, start: int, end: int, max_piece: int
) -> None:
    start, end = _trim(text, start, end)
    if start >= end:
        return
    if end - start <= max_piece:
        pieces.append((start, end))
        return
    cuts = [m.end() for m in _CLAUSE_END.finditer(text, start, end) if m.end() < end]
    piece_start = start
    last_cut = start
    for cut in [*cuts, end]:
        if cut - piece_start > max_piece and last_cut > piece_start:
            _add_trimmed(pieces, text, piece_start, last_cut)
            piece_start = last_cut
        last_cut = cut
    _add_trimmed(pieces, text, piece_start, end)


def _add_trimmed(pieces: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    start, end = _trim(text, start, end)
    if start < end:
        pieces.append((start, end))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
