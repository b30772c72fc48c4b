"""What the app remembers: settings, reading positions and bookmarks.

Three JSON files: ``settings.json`` in the config directory (or the file
given with ``--config``), ``positions.json`` and ``bookmarks.json`` in the
state directory. Every save is atomic (temp file in the same directory,
flush, fsync, ``os.replace`` — as NVDA's FaultTolerantFile), and merges
with what is on disk so that another running copy's positions for other
files are kept. A file that cannot be read as JSON of the expected shape
is renamed aside (``positions.json.corrupt-20261128T101500``) and reported
as a :class:`StateNotice`; the app speaks it and goes on with defaults.
Entries that are individually malformed are dropped one by one, so one
bad entry never costs the positions of other files.

Positions and bookmarks are keyed by the document's resolved path and hold
an :class:`Anchor` that still finds its place after the file was edited:
the article title and the first characters of the paragraph are matched
before falling back to the indices and then to the fraction of the file.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from reader.paths import config_dir, state_dir

_log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
POSITIONS_FILE = "positions.json"
BOOKMARKS_FILE = "bookmarks.json"
FORMAT_VERSION = 1
MAX_BOOKMARKS_PER_FILE = 500

UI_LANGUAGES = ("zh-Hans", "zh-Hant", "en")
PUNCTUATION_LEVELS = ("none", "some", "all")
RATE_MIN, RATE_MAX, RATE_STEP = 1.0, 10.0, 0.5
ZOOM_MIN, ZOOM_MAX = 4, 8  # reader.bigtext.render.ZOOM_LEVELS
LARGE_STYLES = ("half", "quad", "sext")  # reader.bigtext.render.STYLES


@dataclass(frozen=True)
class StateNotice:
    """Something went wrong with a state file.

    ``kind`` is ``corrupt`` (``path`` was set aside as ``moved_to``; empty
    when it could not be) or ``unreadable`` (left where it is).
    """

    kind: str
    path: str
    moved_to: str = ""


# ---------------------------------------------------------------- atomic files


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def set_aside(path: Path) -> Path:
    """Rename a corrupt file to ``NAME.corrupt-<timestamp>`` and return the new path."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, target)
    return target


def read_json_object(path: Path, notices: list[StateNotice]) -> dict[str, Any]:
    """The JSON object in ``path`` ({} if missing); a corrupt file is set aside with a notice."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as exc:
        _log.warning("corrupt text in %s: %s", path, exc)
        return _set_aside_notice(path, notices)
    except OSError as exc:
        # Not damaged, only unreadable (a directory given as --config, no permission):
        # renaming it would move the user's own file or folder.
        _log.warning("cannot read %s: %s", path, exc)
        notices.append(StateNotice("unreadable", str(path)))
        return {}
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        _log.warning("corrupt JSON in %s: %s", path, exc)
        return _set_aside_notice(path, notices)
    if not isinstance(data, dict):
        _log.warning("%s does not hold a JSON object", path)
        return _set_aside_notice(path, notices)
    return data


def _set_aside_notice(path: Path, notices: list[StateNotice]) -> dict[str, Any]:
    try:
        moved = set_aside(path)
    except OSError as exc:
        _log.warning("cannot set %s aside: %s", path, exc)
        notices.append(StateNotice("corrupt", str(path)))
        return {}
    notices.append(StateNotice("corrupt", str(path), str(moved)))
    return {}


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# ---------------------------------------------------------------- settings


@dataclass
class Settings:
    """The user's choices. ``keys`` maps binding ids to keys (``{"next_paragraph": "j"}``)."""

    ui_lang: str = "zh-Hans"
    variant: str = ""
    voices: dict[str, str] = field(default_factory=dict)
    rate: float = 6.0  # voices.catalog.DEFAULT_SCALE: Chinese listeners tend to listen fast
    pitch: int = 50
    volume: int = 100
    punctuation: str = "some"
    theme: str = "reader-default"
    large_text: bool = False
    zoom: int = 8
    large_style: str = "half"
    large_plain: bool = False
    line_spacing: int = 0
    speech_viewer: bool = False
    keys: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Settings from JSON; unknown keys are ignored, ill-typed values fall back to defaults."""
        settings = cls()
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            default = getattr(settings, f.name)
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, float):
                ok = isinstance(value, (int, float)) and not isinstance(value, bool)
                value = float(value) if ok else value
            elif isinstance(default, int):
                ok = isinstance(value, int) and not isinstance(value, bool)
            elif isinstance(default, dict):
                ok = isinstance(value, dict) and all(
                    isinstance(k, str) and isinstance(v, str) for k, v in value.items()
                )
            else:
                ok = isinstance(value, str)
            if ok:
                setattr(settings, f.name, value)
            else:
                _log.warning("setting %s: ignoring %r", f.name, value)
        return settings.clamped()

    def clamped(self) -> Settings:
        """Bring every value into its allowed range (in place); returns self."""
        if self.ui_lang not in UI_LANGUAGES:
            self.ui_lang = "zh-Hans"
        if self.punctuation not in PUNCTUATION_LEVELS:
            self.punctuation = "some"
        self.rate = min(RATE_MAX, max(RATE_MIN, round(self.rate * 2) / 2))
        self.pitch = min(100, max(0, self.pitch))
        self.volume = min(100, max(0, self.volume))
        self.zoom = min(ZOOM_MAX, max(ZOOM_MIN, self.zoom))
        if self.large_style not in LARGE_STYLES:
            self.large_style = "half"
        self.line_spacing = min(2, max(0, self.line_spacing))
        return self


class SettingsStore:
    """Loads and saves :class:`Settings` (the default path or a ``--config`` file)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else config_dir() / SETTINGS_FILE
        self.notices: list[StateNotice] = []

    def load(self) -> Settings:
        """Read the settings; defaults when the file is missing or corrupt (set aside)."""
        return Settings.from_dict(read_json_object(self.path, self.notices))

    def save(self, settings: Settings) -> None:
        """Write the settings atomically (keeping keys this version does not know)."""
        try:
            on_disk = read_json_object(self.path, self.notices)
            on_disk.update(asdict(settings))
            write_atomic(self.path, _dump(on_disk))
        except OSError as exc:
            _log.warning("cannot save settings to %s: %s", self.path, exc)


