"""Score espeak-ng's phonemes against reference pinyin, syllable by syllable.

Every toned pinyin syllable (``zhang3``) is given to espeak-ng on its own;
its phonemes (``ts. A214 N``) make an inventory of how espeak says each
syllable. A sentence's phonemes are then aligned with the reference
syllables by dynamic programming: a run of phonemes that is some syllable
either matches the reference syllable (right sound, right tone), replaces
it (an error), or is an extra syllable (an error); a reference syllable
with no phonemes is a deletion (an error). The alignment is free to split
ambiguous runs (``S; i55 a55 n`` is ``xi1 an1``) the way the reference
does, since they sound the same.

Accepted as right besides the reference: the tone changes of 一 and 不
that espeak-ng makes as speakers do (``yi1`` → ``yi2`` before a fourth
tone, ``yi4`` before others; ``bu4`` → ``bu2`` before a fourth tone), and
alternatives the reference lists as ``xi1|xi5``. Stretches espeak reads
in another language (``(en)…(cmn)``) are out of the score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from benchmarks._espeak_phonemes import phonemize

_BOUNDARY = "|"
_MAX_SYLLABLE_TOKENS = 5


@dataclass
class Inventory:
    """How espeak-ng says each toned pinyin syllable, both ways."""

    tokens_of: dict[str, tuple[str, ...]]
    syllables_of: dict[tuple[str, ...], set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for syllable, tokens in self.tokens_of.items():
            self.syllables_of.setdefault(tokens, set()).add(syllable)


@lru_cache(maxsize=2)
def inventory(voice: str = "cmn") -> Inventory:
    """The syllable inventory of ``voice``, from pypinyin's syllables (one espeak run)."""
    from pypinyin.contrib.tone_convert import to_tone3
    from pypinyin.pinyin_dict import pinyin_dict

    bases = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            base = to_tone3(reading).rstrip("012345")
            if base.isascii() and base.isalpha():
                bases.add(base)
    syllables = sorted(f"{base}{tone}" for base in bases for tone in "12345")
    tokens_of = {}
    for syllable, phonemes in zip(syllables, phonemize(syllables, voice), strict=True):
        tokens = tuple(t for t in tokenize(phonemes) if t != _BOUNDARY)
        toned = [t for t in tokens if t[-1].isdigit()]
        if len(toned) == 1 and "(" not in phonemes:  # read as one pinyin syllable, not English
            tokens_of[syllable] = tokens
    return Inventory(tokens_of)


def tokenize(phonemes: str) -> list[str]:
    """Phoneme tokens without stress marks, ``|`` at word and clause ends, foreign stretches dropped."""
    out: list[str] = []
    foreign = False
    for token in phonemes.split():
        if token.startswith("(") and token.endswith(")"):
            foreign = token not in ("(cmn)", "(yue)")
            if out and out[-1] != _BOUNDARY:
                out.append(_BOUNDARY)
            continue
        if foreign:
            continue
        if token.startswith("_") or token == "||":
            if out and out[-1] != _BOUNDARY:
                out.append(_BOUNDARY)
            continue
        token = token.lstrip("',")
        if token:
            out.append(token)
    return out


def parse_reference(pinyin: str) -> list[tuple[str, ...]]:
    """``"ta1 xi1|xi5 …"`` → the accepted syllables of each position."""
    return [tuple(p.split("|")) for p in pinyin.split()]


def _accepted(reference: list[tuple[str, ...]], i: int) -> set[str]:
    accepted = set(reference[i])
    following = reference[i + 1][0] if i + 1 < len(reference) else ""
    tone = following[-1:] if following else ""
    if "yi1" in accepted and tone:
        accepted.add("yi2" if tone == "4" else "yi4")
    if "bu4" in accepted and tone == "4":
        accepted.add("bu2")
    return accepted


@dataclass
class Score:
    """The outcome of aligning one sentence."""

    reference: int
    correct: int
    substitutions: int
    deletions: int
    insertions: int
    heard: list[str]
    errors: list[str]

    @property
    def errors_total(self) -> int:
        """Substitutions, deletions and insertions."""
        return self.substitutions + self.deletions + self.insertions


def score(reference_pinyin: str, phonemes: str, inv: Inventory) -> Score:
    """Align ``phonemes`` (espeak-ng's, for the sentence) with ``reference_pinyin``."""
    reference = parse_reference(reference_pinyin)
    accepted_tokens = []
    for i in range(len(reference)):
        tokens = set()
        for syllable in _accepted(reference, i):
            if syllable not in inv.tokens_of:
                if syllable in reference[i]:
                    raise ValueError(f"reference syllable {syllable!r} is not pinyin espeak knows")
                continue
            tokens.add(inv.tokens_of[syllable])
        accepted_tokens.append(tokens)
    hyp = tokenize(phonemes)
    n, m = len(reference), len(hyp)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0

    def relax(i2: int, j2: int, c: float, step: tuple) -> None:
        if c < cost[i2][j2]:
            cost[i2][j2] = c
            back[i2][j2] = step

    for i in range(n + 1):
        for j in range(m + 1):
            c = cost[i][j]
            if c == inf:
                continue
            if j < m and hyp[j] == _BOUNDARY:
                relax(i, j + 1, c, ("skip", i, j, None))
                continue
            if i < n:
                relax(i + 1, j, c + 1, ("del", i, j, None))
            if j < m:
                relax(i, j + 1, c + 1, ("junk", i, j, None))
            for length in range(1, _MAX_SYLLABLE_TOKENS + 1):
                if j + length > m or hyp[j + length - 1] == _BOUNDARY:
                    break
                run = tuple(hyp[j : j + length])
                if run not in inv.syllables_of:
                    continue
                said = "/".join(sorted(inv.syllables_of[run]))
                relax(i, j + length, c + 1, ("ins", i, j, said))
                if i < n:
                    ok = run in accepted_tokens[i]
                    relax(
                        i + 1, j + length, c + (0 if ok else 1), ("ok" if ok else "sub", i, j, said)
                    )
    steps = []
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j]
        steps.append(step)
        i, j = step[1], step[2]
    steps.reverse()
    counts = {"ok": 0, "sub": 0, "del": 0, "ins": 0, "junk": 0}
    heard, errors = [], []
    for kind, i, _j, said in steps:
        if kind == "skip":
            continue
        counts[kind] += 1
        if said:
            heard.append(said)
        if kind == "sub":
            errors.append(f"{'|'.join(reference[i])}→{said}")
        elif kind == "del":
            errors.append(f"{'|'.join(reference[i])}→∅")
        elif kind in ("ins", "junk"):
            errors.append(f"+{said or hyp[_j]}")
    return Score(
        reference=n,
        correct=counts["ok"],
        substitutions=counts["sub"],
        deletions=counts["del"],
        insertions=counts["ins"] + counts["junk"],
        heard=heard,
        errors=errors,
    )
