"""The reading of each Chinese character in context, and where espeak-ng would get it wrong.

Readings come from pypinyin's data (``pinyin_data``), word by word along
jieba's words (its phrase dictionary knows 银行 yín háng, 重新 chóng xīn), corrected by a
small table of phrases pypinyin gets wrong and by context rules for the
commonest polyphones it cannot resolve alone (选为 wéi, 教我们 jiāo,
长得 zhǎng de, 一觉 jiào, 数了数 shǔ, 这只 zhī …).

espeak-ng reads a character on its own one fixed way (``data/espeak_cmn.txt``,
generated from espeak-ng itself, lists where that differs from pypinyin's
first reading, and the characters espeak cannot read). ``forced_readings``
returns the characters whose reading in context is not that one: speakable
text hands those to espeak as tone-numbered pinyin (``wei2``), which
espeak-ng 1.52 reads inside Chinese text as that syllable.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from reader.chinese import pinyin_data

_DATA = Path(__file__).parent / "data"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

# Phrases pypinyin reads wrongly (or not at all), as they are said.
PHRASES = {
    "长得": "zhang3 de5",
    "长大": "zhang3 da4",
    "长高": "zhang3 gao1",
    "卡住": "qia3 zhu4",
    "卡壳": "qia3 ke2",
    "关卡": "guan1 qia3",
    "发卡": "fa4 qia3",
    "一觉": "yi1 jiao4",
    "音乐会": "yin1 yue4 hui4",
    "大夫": "dai4 fu5",
    "还得": "hai2 dei3",
    "就得": "jiu4 dei3",
    "为例": "wei2 li4",
    "为主": "wei2 zhu3",
    "为止": "wei2 zhi3",
    "为准": "wei2 zhun3",
    "为首": "wei2 shou3",
    "称心": "chen4 xin1",
    "厌恶": "yan4 wu4",
    "可恶": "ke3 wu4",
    "憎恶": "zeng1 wu4",
    "抽空": "chou1 kong4",
    "救难": "jiu4 nan4",
    "响应": "xiang3 ying4",
    "行长": "hang2 zhang3",
    "该行": "gai1 hang2",
    "分行": "fen1 hang2",
    "支行": "zhi1 hang2",
    "总行": "zong3 hang2",
    "长治": "zhang3 zhi4",
    "太行": "tai4 hang2",
    "差人": "chai1 ren2",
    "耐心地": "nai4 xin1 de5",
    "仔细地": "zi3 xi4 de5",
    "认真地": "ren4 zhen1 de5",
    "激动地": "ji1 dong4 de5",
    "勇敢地": "yong3 gan3 de5",
    "顺畅地": "shun4 chang4 de5",
    "直接地": "zhi2 jie1 de5",
    "更好地": "geng4 hao3 de5",
    "斯斯文文": "si1 si1 wen2 wen2",
}

# Context rules: (regex on the text, group name → reading). The named group
# is the character to read; lookarounds give the context.
_RULES: list[tuple[re.Pattern[str], str]] = [
    # 以…为… / 选为 / 成为 … : wéi
    (
        re.compile(r"(?<=[选成作称认视改变分化译转评列定立任封推尊奉拜结沦升引誉名])(?P<c>为)"),
        "wei2",
    ),
    (re.compile(r"以[^，。；！？、]{1,12}?(?P<c>为)(?![了何什])"), "wei2"),
    (re.compile(r"(?<=[率额量值数比])(?P<c>为)"), "wei2"),
    # 教 + a person: jiāo (劳教人员, 教学 are jiào)
    (
        re.compile(r"(?<![劳宗请指助文任执施身家])(?P<c>教)(?=[我你他她它咱]|大家|学生|孩子|军士)"),
        "jiao1",
    ),
    # 贾 is a surname (贾母, 贾宝玉) except in 商贾
    (re.compile(r"(?<!商)(?P<c>贾)"), "jia3"),
    # 长 as a verb: zhǎng
    (re.compile(r"(?P<c>长)(?=[得了出成满着胖壮])"), "zhang3"),
    # 睡了一觉, 午觉: jiào
    (re.compile(r"(?<=[一个午睡了])(?P<c>觉)(?![得悟察醒])"), "jiao4"),
    # 数了数, 数一数, 数不清: shǔ
    (re.compile(r"(?P<c>数)(?=[了一着过不得数])"), "shu3"),
    (re.compile(r"(?<=数[了一])(?P<c>数)"), "shu3"),
    # 量一下 / 量体温: liáng
    (re.compile(r"(?P<c>量)(?=[一了过着体])"), "liang2"),
    # 系好鞋带: jì
    (re.compile(r"(?P<c>系)(?=[好上紧着住鞋领])"), "ji4"),
    # 盛饭: chéng
    (re.compile(r"(?P<c>盛)(?=[饭汤水菜一了满])"), "cheng2"),
    # 这只猫, 一只手: zhī (but 这只是, 只有: zhǐ)
    (
        re.compile(
            r"(?<=[这那哪每几一两二三四五六七八九十百千])(?P<c>只)(?![是有能要会好得怕不见])"
        ),
        "zhi1",
    ),
    # 干得, 干活, 能干: gàn
    (re.compile(r"(?P<c>干)(?=[得了活事完吗嘛啥部])"), "gan4"),
    (re.compile(r"(?<=[能会肯苦实想要在快])(?P<c>干)(?![净燥涸旱杯])"), "gan4"),
    # 称他的心意: chèn
    (re.compile(r"(?P<c>称)(?=[^，。]{0,3}心)"), "chen4"),
    # 差人 / 差鸳鸯过来: chāi (sending someone)
    (re.compile(r"(?<=[母爷太人便又])(?P<c>差)(?=[^，。]{1,4}(?:过来|过去|来|去))"), "chai1"),
    # 得 as "must": děi; after a verb or adjective: de
    (re.compile(r"(?<=[还就都也总必非可又才])(?P<c>得)(?=[继去来走要做再把])"), "dei3"),
    # 慢慢地, 好好地: de
    (re.compile(r"(?P<x>[\u4e00-\u9fff])(?P=x)(?P<c>地)"), "de5"),
]
_PHRASE_PATTERN = re.compile("|".join(sorted(map(re.escape, PHRASES), key=len, reverse=True)))


def preload() -> None:
    """Read pypinyin's readings and the espeak table now (the background loader calls this)."""
    pinyin_data.data()
    _espeak_table()
    forced_readings("预热", [(0, 2)])


