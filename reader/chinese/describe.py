"""Character descriptions: how Chinese readers spell a character out aloud.

A Han character is described by a common two-character word that contains
it, in the familiar form ``储，储备的储``; a polyphone gets one description
per reading (``行，进行的行`` / ``行，银行的行``), the common reading first;
common surnames also get the traditional saying (``张，弓长张``). Traditional
variants are described with Traditional words (``發，發現的發`` but
``髮，頭髮的髮``). Letters, digits, punctuation and other symbols are named
(``大写 A``, ``数字 1``, ``逗号``); a rare character without data gets its
pinyin, and anything else its code point. Nothing here raises on odd input.

The word data is built by ``python -m reader.chinese.build_descriptions``
and shipped as ``data/descriptions.txt.gz``; it is loaded on first use.
"""

from __future__ import annotations

import gzip
import logging
import threading
import unicodedata
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from importlib import resources

from reader.chinese.script import VARIANTS, opencc_converter

_log = logging.getLogger(__name__)

DATA_FILE = "descriptions.txt.gz"
# OpenCC configurations: Simplified → variant, and variant → Simplified.
TO_VARIANT = {"zh-Hant": "s2t", "zh-TW": "s2tw", "zh-HK": "s2hk"}
FROM_VARIANT = {"zh-Hant": "t2s", "zh-TW": "tw2s", "zh-HK": "hk2s"}

_NATO = (
    "Alfa Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliett Kilo Lima Mike "
    "November Oscar Papa Quebec Romeo Sierra Tango Uniform Victor Whiskey X-ray Yankee Zulu"
).split()
_TONE_MARKS = {"\u0304": "一声", "\u0301": "二声", "\u030c": "三声", "\u0300": "四声"}
_SCRIPT_LETTERS = {
    "GREEK": "希腊字母",
    "CYRILLIC": "西里尔字母",
    "HIRAGANA": "平假名",
    "KATAKANA": "片假名",
    "HALFWIDTH KATAKANA": "半角片假名",
    "HANGUL": "韩文",
    "BOPOMOFO": "注音符号",
}
_LOOKUP_ORDER = {
    "zh-Hans": ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK"),
    "zh-Hant": ("zh-Hant", "zh-TW", "zh-HK", "zh-Hans"),
    "zh-TW": ("zh-TW", "zh-Hant", "zh-HK", "zh-Hans"),
    "zh-HK": ("zh-HK", "zh-Hant", "zh-TW", "zh-Hans"),
}
# The kind of a character named in symbols.txt, by the first letter of its Unicode category.
_TABLE_KINDS = {"Z": "space", "C": "space", "P": "punctuation", "N": "digit"}
_CATEGORY_LABELS = {
    "Cc": "控制字符",
    "Cf": "格式字符",
    "Co": "私用区字符",
    "Cs": "代理码位",
    "Cn": "未分配字符",
}


@dataclass(frozen=True)
class Description:
    """One way of saying which character is meant.

    ``text`` is shown and read (``储，储备的储``); ``spoken`` is the same for a
    Mandarin voice with the reading of a polyphone forced as tone-numbered
    pinyin (``hang2，银hang2的hang2``), which espeak-ng reads as the syllable.
    ``reading`` is the pinyin meant (``chu3``, empty for non-Han characters),
    ``word`` the example (``储备``, or the saying ``弓长张``), and ``kind`` one
    of ``word``, ``surname``, ``reading``, ``letter``, ``digit``,
    ``punctuation``, ``symbol``, ``space`` or ``other``.
    """

    char: str
    text: str
    spoken: str
    reading: str = ""
    word: str = ""
    kind: str = "word"


@dataclass(frozen=True)
class Reading:
    """One reading of a character (``hang2``) and the words that show it, best first.

    ``common`` is False for a reading met only in rare words (行 héng in 道行):
    its descriptions come after the second word of the common readings.
    """

    reading: str
    words: tuple[str, ...]
    common: bool = True


@dataclass(frozen=True)
class DescriptionData:
    """The shipped word data: per variant section, character → readings.

    ``sections["zh-Hans"]`` covers Simplified characters; the Traditional
    sections hold only the characters that :func:`derive_readings` would get
    wrong from the Simplified entries (one-to-many conversions such as
    发→發/髮). ``polyphones`` are the characters whose reading must be forced
    in speech.
    """

    sections: dict[str, dict[str, tuple[Reading, ...]]]
    polyphones: frozenset[str]
    header: tuple[str, ...] = ()


# -- data ------------------------------------------------------------------------------------

_lock = threading.Lock()
_data: DescriptionData | None = None


