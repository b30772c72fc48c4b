"""The pronunciation table, scored on espeak-ng's own phonemes, and the espeak reading table."""

from __future__ import annotations

from argparse import Namespace

from benchmarks import pronunciation
from benchmarks._make_espeak_readings import OUT, build


def test_speakable_text_meets_the_pronunciation_target():
    results = {r.name: r for r in pronunciation.run(Namespace())}
    raw = results["pronunciation.raw_syllable_accuracy"].value
    speakable = results["pronunciation.speakable_syllable_accuracy"]
    assert speakable.passed, speakable
    assert speakable.value > raw + 0.03


def test_table_has_enough_real_sentences():
    rows = pronunciation.load_table()
    assert len(rows) >= 60
    assert {source for source, _, _ in rows} >= {"seed", "news", "红楼梦"}


def test_shipped_espeak_readings_match_the_installed_espeak():
    text, _, _ = build()
    assert OUT.read_text(encoding="utf-8") == text
