"""Help (F1): every key, grouped, spoken item by item."""

from __future__ import annotations

from reader.ui.i18n import key_name, tr
from reader.ui.keys import GROUPS, READING_KEYS, effective_key
from reader.ui.screens.spoken_list import SpokenListScreen


class HelpScreen(SpokenListScreen):
    """The keys of the reading screen, with the user's remapped keys shown."""

    def __init__(self, lang: str, keymap: dict[str, str]) -> None:
        self.lang = lang
        self.keymap = keymap
        super().__init__(tr("help.title", lang), tr("help.screen", lang))

    def items(self) -> list[tuple[str, str] | None]:
        """One item per key; a separator between groups, the group named on its first key."""
        lang = self.lang
        out: list[tuple[str, str] | None] = []
        for group in GROUPS:
            if out:
                out.append(None)
            group_name = tr(f"group.{group}", lang)
            specs = [s for s in READING_KEYS if s.group == group]
            for n, spec in enumerate(specs):
                keys = effective_key(spec, self.keymap).split(",")
                key = " / ".join(key_name(k.strip(), lang) for k in keys)
                description = tr(f"key.{spec.id}", lang)
                shown = (
                    f"{group_name}｜{key}：{description}" if n == 0 else f"    {key}：{description}"
                )
                template = "help.group_item" if n == 0 else "help.item"
                spoken = tr(template, lang, group=group_name, key=key, description=description)
                out.append((shown, spoken))
        return out
