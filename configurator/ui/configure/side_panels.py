"""The configure view's right-hand panels: the summary (always visible) and "Why not?"."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from configurator.ui.configure.option_row import set_color
from configurator.ui.configure.viewmodel import OptionView, SummaryView
from configurator.ui.money import Money
from configurator.ui.theme import Tones


def _date(value: object) -> str:
    return "" if value is None else f"{value:%a %d %b %Y}"


def _plain(name: str, *, wrap: bool = True) -> QLabel:
    """Plain text: a rich-text label is parsed and laid out as a document on every change,
    which made the side column the slowest part of a click."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def _bullets(title: str, items: tuple[str, ...]) -> str:
    return "\n".join([title, *(f"• {item}" for item in items)]) if items else ""


class SummaryPanel(QFrame):
    """Configuration code, total price, completeness, promise date and its reason."""

    def __init__(self, money: Money, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.money = money
        self.setObjectName("summaryPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        self.total = _plain("summaryTotal", wrap=False)
        big = QFont(self.total.font())
        big.setPointSizeF(18)
        big.setBold(True)
        self.total.setFont(big)
        self.total.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setObjectName("summaryProgress")
        self.progress.setTextVisible(True)
        self.progress.setMaximumHeight(18)
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.completeness = _plain("summaryCompleteness")
        self.promise = _plain("summaryPromise", wrap=False)
        bold = QFont(self.promise.font())
        bold.setBold(True)
        self.promise.setFont(bold)
        self.reason = _plain("summaryPromiseReason")
        self.code = _plain("summaryCode")
        self.code.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.changes = _plain("summaryChanges")
        self.hints = _plain("summaryHints")
        # No label is ever hidden: showing a widget lays out its parent at once (Qt activates
        # the layout in setVisible), which cost more than the rest of a click. An empty label
        # takes no room: no grid spacing, and its margins only come with its text (`_set`).
        grid.setVerticalSpacing(0)
        for label in (self.completeness, self.promise, self.reason, self.code):
            label.setContentsMargins(0, 0, 0, 0)
        for row, widget in enumerate(
            (
                self.total,
                self.progress,
                self.completeness,
                self.promise,
                self.reason,
                self.code,
                self.changes,
                self.hints,
            )
        ):
            grid.addWidget(widget, row, 0)
        self.summary: SummaryView | None = None
        self._tones: Tones | None = None
        self._complete_shown: bool | None = None

    def show_state(self, summary: SummaryView, tones: Tones) -> None:
        """Render `summary`; a label whose text is unchanged is not touched (a changed text
        lays out the side column again)."""
        self.summary = summary
        if tones is not self._tones:
            self._tones = tones
            set_color(self.reason, tones.muted)
            set_color(self.changes, tones.warn)
            background = QPalette(self.hints.palette())
            background.setColor(QPalette.ColorRole.Window, QColor(tones.hint_bg))
            self.hints.setPalette(background)
            self._complete_shown = None
        _set(self.total, self.money.amount(summary.total))
        if self.progress.maximum() != max(summary.groups, 1):
            self.progress.setRange(0, max(summary.groups, 1))
        if self.progress.value() != summary.decided:
            self.progress.setValue(summary.decided)
            self.progress.setFormat(f"{summary.decided} of {summary.groups} decided")
        if summary.complete != self._complete_shown:
            self._complete_shown = summary.complete
            set_color(self.completeness, tones.ok if summary.complete else tones.warn)
        _set(
            self.completeness,
            "✔ Complete" if summary.complete else "Still to decide: " + ", ".join(summary.missing),
        )
        promise = ""
        if summary.promise_date is not None:
            promise = f"Ready {_date(summary.promise_date)}"
            if summary.handover_date:
                promise += f"\nHandover {_date(summary.handover_date)}"
        _set(self.promise, promise)
        _set(self.reason, summary.promise_reason, top=2)
        _set(self.code, "Code " + summary.code.replace(";", ";\u200b"))
        _set(self.changes, _bullets("Changed for you:", summary.changes))
        _set(self.hints, _bullets("★ Suggestions", summary.hints), side=5)
        if self.hints.autoFillBackground() != bool(summary.hints):
            # No tinted strip where there is nothing to suggest (repaints, no relayout).
            self.hints.setAutoFillBackground(bool(summary.hints))


def _set(label: QLabel, text: str, *, top: int = 6, side: int = 0) -> None:
    """Set a changed text; margins only around a text (an empty label takes no room)."""
    if label.text() == text:
        return
    if bool(text) != bool(label.text()):
        if text:
            label.setContentsMargins(side, top, side, side)
        else:
            label.setContentsMargins(0, 0, 0, 0)
    label.setText(text)


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
            impact = f", {escape(option.date_impact)}" if option.date_impact else ""
            stock = (
                f"Stock: {escape(option.stock_text)}{impact}"
                if option.stock_text
                else f"Takes no parts from stock{impact}"  # e.g. "none", or a service option
            )
            self.text.setText(
                f"<b>{escape(option.label)}</b><br>Possible with the current picks. "
                f"<span style='color:{tones.muted}'>{stock}</span>"
            )
            return
        self.text.setText(
            f"<b>Why not {escape(option.label)}?</b><br>{escape(option.explanation)}<br>"
            f"<span style='color:{tones.muted}'>Pick it to see what would have to change "
            "(Enter accepts, Esc keeps everything as it is).</span>"
        )
