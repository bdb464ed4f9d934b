"""The data behind each document: plain frozen objects, no reportlab, no database.

A renderer only formats what is here; everything that needs a decision (prices, VAT, which
parts, which steps, which checks) is decided by `build` before. That keeps the renderers dumb
and lets a test build a document from literals, and the GUI show the same numbers it prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path


class Paper(StrEnum):
    """Paper sizes every document fits."""

    A4 = "a4"
    LETTER = "letter"


@dataclass(frozen=True, slots=True)
class ShopHeader:
    """The letterhead: who issues the document."""

    name: str
    address: tuple[str, ...] = ()
    vat_id: str = ""
    phone: str = ""
    email: str = ""
    logo: Path | None = None


@dataclass(frozen=True, slots=True)
class Customer:
    """Who the document is for; only the name is required (walk-in customers)."""

    name: str
    address: tuple[str, ...] = ()
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class ConfigLine:
    """One chosen option as the customer reads it: "Memory: 32 GB DDR5 ... 120,00 €"."""

    group: str
    option: str
    qty: int
    unit_price: Decimal
    """Net price of one; catalog prices are net."""

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.qty


@dataclass(frozen=True, slots=True)
class Discount:
    """A price reduction, with who approved it when it needed approval."""

    amount: Decimal
    percent: Decimal | None = None
    reason: str = ""
    approved_by: str | None = None


@dataclass(frozen=True, slots=True)
class Totals:
    """Money on a quote or confirmation: base + options - discount = the price; VAT on top of
    it (net prices) or contained in it (prices include VAT, as shops selling to consumers
    quote them)."""

    base_price: Decimal
    options: Decimal
    discount: Discount | None
    net: Decimal
    vat_rate: Decimal
    vat: Decimal
    gross: Decimal
    prices_include_vat: bool = True
    """True: line prices are gross and VAT is the part of the total that is tax."""

    @property
    def subtotal(self) -> Decimal:
        return self.base_price + self.options


@dataclass(frozen=True, slots=True)
class Promise:
    """When the laptop can be handed over, and why that date (the bottleneck)."""

    handover: date
    reason: str = ""
    assembly: date | None = None


@dataclass(frozen=True, slots=True)
class CatalogRef:
    """Which catalog (and which exact file, by hash) the configuration was made in."""

    id: str
    name: str
    version: str
    """Short version hash of the catalog file."""


@dataclass(frozen=True, slots=True)
class Offer:
    """What quotes and confirmations share: the configuration, its price and its date."""

    customer: Customer
    lines: tuple[ConfigLine, ...]
    totals: Totals
    configuration_code: str
    catalog: CatalogRef
    promise: Promise | None = None
    notes: str = ""
    terms: str = ""


@dataclass(frozen=True, slots=True)
class Locale:
    """How money and dates are written: babel locale and ISO currency."""

    locale: str = "de_DE"
    currency: str = "EUR"


@dataclass(frozen=True, slots=True)
class QuoteDocument:
    """A quote: binding price for a configuration until `valid_until`; nothing reserved."""

    shop: ShopHeader
    offer: Offer
    quote_number: str
    issued: date
    valid_until: date
    locale: Locale = field(default_factory=Locale)
    order_number: str = ""
    """Set when the offer was accepted: it is reprinted as the offer behind that order, with
    no validity promise (and titled by the order number when it never had a quote number)."""
    ordered_on: date | None = None

    @property
    def title(self) -> str:
        if self.order_number and (not self.quote_number or self.quote_number == self.order_number):
            return f"Offer for order {self.order_number}"
        return f"Quote {self.quote_number}"


class PartState(StrEnum):
    """Where a part of an order stands, as a confirmation tells the customer."""

    RESERVED = "reserved"
    ON_ORDER = "on_order"
    """Not in stock; a receipt is expected (see `expected`)."""
    TO_BUILD = "to_build"
    """A sub-assembly the workshop builds from parts in stock."""
    MISSING = "missing"
    """Neither in stock nor on order: the shop has to order it."""
    CONSUMED = "consumed"
    """Used: built into the laptop or packed with it (the order is assembled or handed over)."""


@dataclass(frozen=True, slots=True)
class PartStatus:
    """One part of the order and whether it is set aside for the customer."""

    part: str
    name: str
    qty: int
    state: PartState
    expected: date | None = None


@dataclass(frozen=True, slots=True)
class ConfirmationDocument:
    """An order confirmation: the offer, now an order with reserved parts and a handover date."""

    shop: ShopHeader
    offer: Offer
    order_number: str
    order_date: date
    handover: date
    parts: tuple[PartStatus, ...]
    quote_number: str = ""
    locale: Locale = field(default_factory=Locale)

    @property
    def all_reserved(self) -> bool:
        return all(p.state is PartState.RESERVED for p in self.parts)


@dataclass(frozen=True, slots=True)
class PickLine:
    """One row of the pick list: take `qty` of `part` from `bin`."""

    bin: str
    part: str
    name: str
    qty: int
    reserved: bool


@dataclass(frozen=True, slots=True)
class AssemblySheet:
    """The workshop's sheet: what to pick, in which order to build, what to check, who signs."""

    shop: ShopHeader
    order_number: str
    configuration_code: str
    customer_name: str
    due: date
    catalog: CatalogRef
    configuration: tuple[tuple[str, str], ...]
    """(group label, option label) pairs, for the technician's overview."""
    picks: tuple[PickLine, ...]
    """In picking order (by bin)."""
    steps: tuple[str, ...]
    qc: tuple[str, ...]
    notes: str = ""
    locale: Locale = field(default_factory=Locale)
    serial_number: str = ""
    """Filled in once the laptop is assembled (a reprint shows it on the sign-off line)."""


Document = QuoteDocument | ConfirmationDocument | AssemblySheet
