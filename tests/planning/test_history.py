"""Weekly history from orders: bucketing, closed weeks, and the seeded demo generator."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from configurator.catalog.model import Catalog
from configurator.planning.demo_history import generate
from configurator.planning.history import (
    OrderedConfiguration,
    load_history,
    monday,
    weekly_history,
)
from configurator.shop import WorkshopCalendar
from configurator.store.database import session_scope

from .conftest import TODAY, copy_store


def order(day: date, code: str = "a", qty: int = 1) -> OrderedConfiguration:
    return OrderedConfiguration(
        day=day,
        code=code,
        options=(("chassis=c14", 1), ("accessories=mouse", qty)),
        parts=(("CHS-14", 1), ("ACC-MOUSE", qty)),
        bom=(("CHS-14", 1), ("ACC-MOUSE", qty)),
    )


def test_orders_are_bucketed_by_monday_weeks_and_the_current_week_is_left_out() -> None:
    this_monday = monday(TODAY)
    orders = [
        order(this_monday - timedelta(days=14)),  # week 0
        order(this_monday - timedelta(days=9), qty=2),  # week 0 (a Saturday)
        order(this_monday - timedelta(days=1), code="b"),  # week 1 (Sunday)
        order(this_monday, code="b"),  # current week: not counted
    ]
    history = weekly_history(orders, today=TODAY)
    assert history.weeks == (this_monday - timedelta(days=14), this_monday - timedelta(days=7))
    assert history.options["accessories=mouse"] == [3.0, 1.0]
    assert history.components["CHS-14"] == [2.0, 1.0]
    assert history.orders == 3
    assert [(c.code, c.units) for c in history.configurations] == [("a", 2), ("b", 1)]


def test_catalog_gives_every_part_a_series_and_limits_weeks(catalog: Catalog) -> None:
    orders = [order(monday(TODAY) - timedelta(days=7 * k)) for k in range(1, 30)]
    history = weekly_history(orders, today=TODAY, weeks=10, catalog=catalog)
    assert len(history.weeks) == 10
    assert history.components["CPU-I9"] == [0.0] * 10  # never ordered: zeros, not missing
    assert history.options["processor=i9"] == [0.0] * 10


def test_a_week_with_the_workshop_closed_is_a_gap() -> None:
    first = monday(TODAY) - timedelta(days=21)
    closed_week = first + timedelta(days=7)
    calendar = WorkshopCalendar(
        holidays=frozenset(closed_week + timedelta(days=d) for d in range(5))
    )
    history = weekly_history([order(first)], today=TODAY, calendar=calendar)
    assert history.components["CHS-14"] == [1.0, None, 0.0]
    assert any("closed" in note for note in history.notes)


def test_no_orders_is_an_empty_history_that_says_so() -> None:
    history = weekly_history([], today=TODAY)
    assert history.weeks == ()
    assert "no demand history" in history.notes[0]


def test_demo_history_is_deterministic_and_believable(store: Engine, catalog: Catalog) -> None:
    with session_scope(store) as session:
        created = generate(session, catalog, today=TODAY, seed=7, weeks=20)
    with session_scope(store) as session:
        history = load_history(session, today=TODAY, catalog=catalog)
    assert created == history.orders
    assert 150 < created < 500  # ~16 a week over 20 weeks with season and noise
    assert len(history.weeks) == 20
    # every laptop takes exactly one chassis and one adapter
    chassis = [
        (a or 0.0) + (b or 0.0)
        for a, b in zip(history.components["CHS-14"], history.components["CHS-16"], strict=True)
    ]
    assert chassis == history.components["PSU-65"]
    # a few configurations are far more popular than the rest
    top = history.configurations
    assert top[0].units >= 3 * top[-1].units
    # the i9 needs the 16-inch chassis: the rule engine checked every generated order
    assert all("CHS-16" in c.bom for c in top if "CPU-I9" in c.bom)


def test_same_seed_gives_the_same_orders(
    tmp_path: Path, catalog: Catalog, store_template: Path
) -> None:
    from sqlmodel import select

    from configurator.store.models import SalesOrder

    runs = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        engine = copy_store(store_template, tmp_path / f"{name}.sqlite3")
        with session_scope(engine) as session:
            generate(session, catalog, today=TODAY, seed=seed, weeks=6)
        with session_scope(engine) as session:
            rows = session.exec(select(SalesOrder).order_by(SalesOrder.id)).all()  # type: ignore[arg-type]
            runs.append([(o.ordered_on, o.config_code, o.total) for o in rows])
        engine.dispose()
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_sql_aggregation_matches_bucketing_single_orders(store: Engine, catalog: Catalog) -> None:
    """The store's per-day sums give exactly the history of the orders one by one."""
    from sqlmodel import select

    from configurator.store.models import OrderLine, OrderPart, SalesOrder

    with session_scope(store) as session:
        generate(session, catalog, today=TODAY, seed=9, weeks=8)
    with session_scope(store) as session:
        from_sql = load_history(session, today=TODAY, catalog=catalog)
        singles = []
        for order in session.exec(select(SalesOrder)).all():
            lines = session.exec(select(OrderLine).where(OrderLine.order_id == order.id)).all()
            parts = session.exec(select(OrderPart).where(OrderPart.order_id == order.id)).all()
            assert order.ordered_on is not None
            singles.append(
                OrderedConfiguration(
                    day=order.ordered_on,
                    code=order.config_code,
                    options=tuple((f"{ln.group_id}={ln.option_id}", ln.qty) for ln in lines),
                    parts=tuple((p.part, p.qty) for p in parts),
                    bom=tuple((p.part, p.qty) for p in parts if p.parent is None),
                )
            )
    one_by_one = weekly_history(singles, today=TODAY, weeks=156, catalog=catalog)
    assert from_sql.weeks == one_by_one.weeks
    assert from_sql.options == one_by_one.options
    assert from_sql.components == one_by_one.components
    assert from_sql.orders == one_by_one.orders == len(singles)
    assert [(c.code, c.units) for c in from_sql.configurations] == [
        (c.code, c.units) for c in one_by_one.configurations
    ]


def test_tightly_ruled_catalog_is_sampled_through_the_engine(
    store: Engine, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When random picks are rarely valid, the rule engine steers the sampling."""
    import configurator.planning.demo_history as demo

    monkeypatch.setattr(demo, "SAMPLE_TRIES", 0)  # no random tries at all: only guided ones
    with session_scope(store) as session:
        created = generate(session, catalog, today=TODAY, seed=2, weeks=4)
    with session_scope(store) as session:
        history = load_history(session, today=TODAY, catalog=catalog)
    assert created == history.orders > 0
    assert len(history.configurations) >= 5
    # every one passed the rule engine: the i9 only ever in the 16-inch chassis
    assert all("CHS-16" in c.bom for c in history.configurations if "CPU-I9" in c.bom)
