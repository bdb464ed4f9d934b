"""Plans made before the write turn (`orders.fastplan`): used only when they are exactly what
planning inside the turn would give, and replaced by that when the stock moved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool

from configurator.catalog.model import Catalog, Component, PartQty
from configurator.orders.allocation import BinStock, Take, plan_allocation
from configurator.orders.errors import OrderError, OutOfStockError
from configurator.orders.fastplan import forget, guess_plan, remember, taken
from configurator.orders.people import create_customer
from configurator.orders.records import PreparedTakes
from configurator.orders.views import get_order
from configurator.store.database import make_engine, references_checked_by_caller
from configurator.store.models import Movement, OrderPart, Reservation, SalesOrder
from tests.orders.shop_fixtures import PICKS, stock_of
from tests.orders.test_order_flow import count, movements_match_stock, place

PARTS = ("A", "B", "C", "D")
BINS = ("main", "shelf", "back")
COMPONENTS = {
    "A": Component("A", "A", "main", 5),
    "B": Component("B", "B", "main", 5),
    # C can be built from A and B; D's default bin may hold nothing
    "C": Component("C", "C", "main", 5, made_of=(PartQty("A"), PartQty("B"))),
    "D": Component("D", "D", "shelf", 5),
}


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[dict[str, list[BinStock]], dict[str, list[BinStock]]]:
    """Stock rows as this process saw them, and as they are at its write turn: usually the
    same rows with other quantities; sometimes a row is gone, replaced (new id) or added."""
    seen: dict[str, list[BinStock]] = {}
    now: dict[str, list[BinStock]] = {}
    ids = iter(range(1, 1000))
    for part in PARTS:
        bins = draw(st.lists(st.sampled_from(BINS), unique=True, max_size=3))
        if COMPONENTS[part].bin not in bins and draw(st.integers(0, 7)):
            bins.append(COMPONENTS[part].bin)  # mostly there is a default-bin row
        for bin_ in bins:
            on_hand = draw(st.integers(0, 9))
            row = BinStock(next(ids), part, bin_, on_hand, draw(st.integers(0, on_hand // 2)))
            seen.setdefault(part, []).append(row)
            fate = draw(st.integers(0, 15))  # 0: gone, 1: replaced, else the same row
            if fate:
                on_hand = draw(st.integers(0, 9))
                stock_id = next(ids) if fate == 1 else row.stock_id
                moved = BinStock(stock_id, part, bin_, on_hand, draw(st.integers(0, on_hand // 2)))
                now.setdefault(part, []).append(moved)
        extra = draw(st.sampled_from(BINS))
        if all(r.bin != extra for r in now.get(part, [])) and not draw(st.integers(0, 4)):
            now.setdefault(part, []).append(BinStock(next(ids), part, extra, 5, 0))
    return seen, now


@pytest.fixture
def key_engine() -> Iterator[Engine]:
    engine = create_engine("sqlite://")
    yield engine
    forget(engine)
    engine.dispose()


def _matches(
    rows: dict[str, list[BinStock]], stock_id: int, part: str, bin_: str, qty: int
) -> bool:
    """What the conditional update checks: the row is still that part's row in that bin and
    has `qty` free."""
    return any(
        r.stock_id == stock_id and r.bin == bin_ and r.available >= qty for r in rows.get(part, [])
    )


_KEY = create_engine("sqlite://")  # only a key for the known rows: never connected


@settings(max_examples=200, deadline=None)
@given(
    seen_now=scenarios(),
    bom=st.dictionaries(st.sampled_from(PARTS), st.integers(1, 3), min_size=1),
)
def test_a_guess_that_passes_the_checks_is_the_plan_made_inside_the_turn(
    seen_now: tuple[dict[str, list[BinStock]], dict[str, list[BinStock]]],
    bom: dict[str, int],
) -> None:
    seen, now = seen_now
    forget(_KEY)
    remember(_KEY, seen, COMPONENTS)
    guess = guess_plan(_KEY, bom, COMPONENTS)
    if guess is None:
        return
    if all(_matches(now, t.stock_id, t.part, t.bin, t.qty) for t in guess.takes):
        assert guess == plan_allocation(bom, now, COMPONENTS)


def test_no_guess_without_a_default_bin_row_or_enough_seen_in_it(key_engine: Engine) -> None:
    rows = {
        "A": [BinStock(1, "A", "main", 3, 1)],
        "D": [BinStock(2, "D", "back", 9, 0)],  # D's default bin is "shelf"
    }
    remember(key_engine, rows, COMPONENTS)
    assert guess_plan(key_engine, {"A": 2}, COMPONENTS) is not None
    assert guess_plan(key_engine, {"A": 3}, COMPONENTS) is None  # only 2 were free
    assert guess_plan(key_engine, {"D": 1}, COMPONENTS) is None
    assert guess_plan(key_engine, {"A": 1, "B": 1}, COMPONENTS) is None  # B never seen
    moved = {**COMPONENTS, "A": Component("A", "A", "shelf", 5)}  # the catalog moved A
    assert guess_plan(key_engine, {"A": 1}, moved) is None
    guess = guess_plan(key_engine, {"A": 2}, COMPONENTS)
    assert guess is not None
    taken(key_engine, guess.takes)
    assert guess_plan(key_engine, {"A": 1}, COMPONENTS) is None  # this process took them


def test_committed_takes_count_down_only_the_row_they_took_from(key_engine: Engine) -> None:
    """`taken` counts the known row down in place; a take from another row of the part (the
    row was replaced since) changes nothing, and rows read later replace what was known."""
    remember(key_engine, {"A": [BinStock(1, "A", "main", 5, 0)]}, COMPONENTS)
    first = guess_plan(key_engine, {"A": 2}, COMPONENTS)
    assert first is not None
    taken(key_engine, first.takes)
    taken(key_engine, (Take(9, "A", "main", 3),))  # another row: not what we know
    assert guess_plan(key_engine, {"A": 3}, COMPONENTS) is not None
    assert guess_plan(key_engine, {"A": 4}, COMPONENTS) is None
    remember(key_engine, {"A": [BinStock(1, "A", "main", 5, 4)]}, COMPONENTS)
    assert guess_plan(key_engine, {"A": 2}, COMPONENTS) is None
    again = guess_plan(key_engine, {"A": 1}, COMPONENTS)
    assert again is not None
    assert again.takes == (Take(1, "A", "main", 1),)


@pytest.fixture
def applied(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each pre-turn plan's conditional updates fitted, in order (a spy)."""
    outcomes: list[bool] = []
    real_apply = PreparedTakes.apply

    def spy(self: PreparedTakes, connection: object) -> bool:
        ok = real_apply(self, connection)  # type: ignore[arg-type]
        outcomes.append(ok)
        return ok

    monkeypatch.setattr(PreparedTakes, "apply", spy)
    return outcomes


