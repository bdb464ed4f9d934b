"""Story pieces that quotes and order confirmations share: customer, lines, totals, promise."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from configurator.documents.format import Formatter
from configurator.documents.layout import HEADER_LINES, code_block, key_values
from configurator.documents.model import Customer, Discount, Offer
from configurator.documents.panels import Panel, TotalsBox, TotalsRow
from configurator.documents.styles import (
    ACCENT,
    INK,
    SHADE,
    styles,
)
from configurator.documents.tables import Column, Columns, TextBlock, TextRows, text_table, wrap


def address_block(
    customer: Customer, facts: Sequence[tuple[str, str]], width: float, caption: str
) -> Columns:
    """Customer on the left, the document's numbers and dates on the right."""
    st = styles()
    left: list[Flowable] = [
        TextBlock(caption, st.muted),
        TextBlock(customer.name, st.bold, max_lines=HEADER_LINES),
    ]
    extra = [*customer.address, customer.email, customer.phone]
    lines = [line for line in extra if line]
    if lines:
        left.append(TextBlock("\n".join(lines), st.body, max_lines=3 * HEADER_LINES))
    right = key_values(facts, width * 0.45, max_lines=HEADER_LINES)
    return Columns(
        [(left, width * 0.55, "LEFT"), ([right], width * 0.45, "LEFT")],
        field="customer and document details",
    )


def lines_table(offer: Offer, fmt: Formatter, width: float) -> TextRows:
    """The configuration as priced lines; the header row repeats on every page."""
    st = styles()
    rows = [
        [
            "Base price",
            f"{offer.catalog.name}, assembled and tested",
            "1",
            fmt.money(offer.totals.base_price),
            fmt.money(offer.totals.base_price),
        ]
    ]
    rows += [
        [
            line.group,
            line.option,
            fmt.number(line.qty),
            fmt.money(line.unit_price),
            fmt.money(line.amount),
        ]
        for line in offer.lines
    ]
    fixed = [16 * mm, 27 * mm, 27 * mm]
    first = (width - sum(fixed)) * 0.3
    columns = [
        Column(first, st.cell),
        Column(width - sum(fixed) - first, st.cell),
        *(Column(w, st.cell_right) for w in fixed),
    ]
    return text_table(
        rows,
        columns,
        head=["Item", "Configuration", "Qty", "Unit price", "Amount"],
        head_styles=[st.cell_head, st.cell_head, *[st.cell_head_right] * 3],
    )


def totals_table(offer: Offer, fmt: Formatter, width: float) -> Flowable:
    """Base, options, discount and the total, right-aligned under the lines, with the VAT
    added on top (net prices) or shown as contained in the total (gross prices)."""
    st = styles()
    totals = offer.totals
    rows: list[tuple[str, str, ParagraphStyle]] = [
        ("Base price", fmt.money(totals.base_price), st.right),
        ("Options", fmt.money(totals.options), st.right),
    ]
    if totals.discount is not None and totals.discount.amount:
        rows.append(
            (_discount_label(totals.discount, fmt), fmt.money(-totals.discount.amount), st.right)
        )
    vat = f"VAT {fmt.percent(totals.vat_rate)}"
    if totals.prices_include_vat:
        total_row = len(rows)
        rows.append(("Total", fmt.money(totals.gross), st.right_bold))
        rows.append(("Net amount", fmt.money(totals.net), st.muted_right))
        rows.append((f"{vat} included", fmt.money(totals.vat), st.muted_right))
    else:
        rows.append(("Net total", fmt.money(totals.net), st.right))
        rows.append((vat, fmt.money(totals.vat), st.right))
        total_row = len(rows)
        rows.append(("Total", fmt.money(totals.gross), st.right_bold))
    box = width * 0.72
    amount = 32 * mm
    label_width = box - amount - 8
    table = TotalsBox(
        [
            TotalsRow(_lines(label, style, label_width), value, style, total=i == total_row)
            for i, (label, value, style) in enumerate(rows)
        ],
        (box - amount, amount),
        shade=SHADE,
        rule=(0.8, INK),
    )
    return KeepTogether([Spacer(1, 3 * mm), table])


def _lines(value: str, style: ParagraphStyle, width: float) -> tuple[str, ...]:
    return tuple(line for line, _ in wrap(value, style.fontName, style.fontSize, width))


def _discount_label(discount: Discount, fmt: Formatter) -> str:
    label = "Discount"
    if discount.percent:
        label += f" {fmt.percent(discount.percent / 100)}"
    details = [discount.reason] if discount.reason else []
    if discount.approved_by:
        details.append(f"approved by {discount.approved_by}")
    if details:
        label += f" ({'; '.join(details)})"
    return label


def promise_block(offer: Offer, fmt: Formatter, width: float, caption: str) -> Flowable | None:
    """The handover date in words, and the reason when something holds it back."""
    if offer.promise is None:
        return None
    st = styles()
    cell: list[Flowable] = [TextBlock(f"{caption}: {fmt.date(offer.promise.handover)}", st.bold)]
    if offer.promise.reason:
        reason = fmt.dates_in(offer.promise.reason, offer.promise.handover)
        cell.append(TextBlock(reason, st.body))
    panel = Panel(cell, shade=SHADE, bar=(2.5, ACCENT), padding=(8, 5, 6), field="handover promise")
    return KeepTogether([Spacer(1, 5 * mm), panel, Spacer(1, 3 * mm)])


def closing(offer: Offer) -> list[Flowable]:
    """Customer notes (any length, they may flow onto the next page), then the terms."""
    st = styles()
    story: list[Flowable] = []
    if offer.notes.strip():
        story += [TextBlock("Notes", st.heading), TextBlock(offer.notes.strip(), st.body)]
    story.append(Spacer(1, 4 * mm))
    story.append(
        TextBlock(f"Catalog {offer.catalog.id}, version {offer.catalog.version}", st.muted)
    )
    story.append(code_block(offer.configuration_code))
    if offer.terms.strip():
        story += [Spacer(1, 2 * mm), TextBlock(offer.terms.strip(), st.muted)]
    return story
