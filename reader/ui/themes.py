"""The app's themes: a readable default and two high-contrast ones.

``$text`` is pinned to a solid colour in every theme (no alpha blending),
so text keeps full contrast; the high-contrast themes are yellow/white on
black and black on white. What marks the reading position (gutter marker,
bold underline, reverse video) does not depend on colour.
"""

from __future__ import annotations

from textual.theme import Theme


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

CONTRAST_DARK = Theme(
    name="reader-contrast-dark",
    primary="#ffff00",
    secondary="#ffffff",
    accent="#ffff00",
    warning="#ffff00",
    error="#ffffff",
    success="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    dark=True,
    text_alpha=1.0,
    variables=_pinned("#ffffff", "#000000", "#000000", "#ffff00"),
)

CONTRAST_LIGHT = Theme(
    name="reader-contrast-light",
    primary="#000000",
    secondary="#000000",
    accent="#000000",
    warning="#000000",
    error="#000000",
    success="#000000",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#ffffff",
    boost="#ffffff",
    dark=False,
    text_alpha=1.0,
    variables=_pinned("#000000", "#ffffff", "#ffffff", "#000000"),
)

THEMES = (DEFAULT, CONTRAST_DARK, CONTRAST_LIGHT)
THEME_NAMES = tuple(t.name for t in THEMES)
