"""The reading keys: one table for the bindings, the help screen and the key map.

Every key has a binding id (the name used in the config file's ``"keys"``
map to remap it), a default Textual key, the action it runs and the help
group it is listed under. Descriptions live in :mod:`reader.ui.i18n` as
``key.<id>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from reader.ui.i18n import tr


@dataclass(frozen=True)
class KeySpec:
    """One reading key: binding id, default key, action name and help group."""

    id: str
    key: str
    action: str
    group: str


READING_KEYS: tuple[KeySpec, ...] = (
    KeySpec("play_pause", "space", "play_pause", "reading"),
    KeySpec("read_on", "enter", "read_on", "reading"),
    KeySpec("stop", "escape", "stop", "reading"),
    KeySpec("next_paragraph", "down", "next_paragraph", "moving"),
    KeySpec("previous_paragraph", "up", "previous_paragraph", "moving"),
    KeySpec("next_sentence", "right", "next_sentence", "moving"),
    KeySpec("previous_sentence", "left", "previous_sentence", "moving"),
    KeySpec("next_word", "ctrl+right", "next_word", "moving"),
    KeySpec("previous_word", "ctrl+left", "previous_word", "moving"),
    KeySpec("next_char", "full_stop", "next_char", "moving"),
    KeySpec("previous_char", "comma", "previous_char", "moving"),
    KeySpec("next_article", "pagedown", "next_article", "moving"),
    KeySpec("previous_article", "pageup", "previous_article", "moving"),
    KeySpec("first_paragraph", "home", "first_paragraph", "moving"),
    KeySpec("last_paragraph", "end", "last_paragraph", "moving"),
    KeySpec("go_percent", "g", "go_percent", "moving"),
    KeySpec("where_am_i", "w", "where_am_i", "info"),
    KeySpec("read_title", "t", "read_title", "info"),
    KeySpec("describe_char", "d", "describe_char", "info"),
    KeySpec("pinyin", "p", "pinyin", "info"),
    KeySpec("slower", "left_square_bracket", "slower", "voice"),
    KeySpec("faster", "right_square_bracket", "faster", "voice"),
    KeySpec("next_variant", "v", "next_variant", "voice"),
    KeySpec("set_bookmark", "b", "set_bookmark", "places"),
    KeySpec("bookmark_list", "B", "bookmark_list", "places"),
    KeySpec("open_file", "o", "open_file", "places"),
    KeySpec("library", "a", "library", "places"),
    KeySpec("export", "e", "export", "places"),
    KeySpec("large_text", "l", "large_text", "large"),
    KeySpec("zoom_in", "plus", "zoom(1)", "large"),
    KeySpec("zoom_out", "minus", "zoom(-1)", "large"),
    KeySpec("large_style", "m", "large_style", "large"),
    KeySpec("large_plain", "L", "large_plain", "large"),
    KeySpec("contrast", "h", "contrast", "large"),
    KeySpec("speech_viewer", "f2", "speech_viewer", "app"),
    KeySpec("settings", "s", "settings", "app"),
    KeySpec("help", "f1", "help", "app"),
    KeySpec("quit", "q,ctrl+c", "quit", "app"),  # Ctrl+C and Ctrl+Q also quit on every screen
)

GROUPS = ("reading", "moving", "info", "voice", "places", "large", "app")
KEY_IDS = frozenset(spec.id for spec in READING_KEYS)


def reading_bindings() -> list[Binding]:
    """Textual bindings for the reading keys (ids from the table; English descriptions)."""
    return [
        Binding(spec.key, spec.action, tr(f"key.{spec.id}", "en"), id=spec.id, show=False)
        for spec in READING_KEYS
    ]


def effective_key(spec: KeySpec, keymap: dict[str, str]) -> str:
    """The key that runs ``spec`` once the user's key map is applied."""
    return keymap.get(spec.id, spec.key)


def valid_keymap(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The entries of ``keymap`` naming known binding ids, and the unknown ids."""
    good = {k: v for k, v in keymap.items() if k in KEY_IDS and v.strip()}
    return good, sorted(set(keymap) - set(good))
