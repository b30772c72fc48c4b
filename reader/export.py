"""Articles to audio files: their text in a chosen script variant, spoken into WAV, MP3 or OGG.

``export_articles`` is what ``reader export`` runs, and what the app can
run on a worker thread: it takes a progress callback and a cancel event,
and works entirely on the calling thread (the speech engine is opened
there). One file holds every article, or with ``split`` one file per
article, named ``OUT_STEM-NN-TITLE.EXT`` beside ``OUT`` with track number
and title tags.

Each heading and paragraph is converted to the variant and made
speakable for the voice (``reader.speech_text``, the path the app and
``reader speak`` take too), rendered sentence by sentence and encoded as
it comes (``voices.encoder.AudioFileWriter``), so memory stays flat
whatever the book's length. A short pause follows each heading and
paragraph, a longer one each article inside a file.

Nothing is written when the request is bad (unknown extension, missing
directory, output over an input): every check runs before the first file
is opened. A file appears only when complete; on an error or cancel the
file being written is removed, and with ``split`` the files already
finished in this run are kept (each is a whole article) and listed in the
error or ``ExportCancelled``.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.document import Article
from reader.errors import ReaderError
from voices.encoder import Tags

_log = logging.getLogger(__name__)

HEADING_PAUSE_MS = 700
PARAGRAPH_PAUSE_MS = 300
ARTICLE_PAUSE_MS = 1500
TITLE_CHARS_IN_NAME = 40
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


@dataclass(frozen=True)
class ExportProgress:
    """How far an export is: characters of text spoken of ``total``, and the file being written.

    ``track`` counts from 1 up to ``tracks``; ``title`` is its title.
    """

    done: int
    total: int
    track: int
    tracks: int
    title: str
    elapsed: float
    audio_seconds: float

    @property
    def fraction(self) -> float:
        """Part done, 0–1."""
        return min(1.0, self.done / self.total) if self.total else 1.0

    @property
    def seconds_left(self) -> float | None:
        """Estimated seconds to go, from the characters rendered per second so far (None: no data)."""
        if self.done <= 0 or self.elapsed <= 0:
            return None
        return self.elapsed / self.done * max(0, self.total - self.done)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the files in order, seconds of speech, and the voice used."""

    files: tuple[Path, ...]
    seconds: float
    voice: str


class ExportCancelled(Exception):
    """The export was cancelled; ``kept`` are the files finished before (with ``split`` only)."""

    def __init__(self, kept: Sequence[Path] = ()) -> None:
        super().__init__("export cancelled")
        self.kept = tuple(kept)


@dataclass(frozen=True)
class Track:
    """One output file: where it goes, its tags, and the articles it speaks."""

    path: Path
    tags: Tags
    articles: tuple[Article, ...]

    @property
    def chars(self) -> int:
        """Characters of text it speaks (headings and paragraphs)."""
        return sum(_article_chars(a) for a in self.articles)


def _article_chars(article: Article) -> int:
    return sum(len(line) for line in article.heading_lines()) + article.char_count


def document_title(articles: Sequence[Article]) -> str:
    """The title of what these articles come from: their shared section, else the file's name."""
    sections = {a.section.split(" · ")[0] for a in articles}
    if len(sections) == 1 and (section := sections.pop()):
        return section
    sources = {a.source for a in articles}
    if len(sources) == 1 and (source := sources.pop()) not in ("", "-"):
        return Path(source).stem
    return articles[0].title if len(articles) == 1 else ""


def common_author(articles: Sequence[Article]) -> str:
    """The author every article that names one agrees on, else ""."""
    authors = {a.author for a in articles if a.author}
    return authors.pop() if len(authors) == 1 else ""


def safe_title(title: str, limit: int = TITLE_CHARS_IN_NAME) -> str:
    """``title`` as part of a file name: no path or reserved characters, at most ``limit`` long."""
    name = " ".join(_UNSAFE_IN_NAME.sub(" ", title).split())
    return name[:limit].strip(" .")


def plan_tracks(
    articles: Sequence[Article], out: str | Path, *, split: bool = False, variant: str | None = None
) -> list[Track]:
    """The files an export will write, checked: raises ReaderError for a bad request.

    Checks the extension, the destination directory, and that no file
    would be written over one of the articles' source files.
    """
    from voices.encoder import UnsupportedFormat, format_for

    if not articles:
        raise ReaderError("nothing to export: no articles")
    out = Path(out).expanduser()
    if out.is_dir():
        raise ReaderError(f"{out}: is a directory; give a file name such as {out / 'book.mp3'}")
    try:
        format_for(out)
    except UnsupportedFormat as exc:
        raise ReaderError(str(exc)) from exc
    if not out.parent.is_dir():
        raise ReaderError(f"{out.parent}: no such directory")
    shown = _title_converter(variant)
    album = shown(document_title(articles))
    artist = shown(common_author(articles))
    if split:
        width = max(2, len(str(len(articles))))
        tracks = []
        for number, article in enumerate(articles, 1):
            title = shown(article.title)
            name = f"{out.stem}-{number:0{width}d}"
            if safe := safe_title(title):
                name += f"-{safe}"
            tags = Tags(title, shown(article.author) or artist, album, number)
            tracks.append(Track(out.with_name(name + out.suffix), tags, (article,)))
    else:
        title = shown(articles[0].title) if len(articles) == 1 else album
        tracks = [Track(out, Tags(title or album, artist, album), tuple(articles))]
    sources = {Path(a.source).resolve() for a in articles if a.source not in ("", "-")}
    for track in tracks:
        if track.path.resolve() in sources:
            raise ReaderError(f"{track.path}: would overwrite the input file")
    return tracks


