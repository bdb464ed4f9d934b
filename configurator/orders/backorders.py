"""Backorders served by a delivery: orders waiting for the delivered part itself, then
sub-assemblies the delivery lets the shop build.

Orders waiting for the part get the free units, oldest order first.

An order that waits for a sub-assembly the shop builds itself (`made_of`) records the
shortage on the sub-assembly's line. The sub-assembly may arrive as such, or the shop builds
it once its parts are there: after a delivery, every waiting order whose short sub-assembly
is made (at any level) of the delivered part is planned again against the stock now there,
oldest order first. Each unit that can now be built moves to its parts: the parts are
reserved for the order (reservations and movements like at order time), the sub-assembly's
line is no longer short and counts the unit as `built`, and the parts get their own lines
under it (`parent`), so the assembly sheet and the workshop plan the build. A unit whose
parts are not all there stays short and keeps nothing reserved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, update
from sqlmodel import Session, col, func, select

from configurator.catalog.model import Component
from configurator.orders.allocation import PartLine, Plan, Take, parts_to_read, plan_allocation
from configurator.orders.records import write_reservations
from configurator.orders.stockio import movements, read_bins, reserve
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


def serve_backorders(  # noqa: PLR0917 - the delivery's facts, positionally
    session: Session,
    part: str,
    stock_id: int,
    bin_: str,
    qty: int,
    actor: Actor,
    today: date,
    at: datetime,
) -> dict[str, int]:
    """Reserve up to `qty` free units of a delivered part for the orders waiting for the part
    itself, oldest first; returns order number -> units."""
    waiting = session.exec(
        select(OrderPart, SalesOrder.order_number)
        .join(SalesOrder, col(SalesOrder.id) == col(OrderPart.order_id))
        .where(
            OrderPart.part == part,
            col(OrderPart.short) > 0,
            col(SalesOrder.status).in_([OrderStatus.ORDERED, OrderStatus.IN_ASSEMBLY]),
        )
        .order_by(col(SalesOrder.ordered_on), col(SalesOrder.id))
    ).all()
    stock = session.get(Stock, stock_id)
    assert stock is not None
    session.refresh(stock)
    free = min(qty, stock.on_hand - stock.reserved)
    served: dict[str, int] = {}
    for line, number in waiting:
        if free <= 0:
            break
        n = min(free, line.short)
        take = Take(stock_id, part, bin_, n)
        reserve(session, [take])
        session.execute(
            insert(Reservation),
            [
                {
                    "order_id": line.order_id,
                    "part": part,
                    "bin": bin_,
                    "stock_id": stock_id,
                    "qty": n,
                    "state": ReservationState.HELD.value,
                    "created_at": at,
                }
            ],
        )
        movements(
            session,
            [take],
            kind=MovementKind.RESERVATION,
            at=at,
            on_day=today,
            order_id=line.order_id,
            user_id=actor.id,
            reason="backorder served from delivery",
        )
        line.short -= n
        session.add(line)
        served[number or f"#{line.order_id}"] = served.get(number or "", 0) + n
        free -= n
    session.flush()
    clear_backorder_flags(session, [line.order_id for line, _ in waiting])
    return served


def clear_backorder_flags(session: Session, order_ids: list[int]) -> None:
    for order_id in set(order_ids):
        still = session.exec(
            select(func.count())
            .select_from(OrderPart)
            .where(OrderPart.order_id == order_id, col(OrderPart.short) > 0)
        ).one()
        if not still:
            session.execute(
                update(SalesOrder).where(col(SalesOrder.id) == order_id).values(backorder=False)
            )


@dataclass(frozen=True, slots=True)
class BuildServed:
    """Units of a sub-assembly an order no longer waits for: built from parts now reserved
    for it (or, if some arrived meanwhile, taken from stock)."""

    order: str
    part: str
    units: int
    order_id: int


def assemblies_using(part: str, components: Mapping[str, Component]) -> set[str]:
    """The sub-assemblies made of `part` at any level of `made_of`."""
    users: set[str] = set()
    todo = [part]
    while todo:
        current = todo.pop()
        for comp in components.values():
            if comp.id not in users and any(e.part == current for e in comp.made_of):
                users.add(comp.id)
                todo.append(comp.id)
    return users


def serve_builds(
    session: Session,
    part: str,
    *,
    components: Mapping[str, Component],
    actor: Actor,
    today: date,
    at: datetime,
) -> tuple[BuildServed, ...]:
    """After a delivery of `part`: build what waiting orders' short sub-assemblies need from
    the stock now free (see the module docstring); returns what was served."""
    assemblies = assemblies_using(part, components)
    if not assemblies:
        return ()
    waiting = session.exec(
        select(OrderPart, SalesOrder.order_number)
        .join(SalesOrder, col(SalesOrder.id) == col(OrderPart.order_id))
        .where(
            col(OrderPart.part).in_(sorted(assemblies)),
            col(OrderPart.short) > 0,
            col(OrderPart.parent).is_(None),
            col(SalesOrder.status).in_([OrderStatus.ORDERED, OrderStatus.IN_ASSEMBLY]),
        )
        .order_by(col(SalesOrder.ordered_on), col(SalesOrder.id), col(OrderPart.id))
    ).all()
    served: list[BuildServed] = []
    for line, number in waiting:
        need = {line.part: line.short}
        rows = read_bins(session, parts_to_read(need, components))
        plan = plan_allocation(need, rows, components)
        top = plan.lines[0]
        got = line.short - top.short
        if got <= 0:
            continue
        reserve(session, plan.takes)
        write_reservations(
            session,
            line.order_id,
            plan,
            actor=actor,
            today=today,
            at=at,
            reason=f"backorder: parts to build {line.part} arrived",
        )
        line.short = top.short
        line.built += top.built
        session.add(line)
        _add_sub_lines(session, line.order_id, plan)
        served.append(BuildServed(number or f"#{line.order_id}", line.part, got, line.order_id))
        session.flush()
    return tuple(served)


def _add_sub_lines(session: Session, order_id: int, plan: Plan) -> None:
    """Merge the plan's parts-of-a-build lines into the order's frozen bill of material."""
    subs: list[PartLine] = [ln for ln in plan.lines if ln.parent is not None]
    if not subs:
        return
    existing = {
        (row.part, row.parent): row
        for row in session.exec(
            select(OrderPart).where(
                OrderPart.order_id == order_id, col(OrderPart.parent).is_not(None)
            )
        ).all()
    }
    for ln in subs:
        row = existing.get((ln.part, ln.parent))
        if row is None:
            session.add(
                OrderPart(
                    order_id=order_id,
                    part=ln.part,
                    qty=ln.qty,
                    parent=ln.parent,
                    built=ln.built,
                )
            )
        else:
            row.qty += ln.qty
            row.built += ln.built
            session.add(row)
