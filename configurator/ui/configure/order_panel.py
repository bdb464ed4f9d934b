"""Below the summary: customer, discount, Save quote / Place order, and the last document."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from configurator.ui.discount_dialog import DiscountRequest
from configurator.ui.operations import CustomerChoice, PdfResult

WALK_IN = "Walk-in customer"


class OrderPanel(QFrame):
    new_customer_requested = Signal()
    discount_requested = Signal()
    save_quote_requested = Signal()
    place_order_requested = Signal()
    preview_requested = Signal()
    print_requested = Signal()
    save_pdf_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.customer = QComboBox()
        self.customer.setObjectName("customerPicker")
        self.customer.setEditable(True)
        self.customer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.customer.setAccessibleName("Customer")
        completer = self.customer.completer()
        assert completer is not None
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.new_customer = QPushButton("New…")
        self.new_customer.setObjectName("newCustomerButton")
        self.new_customer.clicked.connect(self.new_customer_requested)
        self.discount_label = QLabel("none")
        self.discount_label.setObjectName("discountLabel")
        self.discount_button = QPushButton("Discount…")
        self.discount_button.setObjectName("discountButton")
        self.discount_button.clicked.connect(self.discount_requested)
        self.save_quote = QPushButton("Save &quote")
        self.save_quote.setObjectName("saveQuoteButton")
        self.save_quote.setToolTip("Ctrl+S")
        self.save_quote.clicked.connect(self.save_quote_requested)
        self.place_order = QPushButton("Place &order")
        self.place_order.setObjectName("placeOrderButton")
        self.place_order.setToolTip("Ctrl+Enter")
        self.place_order.clicked.connect(self.place_order_requested)
        self.status = QLabel()
        self.status.setObjectName("orderStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = QPushButton("Preview")
        self.preview.setObjectName("previewButton")
        self.preview.clicked.connect(self.preview_requested)
        self.print = QPushButton("Print…")
        self.print.setObjectName("printButton")
        self.print.clicked.connect(self.print_requested)
        self.save_pdf = QPushButton("Save PDF…")
        self.save_pdf.setObjectName("savePdfButton")
        self.save_pdf.clicked.connect(self.save_pdf_requested)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        customer_label = QLabel("C&ustomer")
        customer_label.setBuddy(self.customer)
        grid.addWidget(customer_label, 0, 0)
        grid.addWidget(self.customer, 0, 1)
        grid.addWidget(self.new_customer, 0, 2)
        grid.addWidget(QLabel("Discount"), 1, 0)
        grid.addWidget(self.discount_label, 1, 1)
        grid.addWidget(self.discount_button, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_quote)
        buttons.addWidget(self.place_order)
        grid.addLayout(buttons, 2, 0, 1, 3)
        grid.addWidget(self.status, 3, 0, 1, 3)
        docs = QHBoxLayout()
        docs.addWidget(self.preview)
        docs.addWidget(self.print)
        docs.addWidget(self.save_pdf)
        grid.addLayout(docs, 4, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        self.set_document(None)

    def set_customers(self, customers: Sequence[CustomerChoice], *, select: int | None) -> None:
        keep = select if select is not None else self.customer_id()
        blocked = self.customer.blockSignals(True)
        try:
            self.customer.clear()
            self.customer.addItem(WALK_IN, -1)  # -1: no customer record
            for choice in customers:
                self.customer.addItem(choice.name, choice.id)
                self.customer.setItemData(
                    self.customer.count() - 1, choice.detail, Qt.ItemDataRole.ToolTipRole
                )
            index = self.customer.findData(keep) if keep is not None else 0
            self.customer.setCurrentIndex(max(index, 0))
        finally:
            self.customer.blockSignals(blocked)

    def customer_id(self) -> int | None:
        """The chosen customer; typed text that names no customer counts as none chosen."""
        index = self.customer.findText(self.customer.currentText(), Qt.MatchFlag.MatchExactly)
        if index < 0:
            return None
        value = self.customer.itemData(index)
        return None if value is None or int(value) < 0 else int(value)

    def typed_unknown_customer(self) -> str | None:
        text = self.customer.currentText().strip()
        if text and text != WALK_IN and self.customer.findText(text) < 0:
            return text
        return None

    def set_discount(self, discount: DiscountRequest | None) -> None:
        if discount is None or not discount.percent:
            self.discount_label.setText("none")
            return
        approval = f", approval by {discount.manager}" if discount.manager else ""
        self.discount_label.setText(f"{discount.percent} %{approval}")

    def set_complete(self, complete: bool, *, may_quote: bool, may_order: bool) -> None:
        self.save_quote.setEnabled(complete and may_quote)
        self.place_order.setEnabled(complete and may_order)

    def set_document(self, pdf: PdfResult | None, message: str = "") -> None:
        for button in (self.preview, self.print, self.save_pdf):
            button.setEnabled(pdf is not None)
        if message:
            self.status.setText(message)
        elif pdf is None:
            self.status.clear()
