"""Several processes at once, and processes killed mid-order: the store never oversells and
an order is there completely or not at all."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from configurator.store.database import make_engine
from configurator.store.models import (
    Movement,
    OrderLine,
    OrderPart,
    Reservation,
    SalesOrder,
    Stock,
)
from tests.helpers.postgres import pg_url_or_skip
from tests.orders import workers
from tests.orders.shop_fixtures import stock_of

WRITERS = 8


def _url(request: pytest.FixtureRequest, backend: str) -> str:
    return request.getfixturevalue("sqlite_url" if backend == "sqlite" else "pg_url")


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _context() -> mp.context.ForkServerContext:
    """A fork server that has imported the store once: children start in milliseconds
    instead of importing SQLAlchemy each, and never inherit the test's connections."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.orders.workers"])
    return ctx


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "planned-before-the-turn"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_eight_processes_for_the_last_five_units(
    request: pytest.FixtureRequest, backend: str, warm: bool
) -> None:
    url = _url(request, backend)
    engine = make_engine(url)
    try:
        assert stock_of(engine, "CHS-16") == (5, 0)
        ctx = _context()
        barrier = ctx.Barrier(WRITERS)
        receivers, procs = [], []
        for _ in range(WRITERS):
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=workers.place_one, args=(url, barrier, send, warm))
            proc.start()
            receivers.append(recv)
            procs.append(proc)
        outcomes = [recv.recv() for recv in receivers]
        for proc in procs:
            proc.join(timeout=60)
            assert proc.exitcode == 0
        kinds = sorted(kind for kind, _ in outcomes)
        assert kinds == ["ok"] * 5 + ["out"] * 3, outcomes
        assert all("CHS-16" in text for kind, text in outcomes if kind == "out")
        numbers = sorted(text for kind, text in outcomes if kind == "ok")
        assert numbers == [f"2026-0000{i}" for i in range(1, 6)]
        assert stock_of(engine, "CHS-16") == (5, 5)
    finally:
        engine.dispose()


def _check_consistent(engine: Engine) -> int:
    """Every order is whole: lines, parts, reservations and movements all there; stock
    reserved equals the held reservations. Returns the number of orders."""
    with Session(engine) as session:
        orders = session.exec(select(SalesOrder)).all()
        for order in orders:
            for model in (OrderLine, OrderPart, Reservation, Movement):
                n = session.exec(
                    select(func.count()).select_from(model).where(model.order_id == order.id)
                ).one()
                assert n > 0, (order.order_number, model.__name__)
        for row in session.exec(select(Stock)).all():
            held = session.exec(
                select(func.coalesce(func.sum(Reservation.qty), 0)).where(
                    Reservation.stock_id == row.id, Reservation.state == "held"
                )
            ).one()
            assert row.reserved == held, row.part
            assert 0 <= row.reserved <= row.on_hand
        numbers = sorted(o.order_number or "" for o in orders)
        assert numbers == [f"2026-{i:05d}" for i in range(1, len(orders) + 1)]
        return len(orders)


@pytest.mark.parametrize("planned", [False, True], ids=["cold", "planned-before-the-turn"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_killed_inside_the_transaction_leaves_nothing(
    request: pytest.FixtureRequest, backend: str, planned: bool
) -> None:
    url = _url(request, backend)
    ctx = _context()
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=workers.place_and_hang, args=(url, send, planned))
    proc.start()
    pid = recv.recv()  # the order is written, reserved and numbered, not committed
    os.kill(pid, signal.SIGKILL)
    proc.join(timeout=30)
    assert proc.exitcode == -signal.SIGKILL
    engine = make_engine(url)  # also runs an integrity check on SQLite
    before = 1 if planned else 0  # the order placed first to warm the process up
    try:
        assert _check_consistent(engine) == before
        assert stock_of(engine, "CHS-14") == (10, before)
        with Session(engine) as session:
            movements = session.exec(select(func.count()).select_from(Movement)).one()
            assert movements == (4 if planned else 0)  # the first order's four parts
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_killed_at_any_moment_orders_are_whole_or_absent(
    request: pytest.FixtureRequest, backend: str
) -> None:
    url = _url(request, backend)
    ctx = _context()
    for round_ in range(3):
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=workers.place_forever, args=(url, send))
        proc.start()
        for _ in range(round_ + 1):  # let it get a little way, then kill it mid-stride
            recv.recv()
        os.kill(proc.pid or 0, signal.SIGKILL)
        proc.join(timeout=30)
        engine = make_engine(url)
        try:
            assert _check_consistent(engine) >= round_ + 1
        finally:
            engine.dispose()


def test_pg_url_helper_reports_how_to_enable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONFIGURATOR_TEST_PG_URL", raising=False)
    monkeypatch.setenv("CONFIGURATOR_REQUIRE_PG", "1")
    with pytest.raises(pytest.fail.Exception, match="CONFIGURATOR_TEST_PG_URL"):
        pg_url_or_skip()
