"""Story pieces that quotes and order confirmations share: customer, lines, totals, promise."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from configurator.documents.fonts import BOLD
from configurator.documents.format import Formatter
from configurator.documents.layout import key_values, text
from configurator.documents.model import Customer, Offer
from configurator.documents.styles import (
    ACCENT,
    INK,
    RULE,
    SHADE,
    grid_table_style,
    plain_table_style,
    styles,
)


def address_block(
    customer: Customer, facts: Sequence[tuple[str, str]], width: float, caption: str
) -> Table:
    """Customer on the left, the document's numbers and dates on the right."""
    st = styles()
    left: list[Flowable] = [
        Paragraph(text(caption), st.muted),
        Paragraph(text(customer.name), st.bold),
    ]
    extra = [*customer.address, customer.email, customer.phone]
    lines = [text(line) for line in extra if line]
    if lines:
        left.append(Paragraph("<br/>".join(lines), st.body))
    right = key_values(facts, width * 0.45)
    table = Table([[left, right]], colWidths=[width * 0.55, width * 0.45])
    table.setStyle(TableStyle(plain_table_style()))
    return table


def lines_table(offer: Offer, fmt: Formatter, width: float) -> Table:
    """The configuration as priced lines; the header row repeats on every page."""
    st = styles()
    head = ["Item", "Configuration", "Qty", "Unit price", "Amount"]
    rows: list[list[Flowable]] = [
        [Paragraph(h, st.cell_head_right if i >= 2 else st.cell_head) for i, h in enumerate(head)]
    ]
    rows.append(
        [
            Paragraph("Base price", st.cell),
            Paragraph(text(f"{offer.catalog.name}, assembled and tested"), st.cell),
            Paragraph("1", st.cell_right),
            Paragraph(fmt.money(offer.totals.base_price), st.cell_right),
            Paragraph(fmt.money(offer.totals.base_price), st.cell_right),
        ]
    )
    for line in offer.lines:
        rows.append(
            [
                Paragraph(text(line.group), st.cell),
                Paragraph(text(line.option), st.cell),
                Paragraph(fmt.number(line.qty), st.cell_right),
                Paragraph(fmt.money(line.unit_price), st.cell_right),
                Paragraph(fmt.money(line.amount), st.cell_right),
            ]
        )
    fixed = [16 * mm, 27 * mm, 27 * mm]
    first = (width - sum(fixed)) * 0.3
    table = Table(
        rows,
        colWidths=[first, width - sum(fixed) - first, *fixed],
        repeatRows=1,
        splitByRow=True,
    )
    table.setStyle(TableStyle(grid_table_style()))
    return table


def totals_table(offer: Offer, fmt: Formatter, width: float) -> Flowable:
    """Base, options, discount, net, VAT and gross, right-aligned under the lines."""
    st = styles()
    totals = offer.totals
    rows: list[tuple[str, str]] = [
        ("Base price", fmt.money(totals.base_price)),
        ("Options", fmt.money(totals.options)),
    ]
    if totals.discount is not None and totals.discount.amount:
        label = "Discount"
        details = [d for d in (totals.discount.reason,) if d]
        if totals.discount.approved_by:
            details.append(f"approved by {totals.discount.approved_by}")
        if details:
            label += f" ({'; '.join(details)})"
        rows.append((label, fmt.money(-totals.discount.amount)))
    rows.append(("Net total", fmt.money(totals.net)))
    rows.append((f"VAT {fmt.percent(totals.vat_rate)}", fmt.money(totals.vat)))
    data = [[Paragraph(text(k), st.right), Paragraph(v, st.right)] for k, v in rows]
    data.append(
        [Paragraph("Total", st.right_bold), Paragraph(fmt.money(totals.gross), st.right_bold)]
    )
    box = width * 0.62
    table = Table(data, colWidths=[box - 32 * mm, 32 * mm], hAlign="RIGHT")
    last = len(data) - 1
    table.setStyle(
        TableStyle(
            [
                *plain_table_style(),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("LINEABOVE", (0, last - 2), (-1, last - 2), 0.3, RULE),
                ("LINEABOVE", (0, last), (-1, last), 0.8, INK),
                ("BACKGROUND", (0, last), (-1, last), SHADE),
                ("TOPPADDING", (0, last), (-1, last), 4),
                ("BOTTOMPADDING", (0, last), (-1, last), 4),
            ]
        )
    )
    return KeepTogether([Spacer(1, 3 * mm), table])


def promise_block(offer: Offer, fmt: Formatter, width: float, caption: str) -> Flowable | None:
    """The handover date in words, and the reason when something holds it back."""
    if offer.promise is None:
        return None
    st = styles()
    lines = [f"<font name='{BOLD}'>{text(caption)}: {fmt.long_date(offer.promise.handover)}</font>"]
    if offer.promise.reason:
        lines.append(text(offer.promise.reason))
    table = Table([[Paragraph("<br/>".join(lines), st.body)]], colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (0, 0), (0, 0), 2.5, ACCENT),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return KeepTogether([Spacer(1, 5 * mm), table, Spacer(1, 3 * mm)])


def closing(offer: Offer) -> list[Flowable]:
    """Customer notes (any length, they may flow onto the next page), then the terms."""
    st = styles()
    story: list[Flowable] = []
    if offer.notes.strip():
        story += [Paragraph("Notes", st.heading), Paragraph(text(offer.notes.strip()), st.body)]
    story.append(Spacer(1, 4 * mm))
    code = (
        f"Configuration code <font name='{BOLD}'>{text(offer.configuration_code)}</font> · "
        f"catalog {text(offer.catalog.id)}, version {text(offer.catalog.version)}"
    )
    story.append(Paragraph(code, st.muted))
    if offer.terms.strip():
        story += [Spacer(1, 2 * mm), Paragraph(text(offer.terms.strip()), st.muted)]
    return story
