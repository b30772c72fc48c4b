"""What the app remembers: settings, reading positions and bookmarks.

Three JSON files: ``settings.json`` in the config directory (or the file
given with ``--config``), ``positions.json`` and ``bookmarks.json`` in the
state directory. Every save is atomic (temp file in the same directory,
flush, fsync, ``os.replace``, fsync of the directory — as NVDA's
FaultTolerantFile), so a crash, a SIGKILL or a power cut leaves the old or
the new file, never a torn one; temp files a killed save left are removed
on the next start. Saves read, merge and write under a lock on the
directory and merge with what is on disk (settings per changed field,
positions per document, bookmarks per change), so two running copies
never lose each other's updates. A file that cannot be read as JSON of
the expected shape is renamed aside (``positions.json.corrupt-20261128T101500``)
and reported as a :class:`StateNotice`; the app speaks it and goes on with
defaults.
Entries that are individually malformed are dropped one by one, so one
bad entry never costs the positions of other files.

Positions and bookmarks are keyed by the document's resolved path and hold
an :class:`Anchor` that still finds its place after the file was edited:
the article title and the first characters of the paragraph are matched
before falling back to the indices and then to the fraction of the file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import tempfile
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from reader.paths import config_dir, state_dir

try:
    import fcntl
except ImportError:  # Windows: saves stay atomic, only unlocked
    fcntl = None  # type: ignore[assignment]

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

TEMP_SUFFIX = ".tmp"
STALE_TEMP_S = 3600.0  # without a directory lock, a temp file this old was abandoned


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old or the new file, never half.

    The text goes to a temp file in the same directory, which is flushed,
    fsynced and moved over ``path`` with ``os.replace``; the directory is
    then fsynced so the rename itself survives a power cut. An existing
    file keeps its permissions (a new one is private, 0600); a symbolic
    link is followed, so the file it points to is replaced, not the link.
    Lone surrogates (from file names that are not UTF-8) are written as
    JSON-style ``\\udcxx`` escapes rather than failing the save.
    """
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8", errors="backslashreplace")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(path: Path):
    """Hold an exclusive lock on ``path``'s directory while reading, merging and writing it.

    Two running copies of the app (two windows) then never interleave
    their read–merge–write of the same file, so neither loses the other's
    update. The lock is the directory's own (``flock``), so no lock file
    is left beside a ``--config`` file; the kernel drops it if the process
    is killed. Where ``flock`` is not available the block runs unlocked.
    """
    directory = Path(os.path.realpath(path)).parent
    fd = None
    if fcntl is not None:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            fd = os.open(directory, os.O_RDONLY)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            _log.debug("no lock on %s: %s", directory, exc)
            if fd is not None:
                os.close(fd)
            fd = None
    try:
        yield fd is not None
    finally:
        if fd is not None:
            os.close(fd)  # releases the flock


def remove_stale_temps(path: Path, *, locked_now: bool) -> int:
    """Delete temp files a killed save left beside ``path``; returns how many.

    Under :func:`locked` no other save is between its temp file and its
    rename, so every one left is abandoned; without the lock only those
    older than an hour are taken. They never break loading (only ``path``
    itself is read), this only keeps the directory tidy.
    """
    path = Path(os.path.realpath(path))
    prefix = _temp_prefix(path)
    removed = 0
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            if not locked_now and now - entry.stat().st_mtime < STALE_TEMP_S:
                continue
            os.unlink(entry.path)
            removed += 1
        except OSError:
            continue
    if removed:
        _log.info("removed %d unfinished temp file(s) beside %s", removed, path)
    return removed


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


