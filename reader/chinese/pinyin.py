"""Pinyin for the ``p`` key: tone marks to show (``yín háng``), tone numbers for the voice.

Readings in context come from pypinyin's phrase dictionary, so a polyphone
gets the reading of its word (银行 → ``yín háng``, 行走 → ``xíng zǒu``);
Traditional text is looked up in its Simplified form (銀行 → ``yín háng``).
The spoken form uses tone numbers (``yin2 hang2``, neutral tone ``5``, ü as
``v``), which espeak-ng 1.52 reads as Mandarin syllables inside Chinese
text. pypinyin is imported on first use (about 0.2 s), never at start-up.
"""

from __future__ import annotations

from functools import lru_cache


def word_pinyin(text: str) -> str:
    """Pinyin with tone marks for ``text``, syllables separated by spaces (``yín háng``).

    Characters without pinyin (Latin, digits, punctuation) are kept as they are.
    """
    from pypinyin import Style

    return _join(_pinyin(text, Style.TONE))


def spoken_pinyin(text: str) -> str:
    """Pinyin with tone numbers for the voice (``yin2 hang2``; neutral tone ``de5``)."""
    from pypinyin import Style

    return _join(_pinyin(text, Style.TONE3))


def char_readings(char: str) -> list[str]:
    """Every reading of one character with tone marks, the common one first (``行`` → xíng, háng…).

    Empty for a character pypinyin has no reading for (Latin, symbols, rare ideographs).
    """
    return [tone3_to_marks(r) for r in char_readings_tone3(char)]


@lru_cache(maxsize=4096)
def _readings_tone3(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    found = pinyin(
        char, style=Style.TONE3, heteronym=True, errors="ignore", neutral_tone_with_five=True
    )
    return tuple(dict.fromkeys(found[0])) if found else ()


def char_readings_tone3(char: str) -> list[str]:
    """Every reading of one character with tone numbers (``xing2``, ``hang2``…)."""
    if len(char) != 1:
        return []
    return list(_readings_tone3(char))


def tone3_to_marks(syllable: str) -> str:
    """``chu3`` → ``chǔ``, ``lv4`` → ``lǜ``, ``de5`` → ``de``; anything else unchanged."""
    from pypinyin.contrib.tone_convert import tone3_to_tone

    try:
        return tone3_to_tone(syllable)
    except (ValueError, KeyError, IndexError):
        return syllable


def _pinyin(text: str, style) -> list[str]:
    from pypinyin import pinyin

    from reader.chinese.describe import converter

    # pypinyin's phrases are Simplified: read 銀行 as 银行 (t2s keeps the length).
    simplified = converter("t2s").convert(text)
    if len(simplified) == len(text):
        text = simplified
    return [
        item[0]
        for item in pinyin(text, style=style, heteronym=False, neutral_tone_with_five=True)
        if item and item[0]
    ]


def _join(items: list[str]) -> str:
    """Syllables and other runs separated by spaces; punctuation stays on the word before."""
    out: list[str] = []
    for part in (p for item in items for p in item.split()):
        if out and not any(c.isalnum() for c in part):
            out[-1] += part
        else:
            out.append(part)
    return " ".join(out)
