"""Characters the document font cannot draw (CJK, emoji): replaced visibly, with a warning.

DejaVu Sans covers Latin, Greek and Cyrillic but not CJK or emoji; reportlab would print an
empty box for those without a word. Customer texts are checked against the font's
character-to-glyph map before rendering: a character it lacks becomes "�" and the result says
which field lost what, so the clerk can fix the spelling (or knows the print is wrong).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from reportlab.pdfbase import pdfmetrics

from configurator.documents.fonts import BOLD, REGULAR, register_fonts
from configurator.documents.model import AssemblySheet, Customer, Document, Offer

REPLACEMENT = "\ufffd"


@cache
def _covered() -> frozenset[int]:
    """Code points both faces draw (names are set in bold, the rest in regular)."""
    register_fonts()
    regular = pdfmetrics.getFont(REGULAR).face.charToGlyph
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph
    return frozenset(regular.keys() & bold.keys())


def printable(value: str, field: str, warnings: list[str]) -> str:
    """`value` with undrawable characters replaced; a warning names the field and characters."""
    if value.isascii():  # the common case costs one C call
        return value
    covered = _covered()
    missing = list(dict.fromkeys(c for c in value if ord(c) not in covered and not c.isspace()))
    if not missing:
        return value
    shown = "".join(missing[:10]) + ("…" if len(missing) > 10 else "")
    warnings.append(
        f"The {field} has characters the document font cannot print ({shown}); "
        f'they are printed as "{REPLACEMENT}".'
    )
    return "".join(REPLACEMENT if c in missing else c for c in value)


def _customer(customer: Customer, warnings: list[str]) -> Customer:
    return Customer(
        name=printable(customer.name, "customer name", warnings),
        address=tuple(printable(line, "customer address", warnings) for line in customer.address),
        email=printable(customer.email, "customer e-mail", warnings),
        phone=printable(customer.phone, "customer phone", warnings),
    )


def _offer(offer: Offer, warnings: list[str]) -> Offer:
    return replace(
        offer,
        customer=_customer(offer.customer, warnings),
        notes=printable(offer.notes, "notes", warnings),
    )


def printable_document(document: Document, warnings: list[str]) -> Document:
    """The document with its customer texts made printable (warnings appended)."""
    if isinstance(document, AssemblySheet):
        return replace(
            document,
            customer_name=printable(document.customer_name, "customer name", warnings),
            notes=printable(document.notes, "notes", warnings),
        )
    return replace(document, offer=_offer(document.offer, warnings))
