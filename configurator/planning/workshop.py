"""The workshop: start and finish, serial numbers and the QC checklist (queue: workshop_queue).

The order lifecycle itself belongs to `orders.lifecycle` (start = ordered -> in_assembly,
finish = in_assembly -> assembled, which consumes the reserved parts and records the serial);
this module puts the workshop's rules around it and keeps the trail in `workshop_event`:

* the QC checklist is the assembly sheet's (same function, same items, same order), ticked item
  by item; a laptop can only be finished when every item of the current round passed;
* a failed check sends the order back to the queue with the reason (parts stay reserved, the
  next start begins a fresh QC round); every start, tick, failure and finish says who and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from configurator.catalog.model import Catalog
from configurator.orders.errors import OrderError
from configurator.orders.retry import run_write
from configurator.orders.users import Actor, require_right
from configurator.orders.views import OrderSummary, find_order, summarize
from configurator.planning.workshop_models import WorkshopEvent, WorkshopEventKind
from configurator.store.database import reader
from configurator.store.models import (
    OrderPart,
    OrderStatus,
    SalesOrder,
    User,
)

MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class QcItem:
    index: int
    text: str
    passed: bool | None
    """None: not checked yet in this round."""
    by: str | None = None
    at: datetime | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Checklist:
    order_number: str
    status: str
    items: tuple[QcItem, ...]
    round: int
    """How many times assembly was started (a send-back starts a new round)."""

    @property
    def complete(self) -> bool:
        """Every item passed (a catalog whose parts name no checks has nothing to sign off)."""
        return all(item.passed for item in self.items)

    @property
    def open_items(self) -> tuple[QcItem, ...]:
        return tuple(item for item in self.items if not item.passed)


@dataclass(frozen=True, slots=True)
class EventView:
    at: datetime
    on_day: date
    user: str
    kind: str
    item: int | None
    text: str
    serial_number: str | None


def _rows(session: Session, statement: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in session.connection().execute(statement)]


def _event(
    session: Session,
    order: SalesOrder,
    kind: WorkshopEventKind,
    *,
    actor: Actor,
    today: date,
    at: datetime,
    item: int | None = None,
    text: str = "",
    serial: str | None = None,
) -> None:
    assert order.id is not None
    session.add(
        WorkshopEvent(
            order_id=order.id,
            at=at,
            on_day=today,
            user_id=actor.id,
            kind=kind.value,
            item=item,
            text=text,
            serial_number=serial,
        )
    )


def _qc_texts(session: Session, catalog: Catalog, order: SalesOrder) -> tuple[str, ...]:
    """The assembly sheet's QC checklist for this order (same function as the PDF)."""
    from configurator.documents.build import bom_entries, workshop

    assert order.id is not None
    top = {
        str(p): int(q)
        for p, q in _rows(
            session,
            select(OrderPart.part, OrderPart.qty).where(  # type: ignore[call-overload]
                OrderPart.order_id == order.id,
                OrderPart.parent.is_(None),  # type: ignore[union-attr]
            ),
        )
    }
    return workshop(catalog, order.picks, bom_entries(top)).qc


def _round_events(session: Session, order_id: int) -> tuple[int, list[WorkshopEvent]]:
    """The number of starts and the events since the latest one (the current QC round)."""
    from sqlmodel import col
    from sqlmodel import select as sm_select

    events = list(
        session.exec(
            sm_select(WorkshopEvent)
            .where(WorkshopEvent.order_id == order_id)
            .order_by(col(WorkshopEvent.id))
        ).all()
    )
    starts = [i for i, e in enumerate(events) if e.kind == WorkshopEventKind.START.value]
    if not starts:
        return 0, []
    return len(starts), events[starts[-1] + 1 :]


