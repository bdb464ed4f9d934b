"""Group commit (orders.groupcommit) with real processes: a writer in its turn commits the
planned orders of the writers queued behind it, each whole or not at all; a stale one is
planned again by its own writer; a writer killed at any step never leaves an order placed
twice or half."""

from __future__ import annotations

import marshal
import multiprocessing as mp
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from multiprocessing.connection import Connection
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from configurator.orders import groupcommit
from configurator.orders.groupcommit import Handover
from configurator.store import database
from configurator.store.database import make_engine
from configurator.store.models import SalesOrder
from tests.orders import group_workers
from tests.orders.shop_fixtures import stock_of
from tests.orders.test_concurrency import _check_consistent

TIMEOUT = 60


def _context() -> mp.context.ForkServerContext:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.orders.group_workers"])
    return ctx


@dataclass
class Child:
    process: Any
    conn: Connection

    def expect(self, *kinds: str) -> tuple[Any, ...]:
        assert self.conn.poll(TIMEOUT), f"no message, expected {kinds}"
        message: tuple[Any, ...] = self.conn.recv()
        assert message[0] in kinds, message
        return message

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.join(TIMEOUT)
        assert self.process.exitcode == -signal.SIGKILL


@pytest.fixture
def start(sqlite_url: str) -> Iterator[Any]:
    ctx = _context()
    children: list[Child] = []

    def start_writer(picks: dict[str, Any], stop_at: str = "") -> Child:
        mine, theirs = ctx.Pipe()
        process = ctx.Process(
            target=group_workers.writer, args=(sqlite_url, theirs, picks, stop_at)
        )
        process.start()
        child = Child(process, mine)
        children.append(child)
        child.expect("warm")
        return child

    yield start_writer
    for child in children:
        if child.process.is_alive():
            child.process.kill()
        child.process.join(TIMEOUT)


def _batch(
    start: Any,
    leader_stop: str,
    b_picks: dict[str, Any] = group_workers.SMALL,
    b_stop: str = "",
) -> tuple[Child, Child, Child]:
    """A leader in its turn (own order written, stopped before reading requests) and two
    writers that posted their orders behind it."""
    a = start(group_workers.SMALL, leader_stop)
    b = start(b_picks, b_stop)
    c = start(group_workers.SMALL)
    _place_behind(a, b, c)
    return a, b, c


def _place_behind(a: Child, b: Child, c: Child) -> None:
    """A takes its turn and stops before reading requests; B and C post theirs behind it."""
    a.conn.send("place")
    a.expect("leading")
    b.conn.send("place")
    b.expect("posted")
    c.conn.send("place")
    c.expect("posted")


def _orders(url: str) -> list[tuple[str, str | None]]:
    engine = make_engine(url)
    try:
        assert _check_consistent(engine) >= 0
        with Session(engine) as session:
            rows = session.exec(
                select(SalesOrder.order_number, SalesOrder.request_token).order_by(
                    col(SalesOrder.id)
                )
            ).all()
        return [(str(number), token) for number, token in rows]
    finally:
        engine.dispose()


def test_followers_orders_are_committed_by_the_leader(start: Any, sqlite_url: str) -> None:
    a, b, c = _batch(start, "leading")
    a.conn.send("go")
    assert a.expect("ok")[1:] == ("2026-00004", 1)  # after the three warm-up orders
    # served: no write transaction of their own, numbers in ticket order
    assert b.expect("ok")[1:] == ("2026-00005", 0)
    assert c.expect("ok")[1:] == ("2026-00006", 0)
    orders = _orders(sqlite_url)
    assert [n for n, _ in orders] == [f"2026-{i:05d}" for i in range(1, 7)]
    tokens = [t for _, t in orders]
    assert tokens[:4] == [None] * 4  # the warm-ups (planned in their turn) and the leader's
    assert None not in tokens[4:]
    assert tokens[4] != tokens[5]


