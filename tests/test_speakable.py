"""Speakable text: numbers, acronyms, polyphones, punctuation levels, offsets; checked on espeak-ng."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks._espeak_phonemes import phonemize
from benchmarks._pinyin_score import inventory, score
from reader.chinese import words
from reader.chinese.numbers import cardinal, rewrite_numbers
from reader.chinese.polyphones import espeak_reads
from reader.chinese.speakable import PUNCTUATION_LEVELS, to_speakable


@pytest.fixture(scope="module", autouse=True)
def jieba_loaded():
    """Polyphone decisions use jieba's words once it is loaded (as in the app after start-up)."""
    assert words.wait_ready(120)


def spoken(text: str, **kw) -> str:
    return to_speakable(text, **kw).text


# ----------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, "零"),
        (10, "十"),
        (15, "十五"),
        (100, "一百"),
        (105, "一百零五"),
        (1335, "一千三百三十五"),
        (2007, "两千零七"),
        (4000, "四千"),
        (10010, "一万零一十"),
        (13350000, "一千三百三十五万"),
        (200000000, "两亿"),
        (100000001, "一亿零一"),
    ],
)
def test_cardinal(number, expected):
    assert cardinal(number) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年", "二零二二年"),
        ("自2018 年启动", "自二零一八年启动"),
        ("11月28日", "十一月二十八日"),
        ("今年9月", "今年九月"),
        ("2月", "二月"),
        ("1335 万人次", "一千三百三十五万人次"),
        ("超4000亿元", "超四千亿元"),
        ("现有2007位", "现有两千零七位"),
        ("2000多名观众", "两千多名观众"),
        ("2个人", "两个人"),
        ("12个人", "十二个人"),
        ("善款1.1亿元", "善款一点一亿元"),
        ("22.5%的残疾人", "百分之二十二点五的残疾人"),
        ("其中有30%来自", "其中有百分之三十来自"),
        ("3‰", "千分之三"),
        ("10%-20%", "百分之十到百分之二十"),
        ("3-5人", "三到五人"),
        ("2016—2022年", "二零一六到二零二二年"),
        ("第3届", "第三届"),
        ("第2段，共40段", "第二段，共四十段"),
        ("第2名", "第二名"),
        ("8:05开始", "八点零五分开始"),
        ("2022-11-28", "二零二二年十一月二十八日"),
        ("三分之一即1/3", "三分之一即三分之一"),
        ("气温-5度", "气温负五度"),
        ("1,335元", "一千三百三十五元"),
        ("电话13800138000", "电话一三八零零一三八零零零"),
        ("2022上海落叶艺术公益展", "二零二二上海落叶艺术公益展"),
        ("35℃", "三十五摄氏度"),
        ("１５款", "十五款"),
    ],
)
def test_numbers_read_as_listeners_expect(text, expected):
    assert spoken(text, punctuation="none") == expected


def test_numbers_inside_latin_names_stay_digits():
    assert [s for _, _, s in rewrite_numbers("MP3和5G")] == ["三", "五"]


# ----------------------------------------------------------------- Latin


def test_acronyms_are_spelled_other_latin_left_alone():
    assert spoken("淘宝的OCR读图技术") == "淘宝的O-C-R读图技术"
    assert spoken("15款APP完成") == "十五款A-P-P完成"
    assert spoken("他说AI人工智能") == "他说A-I人工智能"
    assert spoken("nihaooo你好艺术") == "nihaooo你好艺术"
    assert spoken("iPhone和UNESCO") == "iPhone和UNESCO"
    assert spoken("ＡＰＰ") == "A-P-P"


def test_spelled_acronyms_are_letters_on_espeak():
    app, ocr = phonemize([spoken("APP"), spoken("OCR")])
    assert "'eI" in app and app.count("p 'i:") + app.count("p ,i:") == 2  # A, P, P
    assert "'oU" in ocr and "s 'i:" in ocr


# ----------------------------------------------------------------- polyphones


@pytest.mark.parametrize(
    ("text", "pinyin"),
    [
        ("他被选为代表。", "ta1 bei4 xuan3 wei2 dai4 biao3"),
        ("老师教我们唱歌。", "lao3 shi1 jiao1 wo3 men5 chang4 ge1"),
        ("这孩子长得很快。", "zhe4 hai2 zi5 zhang3 de5 hen3 kuai4"),
        ("他睡了一觉。", "ta1 shui4 le5 yi1 jiao4"),
        (
            "银行行长表示，该行将重新调整利率。",
            "yin2 hang2 hang2 zhang3 biao3 shi4 gai1 hang2 jiang1 chong2 xin1 tiao2 zheng3 li4 lv4",
        ),
        ("这只小猫很可爱。", "zhe4 zhi1 xiao3 mao1 hen3 ke3 ai4"),
        ("贾母笑了。", "jia3 mu3 xiao4 le5"),
    ],
)
def test_polyphones_are_right_on_espeak(text, pinyin):
    """The forced readings really are what espeak-ng says (its own phonemes)."""
    inv = inventory("cmn")
    raw, fixed = phonemize([text, spoken(text)])
    assert score(pinyin, fixed, inv).errors == []
    assert score(pinyin, raw, inv).errors != []  # espeak alone gets it wrong


