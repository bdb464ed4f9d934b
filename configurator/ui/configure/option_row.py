"""One option on screen: its control, label, date impact, stock badge and price delta.

Excluded options stay enabled and clickable (the click asks for a repair) but look different:
muted text, a ⊘ marker, and the engine's explanation as tooltip. The row never decides
anything: it emits `pick_requested` and later renders whatever state comes back, with its own
signals blocked while it writes the state into the control (no feedback loop).

A click re-renders every row, so a row touches a widget only when its value changed, and never
in a way that makes the option grid lay itself out again: fixed-size labels, colours by
palette (palettes built once per colour), no event filter (each one is a Python call for every
event of every control: the controls override only focus-in and mouse-enter).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QEnterEvent, QFocusEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from configurator.ui.configure.viewmodel import OptionView, StockLevel
from configurator.ui.money import Money
from configurator.ui.theme import Tones

_PALETTES: dict[tuple[str, str | None, int], QPalette] = {}


def set_color(widget: QWidget, color: str | None) -> None:
    """Text colour by palette: style sheets would make every row slower to lay out and paint."""
    default = QApplication.palette(widget)
    key = (type(widget).__name__, color, default.cacheKey())
    palette = _PALETTES.get(key)
    if palette is None:
        palette = QPalette(default)
        if color:
            for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
                palette.setColor(role, QColor(color))
        _PALETTES[key] = palette
    widget.setPalette(palette)


class _Announcing:
    """Mixed into a control: calls `on_attention` on keyboard focus and on mouse-enter."""

    on_attention: Callable[[], None] | None = None

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusInEvent(event)  # type: ignore[misc]
        if self.on_attention is not None:
            self.on_attention()

    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802 (Qt's name)
        super().enterEvent(event)  # type: ignore[misc]
        if self.on_attention is not None:
            self.on_attention()


class _Radio(_Announcing, QRadioButton):
    pass


class _Check(_Announcing, QCheckBox):
    pass


class _Spin(_Announcing, QSpinBox):
    pass


def metrics_elide(label: QLabel, text: str) -> str:
    return label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, label.width())


class OptionRow(QWidget):
    """A row; `control` is a radio button, a check box or a spin box ("many" with max_qty > 1)."""

    pick_requested = Signal(str, str, int)
    """(group id, option id or "" for the "none" choice, quantity)."""
    focused = Signal(object)
    """The row's OptionView when its control gets keyboard focus or the mouse."""

    def __init__(
        self, option: OptionView, *, kind: str, money: Money, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.option = option
        self._money = money
        self._tones: Tones | None = None
        self.setObjectName(f"option-{option.group_id}-{option.option_id or 'none'}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(8)
        self.spin: QSpinBox | None = None
        self.button: QAbstractButton | None = None
        if kind == "many" and option.max_qty > 1:
            self.spin = _Spin()
            self.spin.on_attention = self._attention
            self.spin.setRange(0, option.max_qty)
            self.spin.setAccessibleName(option.label)
            self.spin.setFixedWidth(56)
            self.spin.valueChanged.connect(self._spin_changed)
            layout.addWidget(self.spin)
            self.label = QLabel(option.label)
            self.label.setBuddy(self.spin)
            layout.addWidget(self.label, 1)
        else:
            button: _Check | _Radio = _Check() if kind == "many" else _Radio()
            button.on_attention = self._attention
            button.setAutoExclusive(False)  # the engine decides; arrows move focus, Space picks
            button.setText(option.label)
            button.clicked.connect(self._clicked)
            self.button = button
            self.label = QLabel()  # unused for buttons: the button carries the text
            self.label.hide()
            layout.addWidget(button, 1)
        # Fixed-size labels: a changed text then repaints one label instead of asking the
        # whole option grid to lay itself out again (most of a click's cost otherwise).
        metrics = self.fontMetrics()
        height = metrics.height() + 2
        self.marker = QLabel()
        self.marker.setObjectName("marker")
        self.marker.setFixedSize(metrics.horizontalAdvance("⊘★") + 4, height)
        self.impact = QLabel()
        self.impact.setObjectName("impact")
        self.impact.setFixedSize(metrics.horizontalAdvance("+99 days") + 2, height)
        self.impact.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.badge = QLabel()
        self.badge.setObjectName("badge")
        # Wide enough for the inventory's longest usual status; a longer one is elided (the
        # tooltip has it whole).
        self.badge.setFixedSize(metrics.horizontalAdvance("out, built in-house by 30 Nov"), height)
        self.price = QLabel()
        self.price.setObjectName("price")
        self.price.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.price.setFixedSize(metrics.horizontalAdvance(money.delta(Decimal(9999))) + 4, height)
        # Prices do not change with the picks: formatted once, not on every click.
        self.price.setText("" if option.option_id is None else money.delta(option.price_delta))
        layout.addWidget(self.marker)
        layout.addWidget(self.impact)
        layout.addWidget(self.badge)
        layout.addWidget(self.price)
        self._rendered: OptionView | None = None
        self._tooltip = ""

    @property
    def control(self) -> QWidget:
        return self.spin if self.spin is not None else self.button  # type: ignore[return-value]

    def show_state(self, option: OptionView, tones: Tones) -> None:
        """Write `option` into the widgets; touches only what changed since the last render."""
        old = self._rendered
        self.option = option
        if old == option and tones is self._tones:
            return
        if tones is not self._tones:
            old = None  # another palette: every colour is due again
        self._tones = tones
        control = self.control
        if old is None or old.qty != option.qty or old.selected != option.selected:
            blocked = control.blockSignals(True)
            try:
                if self.spin is not None:
                    self.spin.setValue(option.qty)
                elif self.button is not None:
                    self.button.setChecked(option.selected)
            finally:
                control.blockSignals(blocked)
        excluded = not option.selectable and not option.selected
        was_excluded = old is not None and not old.selectable and not old.selected
        if old is None or excluded != was_excluded:
            # Colour only (a font change would re-lay out the grid): muted text and a marker.
            set_color(control, tones.muted if excluded else None)
            if self.spin is not None:
                set_color(self.label, tones.muted if excluded else None)
            control.setProperty("excluded", excluded)
            set_color(self.marker, tones.bad if excluded else tones.ok)
        marker = ("⊘" if excluded else "") + ("★" if option.recommended else "")
        if old is None or marker != self.marker.text():
            self.marker.setText(marker)
        # An excluded option's tooltip is made when the mouse comes (see `_attention`).
        self._set_tooltip("" if excluded else self.tooltip_text())
        if old is None or old.date_impact != option.date_impact:
            self.impact.setText(option.date_impact)
            set_color(self.impact, tones.warn if option.date_impact else None)
        if old is None or old.stock_text != option.stock_text:
            self.badge.setText(
                metrics_elide(self.badge, option.stock_text) if option.stock_text else ""
            )
            self.badge.setToolTip(option.stock_text)
        if old is None or old.stock != option.stock:
            color = {
                StockLevel.IN_STOCK: tones.ok,
                StockLevel.LOW: tones.warn,
                StockLevel.OUT: tones.bad,
                StockLevel.NONE: tones.muted,
            }[option.stock]
            set_color(self.badge, color)
        self._rendered = option

    def tooltip_text(self) -> str:
        """The tooltip: for an excluded option the engine's explanation (computed now)."""
        option = self.option
        if not option.selectable and not option.selected:
            why = option.explanation or "Other picks rule it out."
            return (
                f"<b>Not possible with the current picks</b><br>{why}"
                "<br><i>Pick it anyway to see what would change.</i>"
            )
        if option.recommended:
            return f"{option.label}<br><i>Recommended for this configuration.</i>"
        return option.label

    def _clicked(self) -> None:
        opt = self.option
        if self.button is not None and isinstance(self.button, QCheckBox):
            qty = 0 if opt.qty > 0 else 1
            self.pick_requested.emit(opt.group_id, opt.option_id or "", qty)
        else:
            self.pick_requested.emit(opt.group_id, opt.option_id or "", 1)

    def _spin_changed(self, value: int) -> None:
        self.pick_requested.emit(self.option.group_id, self.option.option_id or "", value)

    def _attention(self) -> None:
        """Focus or mouse: the "Why not?" panel follows, and the tooltip is made now (for an
        excluded option that asks the engine for its explanation, so not on every click)."""
        self._set_tooltip(self.tooltip_text())
        self.focused.emit(self.option)

    def _set_tooltip(self, text: str) -> None:
        if text != self._tooltip:
            self._tooltip = text
            self.control.setToolTip(text)
