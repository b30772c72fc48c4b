"""Installed voices, the default voice for each script variant, and speech-rate scales.

``list_voices()`` gathers the voices of every engine that starts on this
platform (espeak-ng's Mandarin ``cmn``, Cantonese ``yue``, Hakka and
English voices everywhere; SAPI 5 or macOS voices where present). Voice
ids are ``"<engine>:<id>"``, e.g. ``espeak:cmn``.

``default_voice(variant)``: zh-Hans, zh-Hant and zh-TW are read in
Mandarin, zh-HK in Cantonese (``voices_for(variant)`` lists the other
choices in order, Mandarin included). The platform's own voices come
first where they match the region (SAPI Huihui for zh-CN, Hanhan for
zh-TW, Tracy for zh-HK; macOS Tingting, Meijia, Sinji), then espeak-ng.

Rates are words per minute as espeak-ng counts them (80–450, espeak's
default 175 ≈ 3.9 Chinese characters a second). The 1–10 scale maps 1 →
80, 5 → 175, 10 → 450; the default is 6 (230 wpm ≈ 5.4 characters a
second), since Chinese screen-reader users tend to listen fast.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache

from voices.drivers import EngineUnavailable, VoiceInfo, open_driver, platform_engines

__all__ = [
    "DEFAULT_RATE",
    "DEFAULT_SCALE",
    "VARIANTS",
    "VoiceInfo",
    "choose_default",
    "clamp_rate",
    "default_voice",
    "find_voice",
    "list_voices",
    "parse_rate",
    "rate_from_scale",
    "scale_from_rate",
    "voices_for",
]

_log = logging.getLogger(__name__)

RATE_MIN = 80
RATE_NORMAL = 175
RATE_MAX = 450
SCALE_MIN = 1
SCALE_NORMAL = 5
SCALE_MAX = 10
DEFAULT_SCALE = 6
VARIANTS = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")

# Language tags in order of preference for each variant (lower case, "_" as "-").
_MANDARIN_CN = ("zh-cn", "zh-hans", "zh-sg", "cmn")
_MANDARIN_TW = ("zh-tw", "zh-hant", "cmn", "zh-cn")
_CANTONESE = ("zh-hk", "zh-mo", "yue", "zh-yue")
_PREFERENCES = {
    "zh-Hans": _MANDARIN_CN + ("zh", "zh-tw"),
    "zh-Hant": _MANDARIN_TW + ("zh",),
    "zh-TW": _MANDARIN_TW + ("zh",),
    "zh-HK": _CANTONESE + _MANDARIN_CN + ("zh-tw", "zh"),
}


def rate_from_scale(scale: float) -> int:
    """Words per minute for a 1–10 scale value (5 is espeak's normal 175 wpm)."""
    scale = max(SCALE_MIN, min(SCALE_MAX, scale))
    if scale <= SCALE_NORMAL:
        step = (RATE_NORMAL - RATE_MIN) / (SCALE_NORMAL - SCALE_MIN)
        return round(RATE_MIN + (scale - SCALE_MIN) * step)
    step = (RATE_MAX - RATE_NORMAL) / (SCALE_MAX - SCALE_NORMAL)
    return round(RATE_NORMAL + (scale - SCALE_NORMAL) * step)


def scale_from_rate(wpm: float) -> int:
    """The 1–10 scale value nearest to ``wpm``."""
    return min(range(SCALE_MIN, SCALE_MAX + 1), key=lambda s: abs(rate_from_scale(s) - wpm))


DEFAULT_RATE = rate_from_scale(DEFAULT_SCALE)


def clamp_rate(wpm: float) -> int:
    """``wpm`` rounded and limited to the usable range (80–450 words per minute)."""
    return max(RATE_MIN, min(RATE_MAX, round(wpm)))


def parse_rate(value: float) -> int:
    """A rate as users give it: 1–10 is the scale, larger numbers are words per minute."""
    if value <= 0:
        raise ValueError(f"speech rate must be positive, not {value:g}")
    if value <= SCALE_MAX:
        return rate_from_scale(value)
    return clamp_rate(value)


@lru_cache(maxsize=4)
def _voices_of(engines: tuple[str, ...]) -> tuple[VoiceInfo, ...]:
    found: list[VoiceInfo] = []
    for engine in engines:
        try:
            driver = open_driver(engine)
        except EngineUnavailable as exc:
            _log.info("no voices from %s: %s", engine, exc)
            continue
        try:
            found.extend(driver.list_voices())
        finally:
            driver.close()
    return tuple(found)


def list_voices(engines: Sequence[str] | None = None) -> list[VoiceInfo]:
    """Every usable installed voice, the platform's own first (cached per process)."""
    return list(_voices_of(tuple(platform_engines() if engines is None else engines)))


def _tags(voice: VoiceInfo) -> set[str]:
    tag = voice.language.lower().replace("_", "-")
    local = voice.id.partition(":")[2].lower()
    return {tag, local.rsplit("/", 1)[-1]}


def voices_for(variant: str, voices: Sequence[VoiceInfo] | None = None) -> list[VoiceInfo]:
    """Voices that can read ``variant``, best first (Cantonese, then Mandarin, for zh-HK)."""
    if variant not in _PREFERENCES:
        raise ValueError(f"unknown script variant {variant!r}; one of {VARIANTS}")
    pool = list_voices() if voices is None else list(voices)
    ranked: list[VoiceInfo] = []
    for key in _PREFERENCES[variant]:
        matching = [v for v in pool if v not in ranked and key in _tags(v)]
        # An exact id ("yue") before its relatives ("yue-Latn-jyutping").
        matching.sort(key=lambda v: v.id.partition(":")[2].lower() != key)
        ranked.extend(matching)
    return ranked


def choose_default(voices: Sequence[VoiceInfo], variant: str) -> VoiceInfo | None:
    """The best voice in ``voices`` for ``variant``; any voice if none speaks Chinese."""
    ranked = voices_for(variant, voices)
    if ranked:
        return ranked[0]
    return voices[0] if voices else None


def default_voice(variant: str = "zh-Hans") -> VoiceInfo | None:
    """The default voice for ``variant`` among the installed voices (None: no engine)."""
    return choose_default(list_voices(), variant)


def find_voice(voice_id: str, voices: Sequence[VoiceInfo] | None = None) -> VoiceInfo | None:
    """The installed voice with id ``voice_id`` (a bare espeak id like ``yue`` is accepted)."""
    pool = list_voices() if voices is None else voices
    wanted = voice_id if ":" in voice_id else f"espeak:{voice_id}"
    for voice in pool:
        if voice.id == wanted or voice.id.lower() == wanted.lower():
            return voice
    return None
