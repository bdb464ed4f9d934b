"""Stock that turns out to be lost while orders hold it: their reservations shrink and they
become backorders waiting for the next delivery (which serves them like any backorder).

The newest orders give up their parts first, so the orders promised earliest keep theirs.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from configurator.orders.allocation import Take
from configurator.orders.stockio import movements, release
from configurator.orders.users import Actor
from configurator.store.models import (
    MovementKind,
    OrderPart,
    OrderStatus,
    Reservation,
    ReservationState,
    SalesOrder,
    Stock,
)

HOLDING_STATES = (OrderStatus.ORDERED.value, OrderStatus.IN_ASSEMBLY.value)
"""The states in which an order can hold reservations."""


def unreserve_lost(
    session: Session,
    row: Stock,
    lost: int,
    *,
    actor: Actor,
    today: date,
    at: datetime,
    reason: str,
) -> list[str]:
    """Take `lost` reserved units of `row` back from the newest holding orders; they wait for
    stock now (`OrderPart.short`, `SalesOrder.backorder`). Returns their numbers, oldest first."""
    assert row.id is not None
    held = session.exec(
        select(Reservation, SalesOrder)
        .join(SalesOrder, col(SalesOrder.id) == col(Reservation.order_id))
        .where(
            # Only open orders hold parts (assembling consumes, cancelling releases): going
            # through them (status index, then reservations by order) finds the held ones
            # without a reservation state index, which every order would have to write.
            col(SalesOrder.status).in_(HOLDING_STATES),
            Reservation.stock_id == row.id,
            Reservation.state == ReservationState.HELD,
        )
        .order_by(col(SalesOrder.ordered_on).desc(), col(SalesOrder.id).desc(), col(Reservation.id))
    ).all()
    hit: list[SalesOrder] = []
    for reservation, order in held:
        if lost <= 0:
            break
        n = min(lost, reservation.qty)
        take = Take(row.id, row.part, row.bin, n)
        release(session, [take])
        movements(
            session,
            [take],
            kind=MovementKind.RELEASE,
            at=at,
            on_day=today,
            order_id=order.id,
            user_id=actor.id,
            reason=f"stock lost: {reason}",
        )
        if n == reservation.qty:
            reservation.state = ReservationState.RELEASED
        else:
            reservation.qty -= n
        session.add(reservation)
        line = session.exec(
            select(OrderPart)
            .where(OrderPart.order_id == order.id, OrderPart.part == row.part)
            .order_by(col(OrderPart.qty).desc(), col(OrderPart.id))
        ).first()
        if line is not None:
            line.short += n
            session.add(line)
        session.execute(
            update(SalesOrder).where(col(SalesOrder.id) == order.id).values(backorder=True)
        )
        if order not in hit:
            hit.append(order)
        lost -= n
    session.flush()
    return [o.order_number or f"#{o.id}" for o in reversed(hit)]
