"""Speakable text: what the voice is given, with offsets back to the displayed text.

A voice reads characters; a listener expects more:

* numbers read as Chinese speakers read them (``2022年`` → 二零二二年,
  ``1335 万人次`` → 一千三百三十五万人次, ``22.5%`` → 百分之二十二点五;
  see ``numbers``), and unit signs as words (``35℃`` → 三十五摄氏度);
* Latin acronyms spelled letter by letter (``OCR`` → O-C-R, ``APP`` →
  A-P-P); other Latin words are left to the voice;
* polyphones read right in context: where espeak-ng would misread a
  character (选为 wéi, 教我们 jiāo, 长得 zhǎng), it is given the
  tone-numbered pinyin syllable instead (``wei2``), which espeak-ng reads
  inside Chinese text as that syllable (see ``polyphones``); characters
  espeak cannot read at all get their pinyin, or are left out;
* punctuation spoken by level: ``none`` (marks only make pauses), ``some``
  (book titles, brackets and dashes named: 左书名号 … 右书名号), ``all``
  (quotes and every other mark named too);
* Traditional text is spoken from its Simplified form (same length), which
  Mandarin dictionaries cover best; fullwidth letters and digits become
  ASCII; private-use and control characters are left out.

``Speakable.offsets[i]`` is the displayed offset that ``text[i]`` came from:
non-decreasing and within ``[0, len(displayed)]``, so word events from the
engine map back to the highlight.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PUNCTUATION_LEVELS = ("none", "some", "all")

# What is said for each mark, and from which level on.
_SOME_NAMES = {
    "《": "左书名号",
    "》": "右书名号",
    "〈": "左书名号",
    "〉": "右书名号",
    "（": "左括号",
    "）": "右括号",
    "(": "左括号",
    ")": "右括号",
}
_ALL_NAMES = {
    **_SOME_NAMES,
    "“": "左引号",
    "”": "右引号",
    "‘": "左单引号",
    "’": "右单引号",
    "「": "左引号",
    "」": "右引号",
    "『": "左双引号",
    "』": "右双引号",
    '"': "引号",
    "【": "左方括号",
    "】": "右方括号",
    "、": "顿号",
    "，": "逗号",
    "。": "句号",
    "：": "冒号",
    "；": "分号",
    "？": "问号",
    "！": "叹号",
    "·": "间隔号",
}
_OPENING = set("《〈（(“‘「『【")
_DASHES = re.compile(r"[—―─]{1,}|-{2,}")
_ELLIPSIS = re.compile(r"…+|\.{3,}")
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{2,4}(?![A-Za-z])")
_PAUSE = "，"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uff0f\U00020000-\U0003134f]")
_SYMBOLS = {
    "℃": "摄氏度",
    "°C": "摄氏度",
    "℉": "华氏度",
    "°F": "华氏度",
    "㎡": "平方米",
    "m²": "平方米",
    "㎞": "公里",
    "㎏": "公斤",
    "㎝": "厘米",
    "㎜": "毫米",
    "°": "度",
}
_SYMBOL = re.compile("|".join(sorted(map(re.escape, _SYMBOLS), key=len, reverse=True)))


@dataclass(frozen=True)
class Speakable:
    """Text for the voice; ``offsets[i]`` is the displayed offset ``text[i]`` came from."""

    text: str
    offsets: tuple[int, ...]


def to_speakable(
    text: str,
    *,
    punctuation: str = "some",
    script: str = "zh-Hans",
    force_readings: bool | None = None,
) -> Speakable:
    """Rewrite displayed ``text`` (in variant ``script``) into what the voice should read.

    ``force_readings`` gives espeak-ng pinyin for the polyphones it would
    misread; it only suits espeak-ng's Mandarin voice. The default (None)
    does so except for zh-HK, whose default voice is Cantonese; pass False
    for other engines.
    """
    if punctuation not in PUNCTUATION_LEVELS:
        raise ValueError(f"punctuation level {punctuation!r} not in {PUNCTUATION_LEVELS}")
    if force_readings is None:
        force_readings = script != "zh-HK"
    base = _normalise(text, script)
    replacements = _replacements(base, punctuation)
    forced = _forced(base) if force_readings else {}
    out = _Builder()
    i = 0
    n = len(base)
    while i < n:
        if i in replacements:
            end, spoken = replacements[i]
            out.add(spoken, i, end)
            i = end
            continue
        ch = base[i]
        if i in forced:
            reading = forced[i]
            if reading:
                out.add(f" {reading} ", i, i + 1)
            i += 1
            continue
        if ch in _ALL_NAMES or ch in _SOME_NAMES:
            out.add(_mark(ch, punctuation), i, i + 1)
        elif ch.isspace():
            if not _between_chinese(out, base, i):
                out.add(" ", i, i + 1)
        elif _unspeakable(ch):
            pass
        else:
            out.add(ch, i, i + 1)
        i += 1
    return out.result()


def _normalise(text: str, script: str) -> str:
    """Same-length form for speech: Simplified, ASCII letters/digits, canonical ideographs."""
    from reader.chinese.script import for_speech

    spoken = for_speech(text, script)
    return "".join(_normal_char(ch) for ch in spoken)


def _normal_char(ch: str) -> str:
    code = ord(ch)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return chr(code - 0xFEE0)  # fullwidth letters and digits
    if ch in "％．＋－":
        return chr(code - 0xFEE0)
    if ch == "\u3000":
        return " "
    if 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F:
        canonical = unicodedata.normalize("NFC", ch)
        return canonical if len(canonical) == 1 else ch
    return ch


def _replacements(base: str, punctuation: str) -> dict[int, tuple[int, str]]:
    """Spans rewritten whole: numbers, acronyms, dashes and ellipses."""
    from reader.chinese.numbers import rewrite_numbers

    found: dict[int, tuple[int, str]] = {}
    taken: set[int] = set()

    def claim(start: int, end: int, spoken: str) -> None:
        if not taken.intersection(range(start, end)):
            found[start] = (end, spoken)
            taken.update(range(start, end))

    for start, end, spoken in rewrite_numbers(base):
        claim(start, end, spoken)
    for m in _SYMBOL.finditer(base):
        claim(m.start(), m.end(), _SYMBOLS[m.group()])
    for m in _ACRONYM.finditer(base):
        claim(m.start(), m.end(), "-".join(m.group()))
    dash = _PAUSE if punctuation == "none" else f"{_PAUSE}破折号{_PAUSE}"
    for m in _DASHES.finditer(base):
        claim(m.start(), m.end(), dash)
    if punctuation == "all":
        for m in _ELLIPSIS.finditer(base):
            claim(m.start(), m.end(), f"省略号{m.group()}")
    return found


def _forced(base: str) -> dict[int, str | None]:
    """Readings to force on espeak-ng, decided along jieba's words when jieba is ready."""
    from reader.chinese.polyphones import forced_readings
    from reader.chinese.words import fallback_word_spans, is_ready, word_spans

    spans = word_spans(base, script="zh-Hans", wait=False) if is_ready() else None
    return forced_readings(base, spans or fallback_word_spans(base))


