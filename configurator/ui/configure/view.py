"""The configure page: search box, option groups in two columns, summary and "Why not?" panel.

It renders a `ConfigureViewModel` and emits what the clerk asked for (`pick_requested`); the
controller decides. Keyboard: Ctrl+F jumps to the search box, typing filters the options, Enter
picks the first match, Down moves into the list, Esc clears the search; Tab walks the groups,
arrow keys move within a group and Space picks.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.configure.group_box import GroupBox
from configurator.ui.configure.option_row import OptionRow
from configurator.ui.configure.side_panels import ExplainPanel, SummaryPanel
from configurator.ui.configure.viewmodel import ConfigureViewModel, OptionView, search_matches
from configurator.ui.money import Money
from configurator.ui.theme import tones

COLUMNS = 2


class ConfigureView(QWidget):
    pick_requested = Signal(str, str, int)

    def __init__(
        self,
        model: ConfigureViewModel,
        *,
        money: Money,
        title: str,
        actions: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("configureView")
        self.model = model
        self.search = QLineEdit()
        self.search.setObjectName("optionSearch")
        self.search.setPlaceholderText("Find an option: type e.g. “32 gb” or “oled”, Enter picks")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find an option")
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.search_status = QLabel()
        self.search_status.setObjectName("searchStatus")
        heading = QLabel(f"<b>{title}</b>")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.search, 1)
        top.addWidget(self.search_status)

        body = QWidget()
        self.grid = QGridLayout(body)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(8)
        self.boxes: dict[str, GroupBox] = {}
        for group in model.groups:
            box = GroupBox(group, money=money)
            box.pick_requested.connect(self.pick_requested)
            box.focused.connect(self._option_focused)
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            self.boxes[group.id] = box
        self.columns = 0
        self._flow(COLUMNS)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("optionScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(body)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        self.summary = SummaryPanel(money)
        self.explain = ExplainPanel()
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 4, 0)
        side.addWidget(self.summary)
        # The summary changes height with almost every click; with the stretch right below
        # it, the panels under it stay where they are instead of moving (and repainting).
        side.addStretch(1)
        side.addWidget(self.explain)
        if actions is not None:
            side.addWidget(actions)
        side_widget = QWidget()
        side_widget.setObjectName("configureSide")
        side_widget.setLayout(side)
        # The side column scrolls when its texts (long promise reasons, several suggestions)
        # need more height than the screen has: a squeezed label would cut off its last lines.
        self.side_scroll = QScrollArea()
        self.side_scroll.setObjectName("configureSideScroll")
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setWidget(side_widget)
        self.side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.side_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll.setFixedWidth(
            330 + self.side_scroll.verticalScrollBar().sizeHint().width()
        )

        middle = QHBoxLayout()
        middle.addWidget(self.scroll_area, 1)
        middle.addWidget(self.side_scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        self._chain_tab_order()
        self.show_state(model)

    def _flow(self, columns: int) -> None:
        """Put the group boxes in `columns` columns, filled top to bottom in display order
        (reading and Tab order both run down a column)."""
        if columns == self.columns:
            return
        self.columns = columns
        for box in self.boxes.values():
            self.grid.removeWidget(box)
        per_column = (len(self.boxes) + columns - 1) // columns
        for index, box in enumerate(self.boxes.values()):
            self.grid.addWidget(box, index % per_column, index // per_column)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        self.grid.setRowStretch(per_column, 1)
        for column in range(COLUMNS):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Two columns when both fit side by side, else one (1366 px screens, large fonts)."""
        widest = max((b.minimumSizeHint().width() for b in self.boxes.values()), default=0)
        room = self.scroll_area.viewport().width() + (
            self.scroll_area.verticalScrollBar().width() if self.columns == 1 else 0
        )
        self._flow(COLUMNS if room >= COLUMNS * widest + 30 else 1)

    def _chain_tab_order(self) -> None:
        previous: QWidget = self.search
        for box in self.boxes.values():
            for row in box.rows.values():
                self.setTabOrder(previous, row.control)
                previous = row.control

    def rows(self) -> list[OptionRow]:
        return [row for box in self.boxes.values() for row in box.rows.values()]

    def row(self, group_id: str, option_id: str | None) -> OptionRow:
        return self.boxes[group_id].rows[option_id]

    def show_state(self, model: ConfigureViewModel) -> None:
        self.model = model
        palette = tones()
        resized = False
        for group in model.groups:
            resized |= self.boxes[group.id].show_state(group, palette)
        if resized:  # stock columns came or went: do two columns still fit side by side?
            self._fit_columns()
        self.summary.show_state(model.summary, palette)
        focused = self.focusWidget()
        for row in self.rows():
            if row.control is focused:
                self.explain.show_option(row.option, palette)
                return
        if self.explain.key is not None:  # the hovered option, as the new picks see it
            self.explain.show_option(model.option(*self.explain.key), palette)

    def forget_explained(self) -> None:
        """Back to the general "Why not?" hint (a new configuration has no history)."""
        self.explain.show_option(None, None)

    def _option_focused(self, option: OptionView) -> None:
        self.explain.show_option(option, tones())

    # --- search -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _filter(self, text: str) -> None:
        if not text.strip():
            for box in self.boxes.values():
                box.apply_filter(None)
            self.search_status.clear()
            return
        visible = set(search_matches(self.model, text))
        shown = sum(box.apply_filter(visible) for box in self.boxes.values())
        if shown == 0:
            self.search_status.setText(
                f"<span style='color:{tones().warn}'>No option matches “{text.strip()[:40]}”"
                " (Esc clears)</span>"
            )
        else:
            self.search_status.setText(f"{shown} match{'es' if shown != 1 else ''}")

    def _first_match(self) -> OptionRow | None:
        for box in self.boxes.values():
            if box.isHidden():
                continue
            row = box.first_visible()
            if row is not None:
                return row
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.search.text().strip():
                row = self._first_match()
                if row is not None:
                    option = row.option
                    qty = 1
                    if self.model.group(option.group_id).kind == "many":
                        qty = (
                            min(option.qty + 1, option.max_qty)
                            if option.max_qty > 1
                            else int(not option.qty)
                        )
                    self.search.clear()
                    self.pick_requested.emit(option.group_id, option.option_id or "", qty)
                return True
            if key == Qt.Key.Key_Down:
                row = self._first_match()
                if row is not None:
                    row.control.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)