# ---------------------------------------------------------------- anchors


@dataclass(frozen=True)
class Anchor:
    """A place in one file: article index in that file, paragraph, sentence, character.

    ``title`` and ``snippet`` (the paragraph's first characters) and
    ``fraction`` (how far into the file, 0–1) find the place again when the
    file has changed since.
    """

    article: int = 0
    paragraph: int = 0
    sentence: int = 0
    char: int = 0
    title: str = ""
    snippet: str = ""
    fraction: float = 0.0

    @classmethod
    def from_dict(cls, data: Any) -> Anchor | None:
        """An anchor from JSON, or None if ``data`` is malformed."""
        if not isinstance(data, dict):
            return None
        try:
            ints = {k: int(data.get(k, 0)) for k in ("article", "paragraph", "sentence", "char")}
            fraction = float(data.get("fraction", 0.0))
        except (TypeError, ValueError):
            return None
        if any(v < 0 for v in ints.values()) or not 0.0 <= fraction <= 1.0:
            return None
        title, snippet = data.get("title", ""), data.get("snippet", "")
        if not isinstance(title, str) or not isinstance(snippet, str):
            return None
        return cls(**ints, title=title, snippet=snippet, fraction=fraction)


@dataclass(frozen=True)
class FileSignature:
    """Size and modification time of a document, to tell whether it changed."""

    size: int = -1
    mtime_ns: int = -1

    @classmethod
    def of(cls, path: str) -> FileSignature:
        """The signature of ``path`` now (``-1``s if it cannot be read)."""
        try:
            st = os.stat(path)
        except OSError:
            return cls()
        return cls(st.st_size, st.st_mtime_ns)


def document_key(source: str) -> str | None:
    """The key a document's state is stored under: its resolved path (None for stdin)."""
    if not source or source == "-":
        return None
    try:
        return str(Path(source).expanduser().resolve())
    except OSError:
        return None


@dataclass(frozen=True)
class SavedPosition:
    """Where the user left one file."""

    anchor: Anchor
    signature: FileSignature
    updated: float


@dataclass(frozen=True)
class Bookmark:
    """A bookmark in one file."""

    anchor: Anchor
    created: float


