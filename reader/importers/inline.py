"""Whitespace in text taken from markup (HTML, Markdown, EPUB): collapse it the way a page shows it.

A line break inside a paragraph is a space between Latin words and nothing
between Chinese characters or next to full-width punctuation (a browser
would show a stray space there);
runs of spaces, tabs, no-break and ideographic spaces become one space;
the ends are trimmed.
"""

from __future__ import annotations

import re

_BREAK = re.compile(r"[ \t\r\f\v\u00a0\u3000]*\n[\s\u00a0\u3000]*")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000\u2002\u2003\u2009\u200b]+")


def is_wide(ch: str) -> bool:
    """True for CJK characters and full-width punctuation, which take no spaces around them."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFE30 <= cp <= 0xFE4F
        or 0xFF00 <= cp <= 0xFFEF
        or 0x20000 <= cp <= 0x3FFFF
    )


def _is_wide_punctuation(ch: str) -> bool:
    cp = ord(ch)
    return 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFF0F or 0xFF1A <= cp <= 0xFF20


def tidy_inline(text: str) -> str:
    """Collapse the whitespace of one paragraph of markup text (``\\n`` marks soft line breaks)."""

    def join(m: re.Match[str]) -> str:
        start, end = m.start(), m.end()
        if start == 0 or end == len(text):
            return ""
        left, right = text[start - 1], text[end]
        if _is_wide_punctuation(left) or _is_wide_punctuation(right):
            return ""
        return "" if is_wide(left) and is_wide(right) else " "

    text = _BREAK.sub(join, text)
    return _SPACES.sub(" ", text).strip()
