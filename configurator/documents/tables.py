"""Tables of plain text cells, wrapped by us: ten times cheaper than a Paragraph per cell.

A Paragraph parses markup and runs reportlab's line breaker for every cell; a pick list of 40
rows has 240 of them and rendering time went almost entirely there. Here each cell is a plain
string, wrapped once with `simpleSplit` to the column width (overlong words are cut), and the
table gets per-column font, size, colour and alignment commands. Plain strings also print
user text literally: no markup to escape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle

_ALIGN = {TA_LEFT: "LEFT", TA_RIGHT: "RIGHT", TA_CENTER: "CENTER"}


@dataclass(frozen=True, slots=True)
class Column:
    """A column's width and the style its text is set in."""

    width: float
    style: ParagraphStyle


def wrap(value: str, style: ParagraphStyle, width: float) -> str:
    """`value` broken into lines that fit `width` (newline-separated, as Table draws them)."""
    font, size = style.fontName, style.fontSize
    lines: list[str] = []
    for paragraph in value.replace("\r\n", "\n").split("\n"):
        if stringWidth(paragraph, font, size) <= width:
            lines.append(paragraph)
            continue
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            lines += _cut(line, font, size, width)
    return "\n".join(lines)


def _cut(line: str, font: str, size: float, width: float) -> list[str]:
    """A line with a word longer than the column, cut into pieces that fit."""
    if stringWidth(line, font, size) <= width:
        return [line]
    pieces: list[str] = []
    current = ""
    for char in line:
        if current and stringWidth(current + char, font, size) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    pieces.append(current)
    return pieces


def style_commands(
    style: ParagraphStyle, start: tuple[int, int], stop: tuple[int, int]
) -> list[tuple[Any, ...]]:
    """Table commands that set plain-text cells like `style`."""
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", start, stop, style.fontName),
        ("FONTSIZE", start, stop, style.fontSize),
        ("LEADING", start, stop, style.leading),
        ("TEXTCOLOR", start, stop, style.textColor),
    ]
    commands.append(("ALIGN", start, stop, _ALIGN.get(style.alignment, "LEFT")))
    return commands


def text_table(
    rows: Sequence[Sequence[str]],
    columns: Sequence[Column],
    *,
    head: Sequence[str] | None = None,
    head_styles: Sequence[ParagraphStyle] | None = None,
    padding: float = 4,
    base: Sequence[tuple[Any, ...]] = (),
    extra: Sequence[tuple[Any, ...]] = (),
    h_align: str = "CENTER",
) -> Table:
    """A table of wrapped plain-text cells; `head` repeats on every page the table spans.

    Style commands cost time per cell they touch, so the most common column style is set once
    for the whole table and only the columns (and the head row) that differ get their own.
    """
    data: list[list[str]] = []
    first = 0 if head is None else 1
    if head is not None:
        styles = head_styles or [c.style for c in columns]
        cells = zip(head, styles, columns, strict=True)
        data.append([wrap(h, s, c.width - 2 * padding) for h, s, c in cells])
    for row in rows:
        data.append(
            [wrap(v, c.style, c.width - 2 * padding) for v, c in zip(row, columns, strict=True)]
        )
    common = max(
        {c.style.name: c.style for c in columns}.values(),
        key=lambda s: sum(c.style is s for c in columns),
    )
    commands: list[tuple[Any, ...]] = [*base, *style_commands(common, (0, 0), (-1, -1))]
    for i, column in enumerate(columns):
        if column.style is not common and len(data) > first:
            commands += style_commands(column.style, (i, first), (i, -1))
    if head is not None:
        head_common = max(set(styles), key=styles.count)
        commands += style_commands(head_common, (0, 0), (-1, 0))
        commands += [
            command
            for i, style in enumerate(styles)
            if style is not head_common
            for command in style_commands(style, (i, 0), (i, 0))
        ]
    commands += [
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        *extra,
    ]
    table = Table(data, colWidths=[c.width for c in columns], repeatRows=first, hAlign=h_align)
    table.setStyle(TableStyle(commands))
    return table