def _between_chinese(out: _Builder, base: str, i: int) -> bool:
    """A space between Chinese characters or digits (OCR spacing: ``1335 万``) says nothing."""
    j = i
    while j < len(base) and base[j].isspace():
        j += 1
    before = out.parts[-1] if out.parts else ""
    after = base[j] if j < len(base) else ""
    return bool(_CJK.match(before)) and bool(_CJK.match(after) or after.isdigit())


def _mark(ch: str, level: str) -> str:
    names = _ALL_NAMES if level == "all" else _SOME_NAMES if level == "some" else {}
    name = names.get(ch)
    if not name:
        return ch
    return f"{ch}{name}" if ch in _OPENING else f"{name}{ch}"


def _unspeakable(ch: str) -> bool:
    """Private-use, unassigned, control and format characters: nothing to say."""
    category = unicodedata.category(ch)
    return category in ("Co", "Cn", "Cs", "Cc", "Cf")


class _Builder:
    """Collects speakable pieces with the displayed spans they stand for."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offsets: list[int] = []

    def add(self, piece: str, start: int, end: int) -> None:
        """Append ``piece``, standing for displayed ``[start, end)`` (runs of spaces collapse)."""
        width = max(1, end - start)
        length = len(piece)
        for k, ch in enumerate(piece):
            if ch == " " and self.parts and self.parts[-1] == " ":
                continue
            self.parts.append(ch)
            self.offsets.append(start + (k * width) // length)

    def result(self) -> Speakable:
        """The text and offsets collected so far."""
        return Speakable("".join(self.parts), tuple(self.offsets))