def test_a_stale_follower_is_planned_in_its_own_turn(start: Any, sqlite_url: str) -> None:
    a = start(group_workers.SMALL, "leading")
    b = start(group_workers.SMALL_16)  # knows CHS-16 has four left after its warm-up
    c = start(group_workers.SMALL)
    engine = make_engine(sqlite_url)
    try:  # another counter sells them: B's plan no longer fits
        with engine.begin() as conn:
            conn.execute(text("UPDATE stock SET on_hand = reserved WHERE part = 'CHS-16'"))
    finally:
        engine.dispose()
    _place_behind(a, b, c)
    a.conn.send("go")
    assert a.expect("ok")[1] == "2026-00004"
    out = b.expect("out")
    assert "CHS-16" in out[1]
    assert c.expect("ok")[1:] == ("2026-00005", 0)  # B's rolled-back savepoint kept no number
    assert [n for n, _ in _orders(sqlite_url)] == [f"2026-{i:05d}" for i in range(1, 6)]
    engine = make_engine(sqlite_url)
    try:
        assert stock_of(engine, "CHS-16") == (1, 1)  # only B's warm-up order holds one
    finally:
        engine.dispose()


def test_leader_killed_after_commit_before_answering(start: Any, sqlite_url: str) -> None:
    a, b, c = _batch(start, "committed")
    a.conn.send("go")
    a.expect("committed")
    a.kill()  # the batch is committed; nobody got an answer
    # each finds its order by its token inside a write transaction of its own
    assert b.expect("ok")[1:] == ("2026-00005", 1)
    assert c.expect("ok")[1:] == ("2026-00006", 1)
    orders = _orders(sqlite_url)
    assert [n for n, _ in orders] == [f"2026-{i:05d}" for i in range(1, 7)]  # none twice


def test_leader_killed_before_commit(start: Any, sqlite_url: str) -> None:
    a, b, c = _batch(start, "served")
    a.conn.send("go")
    a.expect("served")
    a.kill()  # SQLite rolls the whole batch back
    b_number = b.expect("ok")[1]
    c_number = c.expect("ok")[1]
    assert sorted([b_number, c_number]) == ["2026-00004", "2026-00005"]
    orders = _orders(sqlite_url)
    assert [n for n, _ in orders] == [f"2026-{i:05d}" for i in range(1, 6)]
    assert all(t is not None for _, t in orders[3:])


def test_follower_killed_after_posting_is_committed_whole(start: Any, sqlite_url: str) -> None:
    a, b, c = _batch(start, "leading", b_stop="posted")
    b.kill()
    a.conn.send("go")
    assert a.expect("ok")[1] == "2026-00004"
    assert c.expect("ok")[1:] == ("2026-00006", 0)  # B's order came first
    orders = _orders(sqlite_url)  # B's order too, whole (the consistency check)
    assert [n for n, _ in orders] == [f"2026-{i:05d}" for i in range(1, 7)]


def test_a_request_is_read_only_when_whole(tmp_path: Any, sqlite_url: str) -> None:
    """A request half written, for another ticket, or changed is not served."""
    engine = make_engine(sqlite_url)
    try:
        _check_request_reading(tmp_path, engine)
    finally:
        engine.dispose()


