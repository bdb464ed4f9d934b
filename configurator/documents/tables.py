"""Text tables drawn as one flowable: the lists on every document (lines, parts, pick list).

reportlab's Table applies style commands cell by cell and opens a text object per cell; on an
assembly sheet with 150 cells that was most of the rendering time. `TextRows` knows only what
our lists need: columns with a font, colour and alignment, an optional heading row that repeats
on every page, thin rules between rows, a stronger rule above chosen rows, a colour for chosen
cells. Text is wrapped once to the column width (overlong words are cut) and drawn in a single
text object. It is a real flowable: it splits between rows when a page is full, so documents
still never place text by hand or break pages manually. User text is printed literally.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from configurator.documents.fonts import BOLD
from configurator.documents.styles import INK, MUTED, RULE, SHADE
from configurator.documents.textout import Box, TextOut


@dataclass(frozen=True, slots=True)
class Column:
    """A column's width and the style its text is set in."""

    width: float
    style: ParagraphStyle


@dataclass(frozen=True, slots=True)
class Look:
    """How a table is drawn: padding, rules, shaded heading."""

    pad_x: float = 4
    pad_right: float | None = None
    """Right padding when it differs from the left (label columns next to values)."""
    pad_top: float = 3
    pad_bottom: float = 3
    rules: bool = True
    """Thin rules between rows, a shaded heading with a rule under it."""


GRID = Look()
COMPACT = Look(pad_top=2, pad_bottom=2)
PLAIN = Look(pad_x=0, pad_right=4, pad_top=1, pad_bottom=1, rules=False)

BOX = "☐"
"""A cell with just this text is drawn as an empty tick box."""

SPLIT_LINES = 4
"""Rows with more lines than this may be cut between lines at the bottom of a page."""

KEEP_LINES = 2
"""Lines of a text that stay together at the bottom and at the top of a page."""

Line = tuple[str, float]
"""A wrapped line and its width."""


@lru_cache(maxsize=8192)
def wrap(
    value: str, font: str, size: float, width: float, break_after: str = ""
) -> tuple[Line, ...]:
    """`value` broken into lines that fit `width` (cached: batches repeat the same texts).

    Lines break at spaces and, when given, after any character of `break_after` (";" for a
    configuration code, which must never break inside a pick).
    """
    lines: list[Line] = []
    for paragraph in value.replace("\r\n", "\n").split("\n"):
        measured = stringWidth(paragraph, font, size)
        if measured <= width:
            lines.append((paragraph, measured))
            continue
        if break_after:
            lines += _pack(paragraph, font, size, width, break_after)
            continue
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            lines += _cut(line, font, size, width)
    return tuple(lines)


def _pack(paragraph: str, font: str, size: float, width: float, break_after: str) -> list[Line]:
    """Greedy lines from pieces that end after a space or a `break_after` character."""
    pattern = "(?<=[" + re.escape(break_after) + r"\s])"
    lines: list[Line] = []
    current = ""
    for piece in re.split(pattern, paragraph):
        if not piece:
            continue
        if current and stringWidth((current + piece).rstrip(), font, size) > width:
            lines += _cut(current.rstrip(), font, size, width)
            current = piece
        else:
            current += piece
    lines += _cut(current.rstrip(), font, size, width)
    return lines


def _cut(line: str, font: str, size: float, width: float) -> list[Line]:
    """A line with a word longer than the column, cut into pieces that fit."""
    measured = stringWidth(line, font, size)
    if measured <= width:
        return [(line, measured)]
    pieces: list[Line] = []
    current = ""
    for char in line:
        if current and stringWidth(current + char, font, size) > width:
            pieces.append((current, stringWidth(current, font, size)))
            current = char
        else:
            current += char
    pieces.append((current, stringWidth(current, font, size)))
    return pieces


