"""Stored quotes and orders as documents: the one place that maps store rows to document data.

An order froze its lines, prices, VAT and bill of material when it was placed; the documents
print those frozen figures, never re-priced ones. The current catalog only supplies what the
workshop needs and the order does not store: bins, assembly steps and quality checks. All
reads happen in one read-only session.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from configurator.catalog.model import Catalog, PartQty
from configurator.documents.build import (
    assembly_sheet,
    confirmation_document,
    document_locale,
    shop_header,
)
from configurator.documents.format import DocumentError
from configurator.documents.model import (
    AssemblySheet,
    CatalogRef,
    ConfigLine,
    ConfirmationDocument,
    Customer,
    Discount,
    Offer,
    PartState,
    PartStatus,
    Promise,
    QuoteDocument,
    Totals,
)
from configurator.documents.order_reads import find_orders, read_customers, read_details
from configurator.orders.views import OrderDetails
from configurator.shop import ShopSettings
from configurator.store import models
from configurator.store.database import reader


@dataclass(frozen=True, slots=True)
class StoredOrder:
    """Everything the documents need from the store about one quote or order."""

    order: OrderDetails
    customer: Customer
    next_receipt: Mapping[str, date]
    """Part -> expected date of its next open receipt (for parts the order waits for)."""


def load_order(engine: Engine, number: str) -> StoredOrder:
    """Read an order (or quote) by number, with its customer and the receipts it waits for."""
    return load_orders(engine, [number])[0]


def load_orders(engine: Engine, numbers: Sequence[str]) -> list[StoredOrder]:
    """Several orders in one read-only transaction, one query per table however many.

    The session is a reader's: on SQLite it never takes the write lock, so printing never
    waits for, or blocks, a counter placing an order.
    """
    with _collector_paused(), Session(reader(engine)) as session:
        rows = find_orders(session, numbers)
        customer_rows = read_customers(session, rows)
        orders = read_details(session, rows, customer_rows)
        customers = {key: _customer(row) for key, row in customer_rows.items()}
        waiting = {p.part for order in orders for p in order.parts if p.short > 0}
        receipts: dict[str, date] = {}
        if waiting:
            for receipt in session.exec(
                select(models.Receipt)
                .where(
                    col(models.Receipt.part).in_(waiting), col(models.Receipt.received).is_(False)
                )
                .order_by(col(models.Receipt.expected_on))
            ).all():
                receipts.setdefault(receipt.part, receipt.expected_on)
        session.rollback()  # read-only; rows are not used after this
    loaded = []
    for order in orders:
        short = {p.part for p in order.parts if p.short > 0}
        customer = customers.get(order.customer_id) if order.customer_id else None
        loaded.append(
            StoredOrder(
                order,
                customer or WALK_IN,
                {part: day for part, day in receipts.items() if part in short},
            )
        )
    return loaded


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while reading: a batch creates thousands of ORM objects
    that all stay alive, and the collections they trigger found nothing to free but took half
    of the read time."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


WALK_IN = Customer(name="Walk-in customer")


def _customer(row: models.Customer) -> Customer:
    address = tuple(line.strip() for line in row.address.splitlines() if line.strip())
    return Customer(name=row.name, address=address, email=row.email, phone=row.phone)


def _catalog_ref(stored: StoredOrder, catalog: Catalog) -> CatalogRef:
    order = stored.order
    if order.catalog_id != catalog.id:
        raise DocumentError(
            f"Order {order.summary.number} was made in catalog {order.catalog_id}, "
            f"but the shop now uses {catalog.id}.",
            hint="Point shop.toml's catalog at the catalog file the order was made in.",
        )
    return CatalogRef(catalog.id, catalog.name, order.catalog_version[:12] or "unversioned")


def _picks(order: OrderDetails) -> dict[str, Any]:
    return {
        group: ({str(k): int(v) for k, v in value.items()} if isinstance(value, dict) else value)
        for group, value in order.picks.items()
    }


def _offer(stored: StoredOrder, catalog: Catalog, settings: ShopSettings) -> Offer:
    order = stored.order
    summary = order.summary
    discount = None
    if summary.discount_amount:
        discount = Discount(
            amount=summary.discount_amount,
            percent=summary.discount_percent or None,
            approved_by=order.discount_approved_by,
        )
    totals = Totals(
        base_price=order.base_price,
        options=summary.list_price - order.base_price,
        discount=discount,
        net=summary.total - summary.vat_amount,
        vat_rate=order.vat_rate,
        vat=summary.vat_amount,
        gross=summary.total,
        prices_include_vat=True,
    )
    promise = None
    if summary.handover_on is not None:
        promise = Promise(summary.handover_on, order.promise_reason, summary.promised_on)
    return Offer(
        customer=stored.customer,
        lines=tuple(
            ConfigLine(line.group_label, line.option_label, line.qty, line.unit_price)
            for line in order.lines
        ),
        totals=totals,
        configuration_code=order.config_code,
        catalog=_catalog_ref(stored, catalog),
        promise=promise,
        notes=order.notes,
        terms=settings.terms,
    )


def quote_from_order(
    stored: StoredOrder, catalog: Catalog, settings: ShopSettings
) -> QuoteDocument:
    """The quote of a stored quote; of an order, the offer behind it (its quote number if it
    had one, no validity promise: the customer already accepted it)."""
    summary = stored.order.summary
    return QuoteDocument(
        shop=shop_header(settings),
        offer=_offer(stored, catalog, settings),
        quote_number=summary.quote_number or ("" if summary.order_number else summary.number),
        issued=summary.quoted_on,
        valid_until=summary.valid_until,
        locale=document_locale(settings, catalog),
        order_number=summary.order_number or "",
        ordered_on=summary.ordered_on,
    )


def _require_order(stored: StoredOrder, what: str) -> tuple[str, date]:
    summary = stored.order.summary
    if summary.order_number is None or summary.ordered_on is None:
        raise DocumentError(
            f"{summary.number} is a quote, not an order: it has no {what}.",
            hint=f"Place the order first (configurator order place {summary.number}), "
            f"or print the quote (configurator doc quote {summary.number}).",
        )
    if summary.status == models.OrderStatus.CANCELLED:
        raise DocumentError(
            f"Order {summary.order_number} was cancelled; it has no {what}.",
            hint="Print the quote instead if the customer wants the offer again.",
        )
    return summary.order_number, summary.ordered_on


BUILT_INTO = {models.OrderStatus.ASSEMBLED, models.OrderStatus.HANDED_OVER}
"""Order states in which every part has gone into the laptop."""


def _part_states(stored: StoredOrder, catalog: Catalog) -> tuple[PartStatus, ...]:
    parts = []
    consumed = stored.order.summary.status in BUILT_INTO
    for view in stored.order.parts:
        if view.parent is not None:
            continue  # sub-parts of an assembly the workshop builds: internal
        if consumed:
            state, expected = PartState.CONSUMED, None
        elif view.reserved >= view.qty:
            state, expected = PartState.RESERVED, None
        elif view.built:
            state, expected = PartState.TO_BUILD, None
        elif view.part in stored.next_receipt:
            state, expected = PartState.ON_ORDER, stored.next_receipt[view.part]
        else:
            state, expected = PartState.MISSING, None
        component = catalog.components.get(view.part)
        name = component.name if component else view.part
        parts.append(PartStatus(view.part, name, view.qty, state, expected))
    return tuple(parts)


def confirmation_from_order(
    stored: StoredOrder, catalog: Catalog, settings: ShopSettings
) -> ConfirmationDocument:
    order_number, ordered_on = _require_order(stored, "order confirmation")
    summary = stored.order.summary
    return confirmation_document(
        offer=_offer(stored, catalog, settings),
        settings=settings,
        order_number=order_number,
        order_date=ordered_on,
        handover=summary.handover_on or summary.promised_on or ordered_on,
        parts=_part_states(stored, catalog),
        quote_number=summary.quote_number or "",
    )


def assembly_from_order(
    stored: StoredOrder, catalog: Catalog, settings: ShopSettings
) -> AssemblySheet:
    order_number, ordered_on = _require_order(stored, "assembly sheet")
    order = stored.order
    summary = order.summary
    picks = _picks(order)
    top = [p for p in order.parts if p.parent is None]  # build.workshop orders them
    reserved: dict[str, int] = {}
    for view in order.parts:
        reserved[view.part] = reserved.get(view.part, 0) + view.reserved
    ref = _catalog_ref(stored, catalog)
    sheet = assembly_sheet(
        catalog=catalog,
        picks=picks,
        bom=[PartQty(p.part, p.qty) for p in top],
        settings=settings,
        order_number=order_number,
        configuration_code=order.config_code,
        customer_name=stored.customer.name,
        due=summary.promised_on or summary.handover_on or ordered_on,
        reserved=reserved,
        built={p.part: p.built for p in top if p.built},
        notes=order.notes,
        serial_number=order.serial_number or "",
        lines=tuple(
            ConfigLine(line.group_label, line.option_label, line.qty, line.unit_price)
            for line in order.lines
        ),
    )
    return replace(sheet, catalog=ref)
