"""Words from jieba (loaded in the background, Traditional text segmented through t2s)."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.chinese import words
from reader.chinese.words import fallback_word_spans, word_spans
from tests.conftest import ROOT


def _words(text: str, **kw) -> list[str]:
    return [text[a:b] for a, b in word_spans(text, **kw)]


def test_simplified_words():
    assert _words("阿里巴巴发布年度助残行动报告") == [
        "阿里巴巴",
        "发布",
        "年度",
        "助残",
        "行动",
        "报告",
    ]


def test_traditional_is_segmented_through_its_simplified_form():
    text = "阿里巴巴發佈年度助殘行動報告"
    assert _words(text) == ["阿里巴巴", "發佈", "年度", "助殘", "行動", "報告"]
    assert _words(text, script="zh-TW") == _words(text)


def test_traditional_segmentation_is_better_through_t2s():
    """On a Traditional excerpt, t2s segmentation matches the Simplified original's words."""
    import jieba

    from reader.chinese.script import convert

    simplified = (ROOT / "tests" / "data" / "hongloumeng-utf8.txt").read_text(encoding="utf-8")[
        :3000
    ]
    traditional = convert(simplified, "zh-Hans", "zh-Hant")
    reference = set(word_spans(simplified))

    def agreement(spans):
        return len(set(spans) & reference) / len(reference)

    direct = []
    pos = 0
    for w in jieba.dt.cut(traditional, HMM=True):
        direct.append((pos, pos + len(w)))
        pos += len(w)
    assert agreement(word_spans(traditional)) > 0.97
    assert agreement(word_spans(traditional)) > agreement(direct) + 0.05


def test_fallback_is_characters_with_latin_runs_whole():
    text = "基地AI人工智能 v2.0，共150名"
    assert [text[a:b] for a, b in fallback_word_spans(text)] == [
        "基", "地", "AI", "人", "工", "智", "能", " ", "v2.0", "，", "共", "150", "名",
    ]  # fmt: skip


def test_never_blocks_before_jieba_is_loaded():
    """In a fresh process, ``wait=False`` answers at once with characters; jieba loads behind."""
    code = (
        "import time, reader.chinese.words as w\n"
        "t = time.perf_counter(); spans = w.word_spans('阿里巴巴发布', wait=False)\n"
        "fast = time.perf_counter() - t < 0.05\n"
        "assert w.wait_ready(60)\n"
        "print(fast, spans == [(i, i + 1) for i in range(6)], w.word_spans('阿里巴巴发布', wait=False))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.stdout.strip() == "True True [(0, 4), (4, 6)]", proc.stderr
    assert proc.stderr == ""  # jieba's console logging is silenced


def test_cache_in_the_apps_cache_dir(tmp_path):
    """jieba's cache goes to READER_HOME's cache dir, nothing to the shared temp dir."""
    home, temp = tmp_path / "home", tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "READER_HOME": str(home), "TMPDIR": str(temp)}
    code = "import reader.chinese.words as w; assert w.wait_ready(60)"
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 0
    assert (home / "cache" / "jieba.cache").stat().st_size > 1_000_000
    assert list(temp.iterdir()) == []


def test_importing_words_does_not_import_jieba():
    code = "import sys, reader.chinese.words; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr


_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("阿里巴巴發佈年度助残，。！AI 2022年\n　"),
        st.characters(codec="utf-8"),
        st.characters(min_codepoint=0xE000, max_codepoint=0xF8FF),
        st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
    ),
    max_size=80,
)


@settings(max_examples=100, deadline=None)
@given(_text, st.booleans())
def test_spans_cover_the_text_in_order(text, use_jieba):
    spans = word_spans(text) if use_jieba else fallback_word_spans(text)
    if not text:
        assert spans == []
        return
    assert [a for a, _ in spans] == [0] + [b for _, b in spans[:-1]]
    assert (spans[-1][1] if spans else 0) == len(text)
    assert all(b > a for a, b in spans)


def test_words_helper():
    assert words.words("我们的报告") == ["我们", "的", "报告"]
