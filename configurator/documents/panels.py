"""The two boxed blocks of quotes and confirmations: the totals and the promise panel.

Both were reportlab Tables; a Table applies its style commands cell by cell on every use and
cost a fifth of a one-page quote. These flowables draw the same geometry directly (Table's
metrics: a string cell's lines are 12 pt apart whatever its font size, text hangs from the top
padding, right-aligned text ends at the right padding), so the page looks exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from configurator.documents.textout import TextOut

TABLE_LEADING = 12.0
"""Line distance of text in a reportlab Table cell (its default, independent of the font)."""


@dataclass(frozen=True, slots=True)
class TotalsRow:
    """A label (already broken into lines) and an amount, right-aligned, in one style."""

    label: tuple[str, ...]
    amount: str
    style: ParagraphStyle
    total: bool = False
    """The row of the grand total: shaded, with a rule above and more padding."""


class TotalsBox(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Label and amount columns, right-aligned under the priced lines."""

    PAD = 2.0
    TOTAL_PAD = 4.0
    RIGHT_PAD = 4.0

    def __init__(
        self,
        rows: Sequence[TotalsRow],
        widths: tuple[float, float],
        *,
        shade: Color,
        rule: tuple[float, Color],
    ) -> None:
        super().__init__()
        self.rows = tuple(rows)
        self.widths = widths
        self.shade = shade
        self.rule = rule
        self.hAlign = "RIGHT"
        self.width = sum(widths)
        self._heights = [len(r.label) * TABLE_LEADING + 2 * self._pad(r) for r in self.rows]
        self.height = sum(self._heights)

    def _pad(self, row: TotalsRow) -> float:
        return self.TOTAL_PAD if row.total else self.PAD

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        text = TextOut(canvas)
        rules: list[float] = []
        top = self.height
        for row, height in zip(self.rows, self._heights, strict=True):
            if row.total:
                canvas.saveState()
                canvas.setFillColor(self.shade)
                canvas.rect(0, top - height, self.width, height, stroke=0, fill=1)
                canvas.restoreState()
                rules.append(top)
            style = row.style
            text.style(style)
            baseline = top - self._pad(row) - style.fontSize
            label_end = self.widths[0] - self.RIGHT_PAD
            for number, line in enumerate(row.label):
                width = stringWidth(line, style.fontName, style.fontSize)
                text.line(label_end - width, baseline - number * TABLE_LEADING, line)
            width = stringWidth(row.amount, style.fontName, style.fontSize)
            text.line(self.width - self.RIGHT_PAD - width, baseline, row.amount)
            top -= height
        text.draw()
        if rules:
            canvas.saveState()
            canvas.setLineCap(1)
            canvas.setLineJoin(1)
            canvas.setStrokeColor(self.rule[1])
            canvas.setLineWidth(self.rule[0])
            for at in rules:
                canvas.line(0, at, self.width, at)
            canvas.restoreState()


class Panel(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Flowables stacked on a shaded background with a coloured bar on the left."""

    def __init__(
        self,
        items: Sequence[Flowable],
        *,
        shade: Color,
        bar: tuple[float, Color],
        padding: tuple[float, float, float],
        field: str = "",
    ) -> None:
        super().__init__()
        self.items = list(items)
        self.shade = shade
        self.bar = bar
        self.left, self.top, self.bottom = padding
        """Padding left of, above and below the items."""
        self.field = field
        """What the block shows, named in the error if it cannot fit on a page."""
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = avail_width - self.left
        self._sizes = [item.wrapOn(self.canv, inner, avail_height) for item in self.items]
        self.width = avail_width
        self.height = self.top + sum(h for _, h in self._sizes) + self.bottom
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.shade)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.restoreState()
        y = self.height - self.top
        for item, (_, height) in zip(self.items, self._sizes, strict=True):
            y -= height
            item.drawOn(canvas, self.left, y)
        canvas.saveState()
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        canvas.setStrokeColor(self.bar[1])
        canvas.setLineWidth(self.bar[0])
        canvas.line(0, 0, 0, self.height)
        canvas.restoreState()
