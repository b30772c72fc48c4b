"""Character descriptions: words in the right reading, surnames, Traditional words, odd input."""

from __future__ import annotations

import gzip
import subprocess
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import Style, pinyin

from reader.chinese.describe import (
    DATA_FILE,
    VARIANTS,
    describe_char,
    describe_text,
    format_data,
    load_data,
    parse_data,
)

DATA_PATH = Path(__file__).resolve().parent.parent / "reader" / "chinese" / "data" / DATA_FILE
PERSON_TAGS = {"nr", "nrt", "nrfg"}


def texts(char: str, variant: str = "zh-Hans") -> list[str]:
    return [d.text for d in describe_char(char, variant=variant)]


def word_reading(word: str, char: str) -> str:
    return pinyin(word, style=Style.TONE3, neutral_tone_with_five=True)[word.index(char)][0]


def test_common_character_uses_a_common_word():
    descriptions = describe_char("储")
    assert descriptions[0].text == f"储，{descriptions[0].word}的储"
    assert descriptions[0].reading == "chu3"
    assert descriptions[0].spoken == descriptions[0].text  # not a polyphone: nothing forced
    assert "储蓄" in [d.word for d in descriptions]
    assert all(len(d.word) == 2 and "储" in d.word for d in descriptions)


@pytest.mark.parametrize(
    ("char", "readings", "example"),
    [
        ("行", {"xing2", "hang2"}, "银行"),
        ("长", {"chang2", "zhang3"}, "长期"),
        ("重", {"zhong4", "chong2"}, "重新"),
        ("发", {"fa1", "fa4"}, "头发"),
    ],
)
def test_polyphone_has_one_description_per_reading_first(char, readings, example):
    descriptions = describe_char(char)
    assert {d.reading for d in descriptions[:2]} == readings
    assert example in [d.word for d in descriptions[:8]]
    for d in descriptions:  # every word really has that reading
        assert word_reading(d.word, char) == d.reading, d


def test_polyphone_reading_is_forced_for_the_voice():
    bank = next(d for d in describe_char("行") if d.word == "银行")
    assert bank.text == "行，银行的行"
    assert bank.spoken == "hang2，银hang2的hang2"


def test_tone_sandhi_is_not_a_reading():
    assert {d.reading for d in describe_char("一")} == {"yi1"}
    assert {d.reading for d in describe_char("不")} == {"bu4"}


def test_surname_sayings():
    assert texts("张")[0] == "张，弓长张"
    assert texts("陈")[0] == "陈，耳东陈"
    assert texts("杨")[0] == "杨，木易杨"
    assert texts("章")[0] == "章，立早章"
    assert texts("王")[1] == "王，三横王"  # a common word first, then the saying
    assert texts("張", "zh-Hant")[0] == "張，弓長張"
    assert texts("劉", "zh-TW")[0] == "劉，卯金刀劉"
    assert texts("孫", "zh-Hant")[0] == "孫，子系孫"
    assert not any("子小" in t for t in texts("孫", "zh-Hant"))
    jia = describe_char("贾")[0]
    assert (jia.text, jia.reading, jia.kind) == ("贾，西贝贾", "jia3", "surname")  # not gu3
    assert not any(d.kind == "surname" for d in describe_char("于", variant="zh-Hant"))


def test_place_names_only_as_a_last_resort():
    assert describe_char("京")[0].word != "北京"
    assert describe_char("陕")[0].word == "陕西"  # no common word has 陕


def test_traditional_words_for_traditional_characters():
    fa = describe_char("發", variant="zh-Hant")
    hair = describe_char("髮", variant="zh-Hant")
    assert fa[0].text == "發，發展的發"
    assert hair[0].text == "髮，頭髮的髮"
    assert all("發" in d.word and "髮" not in d.word for d in fa)
    assert all("髮" in d.word for d in hair)
    after = describe_char("後", variant="zh-TW")
    assert after[0].text.startswith("後，") and all("後" in d.word for d in after)
    queen = describe_char("后", variant="zh-Hant")
    assert "皇后" in [d.word for d in queen] and not any("後" in d.word for d in queen)
    dry = [d.word for d in describe_char("乾", variant="zh-HK")]
    assert "乾淨" in dry and "幹部" not in dry
    assert "幹部" in [d.word for d in describe_char("幹", variant="zh-Hant")]


