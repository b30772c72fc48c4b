"""Script variants (简体/繁體/臺灣正體/香港繁體): detection, conversion and cached views.

The document keeps every paragraph in the script it was written in; what
the reader sees is a *view* in the chosen variant, converted with OpenCC
paragraph by paragraph, on demand, and kept in a bounded cache
(``ScriptView``). Switching variant in a 2.5 MB novel therefore costs only
the paragraphs that are shown or spoken.

Detection counts the characters that exist only in Simplified or only in
Traditional text (``script_tables``); a paragraph without any takes the
script of the paragraph before it. Character conversion keeps lengths, so
offsets of sentences and words carry over unchanged; the opt-in regional
phrase conversion (``软件`` → ``軟體``) changes lengths, and its offsets
are mapped through an ``OffsetMap``.

Importing this module is cheap: OpenCC is imported, and each converter
created, only when first used.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.chinese.offsets import OffsetMap

if TYPE_CHECKING:
    from reader.document import Article, Paragraph

VARIANTS = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
"""Stable ids of the script variants, in the order the ``v`` key cycles through them."""

VARIANT_AUTONYMS = {"zh-Hans": "简体", "zh-Hant": "繁體", "zh-TW": "臺灣正體", "zh-HK": "香港繁體"}
"""Each variant's name written in itself (as language menus show them)."""

SOURCE_SCRIPTS = ("zh-Hans", "zh-Hant")
UNKNOWN = "unknown"

# Conversion steps (OpenCC configurations) for (source script, target variant).
# Traditional sources are first normalised to OpenCC's standard forms
# (tw2t, hk2t), so Taiwan or Hong Kong text converts like any other.
_NORMALISE_TRADITIONAL = ("tw2t", "hk2t")
_STEPS: dict[tuple[str, str], tuple[str, ...]] = {
    ("zh-Hans", "zh-Hans"): (),
    ("zh-Hans", "zh-Hant"): ("s2t",),
    # s2t then t2tw, not s2tw: the same text (checked on two novels and jieba's
    # dictionary), and it shares s2t's dictionaries (~17 MB) with zh-Hant.
    ("zh-Hans", "zh-TW"): ("s2t", "t2tw"),
    ("zh-Hans", "zh-HK"): ("s2hk",),
    ("zh-Hant", "zh-Hans"): ("t2s",),
    ("zh-Hant", "zh-Hant"): _NORMALISE_TRADITIONAL,
    ("zh-Hant", "zh-TW"): (*_NORMALISE_TRADITIONAL, "t2tw"),
    ("zh-Hant", "zh-HK"): (*_NORMALISE_TRADITIONAL, "t2hk"),
}
# The same with regional phrases; only these targets have phrase tables.
_PHRASE_STEPS: dict[tuple[str, str], tuple[str, ...]] = {
    ("zh-Hans", "zh-TW"): ("s2twp",),
    ("zh-Hans", "zh-HK"): ("s2hkp",),
    ("zh-Hant", "zh-Hans"): ("tw2sp",),
    ("zh-Hant", "zh-TW"): (*_NORMALISE_TRADITIONAL, "t2twp"),
    ("zh-Hant", "zh-HK"): (*_NORMALISE_TRADITIONAL, "t2hkp"),
}
# OpenCC has no configuration for phrases from Traditional text: these apply
# the second stage of s2twp / s2hkp (phrases, then variants) on its own.
_CUSTOM_CONFIGS = {
    "t2twp": ("TWPhrases", "TWVariantsPhrases", "TWVariants"),
    "t2hkp": ("HKPhrases", "HKVariantsPhrases", "HKVariants"),
}
_converter_lock = threading.Lock()
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNCONVERTIBLE = re.compile("([\x00\ud800-\udfff])")


# --------------------------------------------------------------------------- variants


def variant_family(variant: str) -> str:
    """``"zh-Hans"`` for Simplified, ``"zh-Hant"`` for every Traditional variant."""
    return "zh-Hans" if variant == "zh-Hans" else "zh-Hant"


