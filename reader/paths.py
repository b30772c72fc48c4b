"""Where the app keeps its files: config, state (positions, bookmarks, log), cache, exports.

The platform's own directories (via platformdirs), or all three under
``$READER_HOME`` when that is set (tests and portable installs use it).
Nothing is ever written next to the user's documents.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "tingdu-reader"


def _home_override() -> Path | None:
    home = os.environ.get("READER_HOME")
    return Path(home) if home else None


def _app_dir(kind: str) -> Path:
    """``$READER_HOME/<kind>``, else the platform's user ``<kind>`` directory; created."""
    home = _home_override()
    if home:
        path = home / kind
    else:
        import platformdirs

        finder = {
            "config": platformdirs.user_config_dir,
            "state": platformdirs.user_state_dir,
            "cache": platformdirs.user_cache_dir,
        }[kind]
        path = Path(finder(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Directory for settings (``settings.json``, key map)."""
    return _app_dir("config")


def state_dir() -> Path:
    """Directory for reading positions, bookmarks and the log file."""
    return _app_dir("state")


def cache_dir() -> Path:
    """Directory for caches that can be rebuilt (jieba's dictionary cache).

    If the usual place cannot be created (read-only home, a file in the
    way), a private folder in the system's temp directory is used instead:
    caches only save time, so they must never stop the app.
    """
    try:
        return _app_dir("cache")
    except OSError:
        import tempfile

        user = os.getuid() if hasattr(os, "getuid") else os.getpid()
        fallback = Path(tempfile.gettempdir()) / f"{APP_NAME}-{user}" / "cache"
        fallback.mkdir(parents=True, exist_ok=True, mode=0o700)
        return fallback


EXPORT_FOLDER = "听读导出"


def export_dir() -> Path:
    """Where the app's ``e`` key writes audio unless told otherwise (created on first export).

    ``听读导出`` in the user's music folder (``~/Music`` on Linux), or
    under ``$READER_HOME`` when that is set; never beside a document.
    """
    home = _home_override()
    if home:
        return home / EXPORT_FOLDER
    import platformdirs

    return Path(platformdirs.user_music_dir()) / EXPORT_FOLDER
