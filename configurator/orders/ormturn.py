"""The planned order's write turn through the ORM session's documented bulk API.

The same turn as `records.PreparedOrder` + `records.PreparedTakes` (conditional
reservations, gap-free number, order row, lines, frozen bill of material, reservations,
movements), written with SQLAlchemy's ORM statements on the `Session` instead of statements
compiled once and run on the DBAPI cursor:

- the reservations: one ORM-enabled `update(Stock)` with custom WHERE criteria (every take's
  row by id, part and bin, with enough available) and a CASE for each row's quantity; its row
  count tells whether every take matched, as in the prepared path;
- the number: the dialect's `insert(Counter).on_conflict_do_update(...)` with RETURNING;
- the rows: ORM bulk INSERT, `session.execute(insert(Model), list_of_dicts)` (the order row
  with RETURNING its id, the others as SQLAlchemy's executemany / "insertmanyvalues").

Kept so the two can be measured side by side (`benchmarks/bench_orders.py`, row "SQLite via
ORM bulk API"): `place_order(..., via_orm=True)` uses it. The values are the same Python
values the prepared path converts before the turn; here the ORM converts them inside it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, case, insert, or_, update
from sqlmodel import Session, col

from configurator.orders.allocation import Plan
from configurator.orders.configuration import Line
from configurator.orders.numbering import ORDER_SERIES, counter_upsert, order_number
from configurator.orders.records import (
    INSERTED_ORDER_COLUMNS,
    line_rows,
    part_row,
    reservation_movements,
    reservation_values,
)
from configurator.orders.users import Actor
from configurator.store.models import (
    Movement,
    OrderLine,
    OrderPart,
    Reservation,
    SalesOrder,
    Stock,
)


@dataclass(frozen=True, slots=True)
class OrmOrder:
    """A planned order's rows as the ORM's bulk API takes them (plain dicts of Python
    values), made before the write turn; inside it the ORM binds them."""

    plan: Plan
    values: dict[str, Any]
    """Every column of the order row (`records.order_values`), for the caller's summary."""
    order: dict[str, Any]
    lines: list[dict[str, Any]]
    parts: list[dict[str, Any]]
    reservations: list[dict[str, Any]]
    movements: list[dict[str, Any]]

    @classmethod
    def of(
        cls,
        values: dict[str, Any],
        lines: tuple[Line, ...],
        plan: Plan,
        *,
        actor: Actor,
        today: date,
        at: datetime,
        reason: str = "order placed",
    ) -> OrmOrder:
        """`values`: every column of `records.order_values` (the order's number is taken in
        the turn); the columns a new order has no value for are left out, as in the
        prepared INSERT."""
        reservations, held = reservation_values(plan.takes, order_id=None, at=at)
        movements, recorded = reservation_movements(
            plan.takes, order_id=None, actor=actor, today=today, at=at, reason=reason
        )
        return cls(
            plan,
            values,
            {name: values[name] for name in INSERTED_ORDER_COLUMNS},
            line_rows(lines),
            [part_row(ln) for ln in plan.lines],
            [row | held for row in reservations],
            [row | recorded for row in movements],
        )

    def apply(self, session: Session) -> bool:
        """Reserve every take with one ORM UPDATE; False when a stock row no longer matches
        (then the transaction must be rolled back: the rows that did match are reserved)."""
        takes = self.plan.takes
        if not takes:
            return True
        params: dict[str, Any] = {}
        for i, t in enumerate(takes):
            params |= {f"id{i}": t.stock_id, f"part{i}": t.part, f"bin{i}": t.bin, f"q{i}": t.qty}
        result: Any = session.execute(_reserve_statement(len(takes)), params)
        return int(result.rowcount) == len(takes)

    def insert(self, session: Session, *, year: int) -> dict[str, Any]:
        """The order number, the order row and its lines, frozen bill of material,
        reservations and movements; returns the order's column values with its id."""
        number = {"order_number": order_number(year, _next_value(session, ORDER_SERIES, year))}
        row = self.order | number
        inserted = session.execute(insert(SalesOrder).returning(col(SalesOrder.id)), [row])
        order_id = int(inserted.scalar_one())
        for model, rows in (
            (OrderLine, self.lines),
            (OrderPart, self.parts),
            (Reservation, self.reservations),
            (Movement, self.movements),
        ):
            if rows:
                session.execute(insert(model), [r | {"order_id": order_id} for r in rows])
        return self.values | number | {"id": order_id}


@functools.cache
def _reserve_statement(count: int) -> Any:
    """The ORM UPDATE reserving `count` takes, built once per count (building the expression
    costs more than running it): each take's row matches by id, part and bin while it has
    the take's quantity available, and gains it in `reserved`."""
    return (
        update(Stock)
        .where(
            or_(
                *(
                    and_(
                        col(Stock.id) == bindparam(f"id{i}"),
                        col(Stock.part) == bindparam(f"part{i}"),
                        col(Stock.bin) == bindparam(f"bin{i}"),
                        col(Stock.on_hand) - col(Stock.reserved) >= bindparam(f"q{i}"),
                    )
                    for i in range(count)
                )
            )
        )
        .values(
            reserved=col(Stock.reserved)
            + case(
                *((col(Stock.id) == bindparam(f"id{i}"), bindparam(f"q{i}")) for i in range(count)),
                else_=0,
            )
        )
        .execution_options(synchronize_session=False)
    )


def _next_value(session: Session, series: str, year: int) -> int:
    """`numbering.next_value` as an ORM statement: the dialect's upsert on `Counter`."""
    statement = counter_upsert(session.connection().dialect.name)
    return int(session.execute(statement, {"series": series, "year": year}).scalar_one())