class PositionStore:
    """Reading positions of every file the user has read, in ``positions.json``."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else state_dir() / POSITIONS_FILE
        self.notices: list[StateNotice] = []
        self._positions: dict[str, SavedPosition] = {}

    def load(self) -> None:
        """Read the file (a corrupt file is set aside; malformed entries are dropped)."""
        self._positions = self._read()

    def _read(self) -> dict[str, SavedPosition]:
        data = read_json_object(self.path, self.notices)
        files = data.get("files", {})
        out: dict[str, SavedPosition] = {}
        if not isinstance(files, dict):
            return out
        for key, entry in files.items():
            if not isinstance(entry, dict):
                continue
            anchor = Anchor.from_dict(entry.get("anchor"))
            if anchor is None:
                continue
            sig = entry.get("signature", {})
            try:
                signature = FileSignature(int(sig.get("size", -1)), int(sig.get("mtime_ns", -1)))
                updated = float(entry.get("updated", 0.0))
            except (AttributeError, TypeError, ValueError):
                continue
            out[key] = SavedPosition(anchor, signature, updated)
        return out

    def get(self, key: str) -> SavedPosition | None:
        """The saved position for document ``key``."""
        return self._positions.get(key)

    def all(self) -> dict[str, SavedPosition]:
        """Every saved position, by document key."""
        return dict(self._positions)

    def put(self, key: str, anchor: Anchor, signature: FileSignature) -> None:
        """Remember ``anchor`` for document ``key`` (in memory; :meth:`save` writes)."""
        self._positions[key] = SavedPosition(anchor, signature, time.time())

    def save(self, keys: list[str] | None = None) -> None:
        """Write the positions of ``keys`` (all if None), keeping others' from disk."""
        try:
            merged = self._read()
            chosen = self._positions if keys is None else {k: self._positions[k] for k in keys}
            merged.update(chosen)
            payload = {
                "version": FORMAT_VERSION,
                "files": {
                    k: {
                        "anchor": asdict(v.anchor),
                        "signature": asdict(v.signature),
                        "updated": v.updated,
                    }
                    for k, v in merged.items()
                },
            }
            write_atomic(self.path, _dump(payload))
            self._positions = {**merged, **self._positions}
        except OSError as exc:
            _log.warning("cannot save positions to %s: %s", self.path, exc)


class BookmarkStore:
    """Bookmarks per file, in ``bookmarks.json``."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else state_dir() / BOOKMARKS_FILE
        self.notices: list[StateNotice] = []
        self._bookmarks: dict[str, list[Bookmark]] = {}

    def load(self) -> None:
        """Read the file (a corrupt file is set aside; malformed entries are dropped)."""
        self._bookmarks = self._read()

    def _read(self) -> dict[str, list[Bookmark]]:
        data = read_json_object(self.path, self.notices)
        files = data.get("files", {})
        out: dict[str, list[Bookmark]] = {}
        if not isinstance(files, dict):
            return out
        for key, entries in files.items():
            if not isinstance(entries, list):
                continue
            marks = []
            for entry in entries:
                if not isinstance(entry, dict):
                    continue
                anchor = Anchor.from_dict(entry.get("anchor"))
                created = entry.get("created", 0.0)
                if anchor is None or not isinstance(created, (int, float)):
                    continue
                marks.append(Bookmark(anchor, float(created)))
            out[key] = marks
        return out

    def for_document(self, key: str) -> list[Bookmark]:
        """The bookmarks of document ``key``, oldest first."""
        return list(self._bookmarks.get(key, []))

    def add(self, key: str, anchor: Anchor) -> Bookmark:
        """Add a bookmark and save; a bookmark at the same place is replaced, not doubled."""
        marks = [b for b in self._bookmarks.get(key, []) if not _same_place(b.anchor, anchor)]
        mark = Bookmark(anchor, time.time())
        marks.append(mark)
        self._bookmarks[key] = marks[-MAX_BOOKMARKS_PER_FILE:]
        self._save(key)
        return mark

    def remove(self, key: str, bookmark: Bookmark) -> None:
        """Delete one bookmark and save."""
        self._bookmarks[key] = [b for b in self._bookmarks.get(key, []) if b != bookmark]
        self._save(key)

    def _save(self, key: str) -> None:
        try:
            merged = self._read()
            merged[key] = self._bookmarks.get(key, [])
            payload = {
                "version": FORMAT_VERSION,
                "files": {
                    k: [{"anchor": asdict(b.anchor), "created": b.created} for b in v]
                    for k, v in merged.items()
                    if v
                },
            }
            write_atomic(self.path, _dump(payload))
            self._bookmarks = {**merged, **{key: self._bookmarks.get(key, [])}}
        except OSError as exc:
            _log.warning("cannot save bookmarks to %s: %s", self.path, exc)


def _same_place(a: Anchor, b: Anchor) -> bool:
    return (a.article, a.paragraph, a.sentence) == (b.article, b.paragraph, b.sentence)
