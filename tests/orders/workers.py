"""Child-process bodies for the concurrency and crash tests (spawned, so importable)."""

from __future__ import annotations

import os
import signal
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Barrier
from typing import Any

from sqlalchemy.engine import Engine

from configurator.catalog.model import Catalog
from configurator.orders.errors import OutOfStockError
from configurator.orders.placing import place_order
from configurator.orders.promising import PromiseInfo
from configurator.orders.users import Actor
from configurator.orders.views import OrderSummary
from configurator.store.database import make_engine
from tests.orders.shop_fixtures import PICKS, TODAY, actor, make_catalog, settings

PROMISE = PromiseInfo(TODAY, TODAY, "test")
C16 = {**PICKS, "chassis": "c16"}


def _place(engine: Engine, catalog: Catalog, clara: Actor, picks: dict[str, Any]) -> OrderSummary:
    """One order as Clara, on the test day, with the promise passed in."""
    return place_order(
        engine,
        catalog=catalog,
        settings=settings(),
        actor=clara,
        today=TODAY,
        picks=picks,
        promise=PROMISE,
    )


def place_one(url: str, barrier: Barrier, results: Connection, warm: bool = False) -> None:
    """Wait for all competitors, place one order for a 16-inch laptop, report the outcome.

    `warm`: first try an order that cannot be placed (the RTX card is out) but reads the
    16-inch chassis' stock, so this process plans the real order before its write turn
    (`orders.fastplan`) from five units it saw free."""
    engine = make_engine(url)
    catalog = make_catalog()
    clara = actor(engine, "clara")
    if warm:
        try:
            _place(engine, catalog, clara, {**C16, "gpu": "rtx"})
        except OutOfStockError:
            pass
        else:  # pragma: no cover - the test's stock has no RTX card
            raise AssertionError("the warm-up order was placed")
    barrier.wait()
    try:
        order = _place(engine, catalog, clara, C16)
        results.send(("ok", order.number))
    except OutOfStockError as exc:
        results.send(("out", exc.message))
    except Exception as exc:
        results.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        engine.dispose()


def place_and_hang(url: str, ready: Connection, planned: bool = False) -> None:
    """Place an order but stop inside the transaction (after the stock updates, before the
    commit) and tell the parent, which then kills this process with SIGKILL.

    `planned`: place one order first, so the one that hangs was planned before its write turn
    (`orders.fastplan`) and runs on the connection alone."""
    from configurator.orders import numbering, placing

    original = numbering.next_order_number
    engine = make_engine(url)
    catalog = make_catalog()
    clara = actor(engine, "clara")
    if planned:
        _place(engine, catalog, clara, PICKS)

    def hang(session, year):  # type: ignore[no-untyped-def]
        original(session, year)
        # the planned turn runs on the bare connection (no session to flush)
        assert hasattr(session, "flush") != planned
        if not planned:
            session.flush()
        ready.send(os.getpid())
        while True:  # wait to be killed; the transaction holds its changes uncommitted
            signal.pause()

    placing.next_order_number = hang  # type: ignore[attr-defined]
    _place(engine, catalog, clara, PICKS)


def place_forever(url: str, progress: Connection) -> None:
    """Place orders in a loop and report each one; the parent kills this at some point."""
    engine = make_engine(url)
    catalog = make_catalog()
    clara = actor(engine, "clara")
    while True:
        order = _place(engine, catalog, clara, PICKS)
        progress.send(order.number)
