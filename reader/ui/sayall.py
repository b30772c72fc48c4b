"""Continuous reading ("read on from here"), as NVDA's say-all does it.

Paragraph utterances are queued with priority NORMAL a few ahead of the
one being heard; each one finished queues the next, on into the next
article (its heading spoken first) until the library ends, which is
announced. The index marks in the utterances move the reading position
as playback reaches them (the app handles those); this class only decides
what to queue. Each run has a generation number in its utterance tags, so
events of an earlier run are ignored.

After an engine fault the run resumes from the sentence reached, with
the notice said first (``resume``); a fault twice in a row at the same
sentence skips it, in case the text itself is what makes the engine fail.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.ui.reading import ReadingState
from reader.ui.speech import SpeechBridge
from voices.commands import Priority, Utterance
from voices.events import UtteranceDone

AHEAD = 3
TAG = "sayall"


class SayAll:
    """Queues the library paragraph by paragraph from the reading position."""

    def __init__(
        self,
        bridge: SpeechBridge,
        state: ReadingState,
        heading: Callable[[int], str],
        end_text: Callable[[], str],
    ) -> None:
        self.bridge = bridge
        self.state = state
        self._heading = heading
        self._end_text = end_text
        self.active = False
        self._generation = 0
        self._next: tuple[int, int, int] | None = None
        self._pending = 0
        self._end_queued = False
        self._fault_at: tuple[int, int, int] | None = None

    def start(self, announcement: str | None = None) -> None:
        """Read on from the current sentence (interrupting whatever is spoken).

        ``announcement`` is said first (after a fault: what happened).
        """
        self.bridge.cancel()
        self._generation += 1
        self.active = True
        if announcement:
            self.bridge.say(announcement, Priority.NORMAL, script=self.state.variant)
        start, _end = self.state.sentence_span()
        self._next = (self.state.article, self.state.paragraph, start)
        self._pending = 0
        self._end_queued = False
        self._fill()

    def stop(self) -> None:
        """Stop continuous reading (the caller speaks what comes next)."""
        if self.active:
            self.active = False
            self._generation += 1
            self.bridge.cancel()

    def owns(self, event: UtteranceDone) -> bool:
        """True for an utterance of the current run."""
        tag = event.tag
        return self.active and isinstance(tag, tuple) and tag[:2] == (TAG, self._generation)

    def resume(self, announcement: str | None = None) -> None:
        """Go on after an engine fault: say ``announcement``, read on from the sentence reached."""
        state = self.state
        here = (state.article, state.paragraph, state.sentence_span()[0])
        if here == self._fault_at and not (state.next_sentence() or state.next_article()):
            self.stop()  # the library's last sentence fails again and again: give up reading
            if announcement:
                self.bridge.say(announcement, Priority.NOW, script=state.variant)
            return
        self._fault_at = here
        self.start(announcement)

    def on_done(self, event: UtteranceDone) -> None:
        """An utterance ended: queue more, or end the run if it was cut short or was the last."""
        tag = event.tag
        if not (isinstance(tag, tuple) and tag[:2] == (TAG, self._generation)):
            return
        self._pending -= 1
        if not event.completed or tag[2] == "end":
            self.active = False
            return
        self._fill()

    def _fill(self) -> None:
        state = self.state
        while self.active and self._pending < AHEAD and self._next is not None:
            article, paragraph, char = self._next
            items: list = []
            shown: list[str] = []
            if paragraph == 0 and char == 0:
                heading = self._heading(article)
                items += self.bridge.heading_items(heading, article, state.variant)
                shown.append(heading)
            text = state.text(article, paragraph)
            items += self.bridge.paragraph_items(
                text,
                state.sentence_spans(article, paragraph),
                char,
                (article, paragraph),
                state.variant,
            )
            shown.append(text[char:])
            tag = (TAG, self._generation, article, paragraph)
            self.bridge.speak(Utterance(tuple(items), Priority.NORMAL, tag, "\n".join(shown)))
            self._pending += 1
            self._next = self._after(article, paragraph)
        if self.active and self._next is None and not self._end_queued:
            self._end_queued = True
            self._pending += 1
            self.bridge.say(self._end_text(), Priority.NORMAL, tag=(TAG, self._generation, "end"))

    def _after(self, article: int, paragraph: int) -> tuple[int, int, int] | None:
        if paragraph + 1 < len(self.state.library[article].paragraphs):
            return (article, paragraph + 1, 0)
        if article + 1 < len(self.state.library):
            return (article + 1, 0, 0)
        return None
