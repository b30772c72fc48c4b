"""Text in the chosen script variant: the view the reading screen shows and speaks.

The library keeps each article in its source script; this converts a
string from that script to the chosen variant with OpenCC's character
conversions (s2t, s2tw, s2hk, t2s, t2tw, t2hk), which keep the length, so
offsets of sentences and words carry over one to one. Converters are
created on first use, so nothing here costs start-up time when the
variant is the source script.
"""

from __future__ import annotations

import threading
from functools import lru_cache

VARIANTS = ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")

_CONFIGS = {
    "zh-Hans": {"zh-Hans": None, "zh-Hant": "s2t", "zh-TW": "s2tw", "zh-HK": "s2hk"},
    "zh-Hant": {"zh-Hans": "t2s", "zh-Hant": None, "zh-TW": "t2tw", "zh-HK": "t2hk"},
}
_lock = threading.Lock()


@lru_cache(maxsize=16)
def _converter(config: str):
    import opencc

    try:
        return opencc.OpenCC(config, include_tofu_risk_dictionaries=False)
    except TypeError:
        return opencc.OpenCC(config)


def conversion_config(source_script: str, variant: str) -> str | None:
    """The OpenCC config from ``source_script`` to ``variant`` (None: shown as written)."""
    table = _CONFIGS["zh-Hant" if source_script == "zh-Hant" else "zh-Hans"]
    return table.get(variant)


def convert(text: str, source_script: str, variant: str) -> str:
    """``text`` (written in ``source_script``) as shown in ``variant``."""
    config = conversion_config(source_script, variant)
    if config is None or not text:
        return text
    with _lock:  # OpenCC objects are not documented as thread-safe
        converted = _converter(config).convert(text)
        if len(converted) != len(text):
            converted = _keep_length(text, converted, config)
    return converted


def simplified(text: str, source_script: str) -> str:
    """``text`` in simplified characters (for word segmentation and the voice)."""
    return convert(text, source_script, "zh-Hans")


def _keep_length(original: str, converted: str, config: str) -> str:
    """When a conversion changed the length, convert character by character instead.

    Single characters keep their length in the character configs, so the
    result lines up with ``original`` (phrase-level changes are given up).
    """
    converter = _converter(config)
    out = []
    for ch in original:
        c = converter.convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


def warm_up(variant: str) -> None:
    """Create the converters for ``variant`` ahead of need (called off the UI thread)."""
    for source in ("zh-Hans", "zh-Hant"):
        config = conversion_config(source, variant)
        if config:
            with _lock:
                _converter(config)
