"""Low-level stock writes inside a transaction: conditional updates plus movement rows.

Every statement that changes stock is conditional and its row count is checked, so even a
caller that computed a wrong plan can never drive stock negative or over-reserve: the
transaction fails instead (the CHECK constraints on `stock` are the last line of defence).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as core_select
from sqlmodel import Session, col, func, select

from configurator.catalog.model import Catalog
from configurator.orders.allocation import BinStock, Take
from configurator.store.models import (
    Component,
    Movement,
    MovementKind,
    OrderPart,
    Receipt,
    SalesOrder,
    Stock,
)
from configurator.store.prepared import Params, Prepared, prepare, prepare_insert

MOVEMENT_COLUMNS = (
    "at",
    "on_day",
    "kind",
    "part",
    "bin",
    "on_hand_delta",
    "reserved_delta",
    "order_id",
    "user_id",
    "reason",
)
"""The columns of a movement written by `movements`: the receipt is left to its NULL (a
receipt's movement is written by `orders.stock`), as a NULL parameter costs the driver an
adapter lookup per row."""


class StockConflictError(RuntimeError):
    """A conditional stock update matched fewer rows than planned (a bug or a lost lock)."""


def _update_by_id(guard: str, **moves: int) -> Any:
    """A conditional update of stock row `stock_id`, built from the `Stock` model: each
    column of `moves` goes up (+1) or down (-1) by `qty`, and the row matches only while its
    `guard` ("available": on hand minus reserved, or "reserved") still holds `qty`."""
    table = Stock.__table__  # type: ignore[attr-defined]
    qty: Any = bindparam("qty")
    held = table.c.on_hand - table.c.reserved if guard == "available" else table.c.reserved
    values = {
        column: table.c[column] + qty if sign > 0 else table.c[column] - qty
        for column, sign in moves.items()
    }
    return table.update().where(table.c.id == bindparam("stock_id"), held >= qty).values(values)


_reserve_by_id = partial(_update_by_id, "available", reserved=+1)
_release_by_id = partial(_update_by_id, "reserved", reserved=-1)
_consume_by_id = partial(_update_by_id, "reserved", on_hand=-1, reserved=-1)


def _read_bins_builder(count: int) -> Callable[[], Any]:
    def build() -> Any:
        table = Stock.__table__  # type: ignore[attr-defined]
        return (
            core_select(table.c.id, table.c.part, table.c.bin, table.c.on_hand, table.c.reserved)
            .where(table.c.part.in_([bindparam(f"p{i}") for i in range(count)]))
            .order_by(table.c.id)
            .with_for_update()
        )

    return build


def read_bins(session: Session, parts: Collection[str]) -> dict[str, list[BinStock]]:
    """Stock rows of `parts`, locked until commit on PostgreSQL (in id order: no deadlocks)."""
    if not parts:
        return {}
    connection = session.connection()
    ordered = sorted(parts)
    statement = prepare(
        f"read_bins:{len(ordered)}", connection.dialect, _read_bins_builder(len(ordered))
    )
    rows = statement.fetch(
        connection, statement.one({f"p{i}": part for i, part in enumerate(ordered)})
    )
    result: dict[str, list[BinStock]] = {}
    for id_, part, bin_, on_hand, reserved in rows:
        result.setdefault(part, []).append(
            BinStock(int(id_), str(part), str(bin_), int(on_hand), int(reserved))
        )
    return result


def ensure_components(session: Session, catalog: Catalog, parts: set[str]) -> None:
    """Add the catalog's parts the store does not know yet (a catalog edited since the store
    was seeded), so an order for a new part is refused for stock, not by a foreign key."""
    if not parts:
        return
    known = set(session.exec(select(Component.part).where(col(Component.part).in_(parts))).all())
    for part in sorted(parts - known):
        comp = catalog.components[part]
        session.add(
            Component(
                part=part,
                name=comp.name,
                bin=comp.bin,
                lead_time_days=comp.lead_time_days,
                build_minutes=comp.build_minutes,
                catalog_id=catalog.id,
            )
        )
    session.flush()


def _apply(session: Session, key: str, build: Callable[[], Any], takes: Sequence[Take]) -> None:
    if not takes:
        return
    connection = session.connection()
    prepared = prepare(key, connection.dialect, build)
    count = prepared.run(
        connection, prepared.many({"stock_id": t.stock_id, "qty": t.qty} for t in takes)
    )
    if count != len(takes):
        raise StockConflictError(
            f"stock changed under the transaction: {count} of {len(takes)} rows"
        )


def reserve(session: Session, takes: Sequence[Take]) -> None:
    _apply(session, "reserve", _reserve_by_id, takes)


def _reserve_checked() -> Any:
    table = Stock.__table__  # type: ignore[attr-defined]
    return (
        table.update()
        .where(
            table.c.id == bindparam("stock_id"),
            table.c.part == bindparam("stock_part"),
            table.c.bin == bindparam("stock_bin"),
            table.c.on_hand - table.c.reserved >= bindparam("qty"),
        )
        .values(reserved=table.c.reserved + bindparam("qty"))
    )


def reserve_statement(dialect: Any) -> Prepared:
    """The conditional reservation of `qty` units in one stock row, matching only while the
    row is still `stock_part`'s row in `stock_bin` and has `qty` available (orders placed
    with a plan made before the write turn: `orders.fastplan`)."""
    return prepare("reserve_checked", dialect, _reserve_checked)


def reserve_params(dialect: Any, takes: Sequence[Take]) -> list[Params]:
    """The parameters of `reserve_statement` for each take, remembered per take (takes are
    immutable, and the fast plan's orders share them: a dict per take and its conversion
    cost more than the lookup)."""
    return reserve_statement(dialect).many_of(takes, _reserve_row)


def _reserve_row(take: Take) -> dict[str, Any]:
    return {
        "stock_id": take.stock_id,
        "stock_part": take.part,
        "stock_bin": take.bin,
        "qty": take.qty,
    }


def release(session: Session, takes: Sequence[Take]) -> None:
    _apply(session, "release", _release_by_id, takes)


def consume(session: Session, takes: Sequence[Take]) -> None:
    _apply(session, "consume", _consume_by_id, takes)


def movements(
    session: Session,
    takes: Sequence[Take],
    *,
    kind: MovementKind,
    at: datetime,
    on_day: date,
    order_id: int | None,
    user_id: int | None,
    reason: str,
) -> None:
    """One movement row per take, with the signed deltas `kind` implies."""
    if not takes:
        return
    connection = session.connection()
    params = movement_params(
        connection.dialect,
        movement_values(
            takes,
            kind=kind,
            at=at,
            on_day=on_day,
            order_id=order_id,
            user_id=user_id,
            reason=reason,
        ),
    )
    prepare_insert(connection.dialect, Movement, MOVEMENT_COLUMNS).run(connection, params)


_DELTAS = {
    MovementKind.RESERVATION: (0, 1),
    MovementKind.RELEASE: (0, -1),
    MovementKind.CONSUMPTION: (-1, -1),
}
"""(on hand, reserved) change per unit taken, by kind of movement."""


def movement_row(take: Take, kind: MovementKind) -> dict[str, Any]:
    """The column values of a take's movement of `kind` that are its own (`movement_values`
    has those every row shares)."""
    on_hand, reserved = _DELTAS[kind]
    return {
        "part": take.part,
        "bin": take.bin,
        "on_hand_delta": on_hand * take.qty,
        "reserved_delta": reserved * take.qty,
    }


def movement_values(
    takes: Sequence[Take],
    *,
    kind: MovementKind,
    at: datetime,
    on_day: date,
    order_id: int | None,
    user_id: int | None,
    reason: str,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The column values of `movements`' rows: per take, and those every row shares."""
    rows = [movement_row(t, kind) for t in takes]
    shared = {
        "at": at,
        "on_day": on_day,
        "kind": kind.value,
        "order_id": order_id,
        "user_id": user_id,
        "reason": reason,
    }
    return rows, shared