def script_family(script: str) -> str:
    """The variant to show a text of detected ``script`` in: ``"zh-Hant"`` or, also for
    ``"unknown"``, ``"zh-Hans"``."""
    return "zh-Hant" if script == "zh-Hant" else "zh-Hans"


def is_traditional(variant: str) -> bool:
    """True for zh-Hant, zh-TW and zh-HK."""
    return variant in ("zh-Hant", "zh-TW", "zh-HK")


def next_variant(variant: str) -> str:
    """The variant after ``variant`` in ``VARIANTS`` (wrapping round)."""
    i = VARIANTS.index(variant) if variant in VARIANTS else -1
    return VARIANTS[(i + 1) % len(VARIANTS)]


def _check_variant(variant: str) -> None:
    if variant not in VARIANTS:
        raise ValueError(f"unknown script variant {variant!r}; expected one of {VARIANTS}")


# --------------------------------------------------------------------------- detection


def script_counts(text: str) -> tuple[int, int]:
    """How many Simplified-only and Traditional-only characters ``text`` holds."""
    from reader.chinese.script_tables import script_characters

    simplified_only, traditional_only = script_characters()
    simplified = traditional = 0
    for ch in text:
        if ch in simplified_only:
            simplified += 1
        elif ch in traditional_only:
            traditional += 1
    return simplified, traditional


def _decide(simplified: int, traditional: int) -> str:
    if simplified == traditional:
        return UNKNOWN if simplified == 0 else "zh-Hans"
    return "zh-Hans" if simplified > traditional else "zh-Hant"


def detect_script(text: str, *, sample_chars: int = 20_000) -> str:
    """``"zh-Hans"``, ``"zh-Hant"`` or ``"unknown"`` (no character tells them apart).

    Long texts are sampled: 40 stretches spread over the whole text, about
    ``sample_chars`` characters in all, so a 2.5 MB novel takes a millisecond.
    """
    if len(text) > sample_chars:
        pieces = 40
        step = len(text) // pieces
        width = sample_chars // pieces
        text = "".join(text[i * step : i * step + width] for i in range(pieces))
    return _decide(*script_counts(text))


def detect_paragraph_scripts(texts: Iterable[str], initial: str = UNKNOWN) -> list[str]:
    """The source script of each paragraph; one that cannot tell takes the previous one's.

    Paragraphs before the first that can tell take ``initial`` if it is
    known, else the first detected script; all ``"unknown"`` if none can.
    """
    scripts = [detect_script(t) for t in texts]
    known = (
        initial
        if initial in SOURCE_SCRIPTS
        else next((s for s in scripts if s != UNKNOWN), UNKNOWN)
    )
    out = []
    for s in scripts:
        if s != UNKNOWN:
            known = s
        out.append(known)
    return out


_paragraph_script_cache: OrderedDict[int, tuple[object, str]] = OrderedDict()
_PARAGRAPH_SCRIPT_CACHE_SIZE = 4096
_LOOK_BACK = 200


def paragraph_script(article: Article, index: int) -> str:
    """The source script of paragraph ``index`` of ``article``, decided lazily.

    A paragraph that cannot tell takes the script of the nearest paragraph
    before it that can (looking back at most 200), then the article's
    script, then Simplified.
    """
    paragraphs = article.paragraphs
    for i in range(index, max(-1, index - _LOOK_BACK), -1):
        script = _own_script(paragraphs[i])
        if script != UNKNOWN:
            return script
    return article.script if article.script in SOURCE_SCRIPTS else "zh-Hans"


def _own_script(paragraph: Paragraph) -> str:
    key = id(paragraph)
    hit = _paragraph_script_cache.get(key)
    if hit is not None and hit[0] is paragraph:
        return hit[1]
    script = detect_script(paragraph.text)
    _paragraph_script_cache[key] = (paragraph, script)
    if len(_paragraph_script_cache) > _PARAGRAPH_SCRIPT_CACHE_SIZE:
        _paragraph_script_cache.popitem(last=False)
    return script


