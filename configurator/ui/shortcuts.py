"""Every keyboard shortcut in one table: the menus are built from it and Help lists it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


@dataclass(frozen=True, slots=True)
class Shortcut:
    name: str
    keys: str
    """Portable text understood by QKeySequence ("Ctrl+F")."""
    description: str


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("find", "Ctrl+F", "Find an option: type, Enter picks the first match"),
    Shortcut("new", "Ctrl+N", "Start a new configuration"),
    Shortcut("customer", "Ctrl+K", "Choose the customer (type to search)"),
    Shortcut("new_customer", "Ctrl+Shift+K", "Create a new customer"),
    Shortcut("discount", "Ctrl+D", "Give a discount (manager PIN above the limit)"),
    Shortcut("save_quote", "Ctrl+S", "Save as quote and show it"),
    Shortcut("place_order", "Ctrl+Return", "Place the order and show the confirmation"),
    Shortcut("preview", "Ctrl+Shift+P", "Preview the last document"),
    Shortcut("print", "Ctrl+P", "Print the last document"),
    Shortcut("save_pdf", "Ctrl+Shift+S", "Save a copy of the last document as PDF"),
    Shortcut("tab_configure", "Ctrl+1", "Go to Configure"),
    Shortcut("tab_orders", "Ctrl+2", "Go to Orders"),
    Shortcut("tab_stock", "Ctrl+3", "Go to Stock"),
    Shortcut("tab_workshop", "Ctrl+4", "Go to Workshop"),
    Shortcut("tab_planning", "Ctrl+5", "Go to Planning"),
    Shortcut("refresh", "F5", "Reload the current list from the database"),
    Shortcut("sign_out", "Ctrl+L", "Sign out (the next clerk signs in)"),
    Shortcut("shortcuts", "F1", "Show this list"),
    Shortcut("quit", "Ctrl+Q", "Quit"),
)

IN_VIEW: tuple[tuple[str, str], ...] = (
    ("Tab / Shift+Tab", "Next / previous option group"),
    ("Arrow keys", "Move between the options of a group"),
    ("Space", "Pick the focused option (an excluded one proposes a repair)"),
    ("Down (in the search box)", "Jump to the first matching option"),
    ("Esc (in the search box)", "Clear the search"),
    ("Enter / Esc (repair proposal)", "Accept the change / keep everything as it was"),
)


def shortcut(name: str) -> Shortcut:
    for item in SHORTCUTS:
        if item.name == name:
            return item
    raise KeyError(name)


def shortcuts_html() -> str:
    rows = "".join(f"<tr><td><b>{s.keys}</b></td><td>{s.description}</td></tr>" for s in SHORTCUTS)
    rows += "".join(f"<tr><td><b>{k}</b></td><td>{d}</td></tr>" for k, d in IN_VIEW)
    return f"<table cellspacing='6'>{rows}</table>"


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        text = QLabel(shortcuts_html())
        text.setTextFormat(Qt.TextFormat.RichText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
