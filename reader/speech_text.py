"""What a voice is given: displayed text in a script variant → text chunks with offsets.

The one path from text to speech, used by the reading app
(``reader.ui.speech``), ``reader speak`` and ``reader export``:

* ``article_passages`` / ``text_passage``: the titles and paragraphs as
  shown in a variant (OpenCC through ``ScriptView``), or as written, each
  with the script it is shown in;
* ``VoiceText(voice, punctuation).chunk(shown, script)``: the speakable
  form (numbers, punctuation names, acronyms; Traditional read from its
  same-length Simplified form), every spoken character tied to its
  displayed offset. Polyphones get tone-numbered pinyin (``wei2``) only
  for a voice that reads it: espeak-ng's Mandarin voice. Cantonese, SAPI
  and macOS voices would say the letters;
* ``VoiceText.announcement``: a message with an optional pinyin form (the
  ``d`` and ``p`` keys), which likewise only such a voice is given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from voices.commands import TextChunk

if TYPE_CHECKING:
    from reader.document import Article

PINYIN_VOICES = frozenset({"espeak:cmn"})
"""Voices that read a tone-numbered pinyin syllable inside Chinese text as that syllable."""


@dataclass(frozen=True)
class Passage:
    """A title line or paragraph as shown, the script it is shown in, and whether it is a title."""

    text: str
    script: str
    heading: bool = False


def article_passages(article: Article, variant: str | None = None) -> Iterator[Passage]:
    """``article``'s heading lines, then its paragraphs, in ``variant`` (None: as written)."""
    from reader.chinese.script import ScriptView, paragraph_script

    view = ScriptView(variant) if variant else None
    for line in article.heading_lines():
        if view is None:
            yield Passage(line, article.script, heading=True)
        else:
            yield Passage(view.text(line, _source(article.script)).text, variant, heading=True)
    for index, paragraph in enumerate(article.paragraphs):
        if view is None:
            yield Passage(paragraph.text, paragraph_script(article, index))
        else:
            yield Passage(view.article_paragraph(article, index).text, variant)


def text_passage(text: str, variant: str | None = None) -> Passage:
    """Free text (``reader speak --text``) in ``variant`` (None: as written, script detected)."""
    from reader.chinese.script import ScriptView, detect_script

    if variant is None:
        return Passage(text, detect_script(text))
    return Passage(ScriptView(variant).text(text).text, variant)


def main_family(articles: Sequence[Article]) -> str:
    """``zh-Hant`` when most of the text is Traditional, else ``zh-Hans`` (for the default voice)."""
    traditional = sum(a.char_count for a in articles if a.script == "zh-Hant")
    return "zh-Hant" if traditional * 2 > sum(a.char_count for a in articles) else "zh-Hans"


def _source(script: str) -> str | None:
    return script if script in ("zh-Hans", "zh-Hant") else None


@dataclass(frozen=True)
class VoiceText:
    """Turns displayed text into what ``voice`` is given.

    ``voice`` is the full id of the voice that will speak (``espeak:cmn``;
    "" when unknown, which forces no readings); ``punctuation`` the level
    of ``reader.chinese.speakable`` (none, some, all).
    """

    voice: str = ""
    punctuation: str = "some"

    @property
    def force_readings(self) -> bool:
        """Whether polyphones are given as tone-numbered pinyin (only to voices that read it)."""
        return self.voice in PINYIN_VOICES

    def chunk(self, shown: str, script: str, start: int = 0) -> TextChunk:
        """``shown`` (displayed at offset ``start``, in variant ``script``) as the voice reads it."""
        from reader.chinese.speakable import to_speakable

        speakable = to_speakable(
            shown, punctuation=self.punctuation, script=script, force_readings=self.force_readings
        )
        return TextChunk(speakable.text, start, tuple(start + o for o in speakable.offsets))

    def announcement(self, shown: str, script: str, pinyin_form: str | None = None) -> TextChunk:
        """A message; ``pinyin_form`` is its wording with tone-numbered pinyin for the voice.

        A voice that reads pinyin gets ``pinyin_form`` (its Traditional
        characters in their Simplified form, as all text); any other voice
        gets ``shown`` through the speakable text.
        """
        if pinyin_form is None or not self.force_readings:
            return self.chunk(shown, script)
        from reader.chinese.script import for_speech

        return TextChunk(for_speech(pinyin_form, script))
