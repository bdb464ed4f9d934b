"""Transactions: readers never wait for a writer; transient lock errors are retried, bounded."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from configurator.errors import DatabaseError
from configurator.orders.retry import run_write
from configurator.orders.stock import list_stock
from configurator.orders.views import list_orders
from configurator.store.database import make_engine


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


def test_readers_do_not_wait_for_a_writer(sqlite_engine: Engine, sqlite_url: str) -> None:
    writer = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # holds the write lock like a long order would
        writer.execute("UPDATE stock SET on_hand = on_hand + 1")
        t0 = time.perf_counter()
        assert len(list_stock(sqlite_engine)) == 12
        assert list_orders(sqlite_engine) == []
        assert time.perf_counter() - t0 < 2  # the busy timeout is 10 s
        on_hand = {ln.part: ln.on_hand for ln in list_stock(sqlite_engine)}
        assert on_hand["RAM-8"] == 20  # the uncommitted change is not seen
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def _locked() -> OperationalError:
    return OperationalError("UPDATE stock", {}, sqlite3.OperationalError("database is locked"))


def test_a_transient_lock_error_is_retried(sqlite_engine: Engine) -> None:
    calls = []

    def work(session: Session) -> str:
        calls.append(1)
        if len(calls) < 3:
            raise _locked()
        return "done"

    assert run_write(sqlite_engine, work) == "done"
    assert len(calls) == 3


def test_retries_are_bounded_and_end_in_a_clear_error(sqlite_engine: Engine) -> None:
    calls = []

    def work(session: Session) -> None:
        calls.append(1)
        raise _locked()

    with pytest.raises(DatabaseError, match="stayed busy through 4 attempts") as info:
        run_write(sqlite_engine, work, attempts=4)
    assert len(calls) == 4
    assert "database is locked" not in info.value.message


def test_other_database_errors_are_not_retried(sqlite_engine: Engine) -> None:
    calls = []

    def work(session: Session) -> None:
        calls.append(1)
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: x"))

    with pytest.raises(OperationalError):
        run_write(sqlite_engine, work)
    assert len(calls) == 1


def _tickets_drawn(engine: Engine) -> int:
    from configurator.orders.retry import _queue_folder

    folder = _queue_folder(engine.url.render_as_string())
    assert folder is not None
    raw = (folder / "ticket").read_bytes()
    return int.from_bytes(raw, "little") if len(raw) == 8 else 0


def test_writers_get_their_turn_first_come_first_served(sqlite_engine: Engine) -> None:
    import threading

    from configurator.orders.retry import writer_turn

    entered: list[str] = []
    with writer_turn(sqlite_engine):  # the turn is ours: everyone else queues
        first = _tickets_drawn(sqlite_engine)
        threads = []
        for name in ("b", "c", "d"):
            drawn = _tickets_drawn(sqlite_engine)

            def wait(name: str = name) -> None:
                with writer_turn(sqlite_engine):
                    entered.append(name)

            thread = threading.Thread(target=wait)
            thread.start()
            threads.append(thread)
            deadline = time.monotonic() + 10
            while _tickets_drawn(sqlite_engine) == drawn:  # until it holds its ticket
                assert time.monotonic() < deadline
            # (then the next one starts, so the tickets are drawn in the order b, c, d)
        assert entered == []
        assert _tickets_drawn(sqlite_engine) == first + 3
    for thread in threads:
        thread.join(timeout=10)
    assert entered == ["b", "c", "d"]


def _busy(raw: sqlite3.Connection) -> bool:
    """Whether the driver connection is inside a transaction (a call: no narrowing)."""
    return raw.in_transaction


def _customers(engine: Engine) -> int:
    with engine.connect() as conn:
        count = int(conn.exec_driver_sql("SELECT count(*) FROM customer").scalar_one())
        conn.rollback()
    return count


def test_a_driver_level_write_transaction_commits_or_rolls_back(sqlite_engine: Engine) -> None:
    """`write_transaction` (planned orders' turns) begins IMMEDIATE on the driver, commits on
    success and rolls back on any exception, leaving the connection usable."""
    from configurator.store.database import write_transaction

    insert = (
        "INSERT INTO customer (name, email, phone, address, created_at) VALUES (?, '', '', '', ?)"
    )
    before = _customers(sqlite_engine)
    with sqlite_engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)

        def fail_after_insert() -> None:
            with write_transaction(connection):
                raw.execute(insert, ("lost", "2026-11-25 10:00:00"))
                raise RuntimeError

        with pytest.raises(RuntimeError):
            fail_after_insert()
        assert not _busy(raw)
        with write_transaction(connection):
            assert _busy(raw)
            raw.execute(insert, ("kept", "2026-11-25 10:00:00"))
    assert _customers(sqlite_engine) == before + 1


def test_a_driver_level_begin_that_finds_the_file_locked_is_retried(
    sqlite_engine: Engine, sqlite_url: str
) -> None:
    """Its BEGIN IMMEDIATE's "database is locked" arrives as SQLAlchemy's error, which the
    bounded retry recognises."""
    from sqlalchemy.exc import DBAPIError

    from configurator.orders.retry import is_transient
    from configurator.store.database import write_transaction

    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with sqlite_engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            raw.execute("PRAGMA busy_timeout = 0")
            began = []
            with pytest.raises(DBAPIError) as info, write_transaction(connection):
                began.append(True)
            assert not began
            assert is_transient(info.value)
            assert not _busy(raw)
            holder.execute("ROLLBACK")
            with write_transaction(connection):
                assert _busy(raw)
            connection.invalidate()  # its busy timeout was changed: not back into the pool
    finally:
        holder.close()