@lru_cache(maxsize=1)
def _espeak_table() -> tuple[dict[str, str], frozenset[str]]:
    readings: dict[str, str] = {}
    unknown: frozenset[str] = frozenset()
    for line in (_DATA / "espeak_cmn.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        key, value = line.split("\t", 1)
        if key == "unknown:":
            unknown = frozenset(value)
        else:
            readings[key] = value
    return readings, unknown


def espeak_reads(ch: str) -> str | None:
    """How espeak-ng reads ``ch`` on its own (toned pinyin), or None if it cannot."""
    readings, unknown = _espeak_table()
    if ch in unknown or ord(ch) > 0xFFFF:
        return None
    return readings.get(ch) or default_reading(ch)


@lru_cache(maxsize=8192)
def default_reading(ch: str) -> str | None:
    """pypinyin's first reading of ``ch`` (``le5``), or None for a character it does not know."""
    readings = pinyin_data.char_readings(ch)
    return pinyin_data.numbered(readings[0]) if readings else None


# How sure a reading is: from the table or a rule, from a phrase pypinyin
# knows, or only the character's most common reading.
RULE, PHRASE, GUESS = 3, 2, 1


@lru_cache(maxsize=16384)
def _word_readings(word: str) -> tuple[tuple[str | None, int], ...]:
    """Readings of one run of Chinese characters along pypinyin's phrases, with their sureness."""
    pieces = [word] if pinyin_data.phrase_reading(word) else pinyin_data.segment(word)
    out: list[tuple[str | None, int]] = []
    for piece in pieces:
        phrase = pinyin_data.phrase_reading(piece) if len(piece) > 1 else None
        if phrase and len(phrase) == len(piece):
            out.extend((pinyin_data.numbered(syllable), PHRASE) for syllable in phrase)
        else:
            out.extend((default_reading(ch), GUESS) for ch in piece)
    return tuple(out)


def readings_in_context(text: str, words: list[tuple[int, int]]) -> list[tuple[str | None, int]]:
    """Each character's reading (None for non-Chinese) and how sure it is, given word spans."""
    out: list[tuple[str | None, int]] = [(None, 0)] * len(text)
    for start, end in words:
        run_start = None
        for i in range(start, end + 1):
            is_han = i < end and bool(_HAN.match(text, i))
            if is_han and run_start is None:
                run_start = i
            elif not is_han and run_start is not None:
                for k, value in enumerate(_word_readings(text[run_start:i])):
                    out[run_start + k] = value
                run_start = None
    for m in _PHRASE_PATTERN.finditer(text):
        for k, syllable in enumerate(PHRASES[m.group()].split()):
            out[m.start() + k] = (syllable, RULE)
    for pattern, reading in _RULES:
        for m in pattern.finditer(text):
            out[m.start("c")] = (reading, RULE)
    return out


def forced_readings(text: str, words: list[tuple[int, int]]) -> dict[int, str | None]:
    """Offsets of characters espeak-ng would misread → the reading to force.

    A reading from the table or a rule is always forced (espeak's own word
    list could still override its usual reading in context); one from a
    pypinyin phrase when espeak would read the character otherwise (not
    merely with or without the neutral tone, as speakers differ too); a mere
    guess (the character's most common reading) never: measured on news
    text, espeak's own choice is then right more often (什 in 布什, 耶 in
    耶路撒冷, 得 after a verb). A value of None means espeak cannot read the
    character and nobody knows how to say it: leave it out. 一 and 不 are
    left to espeak, which changes their tones as speakers do.
    """
    forced: dict[int, str | None] = {}
    for i, (reading, sureness) in enumerate(readings_in_context(text, words)):
        ch = text[i]
        if not _HAN.match(ch) or ch in "一不":
            continue
        engine = espeak_reads(ch)
        if engine is None:
            forced[i] = reading or default_reading(ch)
        elif sureness == RULE or (
            sureness == PHRASE
            and reading
            and reading != engine
            and not _only_neutral_tone_apart(reading, engine)
        ):
            forced[i] = reading
    return forced


def _only_neutral_tone_apart(a: str, b: str) -> bool:
    """``ge4``/``ge5``: the same syllable, one of them toneless (both are heard in speech)."""
    return a[:-1] == b[:-1] and (a[-1] == "5" or b[-1] == "5")
