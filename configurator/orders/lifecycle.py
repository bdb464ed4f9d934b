"""After the order: assembly (consumes parts, records the serial number), handover, cancel.

quote -> ordered -> in_assembly -> assembled -> handed_over
  \\---------\\------------\\--> cancelled (releases every held reservation)
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from configurator.orders.allocation import Take
from configurator.orders.audit import AuditAction, record
from configurator.orders.errors import OrderError
from configurator.orders.retry import run_write
from configurator.orders.stockio import consume, movements, release
from configurator.orders.users import Actor, require_right
from configurator.orders.views import OrderSummary, find_order, summarize
from configurator.store.models import (
    MovementKind,
    OrderPart,
    OrderStatus,
    Reservation,
    ReservationState,
    SalesOrder,
)

NEXT_STATUS: dict[OrderStatus, OrderStatus] = {
    OrderStatus.ORDERED: OrderStatus.IN_ASSEMBLY,
    OrderStatus.IN_ASSEMBLY: OrderStatus.ASSEMBLED,
    OrderStatus.ASSEMBLED: OrderStatus.HANDED_OVER,
}
CANCELLABLE = frozenset({OrderStatus.QUOTE, OrderStatus.ORDERED, OrderStatus.IN_ASSEMBLY})
MAX_SERIAL = 64


def _held(session: Session, order_id: int) -> list[Reservation]:
    return list(
        session.exec(
            select(Reservation)
            .where(Reservation.order_id == order_id, Reservation.state == ReservationState.HELD)
            .order_by(col(Reservation.stock_id))
        ).all()
    )


def _takes(reservations: list[Reservation]) -> list[Take]:
    return [Take(r.stock_id, r.part, r.bin, r.qty) for r in reservations]


def _per_part(takes: list[Take]) -> dict[str, int]:
    out: dict[str, int] = {}
    for take in takes:
        out[take.part] = out.get(take.part, 0) + take.qty
    return out


def _mark(session: Session, reservations: list[Reservation], state: ReservationState) -> None:
    ids = [r.id for r in reservations]
    if ids:
        session.execute(
            update(Reservation).where(col(Reservation.id).in_(ids)).values(state=state.value)
        )


def advance_order(
    engine: Engine,
    number: str,
    *,
    actor: Actor,
    today: date,
    serial_number: str | None = None,
    now: datetime | None = None,
) -> OrderSummary:
    """Move an order one step on; assembling needs the serial number and consumes the parts."""
    at = now or datetime.now(UTC)
    serial = (serial_number or "").strip() or None
    if serial is not None and len(serial) > MAX_SERIAL:
        raise OrderError(f"A serial number has at most {MAX_SERIAL} characters.")

    def work(session: Session) -> OrderSummary:
        order = find_order(session, number, for_update=True)
        status = OrderStatus(order.status)
        target = NEXT_STATUS.get(status)
        if target is None:
            hint = (
                "Place the order first (configurator order place --quote NUMBER)."
                if status is OrderStatus.QUOTE
                else "Nothing follows this state."
            )
            raise OrderError(f"{number} is {status.value}; it cannot be advanced.", hint=hint)
        assert order.id is not None
        if target is OrderStatus.IN_ASSEMBLY:
            require_right(actor, "assemble")
            _check_parts_there(session, order)
        elif target is OrderStatus.ASSEMBLED:
            require_right(actor, "assemble")
            if serial is None:
                raise OrderError(
                    f"Assembling {number} needs the laptop's serial number.",
                    hint="Pass --serial SERIAL (it is printed on the mainboard label).",
                )
            clash = serial_taken_by(session, serial, order.id)
            if clash is not None:
                raise OrderError(f"Serial number {serial} is already on order {clash}.")
            held = _held(session, order.id)
            consume(session, _takes(held))
            movements(
                session,
                _takes(held),
                kind=MovementKind.CONSUMPTION,
                at=at,
                on_day=today,
                order_id=order.id,
                user_id=actor.id,
                reason=f"assembled, serial {serial}",
            )
            _mark(session, held, ReservationState.CONSUMED)
            order.serial_number = serial
            order.assembled_on = today
        else:
            require_right(actor, "handover")
            order.handed_over_on = today
        order.status = target
        order.updated_at = at
        session.add(order)
        session.flush()
        return summarize(session, order)

    return run_write(engine, work)


def _check_parts_there(session: Session, order: SalesOrder) -> None:
    waiting = session.exec(
        select(OrderPart.part, func.sum(OrderPart.short))
        .where(OrderPart.order_id == order.id, col(OrderPart.short) > 0)
        .group_by(OrderPart.part)
    ).all()
    if waiting:
        names = ", ".join(f"{qty} x {part}" for part, qty in waiting)
        raise OrderError(
            f"{order.order_number} still waits for parts: {names}.",
            hint="Book the delivery in (configurator stock receive) first.",
        )


def cancel_order(
    engine: Engine,
    number: str,
    *,
    actor: Actor,
    today: date,
    reason: str,
    now: datetime | None = None,
) -> OrderSummary:
    """Cancel a quote or an open order; its held parts go back to available stock."""
    require_right(actor, "cancel")
    at = now or datetime.now(UTC)
    reason = reason.strip()
    if not reason:
        raise OrderError("A cancellation needs a reason.", hint="Say why, e.g. --reason ...")
    if len(reason) > 500:
        raise OrderError("A cancellation reason has at most 500 characters.")

    def work(session: Session) -> OrderSummary:
        order = find_order(session, number, for_update=True)
        status = OrderStatus(order.status)
        if status is OrderStatus.CANCELLED:
            raise OrderError(
                f"{number} is already cancelled"
                + (f" ({order.cancel_reason})." if order.cancel_reason else "."),
                hint="Nothing to do: its parts were released when it was cancelled.",
            )
        if status not in CANCELLABLE:
            raise OrderError(
                f"{number} is {status.value} and cannot be cancelled.",
                hint="Assembled laptops are returned, not cancelled; ask a manager.",
            )
        assert order.id is not None
        held = _held(session, order.id)
        release(session, _takes(held))
        movements(
            session,
            _takes(held),
            kind=MovementKind.RELEASE,
            at=at,
            on_day=today,
            order_id=order.id,
            user_id=actor.id,
            reason=f"cancelled: {reason}",
        )
        _mark(session, held, ReservationState.RELEASED)
        order.status = OrderStatus.CANCELLED
        order.cancelled_on = today
        order.cancel_reason = reason
        order.updated_at = at
        session.add(order)
        record(
            session,
            action=AuditAction.CANCELLATION,
            entity="order",
            entity_id=order.order_number or order.quote_number or str(order.id),
            user_id=actor.id,
            at=at,
            previous_status=status.value,
            reason=reason,
            released=_per_part(_takes(held)),
        )
        session.flush()
        return summarize(session, order)

    return run_write(engine, work)


def serial_key(serial: str) -> str:
    """Serials are compared without surrounding blanks and case: SN-1 and sn-1 are one label."""
    return serial.strip().casefold()


def serial_taken_by(session: Session, serial: str, order_id: int) -> str | None:
    """The number of another order that already carries `serial` (compared by `serial_key`).

    Compared in Python, not SQL: SQLite's lower() folds ASCII only, casefold() all of Unicode."""
    key = serial_key(serial)
    rows = session.exec(
        select(SalesOrder.order_number, SalesOrder.serial_number).where(
            col(SalesOrder.serial_number).is_not(None), SalesOrder.id != order_id
        )
    ).all()
    return next((str(num) for num, sn in rows if sn is not None and serial_key(sn) == key), None)
