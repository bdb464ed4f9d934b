"""Every GUI action that touches the store or renders a PDF: one keyword-only function each.

Each calls one core function and returns an immutable `Done` (the core's result plus the
`Changes` it made), so views refresh selectively. They run on the `OpRunner`'s thread pool and
never touch a widget; the GUI holds no business rule and writes no SQL.
Heavy modules (sqlmodel, reportlab) are imported inside the functions: the first paint does
not wait for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from configurator.ui.counter import Changes

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from configurator.catalog.model import Catalog, Picks
    from configurator.orders.stock import Adjustment
    from configurator.orders.users import Actor
    from configurator.orders.views import OrderDetails, OrderSummary
    from configurator.shop import ShopSettings
    from configurator.ui.customer_dialog import NewCustomer
    from configurator.ui.discount_dialog import DiscountRequest
    from configurator.ui.login import UserChoice

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Done(Generic[T]):
    value: T
    changes: Changes = field(default_factory=Changes)


@dataclass(frozen=True, slots=True)
class CustomerChoice:
    id: int
    name: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class PdfResult:
    """A rendered and saved document: bytes for preview/print, the path it is safe at."""

    title: str
    path: Path
    data: bytes
    pages: int
    warnings: tuple[str, ...] = ()


# --- people --------------------------------------------------------------------------------


def load_users(*, engine: Engine) -> Done[list[UserChoice]]:
    from configurator.orders.people import list_users
    from configurator.ui.login import UserChoice

    return Done([UserChoice(u.name, u.full_name, u.role) for u in list_users(engine)])


def sign_in(*, engine: Engine, name: str, pin: str, now: datetime) -> Done[Actor]:
    from configurator.orders.auth import authenticate_user

    return Done(authenticate_user(engine, name, pin, now=now))


def load_customers(*, engine: Engine) -> Done[list[CustomerChoice]]:
    from configurator.orders.people import list_customers

    return Done(
        [
            CustomerChoice(c.id, c.name, ", ".join(x for x in (c.email, c.phone) if x))
            for c in list_customers(engine)
        ]
    )


def create_customer(
    *, engine: Engine, actor: Actor, customer: NewCustomer, now: datetime
) -> Done[CustomerChoice]:
    from configurator.orders.people import create_customer as core_create

    row = core_create(
        engine,
        name=customer.name,
        email=customer.email,
        phone=customer.phone,
        address=customer.address,
        now=now,
    )
    return Done(CustomerChoice(row.id, row.name, row.email), Changes(customers=True))


# --- quotes and orders -----------------------------------------------------------------------


def _approval(discount: DiscountRequest | None) -> Any:
    from configurator.orders.auth import Approval

    if discount is None or discount.manager is None or discount.pin is None:
        return None
    return Approval(discount.manager, discount.pin)


def save_quote(
    *,
    engine: Engine,
    catalog: Catalog,
    settings: ShopSettings,
    picks: Picks,
    actor: Actor,
    today: date,
    now: datetime,
    customer_id: int | None,
    discount: DiscountRequest | None,
) -> Done[OrderSummary]:
    from configurator.orders.placing import create_quote

    summary = create_quote(
        engine,
        catalog=catalog,
        settings=settings,
        picks=picks,
        actor=actor,
        today=today,
        customer_id=customer_id,
        discount_percent=discount.percent if discount else Decimal("0"),
        approval=_approval(discount),
        now=now,
    )
    return Done(summary, Changes(orders=True))


def place_order(
    *,
    engine: Engine,
    catalog: Catalog,
    settings: ShopSettings,
    actor: Actor,
    today: date,
    now: datetime,
    picks: Picks | None = None,
    quote: str | None = None,
    customer_id: int | None = None,
    discount: DiscountRequest | None = None,
    accept_backorder: bool = False,
) -> Done[OrderSummary]:
    from configurator.orders.placing import place_order as core_place

    summary = core_place(
        engine,
        catalog=catalog,
        settings=settings,
        actor=actor,
        today=today,
        picks=picks,
        quote=quote,
        customer_id=customer_id,
        discount_percent=discount.percent if discount else None,
        approval=_approval(discount),
        accept_backorder=accept_backorder,
        now=now,
    )
    return Done(summary, Changes(orders=True, stock=True))


def load_orders(
    *, engine: Engine, status: str | None, customer: str | None
) -> Done[list[OrderSummary]]:
    from configurator.orders.views import list_orders

    return Done(list_orders(engine, status=status, customer=customer, limit=500))


def load_order(*, engine: Engine, number: str) -> Done[OrderDetails]:
    from configurator.orders.views import get_order

    return Done(get_order(engine, number))


def advance_order(
    *,
    engine: Engine,
    catalog: Catalog,
    number: str,
    actor: Actor,
    today: date,
    now: datetime,
    serial: str | None,
) -> Done[OrderSummary]:
    """One step; the workbench steps need the workshop's QC sign-off like everywhere else."""
    from configurator.planning.workshop import advance_through_workshop

    summary = advance_through_workshop(
        engine, number, catalog=catalog, actor=actor, today=today, serial_number=serial, now=now
    )
    return Done(summary, Changes(orders=True, stock=True))


