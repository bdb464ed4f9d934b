"""The assembly queue: which laptop the workshop takes next, and when each one gets done.

Orders in assembly come first (someone is working on them), then waiting orders by promised
day, then order date. They are booked into the workshop calendar one after the other with the
inventory's scheduler (working days, hours, assemblers, holidays), so each entry shows its
planned start and finish and whether that still keeps the promise made to the customer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from configurator.catalog.model import Catalog
from configurator.planning.workshop_models import WorkshopEvent, WorkshopEventKind
from configurator.shop import ShopSettings
from configurator.store.database import reader
from configurator.store.models import Customer, OrderPart, OrderStatus, SalesOrder, User

QUEUE_STATES = (OrderStatus.IN_ASSEMBLY.value, OrderStatus.ORDERED.value)


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One laptop waiting for (or on) the workbench."""

    position: int
    order_number: str
    status: str
    customer: str | None
    config_code: str
    ordered_on: date | None
    promised_on: date | None
    """The assembly day promised to the customer."""
    handover_on: date | None
    minutes: int
    waiting_for: tuple[str, ...]
    """Parts a backorder still waits for ("2 x RAM-16")."""
    planned_start: date
    planned_finish: date
    """When the workshop gets to it with the queue's capacity (calendar, assemblers)."""
    started_by: str | None = None
    started_at: datetime | None = None

    @property
    def late(self) -> bool:
        """The plan finishes after the promised day."""
        return self.promised_on is not None and self.planned_finish > self.promised_on


def _rows(session: Session, statement: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in session.connection().execute(statement)]


def _minutes(catalog: Catalog, built: Sequence[tuple[str, int]]) -> int:
    extra = 0
    for part, count in built:
        comp = catalog.components.get(part)
        if comp is not None and comp.build_minutes:
            extra += comp.build_minutes * count
    return catalog.assembly_minutes + extra


def assembly_queue(
    engine: Engine, *, catalog: Catalog, settings: ShopSettings, today: date
) -> list[QueueEntry]:
    """Open orders in the order the workshop should take them, with their planned days."""
    from configurator.inventory.promise import QueuedJob, schedule

    order = SalesOrder.__table__.c  # type: ignore[attr-defined]
    part = OrderPart.__table__.c  # type: ignore[attr-defined]
    customer_t = Customer.__table__  # type: ignore[attr-defined]
    customer = customer_t.c
    event = WorkshopEvent.__table__.c  # type: ignore[attr-defined]
    user_t = User.__table__  # type: ignore[attr-defined]
    user = user_t.c
    with Session(reader(engine)) as session:
        heads = _rows(
            session,
            select(
                order.id,
                order.order_number,
                order.status,
                customer.name,
                order.config_code,
                order.ordered_on,
                order.promised_on,
                order.handover_on,
            )
            .outerjoin(customer_t, customer.id == order.customer_id)
            .where(order.status.in_(QUEUE_STATES)),
        )
        ids = [h[0] for h in heads]
        parts = _rows(
            session,
            select(part.order_id, part.part, part.short, part.built).where(
                part.order_id.in_(ids), (part.short > 0) | (part.built > 0)
            ),
        )
        starts = _rows(
            session,
            select(event.order_id, user.name, event.at)
            .join(user_t, user.id == event.user_id)
            .where(event.order_id.in_(ids), event.kind == WorkshopEventKind.START.value)
            .order_by(event.id),
        )
        session.rollback()
    waiting: dict[int, list[str]] = {}
    built: dict[int, list[tuple[str, int]]] = {}
    for oid, part_id, short, n_built in parts:
        if short:
            waiting.setdefault(oid, []).append(f"{short} x {part_id}")
        if n_built:
            built.setdefault(oid, []).append((part_id, int(n_built)))
    started = {oid: (name, at) for oid, name, at in starts}  # the latest start wins
    far = date.max

    def key(head: tuple[Any, ...]) -> tuple[int, date, date, str]:
        return (
            0 if head[2] == OrderStatus.IN_ASSEMBLY.value else 1,
            head[6] or far,
            head[5] or far,
            str(head[1] or ""),
        )

    heads.sort(key=key)
    jobs = [
        QueuedJob(
            key=str(h[0]),
            parts_ready=max(today, h[6] or today) if h[0] in waiting else today,
            minutes=_minutes(catalog, built.get(h[0], [])),
        )
        for h in heads
    ]
    promises, _ = schedule(jobs, today=today, calendar=settings.calendar)
    result: list[QueueEntry] = []
    for position, head in enumerate(heads, start=1):
        oid = head[0]
        plan = promises[str(oid)]
        who = started.get(oid) if head[2] == OrderStatus.IN_ASSEMBLY.value else None
        result.append(
            QueueEntry(
                position=position,
                order_number=str(head[1] or f"#{oid}"),
                status=str(head[2]),
                customer=head[3],
                config_code=str(head[4] or ""),
                ordered_on=head[5],
                promised_on=head[6],
                handover_on=head[7],
                minutes=plan.minutes,
                waiting_for=tuple(waiting.get(oid, ())),
                planned_start=plan.assembly_start,
                planned_finish=plan.assembly_date,
                started_by=who[0] if who else None,
                started_at=who[1] if who else None,
            )
        )
    return result