def test_a_plan_made_before_the_turn_is_used_only_while_it_fits(
    engine: Engine, catalog: Catalog, applied: list[bool]
) -> None:
    mouse = {**PICKS, "acc": {"mouse": 1}}
    first = place(engine, catalog, mouse)  # planned inside the turn: nothing known yet
    assert applied == []
    second = place(engine, catalog, mouse)
    assert applied == [True]
    assert [
        (p.part, p.qty, p.reserved, p.short) for p in get_order(engine, second.number).parts
    ] == [(p.part, p.qty, p.reserved, p.short) for p in get_order(engine, first.number).parts]
    assert stock_of(engine, "ACC-MOUSE") == (6, 2)

    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:  # another counter sells the last four mice
        assert place(other, catalog, {**PICKS, "acc": {"mouse": 3}}).number == "2026-00003"
        assert place(other, catalog, mouse).number == "2026-00004"
    finally:
        other.dispose()
    applied.clear()
    before = {m: count(engine, m) for m in (SalesOrder, Reservation, Movement, OrderPart)}
    with pytest.raises(OutOfStockError) as info:
        place(engine, catalog, mouse)  # this process still thinks four are free
    assert applied == [False]  # the guess did not fit: planned inside the turn
    assert [s.part for s in info.value.shortages] == ["ACC-MOUSE"]
    assert {m: count(engine, m) for m in before} == before
    assert stock_of(engine, "ACC-MOUSE") == (6, 6)

    backorder = place(engine, catalog, mouse, accept_backorder=True)
    assert applied == [False]  # it saw the empty bin: no guess
    assert backorder.number == "2026-00005"
    assert backorder.backorder
    movements_match_stock(engine)


def test_a_planned_order_names_its_customer_and_refuses_an_unknown_one(
    engine: Engine, catalog: Catalog, applied: list[bool]
) -> None:
    ada = create_customer(engine, name="Ada Lovelace", now=datetime(2026, 11, 25, tzinfo=UTC))
    place(engine, catalog)  # planned inside the turn: nothing known yet
    order = place(engine, catalog, customer_id=ada.id)
    assert applied == [True]
    assert order.customer == "Ada Lovelace"
    assert get_order(engine, order.number).summary.customer == "Ada Lovelace"
    before = {m: count(engine, m) for m in (SalesOrder, Reservation, Movement, OrderPart)}
    with pytest.raises(OrderError, match="no customer with id"):
        place(engine, catalog, customer_id=ada.id + 1000)
    assert {m: count(engine, m) for m in before} == before
    assert place(engine, catalog).number == "2026-00003"
    movements_match_stock(engine)


def test_planned_orders_refer_only_to_rows_that_exist_and_other_writes_keep_the_checks(
    sqlite_url: str, catalog: Catalog
) -> None:
    engine = make_engine(sqlite_url)
    try:
        numbers = [place(engine, catalog).number for _ in range(4)]  # 3 planned before the turn
        assert numbers == [f"2026-0000{i}" for i in range(1, 5)]
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        unchecked = references_checked_by_caller(engine)
        assert unchecked is references_checked_by_caller(engine)  # made once
        with unchecked.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
        movements_match_stock(engine)
        pool = unchecked.pool
        assert isinstance(pool, QueuePool)
        assert pool.checkedin() == 1
    finally:
        engine.dispose()
    assert pool.checkedin() == 0  # closing the store closes the sibling's connections too
