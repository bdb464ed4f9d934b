"""Small QPainter charts for the planning view (QtCharts is not in PySide6-Essentials).

Each chart holds plain numbers handed over by the view (`set_data`), computes its scale when
the data changes, and draws in `paintEvent` with the palette's colours, so it follows the light
and dark themes. An empty chart says why it is empty instead of drawing axes around nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from configurator.planning.projection import StockProjection

LEFT, RIGHT, TOP, BOTTOM = 44.0, 12.0, 22.0, 24.0


def nice_max(value: float) -> float:
    """The next 'round' number at or above `value` (1, 2, 2.5, 5 x 10^k), at least 1."""
    if not math.isfinite(value) or value <= 1:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        candidate = step * 10**exponent
        if candidate >= value:
            return candidate
    return 10.0 ** (exponent + 1)


class _Chart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.title = ""
        self.empty_text = "No data"

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(420, 220)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(200, 120)

    def _plot_rect(self) -> QRectF:
        return QRectF(
            LEFT, TOP, max(1.0, self.width() - LEFT - RIGHT), max(1.0, self.height() - TOP - BOTTOM)
        )

    def _color(self, role: QPalette.ColorRole) -> QColor:
        return self.palette().color(role)

    def _begin(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self._color(QPalette.ColorRole.Base))
        painter.setPen(self._color(QPalette.ColorRole.Text))
        painter.drawText(QRectF(LEFT, 2, self.width() - LEFT, TOP - 4), self.title)

    def _empty(self, painter: QPainter) -> None:
        painter.setPen(self._color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)

    def _y_axis(self, painter: QPainter, rect: QRectF, low: float, high: float) -> None:
        grid = QColor(self._color(QPalette.ColorRole.Text))
        grid.setAlpha(40)
        for i in range(5):
            value = low + (high - low) * i / 4
            y = rect.bottom() - rect.height() * i / 4
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.setPen(self._color(QPalette.ColorRole.Text))
            label = f"{value:.0f}" if high - low >= 4 else f"{value:.1f}"
            painter.drawText(
                QRectF(0, y - 8, LEFT - 4, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )


class DemandChart(_Chart):
    """Weekly demand as bars, then the forecast as a line inside its shaded band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demandChart")
        self.history: tuple[float | None, ...] = ()
        self.expected: tuple[float, ...] = ()
        self.band_low: tuple[float, ...] = ()
        self.band_high: tuple[float, ...] = ()
        self.y_max = 1.0
        self.empty_text = "No demand history yet"

    def set_data(
        self,
        title: str,
        history: Sequence[float | None],
        mean: Sequence[float],
        lower: Sequence[float],
        upper: Sequence[float],
    ) -> None:
        self.title = title
        self.history = tuple(history)
        self.expected, self.band_low, self.band_high = tuple(mean), tuple(lower), tuple(upper)
        values = (
            [v for v in self.history if v is not None] + list(self.band_high) + list(self.expected)
        )
        self.y_max = nice_max(max(values, default=0.0))
        self.update()

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        try:
            self._begin(painter)
            if not self.history and not any(self.expected):
                self._empty(painter)
                return
            rect = self._plot_rect()
            self._y_axis(painter, rect, 0.0, self.y_max)
            slots = len(self.history) + len(self.expected)
            width = rect.width() / max(1, slots)

            def y(value: float) -> float:
                return rect.bottom() - rect.height() * min(value, self.y_max) / self.y_max

            bar = QColor(self._color(QPalette.ColorRole.Highlight))
            bar.setAlpha(150)
            for i, value in enumerate(self.history):
                if value is None:  # a gap: a thin mark on the axis, no bar
                    painter.setPen(QPen(self._color(QPalette.ColorRole.PlaceholderText), 1))
                    x = rect.left() + (i + 0.5) * width
                    painter.drawLine(QPointF(x, rect.bottom()), QPointF(x, rect.bottom() - 4))
                    continue
                top = y(value)
                painter.fillRect(
                    QRectF(
                        rect.left() + i * width, top, max(1.0, width * 0.8), rect.bottom() - top
                    ),
                    bar,
                )
            start = len(self.history)
            if self.expected:
                xs = [rect.left() + (start + i + 0.5) * width for i in range(len(self.expected))]
                band = QPolygonF(
                    [QPointF(x, y(v)) for x, v in zip(xs, self.band_high, strict=True)]
                    + [
                        QPointF(x, y(v))
                        for x, v in reversed(list(zip(xs, self.band_low, strict=True)))
                    ]
                )
                shade = QColor(self._color(QPalette.ColorRole.Link))
                shade.setAlpha(60)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(shade)
                painter.drawPolygon(band)
                path = QPainterPath(QPointF(xs[0], y(self.expected[0])))
                for x, v in zip(xs[1:], self.expected[1:], strict=True):
                    path.lineTo(QPointF(x, y(v)))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(self._color(QPalette.ColorRole.Link), 2))
                painter.drawPath(path)
                divider = rect.left() + start * width
                painter.setPen(QPen(self._color(QPalette.ColorRole.Text), 1, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(divider, rect.top()), QPointF(divider, rect.bottom()))
            painter.setPen(self._color(QPalette.ColorRole.Text))
            painter.drawText(
                QRectF(rect.left(), rect.bottom() + 4, rect.width(), BOTTOM - 4),
                Qt.AlignmentFlag.AlignLeft,
                f"{len(self.history)} weeks of orders",
            )
            painter.drawText(
                QRectF(rect.left(), rect.bottom() + 4, rect.width(), BOTTOM - 4),
                Qt.AlignmentFlag.AlignRight,
                f"forecast {len(self.expected)} weeks",
            )
        finally:
            painter.end()


class ProjectionChart(_Chart):
    """On-hand and available stock week by week, receipts (up) and reservations (down)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectionChart")
        self.projection: StockProjection | None = None
        self.y_min = 0.0
        self.y_max = 1.0
        self.empty_text = "Select a component to see its stock projection"

    def set_data(self, title: str, projection: StockProjection | None) -> None:
        self.title = title
        self.projection = projection
        if projection is not None and projection.weeks:
            values = [float(projection.on_hand)]
            for week in projection.weeks:
                values += [week.on_hand, week.available]
            self.y_max = nice_max(max(values))
            low = min(values)
            self.y_min = -nice_max(-low) if low < 0 else 0.0
        self.update()

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        try:
            self._begin(painter)
            projection = self.projection
            if projection is None or not projection.weeks:
                self._empty(painter)
                return
            rect = self._plot_rect()
            self._y_axis(painter, rect, self.y_min, self.y_max)
            span = self.y_max - self.y_min or 1.0
            count = len(projection.weeks)
            step = rect.width() / count

            def y(value: float) -> float:
                return rect.bottom() - rect.height() * (value - self.y_min) / span

            zero = y(0.0)
            painter.setPen(QPen(QColor("#c0392b"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(rect.left(), zero), QPointF(rect.right(), zero))
            xs = [rect.left() + step * (i + 1) for i in range(count)]
            lines = (
                (
                    float(projection.on_hand),
                    [w.on_hand for w in projection.weeks],
                    self._color(QPalette.ColorRole.Text),
                ),
                (
                    float(projection.on_hand - projection.reserved),
                    [w.available for w in projection.weeks],
                    self._color(QPalette.ColorRole.Link),
                ),
            )
            for start, values, colour in lines:
                path = QPainterPath(QPointF(rect.left(), y(start)))
                for x, v in zip(xs, values, strict=True):
                    path.lineTo(QPointF(x, y(v)))
                painter.setPen(QPen(colour, 2))
                painter.drawPath(path)
            for x, week in zip(xs, projection.weeks, strict=True):
                if week.receipts:
                    painter.setPen(QColor("#27ae60"))
                    painter.drawText(QPointF(x - 6, rect.top() + 12), f"▲{week.receipts}")
                if week.reserved_out:
                    painter.setPen(QColor("#d35400"))
                    painter.drawText(QPointF(x - 6, rect.bottom() - 4), f"▼{week.reserved_out}")
            painter.setPen(self._color(QPalette.ColorRole.Text))
            first: date = projection.weeks[0].week
            painter.drawText(
                QRectF(rect.left(), rect.bottom() + 4, rect.width(), BOTTOM - 4),
                Qt.AlignmentFlag.AlignLeft,
                f"from {first:%d %b}: on hand (dark), available (blue), ▲ receipts, ▼ reserved",
            )
        finally:
            painter.end()


class BarChart(_Chart):
    """Horizontal bars: how often each configuration was ordered and how many can be built."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("barChart")
        self.rows: tuple[tuple[str, int, int], ...] = ()
        self.x_max = 1.0
        self.empty_text = "No configurations ordered yet"

    def set_data(self, title: str, rows: Sequence[tuple[str, int, int]]) -> None:
        """`rows`: (label, units ordered, buildable now)."""
        self.title = title
        self.rows = tuple(rows)
        self.x_max = nice_max(max((max(a, b) for _, a, b in self.rows), default=0))
        self.update()

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        try:
            self._begin(painter)
            if not self.rows:
                self._empty(painter)
                return
            rect = QRectF(8, TOP, max(1.0, self.width() - 16), max(1.0, self.height() - TOP - 4))
            height = rect.height() / len(self.rows)
            ordered = QColor(self._color(QPalette.ColorRole.Highlight))
            buildable = QColor("#27ae60")
            for i, (label, units, count) in enumerate(self.rows):
                top = rect.top() + i * height
                full = rect.width() * 0.6
                left = rect.left() + rect.width() * 0.4
                painter.setPen(self._color(QPalette.ColorRole.Text))
                room = int(rect.width() * 0.4 - 6)
                painter.drawText(
                    QRectF(rect.left(), top, room, height),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    self.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, room),
                )
                bar_h = max(2.0, height * 0.35)
                painter.fillRect(
                    QRectF(left, top + height * 0.1, full * units / self.x_max, bar_h), ordered
                )
                painter.fillRect(
                    QRectF(left, top + height * 0.1 + bar_h, full * count / self.x_max, bar_h),
                    buildable,
                )
                painter.drawText(
                    QRectF(left, top, full, height),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    f"{units} ordered · {count} buildable",
                )
        finally:
            painter.end()
