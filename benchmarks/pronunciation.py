"""How right espeak-ng reads Chinese, raw and from speakable text, syllable by syllable.

``benchmarks/data/pronunciation.tsv`` holds real sentences with polyphones
and numbers and their correct pinyin. Each sentence is given to espeak-ng
(the app's default Mandarin voice, ``cmn``) twice: as displayed, and as the
speakable text the app would give it; espeak's own phonemes
(``espeak_TextToPhonemes``) are scored against the pinyin (see
``_pinyin_score``). Syllable accuracy is 1 − (substitutions + deletions +
insertions) / reference syllables.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.result import Result

DATA = Path(__file__).parent / "data" / "pronunciation.tsv"
TARGET = 0.98


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--pronunciation-errors``: list every sentence's errors."""
    parser.add_argument(
        "--pronunciation-errors",
        action="store_true",
        help="pronunciation: print each sentence's syllable errors",
    )


def load_table(path: Path = DATA) -> list[tuple[str, str, str]]:
    """``(source, text, pinyin)`` rows of the table, comments skipped."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, text, pinyin = line.split("\t")
            rows.append((source, text, pinyin))
    return rows


def measure(rows: list[tuple[str, str, str]], texts: list[str]):
    """Score espeak-ng's phonemes of ``texts`` against the rows' pinyin."""
    from benchmarks._espeak_phonemes import phonemize
    from benchmarks._pinyin_score import inventory, score

    inv = inventory("cmn")
    return [
        score(pinyin, phonemes, inv)
        for (_, _, pinyin), phonemes in zip(rows, phonemize(texts, "cmn"), strict=True)
    ]


def accuracy(scores) -> float:
    """Syllable accuracy over all ``scores``."""
    total = sum(s.reference for s in scores)
    errors = sum(s.errors_total for s in scores)
    return max(0.0, 1 - errors / total) if total else 0.0


def run(options: argparse.Namespace) -> list[Result]:
    """Score raw and speakable text; report both accuracies."""
    from reader.chinese import words
    from reader.chinese.speakable import to_speakable

    words.wait_ready()
    rows = load_table()
    speakable = [to_speakable(text, punctuation="none").text for _, text, _ in rows]
    raw_scores = measure(rows, [text for _, text, _ in rows])
    spoken_scores = measure(rows, speakable)
    if getattr(options, "pronunciation_errors", False):
        for (_, text, _), said, raw, spoken in zip(
            rows, speakable, raw_scores, spoken_scores, strict=True
        ):
            if raw.errors or spoken.errors:
                sys.stdout.write(
                    f"{text}\n  raw:       {' '.join(raw.errors) or 'ok'}\n"
                    f"  speakable: {' '.join(spoken.errors) or 'ok'}   ({said})\n"
                )
    syllables = sum(s.reference for s in raw_scores)
    note = f"{len(rows)} sentences, {syllables} syllables, espeak-ng cmn"
    return [
        Result("pronunciation.raw_syllable_accuracy", accuracy(raw_scores), "", note=note),
        Result(
            "pronunciation.speakable_syllable_accuracy",
            accuracy(spoken_scores),
            "",
            target=TARGET,
            op=">=",
            note=note,
        ),
        Result(
            "pronunciation.speakable_sentences_all_right",
            sum(1 for s in spoken_scores if not s.errors) / len(rows),
            "",
            note="share of sentences with no syllable error",
        ),
    ]