def clip_lines(
    lines: tuple[Line, ...], max_lines: int, font: str, size: float, width: float
) -> tuple[Line, ...]:
    """At most `max_lines` lines, the last one ending in "…" when text was left out.

    Header fields (customer name, document number) sit in blocks that cannot split across
    pages: an absurdly long value is shortened there instead of making the block taller than
    a page.
    """
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1][0].rstrip()
    while last and stringWidth(last + "…", font, size) > width:
        last = last[:-1]
    last += "…"
    return (*lines[: max_lines - 1], (last, stringWidth(last, font, size)))


Cell = tuple[Line, ...]
Row = tuple[Cell, ...]


_tables: dict[tuple[tuple[Column, ...], Look], int] = {}
_table_numbers = itertools.count()


def _table_id(columns: tuple[Column, ...], look: Look) -> int:
    """A number for a table's columns and look: rows are looked up by it instead of hashing
    and comparing the column definitions for every row. Numbers are never reused."""
    found = _tables.get((columns, look))
    if found is None:
        if len(_tables) > 1000:  # a long-running GUI prints many layouts; forget old ones
            _tables.clear()
        found = _tables[columns, look] = next(_table_numbers)
    return found


class TextRows(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A list of text rows under an optional heading; splits between rows."""

    def __init__(
        self,
        columns: Sequence[Column],
        head: tuple[Row, Sequence[ParagraphStyle]] | None,
        rows: Sequence[Row],
        *,
        look: Look,
        strong_rules: frozenset[int] = frozenset(),
        colors: Mapping[tuple[int, int], Color] | None = None,
        h_align: str = "CENTER",
        first: int = 0,
    ) -> None:
        super().__init__()
        self.columns = tuple(columns)
        self.head = head
        self.rows = tuple(rows)
        self.look = look
        self.strong_rules = strong_rules
        self.colors = dict(colors or {})
        self.hAlign = h_align
        self.first = first
        """Index of rows[0] in the whole table (rules and colours are by whole-table index)."""
        self.width = sum(c.width for c in self.columns)
        self._head_height = self._row_height(head[0], head[1]) if head else 0.0
        styles = [c.style for c in self.columns]
        self._heights = [self._row_height(row, styles) for row in self.rows]
        self.height = self._head_height + sum(self._heights)

    def _row_height(self, row: Row, styles: Sequence[ParagraphStyle]) -> float:
        lines = max(
            (len(cell) * style.leading for cell, style in zip(row, styles, strict=True)),
            default=0.0,
        )
        return lines + self.look.pad_top + self.look.pad_bottom

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, _avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self._head_height
        used, count = 0.0, 0
        for height in self._heights:
            if used + height > room:
                break
            used += height
            count += 1
        if count == len(self.rows):
            return [self]
        if count:
            return [self._part(0, count), self._part(count, len(self.rows))]
        if self._heights[0] > room and max(len(cell) for cell in self.rows[0]) > SPLIT_LINES:
            # A long text: cut it between lines rather than leave a gap (or, taller than a
            # page, never fit at all). Short rows move whole to the next page.
            return self._split_first_row(room)
        return []

    def _split_first_row(self, room: float) -> list[Flowable]:
        """Cut the first row between lines (a cell text longer than a page)."""
        text_room = room - self.look.pad_top - self.look.pad_bottom
        keep = [int(text_room // c.style.leading) for c in self.columns]
        if min(keep) < 1:
            return []
        row = self.rows[0]
        top = tuple(cell[:n] for cell, n in zip(row, keep, strict=True))
        rest = tuple(cell[n:] for cell, n in zip(row, keep, strict=True))
        return [
            self._part(0, 0, rows=(top,)),
            self._part(0, len(self.rows), rows=(rest, *self.rows[1:])),
        ]

    def _part(self, start: int, stop: int, rows: Sequence[Row] | None = None) -> TextRows:
        return TextRows(
            self.columns,
            self.head,
            self.rows[start:stop] if rows is None else rows,
            look=self.look,
            strong_rules=self.strong_rules,
            colors=self.colors,
            h_align=self.hAlign,
            first=self.first + start,
        )

    def draw(self) -> None:
        canvas = self.canv
        look = self.look
        text = TextOut(canvas)
        boxes: list[Box] = []
        rules: dict[tuple[float, Color], list[tuple[float, float, float, float]]] = {}

        def rule(at: float, width: float, color: Color) -> None:
            rules.setdefault((width, color), []).append((0, at, self.width, at))

        table = _table_id(self.columns, look)
        y = self.height
        canvas.saveState()
        if self.head is not None:
            if look.rules:
                canvas.setFillColor(SHADE)
                canvas.rect(0, y - self._head_height, self.width, self._head_height, 0, 1)
            head, head_styles = self.head[0], tuple(self.head[1])
            key: Hashable = (table, head, head_styles)
            boxes += text.row(y, key, lambda: self._text_row(text, head, head_styles, None))
            y -= self._head_height
            if look.rules:
                rule(y, 0.8, MUTED)
        styles = tuple(c.style for c in self.columns)
        for offset, (row, height) in enumerate(zip(self.rows, self._heights, strict=True)):
            index = self.first + offset
            if index in self.strong_rules and offset:
                rule(y, 0.6, MUTED)
            colors = (
                tuple(self.colors.get((index, c)) for c in range(len(row))) if self.colors else ()
            )
            key = (table, row, colors)
            boxes += text.row(y, key, partial(self._text_row, text, row, styles, index))
            y -= height
            if look.rules:
                rule(y, 0.3, RULE)
        # Thin rules first, stronger ones over them; one path per line style.
        for (width, color), lines in sorted(rules.items(), key=lambda item: item[0][0]):
            canvas.setLineWidth(width)
            canvas.setStrokeColor(color)
            canvas.lines(lines)
        if boxes:  # tick boxes as one vector path: crisper and cheaper than a glyph
            canvas.setLineWidth(0.6)
            canvas.setStrokeColor(INK)
            path = canvas.beginPath()
            for left, bottom, side in boxes:
                path.rect(left, bottom, side, side)
            canvas.drawPath(path, stroke=1, fill=0)
        text.draw()
        canvas.restoreState()

    def _text_row(
        self,
        text: TextOut,
        row: Row,
        styles: Sequence[ParagraphStyle],
        index: int | None,
    ) -> list[Box]:
        """Write a row's lines relative to its top left corner; returns its tick boxes."""
        look = self.look
        pad_x, pad_top = look.pad_x, look.pad_top
        right_pad = pad_x if look.pad_right is None else look.pad_right
        colors = self.colors if index is not None else None
        boxes: list[Box] = []
        x = 0.0
        for col, (cell, style, column) in enumerate(zip(row, styles, self.columns, strict=True)):
            width = column.width
            if not cell or (len(cell) == 1 and (not cell[0][0] or cell[0][0] == BOX)):
                if cell and cell[0][0] == BOX:
                    baseline = -pad_top - style.fontSize
                    boxes.append((x + pad_x + 0.5, baseline - 0.5, style.fontSize * 0.72))
                x += width
                continue
            color = colors.get((index, col)) if colors else None
            text.style(style, color)  # font and colour operators only when they change
            baseline = -pad_top - style.fontSize
            leading, alignment = style.leading, style.alignment
            for line, line_width in cell:
                if alignment == TA_RIGHT:
                    left = x + width - right_pad - line_width
                elif alignment == TA_CENTER:
                    left = x + (width - line_width) / 2
                else:
                    left = x + pad_x
                text.line(left, baseline, line)
                baseline -= leading
            x += width
        return boxes


class TextBlock(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Plain text in one style, wrapped to the frame; splits between lines across pages.

    Used instead of Paragraph for everything we print: a Paragraph parses markup on every use
    (and user text would have to be escaped), while our texts are plain, one style each.
    Spacing before and after comes from the style, as for a Paragraph.
    """

    def __init__(
        self,
        value: str,
        style: ParagraphStyle,
        *,
        lines: tuple[Line, ...] | None = None,
        max_lines: int | None = None,
        break_after: str = "",
    ) -> None:
        super().__init__()
        self.value = value
        self.break_after = break_after
        """Characters after which a line may break besides spaces (";" in codes)."""
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self.max_lines = max_lines
        """Shorten the text to this many lines with "…" (fields in blocks that cannot split)."""
        self.style = style
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self._given = lines
        self.lines: tuple[Line, ...] = lines or ()

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        style = self.style
        if self._given is None:
            self.lines = wrap(
                self.value, style.fontName, style.fontSize, avail_width, self.break_after
            )
            if self.max_lines is not None:
                self.lines = clip_lines(
                    self.lines, self.max_lines, style.fontName, style.fontSize, avail_width
                )
        self.width = avail_width
        self.height = len(self.lines) * style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fit = int(avail_height // self.style.leading)
        if fit >= len(self.lines):
            return [self]
        # No line alone at the bottom of a page or at the top of the next one: a paragraph
        # is cut only with at least KEEP_LINES lines on either side, else it moves on whole.
        fit = min(fit, len(self.lines) - KEEP_LINES)
        if fit < KEEP_LINES:
            return []
        head = TextBlock(self.value, self.style, lines=self.lines[:fit])
        tail = TextBlock(self.value, self.style, lines=self.lines[fit:])
        head.keepWithNext = 0
        head.spaceAfter = tail.spaceBefore = 0
        return [head, tail]

    def draw(self) -> None:
        style = self.style
        text = TextOut(self.canv)
        text.style(style)
        baseline = self.height - style.fontSize
        for line, line_width in self.lines:
            if style.alignment == TA_RIGHT:
                left = self.width - line_width
            elif style.alignment == TA_CENTER:
                left = (self.width - line_width) / 2
            else:
                left = 0
            text.line(left, baseline, line)
            baseline -= style.leading
        text.draw()


class Columns(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Side-by-side stacks of flowables, top-aligned, with an optional rule below.

    The letterhead and the sheet's header are a few flowables next to each other; a Table
    for that costs cell geometry and style passes on every page of a batch.
    """

    def __init__(
        self,
        columns: Sequence[tuple[Sequence[Flowable], float, str]],
        *,
        rule: tuple[float, Color] | None = None,
        gap_below_rule: float = 0,
        bottom: bool = False,
        field: str = "",
    ) -> None:
        super().__init__()
        self.field = field
        """What the block shows, named in the error if it cannot fit on a page."""
        self.columns = [(list(items), width, align) for items, width, align in columns]
        self.rule = rule
        self.gap = gap_below_rule
        self.bottom = bottom
        """Align the stacks at their bottom edge instead of their top."""
        self.width = sum(width for _, width, _ in self.columns)
        self._sizes: list[list[tuple[float, float]]] = []

    def wrap(self, _avail_width: float, avail_height: float) -> tuple[float, float]:
        self._sizes = [
            [item.wrapOn(self.canv, width, avail_height) for item in items]
            for items, width, _ in self.columns
        ]
        stacks = [sum(h for _, h in sizes) for sizes in self._sizes]
        self.height = max(stacks, default=0.0) + (self.gap if self.rule else 0.0)
        return self.width, self.height

    def draw(self) -> None:
        x = 0.0
        top = self.height
        stacks = [sum(h for _, h in sizes) for sizes in self._sizes]
        highest = max(stacks, default=0.0)
        for (items, width, align), sizes, stack in zip(
            self.columns, self._sizes, stacks, strict=True
        ):
            y = top - (highest - stack if self.bottom else 0.0)
            for item, (item_width, height) in zip(items, sizes, strict=True):
                y -= height
                left = x + (width - item_width if align == "RIGHT" else 0.0)
                item.drawOn(self.canv, left, y)
            x += width
        if self.rule is not None:
            self.canv.setLineWidth(self.rule[0])
            self.canv.setStrokeColor(self.rule[1])
            self.canv.line(0, self.gap / 2, self.width, self.gap / 2)


class SignOff(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Labelled blank lines the workshop signs by hand: serial number, assembler, QC."""

    ROW = 9 * mm
    LABEL = 30 * mm
    DATE_LABEL = 14 * mm
    DATE = 35 * mm

    def __init__(self, style: ParagraphStyle, line_color: Color, *, serial: str = "") -> None:
        super().__init__()
        self.serial = serial
        """Printed on the serial number line when the laptop already has one (a reprint)."""
        self.style = style
        self.line_color = line_color
        self.height = 3 * self.ROW

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        name_end = self.width - self.DATE - self.DATE_LABEL - 8
        rows = [("Serial number", False), ("Assembled by", True), ("QC passed by", True)]
        canvas.setFont(self.style.fontName, self.style.fontSize)
        canvas.setFillColor(self.style.textColor)
        canvas.setStrokeColor(self.line_color)
        canvas.setLineWidth(0.6)
        for index, (label, dated) in enumerate(rows):
            base = self.height - (index + 1) * self.ROW + 2
            canvas.drawString(0, base + 1, label)
            if dated:
                canvas.line(self.LABEL, base, name_end, base)
                canvas.drawString(name_end + 12, base + 1, "Date")
                canvas.line(self.width - self.DATE, base, self.width, base)
            else:
                canvas.line(self.LABEL, base, self.width, base)
                if self.serial:
                    canvas.setFillColor(INK)
                    canvas.setFont(BOLD, self.style.fontSize + 2)
                    canvas.drawString(
                        self.LABEL + 2,
                        base + 2,
                        _fit(self.serial, self.width, self.style.fontSize + 2),
                    )
                    canvas.setFont(self.style.fontName, self.style.fontSize)
                    canvas.setFillColor(self.style.textColor)


def _fit(value: str, width: float, size: float) -> str:
    """A one-line value cut with "…" to `width` (canvas strings do not wrap)."""
    while len(value) > 1 and stringWidth(value, BOLD, size) > width - SignOff.LABEL - 4:
        value = value[:-2] + "…"
    return value


def text_table(
    rows: Sequence[Sequence[str]],
    columns: Sequence[Column],
    *,
    head: Sequence[str] | None = None,
    head_styles: Sequence[ParagraphStyle] | None = None,
    look: Look = GRID,
    strong_rules: frozenset[int] = frozenset(),
    colors: Mapping[tuple[int, int], Color] | None = None,
    h_align: str = "CENTER",
    max_lines: int | None = None,
) -> TextRows:
    """Wrap every cell to its column and build the flowable (row and column indexes from 0).

    `max_lines` shortens longer cells with "…" (tables inside blocks that cannot split).
    """
    right_pad = look.pad_x if look.pad_right is None else look.pad_right

    def cell(value: str, style: ParagraphStyle, column: Column) -> Cell:
        inner = column.width - look.pad_x - right_pad
        lines = wrap(value, style.fontName, style.fontSize, inner)
        if max_lines is None:
            return lines
        return clip_lines(lines, max_lines, style.fontName, style.fontSize, inner)

    heading = None
    if head is not None:
        styles = list(head_styles or [c.style for c in columns])
        heading = (
            tuple(cell(h, s, c) for h, s, c in zip(head, styles, columns, strict=True)),
            styles,
        )
    body = [tuple(cell(v, c.style, c) for v, c in zip(row, columns, strict=True)) for row in rows]
    return TextRows(
        columns,
        heading,
        body,
        look=look,
        strong_rules=strong_rules,
        colors=colors,
        h_align=h_align,
    )
