"""Settings: voice per variant, rate, pitch, volume, languages, punctuation, theme, large text.

Up/Down choose a setting, Left/Right (or Enter) change it; every change is
spoken, applied at once and saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from reader.chinese.script import VARIANTS
from reader.state import LARGE_STYLES, PUNCTUATION_LEVELS, UI_LANGUAGES, ZOOM_MAX, ZOOM_MIN
from reader.ui.i18n import tr
from reader.ui.screens.spoken_list import SpokenListScreen
from reader.ui.themes import THEME_NAMES


@dataclass(frozen=True)
class SettingRow:
    """One adjustable setting: its field (``voices.zh-HK`` for a voice) and allowed values."""

    field: str
    values: tuple


def setting_rows() -> list[SettingRow]:
    """Every row of the settings screen, in order (voices: those that can read the variant)."""
    from voices.catalog import voices_for

    rows = [
        SettingRow(f"voices.{variant}", ("",) + tuple(v.id for v in voices_for(variant)))
        for variant in VARIANTS
    ]
    rows += [
        SettingRow("rate", tuple(x / 2 for x in range(2, 21))),
        SettingRow("pitch", tuple(range(0, 101, 5))),
        SettingRow("volume", tuple(range(0, 101, 5))),
        SettingRow("ui_lang", UI_LANGUAGES),
        SettingRow("punctuation", PUNCTUATION_LEVELS),
        SettingRow("theme", THEME_NAMES),
        SettingRow("large_text", (False, True)),
        SettingRow("zoom", tuple(range(ZOOM_MIN, ZOOM_MAX + 1))),
        SettingRow("large_style", LARGE_STYLES),
        SettingRow("large_plain", (False, True)),
        SettingRow("line_spacing", (0, 1, 2)),
    ]
    return rows


class SettingsScreen(SpokenListScreen):
    """The settings list."""

    BINDINGS = [
        Binding("left", "change(-1)", "previous value", id="setting_previous", show=False),
        Binding("right", "change(1)", "next value", id="setting_next", show=False),
    ]

    def __init__(self) -> None:
        from voices.catalog import list_voices

        self.voice_names = {v.id: v.name for v in list_voices()}
        self.rows = setting_rows()
        super().__init__("", "")

    @property
    def lang(self) -> str:
        """The UI language now (it can change on this screen)."""
        return self.app.settings.ui_lang

    def prepare(self) -> None:
        """Title and intro in the UI language."""
        self.query_one("Label.title").update(tr("settings.title", self.lang))
        self.intro = tr("settings.screen", self.lang)

    def items(self) -> list[tuple[str, str] | None]:
        """One line per setting."""
        return [self.describe(row) for row in self.rows]

    def value_of(self, row: SettingRow):
        """The current value of ``row``."""
        settings = self.app.settings
        if row.field.startswith("voices."):
            return settings.voices.get(row.field.split(".", 1)[1], "")
        return getattr(settings, row.field)

    def name_of(self, row: SettingRow) -> str:
        """The setting's name in the UI language."""
        if row.field.startswith("voices."):
            variant = tr(f"variant.{row.field.split('.', 1)[1]}", self.lang)
            return tr("settings.voice", self.lang, variant=variant)
        return tr(f"settings.{row.field}", self.lang)

    def value_text(self, row: SettingRow, value) -> str:
        """A value as said and shown."""
        lang = self.lang
        if row.field.startswith("voices."):
            return self.voice_names.get(value, value) or tr("settings.default_voice", lang)
        if isinstance(value, bool):
            return tr("on" if value else "off", lang)
        if row.field == "ui_lang":
            return tr(f"lang.{value}", lang)
        if row.field == "punctuation":
            return tr(f"punctuation.{value}", lang)
        if row.field == "theme":
            return tr(f"theme.{value}", lang)
        if row.field == "large_style":
            return tr(f"style.{value}", lang)
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    def describe(self, row: SettingRow) -> tuple[str, str]:
        """(shown, spoken) for a row."""
        text = tr(
            "settings.item",
            self.lang,
            name=self.name_of(row),
            value=self.value_text(row, self.value_of(row)),
        )
        return text, text

    def choose(self, index: int) -> None:
        """Enter changes to the next value."""
        self.action_change(1)

    def action_change(self, step: int) -> None:
        """Move the highlighted setting to its next or previous value; apply, save, speak."""
        index = self.current_index()
        if index is None:
            return
        row = self.rows[index]
        current = self.value_of(row)
        values = row.values
        position = values.index(current) if current in values else 0
        value = values[(position + step) % len(values)]
        old_lang = self.lang
        self.app.apply_setting(row.field, value)
        if self.lang != old_lang:
            for i, r in enumerate(self.rows):
                self.update_item(i, *self.describe(r))
            self.query_one("Label.title").update(tr("settings.title", self.lang))
        else:
            self.update_item(index, *self.describe(row))
        self.app.announce(self.current_spoken())
