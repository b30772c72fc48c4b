"""Offsets between a source text and a rewritten form of it whose length may differ.

Script conversion with regional phrases (``软件`` → ``軟體``,
``U盘`` → ``隨身碟``) changes lengths in a few places and copies the rest
character for character. ``OffsetMap.between(source, converted)`` finds
those places; offsets inside a copied stretch map one to one, offsets
inside a rewritten stretch map proportionally onto the stretch it became.
Sentence and word boundaries never fall inside a rewritten phrase, so they
map exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Phrases never contain these, so source and result can be aligned piece by piece.
_PIECE_END = re.compile(r"[，。；！？：、\n]")


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets between a source text and a converted text.

    ``blocks`` lists the rewritten stretches as ``(src_start, src_end,
    dst_start, dst_end)`` in order; everything between them is copied.
    """

    source_length: int
    target_length: int
    blocks: tuple[tuple[int, int, int, int], ...] = ()

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text onto a same-length rewrite of it."""
        return cls(length, length)

    @classmethod
    def between(cls, source: str, converted: str) -> OffsetMap:
        """Align ``converted`` with ``source`` (its same-length, unphrased form)."""
        if len(source) == len(converted):
            return cls.identity(len(source))
        from difflib import SequenceMatcher

        src_pieces = _pieces(source)
        dst_pieces = _pieces(converted)
        if len(src_pieces) != len(dst_pieces):
            src_pieces, dst_pieces = [(0, source)], [(0, converted)]
        blocks: list[tuple[int, int, int, int]] = []
        for (s0, s_text), (d0, d_text) in zip(src_pieces, dst_pieces, strict=True):
            if s_text == d_text or len(s_text) == len(d_text):
                continue
            matcher = SequenceMatcher(None, s_text, d_text, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag != "equal":
                    blocks.append((s0 + i1, s0 + i2, d0 + j1, d0 + j2))
        return cls(len(source), len(converted), tuple(blocks))

    @property
    def is_identity(self) -> bool:
        """True when every offset maps to itself."""
        return not self.blocks and self.source_length == self.target_length

    def to_target(self, offset: int) -> int:
        """The converted-text offset of source ``offset`` (clamped to the text)."""
        return _map(offset, self.blocks, 0, 2, self.source_length, self.target_length)

    def to_source(self, offset: int) -> int:
        """The source offset of converted-text ``offset`` (clamped to the text)."""
        return _map(offset, self.blocks, 2, 0, self.target_length, self.source_length)


def _pieces(text: str) -> list[tuple[int, str]]:
    """``text`` cut after each phrase-free punctuation mark, with each piece's start."""
    pieces = []
    start = 0
    for m in _PIECE_END.finditer(text):
        pieces.append((start, text[start : m.end()]))
        start = m.end()
    pieces.append((start, text[start:]))
    return pieces


def _map(
    offset: int,
    blocks: tuple[tuple[int, int, int, int], ...],
    a: int,
    b: int,
    from_length: int,
    to_length: int,
) -> int:
    offset = min(max(offset, 0), from_length)
    if not blocks:
        return min(offset, to_length)
    starts = [blk[a] for blk in blocks]
    i = bisect_right(starts, offset) - 1
    if i < 0:
        return offset
    blk = blocks[i]
    a0, a1, b0, b1 = blk[a], blk[a + 1], blk[b], blk[b + 1]
    if offset >= a1:
        return min(b1 + (offset - a1), to_length)
    return b0 + (offset - a0) * (b1 - b0) // (a1 - a0)