def parse_data(text: str) -> DescriptionData:
    """Parse the text of the data file (``#`` comments, ``@section`` lines, tab-separated rows)."""
    sections: dict[str, dict[str, list[Reading]]] = {v: {} for v in VARIANTS}
    polyphones: set[str] = set()
    header: list[str] = []
    section = ""
    for line in text.splitlines():
        if not line:
            continue
        if line.startswith("#"):
            header.append(line)
        elif line.startswith("@"):
            section = line[1:].strip()
        elif section == "polyphones":
            polyphones.update(line.strip())
        elif section in sections:
            char, reading, use, words = line.split("\t")
            entry = Reading(reading, tuple(words.split()), use == "common")
            sections[section].setdefault(char, []).append(entry)
    return DescriptionData(
        {name: {c: tuple(rs) for c, rs in rows.items()} for name, rows in sections.items()},
        frozenset(polyphones),
        tuple(header),
    )


def format_data(data: DescriptionData) -> str:
    """The text of the data file for ``data`` (the inverse of :func:`parse_data`)."""
    lines = list(data.header)
    lines.append("@polyphones")
    chars = sorted(data.polyphones)
    lines.extend("".join(chars[i : i + 100]) for i in range(0, len(chars), 100))
    for name in VARIANTS:
        lines.append(f"@{name}")
        for char in sorted(data.sections.get(name, {})):
            for r in data.sections[name][char]:
                use = "common" if r.common else "rare"
                lines.append(f"{char}\t{r.reading}\t{use}\t{' '.join(r.words)}")
    return "\n".join(lines) + "\n"


def load_data() -> DescriptionData:
    """The shipped data, read on first use (thread-safe); empty if the file is missing."""
    global _data
    with _lock:
        if _data is None:
            try:
                raw = resources.files(__package__).joinpath("data", DATA_FILE).read_bytes()
                _data = parse_data(gzip.decompress(raw).decode("utf-8"))
            except (
                OSError,
                EOFError,
                ValueError,
            ) as exc:  # a broken install must not break reading
                _log.error("character descriptions unavailable: %s", exc)
                _data = DescriptionData({v: {} for v in VARIANTS}, frozenset())
        return _data


def derive_readings(
    char: str, variant: str, hans: dict[str, tuple[Reading, ...]]
) -> tuple[Reading, ...]:
    """Readings of a ``variant`` character taken from its Simplified counterpart's entries.

    Each Simplified word is converted to ``variant``; it is kept only if
    ``char`` really stands where the Simplified character stood (so 發 gets
    发现→發現 but not 头发→頭髮).
    """
    simplified = opencc_converter(FROM_VARIANT[variant]).convert(char)
    if len(simplified) != 1:
        return ()
    to_variant = opencc_converter(TO_VARIANT[variant])
    readings = []
    for entry in hans.get(simplified, ()):
        words = []
        for word in entry.words:
            converted = to_variant.convert(word)
            if len(converted) == len(word) and any(
                s == simplified and t == char for s, t in zip(word, converted, strict=True)
            ):
                words.append(converted)
        if words:
            readings.append(Reading(entry.reading, tuple(words), entry.common))
    return tuple(readings)


def readings_for(char: str, variant: str, data: DescriptionData) -> tuple[Reading, ...]:
    """The readings and example words of ``char`` written in ``variant``."""
    hans = data.sections["zh-Hans"]
    if variant == "zh-Hans":
        return hans.get(char, ())
    stored = data.sections[variant].get(char)
    return stored if stored is not None else derive_readings(char, variant, hans)


# -- surnames and symbol names (small hand-written tables) ----------------------------------


@dataclass(frozen=True)
class _Saying:
    """A surname's traditional saying (弓长张), its reading, and whether it is said first."""

    text: str
    reading: str
    first: bool


@lru_cache(maxsize=1)
def _surnames() -> dict[tuple[str, str], _Saying | None]:
    """(script, character) → its saying, for scripts ``hans`` and ``hant``."""
    table: dict[tuple[str, str], _Saying | None] = {}
    for line in _data_lines("surnames.txt"):
        hans_char, reading, hans_form, hant_char, hant_form, order = line.split("\t")
        first = order == "first"
        table["hans", hans_char] = _Saying(hans_form, reading, first)
        table["hant", hant_char] = None if hant_form == "-" else _Saying(hant_form, reading, first)
    return table


@lru_cache(maxsize=1)
def _symbol_names() -> dict[str, tuple[str, ...]]:
    """Character → its spoken names, best first."""
    table: dict[str, tuple[str, ...]] = {}
    for line in _data_lines("symbols.txt"):
        key, *names = line.split("\t")
        char = chr(int(key[2:], 16)) if key.startswith("U+") and len(key) > 2 else key
        table[char] = tuple(names)
    return table