def _checklist(session: Session, catalog: Catalog, order: SalesOrder) -> Checklist:
    assert order.id is not None
    texts = _qc_texts(session, catalog, order)
    rounds, events = _round_events(session, order.id)
    names: dict[int, str] = {
        int(uid): str(name)
        for uid, name in _rows(session, select(User.id, User.name))  # type: ignore[call-overload]
    }
    latest: dict[int, WorkshopEvent] = {}
    ticks = (WorkshopEventKind.QC_PASS.value, WorkshopEventKind.QC_FAIL.value)
    for event in events:
        if event.kind in ticks and event.item is not None:
            latest[event.item] = event
    items = []
    for index, text in enumerate(texts):
        tick = latest.get(index)
        items.append(
            QcItem(
                index=index,
                text=text,
                passed=None if tick is None else tick.kind == WorkshopEventKind.QC_PASS.value,
                by=names.get(tick.user_id) if tick else None,
                at=tick.at if tick else None,
                note=tick.text if tick and tick.kind == WorkshopEventKind.QC_FAIL.value else "",
            )
        )
    return Checklist(
        order_number=order.order_number or f"#{order.id}",
        status=order.status,
        items=tuple(items),
        round=rounds,
    )


def qc_checklist(engine: Engine, *, catalog: Catalog, number: str) -> Checklist:
    """The QC checklist of an order with the ticks of the current round."""
    with Session(reader(engine)) as session:
        order = find_order(session, number)
        result = _checklist(session, catalog, order)
        session.rollback()
    return result


def _require_in_assembly(order: SalesOrder, what: str) -> None:
    if order.status != OrderStatus.IN_ASSEMBLY.value:
        raise OrderError(
            f"{order.order_number} is {order.status}; {what} needs it in assembly.",
            hint="Start the assembly first (workshop start ORDER).",
        )


def start_assembly(
    engine: Engine, number: str, *, actor: Actor, today: date, now: datetime | None = None
) -> OrderSummary:
    """Put an order on the workbench (ordered -> in assembly) and open a QC round."""
    from configurator.orders.lifecycle import advance_order

    require_right(actor, "assemble")
    at = now or datetime.now(UTC)
    with Session(reader(engine)) as session:
        status = find_order(session, number).status
        session.rollback()
    if status != OrderStatus.ORDERED.value:
        raise OrderError(
            f"{number} is {status}; only an ordered laptop can be started.",
            hint="The queue (workshop queue) lists the orders waiting for assembly.",
        )
    summary = advance_order(engine, number, actor=actor, today=today, now=at)

    def work(session: Session) -> None:
        order = find_order(session, number, for_update=True)
        _event(session, order, WorkshopEventKind.START, actor=actor, today=today, at=at)

    run_write(engine, work)
    return summary


def tick_qc(
    engine: Engine,
    number: str,
    item: int,
    *,
    passed: bool,
    catalog: Catalog,
    actor: Actor,
    today: date,
    reason: str = "",
    now: datetime | None = None,
) -> Checklist:
    """Tick one QC item; a failure needs a reason and sends the order back to the queue."""
    require_right(actor, "assemble")
    at = now or datetime.now(UTC)
    reason = reason.strip()
    if not passed and not reason:
        raise OrderError(
            "A failed check needs a reason.",
            hint="Say what is wrong, e.g. 'left hinge squeaks'; the order goes back to the queue.",
        )
    if len(reason) > MAX_REASON:
        raise OrderError(f"A reason has at most {MAX_REASON} characters.")

    def work(session: Session) -> Checklist:
        order = find_order(session, number, for_update=True)
        _require_in_assembly(order, "a QC check")
        texts = _qc_texts(session, catalog, order)
        if not 0 <= item < len(texts):
            raise OrderError(
                f"{number} has QC items 1 to {len(texts)}; there is no item {item + 1}.",
                hint="workshop qc ORDER lists them.",
            )
        kind = WorkshopEventKind.QC_PASS if passed else WorkshopEventKind.QC_FAIL
        _event(session, order, kind, actor=actor, today=today, at=at, item=item, text=reason)
        if not passed:
            _send_back(
                session,
                order,
                f"QC check {item + 1} failed ({texts[item].rstrip('.')}): {reason}",
                actor=actor,
                today=today,
                at=at,
            )
        session.flush()
        return _checklist(session, catalog, order)

    return run_write(engine, work)


def _send_back(
    session: Session, order: SalesOrder, reason: str, *, actor: Actor, today: date, at: datetime
) -> None:
    """In assembly -> ordered, parts stay reserved; the next start opens a new QC round."""
    session.execute(
        update(SalesOrder)
        .where(
            SalesOrder.id == order.id,  # type: ignore[arg-type]
            SalesOrder.status == OrderStatus.IN_ASSEMBLY.value,  # type: ignore[arg-type]
        )
        .values(status=OrderStatus.ORDERED.value, updated_at=at)
    )
    _event(
        session, order, WorkshopEventKind.SENT_BACK, actor=actor, today=today, at=at, text=reason
    )
    session.expire(order)


