"""Chapter headings in plain-text books: on their own line, or run into the text.

On a line of its own, ``第一回 …``, ``第12章 …``, ``卷三``, ``Chapter 7``,
``序``, ``楔子`` and the like start a chapter.

Some e-books lost every line break: a whole novel is one line, with
``…且聽下回分解。第二回悟徹菩提真妙理斷魔歸本合元神話表美猴王…``. There a
``第N回``/``第N章`` starts a chapter only if it is the next number in
sequence, or if it follows a chapter's closing formula (``下回分解``, which
also covers sites that dropped the zeros: ``第一回`` for 第一百回); a
mention in the prose (``此開卷第一回也``) is neither. The title of a run-in
``回`` heading is its couplet (回目): it ends where a usual opening
(``話說``, ``卻說``, ``詩曰``…) starts, or else at the length most other
couplets in the book have.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_CN_NUM = "〇零一二三四五六七八九十百千两兩0-9０-９"
CHAPTER_HEADING = re.compile(
    rf"^\s*(?:第[{_CN_NUM}]+[回章节節卷部篇集幕]|卷[{_CN_NUM}]+|(?:chapter|book|part)\s+[0-9IVXLCDM]+\b"
    r"|序[章言幕]?|楔子|引子|尾声|尾聲|后记|後記)"
    r"(?:[\s\u3000:：.、·]+.*)?$",
    re.IGNORECASE,
)
# A heading line is short; a long line starting with 第一回 is prose.
MAX_HEADING_CHARS = 40

_INLINE = re.compile(rf"第([{_CN_NUM}]{{1,6}})([回章])")
_CLOSING_FORMULA = re.compile(
    r"(?:分解|下回|下文|便知|便見|便见|再見|再见|如何)[。.．！!]?[」”』]?$"
)
_OPENERS = (
    "話說 话说 卻說 却说 且說 且说 話表 话表 詩曰 诗曰 詩云 诗云 詞曰 词曰 此開卷 此开卷 "
    "且不言 且不题 且不題 卻表 却表 再說 再说 原來 原来 單表 单表 說話 说话"
).split()
_TITLE_STOP = re.compile(r"[，。：；！？、「『“‘（(\s]")
# Chapters run into the text are at least this far apart.
MIN_CHAPTER_CHARS = 200

_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")}
_DIGITS.update({"零": 0, "两": 2, "兩": 2})
_DIGITS.update({str(i): i for i in range(10)})
_DIGITS.update({chr(0xFF10 + i): i for i in range(10)})
_UNITS = {"十": 10, "百": 100, "千": 1000}


def is_chapter_heading(line: str) -> bool:
    """True if ``line`` is a chapter heading such as ``第一回 …`` or ``Chapter 1``."""
    line = line.strip()
    return 0 < len(line) <= MAX_HEADING_CHARS and bool(CHAPTER_HEADING.match(line))


def heading_title(line: str) -> str:
    """A heading line as a title: whitespace (ideographic spaces too) collapsed to single spaces."""
    return " ".join(line.replace("\u3000", " ").split())


def chinese_number(numeral: str) -> int | None:
    """``"一百二十"`` → 120, ``"一一八"`` → 118 (digit by digit), ``"12"`` → 12; None if not a number."""
    if not numeral or any(ch not in _DIGITS and ch not in _UNITS for ch in numeral):
        return None
    if not any(ch in _UNITS for ch in numeral):
        value = 0
        for ch in numeral:
            value = value * 10 + _DIGITS[ch]
        return value
    total, current = 0, 0
    for ch in numeral:
        if ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            current = current * 10 + _DIGITS[ch]
    return total + current


def heading_number(line: str) -> int | None:
    """The chapter number of a heading line (``第十二回 …`` → 12), or None."""
    m = _INLINE.search(line[:12])
    return chinese_number(m.group(1)) if m else None


@dataclass(frozen=True)
class InlineHeading:
    """A chapter heading found inside running text: ``text[start:end]`` is ``第N回`` plus its title."""

    start: int
    end: int
    title: str
    number: int | None


def find_inline_headings(text: str, last_number: int | None = None) -> list[InlineHeading]:
    """Chapter headings run into ``text`` (a book without line breaks), in order."""
    found: list[tuple[int, int, str, int | None]] = []
    unit = ""
    for m in _INLINE.finditer(text):
        number = chinese_number(m.group(1))
        if unit and m.group(2) != unit:
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        closes = bool(_CLOSING_FORMULA.search(before))
        expected = 1 if last_number is None else last_number + 1
        if not (closes or number == expected or (not found and number == 1)):
            continue
        if found and m.start() - found[-1][0] < MIN_CHAPTER_CHARS:
            continue
        unit = m.group(2)
        found.append((m.start(), m.end(), m.group(0), number))
        last_number = number if number is not None else expected
    return _with_titles(text, found)


def _with_titles(text: str, found: list[tuple[int, int, str, int | None]]) -> list[InlineHeading]:
    """Find where each run-in title ends (see the module docstring)."""
    spans: list[int | None] = []
    for _start, end, label, _number in found:
        spans.append(
            _couplet_length(text, end) if label.endswith("回") else _short_title(text, end)
        )
    lengths = Counter(n for n in spans if n)
    usual = lengths.most_common(1)[0][0] if lengths else 0
    out = []
    for (start, end, label, number), span in zip(found, spans, strict=True):
        if span is None:
            stop = _TITLE_STOP.search(text, end, end + 41)
            run = (stop.start() if stop else end + 40) - end
            span = usual if usual and run > usual else (run if run <= 20 else 0)
        title = text[end : end + span]
        if label.endswith("回") and len(title) >= 6 and len(title) % 2 == 0:
            half = len(title) // 2
            title = f"{title[:half]} {title[half:]}"
        out.append(InlineHeading(start, end + span, f"{label} {title}".strip(), number))
    return out


def _couplet_length(text: str, end: int) -> int | None:
    """Length of a 回目 couplet starting at ``end``, if an opening word or a repeat marks its end."""
    window = text[end : end + 24]
    for length in range(6, 21, 2):
        rest = window[length:]
        if rest.startswith(tuple(_OPENERS)) or rest.startswith("第"):
            return length
    return None


def _short_title(text: str, end: int) -> int | None:
    """A ``第N章`` title: the words up to the first punctuation, if short."""
    stop = _TITLE_STOP.search(text, end, end + 21)
    return stop.start() - end if stop else None