def _data_lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


# -- describing ------------------------------------------------------------------------------


def describe_char(char: str, *, variant: str = "zh-Hans") -> list[Description]:
    """All descriptions of one character, best first (never empty).

    ``variant`` is the script the character is shown in (``zh-Hans``,
    ``zh-Hant``, ``zh-TW``, ``zh-HK``): Traditional variants get Traditional
    example words and labels.
    """
    if variant not in VARIANTS:
        raise ValueError(f"unknown script variant {variant!r}; expected one of {VARIANTS}")
    if len(char) != 1:
        raise ValueError(f"describe_char takes one character, got {len(char)}")
    if _is_han(char):
        return _describe_han(char, variant)
    return _describe_other(char, variant)


def describe_text(text: str, variant: str = "zh-Hans") -> list[list[Description]]:
    """The descriptions of every character of ``text``, in order."""
    return [describe_char(c, variant=variant) for c in text]


def _is_han(char: str) -> bool:
    """CJK ideographs by block, so that ideographs newer than Python's Unicode data count."""
    cp = ord(char)
    return (
        0x3400 <= cp <= 0x4DBF  # Extension A
        or 0x4E00 <= cp <= 0x9FFF  # the main block
        or 0xF900 <= cp <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= cp <= 0x3FFFF  # the ideographic planes: extensions B to H and beyond
    )


def _describe_han(char: str, variant: str) -> list[Description]:
    data = load_data()
    base = unicodedata.normalize("NFKC", char)  # compatibility ideographs → unified
    if len(base) != 1:
        base = char
    # A character may be written in another variant than the text's (裡 is Taiwan's form,
    # Hong Kong and OpenCC's s2t write 裏): try the variant asked for, then its neighbours.
    readings: tuple[Reading, ...] = ()
    script = "hans" if variant == "zh-Hans" else "hant"
    for script_variant in _LOOKUP_ORDER[variant]:
        readings = readings_for(base, script_variant, data)
        if readings:
            script = "hans" if script_variant == "zh-Hans" else "hant"
            break
    polyphone = base in data.polyphones
    common = [_word_descriptions(base, r, polyphone) for r in readings if r.common]
    rare = [_word_descriptions(base, r, polyphone) for r in readings if not r.common]
    # A character of the other script keeps its own saying (劉 in Simplified text: 卯金刀劉);
    # None marks a character whose saying does not fit this script (于 in Traditional).
    other_script = "hant" if script == "hans" else "hans"
    surnames = _surnames()
    key = (script, base) if (script, base) in surnames else (other_script, base)
    saying = surnames.get(key)
    # Order: [saying said first] one word per common reading, [other saying], a second word
    # per common reading, one word per rare reading (行，道行的行), then all the others.
    result: list[Description] = []
    if saying and saying.first:
        result.append(_surname_description(base, saying))
    result.extend(g[0] for g in common)
    if saying and not saying.first:
        result.append(_surname_description(base, saying))
    result.extend(g[1] for g in common if len(g) > 1)
    result.extend(g[0] for g in rare)
    result.extend(_interleave([g[2:] for g in common] + [g[1:] for g in rare]))
    result = result or _describe_rare_han(base, variant)
    return result if base == char else [replace(d, char=char) for d in result]


def _interleave(groups: list[list[Description]]) -> list[Description]:
    """The first of every group, then the second of every group, and so on."""
    longest = max((len(g) for g in groups), default=0)
    return [g[i] for i in range(longest) for g in groups if i < len(g)]


def _word_descriptions(char: str, reading: Reading, polyphone: bool) -> list[Description]:
    return [_word_description(char, reading.reading, w, polyphone) for w in reading.words]


def _word_description(char: str, reading: str, word: str, polyphone: bool) -> Description:
    text = f"{char}，{word}的{char}"
    if polyphone:
        spoken = f"{reading}，{word.replace(char, reading)}的{reading}"
    else:
        spoken = text
    return Description(char, text, spoken, reading, word, "word")


def _surname_description(char: str, saying: _Saying) -> Description:
    text = f"{char}，{saying.text}"
    return Description(char, text, text, saying.reading, saying.text, "surname")


def _describe_rare_han(char: str, variant: str) -> list[Description]:
    from reader.chinese.pinyin import char_readings_tone3, tone3_to_marks

    readings = char_readings_tone3(char)
    if readings:
        return [
            Description(char, f"{char}，拼音 {tone3_to_marks(r)}", f"拼音 {r}", r, kind="reading")
            for r in readings
        ]
    label = _label("生僻字", variant)
    return [Description(char, f"{char}，{label} {_code(char)}", label, kind="other")]


