"""Character descriptions (d) and word pinyin (p) for the reading screen.

Uses ``reader.chinese.describe`` and ``reader.chinese.pinyin`` when they
are installed with the app; until then the readings come straight from
pypinyin (every reading of a character, tone marks shown, tone numbers
given to the voice, which espeak reads correctly inside Chinese text).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spoken:
    """A text to show and the text to give the voice."""

    shown: str
    spoken: str


def describe_char(ch: str, variant: str) -> list[Spoken]:
    """Ways to tell which character ``ch`` is, best first."""
    try:
        from reader.chinese.describe import describe_char as describe
    except ImportError:
        return _readings(ch)
    out = []
    for d in describe(ch, variant=variant):
        text = getattr(d, "text", None) or str(d)
        out.append(Spoken(text, getattr(d, "spoken", None) or text))
    return out


def word_pinyin(word: str) -> Spoken:
    """The pinyin of ``word`` (tone marks shown, tone numbers spoken)."""
    try:
        from reader.chinese.pinyin import word_pinyin as pinyin_of
    except ImportError:
        return _word_readings(word)
    result = pinyin_of(word)
    if isinstance(result, str):
        return Spoken(f"{word} {result}", f"{word}，{result}")
    return Spoken(
        getattr(result, "shown", None) or str(result),
        getattr(result, "spoken", None) or str(result),
    )


def _readings(ch: str) -> list[Spoken]:
    from pypinyin import Style, pinyin

    marks = pinyin(ch, style=Style.TONE, heteronym=True)[0]
    numbers = pinyin(ch, style=Style.TONE3, heteronym=True)[0]
    if not marks or marks[0] == ch:
        return []
    return [Spoken(f"{ch}：{m}", f"{ch}，{n}") for m, n in zip(marks, numbers, strict=False)]


def _word_readings(word: str) -> Spoken:
    from pypinyin import Style, pinyin

    marks = " ".join(s[0] for s in pinyin(word, style=Style.TONE))
    numbers = " ".join(s[0] for s in pinyin(word, style=Style.TONE3))
    return Spoken(f"{word}：{marks}", f"{word}，{numbers}")