def test_variant_forms_of_traditional_characters():
    assert texts("裡", "zh-TW")[0] == "裡，這裡的裡"
    assert texts("裏", "zh-HK")[0] == "裏，這裏的裏"
    assert texts("裡", "zh-Hant")[0] == "裡，這裡的裡"  # Taiwan's form in generic Traditional
    assert texts("發", "zh-Hans")[0] == "發，發展的發"  # a Traditional character in Simplified text
    assert texts("储", "zh-Hant")[0] == "储，储备的储"


@pytest.mark.parametrize(
    ("char", "variant", "first"),
    [
        ("，", "zh-Hans", "逗号"),
        ("。", "zh-Hans", "句号"),
        ("，", "zh-TW", "逗號"),
        (",", "zh-Hans", "英文逗号"),
        ("、", "zh-Hans", "顿号"),
        ("A", "zh-Hans", "大写 A"),
        ("a", "zh-Hans", "小写 a"),
        ("Ａ", "zh-Hans", "全角大写 A"),
        ("7", "zh-Hans", "数字 7"),
        ("７", "zh-Hans", "全角数字 7"),
        ("ǎ", "zh-Hans", "三声 a"),
        ("①", "zh-Hans", "带圈数字 1"),
        (" ", "zh-Hans", "空格"),
        ("\u2028", "zh-Hans", "换行符"),
        ("｡", "zh-Hans", "半角句号"),
        ("＃", "zh-Hans", "全角井号"),
        ("α", "zh-Hans", "希腊字母 alpha"),
    ],
)
def test_non_han_characters_are_named(char, variant, first):
    assert texts(char, variant)[0] == first


def test_letters_have_a_spelling_alphabet_alternative():
    assert texts("b")[1] == "小写 b，Bravo"


def test_rare_and_private_use_characters():
    rare = describe_char("𪚥")  # CJK extension B, no words: its pinyin
    assert rare[0].kind == "reading" and rare[0].text.startswith("𪚥，拼音 ")
    private = describe_char("\ue000")
    assert private[0].text == "私用区字符 U+E000"
    assert describe_char("\U000f0001", variant="zh-Hant")[0].text == "私用區字符 U+F0001"
    assert texts("\ud800")[0] == "代理码位 U+D800"  # a lone surrogate from broken input
    assert texts("\x07")[0] == "控制字符 U+0007"
    # Extension H (Unicode 15) is newer than some Pythons' Unicode data: pinyin still works.
    assert texts("\U00031350")[0].startswith("\U00031350，拼音 ")
    # A code point of the ideographic plane that has no character yet: just its code.
    assert texts("\U0003a000")[0] == "\U0003a000，生僻字 U+3A000"


def test_bad_arguments():
    with pytest.raises(ValueError):
        describe_char("储", variant="zh-XX")
    with pytest.raises(ValueError):
        describe_char("储蓄")


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(
        alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None),
        max_size=12,
    ),
    variant=st.sampled_from(VARIANTS),
)
def test_any_text_gets_a_description_for_every_character(text, variant):
    result = describe_text(text, variant)
    assert len(result) == len(text)
    for char, descriptions in zip(text, result, strict=True):
        assert descriptions, repr(char)
        for d in descriptions:
            assert d.char == char and d.text and d.spoken


@settings(max_examples=60, deadline=None)
@given(
    char=st.characters(categories=("Lo",), min_codepoint=0x3400, max_codepoint=0x3134F).filter(
        lambda c: unicodedata.name(c, "").startswith("CJK UNIFIED")
    ),
    variant=st.sampled_from(VARIANTS),
)
def test_any_ideograph_gets_words_pinyin_or_its_code(char, variant):
    descriptions = describe_char(char, variant=variant)
    assert descriptions[0].kind in ("word", "surname", "reading", "other")
    for d in descriptions:
        if d.kind == "word":
            assert d.text == f"{char}，{d.word}的{char}" and char in d.word


# -- the shipped data ------------------------------------------------------------------------


def test_shipped_data_round_trips_and_loads():
    text = gzip.decompress(DATA_PATH.read_bytes()).decode("utf-8")
    data = parse_data(text)
    assert format_data(data) == text
    assert len(data.sections["zh-Hans"]) > 5000
    assert load_data().sections["zh-Hans"]["储"] == data.sections["zh-Hans"]["储"]
    assert DATA_PATH.stat().st_size < 300_000


