"""Orders: search, filter by status, open the details, advance the status, cancel, documents.

Reloads only when an operation reports `Changes(orders=True)` (or F5), never on a timer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from configurator.ui import operations as ops
from configurator.ui.counter import Changes, Counter
from configurator.ui.table_model import Column, RecordTableModel
from configurator.ui.theme import tones

if TYPE_CHECKING:
    from configurator.orders.views import OrderDetails, OrderSummary

STATUSES = ("quote", "ordered", "in_assembly", "assembled", "handed_over", "cancelled")
NEXT_STEP = {
    "ordered": "Start assembly",
    "in_assembly": "Mark assembled…",
    "assembled": "Hand over",
}


def breakable(code: str) -> str:
    """Let a long configuration code wrap after its separators (zero-width spaces)."""
    return code.replace(";", ";\u200b").replace(",", ",\u200b")


def _status_color(order: OrderSummary) -> str | None:
    palette = tones()
    if order.status == "cancelled":
        return palette.muted
    if order.backorder:
        return palette.warn
    return None


ORDER_COLUMNS: tuple[Column[OrderSummary], ...] = (
    Column("Number", lambda o: o.number),
    Column("Status", lambda o: o.status.replace("_", " "), color=_status_color),
    Column("Customer", lambda o: o.customer or "walk-in"),
    Column("Date", lambda o: o.ordered_on or o.quoted_on),
    Column("Total", lambda o: o.total),
    Column("Ready", lambda o: o.promised_on),
    Column("Handover", lambda o: o.handover_on),
    Column(
        "Backorder",
        lambda o: o.backorder,
        tooltip=lambda o: "waits for parts" if o.backorder else "",
    ),
)


class OrdersView(QWidget):
    def __init__(
        self,
        counter: Counter,
        *,
        open_in_configurator: Callable[..., None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ordersView")
        self.counter = counter
        self._open_in_configurator = open_in_configurator
        self.search = QLineEdit()
        self.search.setObjectName("ordersSearch")
        self.search.setPlaceholderText("Customer name …")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.refresh)
        self.status = QComboBox()
        self.status.setObjectName("ordersStatus")
        self.status.addItem("All statuses", "")
        for status in STATUSES:
            self.status.addItem(status.replace("_", " "), status)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        reload_button = QPushButton("Reload")
        reload_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.search)
        top.addWidget(find_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        top.addWidget(reload_button)
        money = counter.money
        columns = tuple(
            replace(c, text=money.amount) if c.header == "Total" else c for c in ORDER_COLUMNS
        )
        self.model: RecordTableModel[OrderSummary] = RecordTableModel(columns, self)
        self.table = QTableView()
        self.table.setObjectName("ordersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.details = QLabel("Select an order to see it here.")
        self.details.setObjectName("orderDetails")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open in &configurator")
        self.open_button.clicked.connect(self.open_selected)
        self.convert_button = QPushButton("Place &order from quote")
        self.convert_button.clicked.connect(self.convert_selected)
        self.advance_button = QPushButton("&Advance")
        self.advance_button.clicked.connect(self.advance_selected)
        self.cancel_button = QPushButton("Cance&l order…")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.docs = QComboBox()
        self.docs.addItem("Quote", "quote")
        self.docs.addItem("Order confirmation", "confirmation")
        self.docs.addItem("Assembly sheet", "assembly")
        self.doc_button = QPushButton("Show &document")
        self.doc_button.clicked.connect(self.show_document)
        side = QVBoxLayout()
        side.addWidget(self.details, 1)
        for button in (self.open_button, self.convert_button, self.advance_button):
            side.addWidget(button)
        side.addWidget(self.cancel_button)
        doc_row = QHBoxLayout()
        doc_row.addWidget(self.docs, 1)
        doc_row.addWidget(self.doc_button)
        side.addLayout(doc_row)
        side_widget = QWidget()
        side_widget.setLayout(side)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side_widget)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.selected: OrderDetails | None = None
        self.last_pdf: ops.PdfResult | None = None
        self._update_buttons()
        counter.changed.connect(self._on_changes)
        counter.actor_changed.connect(self._update_buttons)
        self.refresh()

    # --- loading -----------------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        if changes.orders:
            self.refresh()

    def refresh(self) -> None:
        status = self.status.currentData() or None
        customer = self.search.text().strip() or None
        engine = self.counter.context.engine
        self.counter.runner.run(
            lambda: ops.load_orders(engine=engine, status=status, customer=customer),
            on_success=lambda done: self._show(done.value),
            label="Loading orders",
            parent=self,
        )

    def _show(self, orders: list[OrderSummary]) -> None:
        keep = self.selected.summary.number if self.selected else None
        self.model.set_records(orders)
        self.selected = None
        self.details.setText(
            "No order matches." if not orders else "Select an order to see it here."
        )
        if keep is not None:
            self.select_number(keep)
        self._update_buttons()

    def select_number(self, number: str) -> bool:
        for row, order in enumerate(self.model.records):
            if number in (order.number, order.quote_number, order.order_number):
                self.table.selectRow(row)
                return True
        return False

    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.selected = None
            self._update_buttons()
            return
        number = self.model.record(rows[0].row()).number
        engine = self.counter.context.engine
        self.counter.runner.run(
            lambda: ops.load_order(engine=engine, number=number),
            on_success=lambda done: self._show_details(done.value),
            label="Opening order",
            parent=self,
        )

    def _show_details(self, order: OrderDetails) -> None:
        self.selected = order
        s = order.summary
        lines = "".join(
            f"<tr><td>{escape(ln.group_label)}</td><td>{escape(ln.option_label)}"
            f"{' ×' + str(ln.qty) if ln.qty > 1 else ''}</td></tr>"
            for ln in order.lines
        )
        short = [p for p in order.parts if p.short]
        waits = ""
        if short:
            parts = ", ".join(f"{p.part} ×{p.short}" for p in short)
            waits = f"<p style='color:{tones().warn}'>Waits for: {escape(parts)}</p>"
        dates = ""
        if s.promised_on:
            dates = f"<p>Ready {s.promised_on:%d %b %Y}, handover {s.handover_on:%d %b %Y}"
            dates += f"<br><small>{escape(order.promise_reason)}</small></p>"
        self.details.setText(
            f"<h3>{escape(s.number)} · {escape(s.status.replace('_', ' '))}</h3>"
            f"<p>{escape(s.customer or 'walk-in customer')} · by {escape(s.created_by)}<br>"
            f"Total <b>{escape(self.counter.money.amount(s.total))}</b>"
            f"{f' (discount {s.discount_percent} %)' if s.discount_percent else ''}</p>"
            f"{dates}{waits}<table>{lines}</table>"
            f"<p><tt>{breakable(escape(order.config_code))}</tt></p>"
        )
        self._update_buttons()

    # --- actions -----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        order = self.selected
        status = order.summary.status if order else None
        open_states = ("quote", "ordered", "in_assembly", "assembled")
        self.open_button.setEnabled(order is not None)
        self.open_button.setText(
            "Open quote in &configurator" if status == "quote" else "Re-&configure as new"
        )
        self.convert_button.setEnabled(status == "quote" and self.counter.may("order"))
        step = NEXT_STEP.get(status or "")
        self.advance_button.setText(step or "&Advance")
        needs = "handover" if status == "assembled" else "assemble"
        self.advance_button.setEnabled(step is not None and self.counter.may(needs))
        self.cancel_button.setEnabled(status in open_states and self.counter.may("cancel"))
        self.doc_button.setEnabled(order is not None)

    def open_selected(self) -> None:
        if self.selected is None or self._open_in_configurator is None:
            return
        s = self.selected.summary
        self._open_in_configurator(s.number, as_quote=s.status == "quote")

    def convert_selected(self) -> None:
        if self.selected is None or self.counter.actor is None:
            return
        number = self.selected.summary.number
        counter = self.counter
        context = counter.context
        actor = counter.actor
        assert actor is not None
        counter.runner.run(
            lambda: ops.place_order(
                engine=context.engine,
                catalog=context.catalog,
                settings=context.settings,
                actor=actor,
                today=counter.today(),
                now=counter.now(),
                quote=number,
                accept_backorder=True,
            ),
            on_success=self._after_change,
            label="Place order from quote",
            parent=self,
        )

    def advance_selected(self) -> None:
        if self.selected is None or self.counter.actor is None:
            return
        s = self.selected.summary
        serial: str | None = None
        if s.status == "in_assembly":
            text, ok = QInputDialog.getText(self, "Assembled", "Serial number of the laptop:")
            if not ok:
                return
            serial = text
        self._advance(s.number, serial)

    def _advance(self, number: str, serial: str | None) -> None:
        counter = self.counter
        actor = counter.actor
        assert actor is not None
        counter.runner.run(
            lambda: ops.advance_order(
                engine=counter.context.engine,
                catalog=counter.context.catalog,
                number=number,
                actor=actor,
                today=counter.today(),
                now=counter.now(),
                serial=serial,
            ),
            on_success=self._after_change,
            label="Advance order",
            parent=self,
        )

    def cancel_selected(self) -> None:
        if self.selected is None or self.counter.actor is None:
            return
        number = self.selected.summary.number
        reason, ok = QInputDialog.getText(
            self, f"Cancel {number}", "Why is it cancelled? (its parts go back to stock)"
        )
        if ok:
            self.cancel(number, reason)

    def cancel(self, number: str, reason: str) -> None:
        counter = self.counter
        actor = counter.actor
        assert actor is not None
        counter.runner.run(
            lambda: ops.cancel_order(
                engine=counter.context.engine,
                number=number,
                actor=actor,
                today=counter.today(),
                now=counter.now(),
                reason=reason,
            ),
            on_success=self._after_change,
            label=f"Cancel {number}",
            parent=self,
        )

    def _after_change(self, done: ops.Done[OrderSummary]) -> None:
        self.selected = None
        self.counter.publish(done.changes)
        self.select_number(done.value.number)

    def show_document(self) -> None:
        if self.selected is None:
            return
        context = self.counter.context
        kind = str(self.docs.currentData())
        number = self.selected.summary.number
        self.counter.runner.run(
            lambda: ops.render_document(
                engine=context.engine,
                catalog=context.catalog,
                settings=context.settings,
                kind=kind,
                number=number,
                folder=context.paths.documents,
            ),
            on_success=self._preview,
            label="Rendering the document",
            parent=self,
        )

    def _preview(self, done: ops.Done[ops.PdfResult]) -> None:
        from configurator.ui.pdf_output import PreviewDialog

        self.last_pdf = done.value
        dialog = PreviewDialog(
            done.value.data, title=done.value.title, saved_at=done.value.path, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