def _check_request_reading(tmp_path: Any, engine: Engine) -> None:
    from configurator.orders.allocation import PartLine, Plan, Take
    from configurator.orders.records import PreparedOrder, PreparedTakes
    from tests.orders.shop_fixtures import TODAY, actor
    from tests.store.test_prepared import _order_values

    clara = actor(engine, "clara")
    plan = Plan((Take(1, "CHS-14", "A-01", 1),), (PartLine("CHS-14", 1),))
    values = _order_values(order_number=None)
    handover = Handover(
        engine.dialect,
        PreparedOrder.of(engine.dialect, values, ()),
        PreparedTakes.of(engine.dialect, plan, actor=clara, today=TODAY, at=values["created_at"]),
        customer_id=None,
        year=2026,
    )
    data = handover.post(7)
    assert data is not None
    assert handover.token is not None
    slot = tmp_path / "slot"
    for content, ticket, whole in (
        (data, 7, True),
        (data, 8, False),
        (data[: len(data) // 2], 7, False),
        (data[:-1] + bytes([data[-1] ^ 1]), 7, False),
    ):
        slot.write_bytes(content)
        fd = os.open(slot, os.O_RDONLY)
        try:
            request = groupcommit._read_request(fd, ticket)
        finally:
            os.close(fd)
        assert (request is not None) == whole
        if whole:
            assert request is not None
            assert request.token == handover.token


def _request(engine: Engine, catalog: Any, token_ticket: int = 3) -> tuple[Handover, Any]:
    """A planned order of this process as another writer would read it from its slot."""
    from configurator.orders.configuration import freeze
    from configurator.orders.fastplan import guess_plan
    from configurator.orders.pricing import totals
    from configurator.orders.records import PreparedOrder, PreparedTakes, order_values
    from configurator.store.models import OrderStatus
    from tests.orders.shop_fixtures import PICKS, TODAY, actor, settings

    clara = actor(engine, "clara")
    frozen = freeze(catalog, PICKS)
    at = datetime(2026, 11, 25, 10, tzinfo=UTC)
    values = order_values(
        frozen,
        totals(frozen.list_price, Decimal(0), Decimal("0.19")),
        clara,
        TODAY,
        at,
        settings(),
        None,
        None,
        "",
        status=OrderStatus.ORDERED,
    ) | {"ordered_on": TODAY, "promised_on": TODAY, "handover_on": TODAY}
    plan = guess_plan(engine, frozen.bom, catalog.components)
    assert plan is not None  # the process knows the stock rows (an order placed before)
    handover = Handover(
        engine.dialect,
        PreparedOrder.of(engine.dialect, values, frozen.lines),
        PreparedTakes.of(engine.dialect, plan, actor=clara, today=TODAY, at=at),
        customer_id=None,
        year=TODAY.year,
    )
    data = handover.post(token_ticket)
    assert data is not None
    request = groupcommit._decode(data[20:])  # after the header
    assert request is not None
    return handover, request


def _serve_once(engine: Engine, request: Any) -> tuple[Any, ...]:
    with engine.connect() as connection, database.write_transaction(connection):
        return groupcommit._serve(connection, request)


def test_a_request_runs_whole_in_its_savepoint_or_not_at_all(sqlite_url: str, catalog: Any) -> None:
    from tests.orders.test_order_flow import count, movements_match_stock, place

    engine = make_engine(sqlite_url)
    try:
        place(engine, catalog)  # 2026-00001; this process now plans before its turn
        orders = count(engine, SalesOrder)

        handover, request = _request(engine, catalog)
        described = list(marshal.loads(request.shape))
        described[5] = b"another statement"  # the digest of the order's INSERT
        other = groupcommit.Request(marshal.dumps(tuple(described)), request.values)
        assert _serve_once(engine, other)[0] == groupcommit.Status.NOT_DONE
        short = groupcommit.Request(request.shape, request.values[:-1])  # a value missing
        assert _serve_once(engine, short)[0] == groupcommit.Status.NOT_DONE
        for at, wrong in ((7, -1), (7, 1), (7, 999), (2, -1), (8, ()), (8, "x"), (0, 1)):
            bent = list(marshal.loads(request.shape))
            bent[at] = wrong  # the number's position, update rows, inserts, the format
            other = groupcommit.Request(marshal.dumps(tuple(bent)), request.values)
            assert _serve_once(engine, other)[0] == groupcommit.Status.NOT_DONE, (at, wrong)
        # a statement naming a column its table lacks (SQLAlchemy refuses to compile it): not
        # ours, answered "not done"; nothing escapes into the leader's own turn
        bent = list(marshal.loads(request.shape))
        inserts = list(bent[8])
        source, *rest = inserts[0]
        inserts[0] = ((source[0], source[1], ("no_such_column",), *source[3:]), *rest)
        bent[8] = tuple(inserts)
        other = groupcommit.Request(marshal.dumps(tuple(bent)), request.values)
        assert _serve_once(engine, other)[0] == groupcommit.Status.NOT_DONE
        assert count(engine, SalesOrder) == orders

        answer = _serve_once(engine, request)
        assert answer == (groupcommit.Status.DONE, answer[1], "2026-00002", None)
        assert count(engine, SalesOrder) == orders + 1
        with Session(engine) as session:
            row = session.get(SalesOrder, answer[1])
            assert row is not None
            assert row.request_token == handover.token
        assert _serve_once(engine, request)[0] == groupcommit.Status.NOT_DONE  # its token

        with engine.begin() as conn:  # the stock is gone before the next one is served
            conn.execute(text("UPDATE stock SET on_hand = reserved WHERE part = 'CHS-14'"))
        _, stale = _request(engine, catalog)
        assert _serve_once(engine, stale)[0] == groupcommit.Status.STALE
        assert count(engine, SalesOrder) == orders + 1  # nothing of it, no number used
        movements_match_stock(engine)
        assert _check_consistent(engine) == orders + 1
    finally:
        engine.dispose()


def test_a_leader_compiles_a_request_shape_once(
    sqlite_url: str, catalog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Requests with the same statements send the same shape: compiled and checked once."""
    from tests.orders.test_order_flow import place

    engine = make_engine(sqlite_url)
    try:
        place(engine, catalog)  # this process now plans before its turn
        first, second = _request(engine, catalog)[1], _request(engine, catalog)[1]
        assert first.shape == second.shape
        assert first.values != second.values  # their own tokens
        groupcommit._shapes.clear()
        built: list[Any] = []
        rebuild = groupcommit.rebuild

        def counted(dialect: Any, source: Any) -> Any:
            built.append(source)
            return rebuild(dialect, source)

        monkeypatch.setattr(groupcommit, "rebuild", counted)
        assert _serve_once(engine, first)[0] == groupcommit.Status.DONE
        compiled = len(built)
        assert compiled > 0
        assert _serve_once(engine, second)[0] == groupcommit.Status.DONE
        assert len(built) == compiled
        assert _check_consistent(engine) == 3
    finally:
        engine.dispose()


def test_a_settled_answer_is_read_once(tmp_path: Any, sqlite_url: str, catalog: Any) -> None:
    """A follower that found its final answer ("done" or "stale") while queueing does not
    read its slot again in its turn; any other answer is read again there."""
    from configurator.orders.retry import Turn
    from tests.orders.test_order_flow import place

    engine = make_engine(sqlite_url)
    try:
        place(engine, catalog)
        handover, _ = _request(engine, catalog)
    finally:
        engine.dispose()
    fd = os.open(tmp_path / "slot", os.O_RDWR | os.O_CREAT)
    try:
        groupcommit._write_answer(fd, 5, (groupcommit.Status.NOT_DONE, 0, "", None))
        assert not handover.settled(fd, 5)
        groupcommit._write_answer(fd, 5, (groupcommit.Status.DONE, 7, "2026-00009", None))
        first = groupcommit._read_answer(Turn("q", 5, fd, True), handover)  # read again
        assert first is not None
        assert first[:3] == (groupcommit.Status.DONE, 7, "2026-00009")
        assert handover.settled(fd, 5)
        os.pwrite(fd, b"\0" * 64, groupcommit.ANSWER_AT)  # the slot's answer is gone now
        answer = groupcommit._read_answer(Turn("q", 5, fd, True), handover)
        assert answer is not None
        assert answer[:3] == (groupcommit.Status.DONE, 7, "2026-00009")
        assert groupcommit._read_answer(Turn("q", 6, fd, True), handover) is None  # not ours
    finally:
        os.close(fd)
