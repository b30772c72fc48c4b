"""Voices and defaults per script variant; the speech-rate scale."""

from __future__ import annotations

import pytest

from voices import catalog
from voices.catalog import VoiceInfo

SAPI_LIKE = [
    VoiceInfo("sapi5:david", "Microsoft David", "en-US", "sapi5"),
    VoiceInfo("sapi5:huihui", "Microsoft Huihui", "zh-CN", "sapi5"),
    VoiceInfo("sapi5:tracy", "Microsoft Tracy", "zh-HK", "sapi5"),
    VoiceInfo("espeak:cmn", "Chinese (Mandarin)", "cmn", "espeak"),
    VoiceInfo("espeak:yue-Latn-jyutping", "Chinese (Cantonese, Jyutping)", "yue", "espeak"),
    VoiceInfo("espeak:yue", "Chinese (Cantonese)", "yue", "espeak"),
]


def ids(voices):
    return [v.id for v in voices]


def test_installed_espeak_voices():
    voices = catalog.list_voices(("espeak",))
    assert {"espeak:cmn", "espeak:yue"} <= set(ids(voices))
    assert any(v.language.startswith("en") for v in voices)


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("zh-Hans", "espeak:cmn"),
        ("zh-Hant", "espeak:cmn"),
        ("zh-TW", "espeak:cmn"),
        ("zh-HK", "espeak:yue"),
    ],
)
def test_espeak_defaults(variant, expected):
    voices = catalog.list_voices(("espeak",))
    assert catalog.choose_default(voices, variant).id == expected


def test_cantonese_default_with_mandarin_selectable():
    choices = ids(catalog.voices_for("zh-HK", catalog.list_voices(("espeak",))))
    assert choices[0] == "espeak:yue"
    assert "espeak:cmn" in choices


def test_platform_voices_come_first_where_they_match_the_region():
    assert catalog.choose_default(SAPI_LIKE, "zh-Hans").id == "sapi5:huihui"
    assert catalog.choose_default(SAPI_LIKE, "zh-HK").id == "sapi5:tracy"
    # No zh-TW voice installed: Mandarin from espeak comes before zh-CN Huihui.
    assert catalog.choose_default(SAPI_LIKE, "zh-TW").id == "espeak:cmn"
    hk = ids(catalog.voices_for("zh-HK", SAPI_LIKE))
    assert hk.index("espeak:yue") < hk.index("espeak:yue-Latn-jyutping") < hk.index("sapi5:huihui")
    assert "sapi5:david" not in hk


def test_no_chinese_voice_falls_back_to_any_voice_or_none():
    english = [SAPI_LIKE[0]]
    assert catalog.choose_default(english, "zh-Hans") == english[0]
    assert catalog.choose_default([], "zh-Hans") is None
    with pytest.raises(ValueError):
        catalog.voices_for("zh-XX", SAPI_LIKE)


def test_find_voice_accepts_bare_espeak_ids():
    voices = catalog.list_voices(("espeak",))
    assert catalog.find_voice("yue", voices).id == "espeak:yue"
    assert catalog.find_voice("espeak:CMN", voices).id == "espeak:cmn"
    assert catalog.find_voice("nope", voices) is None


def test_rate_scale():
    assert catalog.rate_from_scale(1) == 80
    assert catalog.rate_from_scale(5) == 175
    assert catalog.rate_from_scale(10) == 450
    rates = [catalog.rate_from_scale(s) for s in range(1, 11)]
    assert rates == sorted(set(rates))
    for scale in range(1, 11):
        assert catalog.scale_from_rate(catalog.rate_from_scale(scale)) == scale
    assert catalog.DEFAULT_RATE == catalog.rate_from_scale(catalog.DEFAULT_SCALE)


def test_parse_rate():
    assert catalog.parse_rate(5) == 175
    assert catalog.parse_rate(300) == 300
    assert catalog.parse_rate(1000) == 450
    assert catalog.parse_rate(40) == 80
    with pytest.raises(ValueError):
        catalog.parse_rate(0)
