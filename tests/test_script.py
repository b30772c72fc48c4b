"""Script variants: detection, conversion, phrase offsets and the cached per-paragraph view."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.chinese import script
from reader.chinese.offsets import OffsetMap
from reader.chinese.script import (
    VARIANTS,
    ScriptView,
    convert,
    detect_paragraph_scripts,
    detect_script,
    for_speech,
    next_variant,
    paragraph_script,
)
from reader.chinese.script_tables import script_characters
from reader.document import Article, Paragraph
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"
SIMPLIFIED = "阿里巴巴发布年度助残行动报告，帮助残疾人实现创业就业。"
TRADITIONAL = "阿里巴巴發佈年度助殘行動報告，幫助殘疾人實現創業就業。"


# ----------------------------------------------------------------- detection


def test_tables_leave_out_shared_and_regional_characters():
    simplified_only, traditional_only = script_characters()
    for ch in "发这说为个儿":
        assert ch in simplified_only
    for ch in "發這說爲為個兒裡裏":
        assert ch in traditional_only
    # Their own counterpart (后/後, 干/乾, 台/臺, 里/裏) or kept by Taiwan/Hong Kong (温, 才, 着).
    for ch in "后干台里温才着么的中":
        assert ch not in simplified_only and ch not in traditional_only
    assert not simplified_only & traditional_only


def test_tables_match_the_installed_opencc():
    """The shipped table is what the generator makes from the installed OpenCC."""
    from reader.chinese.script_tables import _opencc_dir, build_tables

    if not (_opencc_dir() / "bin").is_dir():
        pytest.skip("this opencc wheel ships no opencc_dict tool")
    simplified_only, traditional_only = build_tables()
    assert (frozenset(simplified_only), frozenset(traditional_only)) == script_characters()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SIMPLIFIED, "zh-Hans"),
        (TRADITIONAL, "zh-Hant"),
        ("臺灣的軟體為什麼這麼貴", "zh-Hant"),  # Taiwan forms
        ("香港的軟件為甚麼這麼貴", "zh-Hant"),  # Hong Kong forms
        ("中文", "unknown"),  # nothing tells
        ("皇后在台上", "unknown"),  # only characters that are their own counterpart
        ("Hello, world! 123", "unknown"),
        ("", "unknown"),
        ("\ue000\U00020000", "unknown"),
    ],
)
def test_detect_script(text, expected):
    assert detect_script(text) == expected


def test_detect_script_on_real_texts():
    assert (
        detect_script((DATA / "xiyouji-traditional.txt").read_text(encoding="utf-8")) == "zh-Hant"
    )
    assert detect_script((DATA / "hongloumeng-utf8.txt").read_text(encoding="utf-8")) == "zh-Hans"


def test_dirty_machine_converted_traditional_is_traditional():
    # Machine-converted text with Simplified leftovers (儿, 么) as in the shared 紅樓夢.txt.
    assert detect_script("寶玉聽了這話，便問那女儿們：「你們在這裡做什么？」") == "zh-Hant"


def test_unknown_paragraphs_take_the_previous_script():
    texts = ["中文", TRADITIONAL, "中文", "abc", SIMPLIFIED, "中文"]
    assert detect_paragraph_scripts(texts) == [
        "zh-Hant", "zh-Hant", "zh-Hant", "zh-Hant", "zh-Hans", "zh-Hans",
    ]  # fmt: skip
    assert detect_paragraph_scripts(texts, initial="zh-Hans")[0] == "zh-Hans"
    assert detect_paragraph_scripts(["中文", "abc"]) == ["unknown", "unknown"]


def test_paragraph_script_looks_back_then_at_the_article():
    article = Article(
        "t", tuple(Paragraph(t) for t in (TRADITIONAL, "中文", "台上")), script="zh-Hant"
    )
    assert [paragraph_script(article, i) for i in range(3)] == ["zh-Hant"] * 3
    alone = Article("t", (Paragraph("中文"),), script="unknown")
    assert paragraph_script(alone, 0) == "zh-Hans"


def test_a_whole_novel_is_detected_from_a_sample(monkeypatch):
    text = (DATA / "hongloumeng-utf8.txt").read_text(encoding="utf-8") * 150  # ~2.6 MB
    seen = []
    real = script.script_counts
    monkeypatch.setattr(script, "script_counts", lambda t: seen.append(len(t)) or real(t))
    assert detect_script(text) == "zh-Hans"
    assert seen == [20_000]


# ----------------------------------------------------------------- conversion


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("zh-Hans", SIMPLIFIED),
        ("zh-Hant", "阿里巴巴發佈年度助殘行動報告，幫助殘疾人實現創業就業。"),
        ("zh-TW", "阿里巴巴發佈年度助殘行動報告，幫助殘疾人實現創業就業。"),
        ("zh-HK", "阿里巴巴發佈年度助殘行動報告，幫助殘疾人實現創業就業。"),
    ],
)
def test_convert_from_simplified(variant, expected):
    assert convert(SIMPLIFIED, "zh-Hans", variant) == expected


def test_regional_forms_differ():
    text = "他为什么说这里的线很好"
    assert convert(text, "zh-Hans", "zh-Hant") == "他爲什麼說這裏的線很好"
    assert convert(text, "zh-Hans", "zh-TW") == "他為什麼說這裡的線很好"
    assert convert(text, "zh-Hans", "zh-HK") == "他為什麼説這裏的線很好"


def test_convert_from_traditional_of_any_region():
    taiwan = "他為什麼說這裡的線很好"
    assert convert(taiwan, "zh-Hant", "zh-Hans") == "他为什么说这里的线很好"
    assert convert(taiwan, "zh-Hant", "zh-Hant") == "他爲什麼說這裏的線很好"
    assert convert(taiwan, "zh-Hant", "zh-HK") == "他為什麼説這裏的線很好"
    hong_kong = "他為什麼説這裏的綫很好"
    assert convert(hong_kong, "zh-Hant", "zh-TW") == taiwan


def test_leftover_simplified_characters_are_fixed_in_traditional_views():
    assert convert("那女儿們", "zh-Hant", "zh-Hant") == "那女兒們"
    assert convert("那女儿們", "zh-Hant", "zh-Hans") == "那女儿们"


def test_phrases_are_opt_in():
    text = "这个软件用U盘安装，我们支持这个项目。"
    assert convert(text, "zh-Hans", "zh-TW") == "這個軟件用U盤安裝，我們支持這個項目。"
    assert convert(text, "zh-Hans", "zh-TW", phrases=True) == (
        "這個軟體用隨身碟安裝，我們支援這個專案。"
    )
    traditional = "這個軟件用U盤安裝"
    assert convert(traditional, "zh-Hant", "zh-TW", phrases=True) == "這個軟體用隨身碟安裝"
    assert convert("這個軟體用隨身碟安裝", "zh-Hant", "zh-Hans", phrases=True) == (
        "这个软件用U盘安装"
    )
    # No phrase tables for these targets: the flag changes nothing.
    assert convert(text, "zh-Hans", "zh-Hant", phrases=True) == convert(text, "zh-Hans", "zh-Hant")


def test_for_speech_gives_simplified_of_the_same_length():
    assert for_speech("臺灣的軟體", "zh-TW") == "台湾的软体"
    assert for_speech("香港的軟件", "zh-HK") == "香港的软件"
    assert for_speech(SIMPLIFIED, "zh-Hans") is SIMPLIFIED


def test_unknown_variant_is_an_error():
    with pytest.raises(ValueError):
        convert("中文", "zh-Hans", "zh-XX")
    with pytest.raises(ValueError):
        ScriptView("klingon")


def test_next_variant_cycles():
    seen = ["zh-Hans"]
    for _ in range(4):
        seen.append(next_variant(seen[-1]))
    assert seen == ["zh-Hans", "zh-Hant", "zh-TW", "zh-HK", "zh-Hans"]


def test_importing_script_does_not_load_opencc():
    code = "import sys, reader.chinese.script; print('opencc' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr


# ----------------------------------------------------------------- offsets and views


def test_offset_map_for_phrases():
    plain = convert("我用U盘，好。", "zh-Hans", "zh-TW")
    shown = convert("我用U盘，好。", "zh-Hans", "zh-TW", phrases=True)
    assert shown == "我用隨身碟，好。"
    m = OffsetMap.between(plain, shown)
    assert [m.to_target(i) for i in range(len(plain) + 1)] == [0, 1, 2, 3, 5, 6, 7, 8]
    assert m.to_source(len(shown)) == len(plain)
    assert m.to_source(shown.index("，")) == plain.index("，")


def test_view_converts_and_maps_sentences():
    paragraph = Paragraph("我们支持这个项目。这个软件用U盘装。好的")
    converted = ScriptView("zh-TW", phrases=True).paragraph(paragraph, "zh-Hans")
    assert converted.text == "我們支援這個專案。這個軟體用隨身碟裝。好的"
    assert [converted.text[a:b] for a, b in converted.sentences] == [
        "我們支援這個專案。", "這個軟體用隨身碟裝。", "好的",
    ]  # fmt: skip
    assert converted.to_display(len(paragraph.text)) == len(converted.text)
    assert converted.to_source(converted.text.index("好")) == paragraph.text.index("好")


def test_view_caches_by_paragraph_identity_and_is_bounded():
    view = ScriptView("zh-Hant", cache_size=3)
    paragraphs = [Paragraph(f"第{i}段说话") for i in range(5)]
    first = view.paragraph(paragraphs[0])
    assert view.paragraph(paragraphs[0]) is first
    assert view.paragraph(Paragraph(paragraphs[0].text)) is not first  # equal text, other paragraph
    for p in paragraphs:
        view.paragraph(p)
    assert len(view) == 3


def test_view_of_an_article_uses_neighbouring_paragraphs():
    article = Article("t", (Paragraph(SIMPLIFIED), Paragraph("皇后在后面")), script="zh-Hans")
    # "皇后在后面" alone cannot tell; as part of a Simplified article 后 becomes 後 where due.
    assert ScriptView("zh-Hant").article_paragraph(article, 1).text == "皇后在後面"
    traditional = Article("t", (Paragraph(TRADITIONAL), Paragraph("皇后在后面")), script="zh-Hant")
    assert ScriptView("zh-Hant").article_paragraph(traditional, 1).text == "皇后在后面"


def test_switching_variant_in_a_big_book_converts_only_what_is_shown(monkeypatch):
    text = (DATA / "hongloumeng-utf8.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    article = Article(
        "红楼梦", tuple(Paragraph(t) for _ in range(100) for t in lines), script="zh-Hans"
    )
    converted = []
    real = script.convert
    monkeypatch.setattr(
        script, "convert", lambda t, *a, **k: converted.append(t) or real(t, *a, **k)
    )
    for variant in VARIANTS:
        view = ScriptView(variant)
        for i in range(1000, 1040):  # one screenful and the paragraph being spoken
            view.article_paragraph(article, i)
    assert len(converted) == 4 * 40


# ----------------------------------------------------------------- bad input

_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("这個软體U盘隨身碟支持项目，。！？“”《》（）—…后台\n 　"),
        st.characters(codec="utf-8"),
        st.characters(min_codepoint=0xE000, max_codepoint=0xF8FF),  # private use
        st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # extension B
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(_text, st.sampled_from(("zh-Hans", "zh-Hant", "unknown")), st.sampled_from(VARIANTS))
def test_conversion_keeps_length_without_phrases(text, source, variant):
    assert len(convert(text, source, variant)) == len(text)


@settings(max_examples=150, deadline=None)
@given(_text, st.sampled_from(("zh-Hans", "zh-Hant")), st.sampled_from(VARIANTS))
def test_phrase_view_offsets_stay_valid_and_ordered(text, source, variant):
    converted = ScriptView(variant, phrases=True).paragraph(Paragraph(text), source)
    shown = [converted.to_display(i) for i in range(len(text) + 1)]
    assert shown == sorted(shown)
    assert shown[0] == 0 and shown[-1] == len(converted.text)
    back = [converted.to_source(j) for j in range(len(converted.text) + 1)]
    assert back == sorted(back)
    assert back[0] == 0 and back[-1] == len(text)
    for a, b in converted.sentences:
        assert 0 <= a <= b <= len(converted.text)


def test_lone_surrogates_pass_through():
    assert convert("说\ud800话", "zh-Hans", "zh-Hant") == "說\ud800話"
    assert detect_script("\ud800") == "unknown"
