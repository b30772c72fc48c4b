"""Speakable text: what the voice is given, with offsets back to the displayed text.

Interim identity implementation; the number, acronym, polyphone and
punctuation rules replace it.
"""

from __future__ import annotations

from dataclasses import dataclass

PUNCTUATION_LEVELS = ("none", "some", "all")


@dataclass(frozen=True)
class Speakable:
    """Text for the voice; ``offsets[i]`` is the displayed offset ``text[i]`` came from."""

    text: str
    offsets: tuple[int, ...]


def to_speakable(text: str, *, punctuation: str = "some", script: str = "zh-Hans") -> Speakable:
    """Rewrite displayed ``text`` into what the voice should read."""
    return Speakable(text, tuple(range(len(text))))
