"""Login: the clerk picks their name and types their PIN; the core checks it (argon2, lock-out).

The page only collects input and shows the core's answer inline (wrong PIN, attempts left,
locked until when); it never decides whether a PIN is right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import UserError
from configurator.ui.theme import tones


@dataclass(frozen=True, slots=True)
class UserChoice:
    """A name on the login list."""

    name: str
    full_name: str
    role: str

    @property
    def display(self) -> str:
        who = self.full_name or self.name
        return f"{who}  ·  {self.role}"


class LoginPage(QWidget):
    """Name list + PIN field; emits `submitted(name, pin)`, shows errors with `show_error`."""

    submitted = Signal(str, str)
    users_loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginPage")
        card = QFrame()
        card.setObjectName("loginCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(420)
        title = QLabel("<h2>Who is at the counter?</h2>")
        self.users = QListWidget()
        self.users.setObjectName("loginUsers")
        self.users.setAccessibleName("User")
        self.users.setMinimumHeight(140)
        self.pin = QLineEdit()
        self.pin.setObjectName("loginPin")
        self.pin.setAccessibleName("PIN")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText("4 to 12 digits")
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), self))
        self.pin.returnPressed.connect(self._submit)
        self.sign_in = QPushButton("Sign in")
        self.sign_in.setObjectName("loginButton")
        self.sign_in.setDefault(True)
        self.sign_in.clicked.connect(self._submit)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.users.itemActivated.connect(lambda _item: self.pin.setFocus())
        form = QFormLayout()
        form.addRow("&Name", self.users)
        form.addRow("&PIN", self.pin)
        inner = QVBoxLayout(card)
        inner.addWidget(title)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addWidget(self.sign_in)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.setTabOrder(self.users, self.pin)
        self.setTabOrder(self.pin, self.sign_in)

    def set_users(self, users: Sequence[UserChoice]) -> None:
        self.users.clear()
        for user in users:
            item = QListWidgetItem(user.display)
            item.setData(Qt.ItemDataRole.UserRole, user.name)
            self.users.addItem(item)
        if users:
            self.users.setCurrentRow(0)
        self.users.setFocus()
        self.users_loaded.emit()

    def selected_name(self) -> str | None:
        item = self.users.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def select_user(self, name: str) -> None:
        for row in range(self.users.count()):
            if self.users.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.users.setCurrentRow(row)
                return
        raise KeyError(name)

    def show_error(self, error: UserError) -> None:
        hint = f"<br>{error.hint}" if error.hint else ""
        self.message.setText(f"<span style='color:{tones().bad}'>{error.message}{hint}</span>")
        self.pin.clear()
        self.pin.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.sign_in.setEnabled(not busy)
        if busy:
            self.message.setText("Checking …")

    def reset(self) -> None:
        self.pin.clear()
        self.message.clear()
        self.users.setFocus()

    def _submit(self) -> None:
        name = self.selected_name()
        if name is None:
            self.show_error(UserError("Pick your name first."))
            return
        if not self.pin.text():
            self.show_error(UserError("Type your PIN."))
            return
        self.submitted.emit(name, self.pin.text())