def test_shipped_words_have_their_reading_and_no_person_names():
    import jieba

    from reader.chinese.build_descriptions import _compound_counts

    rows = []
    dict_txt = Path(jieba.__file__).parent / "dict.txt"
    for line in dict_txt.read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split()
        rows.append((word, int(freq), tag))
    tags = {word: tag for word, _, tag in rows}
    compounds = _compound_counts(rows)
    data = load_data()
    used = set()
    for char, readings in data.sections["zh-Hans"].items():
        for r in readings:
            for word in r.words:
                used.add(word)
                assert len(word) == 2 and char in word
                # jieba tags 梅花 as a name (someone is called so); it is kept because
                # 梅花鹿 and 梅花桩 show it is a word. Real names are in no compound.
                if tags.get(word) in PERSON_TAGS:
                    assert compounds.get(word, 0) >= 1, word
                if char not in "一不":
                    assert word_reading(word, char) == r.reading, (char, word, r.reading)
    assert not used & {"张飞", "王明", "刘备", "李白", "王平", "张宁", "钟繇"}
    assert {"梅花", "熊猫", "老虎"} <= used
    for variant in VARIANTS[1:]:
        for char, readings in data.sections[variant].items():
            assert all(char in w for r in readings for w in r.words), (variant, char)


def test_build_reproduces_the_shipped_entries():
    """The build runs and, with the same sources, gives exactly the shipped rows."""
    from reader.chinese.build_descriptions import build

    sample = "储行长重发干乾后京张的"
    built = build(sample)
    shipped = load_data()
    assert set(built.sections["zh-Hans"]) == set(sample)
    header = " ".join(shipped.header)
    versions = [f"{p} {metadata.version(p)}" for p in ("jieba", "wordfreq", "pypinyin", "OpenCC")]
    if not all(v in header for v in versions):
        pytest.skip(f"shipped data built from other versions than installed: {header}")
    for char in sample:
        assert built.sections["zh-Hans"][char] == shipped.sections["zh-Hans"][char], char
    # Traditional rows whose Simplified sources are all in the sample.
    for variant, chars in (("zh-Hant", "發髮幹後后"), ("zh-TW", "發髮乾幹後"), ("zh-HK", "髮後")):
        for char in chars:
            assert built.sections[variant].get(char) == shipped.sections[variant].get(char), (
                variant,
                char,
            )


# -- the spoken form, checked with the real voice ------------------------------------------

ESPEAK_PHONEMES = r"""
import ctypes, sys, espeakng_loader
lib = ctypes.CDLL(espeakng_loader.get_library_path())
lib.espeak_Initialize(2, 0, espeakng_loader.get_data_path().encode(), 0x8000)
lib.espeak_SetVoiceByName(b"cmn")
lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
for text in sys.argv[1:]:
    buf = ctypes.create_string_buffer(text.encode())
    ptr = ctypes.c_void_p(ctypes.addressof(buf))
    out = []
    while ptr.value:
        out.append((lib.espeak_TextToPhonemes(ctypes.byref(ptr), 1, 0) or b"").decode())
    print(" ".join(out))
"""


def espeak_phonemes(*texts: str) -> list[str]:
    """espeak-ng's phonemes for each text (Mandarin voice), in a separate process."""
    pytest.importorskip("espeakng_loader")
    proc = subprocess.run(
        [sys.executable, "-c", ESPEAK_PHONEMES, *texts],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return proc.stdout.splitlines()


def test_espeak_reads_the_forced_reading():
    bank = next(d for d in describe_char("行") if d.word == "银行")
    plain_text, spoken, hang, xing = espeak_phonemes(bank.text, bank.spoken, "hang2", "xing2")
    assert plain_text.split()[0] == xing  # the lone 行 is misread without help
    assert spoken.split()[0] == hang
    assert spoken.count(hang) == 3 and xing not in spoken


def test_missing_data_file_degrades_to_pinyin(monkeypatch):
    from reader.chinese import describe

    monkeypatch.setattr(describe, "_data", None)
    monkeypatch.setattr(describe, "DATA_FILE", "no-such-file.txt.gz")
    assert texts("储")[0] == "储，拼音 chǔ"
    assert texts("张")[0] == "张，弓长张"
    assert texts("，")[0] == "逗号"
