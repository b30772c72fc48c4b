"""Numbers as a Chinese listener expects to hear them.

Years are read digit by digit (``2022年`` → 二零二二年), counts as
cardinals with 两 where speakers say it (``2000多名`` → 两千多名,
``2个`` → 两个, but ``12个`` → 十二个, ``2月`` → 二月), decimals with 点
(``1.1亿`` → 一点一亿), percentages with 百分之 (``22.5%`` →
百分之二十二点五), ranges with 到, times with 点/分, dates in
``2022-11-28`` form with 年/月/日, and long codes digit by digit.

``rewrite_numbers(text)`` returns the rewritten pieces with the spans of
``text`` they stand for; speakable text puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")
_BIG_UNITS = ("", "万", "亿", "万亿")

# Measure words (and units) after which a lone 2 is read 两.
LIANG_MEASURES = frozenset(
    "个位名人次件条种天本只家所项台辆岁元块张份部套间座栋批支架艘匹头棵朵篇首句段章节页"
    "盒瓶杯碗双对把根颗粒户倍周点万亿千百斤吨"
)
# What may follow a number without making it a year read digit by digit.
_UNITS = LIANG_MEASURES | frozenset("年月日号时分秒多余来度米克升元角里届期款场级层岁%")

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_PATTERNS = [
    # 2022-11-28, 2022/11/28, 2022.11.28 (a date, not a range)
    ("date", re.compile(r"(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d.])")),
    # 8:05, 12:30:15
    ("time", re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])")),
    # 10%-20%, 10-20%, 10~20 ; percents and per mille on both ends allowed
    (
        "range",
        re.compile(
            rf"(?<![\d.,])({_NUMBER})\s*([%％‰]?)\s*[-~～—–至]\s*({_NUMBER})\s*([%％‰]?)(?![\d])"
        ),
    ),
    ("percent", re.compile(rf"(?<![\d.,])({_NUMBER})\s*([%％‰])")),
    # 2018 年 (OCR spacing) and 2022年: years digit by digit
    ("year", re.compile(r"(?<![\d.,])(\d{4})\s*(?=年)")),
    ("fraction", re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,3})(?![\d/])")),
    ("negative", re.compile(rf"(?<![A-Za-z0-9.])[-−]({_NUMBER})")),
    ("number", re.compile(rf"(?<![\d.,])({_NUMBER})")),
]


def cardinal(number: int, *, liang: bool = False) -> str:
    """``number`` (≥ 0, < 10¹⁶) in Chinese: 1335 → 一千三百三十五, 10 → 十, 100 → 一百.

    A leading 2 before 千/万/亿 is read 两, and so is a lone 2 with ``liang``
    (before a measure word).
    """
    if number == 0:
        return "零"
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    out = []
    zero_pending = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(out)
            continue
        if out and (zero_pending or group < 1000):
            out.append("零")
        out.append(_group(group) + _BIG_UNITS[index])
        zero_pending = False
    text = "".join(out)
    if text.startswith("一十"):
        text = text[1:]
    if text[:1] == "二" and (len(text) > 1 and text[1] in "千万亿" or liang and len(text) == 1):
        text = "两" + text[1:]
    return text


def _group(n: int) -> str:
    """A number below 10000 (no leading 零)."""
    digits = f"{n:04d}"
    out = []
    zero = False
    started = False
    for i, d in enumerate(digits):
        unit = _SMALL_UNITS[3 - i]
        if d == "0":
            zero = started
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(DIGITS[int(d)] + unit)
        started = True
    return "".join(out)


def digit_by_digit(digits: str) -> str:
    """``"2022"`` → 二零二二 (anything but digits dropped)."""
    return "".join(DIGITS[int(d)] for d in digits if d.isdigit())


def decimal(text: str, *, liang: bool = False) -> str:
    """``"1,335.25"`` → 一千三百三十五点二五; long codes (≥ 10 digits, leading 0) digit by digit."""
    text = text.replace(",", "")
    whole, _, fraction = text.partition(".")
    if len(whole) > 1 and whole.startswith("0") or len(whole) >= 10:
        spoken = digit_by_digit(whole)
    else:
        spoken = cardinal(int(whole), liang=liang and not fraction)
    if fraction:
        spoken += "点" + digit_by_digit(fraction)
    return spoken


def _percent(number: str, sign: str) -> str:
    return ("千分之" if sign == "‰" else "百分之") + decimal(number)


def rewrite_numbers(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, spoken)`` for each number expression in ``text``, in order."""
    taken = [False] * len(text)
    found: list[tuple[int, int, str]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            spoken = _speak(kind, m, text)
            if spoken is None:
                continue
            found.append((m.start(), m.end(), spoken))
            for i in range(m.start(), m.end()):
                taken[i] = True
    found.sort()
    yield from found


def _speak(kind: str, m: re.Match, text: str) -> str | None:
    after = text[m.end() : m.end() + 1]
    # An ordinal (第2段, 第2名) is always 二, never 两.
    ordinal = text[m.start() - 1 : m.start()] == "第"
    measure = after in LIANG_MEASURES and not ordinal
    if _inside_latin_word(m, text):
        return digit_by_digit(m.group(0)) if m.group(0).isdigit() else None
    if kind == "date":
        year, _, month, day = m.groups()
        if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
            return None
        return f"{digit_by_digit(year)}年{cardinal(int(month))}月{cardinal(int(day))}日"
    if kind == "time":
        hours, minutes, seconds = m.groups()
        if int(hours) > 24 or int(minutes) > 59 or (seconds and int(seconds) > 59):
            return None
        spoken = cardinal(int(hours), liang=True) + "点"
        if int(minutes):
            spoken += ("零" if int(minutes) < 10 else "") + cardinal(int(minutes)) + "分"
        if seconds and int(seconds):
            spoken += cardinal(int(seconds)) + "秒"
        return spoken
    if kind == "range":
        first, sign1, second, sign2 = m.groups()
        sign = sign2 or sign1
        if sign:
            return _percent(first, sign) + "到" + _percent(second, sign)
        if after == "年" and len(first) == len(second) == 4:
            return digit_by_digit(first) + "到" + digit_by_digit(second)
        return decimal(first) + "到" + decimal(second, liang=measure)
    if kind == "percent":
        return _percent(m.group(1), m.group(2))
    if kind == "year":
        return digit_by_digit(m.group(1))
    if kind == "fraction":
        numerator, denominator = int(m.group(1)), int(m.group(2))
        if denominator == 0 or (after and after in "月日号"):
            return None
        return f"{cardinal(denominator)}分之{cardinal(numerator)}"
    if kind == "negative":
        return "负" + decimal(m.group(1))
    number = m.group(1)
    if _looks_like_year(number, after):
        return digit_by_digit(number)
    return decimal(number, liang=measure)


def _looks_like_year(number: str, after: str) -> bool:
    """A bare 19xx/20xx before a word that is not a unit: ``2022上海落叶艺术展``."""
    if not (len(number) == 4 and number[:2] in ("19", "20")):
        return False
    return bool(after) and "\u4e00" <= after <= "\u9fff" and after not in _UNITS


def _inside_latin_word(m: re.Match, text: str) -> bool:
    """Digits glued to Latin letters (``MP3``, ``5G``, ``COVID-19``) are part of a name."""
    before = text[m.start() - 1 : m.start()]
    after = text[m.end() : m.end() + 1]
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())
