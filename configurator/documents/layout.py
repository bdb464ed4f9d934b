"""The page frame every document shares: letterhead, running head, footer, "page N of M".

Documents are built from flowables only; this module provides the template they flow into.
Page 1 carries the full letterhead in the story; later pages get a running head (shop, document
and number) drawn by the page template, so a long pick list still says whose order it is. The
total page count is only known at the end: `_NumberedCanvas` keeps every page's state and
stamps "Page N of M" on all of them when the document is saved (two passes over the pages,
one layout).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    LayoutError,
    PageTemplate,
    Spacer,
)

from configurator.documents.fonts import BOLD, REGULAR, seed_fonts
from configurator.documents.format import DocumentError
from configurator.documents.model import Paper, ShopHeader
from configurator.documents.styles import (
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    RULE,
    RUNNING_HEAD,
    styles,
)
from configurator.documents.tables import PLAIN, Column, Columns, TextBlock, TextRows, text_table

PAGE_SIZES = {Paper.A4: A4, Paper.LETTER: LETTER}
LOGO_MAX_W = 45 * mm
LOGO_MAX_H = 16 * mm
FOOTER_Y = MARGIN_BOTTOM - 9 * mm
HEADING_KEEPS = 3 * 13.0
"""Room (three body lines) a heading wants below it on its page."""
HEADER_LINES = 3
"""Lines a field of a header block may take (the block cannot split across pages)."""


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """Defers every page until save, then writes "Page N of M" on each.

    A file may hold several documents (a batch of assembly sheets): each `begin_section` starts
    a new count, so every sheet says "Page 1 of 2" on its own pages.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seed_fonts(self._doc)
        self._pages: list[dict[str, Any]] = []
        self._section_starts: list[int] = []
        self.page_count = 0

    def begin_section(self) -> None:
        """The current page is page 1 of a new document."""
        if not self._section_starts or self._section_starts[-1] != self._pageNumber:
            self._section_starts.append(self._pageNumber)

    def showPage(self) -> None:  # noqa: N802  (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = self._pages
        starts = [s for s in self._section_starts if s > 1]
        bounds = [1, *starts, len(pages) + 1]
        for state in pages:
            self.__dict__.update(state)  # also restores the attributes of that moment
            number = self._pageNumber
            section = max(i for i, start in enumerate(bounds[:-1]) if start <= number)
            start, end = bounds[section], bounds[section + 1]
            self._stamp_page_number(number - start + 1, end - start)
            super().showPage()
        self.page_count = len(pages)
        super().save()

    def _stamp_page_number(self, number: int, count: int) -> None:
        width = self._pagesize[0]
        self.saveState()
        self.setFont(REGULAR, 7.5)
        self.setFillColor(MUTED)
        self.drawRightString(width - MARGIN_X, FOOTER_Y, f"Page {number} of {count}")
        self.restoreState()


