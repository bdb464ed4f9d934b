"""Driving the app like a clerk: keys and clicks through qtbot, counted as interactions."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from configurator.ui.main_window import MainWindow
from configurator.ui.orders_view import OrdersView
from configurator.ui.stock_view import StockView


@dataclass
class Clerk:
    """Sends input to the app and counts interactions (a typed word + Enter is one)."""

    qtbot: QtBot
    window: MainWindow
    interactions: int = 0
    log: list[str] = field(default_factory=list)

    def idle(self) -> None:
        runner = self.window.counter.runner
        self.qtbot.waitUntil(lambda: not runner.busy, timeout=30_000)
        open_dialogs = [d for d in runner.dialogs if d.isVisible()]
        assert not open_dialogs, [f"{d.text()} {d.informativeText()}" for d in open_dialogs]

    def _count(self, what: str) -> None:
        self.interactions += 1
        self.log.append(what)

    def type_enter(self, widget: QWidget, text: str) -> None:
        """Type `text` into `widget` and press Enter: one interaction."""
        self._count(f"type {text!r} + Enter")
        widget.setFocus()
        self.qtbot.keyClicks(widget, text)  # type: ignore[no-untyped-call]
        self.qtbot.keyClick(widget, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
        self.idle()

    def key(
        self,
        key: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        *,
        target: QWidget | None = None,
    ) -> None:
        """One key press (with modifiers) on the focused widget: one interaction."""
        self._count(f"key {key.name} {modifier.name}")
        widget = target or QApplication.focusWidget() or self.window
        self.qtbot.keyClick(widget, key, modifier)  # type: ignore[no-untyped-call]
        self.idle()

    def shortcut(self, name: str) -> None:
        """A menu shortcut (Ctrl+S ...): one interaction."""
        self._count(f"shortcut {name}")
        self.window.actions_by_name[name].trigger()
        self.idle()

    def click(self, widget: QWidget) -> None:
        self._count(f"click {widget.objectName() or type(widget).__name__}")
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
        self.idle()


def sign_in(qtbot: QtBot, window: MainWindow, name: str, pin: str) -> Clerk:
    clerk = Clerk(qtbot, window)
    clerk.idle()
    window.login.select_user(name)
    clerk._count("pick name")
    clerk.type_enter(window.login.pin, pin)
    qtbot.waitUntil(lambda: window.counter.actor is not None, timeout=15_000)
    clerk.idle()
    return clerk


def orders_view(window: MainWindow) -> OrdersView:
    view = window.pages["orders"]
    assert isinstance(view, OrdersView)
    return view


def stock_view(window: MainWindow) -> StockView:
    view = window.pages["stock"]
    assert isinstance(view, StockView)
    return view
