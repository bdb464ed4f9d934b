"""The assembly sheet: what the workshop picks, builds, checks and signs for one order."""

from __future__ import annotations

from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from configurator.documents.barcodes import QR_SIZE, code128, qr_code
from configurator.documents.format import Formatter
from configurator.documents.layout import ShopDocTemplate, key_values, text
from configurator.documents.model import AssemblySheet, Paper
from configurator.documents.styles import (
    MUTED,
    RULE,
    WARN,
    grid_table_style,
    plain_table_style,
    styles,
)

BOX = "☐"
BARCODE_WIDTH = 50 * mm
YES = "✓ yes"
NO = "✗ no"
COMPACT: list[tuple[Any, ...]] = [
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
]
"""Workshop lists are long: tighter rows than on the customer's documents."""


class AssemblyTemplate(ShopDocTemplate):
    """An assembly sheet on A4 or Letter; long pick lists and step lists flow onto more pages."""

    def __init__(self, out: IO[bytes], document: AssemblySheet, *, paper: Paper) -> None:
        super().__init__(
            out,
            paper=paper,
            shop=document.shop,
            title=f"Assembly sheet {document.order_number} · {document.customer_name}",
            subject=f"Assembly sheet for order {document.order_number}",
        )
        self.document = document

    def story(self, warnings: list[str]) -> list[Flowable]:
        doc = self.document
        fmt = Formatter(doc.locale)
        st = styles()
        story: list[Flowable] = [
            self._header(fmt, warnings),
            Spacer(1, 4 * mm),
            Paragraph("Configuration", st.heading),
            self._configuration(),
            Spacer(1, 1.5 * mm),
            Paragraph(f"Configuration code <b>{text(doc.configuration_code)}</b>", st.muted),
            Paragraph("Pick list", st.heading),
            self._pick_list(fmt),
            Paragraph("Assembly steps", st.heading),
            self._checklist(doc.steps, "Step", "Done"),
            Paragraph("Quality checks", st.heading),
            self._checklist(doc.qc, "Check", "OK"),
        ]
        if doc.notes.strip():
            story += [Paragraph("Notes", st.heading), Paragraph(text(doc.notes.strip()), st.body)]
        story.append(self._sign_off())
        return story

    def _header(self, fmt: Formatter, warnings: list[str]) -> Table:
        doc = self.document
        st = styles()
        info_width = self.width - QR_SIZE - BARCODE_WIDTH
        left: list[Flowable] = [
            Paragraph(text(f"{doc.shop.name} · Workshop"), st.muted),
            Paragraph("Assembly sheet", st.title),
            Paragraph(text(f"Order {doc.order_number}"), st.big),
            Spacer(1, 2 * mm),
            key_values(
                [
                    ("Customer", doc.customer_name),
                    ("Due", fmt.long_date(doc.due)),
                    ("Catalog", f"{doc.catalog.id} ({doc.catalog.version})"),
                ],
                info_width,
                key_share=0.24,
            ),
        ]
        barcode: Flowable | str = ""
        try:
            barcode = code128(doc.order_number)
        except ValueError:
            warnings.append(
                f"The order number {doc.order_number!r} cannot be a Code128 barcode "
                "(not ASCII); the sheet has the QR code only."
            )
        table = Table(
            [[left, barcode, qr_code(doc.order_number)]],
            colWidths=[info_width, BARCODE_WIDTH, QR_SIZE],
        )
        table.setStyle(
            TableStyle(
                [
                    *plain_table_style(),
                    ("VALIGN", (1, 0), (-1, 0), "TOP"),
                    ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                    ("TOPPADDING", (1, 0), (1, 0), 3 * mm),
                    ("RIGHTPADDING", (1, 0), (1, 0), 3 * mm),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
                    ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
                ]
            )
        )
        return table

    def _configuration(self) -> Table:
        """Group/option pairs in two columns, so a 12-group laptop takes six lines."""
        st = styles()
        pairs = list(self.document.configuration)
        half = (len(pairs) + 1) // 2
        rows: list[list[Any]] = []
        for i in range(half):
            row: list[Any] = []
            for pair in (pairs[i], pairs[i + half] if i + half < len(pairs) else None):
                if pair is None:
                    row += ["", ""]
                else:
                    row += [Paragraph(text(pair[0]), st.muted), Paragraph(text(pair[1]), st.cell)]
            rows.append(row)
        if not rows:
            rows = [["", "", "", ""]]
        key = 24 * mm
        value = self.width / 2 - key
        table = Table(rows, colWidths=[key, value, key, value])
        table.setStyle(TableStyle([*plain_table_style(), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
        return table

    def _pick_list(self, fmt: Formatter) -> Table:
        """One row per part in picking order; the bin is printed once per group of rows."""
        st = styles()
        head = ["", "Bin", "Part", "Name", "Qty", "Reserved"]
        rows: list[list[Any]] = [
            [Paragraph(h, st.cell_head_right if h == "Qty" else st.cell_head) for h in head]
        ]
        commands: list[tuple[Any, ...]] = []
        previous_bin: str | None = None
        for line in self.document.picks:
            new_bin = line.bin != previous_bin
            previous_bin = line.bin
            reserved = (
                Paragraph(YES, st.cell)
                if line.reserved
                else Paragraph(f"<font color='#{WARN.hexval()[2:]}'>{NO}</font>", st.cell)
            )
            rows.append(
                [
                    Paragraph(BOX, st.cell),
                    Paragraph(f"<b>{text(line.bin)}</b>" if new_bin else "", st.cell),
                    Paragraph(text(line.part), st.cell),
                    Paragraph(text(line.name), st.cell),
                    Paragraph(fmt.number(line.qty), st.cell_right),
                    reserved,
                ]
            )
            if new_bin and len(rows) > 2:
                commands.append(("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0.6, MUTED))
        fixed = [7 * mm, 22 * mm, 30 * mm, 12 * mm, 20 * mm]
        widths = [*fixed[:3], self.width - sum(fixed), *fixed[3:]]
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([*grid_table_style(), *COMPACT, *commands]))
        return table

    def _checklist(self, items: tuple[str, ...], what: str, done: str) -> Table:
        """Numbered rows with a box to tick; the heading row repeats on the next page."""
        st = styles()
        rows: list[list[Any]] = [[Paragraph(h, st.cell_head) for h in ("No.", what, done)]]
        for number, item in enumerate(items, start=1):
            rows.append(
                [
                    Paragraph(f"{number}.", st.cell),
                    Paragraph(text(item), st.step),
                    Paragraph(BOX, st.cell),
                ]
            )
        if not items:
            rows.append(["", Paragraph("None for this configuration.", st.muted), ""])
        table = Table(rows, colWidths=[10 * mm, self.width - 26 * mm, 16 * mm], repeatRows=1)
        table.setStyle(TableStyle([*grid_table_style(), *COMPACT]))
        return table

    def _sign_off(self) -> Flowable:
        """Blank fields the workshop fills in by hand."""
        st = styles()
        blank = ""
        rows = [
            [Paragraph("Serial number", st.muted), blank, "", ""],
            [Paragraph("Assembled by", st.muted), blank, Paragraph("Date", st.muted), blank],
            [Paragraph("QC passed by", st.muted), blank, Paragraph("Date", st.muted), blank],
        ]
        label = 30 * mm
        date_label = 14 * mm
        date_field = 35 * mm
        name = self.width - label - date_label - date_field
        table = Table(
            rows,
            colWidths=[label, name, date_label, date_field],
            rowHeights=[9 * mm] * 3,
        )
        table.setStyle(
            TableStyle(
                [
                    *plain_table_style(),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("SPAN", (1, 0), (3, 0)),
                    ("LINEBELOW", (1, 0), (3, 0), 0.6, MUTED),
                    ("LINEBELOW", (1, 1), (1, 2), 0.6, MUTED),
                    ("LINEBELOW", (3, 1), (3, 2), 0.6, MUTED),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (1, 0), (1, -1), 8),
                    ("LEFTPADDING", (2, 0), (2, -1), 4),
                ]
            )
        )
        return KeepTogether([Paragraph("Sign-off", st.heading), table])


def render_assembly(
    document: AssemblySheet, out: IO[bytes], paper: Paper, warnings: list[str]
) -> int:
    """Write the assembly sheet PDF to `out`; returns the page count."""
    template = AssemblyTemplate(out, document, paper=paper)
    return template.render(template.story(warnings))
