"""The planned write turn through the ORM session's bulk API (`orders.ormturn`, the benchmark's
"SQLite via ORM bulk API" row): the same rows as the prepared statements, the same checks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from configurator.catalog.model import Catalog
from configurator.orders.errors import OutOfStockError
from configurator.orders.ormturn import OrmOrder
from configurator.orders.promising import PromiseInfo
from configurator.orders.views import get_order
from configurator.store.database import make_engine
from configurator.store.models import Movement, OrderPart, Reservation, SalesOrder
from tests.orders.shop_fixtures import PICKS, stock_of
from tests.orders.test_order_flow import count, movements_match_stock, place

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
PROMISE = PromiseInfo(date(2026, 11, 30), date(2026, 12, 1), "all parts in stock")
"""The same promise for every order (the estimate moves as the workshop's days fill up)."""
MOUSE = {**PICKS, "acc": {"mouse": 1}}
CONFIGS: list[dict[str, Any]] = [MOUSE, {**PICKS, "acc": {"bag": 1}}, {**PICKS, "chassis": "c16"}]


@pytest.fixture
def orm_applied(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each ORM turn's conditional update fitted, in order (a spy)."""
    outcomes: list[bool] = []
    real_apply = OrmOrder.apply

    def spy(self: OrmOrder, session: Session) -> bool:
        ok = real_apply(self, session)
        outcomes.append(ok)
        return ok

    monkeypatch.setattr(OrmOrder, "apply", spy)
    return outcomes


def _rows(engine: Engine, table: str, order_id: int, columns: str) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                text(f"SELECT {columns} FROM {table} WHERE order_id = :o ORDER BY id"),
                {"o": order_id},
            ).all()
        )


def _order_id(engine: Engine, number: str) -> int:
    with engine.connect() as connection:
        found: int = connection.execute(
            text("SELECT id FROM sales_order WHERE order_number = :n"), {"n": number}
        ).scalar_one()
        return int(found)


def _written(engine: Engine, number: str) -> tuple[Any, ...]:
    """Everything an order wrote, without ids and numbers."""
    order_id = _order_id(engine, number)
    with engine.connect() as connection:
        order = connection.execute(
            text("SELECT * FROM sales_order WHERE id = :o"), {"o": order_id}
        ).one()
    kept = {k: v for k, v in order._mapping.items() if k not in {"id", "order_number"}}
    return (
        kept,
        _rows(
            engine,
            "order_line",
            order_id,
            "position, group_id, group_label, option_id, option_label, qty, unit_price",
        ),
        _rows(engine, "order_part", order_id, "part, qty, short, parent, built"),
        _rows(engine, "reservation", order_id, "part, bin, stock_id, qty, state, created_at"),
        _rows(
            engine,
            "movement",
            order_id,
            "at, on_day, kind, part, bin, on_hand_delta, reserved_delta, receipt_id, user_id, "
            "reason",
        ),
    )


def test_the_orm_turn_writes_exactly_what_the_prepared_turn_writes(
    engine: Engine, catalog: Catalog, orm_applied: list[bool]
) -> None:
    for picks in CONFIGS:  # this process learns the stock rows: planned from here on
        place(engine, catalog, picks, now=NOW, promise=PROMISE)
    prepared = [place(engine, catalog, picks, now=NOW, promise=PROMISE) for picks in CONFIGS]
    assert orm_applied == []
    via_orm = [
        place(engine, catalog, picks, now=NOW, promise=PROMISE, via_orm=True) for picks in CONFIGS
    ]
    assert orm_applied == [True, True, True]
    assert [o.number for o in via_orm] == ["2026-00007", "2026-00008", "2026-00009"]
    for a, b in zip(prepared, via_orm, strict=True):
        assert _written(engine, b.number) == _written(engine, a.number)
        assert b.total == a.total
        assert get_order(engine, b.number).summary == b
    assert stock_of(engine, "ACC-MOUSE") == (6, 3)
    movements_match_stock(engine)


def test_a_stale_orm_plan_is_rolled_back_and_planned_inside_the_turn(
    engine: Engine, catalog: Catalog, orm_applied: list[bool]
) -> None:
    place(engine, catalog, MOUSE, via_orm=True)  # planned inside the turn: nothing known yet
    assert orm_applied == []
    place(engine, catalog, MOUSE, via_orm=True)
    assert orm_applied == [True]
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:  # another counter sells the last four mice
        place(other, catalog, {**PICKS, "acc": {"mouse": 3}})
        place(other, catalog, MOUSE)
    finally:
        other.dispose()
    orm_applied.clear()
    before = {m: count(engine, m) for m in (SalesOrder, Reservation, Movement, OrderPart)}
    with pytest.raises(OutOfStockError) as info:
        place(engine, catalog, MOUSE, via_orm=True)  # this process still thinks four are free
    assert orm_applied == [False]  # the ORM update matched fewer rows: rolled back
    assert [s.part for s in info.value.shortages] == ["ACC-MOUSE"]
    assert {m: count(engine, m) for m in before} == before
    assert stock_of(engine, "ACC-MOUSE") == (6, 6)
    assert place(engine, catalog, via_orm=True).number == "2026-00005"  # no number lost
    movements_match_stock(engine)
