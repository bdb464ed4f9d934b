"""Writing a quote's or an order's rows: the order row, its lines, frozen bill of material,
reservations with their movements, and the discount audit. Called inside the write
transaction by `orders.placing`; bulk inserts go through the session's connection (one
statement per table)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlmodel import Session

from configurator.orders.allocation import PartLine, Plan, Take
from configurator.orders.audit import AuditAction, record
from configurator.orders.configuration import FrozenConfiguration, Line
from configurator.orders.pricing import Totals
from configurator.orders.stockio import (
    MOVEMENT_COLUMNS,
    movement_params,
    movement_row,
    movement_values,
    reserve_params,
    reserve_statement,
)
from configurator.orders.users import Actor
from configurator.shop import ShopSettings
from configurator.store.models import (
    Movement,
    MovementKind,
    OrderLine,
    OrderPart,
    OrderStatus,
    Reservation,
    ReservationState,
    SalesOrder,
)
from configurator.store.prepared import (
    Holes,
    Params,
    Prepared,
    Processor,
    insert_rows,
    insert_rows_of,
    prepare_insert,
)

LINE_COLUMNS = (
    "order_id",
    "position",
    "group_id",
    "group_label",
    "option_id",
    "option_label",
    "qty",
    "unit_price",
)
PART_COLUMNS = ("order_id", "part", "qty", "short", "parent", "built")
RESERVATION_COLUMNS = ("order_id", "part", "bin", "stock_id", "qty", "state", "created_at")
ORDER_COLUMNS = tuple(
    c.name
    for c in SalesOrder.__table__.columns  # type: ignore[attr-defined]
    if c.name != "id"
)
UNSET_ON_NEW_ORDERS = (
    "quote_number",
    "serial_number",
    "assembled_on",
    "handed_over_on",
    "cancelled_on",
    "request_token",
)
"""Columns a new quote or order never has yet (a request token only when another writer
commits it, `orders.groupcommit`): its INSERT leaves them to the column's NULL.
(Each NULL parameter costs the driver an adapter lookup, ~3,000 instructions, inside the
write turn.)"""
INSERTED_ORDER_COLUMNS = tuple(c for c in ORDER_COLUMNS if c not in UNSET_ON_NEW_ORDERS)
PLANNED_PART_COLUMNS = tuple(c for c in PART_COLUMNS if c != "parent")
"""The frozen bill of material of an order without builds: no line has a parent."""


def line_rows(lines: tuple[Line, ...]) -> list[dict[str, Any]]:
    """The order lines' column values (all but the order id), in position order."""
    return [
        {
            "position": i,
            "group_id": ln.group_id,
            "group_label": ln.group_label,
            "option_id": ln.option_id,
            "option_label": ln.option_label,
            "qty": ln.qty,
            "unit_price": ln.unit_price,
        }
        for i, ln in enumerate(lines, start=1)
    ]


def insert_lines(session: Session, order_id: int, lines: tuple[Line, ...]) -> None:
    if lines:
        connection = session.connection()
        prepared = prepare_insert(connection.dialect, OrderLine, LINE_COLUMNS)
        prepared.run(connection, prepared.many(line_rows(lines), order_id=order_id))


def part_row(ln: PartLine) -> dict[str, Any]:
    """A frozen bill-of-material line's column values (all but the order id)."""
    return {
        "part": ln.part,
        "qty": ln.qty,
        "short": ln.short,
        "parent": ln.parent,
        "built": ln.built,
    }


def _part_columns(lines: tuple[PartLine, ...]) -> tuple[str, ...]:
    return PART_COLUMNS if any(ln.parent is not None for ln in lines) else PLANNED_PART_COLUMNS


def insert_parts(session: Session, order_id: int, lines: tuple[PartLine, ...]) -> None:
    if lines:
        connection = session.connection()
        prepared = prepare_insert(connection.dialect, OrderPart, _part_columns(lines))
        prepared.run(connection, prepared.many(map(part_row, lines), order_id=order_id))