def _describe_other(char: str, variant: str) -> list[Description]:
    names = _symbol_names().get(char)
    if names:
        kind = _TABLE_KINDS.get(unicodedata.category(char)[0], "symbol")
        return [_plain(char, name, kind, variant) for name in names]
    category = unicodedata.category(char)
    name = unicodedata.name(char, "")
    if category[0] == "L":
        return _describe_letter(char, name, variant)
    if category == "Nd":
        label = "全角数字" if name.startswith("FULLWIDTH") else "数字"
        return [_plain(char, f"{label} {unicodedata.digit(char)}", "digit", variant)]
    if category[0] == "N":
        return [_plain(char, _number_name(char, name), "digit", variant)]
    compat = unicodedata.normalize("NFKC", char)
    if len(compat) == 1 and compat != char and compat in _symbol_names():
        prefix = "全角" if name.startswith("FULLWIDTH") else ""
        prefix = "半角" if name.startswith("HALFWIDTH") else prefix
        base = _symbol_names()[compat][0].removeprefix("英文")
        return [_plain(char, prefix + base, "punctuation", variant)]
    if name.startswith(("KANGXI RADICAL", "CJK RADICAL")):
        shown = compat if len(compat) == 1 else char
        return [
            Description(
                char, _label(f"部首 {shown}", variant), _label("部首", variant), kind="symbol"
            )
        ]
    if category in _CATEGORY_LABELS or not name:
        label = _label(_CATEGORY_LABELS.get(category, "未知字符"), variant)
        return [Description(char, f"{label} {_code(char)}", label, kind="other")]
    if category[0] == "Z":
        return [_plain(char, "空白", "space", variant)]
    if category[0] == "M":
        return [_plain(char, f"组合符号 {name.lower()}", "symbol", variant)]
    if category[0] == "P":
        return [_plain(char, f"标点 {name.lower()}", "punctuation", variant)]
    return [_plain(char, f"符号 {name.lower()}", "symbol", variant)]


def _describe_letter(char: str, name: str, variant: str) -> list[Description]:
    decomposed = unicodedata.normalize("NFD", char)
    tone = next((_TONE_MARKS[m] for m in decomposed[1:] if m in _TONE_MARKS), None)
    if name.startswith(("LATIN", "FULLWIDTH LATIN")) and tone:  # pinyin: ā → 一声 a
        base = "".join(m for m in decomposed if m not in _TONE_MARKS)
        return [_plain(char, f"{tone} {unicodedata.normalize('NFC', base)}", "letter", variant)]
    if name.startswith(("LATIN", "FULLWIDTH LATIN")):
        full = "全角" if name.startswith("FULLWIDTH") else ""
        case = "大写" if unicodedata.category(char) == "Lu" else "小写"
        shown = unicodedata.normalize("NFKC", char) if full else char
        result = [_plain(char, f"{full}{case} {shown}", "letter", variant)]
        ascii_letter = shown.lower()
        if len(ascii_letter) == 1 and "a" <= ascii_letter <= "z":
            nato = _NATO[ord(ascii_letter) - ord("a")]
            result.append(_plain(char, f"{full}{case} {shown}，{nato}", "letter", variant))
        return result
    for prefix, label in sorted(_SCRIPT_LETTERS.items(), key=lambda kv: -len(kv[0])):
        if name.startswith(prefix):
            sound = name.rsplit(" ", 1)[-1].lower()
            case = "大写" if unicodedata.category(char) == "Lu" else ""
            return [_plain(char, f"{case}{label} {sound}", "letter", variant)]
    return [_plain(char, f"字母 {char}", "letter", variant)]


def _number_name(char: str, name: str) -> str:
    value = unicodedata.numeric(char)
    if value == int(value):
        number = str(int(value))
    else:
        fraction = Fraction(value).limit_denominator(1000)
        number = f"{fraction.denominator}分之{fraction.numerator}"
    for key, label in (
        ("CIRCLED", "带圈数字"),
        ("PARENTHESIZED", "带括号数字"),
        ("ROMAN NUMERAL", "罗马数字"),
        ("SUPERSCRIPT", "上标"),
        ("SUBSCRIPT", "下标"),
        ("FRACTION", "分数"),
    ):
        if key in name:
            return f"{label} {number}"
    return f"数字 {number}"


def _plain(char: str, text: str, kind: str, variant: str) -> Description:
    text = _label(text, variant)
    return Description(char, text, text, kind=kind)


def _label(text: str, variant: str) -> str:
    """``text`` (Simplified) in the script of ``variant``."""
    if variant == "zh-Hans":
        return text
    return opencc_converter(TO_VARIANT[variant]).convert(text)


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"