# --------------------------------------------------------------------------- conversion


@lru_cache(maxsize=32)
def opencc_converter(config: str):
    """The process's OpenCC converter for ``config``, created once (3–40 ms, up to ~17 MB).

    Everything that converts (display, speech, pinyin, descriptions) shares
    these, so each dictionary is loaded once.
    """
    import opencc

    path = _custom_config_path(config) if config in _CUSTOM_CONFIGS else config
    with _converter_lock:
        try:
            return opencc.OpenCC(path, include_tofu_risk_dictionaries=False)
        except TypeError:  # opencc < 1.1.9 has no such option
            return opencc.OpenCC(path)


def _custom_config_path(name: str) -> str:
    """Write the configuration ``name`` (absolute dictionary paths) into the cache directory."""
    import json
    from pathlib import Path

    import opencc

    from reader.paths import cache_dir
    from reader.state import write_atomic

    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    dicts = [{"type": "ocd2", "file": str(share / f"{d}.ocd2")} for d in _CUSTOM_CONFIGS[name]]
    config = {
        "name": f"reader {name}",
        "segmentation": {"type": "mmseg", "dict": dicts[0]},
        "conversion_chain": [
            {"dict": {"type": "group", "match_policy": "short_circuit", "dicts": dicts}}
        ],
    }
    text = json.dumps(config, ensure_ascii=False, indent=1)
    path = cache_dir() / "opencc" / f"{name}.json"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_atomic(path, text)
    return str(path)


def _run(config: str, text: str) -> str:
    """Convert with one OpenCC configuration.

    OpenCC takes UTF-8 C strings: a NUL would end the text and a lone
    surrogate cannot be encoded, so such characters pass through untouched.
    """
    if not text:
        return text
    if "\x00" not in text and not _SURROGATE.search(text):
        return opencc_converter(config).convert(text)
    pieces = _UNCONVERTIBLE.split(text)  # odd items are the characters themselves
    return "".join(
        piece if i % 2 else (opencc_converter(config).convert(piece) if piece else "")
        for i, piece in enumerate(pieces)
    )


def _chain(steps: Sequence[str], text: str) -> str:
    for step in steps:
        text = _run(step, text)
    return text


@lru_cache(maxsize=1)
def _leftover_simplified_table() -> dict[int, str]:
    """Simplified-only characters → their first Traditional form, one by one."""
    from reader.chinese.script_tables import script_characters

    chars = sorted(script_characters()[0])
    converted = _run("s2t", "\n".join(chars)).split("\n")
    return {ord(s): t for s, t in zip(chars, converted, strict=False) if len(t) == 1 and t != s}


def _fix_leftover_simplified(text: str) -> str:
    """Traditional text with stray Simplified-only characters (careless conversions): fix them."""
    from reader.chinese.script_tables import script_characters

    if script_characters()[0].isdisjoint(text):
        return text
    return text.translate(_leftover_simplified_table())


def convert(text: str, source: str, variant: str, *, phrases: bool = False) -> str:
    """``text`` written in ``source`` script, shown in ``variant``.

    ``source`` is ``"zh-Hans"``, ``"zh-Hant"`` (any Traditional variant
    counts as zh-Hant) or ``"unknown"`` (taken as Simplified). Without
    ``phrases`` the result has the same length as ``text``.
    """
    _check_variant(variant)
    family = variant_family(source) if source in VARIANTS else "zh-Hans"
    if phrases and (family, variant) in _PHRASE_STEPS:
        steps = _PHRASE_STEPS[(family, variant)]
    else:
        steps = _STEPS[(family, variant)]
    if family == "zh-Hant" and is_traditional(variant):
        text = _fix_leftover_simplified(text)
    return _chain(steps, text)


