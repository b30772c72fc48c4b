"""High-contrast themes for large text: yellow on black, white on black, black on white.

Every text colour is pinned to a solid colour: Textual's defaults derive
``$text`` and the muted variants with alpha ("auto 87%") and blends, which
lower contrast exactly where a low-vision reader needs it. ``$accent`` is the
highlight colour (``BigText`` draws highlighted characters and their marker
line in it); the marker line and bold keep the highlight visible without
colour. The app registers ``HIGH_CONTRAST_THEMES`` and cycles them with ``h``
(``next_high_contrast``).
"""

from __future__ import annotations

from textual.theme import Theme


def _pinned(fg: str, bg: str, accent: str) -> dict[str, str]:
    """Theme variables that would otherwise carry alpha, blends or rounding.

    Even the base colours are pinned: Textual derives them through a
    luminosity shift that turns #FFFF00 into #FEFF00.
    """
    return {
        "foreground": fg,
        "background": bg,
        "primary": fg,
        "secondary": accent,
        "accent": accent,
        "surface": bg,
        "panel": bg,
        "text": fg,
        "text-muted": fg,
        "text-disabled": fg,
        "foreground-muted": fg,
        "foreground-disabled": fg,
        "primary-muted": fg,
        "secondary-muted": fg,
        "accent-muted": accent,
        "border": fg,
        "border-blurred": fg,
        "block-cursor-foreground": bg,
        "block-cursor-background": fg,
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": bg,
        "block-cursor-blurred-background": fg,
        "block-hover-background": bg,
        "scrollbar": fg,
        "scrollbar-hover": accent,
        "scrollbar-active": accent,
        "scrollbar-background": bg,
        "scrollbar-background-hover": bg,
        "scrollbar-background-active": bg,
        "scrollbar-corner-color": bg,
        "link-color": fg,
        "link-color-hover": accent,
        "footer-foreground": fg,
        "footer-background": bg,
        "footer-key-foreground": bg,
        "footer-key-background": fg,
        "footer-description-foreground": fg,
        "footer-description-background": bg,
        "input-cursor-foreground": bg,
        "input-cursor-background": fg,
        "input-selection-background": accent,
        "input-selection-foreground": bg,
        "screen-selection-background": accent,
        "screen-selection-foreground": bg,
        "button-foreground": fg,
        "button-color-foreground": fg,
    }


def _high_contrast(name: str, fg: str, bg: str, accent: str, *, dark: bool) -> Theme:
    return Theme(
        name=name,
        primary=fg,
        secondary=accent,
        accent=accent,
        foreground=fg,
        background=bg,
        surface=bg,
        panel=bg,
        boost=bg,
        warning=accent,
        error=accent,
        success=accent,
        dark=dark,
        luminosity_spread=0.0,
        text_alpha=1.0,
        variables=_pinned(fg, bg, accent),
    )


#: Yellow on black (highlight white), white on black (highlight yellow),
#: black on white (highlight dark blue, 14:1 on white).
HIGH_CONTRAST_THEMES: tuple[Theme, ...] = (
    _high_contrast("hc-yellow-on-black", "#FFFF00", "#000000", "#FFFFFF", dark=True),
    _high_contrast("hc-white-on-black", "#FFFFFF", "#000000", "#FFFF00", dark=True),
    _high_contrast("hc-black-on-white", "#000000", "#FFFFFF", "#0000A0", dark=False),
)

HIGH_CONTRAST_NAMES = tuple(theme.name for theme in HIGH_CONTRAST_THEMES)


def next_high_contrast(current: str) -> str:
    """The high-contrast theme after ``current`` (the first one if ``current`` is not one)."""
    if current not in HIGH_CONTRAST_NAMES:
        return HIGH_CONTRAST_NAMES[0]
    return HIGH_CONTRAST_NAMES[(HIGH_CONTRAST_NAMES.index(current) + 1) % len(HIGH_CONTRAST_NAMES)]
