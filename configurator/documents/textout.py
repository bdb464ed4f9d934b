"""Lines of text into a PDF page without reportlab's per-line overhead.

reportlab's `textOut` encodes every line for the embedded TrueType subset again (a Python
loop per character) and rebuilds the font operator each time; on an assembly sheet that was
a third of the rendering time. `TextOut` writes the same PDF operators as a reportlab text
object (BT ... ET), but encodes each distinct (font, text) once per PDF file: a batch of
sheets repeats its part names, steps and headings hundreds of times. The encoding stays per
file, because the subset codes are assigned in the order characters first appear in that file.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas

Encoded = tuple[tuple[int, str], ...]
"""A text as (font subset, escaped PDF string) pieces."""

_per_file: WeakKeyDictionary[Any, dict[tuple[str, str], Encoded]] = WeakKeyDictionary()
_names: WeakKeyDictionary[Any, dict[tuple[str, int], str]] = WeakKeyDictionary()
_rows: WeakKeyDictionary[Any, dict[Hashable, _Row]] = WeakKeyDictionary()

Box = tuple[float, float, float]
"""A tick box: left, bottom, side."""


@dataclass(frozen=True, slots=True)
class _Row:
    ops: str
    state: tuple[Any, ...]
    boxes: tuple[Box, ...]


@lru_cache(maxsize=64)
def _size_ops(size: float, leading: float) -> str:
    return f" {fp_str(size)} Tf {fp_str(leading)} TL"


@lru_cache(maxsize=64)
def _fill_ops(color: Color) -> str:
    """The fill colour operator reportlab's text object writes for `color`."""
    if isinstance(color, CMYKColor):
        d = color.density
        return f"{fp_str(d * color.cyan, d * color.magenta, d * color.yellow, d * color.black)} k"
    return f"{fp_str(color.red, color.green, color.blue)} rg"


class TextOut:
    """One text object on `canvas`: set a font and colour, write lines at positions, draw."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._doc = canvas._doc
        self._code: list[str] = ["BT"]
        self._encoded = _per_file.setdefault(self._doc, {})
        self._names = _names.setdefault(self._doc, {})
        self._font_name = ""
        self._font: Any = None
        self._font_key: tuple[str, float, float] | None = None
        self._size_ops = ""
        self._subset = -1
        self._color: Color | None = None
        self._style: ParagraphStyle | None = None
        self._rows = _rows.setdefault(self._doc, {})
        self._relative: tuple[float, float] | None = None
        """Inside `row`: where the previous line started, relative to the row's origin."""

    def font(self, name: str, size: float, leading: float) -> None:
        """Use this font from the next line on (no operator when nothing changes)."""
        self._style = None
        key = (name, size, leading)
        if key == self._font_key:
            return
        self._font_key = key
        self._font_name = name
        self._font = getFont(name)
        self._size_ops = _size_ops(size, leading)
        self._subset = -1  # the font operator is written with the next line's first piece

    def color(self, color: Color) -> None:
        if color is not self._color and color != self._color:
            self._code.append(_fill_ops(color))
        self._color = color

    def style(self, style: ParagraphStyle, color: Color | None = None) -> None:
        """The font, size, leading and colour of `style` (or `color` instead of its colour)."""
        if style is not self._style:
            self.font(style.fontName, style.fontSize, style.leading)
            self._style = style
        self.color(color or style.textColor)

    def line(self, x: float, y: float, value: str) -> None:
        """`value` with its baseline starting at (x, y) (relative to the row inside `row`)."""
        code = self._code
        if self._relative is None:
            code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        else:
            last_x, last_y = self._relative
            code.append(f"{fp_str(x - last_x, y - last_y)} Td")
            self._relative = (x, y)
        key = (self._font_name, value)
        pieces = self._encoded.get(key)
        if pieces is None:
            pieces = self._encoded[key] = self._encode(value)
        for subset, escaped in pieces:
            if subset != self._subset:
                code.append(self._subset_name(subset) + self._size_ops)
                self._subset = subset
            code.append(f"({escaped}) Tj")

    def _encode(self, value: str) -> Encoded:
        if value.isascii() and value.isprintable() and self._font._asciiReadable:
            # Printable ASCII keeps its own codes in subset 0 of every document (reportlab's
            # "asciiReadable" numbering): no per-character lookup needed.
            self._font._assignState(self._doc)
            return ((0, escapePDF(value)),)
        chunks = self._font.splitString(value, self._doc)
        return tuple((subset, escapePDF(chunk)) for subset, chunk in chunks)

    def _subset_name(self, subset: int) -> str:
        key = (self._font_name, subset)
        name = self._names.get(key)
        if name is None:
            name = self._names[key] = self._font.getSubsetInternalName(subset, self._doc)
        return name

    def row(self, top: float, key: Hashable, paint: Callable[[], Sequence[Box]]) -> list[Box]:
        """A row of lines at `top`: `paint` writes them (positions relative to the row's
        origin) and returns its tick boxes; the same row (`key`) in the same font and colour
        state is written once per file and copied after that (a batch prints the same part
        and step rows hundreds of times). Returns the boxes at `top`."""
        full_key = (key, self._font_key, self._subset, self._color)
        done = self._rows.get(full_key)
        if done is None:
            code, self._code = self._code, []
            self._relative = (0.0, 0.0)
            try:
                boxes = tuple(paint())
                ops = " ".join(self._code)
            finally:
                self._code, self._relative = code, None
            state = (self._font_key, self._font_name, self._font, self._size_ops)
            done = self._rows[full_key] = _Row(ops, (*state, self._subset, self._color), boxes)
        else:
            (
                self._font_key,
                self._font_name,
                self._font,
                self._size_ops,
                self._subset,
                self._color,
            ) = done.state
            self._style = None
        if done.ops:
            self._code.append(f"1 0 0 1 0 {fp_str(top)} Tm")
            self._code.append(done.ops)
        return [(left, top + bottom, side) for left, bottom, side in done.boxes]

    def draw(self) -> None:
        """Add the text object to the page."""
        self._code.append("ET")
        self.canvas._code.append(" ".join(self._code))
