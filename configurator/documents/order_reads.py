"""Reading many stored orders at once, for a batch of documents.

`configurator.orders.views.details` reads one order with six queries; a morning's batch of 200
assembly sheets spent more time in those 1,200 small queries than in rendering. This reads
the same `OrderDetails` for any number of orders with one query per table. The result must
equal `details` order for order (a test compares them), so the rules below mirror it: lines
by position, parts by id, held and consumed reservations handed out to part lines in order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, or_, select

from configurator.orders.views import OrderDetails, details_from_rows, find_order, part_views
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
class _Queries:
    orders: Any
    lines: Any
    parts: Any
    reservations: Any
    users: Any
    customers: Any


@cache
def _queries() -> _Queries:
    """The batch's statements, built once: building a statement (column coercion, IN lists)
    cost as much as running it. Lists are bound at execution ("expanding" parameters)."""
    ids: Any = bindparam("ids", expanding=True)
    return _Queries(
        orders=select(SalesOrder).where(
            or_(
                col(SalesOrder.order_number).in_(bindparam("names", expanding=True)),
                col(SalesOrder.quote_number).in_(bindparam("names", expanding=True)),
                col(SalesOrder.id).in_(ids),
            )
        ),
        lines=select(OrderLine)
        .where(col(OrderLine.order_id).in_(ids))
        .order_by(col(OrderLine.order_id), col(OrderLine.position)),
        parts=select(OrderPart).where(col(OrderPart.order_id).in_(ids)).order_by(col(OrderPart.id)),
        reservations=select(Reservation)
        .where(
            col(Reservation.order_id).in_(ids),
            col(Reservation.state).in_([ReservationState.HELD, ReservationState.CONSUMED]),
        )
        .order_by(col(Reservation.id)),
        users=select(User.id, User.name).where(col(User.id).in_(ids)),
        customers=select(Customer).where(col(Customer.id).in_(ids)),
    )


def find_orders(session: Session, numbers: Sequence[str]) -> list[SalesOrder]:
    """The orders with these numbers (order, quote or #id), in the order asked for."""
    wanted = [n.strip() for n in numbers]
    ids = [int(n[1:]) for n in wanted if n.startswith("#") and n[1:].isdigit()]
    names = [n for n in wanted if not (n.startswith("#") and n[1:].isdigit())]
    found = session.exec(_queries().orders, params={"names": names, "ids": ids}).all()
    by_key: dict[str, SalesOrder] = {}
    for row in found:
        by_key[f"#{row.id}"] = row
        for number in (row.order_number, row.quote_number):
            if number:
                by_key[number] = row
    # A number that matched nothing gets the store's own error message.
    return [by_key[n] if n in by_key else find_order(session, n) for n in wanted]


def read_customers(session: Session, orders: Sequence[SalesOrder]) -> dict[int, Customer]:
    """The customers of `orders` by id."""
    ids = sorted({o.customer_id for o in orders if o.customer_id is not None})
    if not ids:
        return {}
    rows = session.exec(_queries().customers, params={"ids": ids}).all()
    return {c.id: c for c in rows if c.id is not None}


def read_details(
    session: Session,
    orders: Sequence[SalesOrder],
    customers: Mapping[int, Customer] | None = None,
) -> list[OrderDetails]:
    """`OrderDetails` of every order, with one query per table (`customers`: already read)."""
    queries = _queries()
    ids = sorted({o.id for o in orders if o.id is not None})
    lines: dict[int, list[OrderLine]] = defaultdict(list)
    for line in session.exec(queries.lines, params={"ids": ids}).all():
        lines[line.order_id].append(line)
    parts: dict[int, list[OrderPart]] = defaultdict(list)
    for part in session.exec(queries.parts, params={"ids": ids}).all():
        parts[part.order_id].append(part)
    reservations: dict[int, list[Reservation]] = defaultdict(list)
    for res in session.exec(queries.reservations, params={"ids": ids}).all():
        reservations[res.order_id].append(res)
    user_ids = {o.created_by for o in orders} | {
        o.discount_approved_by for o in orders if o.discount_approved_by is not None
    }
    names = {
        uid: name
        for uid, name in session.exec(queries.users, params={"ids": sorted(user_ids)}).all()
        if uid is not None
    }
    if customers is None:
        customers = read_customers(session, orders)
    out = []
    for order in orders:
        assert order.id is not None
        customer = customers.get(order.customer_id) if order.customer_id else None
        out.append(
            details_from_rows(
                order,
                lines[order.id],
                part_views(parts[order.id], reservations[order.id]),
                customer=customer.name if customer else None,
                names=names,
            )
        )
    return out
