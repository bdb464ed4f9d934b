"""The connection a process keeps for planned write turns (`store.database.kept_connection`)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from configurator.store.database import (
    kept_connection,
    make_engine,
    references_checked_by_caller,
    write_transaction,
)


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


def _raw(connection: Any) -> Any:
    return connection.connection.driver_connection


def test_one_connection_serves_turn_after_turn(sqlite_engine: Engine) -> None:
    """No pool checkout per turn: the same driver connection, checked out once."""
    checkouts = []
    event.listen(sqlite_engine, "checkout", lambda *_: checkouts.append(1))
    seen = []
    for _ in range(3):
        with kept_connection(sqlite_engine) as connection, write_transaction(connection):
            seen.append(_raw(connection))
            _raw(connection).execute("UPDATE stock SET on_hand = on_hand + 1")
    assert seen[0] is seen[1] is seen[2]
    assert len(checkouts) == 1
    assert not seen[0].in_transaction  # each turn committed


def test_a_connection_left_in_a_transaction_goes_back_to_the_pool(
    sqlite_engine: Engine,
) -> None:
    returned = []
    event.listen(sqlite_engine, "checkin", lambda *_: returned.append(1))
    with kept_connection(sqlite_engine) as connection:
        first = _raw(connection)
        first.execute("BEGIN IMMEDIATE")  # a use that does not end its transaction
        first.execute("UPDATE stock SET on_hand = on_hand + 1")
    assert returned == [1]
    assert not first.in_transaction  # rolled back by the pool: the write lock is free
    with kept_connection(sqlite_engine) as connection, write_transaction(connection):
        _raw(connection).execute("UPDATE stock SET on_hand = on_hand + 1")


def test_an_error_keeps_an_idle_connection(sqlite_engine: Engine) -> None:
    """A failed turn rolls back (`write_transaction`): the connection stays usable and kept."""
    found: list[Any] = []

    def failing_turn() -> None:
        with kept_connection(sqlite_engine) as connection, write_transaction(connection):
            found.append(_raw(connection))
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        failing_turn()
    first = found[0]
    with kept_connection(sqlite_engine) as connection:
        assert _raw(connection) is first
        assert not first.in_transaction


def test_disposing_the_engine_closes_it(sqlite_engine: Engine) -> None:
    sibling = references_checked_by_caller(sqlite_engine)
    with kept_connection(sibling) as connection:
        first = _raw(connection)
    sqlite_engine.dispose()  # disposes the sibling too
    assert _closed(first)
    with kept_connection(sibling) as connection:  # usable again, a new connection
        assert _raw(connection) is not first
    with kept_connection(sibling) as connection:
        inner = _raw(connection)
        sibling.dispose()  # while in use: closed when let go
        assert not _closed(inner)
    assert _closed(inner)


def test_another_thread_gets_its_own_connection(sqlite_engine: Engine) -> None:
    inside, release = threading.Event(), threading.Event()
    found: list[Any] = []

    def hold() -> None:
        with kept_connection(sqlite_engine) as connection:
            found.append(_raw(connection))
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert inside.wait(10)
        with kept_connection(sqlite_engine) as connection:
            assert _raw(connection) is not found[0]
    finally:
        release.set()
        thread.join()
    with kept_connection(sqlite_engine) as connection:  # the kept one again
        assert _raw(connection) is found[0]


def test_a_forked_child_opens_its_own(sqlite_engine: Engine) -> None:
    with kept_connection(sqlite_engine) as connection:
        parent = _raw(connection)  # kept alive here: identity compares in the child
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            with kept_connection(sqlite_engine) as connection:
                ok = _raw(connection) is not parent
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.close(read)
    os.waitpid(pid, 0)
    assert answer == b"1"


def _closed(raw: Any) -> bool:
    try:
        raw.execute("SELECT 1")
    except Exception:  # sqlite3.ProgrammingError: closed
        return True
    return False


def test_planned_orders_check_out_one_connection(sqlite_engine: Engine, catalog: Any) -> None:
    """An order planned before its turn runs it on the kept connection: no checkout per order."""
    from tests.orders.test_order_flow import place

    sibling = references_checked_by_caller(sqlite_engine)
    place(sqlite_engine, catalog)  # read inside its turn: the process learns the stock rows
    checkouts: list[int] = []
    event.listen(sibling, "checkout", lambda *_: checkouts.append(1))
    numbers = [place(sqlite_engine, catalog).number for _ in range(3)]
    assert numbers == ["2026-00002", "2026-00003", "2026-00004"]
    assert len(checkouts) <= 1
