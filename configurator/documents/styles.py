"""One calm visual language for all documents: sizes, colours, text styles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from configurator.documents.fonts import BOLD, REGULAR, register_fonts

INK = colors.HexColor("#1d2327")
MUTED = colors.HexColor("#5f6b73")
RULE = colors.HexColor("#c3cbd1")
ACCENT = colors.HexColor("#1f4e79")
SHADE = colors.HexColor("#eef2f5")
WARN = colors.HexColor("#9a3412")

MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm
RUNNING_HEAD = 9 * mm
"""Room kept at the top of every page for the running head (pages 2+)."""


@dataclass(frozen=True, slots=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    right: ParagraphStyle
    right_bold: ParagraphStyle
    bold: ParagraphStyle
    title: ParagraphStyle
    shop_name: ParagraphStyle
    heading: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    big: ParagraphStyle
    step: ParagraphStyle
    contact: ParagraphStyle
    muted_right: ParagraphStyle


@cache
def styles() -> Styles:
    """The paragraph styles (built once; fonts registered first)."""
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=9.5, leading=13, textColor=INK, alignment=TA_LEFT
    )
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=10)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5)
    cell_head = ParagraphStyle("cell_head", parent=cell, fontName=BOLD, textColor=MUTED, fontSize=8)
    return Styles(
        body=body,
        small=small,
        muted=ParagraphStyle("muted", parent=small, textColor=MUTED),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        right_bold=ParagraphStyle("right_bold", parent=body, fontName=BOLD, alignment=TA_RIGHT),
        bold=ParagraphStyle("bold", parent=body, fontName=BOLD),
        title=ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=17, leading=22, textColor=ACCENT
        ),
        shop_name=ParagraphStyle("shop_name", parent=body, fontName=BOLD, fontSize=13, leading=16),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=9,
            spaceAfter=3,
            textColor=ACCENT,
            keepWithNext=1,  # never alone at the bottom of a page
        ),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=BOLD),
        cell_head=cell_head,
        cell_head_right=ParagraphStyle("cell_head_right", parent=cell_head, alignment=TA_RIGHT),
        big=ParagraphStyle("big", parent=body, fontName=BOLD, fontSize=15, leading=19),
        step=ParagraphStyle("step", parent=cell, leading=12),
        muted_right=ParagraphStyle(
            "muted_right", parent=body, fontSize=8.5, textColor=MUTED, alignment=TA_RIGHT
        ),
        contact=ParagraphStyle(
            "contact", parent=small, textColor=MUTED, alignment=TA_RIGHT, leading=10
        ),
    )