def movement_params(
    dialect: Any, values: tuple[list[dict[str, Any]], dict[str, Any]]
) -> list[Params]:
    """The driver parameters of `movement_values` (to convert them before a write turn)."""
    rows, shared = values
    return prepare_insert(dialect, Movement, MOVEMENT_COLUMNS).many(rows, **shared)


@dataclass(frozen=True, slots=True)
class Coverage:
    """When a short part can be there, and why: an open receipt, the supplier's lead time
    (nothing is on order yet) or an in-house build."""

    due: date
    source: str
    """"receipt", "lead_time" or "build"."""
    reference: str = ""
    """The receipt's supplier reference (purchase order), if any."""
    lead_days: int = 0


def coverage(
    session: Session,
    shortages: Mapping[str, int],
    *,
    lead_times: Mapping[str, int],
    today: date,
    exclude_order: int | None = None,
    built: Collection[str] = (),
) -> dict[str, Coverage]:
    """Per short part, the day open receipts cover it after the backorders already waiting
    (first come, first served); without enough on order, today + the lead time (of the
    supplier, or of the workshop for the `built` parts)."""
    from datetime import timedelta

    if not shortages:
        return {}
    parts = sorted(shortages)
    waiting_query = (
        select(OrderPart.part, func.sum(OrderPart.short))
        .join(SalesOrder, col(SalesOrder.id) == col(OrderPart.order_id))
        .where(
            col(OrderPart.part).in_(parts),
            col(OrderPart.short) > 0,
            col(SalesOrder.status).in_(["ordered", "in_assembly"]),
        )
        .group_by(OrderPart.part)
    )
    if exclude_order is not None:
        waiting_query = waiting_query.where(col(OrderPart.order_id) != exclude_order)
    waiting = {part: int(qty) for part, qty in session.exec(waiting_query).all()}
    receipts = session.exec(
        select(col(Receipt.part), col(Receipt.qty), col(Receipt.expected_on), Receipt.supplier_ref)
        .where(col(Receipt.part).in_(parts), col(Receipt.received).is_(False))
        .order_by(col(Receipt.expected_on), col(Receipt.id))
    ).all()
    result: dict[str, Coverage] = {}
    for part in parts:
        needed = waiting.get(part, 0) + shortages[part]
        covered = 0
        for r_part, qty, due, ref in receipts:
            if r_part != part:
                continue
            covered += qty
            if covered >= needed:
                result[part] = Coverage(max(due, today), "receipt", ref or "")
                break
        else:
            days = lead_times.get(part, 0)
            source = "build" if part in built else "lead_time"
            result[part] = Coverage(today + timedelta(days=days), source, "", days)
    return result


def coverage_dates(
    session: Session,
    shortages: Mapping[str, int],
    *,
    lead_times: Mapping[str, int],
    today: date,
    exclude_order: int | None = None,
) -> dict[str, date]:
    """Per short part, the day it can be there (see `coverage`)."""
    found = coverage(
        session, shortages, lead_times=lead_times, today=today, exclude_order=exclude_order
    )
    return {part: c.due for part, c in found.items()}
