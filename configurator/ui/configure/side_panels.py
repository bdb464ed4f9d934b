"""The configure view's right-hand panels: the summary (always visible) and "Why not?"."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from configurator.ui.configure.viewmodel import OptionView, SummaryView
from configurator.ui.money import Money
from configurator.ui.theme import Tones

_LIST = "<ul style='margin-left:-24px; margin-top:4px; margin-bottom:0px'>"
"""Lists in the narrow side column: Qt's default 40 px indent and 12 px gaps waste lines."""


def _date(value: object) -> str:
    return "" if value is None else f"{value:%a %d %b %Y}"


class SummaryPanel(QFrame):
    """Configuration code, total price, completeness, promise date and its reason."""

    def __init__(self, money: Money, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.money = money
        self.setObjectName("summaryPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        self.total = QLabel()
        self.total.setObjectName("summaryTotal")
        self.total.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setObjectName("summaryProgress")
        self.progress.setTextVisible(True)
        self.progress.setMaximumHeight(18)
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.completeness = QLabel()
        self.completeness.setObjectName("summaryCompleteness")
        self.completeness.setWordWrap(True)
        self.code = QLabel()
        self.code.setObjectName("summaryCode")
        self.code.setWordWrap(True)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.promise = QLabel()
        self.promise.setObjectName("summaryPromise")
        self.promise.setWordWrap(True)
        self.hints = QLabel()
        self.hints.setObjectName("summaryHints")
        self.hints.setWordWrap(True)
        self.changes = QLabel()
        self.changes.setObjectName("summaryChanges")
        self.changes.setWordWrap(True)
        grid.addWidget(self.total, 0, 0)
        grid.addWidget(self.progress, 1, 0)
        grid.addWidget(self.completeness, 2, 0)
        grid.addWidget(self.promise, 3, 0)
        grid.addWidget(self.code, 4, 0)
        grid.addWidget(self.changes, 5, 0)
        grid.addWidget(self.hints, 6, 0)
        self.summary: SummaryView | None = None

    def show_state(self, summary: SummaryView, tones: Tones) -> None:
        self.summary = summary
        self.total.setText(
            f"<span style='font-size:18pt'><b>{escape(self.money.amount(summary.total))}</b></span>"
        )
        if self.progress.maximum() != max(summary.groups, 1):
            self.progress.setRange(0, max(summary.groups, 1))
        if self.progress.value() != summary.decided:
            self.progress.setValue(summary.decided)
            self.progress.setFormat(f"{summary.decided} of {summary.groups} decided")
        if summary.complete:
            self.completeness.setText(f"<span style='color:{tones.ok}'>✔ Complete</span>")
        else:
            missing = ", ".join(escape(m) for m in summary.missing)
            self.completeness.setText(
                f"<span style='color:{tones.warn}'>Still to decide:</span> {missing}"
            )
        if summary.promise_date is not None:
            handover = (
                f"<br>Handover {_date(summary.handover_date)}" if summary.handover_date else ""
            )
            self.promise.setText(
                f"<b>Ready {_date(summary.promise_date)}</b>{handover}<br>"
                f"<span style='color:{tones.muted}'>{escape(summary.promise_reason)}</span>"
            )
        else:
            self.promise.setText(
                f"<span style='color:{tones.muted}'>{escape(summary.promise_reason)}</span>"
            )
        self.code.setText(
            f"<span style='color:{tones.muted}'>Code</span> "
            f"<tt>{escape(summary.code).replace(';', ';&#8203;')}</tt>"
        )
        if summary.changes:
            items = "".join(f"<li>{escape(c)}</li>" for c in summary.changes)
            self.changes.setText(
                f"<span style='color:{tones.warn}'>Changed for you:</span>{_LIST}{items}</ul>"
            )
        else:
            self.changes.clear()
        self.changes.setVisible(bool(summary.changes))
        if summary.hints:
            items = "".join(f"<li>{escape(h)}</li>" for h in summary.hints)
            self.hints.setText(f"★ <b>Suggestions</b>{_LIST}{items}</ul>")
            self.hints.setStyleSheet(f"background:{tones.hint_bg}; padding:4px; border-radius:4px;")
        else:
            self.hints.clear()
            self.hints.setStyleSheet("")
        self.hints.setVisible(bool(summary.hints))


class ExplainPanel(QFrame):
    """Why the option under the cursor or focus is excluded (the engine's words)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explainPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.text = QLabel()
        self.text.setObjectName("explainText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.text)
        self.key: tuple[str, str | None] | None = None
        """The option shown (None: the general hint), so a new state can refresh it."""
        self.show_option(None, None)

    def show_option(self, option: OptionView | None, tones: Tones | None) -> None:
        self.key = None if option is None or tones is None else option.key
        if option is None or tones is None:
            self.text.setText(
                "<b>Why not?</b><br>Move to an option marked ⊘ to see why it is not possible "
                "right now. It stays clickable: picking it proposes what to change."
            )
            return
        if option.selectable or option.selected:
            detail = option.stock_text or "no parts to stock"
            impact = f", {escape(option.date_impact)}" if option.date_impact else ""
            self.text.setText(
                f"<b>{escape(option.label)}</b><br>Possible with the current picks. "
                f"<span style='color:{tones.muted}'>Stock: {escape(detail)}{impact}</span>"
            )
            return
        self.text.setText(
            f"<b>Why not {escape(option.label)}?</b><br>{escape(option.explanation)}<br>"
            f"<span style='color:{tones.muted}'>Pick it to see what would have to change "
            "(Enter accepts, Esc keeps everything as it is).</span>"
        )
