"""Build the word data of character descriptions: ``python -m reader.chinese.build_descriptions``.

For every Simplified character in jieba's dictionary, the two-character
words containing it are scored and the best few kept per reading:

- candidates: two-character Han words from jieba's ``dict.txt`` written in
  Simplified; never person names (POS ``nr``/``nrt``/``nrfg``), vulgar
  words, or rare entries no other source knows (typos such as 毐性); place,
  organisation and other proper nouns (``ns``/``nt``/``nz``, and 商丘 since
  jieba lists 商丘市) and abbreviations (``j``) only for a reading that has
  no good common word (陕，陕西的陕; but 京，京剧的京 rather than 北京).
- reading: pypinyin's reading of the character *in the word* (银行 → hang2);
  a word is dropped when that reading is not one of the character's own
  readings (neutral-tone uses such as 东西 for 西), or when OpenCC's
  Traditional form of the character cannot have it (染发 read fa1: OpenCC
  writes 染髮, and 髮 is only fa4). 一 and 不 keep their citation tone.
- familiarity: the mean Zipf value of the word in jieba's frequencies
  (news-heavy) and in wordfreq's (subtitles, web, books: what people know),
  with a small bonus when the character comes first (储备 before 仓储), and
  penalties when the other character is rare or sounds the same (事实 for
  实), or for numeral words (一个).
- readings are ordered by the summed familiarity of their words plus the
  character's own frequency as a word (都 alone is dōu), so the common
  reading comes first; a reading met only in rare words (行 in 道行) is
  marked rare and described later.

Traditional variants (s2t, s2tw, s2hk): the runtime converts the
Simplified words of a character's Simplified counterpart and keeps those
where the character really appears (:func:`reader.chinese.describe.derive_readings`).
Where that would give other words than building from the whole candidate
pool does (one-to-many conversions: 发→發/髮, 后→後/后, 干→乾/幹/干), the
Traditional entries are stored explicitly.

wordfreq is needed only here, at build time; it is in the ``test`` extra
because a test checks that the shipped file is what this build produces.
"""

from __future__ import annotations

import argparse
import gzip
import math
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from reader.chinese.describe import (
    DATA_FILE,
    FROM_VARIANT,
    TO_VARIANT,
    DescriptionData,
    Reading,
    derive_readings,
    format_data,
)
from reader.chinese.script import opencc_converter

OUTPUT = Path(__file__).resolve().parent / "data" / DATA_FILE
WORDS_PER_READING = 4
GOOD_WORD = 2.5  # familiarity (Zipf) above which a common word beats any proper noun
MIN_WORD = 1.0  # below this a word is too rare to help, unless nothing else exists
# A reading is common (described early) if it has a word this familiar or this share of uses.
COMMON_WORD = 3.5
COMMON_SHARE = 0.05
FIRST_POSITION_BONUS = 0.25
RARE_OTHER_PENALTY = 1.0  # the other character is not among the 3000 (twice: 5000) most common
SAME_SOUND_PENALTY = 1.5  # 事实 for 实: the listener cannot tell which syllable is meant
NUMERAL_PENALTY = 0.5  # 八年, 一张: a number phrase rather than a word
PROPER_PENALTY = 1.0
NAME_AS_WORD = 2  # a "name" in this many longer common words is a word; in one, a proper noun
ATTESTED_FREQ = 20  # jieba counts below which a word needs another source to be believed
COMMON_CHARS = 3000
KNOWN_CHARS = 5000

PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})
PROPER_TAGS = frozenset({"ns", "nt", "nz", "j"})
NUMERAL_TAGS = frozenset({"m", "mq"})
SANDHI = {"一": "yi1", "不": "bu4"}  # yi2/yi4, bu2 are tone sandhi, not readings
# The reading of a character used on its own, where it is not pypinyin's first reading
# (地 and 得 as particles, 长 as "long"); used to weigh readings, not to choose words.
STANDALONE_READING = {"地": "de5", "得": "de5", "长": "chang2"}
# Names jieba does not tag as such, or that its compounds make look like words (康熙字典):
# used only when nothing else fits, like other proper nouns (熙 is 熙熙攘攘 before 康熙).
EXTRA_PROPER = frozenset(
    """
    百度 光绪 老舍 乾隆 康熙 崇祯 令狐 列宁 孔子 庖丁 慕容 曹操 潘安 牛顿 玛丽 耶稣 诸葛
    迈耶 雷锋 尔茨 朴子 夸父 哪吒 刘家 吴楚 陈仓 蓝田 仰韶 马克
    """.split()
)
HAN_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]{2}$")