class Section(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Starts a new document inside one file: its own title in heads and its own page count."""

    def __init__(self, template: ShopDocTemplate, title: str) -> None:
        super().__init__()
        self.template = template
        self.title = title
        self.width = self.height = 0

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        self.template.doc_title = self.title
        self.canv.begin_section()


class ShopDocTemplate(BaseDocTemplate):  # type: ignore[misc]  # reportlab is untyped
    """A4 or Letter page with the shop's running head and footer; subclasses add the story."""

    def __init__(
        self,
        out: IO[bytes],
        *,
        paper: Paper,
        shop: ShopHeader,
        title: str,
        subject: str = "",
    ) -> None:
        pagesize = PAGE_SIZES[paper]
        super().__init__(
            out,
            pagesize=pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author=shop.name,
            subject=subject,
            creator="Configurator",
            initialFontName=REGULAR,  # not Helvetica: every font in the file is embedded
            initialFontSize=9.5,
        )
        self.shop = shop
        self.doc_title = title
        self.page_count = 0
        no_padding = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
        first = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="first", **no_padding
        )
        later = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height - RUNNING_HEAD,
            id="later",
            **no_padding,
        )
        self.addPageTemplates(
            [
                # Heads and footers are drawn when a page ends: by then a Section at the top of
                # the page has set the title of the document the page belongs to.
                PageTemplate(
                    "first", [first], onPageEnd=self._footer, autoNextPageTemplate="later"
                ),
                PageTemplate("later", [later], onPageEnd=self._running_head_and_footer),
            ]
        )

    def render(self, story: Sequence[Flowable]) -> int:
        """Lay out the story; returns the number of pages."""
        canvases: list[_NumberedCanvas] = []

        def make_canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
            canvas = _NumberedCanvas(*args, **kwargs)
            canvases.append(canvas)
            return canvas

        self.build(list(story), canvasmaker=make_canvas)
        self.page_count = canvases[-1].page_count
        return self.page_count

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:  # noqa: N802
        """A heading keeps the first lines of what follows on its page, not all of it.

        reportlab would wrap the heading and the whole next flowable in a KeepTogether and
        move half a page of notes to the next page; a conditional page break before the
        heading only asks for room for the heading and a few lines.
        """
        first = flowables[0]
        if isinstance(first, TextBlock) and first.keepWithNext:
            first.keepWithNext = 0
            room = first.style.spaceBefore + first.style.leading + HEADING_KEEPS
            flowables[0:1] = [CondPageBreak(room), first]
            return
        super().handle_keepWithNext(flowables)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """reportlab's LayoutError (a block taller than a page) as a DocumentError that says
        which part of the document is too long."""
        first = flowables[0] if flowables else None
        try:
            super().handle_flowable(flowables)
        except LayoutError as exc:
            field = getattr(first, "field", None) or "a block of text"
            raise DocumentError(
                f"The {self.doc_title!r} cannot be laid out: the {field} is taller than a page.",
                hint="Shorten the text in that field (a name, number or note of thousands of "
                "characters) and try again; no file was written.",
            ) from exc

    def _footer(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        width = self.pagesize[0]
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, FOOTER_Y + 10, width - MARGIN_X, FOOTER_Y + 10)
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(
            MARGIN_X,
            FOOTER_Y,
            _clip(f"{self.shop.name} · {self.doc_title}", 95, REGULAR, 7.5, width * 0.7),
        )
        canvas.restoreState()

    def _running_head_and_footer(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        top = height - MARGIN_TOP
        canvas.saveState()
        canvas.setFont(BOLD, 8.5)
        canvas.setFillColor(INK)
        canvas.drawString(MARGIN_X, top - 3 * mm, _clip(self.shop.name, 60, BOLD, 8.5, width * 0.4))
        canvas.setFont(REGULAR, 8.5)
        canvas.drawRightString(
            width - MARGIN_X, top - 3 * mm, _clip(self.doc_title, 70, REGULAR, 8.5, width * 0.4)
        )
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 5 * mm, width - MARGIN_X, top - 5 * mm)
        canvas.restoreState()
        self._footer(canvas, doc)


def _clip(value: str, limit: int, font: str, size: float, max_width: float) -> str:
    """Canvas strings do not wrap: keep running heads on one line, within `max_width`."""
    clipped = value if len(value) <= limit else value[: limit - 1] + "…"
    while len(clipped) > 1 and stringWidth(clipped, font, size) > max_width:
        clipped = clipped[:-2] + "…"
    return clipped


def load_logo(path: Path | None, warnings: list[str]) -> Image | None:
    """The logo scaled into its box, or None with a warning when it cannot be used."""
    if path is None or not str(path):
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        warnings.append(
            f"The logo {path} cannot be read ({exc.strerror or exc}); "
            "the document was made without it."
        )
        return None
    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception:  # PIL and reportlab raise many types for files that are not images
        warnings.append(
            f"The logo {path} is not an image; the document was made without it. "
            "Use a PNG or JPEG file."
        )
        return None
    if width <= 0 or height <= 0:
        warnings.append(f"The logo {path} has no pixels; the document was made without it.")
        return None
    scale = min(LOGO_MAX_W / width, LOGO_MAX_H / height)
    image = Image(io.BytesIO(data), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def letterhead(shop: ShopHeader, width: float, logo: Image | None) -> Columns:
    """Logo and shop name on the left, address and contact details on the right."""
    st = styles()
    left: list[Flowable] = []
    if logo is not None:
        left += [logo, Spacer(1, 2 * mm)]
    left.append(TextBlock(shop.name, st.shop_name, max_lines=HEADER_LINES))
    contact = [*shop.address]
    if shop.phone:
        contact.append(shop.phone)
    if shop.email:
        contact.append(shop.email)
    if shop.vat_id:
        contact.append(f"VAT ID {shop.vat_id}")
    right = TextBlock("\n".join(contact), st.contact, max_lines=4 * HEADER_LINES)
    return Columns(
        [(left, width * 0.55, "LEFT"), ([right], width * 0.45, "RIGHT")],
        rule=(0.8, RULE),
        gap_below_rule=12,
        bottom=True,
        field="shop letterhead (shop.toml)",
    )


def key_values(
    rows: Sequence[tuple[str, str]],
    width: float,
    *,
    key_share: float = 0.42,
    max_lines: int | None = None,
) -> TextRows:
    """A label/value block ("Quote number  Q-2026-0042")."""
    st = styles()
    columns = [Column(width * key_share, st.muted), Column(width * (1 - key_share), st.body)]
    return text_table(
        [list(row) for row in rows], columns, look=PLAIN, h_align="LEFT", max_lines=max_lines
    )


def code_block(code: str) -> Flowable:
    """The configuration code: broken only after a ";" (never inside a pick), and kept on one
    page with its label."""
    st = styles()
    return KeepTogether([TextBlock(f"Configuration code {code}", st.muted, break_after=";")])
