"""Stock: every part with on hand, reserved, available and the next receipt; receive, adjust."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from configurator.ui import operations as ops
from configurator.ui.counter import Changes, Counter
from configurator.ui.table_model import Column, RecordTableModel
from configurator.ui.theme import tones

if TYPE_CHECKING:
    from configurator.orders.stock import Adjustment, StockLine


def _available_color(line: StockLine) -> str | None:
    if line.available <= 0:
        return tones().bad
    if line.available <= 3:
        return tones().warn
    return None


STOCK_COLUMNS: tuple[Column[StockLine], ...] = (
    Column("Part", lambda s: s.part),
    Column("Name", lambda s: s.name),
    Column("Bin", lambda s: s.bin),
    Column("On hand", lambda s: s.on_hand),
    Column("Reserved", lambda s: s.reserved),
    Column("Available", lambda s: s.available, color=_available_color),
    Column("Next receipt", lambda s: s.next_receipt),
    Column("Qty due", lambda s: s.next_receipt_qty or None),
)


class StockDialog(QDialog):
    """Receive goods (quantity, supplier reference) or adjust after a count (with a reason)."""

    def __init__(self, line: StockLine, *, adjust: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adjustDialog" if adjust else "receiveDialog")
        self.adjust = adjust
        self.setWindowTitle(f"{'Adjust' if adjust else 'Receive'} {line.part}")
        self.qty = QSpinBox()
        self.qty.setObjectName("stockQty")
        self.qty.setRange(0 if adjust else 1, 100_000)
        self.qty.setValue(line.on_hand if adjust else max(line.next_receipt_qty, 1))
        self.text = QLineEdit()
        self.text.setObjectName("stockText")
        self.text.setMaxLength(200 if adjust else 64)
        self.message = QLabel()
        form = QFormLayout()
        form.addRow(QLabel(f"<b>{line.name}</b> in bin {line.bin or '(default)'}"))
        form.addRow("&Counted on hand" if adjust else "&Quantity received", self.qty)
        form.addRow("&Reason" if adjust else "&Supplier reference", self.text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.qty.setFocus()
        self.qty.selectAll()

    def _accept(self) -> None:
        if self.adjust and not self.text.text().strip():
            self.message.setText(
                f"<span style='color:{tones().bad}'>Say why the count differs "
                "(e.g. “damaged in transit”, “stock take”).</span>"
            )
            self.text.setFocus()
            return
        self.accept()


class StockView(QWidget):
    def __init__(self, counter: Counter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stockView")
        self.counter = counter
        self.filter = QLineEdit()
        self.filter.setObjectName("stockFilter")
        self.filter.setPlaceholderText("Filter by part, name or bin …")
        self.filter.setClearButtonEnabled(True)
        self.receive_button = QPushButton("&Receive goods…")
        self.receive_button.clicked.connect(lambda: self.open_dialog(adjust=False))
        self.adjust_button = QPushButton("Ad&just count…")
        self.adjust_button.clicked.connect(lambda: self.open_dialog(adjust=True))
        top = QHBoxLayout()
        label = QLabel("&Filter:")
        label.setBuddy(self.filter)
        top.addWidget(label)
        top.addWidget(self.filter, 1)
        top.addWidget(self.receive_button)
        top.addWidget(self.adjust_button)
        self.model: RecordTableModel[StockLine] = RecordTableModel(STOCK_COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setObjectName("stockTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.status = QLabel()
        self.status.setObjectName("stockStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.dialog: StockDialog | None = None
        self.last_message = ""
        counter.changed.connect(self._on_changes)
        counter.actor_changed.connect(self._update_buttons)
        self._update_buttons()
        self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if changes.stock:
            self.refresh()

    def refresh(self) -> None:
        engine = self.counter.context.engine
        self.counter.runner.run(
            lambda: ops.load_stock(engine=engine),
            on_success=lambda done: self._show(done.value),
            label="Loading stock",
            parent=self,
        )

    def _show(self, lines: list[Any]) -> None:
        current = self.current()
        self.model.set_records(lines)
        if current is not None:
            self.select_part(current.part, current.bin)
        out = sum(1 for line in lines if line.available <= 0)
        counts = f"{len(lines)} stock lines, {out} with nothing available"
        self.status.setText(f"{self.last_message} · {counts}" if self.last_message else counts)
        self._update_buttons()

    def current(self) -> StockLine | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record(self.proxy.mapToSource(rows[0]).row())

    def select_part(self, part: str, bin_name: str | None = None) -> bool:
        for row, line in enumerate(self.model.records):
            if line.part == part and (bin_name is None or line.bin == bin_name):
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
                return True
        return False

    def _update_buttons(self) -> None:
        selected = self.current() is not None
        self.receive_button.setEnabled(selected and self.counter.may("receive"))
        self.adjust_button.setEnabled(selected and self.counter.may("adjust"))

    def open_dialog(self, *, adjust: bool) -> StockDialog | None:
        line = self.current()
        if line is None:
            return None
        dialog = StockDialog(line, adjust=adjust, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.submit(
                line, adjust=adjust, qty=dialog.qty.value(), text=dialog.text.text()
            )
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    def submit(self, line: StockLine, *, adjust: bool, qty: int, text: str) -> None:
        counter = self.counter
        actor = counter.actor
        if actor is None:
            return
        engine = counter.context.engine
        catalog = counter.context.catalog  # loaded at sign-in: builds backordered assemblies
        bin_name = line.bin or None
        if adjust:
            self.counter.runner.run(
                lambda: ops.adjust_stock(
                    engine=engine,
                    actor=actor,
                    today=counter.today(),
                    now=counter.now(),
                    part=line.part,
                    counted=qty,
                    reason=text,
                    bin=bin_name,
                ),
                on_success=lambda done: self._done(
                    done.changes, f"{line.part}: {done.value.change:+d}" + _lost(done.value)
                ),
                label=f"Adjust {line.part}",
                parent=self,
            )
        else:
            self.counter.runner.run(
                lambda: ops.receive_goods(
                    engine=engine,
                    actor=actor,
                    today=counter.today(),
                    now=counter.now(),
                    part=line.part,
                    qty=qty,
                    bin=bin_name,
                    supplier_ref=text.strip(),
                    catalog=catalog,
                ),
                on_success=lambda done: self._done(
                    done.changes, f"Received {qty} × {line.part}" + _served(done.value)
                ),
                label=f"Receive {line.part}",
                parent=self,
            )

    def _done(self, changes: Changes, message: str) -> None:
        self.last_message = message
        self.status.setText(message)
        self.counter.publish(changes)


def _served(result: Any) -> str:
    served = getattr(result, "served", None) or {}
    built = getattr(result, "built", None) or ()
    text = ""
    if served:
        text += "; reserved for waiting orders " + ", ".join(f"{n} ×{q}" for n, q in served.items())
    if built:
        text += "; now buildable for " + ", ".join(
            f"{b.order} ({b.units} × {b.part})" for b in built
        )
    return text


def _lost(adjustment: Adjustment) -> str:
    """The orders a recorded loss turned into backorders, for the status line."""
    if not adjustment.backordered:
        return ""
    return "; now waiting for stock: " + ", ".join(adjustment.backordered)