# Words nobody wants to hear as an example, and characters that make any word unpleasant
# when they are not the character being described.
VULGAR_WORDS = frozenset(
    """
    鸡巴 阴道 阴茎 阴部 阴毛 阴囊 阴蒂 阴唇 包茎 龟头 睾丸 精液 射精 做爱 性交 性爱 口交
    肛交 手淫 傻逼 牛逼 装逼 狗日 日你 操你 他妈 妈的 王八 杂种 畜生 混蛋 笨蛋 傻蛋 蠢货
    贱人 贱货 狗屁 狗贼 狗官 鸟人 屁眼 强奸 奸淫 通奸 鸡奸 轮奸 淫荡 淫乱 淫妇 卖淫 嫖娼
    婊子 妓女 娼妓 裸体 色狼 吃屎 逼死 死鬼 找死 该死 去死
    """.split()
)
UNPLEASANT_CHARS = frozenset("屎尿屁屌屄肏婊妓淫奸娼嫖")


@dataclass(frozen=True)
class Candidate:
    """A word that may describe a character: its reading there, score and kind."""

    word: str
    reading: str
    score: float
    proper: bool


class Builder:
    """Scores jieba's words for every character; holds the corpus statistics."""

    def __init__(self) -> None:
        import jieba
        import wordfreq
        from pypinyin.constants import PHRASES_DICT

        self.dict_path = Path(jieba.__file__).resolve().parent / "dict.txt"
        rows = [line.split() for line in self.dict_path.read_text(encoding="utf-8").splitlines()]
        rows = [(w, int(f), tag) for w, f, tag in (r for r in rows if len(r) == 3)]
        self.total = sum(f for _, f, _ in rows)
        self.single = {w: f for w, f, _ in rows if len(w) == 1}
        self.wordfreq = wordfreq.get_frequency_dict("zh")
        self.phrases = PHRASES_DICT
        char_weight: dict[str, int] = defaultdict(int)
        for word, freq, tag in rows:
            if tag not in PERSON_TAGS and tag not in PROPER_TAGS:
                for c in set(word):
                    char_weight[c] += freq
        ordered = sorted(char_weight, key=lambda c: (-char_weight[c], c))
        self.char_rank = {c: i for i, c in enumerate(ordered)}
        # Place names jieba tags as common words (商丘, 孝感): it lists 商丘市 as a place.
        places = {w for w, _, tag in rows if tag == "ns" and len(w) == 3 and w[2] in "市县省"}
        self.place_like = {w[:2] for w in places}
        compounds = _compound_counts(rows)
        to_simplified = opencc_converter("t2s")
        self._forms: dict[str, tuple[str, ...]] = {}
        self.words_of: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
        for word, freq, tag in rows:
            if tag in PERSON_TAGS:
                # jieba tags many words as names because someone is called so (梅花, 张开):
                # a word found in several longer common words (梅花鹿, 梅花桩) is a word.
                uses = compounds.get(word, 0)
                if uses < NAME_AS_WORD - 1:
                    continue
                tag = "n" if uses >= NAME_AS_WORD else "nz"
            if (
                HAN_WORD.match(word)
                and word not in VULGAR_WORDS
                and to_simplified.convert(word) == word
            ):
                for c in dict.fromkeys(word):
                    self.words_of[c].append((word, freq, tag))

    def attested(self, word: str, freq: int) -> bool:
        """Whether a word is more than a rare jieba entry (毐性 is a typo for 毒性, 玖艘 noise).

        Kept: words jieba counts often enough, or that wordfreq or pypinyin's
        phrase dictionary also list.
        """
        return freq >= ATTESTED_FREQ or word in self.wordfreq or word in self.phrases

    def familiarity(self, word: str, freq: int) -> float:
        """Mean Zipf frequency of ``word`` in jieba's counts and in wordfreq (0 when unknown)."""
        jieba_zipf = math.log10(freq / self.total * 1e9) if freq else 0.0
        wf = self.wordfreq.get(word, 0.0)
        wordfreq_zipf = math.log10(wf * 1e9) if wf else 0.0
        return (jieba_zipf + wordfreq_zipf) / 2

    def candidates(self, char: str) -> dict[str, list[Candidate]]:
        """Every usable word for ``char`` by reading, best first (the whole pool)."""
        own = readings_of(char)
        by_reading: dict[str, list[Candidate]] = defaultdict(list)
        for word, freq, tag in self.words_of.get(char, ()):
            if not self.attested(word, freq):
                continue
            syllables = word_readings(word)
            position = word.index(char)
            reading = SANDHI.get(char, syllables[position])
            if reading not in own:
                continue
            other = word[1 - position]
            if other != char and other in UNPLEASANT_CHARS:
                continue
            score = self.familiarity(word, freq)
            if position == 0:
                score += FIRST_POSITION_BONUS
            if other != char:
                rank = self.char_rank.get(other, sys.maxsize)
                if rank >= COMMON_CHARS:
                    score -= RARE_OTHER_PENALTY * (2 if rank >= KNOWN_CHARS else 1)
                if _toneless(syllables[1 - position]) == _toneless(reading):
                    score -= SAME_SOUND_PENALTY
            elif len(own) > 1:
                continue  # 重重: a doubled polyphone says nothing about which reading
            if tag in NUMERAL_TAGS:
                score -= NUMERAL_PENALTY
            if not self.agrees_with_traditional(word, position, reading):
                continue
            proper = tag in PROPER_TAGS or word in EXTRA_PROPER
            if proper or word in self.place_like:  # 东方 is also a county: only a penalty
                score -= PROPER_PENALTY
            by_reading[reading].append(Candidate(word, reading, round(score, 6), proper))
        return dict(by_reading)

    def agrees_with_traditional(self, word: str, position: int, reading: str) -> bool:
        """Whether OpenCC's Traditional form of the character can have pypinyin's reading.

        Two independent sources checking each other: 头发→頭髮 (fa4) is kept,
        染发 read fa1 by pypinyin is dropped because OpenCC writes 染髮 and 髮
        is only fa4; 散发 read fa4 is dropped because OpenCC writes 散發.
        """
        char = word[position]
        for converted in self.traditional_forms(word):
            other = converted[position]
            if other != char and reading not in readings_of(other):
                return False
        return True

    def traditional_forms(self, word: str) -> tuple[str, ...]:
        """``word`` converted to each Traditional variant (cached; same length only)."""
        forms = self._forms.get(word)
        if forms is None:
            converted = (opencc_converter(config).convert(word) for config in TO_VARIANT.values())
            forms = tuple(dict.fromkeys(c for c in converted if len(c) == len(word)))
            self._forms[word] = forms
        return forms

    def standalone_weight(self, char: str) -> tuple[str, float]:
        """The reading of ``char`` used as a word on its own, and how common that use is."""
        readings = readings_of(char)
        if char not in self.single or not readings:
            return "", 0.0
        reading = STANDALONE_READING.get(char, readings[0])
        return reading, 10 ** self.familiarity(char, self.single[char])

    def entry(
        self, pool: dict[str, list[Candidate]], standalone: tuple[str, float] = ("", 0.0)
    ) -> tuple[Reading, ...]:
        """The stored readings of a character from its candidate pool, most used first.

        A reading's weight is the summed frequency of its words, plus the
        character's own frequency as a word for ``standalone``'s reading (都
        alone is dōu, which its two-character words, 首都, would not tell).
        """
        chosen = {r: _choose(cs) for r, cs in pool.items() if cs}
        weights = {r: _weight(cs) for r, cs in chosen.items()}
        if standalone[0] in weights:
            weights[standalone[0]] += standalone[1]
        total = sum(weights.values()) or 1.0
        ranked = sorted(chosen.items(), key=lambda rc: (-weights[rc[0]], rc[0]))
        return tuple(
            Reading(
                r,
                tuple(c.word for c in cs[:WORDS_PER_READING]),
                i == 0 or cs[0].score >= COMMON_WORD or weights[r] >= COMMON_SHARE * total,
            )
            for i, (r, cs) in enumerate(ranked)
        )


