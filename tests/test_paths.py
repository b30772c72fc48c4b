"""Where the app keeps its files, and what happens when it cannot."""

from __future__ import annotations

import tempfile
from pathlib import Path

from reader import paths


def test_everything_lives_under_reader_home(isolated_home):
    assert paths.config_dir() == isolated_home / "config"
    assert paths.state_dir() == isolated_home / "state"
    assert paths.cache_dir() == isolated_home / "cache"


def test_an_uncreatable_cache_dir_falls_back_to_a_private_temp_folder(tmp_path, monkeypatch):
    blocker = tmp_path / "home"
    blocker.write_text("a file where the directory should be", encoding="utf-8")
    monkeypatch.setenv("READER_HOME", str(blocker))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    cache = paths.cache_dir()
    assert cache.is_dir()
    assert Path(tempfile.gettempdir()) in cache.parents
