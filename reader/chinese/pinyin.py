"""Pinyin for the ``p`` key: tone marks to show (``yín háng``), tone numbers for the voice.

Readings in context come from pypinyin's phrase dictionary (through the
compact ``pinyin_data``, read without importing pypinyin), so a polyphone
gets the reading of its word (银行 → ``yín háng``, 行走 → ``xíng zǒu``);
Traditional text is looked up in its Simplified form (銀行 → ``yín háng``).
The spoken form uses tone numbers (``yin2 hang2``, neutral tone ``5``, ü as
``v``), which espeak-ng 1.52 reads as Mandarin syllables inside Chinese
text. The data is read on first use (about 0.3 s) unless the background
loader has read it already; never at start-up.
"""

from __future__ import annotations

from reader.chinese import pinyin_data


def word_pinyin(text: str) -> str:
    """Pinyin with tone marks for ``text``, syllables separated by spaces (``yín háng``).

    Characters without pinyin (Latin, digits, punctuation) are kept as they are.
    """
    return _join(_pinyin(text, tone_numbers=False))


def spoken_pinyin(text: str) -> str:
    """Pinyin with tone numbers for the voice (``yin2 hang2``; neutral tone ``de5``)."""
    return _join(_pinyin(text, tone_numbers=True))


def char_readings(char: str) -> list[str]:
    """Every reading of one character with tone marks, the common one first (``行`` → xíng, háng…).

    Empty for a character pypinyin has no reading for (Latin, symbols, rare ideographs).
    """
    return list(pinyin_data.char_readings(char))


def char_readings_tone3(char: str) -> list[str]:
    """Every reading of one character with tone numbers (``xing2``, ``hang2``…)."""
    return list(dict.fromkeys(pinyin_data.numbered(r) for r in pinyin_data.char_readings(char)))


def tone3_to_marks(syllable: str) -> str:
    """``chu3`` → ``chǔ``, ``lv4`` → ``lǜ``, ``de5`` → ``de``; anything else unchanged."""
    return pinyin_data.with_marks(syllable)


def _pinyin(text: str, *, tone_numbers: bool) -> list[str]:
    from reader.chinese.script import opencc_converter

    # pypinyin's phrases are Simplified: read 銀行 as 银行 (t2s keeps the length).
    simplified = opencc_converter("t2s").convert(text)
    if len(simplified) == len(text):
        text = simplified
    return [item for item in pinyin_data.pinyin(text, tone_numbers=tone_numbers) if item]


def _join(items: list[str]) -> str:
    """Syllables and other runs separated by spaces; punctuation stays on the word before."""
    out: list[str] = []
    for part in (p for item in items for p in item.split()):
        if out and not any(c.isalnum() for c in part):
            out[-1] += part
        else:
            out.append(part)
    return " ".join(out)
