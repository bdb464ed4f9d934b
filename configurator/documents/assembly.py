"""The assembly sheet: what the workshop picks, builds, checks and signs for one order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
)

from configurator.documents.barcodes import QR_SIZE, code128, qr_code
from configurator.documents.format import Formatter
from configurator.documents.layout import (
    HEADER_LINES,
    Section,
    ShopDocTemplate,
    code_block,
    key_values,
)
from configurator.documents.model import AssemblySheet, Paper
from configurator.documents.styles import (
    MUTED,
    RULE,
    WARN,
    styles,
)
from configurator.documents.tables import (
    BOX,
    COMPACT,
    PLAIN,
    Column,
    Columns,
    SignOff,
    TextBlock,
    TextRows,
    text_table,
)

BARCODE_WIDTH = 56 * mm
YES = "✓ yes"
NO = "✗ no"


def sheet_title(sheet: AssemblySheet) -> str:
    return f"Assembly sheet {sheet.order_number} · {sheet.customer_name}"


class AssemblyTemplate(ShopDocTemplate):
    """An assembly sheet on A4 or Letter; long pick lists and step lists flow onto more pages."""

    def __init__(self, out: IO[bytes], document: AssemblySheet, *, paper: Paper) -> None:
        super().__init__(
            out,
            paper=paper,
            shop=document.shop,
            title=sheet_title(document),
            subject=f"Assembly sheet for order {document.order_number}",
        )
        self.document = document

    def story(self, warnings: list[str]) -> list[Flowable]:
        return SheetStory(self.document, self.width).flowables(warnings)


class SheetStory:
    """The flowables of one sheet for a frame `width` wide."""

    def __init__(self, document: AssemblySheet, width: float) -> None:
        self.document = document
        self.width = width

    def flowables(self, warnings: list[str]) -> list[Flowable]:
        doc = self.document
        fmt = Formatter(doc.locale)
        st = styles()
        story: list[Flowable] = [
            self._header(fmt, warnings),
            Spacer(1, 4 * mm),
            TextBlock("Configuration", st.heading),
            self._configuration(),
            Spacer(1, 1.5 * mm),
            code_block(doc.configuration_code),
            TextBlock("Pick list", st.heading),
            self._pick_list(fmt),
            TextBlock("Assembly steps", st.heading),
            self._checklist(doc.steps, "Step", "Done"),
            TextBlock("Quality checks", st.heading),
            self._checklist(doc.qc, "Check", "OK"),
        ]
        if doc.notes.strip():
            story += [TextBlock("Notes", st.heading), TextBlock(doc.notes.strip(), st.body)]
        story.append(self._sign_off())
        return story

    def _header(self, fmt: Formatter, warnings: list[str]) -> Flowable:
        doc = self.document
        st = styles()
        info_width = self.width - QR_SIZE - BARCODE_WIDTH
        left: list[Flowable] = [
            TextBlock(f"{doc.shop.name} · Workshop", st.muted),
            TextBlock("Assembly sheet", st.title),
            TextBlock(f"Order {doc.order_number}", st.big, max_lines=HEADER_LINES),
            Spacer(1, 2 * mm),
            key_values(
                [
                    ("Customer", doc.customer_name),
                    ("Due", fmt.date(doc.due)),
                    ("Catalog", f"{doc.catalog.id} ({doc.catalog.version})"),
                ],
                info_width,
                key_share=0.24,
                max_lines=HEADER_LINES,
            ),
        ]
        barcode: Flowable | None = None
        try:
            barcode = code128(doc.order_number, max_width=BARCODE_WIDTH - 3 * mm)
        except ValueError as exc:
            warnings.append(
                f"The order number cannot be printed as a Code128 barcode ({exc}); "
                "the sheet has the QR code only."
            )
        right: list[Flowable] = [Spacer(1, 3 * mm), barcode] if barcode is not None else []
        return Columns(
            [
                (left, info_width, "LEFT"),
                (right, BARCODE_WIDTH - 3 * mm, "RIGHT"),
                ([Spacer(3 * mm, 1)], 3 * mm, "LEFT"),
                ([qr_code(doc.order_number)], QR_SIZE, "LEFT"),
            ],
            rule=(0.8, RULE),
            gap_below_rule=8,
            field="sheet header (customer, order number)",
        )

    def _configuration(self) -> TextRows:
        """Group/option pairs in two columns, so a 12-group laptop takes six lines."""
        st = styles()
        pairs = list(self.document.configuration) or [("", "")]
        half = (len(pairs) + 1) // 2
        rows = []
        for i in range(half):
            right = pairs[i + half] if i + half < len(pairs) else ("", "")
            rows.append([*pairs[i], *right])
        key = 24 * mm
        value = self.width / 2 - key
        columns = [Column(key, st.muted), Column(value, st.cell)] * 2
        return text_table(
            rows,
            columns,
            look=PLAIN,
        )

    def _pick_list(self, fmt: Formatter) -> TextRows:
        """One row per part in picking order; the bin is printed once per group of rows."""
        st = styles()
        rows = []
        warn: dict[tuple[int, int], Color] = {}
        groups: set[int] = set()
        previous_bin: str | None = None
        for number, line in enumerate(self.document.picks):
            new_bin = line.bin != previous_bin
            previous_bin = line.bin
            rows.append(
                [
                    BOX,
                    line.bin if new_bin else "",
                    line.part,
                    line.name,
                    fmt.number(line.qty),
                    YES if line.reserved else NO,
                ]
            )
            if not line.reserved:
                warn[number, 5] = WARN
            if new_bin:
                groups.add(number)
        # Bin and part columns as wide as their longest value (a part number must never
        # break: the picker reads it off the shelf label), up to a limit.
        pad = 2 * COMPACT.pad_x + 1
        bin_width = _fit_width([p.bin for p in self.document.picks], st.cell_bold, 20 * mm, pad)
        part_width = _fit_width([p.part for p in self.document.picks], st.cell, 28 * mm, pad)
        fixed = [6 * mm, bin_width, part_width, 10 * mm, 18 * mm]
        columns = [
            Column(fixed[0], st.cell),
            Column(fixed[1], st.cell_bold),
            Column(fixed[2], st.cell),
            Column(self.width - sum(fixed), st.cell),
            Column(fixed[3], st.cell_right),
            Column(fixed[4], st.cell),
        ]
        head_styles = [st.cell_head] * 4 + [st.cell_head_right, st.cell_head]
        return text_table(
            rows or [["", "", "", "No parts.", "", ""]],
            columns,
            head=["", "Bin", "Part", "Name", "Qty", "Reserved"],
            head_styles=head_styles,
            look=COMPACT,
            strong_rules=frozenset(groups),
            colors=warn,
        )

    def _checklist(self, items: tuple[str, ...], what: str, done: str) -> TextRows:
        """Numbered rows with a box to tick; the heading row repeats on the next page."""
        st = styles()
        rows = [[f"{number}.", item, BOX] for number, item in enumerate(items, start=1)]
        muted: dict[tuple[int, int], Color] = {}
        if not rows:
            rows = [["", "None for this configuration.", ""]]
            muted[0, 1] = MUTED
        columns = [
            Column(10 * mm, st.cell),
            Column(self.width - 26 * mm, st.step),
            Column(16 * mm, st.cell),
        ]
        return text_table(
            rows,
            columns,
            head=["No.", what, done],
            head_styles=[st.cell_head] * 3,
            look=COMPACT,
            colors=muted,
        )

    def _sign_off(self) -> Flowable:
        """Blank fields the workshop fills in by hand."""
        st = styles()
        return KeepTogether(
            [
                TextBlock("Sign-off", st.heading),
                SignOff(st.muted, MUTED, serial=self.document.serial_number),
            ]
        )


def _fit_width(values: Sequence[str], style: ParagraphStyle, least: float, pad: float) -> float:
    """A column width for `values` in `style` on one line: at least `least`, at most twice."""
    widest = max((stringWidth(v, style.fontName, style.fontSize) for v in values), default=0.0)
    return min(max(least, widest + pad), 2 * least)


def render_assembly(
    document: AssemblySheet, out: IO[bytes], paper: Paper, warnings: list[str]
) -> int:
    """Write the assembly sheet PDF to `out`; returns the page count."""
    template = AssemblyTemplate(out, document, paper=paper)
    return template.render(template.story(warnings))


def batch_title(sheets: Sequence[AssemblySheet]) -> tuple[str, str]:
    """Title and subject of a PDF holding `sheets`."""
    return (
        f"Assembly sheets ({len(sheets)} orders)",
        "Assembly sheets: " + ", ".join(s.order_number for s in sheets),
    )


def render_assembly_batch(
    sheets: Sequence[AssemblySheet],
    out: IO[bytes],
    paper: Paper,
    warnings: list[str],
    *,
    title: tuple[str, str] | None = None,
) -> int:
    """Several sheets in one PDF (the workshop prints the day's orders at once).

    Each sheet starts on a new page and has its own running head and "page N of M"; fonts and
    the file's overhead are shared, which makes a batch much faster than one file per sheet.
    `title` (title, subject) names the whole batch when `sheets` is only a part of it.
    """
    if not sheets:
        raise ValueError("a batch needs at least one assembly sheet")
    name, subject = title or batch_title(sheets)
    template = ShopDocTemplate(
        out,
        paper=paper,
        shop=sheets[0].shop,
        title=name,
        subject=subject,
    )
    story: list[Flowable] = []
    for index, sheet in enumerate(sheets):
        if index:
            story += [NextPageTemplate("first"), PageBreak()]
        story.append(Section(template, sheet_title(sheet)))
        story += SheetStory(sheet, template.width).flowables(warnings)
    return template.render(story)
