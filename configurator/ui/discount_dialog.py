"""A discount at the counter: percent and reason, plus a manager's name and PIN above the limit.

The dialog only shows the approval fields when the percentage is above the shop's limit and
the signed-in user is not a manager; whether the PIN is right is decided by the core when the
quote or order is saved (a wrong PIN counts towards the lock-out there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.theme import tones


@dataclass(frozen=True, slots=True)
class DiscountRequest:
    percent: Decimal
    reason: str = ""
    manager: str | None = None
    pin: str | None = None


class DiscountDialog(QDialog):
    def __init__(
        self,
        *,
        limit: Decimal,
        managers: Sequence[str],
        is_manager: bool,
        current: DiscountRequest | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("discountDialog")
        self.setWindowTitle("Discount")
        self.limit = limit
        self.is_manager = is_manager
        self.percent = QDoubleSpinBox()
        self.percent.setObjectName("discountPercent")
        self.percent.setRange(0, 100)
        self.percent.setDecimals(2)
        self.percent.setSingleStep(1)
        self.percent.setSuffix(" %")
        self.reason = QLineEdit()
        self.reason.setObjectName("discountReason")
        self.reason.setMaxLength(200)
        self.manager = QComboBox()
        self.manager.setObjectName("discountManager")
        self.manager.addItems(list(managers))
        self.pin = QLineEdit()
        self.pin.setObjectName("discountPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), self))
        self.approval_note = QLabel()
        self.approval_note.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("discountMessage")
        form = QFormLayout()
        form.addRow("&Discount", self.percent)
        form.addRow("&Reason", self.reason)
        form.addRow(self.approval_note)
        self._manager_label = QLabel("&Manager")
        self._manager_label.setBuddy(self.manager)
        self._pin_label = QLabel("Manager &PIN")
        self._pin_label.setBuddy(self.pin)
        form.addRow(self._manager_label, self.manager)
        form.addRow(self._pin_label, self.pin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.percent.valueChanged.connect(self._update)
        if current is not None:
            self.percent.setValue(float(current.percent))
            self.reason.setText(current.reason)
        self._update()
        self.percent.setFocus()
        self.percent.selectAll()

    def needs_approval(self) -> bool:
        return self.value_percent() > self.limit and not self.is_manager

    def value_percent(self) -> Decimal:
        return Decimal(str(round(self.percent.value(), 2)))

    def _update(self) -> None:
        needs = self.needs_approval()
        for widget in (self._manager_label, self.manager, self._pin_label, self.pin):
            widget.setVisible(needs)
        self.approval_note.setVisible(needs)
        if needs:
            self.approval_note.setText(
                f"<span style='color:{tones().warn}'>Above {self.limit} % a manager approves "
                "with their PIN.</span>"
            )

    def _accept(self) -> None:
        if self.needs_approval():
            if self.manager.count() == 0:
                self.message.setText(
                    f"No manager is set up; the discount cannot go above {self.limit} %."
                )
                return
            if not self.pin.text():
                self.message.setText(
                    f"<span style='color:{tones().bad}'>The manager's PIN is needed.</span>"
                )
                self.pin.setFocus()
                return
        self.accept()

    def value(self) -> DiscountRequest:
        if self.needs_approval():
            return DiscountRequest(
                self.value_percent(),
                self.reason.text().strip(),
                self.manager.currentText(),
                self.pin.text(),
            )
        return DiscountRequest(self.value_percent(), self.reason.text().strip())
