"""The quote: a priced configuration the customer takes home, valid until a date."""

from __future__ import annotations

from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from configurator.documents.format import Formatter
from configurator.documents.layout import HEADER_LINES, ShopDocTemplate, letterhead, load_logo
from configurator.documents.model import Paper, QuoteDocument
from configurator.documents.offer import (
    address_block,
    closing,
    lines_table,
    promise_block,
    totals_table,
)
from configurator.documents.styles import styles
from configurator.documents.tables import TextBlock


class QuoteTemplate(ShopDocTemplate):
    """A quote on A4 or Letter."""

    def __init__(self, out: IO[bytes], document: QuoteDocument, *, paper: Paper) -> None:
        super().__init__(
            out,
            paper=paper,
            shop=document.shop,
            title=document.title,
            subject=f"Quote for {document.offer.customer.name}",
        )
        self.document = document

    def story(self, warnings: list[str]) -> list[Flowable]:
        doc = self.document
        fmt = Formatter(doc.locale)
        st = styles()
        offer = doc.offer
        facts = [("Quote number", doc.quote_number)] if doc.quote_number else []
        facts.append(("Date", fmt.date(doc.issued)))
        if doc.order_number:
            facts.append(("Order number", doc.order_number))
        else:
            facts.append(("Valid until", fmt.date(doc.valid_until)))
        story: list[Flowable] = [
            letterhead(doc.shop, self.width, load_logo(doc.shop.logo, warnings)),
            Spacer(1, 7 * mm),
            address_block(
                offer.customer, facts, self.width, "Offer for" if doc.order_number else "Quote for"
            ),
            Spacer(1, 8 * mm),
            TextBlock(doc.title, st.title, max_lines=HEADER_LINES),
            TextBlock(
                (
                    f"Thank you for your interest. We are pleased to offer the following "
                    f"configuration of the {offer.catalog.name}."
                ),
                st.body,
            ),
            Spacer(1, 4 * mm),
            lines_table(offer, fmt, self.width),
            totals_table(offer, fmt, self.width),
        ]
        promise = promise_block(offer, fmt, self.width, "Ready for handover")
        story.append(promise if promise is not None else Spacer(1, 5 * mm))
        if not doc.order_number:
            validity = f"This quote is valid until {fmt.date(doc.valid_until)}."
        elif doc.ordered_on is not None:
            validity = (
                f"This offer was accepted as order {doc.order_number} on "
                f"{fmt.date(doc.ordered_on)}."
            )
        else:
            validity = f"This offer was accepted as order {doc.order_number}."
        story.append(TextBlock(validity, st.body))
        story += closing(offer)
        return story


def render_quote(document: QuoteDocument, out: IO[bytes], paper: Paper, warnings: list[str]) -> int:
    """Write the quote PDF to `out`; returns the page count."""
    template = QuoteTemplate(out, document, paper=paper)
    return template.render(template.story(warnings))
