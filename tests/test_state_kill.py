"""State safety: SIGKILL at random moments while saving, two windows saving at once, atomic writes.

The writers are real processes using the real stores on real files
(``tests/state_writer.py``); every file is checked after every kill to
hold exactly the version before or the version being saved.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys

import pytest

from reader.state import (
    Anchor,
    BookmarkStore,
    FileSignature,
    PositionStore,
    Settings,
    SettingsStore,
    remove_stale_temps,
    write_atomic,
)
from tests.conftest import ROOT
from tests.state_writer import kill_rounds

posix_only = pytest.mark.skipif(os.name != "posix", reason="forks and sends POSIX signals")


@posix_only
def test_sigkill_while_saving_leaves_the_old_or_the_new_file(tmp_path):
    tally = kill_rounds(tmp_path, rounds=200, seed=8)
    assert tally.kills == 200 and tally.checks == 600
    assert tally.torn == []
    assert tally.stray_temps_left == 0, "the next start removes what a killed save left"
    # The kills really landed inside saves: some kept the old version, some got the new one.
    assert tally.lost_to_old > 0 and tally.went_new > 0


@posix_only
def test_two_windows_saving_at_once_lose_nothing(tmp_path):
    tally = kill_rounds(tmp_path, rounds=60, seed=4, writers=("A", "B"))
    assert tally.kills == 120
    # Not torn, and no finished save of one window undone by the other's.
    assert tally.torn == []
    assert tally.stray_temps_left == 0


def test_write_atomic_keeps_the_permissions_of_the_file(tmp_path):
    target = tmp_path / "settings.json"
    target.write_text("{}", encoding="utf-8")
    os.chmod(target, 0o644)
    write_atomic(target, '{"rate": 7.0}')
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    fresh = tmp_path / "new.json"
    write_atomic(fresh, "{}")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600, "reading history stays private"


def test_write_atomic_replaces_the_file_a_link_points_to(tmp_path):
    real = tmp_path / "dotfiles" / "settings.json"
    real.parent.mkdir()
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "settings.json"
    link.symlink_to(real)
    write_atomic(link, '{"rate": 7.0}')
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8")) == {"rate": 7.0}
    assert sorted(p.name for p in real.parent.iterdir()) == ["settings.json"]


def test_a_file_name_that_is_not_utf8_is_saved_and_found_again(tmp_path):
    # Linux file names are bytes; Python shows undecodable ones as lone surrogates,
    # which UTF-8 cannot encode: the save used to raise UnicodeEncodeError (a crash).
    key = os.fsdecode(b"/books/\xff\xfe-novel.txt")
    store = PositionStore(tmp_path / "positions.json")
    store.put(key, Anchor(paragraph=3), FileSignature(1, 2))
    store.save([key])
    again = PositionStore(tmp_path / "positions.json")
    again.load()
    assert again.get(key).anchor.paragraph == 3
    assert again.notices == []


def test_temp_files_of_a_killed_save_are_removed_on_loading(tmp_path):
    path = tmp_path / "positions.json"
    write_atomic(path, '{"files": {}}')
    left = tmp_path / ".positions.json.abc123.tmp"
    left.write_text('{"files": {"/half', encoding="utf-8")
    other = tmp_path / ".bookmarks.json.xyz.tmp"
    other.write_text("", encoding="utf-8")
    store = PositionStore(path)
    store.load()
    assert store.notices == [] and store.all() == {}
    assert not left.exists()
    assert other.exists(), "only the temp files of the file being loaded"
    # Without the directory lock, only old temp files are taken (another save may own a new one).
    assert remove_stale_temps(tmp_path / "bookmarks.json", locked_now=False) == 0
    os.utime(other, (0, 0))
    assert remove_stale_temps(tmp_path / "bookmarks.json", locked_now=False) == 1


def test_two_windows_change_different_settings_and_both_are_kept(tmp_path):
    path = tmp_path / "settings.json"
    first, second = SettingsStore(path), SettingsStore(path)
    a, b = first.load(), second.load()
    a.rate = 8.0
    first.save(a)
    b.theme = "reader-dark"
    second.save(b)  # used to write its stale rate (6.0) over the first window's 8.0
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["rate"] == 8.0 and saved["theme"] == "reader-dark"


def test_command_line_values_are_not_saved(tmp_path):
    path = tmp_path / "settings.json"
    store = SettingsStore(path)
    settings = store.load()
    settings.ui_lang = "en"  # as --ui-lang en does, for this run
    store.mark_saved(settings)
    settings.pitch = 60
    store.save(settings)
    assert SettingsStore(path).load() == Settings(pitch=60)


def test_two_windows_add_bookmarks_to_one_file_and_both_are_kept(tmp_path):
    path = tmp_path / "bookmarks.json"
    first, second = BookmarkStore(path), BookmarkStore(path)
    first.load()
    second.load()
    first.add("/a.txt", Anchor(paragraph=1))
    second.add("/a.txt", Anchor(paragraph=9))
    third = BookmarkStore(path)
    third.load()
    assert [b.anchor.paragraph for b in third.for_document("/a.txt")] == [1, 9]


def test_the_position_moved_last_wins(tmp_path):
    path = tmp_path / "positions.json"
    first, second = PositionStore(path), PositionStore(path)
    first.put("/a.txt", Anchor(paragraph=2), FileSignature(1, 1))
    first.save(["/a.txt"])
    second.load()
    second.put("/a.txt", Anchor(paragraph=7), FileSignature(1, 1))
    second.save(["/a.txt"])
    # The first window quits without having moved since: it must not undo paragraph 7.
    first.put("/a.txt", Anchor(paragraph=2), FileSignature(1, 1))
    first.save(["/a.txt"])
    again = PositionStore(path)
    again.load()
    assert again.get("/a.txt").anchor.paragraph == 7


@posix_only
def test_the_writer_process_runs_on_its_own(tmp_path):
    # The kill tests rely on the writer really saving: one round of it, by hand.
    zygote = subprocess.Popen(
        [sys.executable, "-m", "tests.state_writer", str(tmp_path), "A"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    zygote.stdin.write(b"go\n")
    zygote.stdin.flush()
    ready = zygote.stdout.readline().split()
    try:
        assert ready[:4] == [b"ready", b"A", b"0", b"0"]
        assert zygote.stdout.readline() == b"begin settings A 1\n"
        assert zygote.stdout.readline().startswith(b"done settings A 1 ")
    finally:
        os.kill(int(ready[4]), signal.SIGKILL)
        lines = iter(zygote.stdout.readline, b"")
        assert next(line for line in lines if line.startswith(b"reaped ")) == b"reaped 9\n"
        zygote.stdin.close()
        zygote.wait(timeout=10)