def cancel_order(
    *, engine: Engine, number: str, actor: Actor, today: date, now: datetime, reason: str
) -> Done[OrderSummary]:
    from configurator.orders.lifecycle import cancel_order as core_cancel

    summary = core_cancel(engine, number, actor=actor, today=today, reason=reason, now=now)
    return Done(summary, Changes(orders=True, stock=True))


# --- stock -----------------------------------------------------------------------------------


def load_stock(*, engine: Engine) -> Done[list[Any]]:
    from configurator.orders.stock import list_stock

    return Done(list(list_stock(engine)))


def receive_goods(
    *,
    engine: Engine,
    actor: Actor,
    today: date,
    now: datetime,
    part: str,
    qty: int,
    bin: str | None,
    supplier_ref: str,
    catalog: Catalog | None = None,
) -> Done[Any]:
    """With the catalog, backordered sub-assemblies made of the part are built too."""
    from configurator.orders.stock import receive_goods as core_receive

    result = core_receive(
        engine,
        part=part,
        qty=qty,
        actor=actor,
        today=today,
        bin=bin,
        supplier_ref=supplier_ref,
        now=now,
        catalog=catalog,
    )
    return Done(result, Changes(stock=True, orders=bool(result.served or result.built)))


def adjust_stock(
    *,
    engine: Engine,
    actor: Actor,
    today: date,
    now: datetime,
    part: str,
    counted: int,
    reason: str,
    bin: str | None,
) -> Done[Adjustment]:
    """A stock count; a count below what orders hold turns the newest of them into backorders."""
    from configurator.orders.stock import record_count

    result = record_count(
        engine,
        part=part,
        counted=counted,
        reason=reason,
        actor=actor,
        today=today,
        bin=bin,
        now=now,
    )
    return Done(result, Changes(stock=True, orders=bool(result.backordered)))


# --- documents -------------------------------------------------------------------------------

DOCUMENT_TITLES = {
    "quote": "Quote",
    "confirmation": "Order confirmation",
    "assembly": "Assembly sheet",
}


def render_document(
    *,
    engine: Engine,
    catalog: Catalog,
    settings: ShopSettings,
    kind: str,
    number: str,
    folder: Path,
) -> Done[PdfResult]:
    """Render a stored quote's or order's document and save it (atomically) under `folder`."""
    from configurator.documents.from_order import (
        assembly_from_order,
        confirmation_from_order,
        load_order,
        quote_from_order,
    )
    from configurator.documents.writer import render_pdf, save_bytes

    stored = load_order(engine, number)
    if kind == "quote":
        document: Any = quote_from_order(stored, catalog, settings)
    elif kind == "confirmation":
        document = confirmation_from_order(stored, catalog, settings)
    elif kind == "assembly":
        document = assembly_from_order(stored, catalog, settings)
    else:
        raise ValueError(f"unknown document kind {kind!r}")
    rendered = render_pdf(document)
    safe_number = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in number)
    path = folder / f"{safe_number}-{kind}.pdf"
    save_bytes(rendered.data, path)
    title = f"{DOCUMENT_TITLES[kind]} {number}"
    return Done(PdfResult(title, path, rendered.data, rendered.pages, rendered.warnings))
