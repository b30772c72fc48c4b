"""Shared fixtures: keep the user's own config, state and cache out of every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so a test run (and CI)
# passes or fails on the code, not on the draw. To search further, run with
# HYPOTHESIS_PROFILE=explore (random examples, remembered in .hypothesis/).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "charity-news-page-2022-11.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Point READER_HOME at a fresh directory so tests never touch real settings."""
    home = tmp_path / "reader-home"
    monkeypatch.setenv("READER_HOME", str(home))
    return home


@pytest.fixture
def seed_path() -> Path:
    """The bundled newspaper page."""
    return SEED
