"""The repair proposal: what has to change for an excluded option; Enter accepts, Esc cancels."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from configurator.ui.configure.viewmodel import RepairProposal
from configurator.ui.money import Money


class RepairDialog(QDialog):
    def __init__(
        self, proposal: RepairProposal, *, money: Money, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("repairDialog")
        self.setWindowTitle("Change the configuration?")
        self.proposal = proposal
        rows = "".join(
            f"<tr><td><b>{escape(c.group_label)}</b></td><td>{escape(c.before)}</td>"
            f"<td>&nbsp;→&nbsp;</td><td><b>{escape(c.after)}</b></td></tr>"
            for c in proposal.changes
        )
        price = ""
        if proposal.price_after is not None and proposal.price_after != proposal.price_before:
            delta = proposal.price_after - proposal.price_before
            sign = "+" if delta > 0 else "−"
            price = (
                f"<p>Price {escape(money.amount(proposal.price_before))} → "
                f"<b>{escape(money.amount(proposal.price_after))}</b> "
                f"({sign}{escape(money.amount(abs(delta)))})</p>"
            )
        text = QLabel(
            f"<p>To pick <b>{escape(proposal.target)}</b> these picks change:</p>"
            f"<table cellspacing='4'>{rows}</table>{price}"
            f"<p style='color:gray'>Why: {escape(proposal.reason)}</p>"
        )
        text.setObjectName("repairText")
        text.setWordWrap(True)
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
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.accept_button.setFocus()
