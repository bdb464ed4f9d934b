"""The order confirmation: the priced configuration, its reserved parts and the handover date."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from configurator.documents.format import Formatter
from configurator.documents.layout import HEADER_LINES, ShopDocTemplate, letterhead, load_logo
from configurator.documents.model import ConfirmationDocument, Paper, PartState, PartStatus
from configurator.documents.offer import (
    address_block,
    closing,
    lines_table,
    promise_block,
    totals_table,
)
from configurator.documents.styles import WARN, styles
from configurator.documents.tables import Column, TextBlock, text_table


def part_state_text(part: PartStatus, fmt: Formatter) -> str:
    """How the customer reads a part's state ("Reserved", "On order, due 03.12.2026")."""
    if part.state is PartState.CONSUMED:
        return "Used for your laptop"
    if part.state is PartState.RESERVED:
        return "Reserved"
    if part.state is PartState.TO_BUILD:
        return "Built in our workshop"
    if part.state is PartState.ON_ORDER:
        return f"On order, due {fmt.date(part.expected)}" if part.expected else "On order"
    return "Being ordered"


def parts_summary(parts: Sequence[PartStatus]) -> str:
    """One sentence that agrees with the parts' states (a built part is not "on its way")."""
    count = {state: sum(1 for p in parts if p.state is state) for state in PartState}
    total = len(parts)
    if count[PartState.CONSUMED] == total:
        return "All parts are used for your laptop: built in or packed with it."
    if count[PartState.RESERVED] == total:
        return "All parts for your laptop are reserved in our stock."
    phrases = (
        (PartState.CONSUMED, "used for your laptop"),
        (PartState.RESERVED, "reserved in our stock"),
        (PartState.TO_BUILD, "built in our workshop for your order"),
        (PartState.ON_ORDER, "on order and set aside for you on arrival"),
        (PartState.MISSING, "being ordered for you"),
    )
    clauses: list[str] = []
    for state, phrase in phrases:
        n = count[state]
        if not n:
            continue
        verb = "is" if n == 1 else "are"
        if not clauses:
            clauses.append(f"{n} of {total} {'part' if total == 1 else 'parts'} {verb} {phrase}")
        else:
            clauses.append(f"{n} {verb} {phrase}")
    return "; ".join(clauses) + "."


class ConfirmationTemplate(ShopDocTemplate):
    """An order confirmation on A4 or Letter."""

    def __init__(self, out: IO[bytes], document: ConfirmationDocument, *, paper: Paper) -> None:
        super().__init__(
            out,
            paper=paper,
            shop=document.shop,
            title=f"Order confirmation {document.order_number}",
            subject=f"Order confirmation for {document.offer.customer.name}",
        )
        self.document = document

    def story(self, warnings: list[str]) -> list[Flowable]:
        doc = self.document
        fmt = Formatter(doc.locale)
        st = styles()
        offer = doc.offer
        facts = [("Order number", doc.order_number), ("Order date", fmt.date(doc.order_date))]
        if doc.quote_number:
            facts.append(("Your quote", doc.quote_number))
        facts.append(("Handover", fmt.date(doc.handover)))
        story: list[Flowable] = [
            letterhead(doc.shop, self.width, load_logo(doc.shop.logo, warnings)),
            Spacer(1, 7 * mm),
            address_block(offer.customer, facts, self.width, "Order for"),
            Spacer(1, 8 * mm),
            TextBlock(f"Order confirmation {doc.order_number}", st.title, max_lines=HEADER_LINES),
            TextBlock(
                (
                    "Thank you for your order. We confirm the following configuration "
                    f"of the {offer.catalog.name}."
                ),
                st.body,
            ),
            Spacer(1, 4 * mm),
            lines_table(offer, fmt, self.width),
            totals_table(offer, fmt, self.width),
        ]
        promise = promise_block(offer, fmt, self.width, "Handover")
        if promise is not None:
            story.append(promise)
        story += self._parts(fmt)
        story += closing(offer)
        return story

    def _parts(self, fmt: Formatter) -> list[Flowable]:
        doc = self.document
        st = styles()
        if not doc.parts:
            return []
        summary = parts_summary(doc.parts)
        rows = []
        warn: dict[tuple[int, int], Color] = {}
        for number, part in enumerate(doc.parts):
            rows.append([part.part, part.name, fmt.number(part.qty), part_state_text(part, fmt)])
            if part.state in (PartState.ON_ORDER, PartState.MISSING):
                warn[number, 3] = WARN
        fixed = [32 * mm, 14 * mm, 50 * mm]
        columns = [
            Column(fixed[0], st.cell),
            Column(self.width - sum(fixed), st.cell),
            Column(fixed[1], st.cell_right),
            Column(fixed[2], st.cell),
        ]
        table = text_table(
            rows,
            columns,
            head=["Part", "Description", "Qty", "Status"],
            head_styles=[st.cell_head, st.cell_head, st.cell_head_right, st.cell_head],
            colors=warn,
        )
        return [
            KeepTogether(
                [
                    TextBlock("Parts for your order", st.heading),
                    TextBlock(summary, st.body),
                    Spacer(1, 2 * mm),
                ]
            ),
            table,
        ]


def render_confirmation(
    document: ConfirmationDocument, out: IO[bytes], paper: Paper, warnings: list[str]
) -> int:
    """Write the order confirmation PDF to `out`; returns the page count."""
    template = ConfirmationTemplate(out, document, paper=paper)
    return template.render(template.story(warnings))