def test_readings_are_only_forced_where_espeak_would_be_wrong():
    assert spoken("我们今天去公园。") == "我们今天去公园。"
    assert "wei4" not in spoken("他们为了比赛准备了三个月。")  # 为了: espeak's wèi is right
    assert espeak_reads("为") == "wei4" and espeak_reads("长") == "chang2"


def test_no_readings_for_other_engines_or_cantonese():
    assert spoken("他被选为代表。", force_readings=False) == "他被选为代表。"
    assert spoken("他被選為代表。", script="zh-HK") == "他被选为代表。"


def test_traditional_is_spoken_from_simplified():
    assert spoken("他被選為代表，臺灣的軟體。", script="zh-TW") == "他被选 wei2 代表，台湾的软体。"


def test_characters_espeak_cannot_read():
    # U+20000 (extension B) has a pinyin reading; private-use characters are left out.
    assert spoken("\U00020000字\ue000好") == " he1 字好"


# ----------------------------------------------------------------- punctuation


def test_punctuation_levels():
    text = "他读了《红楼梦》（上）——“好书”……"
    assert spoken(text, punctuation="none") == "他读了《红楼梦》（上），“好书”……"
    assert spoken(text, punctuation="some") == (
        "他读了《左书名号红楼梦右书名号》（左括号上右括号），破折号，“好书”……"
    )
    assert spoken(text, punctuation="all") == (
        "他读了《左书名号红楼梦右书名号》（左括号上右括号），破折号，“左引号好书右引号”省略号……"
    )
    with pytest.raises(ValueError):
        to_speakable(text, punctuation="most")


def test_spoken_mark_names_are_read_right():
    inv = inventory("cmn")
    (phonemes,) = phonemize([spoken("《书》（注）——", punctuation="some")])
    expected = "zuo3 shu1 ming2 hao4 shu1 you4 shu1 ming2 hao4 zuo3 kuo4 hao4 zhu4 you4 kuo4 hao4 po4 zhe2 hao4"
    assert score(expected, phonemes, inv).errors == []


# ----------------------------------------------------------------- offsets


def test_offsets_point_back_to_the_displayed_text():
    text = "为12省1335万人次提供OCR"
    s = to_speakable(text)
    assert len(s.offsets) == len(s.text)
    assert s.offsets[s.text.index("十二")] == text.index("12")
    assert s.offsets[s.text.index("省")] == text.index("省")
    assert s.offsets[s.text.index("提")] == text.index("提")
    assert s.offsets[s.text.index("O")] == text.index("O")
    assert s.offsets[-1] == text.index("R")


_bad_input = st.text(
    alphabet=st.one_of(
        st.sampled_from("为长行得只教觉数量系盛干贾一不，。“”《》（）——…%.:-/ 　\n0123456789ＡＰ"),
        st.sampled_from("ABCDOPRIabc"),
        st.characters(codec="utf-8"),
        st.characters(min_codepoint=0xE000, max_codepoint=0xF8FF),
        st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    ),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(
    _bad_input,
    st.sampled_from(PUNCTUATION_LEVELS),
    st.sampled_from(("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")),
)
def test_offsets_valid_on_any_input(text, punctuation, script):
    s = to_speakable(text, punctuation=punctuation, script=script)
    assert len(s.offsets) == len(s.text)
    assert list(s.offsets) == sorted(s.offsets)
    assert all(0 <= o <= len(text) for o in s.offsets)
    assert all(not ("\ue000" <= ch <= "\uf8ff") for ch in s.text)


def test_long_runs_without_punctuation():
    text = "阿里巴巴助力乡村振兴" * 500 + "2022年"
    s = to_speakable(text)
    assert s.text.endswith("二零二二年")
    assert len(s.offsets) == len(s.text)


def test_symbol_and_latin_only_paragraphs():
    assert spoken("★ → © ™") == "★ → © ™"
    assert spoken("Hello, world!") == "Hello, world!"
    assert spoken("") == ""
