"""Read-only views of quotes and orders for the CLI, the GUI and the documents.

Plain frozen dataclasses, so callers never hold a database session or lazy ORM object.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, or_, select

from configurator.orders.errors import OrderError
from configurator.store.database import reader
from configurator.store.models import (
    Customer,
    OrderLine,
    OrderPart,
    Reservation,
    ReservationState,
    SalesOrder,
    User,
)


@dataclass(frozen=True, slots=True)
class LineView:
    group_id: str
    group_label: str
    option_id: str | None
    option_label: str
    qty: int
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class PartView:
    part: str
    qty: int
    reserved: int
    """Units held for this order (consumed ones count once assembled)."""
    short: int
    parent: str | None
    built: int
    bins: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OrderSummary:
    id: int
    number: str
    """The order number, or the quote number while it is a quote."""
    quote_number: str | None
    order_number: str | None
    status: str
    customer: str | None
    created_by: str
    quoted_on: date
    valid_until: date
    ordered_on: date | None
    list_price: Decimal
    discount_percent: Decimal
    discount_amount: Decimal
    total: Decimal
    vat_amount: Decimal
    backorder: bool
    promised_on: date | None
    handover_on: date | None


@dataclass(frozen=True, slots=True)
class OrderDetails:
    summary: OrderSummary
    customer_id: int | None
    catalog_id: str
    catalog_version: str
    config_code: str
    picks: dict[str, Any]
    base_price: Decimal
    vat_rate: Decimal
    discount_approved_by: str | None
    promise_reason: str
    serial_number: str | None
    assembled_on: date | None
    handed_over_on: date | None
    cancelled_on: date | None
    cancel_reason: str
    notes: str
    created_at: datetime
    lines: tuple[LineView, ...]
    parts: tuple[PartView, ...]


def to_jsonable(value: Any) -> Any:
    """Dataclasses, dates and Decimals as JSON values (Decimals as strings: exact)."""
    if hasattr(value, "__dataclass_fields__"):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _user_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.name).where(col(User.id).in_(ids))).all()
    return {uid: name for uid, name in rows if uid is not None}


def summarize(
    session: Session, order: SalesOrder, *, created_by: str | None = None
) -> OrderSummary:
    """The summary of `order` (pass `created_by` when the caller knows the name: one query
    less on the order path)."""
    assert order.id is not None
    customer = session.get(Customer, order.customer_id) if order.customer_id else None
    if created_by is None:
        created_by = _user_names(session, {order.created_by}).get(order.created_by, "?")
    return _summary(order, customer.name if customer else None, created_by)


def _summary(order: SalesOrder, customer: str | None, created_by: str) -> OrderSummary:
    assert order.id is not None
    return OrderSummary(
        id=order.id,
        number=order.order_number or order.quote_number or f"#{order.id}",
        quote_number=order.quote_number,
        order_number=order.order_number,
        status=order.status,
        customer=customer,
        created_by=created_by,
        quoted_on=order.quoted_on,
        valid_until=order.valid_until,
        ordered_on=order.ordered_on,
        list_price=order.list_price,
        discount_percent=order.discount_percent,
        discount_amount=order.discount_amount,
        total=order.total,
        vat_amount=order.vat_amount,
        backorder=order.backorder,
        promised_on=order.promised_on,
        handover_on=order.handover_on,
    )


def summary_of(values: dict[str, Any], *, customer: str | None, created_by: str) -> OrderSummary:
    """The summary of an order from its column values (the order path never loads the row)."""
    return OrderSummary(
        id=values["id"],
        number=values["order_number"] or values["quote_number"] or f"#{values['id']}",
        quote_number=values["quote_number"],
        order_number=values["order_number"],
        status=values["status"],
        customer=customer,
        created_by=created_by,
        quoted_on=values["quoted_on"],
        valid_until=values["valid_until"],
        ordered_on=values["ordered_on"],
        list_price=values["list_price"],
        discount_percent=values["discount_percent"],
        discount_amount=values["discount_amount"],
        total=values["total"],
        vat_amount=values["vat_amount"],
        backorder=values["backorder"],
        promised_on=values["promised_on"],
        handover_on=values["handover_on"],
    )


def find_order(session: Session, number: str, *, for_update: bool = False) -> SalesOrder:
    """The quote or order with this order number, quote number or database id (#12)."""
    number = number.strip()
    query = select(SalesOrder)
    if number.startswith("#") and number[1:].isdigit():
        query = query.where(SalesOrder.id == int(number[1:]))
    else:
        query = query.where(
            or_(col(SalesOrder.order_number) == number, col(SalesOrder.quote_number) == number)
        )
    if for_update:
        query = query.with_for_update()
    order = session.exec(query).first()
    if order is None:
        raise OrderError(
            f"There is no order or quote {number!r}.",
            hint="Order numbers look like 2026-00042, quote numbers like Q-2026-00042 "
            "(configurator order list shows them).",
        )
    return order


def details(session: Session, order: SalesOrder) -> OrderDetails:
    assert order.id is not None
    lines = session.exec(
        select(OrderLine).where(OrderLine.order_id == order.id).order_by(col(OrderLine.position))
    ).all()
    parts = session.exec(
        select(OrderPart).where(OrderPart.order_id == order.id).order_by(col(OrderPart.id))
    ).all()
    reservations = session.exec(
        select(Reservation).where(
            Reservation.order_id == order.id,
            col(Reservation.state).in_([ReservationState.HELD, ReservationState.CONSUMED]),
        )
    ).all()
    names = _user_names(
        session,
        {order.created_by} | ({order.discount_approved_by} - {None}),  # type: ignore[operator]
    )
    customer = session.get(Customer, order.customer_id) if order.customer_id else None
    return details_from_rows(
        order,
        lines,
        part_views(parts, reservations),
        customer=customer.name if customer else None,
        names=names,
    )


def part_views(
    parts: Sequence[OrderPart], reservations: Sequence[Reservation]
) -> tuple[PartView, ...]:
    """Each BOM line with what is held for it and where."""
    held: dict[str, int] = {}
    bins: dict[str, list[str]] = {}
    for res in reservations:
        held[res.part] = held.get(res.part, 0) + res.qty
        if res.bin not in bins.setdefault(res.part, []):
            bins[res.part].append(res.bin)
    # A part that is both on the BOM and a sub-part of another line shares one reservation
    # pool; hand the held units out line by line so each line shows what is really there.
    remaining = dict(held)
    views = []
    for p in parts:
        got = min(remaining.get(p.part, 0), p.qty)
        remaining[p.part] = remaining.get(p.part, 0) - got
        views.append(
            PartView(p.part, p.qty, got, p.short, p.parent, p.built, tuple(bins.get(p.part, ())))
        )
    return tuple(views)


def details_from_rows(
    order: SalesOrder,
    lines: Sequence[OrderLine],
    parts: tuple[PartView, ...],
    *,
    customer: str | None,
    names: Mapping[int, str],
) -> OrderDetails:
    """An order's details from rows already read (one order here, a batch for documents)."""
    return OrderDetails(
        summary=_summary(order, customer, names.get(order.created_by, "?")),
        customer_id=order.customer_id,
        catalog_id=order.catalog_id,
        catalog_version=order.catalog_version,
        config_code=order.config_code,
        picks=dict(order.picks),
        base_price=order.base_price,
        vat_rate=order.vat_rate,
        discount_approved_by=(
            names.get(order.discount_approved_by) if order.discount_approved_by else None
        ),
        promise_reason=order.promise_reason,
        serial_number=order.serial_number,
        assembled_on=order.assembled_on,
        handed_over_on=order.handed_over_on,
        cancelled_on=order.cancelled_on,
        cancel_reason=order.cancel_reason,
        notes=order.notes,
        created_at=order.created_at,
        lines=tuple(
            LineView(
                ln.group_id, ln.group_label, ln.option_id, ln.option_label, ln.qty, ln.unit_price
            )
            for ln in lines
        ),
        parts=parts,
    )


def get_order(engine: Engine, number: str) -> OrderDetails:
    with Session(reader(engine)) as session:
        result = details(session, find_order(session, number))
        session.rollback()
    return result


def list_orders(
    engine: Engine,
    *,
    status: str | None = None,
    customer: str | None = None,
    limit: int = 100,
) -> list[OrderSummary]:
    """Newest first by the date shown (ordered on, or quoted on for a quote), ties by number
    (newest first); `customer` matches part of the name (case-insensitive)."""
    shown_on = func.coalesce(col(SalesOrder.ordered_on), col(SalesOrder.quoted_on))
    number = func.coalesce(col(SalesOrder.order_number), col(SalesOrder.quote_number))
    with Session(reader(engine)) as session:
        query = (
            select(SalesOrder, Customer.name, User.name)
            .join(Customer, col(Customer.id) == col(SalesOrder.customer_id), isouter=True)
            .join(User, col(User.id) == col(SalesOrder.created_by))
            .order_by(shown_on.desc(), number.desc(), col(SalesOrder.id).desc())
            .limit(limit)
        )
        if status:
            query = query.where(SalesOrder.status == status)
        if customer:
            query = query.where(col(Customer.name).ilike(f"%{customer}%"))
        rows = session.exec(query).all()
        result = [_summary(order, cust, user) for order, cust, user in rows]
        session.rollback()
    return result
