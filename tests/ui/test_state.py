"""Settings, positions and bookmarks on disk: atomic saves, merging, corrupt files set aside."""

from __future__ import annotations

import json
import os

from reader.state import (
    Anchor,
    BookmarkStore,
    FileSignature,
    PositionStore,
    Settings,
    SettingsStore,
    document_key,
    write_atomic,
)


def test_settings_round_trip(tmp_path):
    store = SettingsStore(tmp_path / "settings.json")
    settings = store.load()
    assert settings == Settings()
    settings.rate = 7.5
    settings.ui_lang = "en"
    settings.keys = {"next_paragraph": "j"}
    store.save(settings)
    again = SettingsStore(tmp_path / "settings.json").load()
    assert again.rate == 7.5 and again.ui_lang == "en" and again.keys == {"next_paragraph": "j"}


def test_settings_bad_values_fall_back_one_by_one(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"rate": "fast", "pitch": 70, "ui_lang": "fr", "volume": 400, "future": 1}),
        encoding="utf-8",
    )
    store = SettingsStore(path)
    settings = store.load()
    assert settings.rate == 6.0 and settings.pitch == 70
    assert settings.ui_lang == "zh-Hans" and settings.volume == 100
    assert store.notices == []
    store.save(settings)
    assert json.loads(path.read_text(encoding="utf-8"))["future"] == 1


def test_corrupt_settings_set_aside_with_notice(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    store = SettingsStore(path)
    assert store.load() == Settings()
    assert len(store.notices) == 1
    notice = store.notices[0]
    assert notice.kind == "corrupt" and ".corrupt-" in notice.moved_to
    assert not path.exists()
    assert (tmp_path / os.path.basename(notice.moved_to)).read_text() == "{not json"


def test_unreadable_settings_are_left_where_they_are(tmp_path):
    folder = tmp_path / "my-folder"  # e.g. ``--config ~/Documents`` by mistake
    folder.mkdir()
    (folder / "letter.txt").write_text("mine", encoding="utf-8")
    store = SettingsStore(folder)
    assert store.load() == Settings()
    assert [n.kind for n in store.notices] == ["unreadable"]
    store.save(Settings(rate=7.0))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-folder"]
    assert (folder / "letter.txt").read_text(encoding="utf-8") == "mine"


def test_positions_keep_other_files(tmp_path):
    path = tmp_path / "positions.json"
    first = PositionStore(path)
    first.load()
    first.put("/a.txt", Anchor(article=1, paragraph=2), FileSignature(10, 20))
    first.save()
    # A second copy of the app, started earlier, saves another file's position.
    second = PositionStore(path)
    second.put("/b.txt", Anchor(paragraph=5), FileSignature(1, 2))
    second.save(["/b.txt"])
    third = PositionStore(path)
    third.load()
    assert third.get("/a.txt").anchor.paragraph == 2
    assert third.get("/b.txt").anchor.paragraph == 5


def test_malformed_entry_dropped_alone(tmp_path):
    path = tmp_path / "positions.json"
    path.write_text(
        json.dumps(
            {
                "files": {
                    "/good.txt": {"anchor": {"paragraph": 3}, "signature": {}, "updated": 1},
                    "/bad.txt": {"anchor": {"paragraph": -4}},
                    "/worse.txt": "nonsense",
                }
            }
        ),
        encoding="utf-8",
    )
    store = PositionStore(path)
    store.load()
    assert set(store.all()) == {"/good.txt"}
    assert store.notices == []


def test_corrupt_positions_set_aside(tmp_path):
    path = tmp_path / "positions.json"
    path.write_bytes(b"\xff\xfe garbage")
    store = PositionStore(path)
    store.load()
    assert store.all() == {}
    assert store.notices and store.notices[0].kind == "corrupt"
    store.put("/a.txt", Anchor(), FileSignature())
    store.save()
    assert json.loads(path.read_text(encoding="utf-8"))["files"]["/a.txt"]


def test_bookmarks_add_replace_remove(tmp_path):
    store = BookmarkStore(tmp_path / "bookmarks.json")
    store.load()
    store.add("/a.txt", Anchor(paragraph=1, snippet="一"))
    store.add("/a.txt", Anchor(paragraph=1, snippet="一"))
    mark = store.add("/a.txt", Anchor(paragraph=4, snippet="四"))
    assert [b.anchor.paragraph for b in store.for_document("/a.txt")] == [1, 4]
    store.remove("/a.txt", mark)
    again = BookmarkStore(tmp_path / "bookmarks.json")
    again.load()
    assert [b.anchor.paragraph for b in again.for_document("/a.txt")] == [1]


def test_write_atomic_leaves_no_temp_files(tmp_path):
    target = tmp_path / "x.json"
    write_atomic(target, "1")
    write_atomic(target, "2")
    assert target.read_text() == "2"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_document_key_resolves(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("x")
    assert document_key(str(tmp_path / "." / "a.txt")) == str(f.resolve())
    assert document_key("-") is None