def _compound_counts(rows: list[tuple[str, int, str]]) -> dict[str, int]:
    """For each two-character word: in how many longer common words of the dictionary it occurs."""
    two = {w for w, _, _ in rows if len(w) == 2}
    counts: dict[str, int] = defaultdict(int)
    for word, _, tag in rows:
        if len(word) > 2 and tag not in PERSON_TAGS and tag not in PROPER_TAGS:
            for part in {word[i : i + 2] for i in range(len(word) - 1)} & two:
                counts[part] += 1
    return counts


def _choose(cands: list[Candidate]) -> list[Candidate]:
    """Best first, one entry per word; proper nouns only if no good common word exists."""
    unique: dict[str, Candidate] = {}
    for c in sorted(cands, key=lambda c: (-c.score, c.word)):
        unique.setdefault(c.word, c)
    ordered = list(unique.values())
    common = [c for c in ordered if not c.proper]
    if common and common[0].score >= GOOD_WORD:
        ordered = common
    usable = [c for c in ordered if c.score >= MIN_WORD]
    return usable or ordered[:1]


def _weight(cands: list[Candidate]) -> float:
    return sum(10**c.score for c in cands)


def _toneless(syllable: str) -> str:
    return syllable.rstrip("012345")


@cache
def readings_of(char: str) -> tuple[str, ...]:
    """The character's own readings in tone-number pinyin (one for 一 and 不)."""
    from reader.chinese.pinyin import char_readings_tone3

    if char in SANDHI:
        return (SANDHI[char],)
    return tuple(char_readings_tone3(char))