def send_back(
    engine: Engine,
    number: str,
    *,
    reason: str,
    actor: Actor,
    today: date,
    now: datetime | None = None,
) -> OrderSummary:
    """Take a laptop off the workbench back into the queue (rework, missing part ...)."""
    require_right(actor, "assemble")
    at = now or datetime.now(UTC)
    reason = reason.strip()
    if not reason:
        raise OrderError("Sending an order back needs a reason.")
    if len(reason) > MAX_REASON:
        raise OrderError(f"A reason has at most {MAX_REASON} characters.")

    def work(session: Session) -> OrderSummary:
        order = find_order(session, number, for_update=True)
        _require_in_assembly(order, "sending it back")
        _send_back(session, order, reason, actor=actor, today=today, at=at)
        session.flush()
        return summarize(session, order)

    return run_write(engine, work)


def finish_assembly(
    engine: Engine,
    number: str,
    *,
    serial_number: str,
    catalog: Catalog,
    actor: Actor,
    today: date,
    now: datetime | None = None,
) -> OrderSummary:
    """Finish: every QC item of this round passed, then assembled with the serial number."""
    from configurator.orders.lifecycle import advance_order

    require_right(actor, "assemble")
    at = now or datetime.now(UTC)
    serial = serial_number.strip()
    if not serial:
        raise OrderError(
            f"Finishing {number} needs the laptop's serial number.",
            hint="It is printed on the mainboard label.",
        )
    checklist = qc_checklist(engine, catalog=catalog, number=number)
    if checklist.status != OrderStatus.IN_ASSEMBLY.value:
        raise OrderError(
            f"{number} is {checklist.status}; only a laptop in assembly can be finished."
        )
    if not checklist.complete:
        missing = ", ".join(str(item.index + 1) for item in checklist.open_items)
        raise OrderError(
            f"{number} cannot be finished: QC item(s) {missing} not passed yet.",
            hint="Tick every check of the list (workshop qc ORDER --pass N).",
        )
    summary = advance_order(engine, number, actor=actor, today=today, serial_number=serial, now=at)

    def work(session: Session) -> None:
        order = find_order(session, number, for_update=True)
        _event(
            session, order, WorkshopEventKind.FINISH, actor=actor, today=today, at=at, serial=serial
        )

    run_write(engine, work)
    return summary


def workshop_history(engine: Engine, number: str) -> list[EventView]:
    """Every workshop event of an order, oldest first."""
    event = WorkshopEvent.__table__.c  # type: ignore[attr-defined]
    user_t = User.__table__  # type: ignore[attr-defined]
    user = user_t.c
    with Session(reader(engine)) as session:
        order = find_order(session, number)
        rows = _rows(
            session,
            select(
                event.at,
                event.on_day,
                user.name,
                event.kind,
                event.item,
                event.text,
                event.serial_number,
            )
            .join(user_t, user.id == event.user_id)
            .where(event.order_id == order.id)
            .order_by(event.id),
        )
        session.rollback()
    return [EventView(*row) for row in rows]


def advance_through_workshop(
    engine: Engine,
    number: str,
    *,
    catalog: Catalog,
    actor: Actor,
    today: date,
    serial_number: str | None = None,
    now: datetime | None = None,
) -> OrderSummary:
    """Move an order one step; the workbench steps go through `start_assembly` and
    `finish_assembly`, so an assembled laptop always has its QC sign-off and workshop record
    whichever client (orders view, workshop view, CLI) moved it."""
    from configurator.orders.lifecycle import advance_order

    with Session(reader(engine)) as session:
        status = find_order(session, number).status
        session.rollback()
    if status == OrderStatus.ORDERED.value:
        return start_assembly(engine, number, actor=actor, today=today, now=now)
    if status == OrderStatus.IN_ASSEMBLY.value:
        return finish_assembly(
            engine,
            number,
            serial_number=serial_number or "",
            catalog=catalog,
            actor=actor,
            today=today,
            now=now,
        )
    return advance_order(
        engine, number, actor=actor, today=today, serial_number=serial_number, now=now
    )
