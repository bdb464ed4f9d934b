"""The store reads behind `load_snapshot`: set queries over the store's tables, never per part.

Kept apart from the snapshot so that the pure availability code does not import SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, Table, false, func, select
from sqlmodel import Session, SQLModel

from configurator.inventory.calendar import next_working_day
from configurator.inventory.snapshot import IncomingReceipt, StockRow
from configurator.shop import WorkshopCalendar
from configurator.store.models import (
    Component,
    OrderPart,
    OrderStatus,
    Receipt,
    SalesOrder,
    Stock,
)

OPEN_ORDER_STATES = (OrderStatus.ORDERED.value, OrderStatus.IN_ASSEMBLY.value)
"""Orders that still hold or wait for parts and still need the workshop."""


def _table(model: type[SQLModel]) -> Table:
    return SQLModel.metadata.tables[str(model.__tablename__)]


_stock = _table(Stock).c
_receipt = _table(Receipt).c
_order = _table(SalesOrder).c
_order_part = _table(OrderPart).c
_component = _table(Component).c


def _rows(session: Session, statement: Select[Any]) -> Sequence[Any]:
    return session.connection().execute(statement).all()


def consistent_reads(session: Session) -> None:
    """Make the session's reads see one state of the store.

    SQLite (WAL) already reads from one snapshot per transaction; PostgreSQL's default READ
    COMMITTED would let a commit slip in between two queries, so ask for REPEATABLE READ."""
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _only(column: Any, parts: Collection[str] | None) -> list[Any]:
    return [] if parts is None else [column.in_(sorted(parts))]


def read_stock(session: Session, parts: Collection[str] | None = None) -> list[StockRow]:
    """On hand and reserved per part (all, or only `parts`), summed over bins in SQL."""
    rows = _rows(
        session,
        select(_stock.part, func.sum(_stock.on_hand), func.sum(_stock.reserved))
        .where(*_only(_stock.part, parts))
        .group_by(_stock.part),
    )
    return [StockRow(part=part, on_hand=int(on), reserved=int(res)) for part, on, res in rows]


def read_receipts(session: Session, parts: Collection[str] | None = None) -> list[IncomingReceipt]:
    """Deliveries expected and not booked in yet."""
    rows = _rows(
        session,
        select(_receipt.part, _receipt.qty, _receipt.expected_on, _receipt.supplier_ref).where(
            _receipt.received == false(), *_only(_receipt.part, parts)
        ),
    )
    return [
        IncomingReceipt(part=part, qty=int(qty), due=due, supplier_ref=ref or "")
        for part, qty, due, ref in rows
    ]


def read_backorders(session: Session, parts: Collection[str] | None = None) -> dict[str, int]:
    """Units accepted backorders still wait for, per part.

    Written as "parts of the open orders" (few, found by the status index) rather than "short
    parts of all orders", so its cost follows the workshop queue, not the order history. The
    `parts` filter is applied here, not in SQL: given a part list, SQLite would walk that
    part's whole order history through the part index instead (measured: 70 ms vs 2 ms with
    100,000 orders)."""
    open_orders = select(_order.id).where(_order.status.in_(OPEN_ORDER_STATES))
    rows = _rows(
        session,
        select(_order_part.part, func.sum(_order_part.short))
        .where(_order_part.order_id.in_(open_orders), _order_part.short > 0)
        .group_by(_order_part.part),
    )
    return {part: int(short) for part, short in rows if parts is None or part in parts}


def read_booked_minutes(
    session: Session, *, assembly_minutes: int, today: date, calendar: WorkshopCalendar
) -> dict[date, int]:
    """Workshop minutes already booked per day by queued orders (planned assembly days):
    their assembly and the in-house builds of orders not yet in assembly.

    An order whose planned day has passed without assembly still needs the workshop: it is
    counted on the first working day from `today` (as is one planned on a day off)."""
    rows = _rows(
        session,
        select(_order.promised_on, func.count())
        .where(_order.status.in_(OPEN_ORDER_STATES), _order.promised_on.is_not(None))
        .group_by(_order.promised_on),
    )
    booked: dict[date, int] = {}
    for day, count in rows:
        key = next_working_day(calendar, max(day, today))
        booked[key] = booked.get(key, 0) + int(count) * assembly_minutes
    # Sub-assemblies orders still have to build in-house (not yet in assembly) take workshop
    # minutes too: the component's build minutes per unit built, on the order's day.
    builds = _rows(
        session,
        select(_order.promised_on, func.sum(_order_part.built * _component.build_minutes))
        .select_from(
            _table(OrderPart)
            .join(_table(SalesOrder), _order.id == _order_part.order_id)
            .join(_table(Component), _component.part == _order_part.part)
        )
        .where(
            _order.status == OrderStatus.ORDERED.value,
            _order.promised_on.is_not(None),
            _order_part.built > 0,
            _component.build_minutes.is_not(None),
        )
        .group_by(_order.promised_on),
    )
    for day, minutes in builds:
        if minutes:
            key = next_working_day(calendar, max(day, today))
            booked[key] = booked.get(key, 0) + int(minutes)
    return booked
