"""Write transactions with a bounded retry, so "database is locked" never reaches a user.

SQLite: every transaction starts with BEGIN IMMEDIATE and waits up to the busy timeout, so a
lock error is rare; when it happens anyway the whole transaction is run again from the start.
PostgreSQL: serialization failures and deadlocks (SQLSTATE 40001, 40P01) are retried the
same way. Each retry waits a little longer, with jitter so competing writers spread out.
"""

from __future__ import annotations

import functools
import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from configurator.errors import DatabaseError
from configurator.orders import slices
from configurator.store.database import sqlite_file, write_transaction

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's own busy wait only
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

T = TypeVar("T")
MAX_ATTEMPTS = 12
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
_TRANSIENT_TEXT = ("database is locked", "database is busy", "database table is locked")


def is_transient(exc: DBAPIError) -> bool:
    """True for lock and serialization failures that succeed when simply tried again."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in _TRANSIENT_SQLSTATES:
        return True
    text = str(orig).lower()
    return any(fragment in text for fragment in _TRANSIENT_TEXT)


QUEUE_SLOTS = 64
"""Slot files of the writers' queue: up to this many writers may wait on one file at once."""


@functools.lru_cache(maxsize=32)
def _queue_folder(url: str) -> Path | None:
    database = sqlite_file(url)
    return None if database is None else database.with_name(f"{database.name}-writers")


@functools.lru_cache(maxsize=32)
def _queue_of(url: URL) -> str | None:
    """`_queue_folder` by the engine's URL object, as a string (every turn asks)."""
    folder = _queue_folder(url.render_as_string())
    return None if folder is None else os.fspath(folder)


_made: set[str] = set()
"""Queue folders this process created or found (checked once, not every turn)."""


def _open(path: str) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)


def _draw_ticket(folder: str) -> tuple[int, int]:
    """Draw the next ticket and lock its slot; returns (ticket, slot descriptor)."""
    try:
        counter = _open(f"{folder}/ticket")
    except FileNotFoundError:  # the folder went away (a test's temporary store): make it again
        Path(folder).mkdir(parents=True, exist_ok=True)
        counter = _open(f"{folder}/ticket")
    try:
        fcntl.flock(counter, fcntl.LOCK_EX)
        raw = os.pread(counter, 8, 0)
        ticket = int.from_bytes(raw, "little") if len(raw) == 8 else 0
        os.pwrite(counter, (ticket + 1).to_bytes(8, "little"), 0)
        mine = _open(f"{folder}/slot-{ticket % QUEUE_SLOTS:02d}")
        try:
            fcntl.flock(mine, fcntl.LOCK_EX)  # free unless QUEUE_SLOTS writers queue at once
        except BaseException:
            os.close(mine)
            raise
    finally:
        os.close(counter)
    return ticket, mine


@contextmanager
def writer_turn(engine: Engine) -> Iterator[None]:
    """On an SQLite file, wait for our turn in a first-come, first-served queue before BEGIN
    IMMEDIATE. SQLite's own busy handler polls with growing sleeps, and a single shared lock
    wakes every waiter at once for one winner: either leaves unlucky writers waiting through
    many turns (the p99). Here a writer draws a ticket (a counter under a short flock), holds
    the flock of its ticket's slot file until its turn ends, and blocks on the slot of the
    ticket before it: each commit wakes exactly the next writer. The kernel releases the locks
    of a process that dies, so the queue moves on."""
    folder = _queue_of(engine.url) if engine.dialect.name == "sqlite" else None
    slices.turn_starts()  # the default slice until the turn is handed on (orders.slices)
    try:
        if folder is None or fcntl is None:  # PostgreSQL: the transaction holds row locks
            yield
        else:
            with _queue_turn(folder):
                yield
    finally:
        slices.turn_ends()


@contextmanager
def _queue_turn(folder: str) -> Iterator[None]:
    """Hold our ticket's slot from the previous writer's release until the block ends."""
    if folder not in _made:
        Path(folder).mkdir(parents=True, exist_ok=True)
        _made.add(folder)
    assert fcntl is not None
    mine: int | None = None
    try:
        ticket, mine = _draw_ticket(folder)
        previous = _open(f"{folder}/slot-{(ticket - 1) % QUEUE_SLOTS:02d}")
        try:
            fcntl.flock(previous, fcntl.LOCK_EX)  # the writer before us holds it until done
        finally:
            os.close(previous)
        yield
    finally:
        if mine is not None:
            os.close(mine)  # closing releases the lock: the next writer's turn


def run_write(engine: Engine, work: Callable[[Session], T], *, attempts: int = MAX_ATTEMPTS) -> T:
    """Run `work(session)` in one transaction and commit; rerun it on transient failures.

    `work` must do all its reading inside the session (never rely on values read before),
    because a retry starts from scratch. Any exception rolls the transaction back.
    """

    def attempt() -> T:
        # The pooled connection is checked out and the session made before our turn, and
        # both are let go after it: the turn (the only part writers do one at a time) is
        # BEGIN ... COMMIT.
        with (
            engine.connect() as connection,
            Session(connection, expire_on_commit=False) as session,
            writer_turn(engine),
        ):
            try:
                result = work(session)
                session.commit()
            except BaseException:
                session.rollback()
                raise
            return result

    return _retrying(attempt, attempts)


def run_write_core(
    engine: Engine, work: Callable[[Connection], T], *, attempts: int = MAX_ATTEMPTS
) -> T:
    """`run_write` for work that runs only prepared statements on the connection's DBAPI
    cursor (`store.prepared`): no ORM session to begin and commit inside the write turn
    (about 0.05-0.1 ms of CPU less there), and on SQLite the transaction is begun and
    committed on the driver itself (`store.database.write_transaction`)."""

    def attempt() -> T:
        with engine.connect() as connection, writer_turn(engine), write_transaction(connection):
            return work(connection)

    return _retrying(attempt, attempts)


def _retrying(attempt: Callable[[], T], attempts: int) -> T:
    delay = 0.002
    for number in range(1, attempts + 1):
        try:
            return attempt()
        except DBAPIError as exc:
            if not is_transient(exc):
                raise
            if number == attempts:
                raise DatabaseError(
                    f"The database stayed busy through {attempts} attempts; nothing was saved.",
                    hint="Another program holds the database for a long time; try again, "
                    "or close it.",
                ) from exc
            log.info("transient database error (attempt %d): %s", number, exc.orig)
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.25)
    raise AssertionError("unreachable")  # pragma: no cover
