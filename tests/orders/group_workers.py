"""Child-process bodies for the group-commit tests (spawned, so importable): each writer
warms up (so its next order is planned before its turn), then places one order when the
parent says so; hooks report where it is and can stop it there to be killed."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any

from configurator.orders import groupcommit, retry
from configurator.orders.errors import OutOfStockError
from configurator.store import database
from configurator.store.database import make_engine
from tests.orders.shop_fixtures import PICKS, actor, make_catalog
from tests.orders.workers import _place

SMALL = dict(PICKS)
"""A 14-inch laptop: parts enough for every order of these tests."""
SMALL_16 = {**SMALL, "chassis": "c16"}


def _stop(conn: Connection, message: tuple[Any, ...]) -> None:
    conn.send(message)
    while True:  # wait to be killed
        signal.pause()


def writer(url: str, conn: Connection, picks: dict[str, Any], stop_at: str = "") -> None:
    """Warm up, say "warm", wait for "place", place one order and report (outcome, number or
    message, write transactions of its own). `stop_at`: "leading" waits there for "go";
    "served" or "committed" (leader) or "posted" (follower) stops the process there."""
    engine = make_engine(url)
    catalog = make_catalog()
    clara = actor(engine, "clara")
    _place(engine, catalog, clara, picks)  # now this process plans before its turn
    own = [0]
    counted = database.write_transaction

    @contextmanager
    def counting(connection: Any) -> Iterator[None]:
        own[0] += 1
        with counted(connection):
            yield

    database.write_transaction = counting  # the turns of its own (orders.groupcommit)

    def leader_hook(point: str) -> None:
        if point == "leading":
            conn.send(("leading",))
            assert conn.recv() == "go"
        elif point == stop_at:
            _stop(conn, (point,))

    def posting_hook(ticket: int) -> None:
        if stop_at == "posted":
            _stop(conn, ("posted", ticket))
        conn.send(("posted", ticket))

    conn.send(("warm",))
    assert conn.recv() == "place"
    if stop_at in {"leading", "served", "committed"}:
        groupcommit.hook = leader_hook
    retry.posting_hook = posting_hook
    try:
        order = _place(engine, catalog, clara, picks)
        conn.send(("ok", order.number, own[0]))
    except OutOfStockError as exc:
        conn.send(("out", exc.message, own[0]))
    except Exception as exc:  # reported, so the test shows it
        conn.send(("error", f"{type(exc).__name__}: {exc}", own[0]))
    finally:
        engine.dispose()
