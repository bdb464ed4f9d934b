"""Creating a customer at the counter: a name is enough, the rest is optional."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.theme import tones


@dataclass(frozen=True, slots=True)
class NewCustomer:
    name: str
    email: str = ""
    phone: str = ""
    address: str = ""


class CustomerDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("customerDialog")
        self.setWindowTitle("New customer")
        self.name = QLineEdit(name)
        self.name.setObjectName("customerName")
        self.name.setMaxLength(200)
        self.email = QLineEdit()
        self.email.setObjectName("customerEmail")
        self.email.setMaxLength(200)
        self.phone = QLineEdit()
        self.phone.setObjectName("customerPhone")
        self.phone.setMaxLength(64)
        self.address = QPlainTextEdit()
        self.address.setObjectName("customerAddress")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(64)
        self.message = QLabel()
        self.message.setObjectName("customerMessage")
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&E-mail", self.email)
        form.addRow("&Phone", self.phone)
        form.addRow("&Address", self.address)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.name.setFocus()

    def _accept(self) -> None:
        if not self.name.text().strip():
            self.message.setText(
                f"<span style='color:{tones().bad}'>A customer needs a name.</span>"
            )
            self.name.setFocus()
            return
        email = self.email.text().strip()
        if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
            self.message.setText(
                f"<span style='color:{tones().bad}'>“{email}” is not an e-mail address "
                "(leave it empty if unknown).</span>"
            )
            self.email.setFocus()
            return
        self.accept()

    def value(self) -> NewCustomer:
        return NewCustomer(
            name=self.name.text().strip(),
            email=self.email.text().strip(),
            phone=self.phone.text().strip(),
            address=self.address.toPlainText().strip(),
        )