def _title_converter(variant: str | None) -> Callable[[str], str]:
    """Titles and names as shown in ``variant`` (unchanged when None)."""
    if variant is None:
        return lambda text: text
    from reader.chinese.script import ScriptView

    view = ScriptView(variant)
    return lambda text: view.text(text).text if text else text


def export_articles(
    articles: Sequence[Article],
    out: str | Path,
    *,
    variant: str | None = None,
    voice: str | None = None,
    rate: int | None = None,
    split: bool = False,
    on_progress: Callable[[ExportProgress], None] | None = None,
    cancel: threading.Event | None = None,
    on_notice: Callable[[object], None] | None = None,
    engines: Sequence[str] | None = None,
) -> ExportResult:
    """Speak ``articles`` into ``out`` (format from its extension), or one file each with ``split``.

    ``variant`` (zh-Hans, zh-Hant, zh-TW, zh-HK) converts the text and the
    tags to that script and picks its default voice; None keeps each
    article's own script. ``voice`` is a voice id (``voices.catalog``),
    ``rate`` words per minute. ``on_progress`` is called after every
    sentence; setting ``cancel`` stops within one engine buffer and
    raises ``ExportCancelled``. ``on_notice`` receives the engine's
    ``EngineNotice``s. Raises ReaderError for a bad request (nothing
    written), a speech engine that cannot start, or a file that cannot be
    written.
    """
    from reader.speech_text import VoiceText, main_family
    from voices import catalog
    from voices.drivers import VoiceSettings
    from voices.render import Renderer

    tracks = plan_tracks(articles, out, split=split, variant=variant)
    if not voice:
        chosen = catalog.default_voice(variant or main_family(articles))
        voice = chosen.id if chosen else ""
    settings = VoiceSettings(voice, rate or catalog.DEFAULT_RATE)
    renderer = Renderer(engines, on_notice)
    if not renderer.start():
        raise ReaderError(f"no speech engine could start ({renderer.failure})")
    voice_text = VoiceText(voice or renderer.default_voice())
    _log.info(
        "export: %d file(s) from %d article(s), variant %s, voice %s, %d wpm",
        len(tracks),
        len(articles),
        variant or "as written",
        voice_text.voice,
        settings.rate,
    )
    job = _ExportJob(tracks, renderer, settings, variant, voice_text, on_progress, cancel)
    try:
        for track in tracks:
            job.write_track(track)
    except OSError as exc:
        kept = _kept_note(job.finished)
        raise ReaderError(f"{job.current}: cannot write ({exc.strerror or exc}){kept}") from exc
    finally:
        renderer.close()
    return ExportResult(tuple(job.finished), job.audio_seconds, voice_text.voice)


def _kept_note(files: Sequence[Path]) -> str:
    if not files:
        return ""
    return f"; kept {len(files)} finished file(s), the last {files[-1].name}"


class _ExportJob:
    """The rendering loop: tracks → writers, with progress and cancel."""

    def __init__(
        self, tracks, renderer, settings, variant, voice_text, on_progress, cancel
    ) -> None:
        self.tracks = tracks
        self.renderer = renderer
        self.settings = settings
        self.variant = variant
        self.voice_text = voice_text
        self.on_progress = on_progress or (lambda progress: None)
        self.cancel = cancel or threading.Event()
        self.total = sum(t.chars for t in tracks)
        self.done = 0.0
        self.audio_seconds = 0.0
        self.finished: list[Path] = []
        self.current: Path | None = None
        self.started = time.monotonic()
        self._uid = 0

    def write_track(self, track: Track) -> None:
        """Speak ``track``'s articles into its file; raises OSError, ExportCancelled."""
        from voices.encoder import AudioFileWriter

        self.current = track.path
        with AudioFileWriter(track.path, track.tags) as writer:
            self._report(track, writer)
            for index, article in enumerate(track.articles):
                last = index == len(track.articles) - 1
                for passage, pause in _with_pauses(article, self.variant, last):
                    self._speak(passage.text, passage.script, pause, track, writer)
            self.audio_seconds += writer.seconds
        self.finished.append(track.path)
        self._report(track, None)

    def _speak(self, text: str, script: str, pause: int, track: Track, writer) -> None:
        from voices.commands import Break, Priority, Utterance

        chunk = self.voice_text.chunk(text, script)
        items = (chunk, Break(pause))
        scale = len(text) / max(1, len(chunk.text))
        start = self.done

        def piece_done(chars: int) -> None:
            self.done += chars * scale
            self._report(track, writer)

        self._uid += 1
        completed = self.renderer.render(
            Utterance(items, Priority.NORMAL, self._uid, text),
            self._uid,
            lambda: self.settings,
            writer,
            should_abort=self.cancel.is_set,
            on_piece_done=piece_done,
        )
        if self.cancel.is_set():
            raise ExportCancelled(self.finished)
        if not completed:
            raise ReaderError(f"the speech engine stopped ({self.renderer.failure})")
        self.done = start + len(text)

    def _report(self, track: Track, writer) -> None:
        self.on_progress(
            ExportProgress(
                done=int(self.done),
                total=self.total,
                track=len(self.finished) + (writer is not None),
                tracks=len(self.tracks),
                title=track.tags.title,
                elapsed=time.monotonic() - self.started,
                audio_seconds=self.audio_seconds + (writer.seconds if writer else 0.0),
            )
        )


def _with_pauses(article: Article, variant: str | None, last: bool):
    """Each heading and paragraph of ``article`` in ``variant``, with the pause after it."""
    from reader.speech_text import article_passages

    count = len(article.paragraphs)
    paragraph = 0
    for passage in article_passages(article, variant):
        if passage.heading:
            yield passage, HEADING_PAUSE_MS
            continue
        paragraph += 1
        yield passage, ARTICLE_PAUSE_MS if paragraph == count and not last else PARAGRAPH_PAUSE_MS