def order_values(  # noqa: PLR0917 - private, called twice with the same shape
    frozen: FrozenConfiguration,
    priced: Totals,
    actor: Actor,
    today: date,
    at: datetime,
    settings: ShopSettings,
    customer_id: int | None,
    approver: int | None,
    notes: str,
    *,
    status: OrderStatus,
) -> dict[str, Any]:
    """Every column of a new quote or order row (nothing left to model-side defaults, so the
    same values serve a Core insert and an ORM object)."""
    return {
        "quote_number": None,
        "order_number": None,
        "status": status.value,
        "customer_id": customer_id,
        "created_by": actor.id,
        "created_at": at,
        "quoted_on": today,
        "valid_until": today + timedelta(days=settings.quote_validity_days),
        "ordered_on": None,
        "catalog_id": frozen.catalog_id,
        "catalog_version": frozen.catalog_version,
        "config_code": frozen.config_code,
        "picks": frozen.picks,
        "base_price": frozen.base_price,
        "list_price": priced.list_price,
        "discount_percent": priced.discount_percent,
        "discount_amount": priced.discount_amount,
        "discount_approved_by": approver,
        "total": priced.total,
        "vat_rate": priced.vat_rate,
        "vat_amount": priced.vat_amount,
        "backorder": False,
        "promised_on": None,
        "handover_on": None,
        "promise_reason": "",
        "serial_number": None,
        "assembled_on": None,
        "handed_over_on": None,
        "cancelled_on": None,
        "cancel_reason": "",
        "notes": notes,
        "updated_at": at,
        "request_token": None,
    }


@dataclass(frozen=True, slots=True)
class PreparedOrder:
    """A new order's row and lines, converted for the driver before the write transaction;
    inside it only the number, the promise and the order id are filled in."""

    values: dict[str, Any]
    statement: Prepared
    order: Params
    lines: tuple[tuple[Prepared, Holes], ...]

    @classmethod
    def of(cls, dialect: Dialect, values: dict[str, Any], lines: tuple[Line, ...]) -> PreparedOrder:
        """`values`: every column of `order_values`."""
        statement = order_statement(dialect)
        return cls(
            values,
            statement,
            statement.one(_new_order(values)),
            insert_rows(
                dialect,
                OrderLine,
                LINE_COLUMNS,
                line_rows(lines),
                shared={"order_id": 0},
                open_column="order_id",
            )
            if lines
            else (),
        )

    def insert(self, connection: Connection, **late: Any) -> dict[str, Any]:
        """Insert the order with the `late` column values (number, promise, backorder flag)
        and its lines (on the session's connection); returns the order's final column
        values, with its id."""
        params = self.statement.replace(self.order, **late)
        order_id = int(self.statement.fetch(connection, params)[0][0])
        for statement, rows in self.lines:
            statement.run(connection, rows.fill(order_id))
        return self.values | late | {"id": order_id}

    def with_token(self, dialect: Dialect, token: str) -> PreparedOrder:
        """This order with `token` in its row (`orders.groupcommit`): the INSERT that also
        names `request_token`, its parameters taken from the converted ones."""
        statement, convert, last = _tokened(dialect, self.statement)
        token_value = token if convert is None else convert(token)
        if isinstance(self.order, dict):
            params: Params = self.order | {"request_token": token_value}
        elif last:  # the token is the last column
            params = (*self.order, token_value)
        else:
            at = {name: i for i, name in enumerate(self.statement.names)}
            params = tuple(
                token_value if name == "request_token" else self.order[at[name]]
                for name in statement.names
            )
        return PreparedOrder(self.values | {"request_token": token}, statement, params, self.lines)


