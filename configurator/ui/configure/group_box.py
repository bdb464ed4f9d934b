"""One option group: a titled box of option rows, plus a note when the engine changed it.

The note ("to decide", "changed: … because …") sits on the title line, beside the title, as a
child outside the box's layout: notes come and go with almost every click, and a note inside
the layout would change the box's height and make the whole option grid lay itself out again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QLabel,
    QStyle,
    QStyleOptionGroupBox,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.configure.option_row import OptionRow, set_color
from configurator.ui.configure.viewmodel import GroupView, OptionView
from configurator.ui.money import Money
from configurator.ui.theme import Tones


class GroupBox(QGroupBox):
    pick_requested = Signal(str, str, int)
    focused = Signal(object)

    def __init__(self, group: GroupView, *, money: Money, parent: QWidget | None = None) -> None:
        super().__init__(group.label, parent)
        self.group = group
        self.setObjectName(f"group-{group.id}")
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        layout.setContentsMargins(8, 6, 8, 6)
        # Non-exclusive: arrow keys move focus between the rows without picking (Space picks).
        self._buttons = QButtonGroup(self)
        self._buttons.setExclusive(False)
        self.rows: dict[str | None, OptionRow] = {}
        for option in group.options:
            row = OptionRow(option, kind=group.kind, money=money)
            row.pick_requested.connect(self.pick_requested)
            row.focused.connect(self.focused)
            if row.button is not None:
                self._buttons.addButton(row.button)
            self.rows[option.option_id] = row
            layout.addWidget(row)
        self.note = QLabel(self)  # not in the layout (see the module docstring)
        self.note.setObjectName("groupNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self._note_text = ""
        self._note_color = ""
        self._title = group.label
        self._stock_columns = True

    def show_state(self, group: GroupView, tones: Tones) -> bool:
        """Show the group's options; True when the box's minimum width changed (the stock
        columns appeared or went), so the view can check that its columns still fit."""
        self.group = group
        for option in group.options:
            self.rows[option.option_id].show_state(option, tones)
        # Stock columns only where the group has stock facts: narrower boxes, no clipping.
        has_stock = any(o.stock_text or o.date_impact for o in group.options)
        resized = has_stock != self._stock_columns
        if resized:
            self._stock_columns = has_stock
            for row in self.rows.values():
                row.badge.setVisible(has_stock)
                row.impact.setVisible(has_stock)
        note = group.note or ("" if group.decided else "to decide")
        if tones.warn != self._note_color:
            self._note_color = tones.warn
            set_color(self.note, tones.warn)
        if note != self._note_text:
            self._note_text = note
            self.note.setToolTip(note)
            self._place_note()
        return resized

    def note_text(self) -> str:
        """The whole note (the label may show it shortened to the box's width)."""
        return self._note_text

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._place_note()

    def _place_note(self) -> None:
        option = QStyleOptionGroupBox()
        self.initStyleOption(option)
        title = self.style().subControlRect(
            QStyle.ComplexControl.CC_GroupBox, option, QStyle.SubControl.SC_GroupBoxLabel, self
        )
        left = title.right() + 12
        width = max(0, self.width() - left - 8)
        self.note.setGeometry(left, title.top(), width, title.height())
        metrics = self.note.fontMetrics()
        self.note.setText(metrics.elidedText(self._note_text, Qt.TextElideMode.ElideRight, width))

    def apply_filter(self, visible: set[tuple[str, str | None]] | None) -> int:
        """Show only the rows in `visible` (None: all); returns how many rows are shown."""
        shown = 0
        for row in self.rows.values():
            on = visible is None or row.option.key in visible
            row.setVisible(on)
            shown += on
        self.setVisible(shown > 0)
        return shown

    def first_visible(self) -> OptionRow | None:
        return next((r for r in self.rows.values() if not r.isHidden()), None)

    def option_views(self) -> tuple[OptionView, ...]:
        return self.group.options
