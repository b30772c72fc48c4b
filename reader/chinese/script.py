"""Script variants (简体/繁體/臺灣正體/香港繁體) and detection of a text's source script.

Interim implementation: detection by comparing OpenCC's s2t and t2s
conversions; to be replaced by the table-based detector.
"""

from __future__ import annotations

from functools import lru_cache

VARIANTS = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")


@lru_cache(maxsize=8)
def _converter(config: str):
    import opencc

    try:
        return opencc.OpenCC(config, include_tofu_risk_dictionaries=False)
    except TypeError:
        return opencc.OpenCC(config)


def detect_script(text: str) -> str:
    """Return ``"zh-Hans"``, ``"zh-Hant"`` or ``"unknown"`` for ``text``."""
    sample = text[:20000]
    simp = sum(a != b for a, b in zip(sample, _converter("s2t").convert(sample), strict=False))
    trad = sum(a != b for a, b in zip(sample, _converter("t2s").convert(sample), strict=False))
    if simp == trad == 0:
        return "unknown"
    return "zh-Hans" if simp > trad else "zh-Hant"