@dataclass(frozen=True, slots=True)
class PreparedTakes:
    """A plan's stock updates, frozen bill of material, reservations and movements, converted
    for the driver before the write turn (`orders.fastplan`); inside it only the order id is
    filled in. The statements are looked up before the turn too (compiled for the engine's
    dialect: the sibling engine of `references_checked_by_caller` has the same one)."""

    plan: Plan
    update: Prepared
    updates: list[Params]
    inserts: tuple[tuple[Prepared, Holes], ...]
    """(statement, rows waiting for the order id): frozen BOM, reservations, movements, each
    in one multi-row INSERT on SQLite (`store.prepared.insert_rows`)."""

    @classmethod
    def of(
        cls,
        dialect: Dialect,
        plan: Plan,
        *,
        actor: Actor,
        today: date,
        at: datetime,
        reason: str = "order placed",
    ) -> PreparedTakes:
        takes = plan.takes
        _, moved = reservation_movements(
            (), order_id=0, actor=actor, today=today, at=at, reason=reason
        )  # the values every movement row shares
        rows: tuple[tuple[type[Any], tuple[str, ...], Sequence[Any], Any, dict[str, Any]], ...] = (
            (OrderPart, _part_columns(plan.lines), plan.lines, part_row, {"order_id": 0}),
            (
                Reservation,
                RESERVATION_COLUMNS,
                takes,
                reservation_row,
                reservation_shared(order_id=0, at=at),
            ),
            (
                Movement,
                MOVEMENT_COLUMNS,
                takes,
                _reserving_movement,
                moved,
            ),
        )
        return cls(
            plan,
            reserve_statement(dialect),
            reserve_params(dialect, takes),
            tuple(
                statement
                for model, columns, items, row, shared in rows
                if items
                for statement in insert_rows_of(
                    dialect, model, columns, items, row, shared=shared, open_column="order_id"
                )
            ),
        )

    def apply(self, connection: Connection) -> bool:
        """Reserve every take; False when a stock row no longer matches (then the transaction
        must be rolled back: the rows that did match are reserved)."""
        if not self.updates:
            return True
        return self.update.run(connection, self.updates) == len(self.updates)

    def insert(self, connection: Connection, order_id: int) -> None:
        """The order's frozen bill of material, reservations and their movements."""
        for statement, holes in self.inserts:
            statement.run(connection, holes.fill(order_id))


_TOKENED: dict[tuple[int, str, str], tuple[Prepared, Processor, bool, Prepared]] = {}
"""(id of an order's INSERT, dialect, paramstyle) -> `_tokened` (an entry keeps that INSERT
alive: its id in the key is still its own)."""


def _tokened(dialect: Dialect, statement: Prepared) -> tuple[Prepared, Processor, bool]:
    """The order INSERT that also names `request_token`, the token's processor, and whether
    the token is its last parameter after those of `statement` (worked out once)."""
    key = (id(statement), dialect.name, str(dialect.paramstyle))
    found = _TOKENED.get(key)
    if found is None:
        tokened = prepare_insert(
            dialect, SalesOrder, (*INSERTED_ORDER_COLUMNS, "request_token"), returning="id"
        )
        convert = tokened.processors[tokened.names.index("request_token")]
        last = tokened.names == (*statement.names, "request_token")
        found = _TOKENED[key] = (tokened, convert, last, statement)
    return found[:3]


def order_statement(dialect: Dialect) -> Prepared:
    """The prepared INSERT of a new order row (the columns of `order_values` except those a
    new order has no value for yet, `UNSET_ON_NEW_ORDERS`), RETURNING its id: convert the
    values before the write transaction, fill in the rest inside."""
    return prepare_insert(dialect, SalesOrder, INSERTED_ORDER_COLUMNS, returning="id")


def _new_order(values: dict[str, Any]) -> dict[str, Any]:
    """`values`, refused if one of the columns the INSERT leaves out has a value."""
    given = [name for name in UNSET_ON_NEW_ORDERS if values.get(name) is not None]
    if given:
        raise ValueError(f"a new order row has no {', '.join(given)} yet")
    return values


