"""Light and dark palettes that follow the system, and the few semantic colours views use.

Fusion is used on every platform so that both palettes look the same everywhere; the colour
scheme comes from the platform (Qt's style hints) and follows it when the user switches.
`CONFIGURATOR_THEME=dark|light` overrides it (screenshots, odd desktops).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEME_ENV = "CONFIGURATOR_THEME"


@dataclass(frozen=True, slots=True)
class Tones:
    """Semantic colours (as CSS colour strings) for badges and hints."""

    ok: str
    warn: str
    bad: str
    muted: str
    excluded_bg: str
    hint_bg: str


LIGHT_TONES = Tones(
    ok="#1b7f3b",
    warn="#a15c00",
    bad="#b3261e",
    muted="#6b7280",
    excluded_bg="#f3f0ea",
    hint_bg="#eef4ff",
)
DARK_TONES = Tones(
    ok="#6fd08c",
    warn="#f0b35a",
    bad="#ff8a80",
    muted="#9aa3ad",
    excluded_bg="#2b2824",
    hint_bg="#1f2a3a",
)


def _dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#202225"), QColor("#17181a"), QColor("#e6e6e6")
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#25272a"))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#2d3034"))
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a8f96"))
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor("#2b2d31"))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.BrightText, QColor("#ff6b6b"))
    p.setColor(QPalette.ColorRole.Link, QColor("#7ab7ff"))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#3d6fb6"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#70757c"))
    return p


def is_dark() -> bool:
    forced = os.environ.get(THEME_ENV, "").strip().lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() is Qt.ColorScheme.Dark


def tones() -> Tones:
    return DARK_TONES if is_dark() else LIGHT_TONES


def apply_theme(app: QApplication) -> None:
    """Set Fusion and the palette for the current scheme; follow later system changes."""
    app.setStyle("Fusion")
    _apply_palette(app)
    if not getattr(app, "_configurator_theme_hooked", False):
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _s: _apply_palette(app))
        app._configurator_theme_hooked = True  # type: ignore[attr-defined]


def _apply_palette(app: QApplication) -> None:
    app.setPalette(_dark_palette() if is_dark() else app.style().standardPalette())
