"""The app's themes: a readable default and the high-contrast ones of the large-text view.

``$text`` is pinned to a solid colour in every theme (no alpha blending),
so text keeps full contrast; the high-contrast themes
(``reader.bigtext.themes``) are yellow on black, white on black and black
on white. What marks the reading position (gutter marker, bold underline,
reverse video) does not depend on colour.
"""

from __future__ import annotations

from textual.theme import Theme

from reader.bigtext.themes import HIGH_CONTRAST_THEMES


def _pinned(foreground: str, background: str, cursor_fg: str, cursor_bg: str) -> dict[str, str]:
    return {
        "text": foreground,
        "text-muted": foreground,
        "text-primary": foreground,
        "text-accent": foreground,
        "foreground-muted": foreground,
        "block-cursor-foreground": cursor_fg,
        "block-cursor-background": cursor_bg,
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": cursor_fg,
        "block-cursor-blurred-background": cursor_bg,
        "input-cursor-foreground": background,
        "input-cursor-background": foreground,
        "border": foreground,
        "border-blurred": foreground,
        "scrollbar": foreground,
        "scrollbar-background": background,
    }


DEFAULT = Theme(
    name="reader-default",
    primary="#5fafff",
    secondary="#87d7ff",
    accent="#ffd75f",
    foreground="#eeeeee",
    background="#1c1c1c",
    surface="#262626",
    panel="#303030",
    dark=True,
    text_alpha=1.0,
    variables=_pinned("#eeeeee", "#1c1c1c", "#000000", "#ffd75f"),
)

THEMES = (DEFAULT, *HIGH_CONTRAST_THEMES)
THEME_NAMES = tuple(t.name for t in THEMES)