def _dump(data: dict[str, Any], *, compact: bool = False) -> str:
    """JSON text: indented for the settings a user may edit; compact for positions and bookmarks.

    Compact output uses the json module's C encoder (indenting falls back
    to the pure-Python one): a positions file of 1,000 books saves in a
    fraction of the time.
    """
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _plain(obj: Any) -> dict[str, Any]:
    """A dataclass of plain values as a dict (``asdict`` without its deep copies)."""
    return dict(vars(obj))


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
    """Loads and saves :class:`Settings` (the default path or a ``--config`` file).

    A save writes only the settings this run changed (compared with what it
    loaded, or last saved), over what is on disk: two windows that change
    different settings keep both changes, and values given on the command
    line for one run (see :meth:`mark_saved`) are not written.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else config_dir() / SETTINGS_FILE
        self.notices: list[StateNotice] = []
        self._saved: dict[str, Any] = asdict(Settings())

    def load(self) -> Settings:
        """Read the settings; defaults when the file is missing or corrupt (set aside)."""
        with locked(self.path) as lock:
            remove_stale_temps(self.path, locked_now=lock)
            settings = Settings.from_dict(read_json_object(self.path, self.notices))
        self.mark_saved(settings)
        return settings

    def mark_saved(self, settings: Settings) -> None:
        """Treat the values of ``settings`` as those on disk (later saves write only changes)."""
        self._saved = asdict(settings)

    def save(self, settings: Settings) -> None:
        """Write the changed settings atomically (keeping keys this version does not know)."""
        current = asdict(settings)
        changed = {k: v for k, v in current.items() if self._saved.get(k) != v}
        try:
            with locked(self.path):
                on_disk = read_json_object(self.path, self.notices)
                on_disk.update(changed)
                write_atomic(self.path, _dump(on_disk))
            self._saved.update(changed)
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
    """Reading positions of every file the user has read, in ``positions.json``.

    Saving merges with the file per document: for each document the
    position moved most recently wins, so a second window reading other
    files (or the same one) never has its positions clobbered.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else state_dir() / POSITIONS_FILE
        self.notices: list[StateNotice] = []
        self._positions: dict[str, SavedPosition] = {}
        self._moved: set[str] = set()  # keys put since they were last saved

    def load(self) -> None:
        """Read the file (a corrupt file is set aside; malformed entries are dropped)."""
        with locked(self.path) as lock:
            remove_stale_temps(self.path, locked_now=lock)
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
        """Remember ``anchor`` for document ``key`` (in memory; :meth:`save` writes).

        Its time is renewed only when the place (or the file) changed.
        """
        old = self._positions.get(key)
        if old is not None and old.anchor == anchor and old.signature == signature:
            return
        self._positions[key] = SavedPosition(anchor, signature, time.time())
        self._moved.add(key)

    def save(self, keys: list[str] | None = None) -> None:
        """Write the positions of ``keys`` (all if None), merged with the file's.

        With ``keys``, nothing is written unless one of them moved since it
        was last saved, so saving again on the way out costs nothing.
        """
        if keys is not None and not self._moved.intersection(keys):
            return
        try:
            with locked(self.path):
                seen = len(self.notices)
                merged = self._read()
                if keys is None or len(self.notices) > seen:  # the file was set aside: keep ours
                    chosen = self._positions
                else:
                    chosen = {k: self._positions[k] for k in keys if k in self._positions}
                merged = _newest(merged, chosen)
                payload = {
                    "version": FORMAT_VERSION,
                    "files": {
                        k: {
                            "anchor": _plain(v.anchor),
                            "signature": _plain(v.signature),
                            "updated": v.updated,
                        }
                        for k, v in merged.items()
                    },
                }
                write_atomic(self.path, _dump(payload, compact=True))
            self._positions = _newest(merged, self._positions)
            self._moved -= set(chosen)
        except OSError as exc:
            _log.warning("cannot save positions to %s: %s", self.path, exc)


def _newest(
    base: dict[str, SavedPosition], other: dict[str, SavedPosition]
) -> dict[str, SavedPosition]:
    """``base`` with each entry of ``other`` that is at least as recent."""
    out = dict(base)
    for key, position in other.items():
        old = out.get(key)
        if old is None or position.updated >= old.updated:
            out[key] = position
    return out


class BookmarkStore:
    """Bookmarks per file, in ``bookmarks.json``."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else state_dir() / BOOKMARKS_FILE
        self.notices: list[StateNotice] = []
        self._bookmarks: dict[str, list[Bookmark]] = {}

    def load(self) -> None:
        """Read the file (a corrupt file is set aside; malformed entries are dropped)."""
        with locked(self.path) as lock:
            remove_stale_temps(self.path, locked_now=lock)
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
        mark = Bookmark(anchor, time.time())

        def change(marks: list[Bookmark]) -> list[Bookmark]:
            kept = [b for b in marks if not _same_place(b.anchor, anchor)]
            return [*kept, mark][-MAX_BOOKMARKS_PER_FILE:]

        self._update(key, change)
        return mark

    def remove(self, key: str, bookmark: Bookmark) -> None:
        """Delete one bookmark and save."""
        self._update(key, lambda marks: [b for b in marks if b != bookmark])

    def _update(self, key: str, change) -> None:
        """Apply ``change`` to the bookmarks of ``key`` as they are on disk now, and save.

        Read, change and write happen under the directory lock, so a
        bookmark another window added in the meantime is kept.
        """
        try:
            with locked(self.path):
                seen = len(self.notices)
                merged = self._read()
                if len(self.notices) > seen:  # the file was set aside: start from ours
                    merged = {**self._bookmarks, **merged}
                merged[key] = change(merged.get(key, []))
                payload = {
                    "version": FORMAT_VERSION,
                    "files": {
                        k: [{"anchor": _plain(b.anchor), "created": b.created} for b in v]
                        for k, v in merged.items()
                        if v
                    },
                }
                write_atomic(self.path, _dump(payload, compact=True))
            self._bookmarks = merged
        except OSError as exc:
            _log.warning("cannot save bookmarks to %s: %s", self.path, exc)
            self._bookmarks[key] = change(self._bookmarks.get(key, []))


def _same_place(a: Anchor, b: Anchor) -> bool:
    return (a.article, a.paragraph, a.sentence) == (b.article, b.paragraph, b.sentence)