def for_speech(text: str, script: str) -> str:
    """The form of displayed ``text`` to give a voice: Traditional becomes Simplified.

    Voices' Mandarin dictionaries cover Simplified best; OpenCC's t2s keeps
    the length, so offsets into the result are offsets into ``text``.
    """
    if not is_traditional(script):
        return text
    return _run("t2s", text)


# --------------------------------------------------------------------------- views


@dataclass(frozen=True)
class ConvertedText:
    """A text as shown in one variant, with offsets to and from its source.

    ``sentences`` are ``(start, end)`` spans in ``text``.
    """

    text: str
    source: str
    offsets: OffsetMap
    sentences: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    def to_display(self, offset: int) -> int:
        """The offset in ``text`` of source offset ``offset``."""
        return offset if self.offsets.is_identity else self.offsets.to_target(offset)

    def to_source(self, offset: int) -> int:
        """The source offset of offset ``offset`` in ``text``."""
        return offset if self.offsets.is_identity else self.offsets.to_source(offset)


class ScriptView:
    """Paragraphs and titles in one variant, converted on demand and cached.

    The cache is keyed by paragraph identity and bounded (least recently
    used entries go first), so a view over a whole novel holds only what
    was shown or spoken. A view is cheap: make a new one to switch variant.
    """

    def __init__(
        self,
        variant: str,
        phrases: bool = False,
        *,
        default_script: str = "zh-Hans",
        cache_size: int = 2048,
    ) -> None:
        _check_variant(variant)
        self.variant = variant
        self.phrases = phrases
        self.default_script = default_script
        self._cache_size = cache_size
        self._cache: OrderedDict[object, tuple[object, ConvertedText]] = OrderedDict()
        self._lock = threading.Lock()

    def paragraph(self, paragraph: Paragraph, script: str | None = None) -> ConvertedText:
        """``paragraph`` in this view's variant; ``script`` is its source script if known.

        Without ``script`` the paragraph's own characters decide, and the
        view's ``default_script`` when they cannot (prefer
        ``article_paragraph``, which looks at the paragraphs before it).
        """
        return self._cached(
            (id(paragraph), script),
            paragraph,
            lambda: self._convert(
                paragraph.text,
                script or _known(detect_script(paragraph.text), self.default_script),
                [(s.start, s.end) for s in paragraph.sentences],
            ),
        )

    def article_paragraph(self, article: Article, index: int) -> ConvertedText:
        """Paragraph ``index`` of ``article``, its source script decided with its neighbours."""
        paragraph = article.paragraphs[index]
        return self.paragraph(paragraph, paragraph_script(article, index))

    def text(self, text: str, script: str | None = None) -> ConvertedText:
        """Any other text (a title, a subtitle) in this view's variant."""
        script = script or _known(detect_script(text), self.default_script)

        def build() -> ConvertedText:
            from reader.chinese.sentences import split_sentences

            return self._convert(text, script, split_sentences(text))

        return self._cached((text, script), None, build)

    def _cached(
        self, key: object, owner: object, build: Callable[[], ConvertedText]
    ) -> ConvertedText:
        """Look ``key`` up; ``owner`` (kept alive with the entry) guards identity keys."""
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] is owner:
                self._cache.move_to_end(key)
                return hit[1]
        converted = build()
        with self._lock:
            self._cache[key] = (owner, converted)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return converted

    def _convert(
        self, source: str, script: str, sentences: Sequence[tuple[int, int]]
    ) -> ConvertedText:
        shown = convert(source, script, self.variant, phrases=self.phrases)
        if len(shown) == len(source):
            offsets = OffsetMap.identity(len(source))
            spans = tuple(sentences)
        else:
            plain = convert(source, script, self.variant)
            offsets = OffsetMap.between(plain, shown)
            spans = tuple((offsets.to_target(a), offsets.to_target(b)) for a, b in sentences)
        return ConvertedText(shown, source, offsets, spans)

    def __len__(self) -> int:
        return len(self._cache)


def _known(script: str, fallback: str) -> str:
    return script if script != UNKNOWN else fallback