def insert_order(session: Session, values: dict[str, Any]) -> int:
    """Insert an order row (the columns of `order_values`) with one prepared statement (the
    hot path of placing orders: no unit of work for a row nothing else touches in this
    transaction); returns its id."""
    statement = order_statement(session.connection().dialect)
    return insert_order_params(session, statement.one(_new_order(values)))


def insert_order_params(session: Session, params: Params) -> int:
    """Insert an order row from driver parameters made with `order_statement`."""
    connection = session.connection()
    prepared = order_statement(connection.dialect)
    return int(prepared.fetch(connection, params)[0][0])


def audit_discount(
    session: Session,
    order: SalesOrder | dict[str, Any],
    actor: Actor,
    approver: int | None,
    at: datetime,
) -> None:
    """The discount of a new quote or order (`order`: its row or its column values)."""
    if isinstance(order, SalesOrder):
        order = order.model_dump()
    record(
        session,
        action=AuditAction.DISCOUNT,
        entity="order",
        entity_id=order["order_number"] or order["quote_number"] or str(order["id"]),
        user_id=actor.id,
        approved_by=approver,
        at=at,
        percent=order["discount_percent"],
        amount=order["discount_amount"],
        list_price=order["list_price"],
        total=order["total"],
    )


def write_reservations(
    session: Session,
    order_id: int,
    plan: Plan,
    *,
    actor: Actor,
    today: date,
    at: datetime,
    reason: str = "order placed",
) -> None:
    if not plan.takes:
        return
    connection = session.connection()
    prepared = prepare_insert(connection.dialect, Reservation, RESERVATION_COLUMNS)
    rows, shared = reservation_values(plan.takes, order_id=order_id, at=at)
    prepared.run(connection, prepared.many(rows, **shared))
    recorded = reservation_movements(
        plan.takes, order_id=order_id, actor=actor, today=today, at=at, reason=reason
    )
    moves = prepare_insert(connection.dialect, Movement, MOVEMENT_COLUMNS)
    moves.run(connection, movement_params(connection.dialect, recorded))


def reservation_values(
    takes: Sequence[Take], *, order_id: int | None, at: datetime
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The column values of an order's reservations: per take, and those every row shares."""
    return [reservation_row(t) for t in takes], reservation_shared(order_id=order_id, at=at)


def reservation_row(take: Take) -> dict[str, Any]:
    """A take's reservation's own column values."""
    return {"part": take.part, "bin": take.bin, "stock_id": take.stock_id, "qty": take.qty}


def reservation_shared(*, order_id: int | None, at: datetime) -> dict[str, Any]:
    """The column values all reservations of an order share."""
    return {"order_id": order_id, "state": ReservationState.HELD.value, "created_at": at}


def _reserving_movement(take: Take) -> dict[str, Any]:
    """The own column values of the movement that records a take's reservation."""
    return movement_row(take, MovementKind.RESERVATION)


def reservation_movements(
    takes: Sequence[Take],
    *,
    order_id: int | None,
    actor: Actor,
    today: date,
    at: datetime,
    reason: str,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The column values of the movements that record an order's reservations."""
    return movement_values(
        takes,
        kind=MovementKind.RESERVATION,
        at=at,
        on_day=today,
        order_id=order_id,
        user_id=actor.id,
        reason=reason,
    )


def apply_frozen(
    order: SalesOrder,
    frozen: FrozenConfiguration,
    priced: Totals,
    approver: int | None,
    at: datetime,
) -> None:
    order.catalog_version = frozen.catalog_version
    order.config_code = frozen.config_code
    order.picks = frozen.picks
    order.base_price = frozen.base_price
    order.list_price = priced.list_price
    order.discount_percent = priced.discount_percent
    order.discount_amount = priced.discount_amount
    order.discount_approved_by = approver
    order.total = priced.total
    order.vat_rate = priced.vat_rate
    order.vat_amount = priced.vat_amount
    order.updated_at = at
