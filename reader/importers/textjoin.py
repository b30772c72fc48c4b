"""Joining wrapped lines and normalising the spacing that OCR leaves in Chinese text.

Chinese is written without spaces, so a space is kept only where both of
its neighbours are Latin letters or digits (``Alibaba Group``, ``AI 2022``);
every other run of spaces — ``11 月 28 日``, ``获悉， 自``, ``上海。 ”`` — is
dropped. Lines are joined by the same rule.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_DASH_RUN = re.compile(r"—{3,}")


def is_latin(ch: str) -> bool:
    """True for characters that take spaces between words: Latin letters and digits."""
    return ch.isascii() and ch.isalnum() or ("\u00c0" <= ch <= "\u024f" and ch.isalpha())


def normalize_spacing(text: str) -> str:
    """Drop OCR spaces inside Chinese text, keeping one space between Latin words.

    A run of three or more dashes (``———``, how GB text often encodes the
    Chinese dash) becomes the dash ``——``.
    """
    return _DASH_RUN.sub("——", drop_ocr_spaces(text))


def drop_ocr_spaces(text: str) -> str:
    """Drop the spaces OCR leaves in Chinese text, keeping one space between Latin words."""

    def repl(m: re.Match[str]) -> str:
        start, end = m.start(), m.end()
        if 0 < start and end < len(text) and is_latin(text[start - 1]) and is_latin(text[end]):
            return " "
        if 0 < start and end < len(text) and text[start - 1] in ",.;:!?)" and is_latin(text[end]):
            return " "
        return ""

    return _SPACES.sub(repl, text)


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one paragraph: no space between Chinese, one between Latin words.

    A number cut at the end of a line (``20`` / ``22年``, ``1.`` / ``1亿``)
    is joined without a space; a word hyphenated at the line end is rejoined.
    """
    out = ""
    for line in lines:
        line = line.strip(" \t\u3000\u00a0")
        if not line:
            continue
        if out:
            out = _joined_end(out, line[0])
        out += line
    return normalize_spacing(out)


def _joined_end(out: str, nxt: str) -> str:
    """``out`` with what goes between it and a next line starting with ``nxt``."""
    last = out[-1]
    if last.isdigit() and nxt.isdigit():
        return out
    if last == "." and len(out) > 1 and out[-2].isdigit() and nxt.isdigit():
        return out
    if is_latin(last) and is_latin(nxt) or last in ",.;:!?" and is_latin(nxt):
        return out + " "
    if last == "-" and len(out) > 1 and out[-2].isalpha() and nxt.isalpha():
        return out[:-1]
    return out
