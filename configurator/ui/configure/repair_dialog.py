"""The repair proposal: what has to change for an excluded option; Enter accepts, Esc cancels.

One dialog per configure page, filled anew for each proposal: building and polishing a new
dialog for every click on an excluded option cost more than the rest of the click. Its texts
are plain text (a rich-text table took several milliseconds to lay out on every proposal).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from configurator.ui.configure.option_row import set_color
from configurator.ui.configure.viewmodel import RepairProposal
from configurator.ui.money import Money
from configurator.ui.theme import tones

WIDTH = 520


def _plain(name: str, *, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class RepairDialog(QDialog):
    def __init__(self, *, money: Money, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("repairDialog")
        self.setWindowTitle("Change the configuration?")
        self.money = money
        self._proposal: RepairProposal | None = None
        self.target = QLabel()
        self.target.setObjectName("repairTarget")
        self.target.setWordWrap(True)
        self.changes = _plain("repairChanges", wrap=True)
        bold = QFont(self.changes.font())
        bold.setBold(True)
        self.changes.setFont(bold)
        self.price = _plain("repairPrice")
        self.reason = _plain("repairReason", wrap=True)
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton(
            "Change them (Enter)", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(
            "Keep as it was (Esc)", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.accept_button.setDefault(True)
        self.accept_button.setAutoDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for label in (self.target, self.changes, self.price, self.reason):
            layout.addWidget(label)
        layout.addWidget(buttons)
        self.setFixedWidth(WIDTH)

    @property
    def proposal(self) -> RepairProposal:
        """The proposal on show (set by `show_proposal`)."""
        assert self._proposal is not None, "show_proposal() first"
        return self._proposal

    def text(self) -> str:
        """Everything the proposal says, as plain text (tests, logs)."""
        return "\n".join(
            label.text() for label in (self.target, self.changes, self.price, self.reason)
        )

    def show_proposal(self, proposal: RepairProposal) -> None:
        """Fill in `proposal` (then `open()` it)."""
        self._proposal = proposal
        money = self.money
        self.target.setText(f"To pick <b>{escape(proposal.target)}</b> these picks change:")
        self.changes.setText(
            "\n".join(f"{c.group_label}:  {c.before}  →  {c.after}" for c in proposal.changes)
        )
        price = ""
        if proposal.price_after is not None and proposal.price_after != proposal.price_before:
            delta = proposal.price_after - proposal.price_before
            sign = "+" if delta > 0 else "−"
            price = (
                f"Price {money.amount(proposal.price_before)} → "
                f"{money.amount(proposal.price_after)} ({sign}{money.amount(abs(delta))})"
            )
        self.price.setText(price)
        self.price.setVisible(bool(price))
        self.reason.setText(f"Why: {proposal.reason}")
        set_color(self.reason, tones().muted)
        layout = self.layout()
        assert layout is not None
        height = layout.totalHeightForWidth(WIDTH)
        if height != self.height():
            self.resize(WIDTH, height)
        self.accept_button.setFocus()