def word_readings(word: str) -> list[str]:
    """pypinyin's reading of each character of ``word`` in context (neutral tone as 5)."""
    from pypinyin import Style, pinyin

    return [
        s[0] for s in pinyin(word, style=Style.TONE3, heteronym=False, neutral_tone_with_five=True)
    ]


def build(chars: str | None = None, builder: Builder | None = None) -> DescriptionData:
    """Build the data (for ``chars`` only when given, as the tests do)."""
    builder = builder or Builder()
    targets = sorted(builder.words_of) if chars is None else sorted(set(chars))
    pools = {c: builder.candidates(c) for c in targets}
    entries = ((c, builder.entry(p, builder.standalone_weight(c))) for c, p in pools.items())
    hans = {c: e for c, e in entries if e}
    sections = {"zh-Hans": hans}
    polyphones = {c for c in hans if len(readings_of(c)) > 1}
    for variant, config in TO_VARIANT.items():
        sections[variant], variant_polyphones = _variant_section(
            variant, config, pools, hans, builder
        )
        polyphones |= variant_polyphones
    header = (
        "# Character descriptions for reader: built by python -m reader.chinese.build_descriptions",
        "# from "
        + ", ".join(f"{p} {_version(p)}" for p in ("jieba", "wordfreq", "pypinyin", "OpenCC")),
        "# Rows: character, reading (tone-number pinyin), example words best first.",
    )
    return DescriptionData(sections, frozenset(polyphones), header)


def _variant_section(
    variant: str,
    config: str,
    pools: dict[str, dict[str, list[Candidate]]],
    hans: dict[str, tuple[Reading, ...]],
    builder: Builder,
) -> tuple[dict[str, tuple[Reading, ...]], set[str]]:
    """Stored entries for ``variant``: only where deriving from ``hans`` would differ."""
    to_variant = opencc_converter(config)
    traditional: dict[str, dict[str, list[Candidate]]] = defaultdict(lambda: defaultdict(list))
    for simplified, pool in pools.items():
        for reading, cands in pool.items():
            for c in cands:
                converted = to_variant.convert(c.word)
                if len(converted) != len(c.word):
                    continue
                for s, t in dict.fromkeys(zip(c.word, converted, strict=True)):
                    if s == simplified and reading in readings_of(t):
                        traditional[t][reading].append(
                            Candidate(converted, reading, c.score, c.proper)
                        )
    stored: dict[str, tuple[Reading, ...]] = {}
    polyphones = set()
    for char, pool in traditional.items():
        # The character's own frequency counts when it is the usual form of its Simplified
        # counterpart (發 for 发, not 髮).
        simplified = opencc_converter(FROM_VARIANT[variant]).convert(char)
        own = to_variant.convert(simplified) == char and simplified in pools
        best = builder.entry(pool, builder.standalone_weight(simplified) if own else ("", 0.0))
        if best and best != derive_readings(char, variant, hans):
            stored[char] = best
        if len(readings_of(char)) > 1:
            polyphones.add(char)
    return stored, polyphones


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def write(data: DescriptionData, path: Path = OUTPUT) -> int:
    """Write ``data`` gzip-compressed and reproducibly (no timestamp); return its size."""
    raw = gzip.compress(format_data(data).encode("utf-8"), compresslevel=9, mtime=0)
    path.write_bytes(raw)
    return len(raw)


def main(argv: list[str] | None = None) -> int:
    """Build the data file; with ``--check`` only compare it with the shipped one."""
    parser = argparse.ArgumentParser(prog="python -m reader.chinese.build_descriptions")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="file to write")
    parser.add_argument("--check", action="store_true", help="exit 1 if the output would change")
    args = parser.parse_args(argv)
    data = build()
    if args.check:
        current = gzip.decompress(args.output.read_bytes()).decode("utf-8")
        same = current == format_data(data)
        sys.stdout.write("up to date\n" if same else f"{args.output} is out of date\n")
        return 0 if same else 1
    size = write(data, args.output)
    counts = ", ".join(f"{v}: {len(s)}" for v, s in data.sections.items())
    sys.stdout.write(f"wrote {args.output} ({size} bytes; characters {counts})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
