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
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

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


posting_hook: Callable[[int], None] | None = None
"""Called with the ticket right after a writer posted its order and before it waits (crash
tests stop a process there)."""

_made: set[str] = set()
"""Queue folders this process created or found (checked once, not every turn)."""


def _open(path: str) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)


def slot_path(folder: str, ticket: int) -> str:
    """The slot file of `ticket` in the queue folder (reused every `QUEUE_SLOTS` tickets)."""
    return f"{folder}/slot-{ticket % QUEUE_SLOTS:02d}"


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
        mine = _open(slot_path(folder, ticket))
        try:
            fcntl.flock(mine, fcntl.LOCK_EX)  # free unless QUEUE_SLOTS writers queue at once
        except BaseException:
            os.close(mine)
            raise
    finally:
        os.close(counter)
    return ticket, mine


@contextmanager
def ticket_file(folder: str) -> Iterator[int]:
    """The queue's ticket file, open (for `drawn` and `note_leader`)."""
    counter = _open(f"{folder}/ticket")
    try:
        yield counter
    finally:
        os.close(counter)


def drawn(counter: int) -> int:
    """The next ticket to be drawn (every ticket before it has a writer, alive or not)."""
    raw = os.pread(counter, 8, 0)
    return int.from_bytes(raw, "little") if len(raw) == 8 else 0


def note_leader(counter: int, ticket: int, next_ticket: int = 0) -> None:
    """Note in the ticket file (after the counter) that the writer of `ticket` has its turn
    and serves the writers behind it; `next_ticket`: it has read their requests and serves
    none from this ticket on (0: not read yet). Only a hint for whom a posting writer waits
    (`_queue_turn`): a wrong, old or torn one costs a wait, never an order."""
    os.pwrite(counter, ticket.to_bytes(8, "little") + next_ticket.to_bytes(8, "little"), 8)


def _server_of(folder: str, ticket: int) -> int | None:
    """The ticket of the writer that will serve a request just posted for `ticket`, as far as
    the ticket file tells: the writer in its turn if it has not read the requests yet, else
    the first writer it does not serve (who leads next). None: the writer right before ours,
    or no one recent."""
    with ticket_file(folder) as counter:
        raw = os.pread(counter, 16, 8)
    if len(raw) != 16:
        return None
    leader, next_ticket = int.from_bytes(raw[:8], "little"), int.from_bytes(raw[8:], "little")
    server = next_ticket if 0 < next_ticket < ticket else leader
    return server if 0 < ticket - server - 1 < QUEUE_SLOTS // 2 else None


@dataclass(frozen=True, slots=True)
class Turn:
    """A writer's place in the queue of an SQLite file (`writer_turn`). `posted`: this writer
    handed its planned order to the writers ahead of it (`orders.groupcommit`) in its slot
    file, which `slot` reads and writes while the turn lasts."""

    folder: str | None = None
    ticket: int = -1
    slot: int | None = None
    posted: bool = False


NO_QUEUE = Turn()
"""The turn of a writer without a queue (PostgreSQL, Windows)."""


class Handing(Protocol):
    """A planned order that may be handed to the writer whose turn comes first
    (`orders.groupcommit.Handover`)."""

    def post(self, ticket: int) -> bytes | None:
        """The bytes to post in the slot file of `ticket` (None: nothing to hand over)."""

    def settled(self, slot: int, ticket: int) -> bool:
        """Whether the slot file has an answer that ends the wait (done or stale)."""


@contextmanager
def writer_turn(engine: Engine, post: Handing | None = None) -> Iterator[Turn]:
    """On an SQLite file, wait for our turn in a first-come, first-served queue before BEGIN
    IMMEDIATE. SQLite's own busy handler polls with growing sleeps, and a single shared lock
    wakes every waiter at once for one winner: either leaves unlucky writers waiting through
    many turns (the p99). Here a writer draws a ticket (a counter under a short flock), holds
    the flock of its ticket's slot file until its turn ends, and blocks on the slot of the
    ticket before it: each commit wakes exactly the next writer. The kernel releases the locks
    of a process that dies, so the queue moves on.

    `post`: when the writer has to wait (the slot before it is held), the bytes
    `post.post(ticket)` returns are written into its own slot file before it blocks, for the
    writer whose turn comes first to commit with its own (`orders.groupcommit`); the turn
    says whether they were. Such a writer first waits for the turn of the writer that should
    serve it (noted in the ticket file by the writer in its turn: itself until it has read the
    requests, then the first writer it does not serve) and, when that one answered it, leaves
    the queue at once: the writers one serves all wake when it hands on, instead of one after
    the other, each woken by the one before it. Without an answer it waits for the nearest
    writer before it that has none either, else (no note to go by) for the slot before its
    own as usual; either way its answer may still come from the writer it waited for."""
    folder = _queue_of(engine.url) if engine.dialect.name == "sqlite" else None
    slices.turn_starts()  # the default slice until the turn is handed on (orders.slices)
    try:
        if folder is None or fcntl is None:  # PostgreSQL: the transaction holds row locks
            yield NO_QUEUE
        else:
            with _queue_turn(folder, post) as turn:
                yield turn
    finally:
        slices.turn_ends()


@contextmanager
def _queue_turn(folder: str, post: Handing | None) -> Iterator[Turn]:
    """Hold our ticket's slot from the previous writer's release until the block ends."""
    if folder not in _made:
        Path(folder).mkdir(parents=True, exist_ok=True)
        _made.add(folder)
    assert fcntl is not None
    mine: int | None = None
    try:
        ticket, mine = _draw_ticket(folder)
        previous = _open(slot_path(folder, ticket - 1))
        posted = False
        try:
            if post is None:
                fcntl.flock(previous, fcntl.LOCK_EX)  # the writer before us holds it until done
            else:
                try:
                    fcntl.flock(previous, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:  # someone is ahead: hand our order over, then wait
                    waited = False
                    data = post.post(ticket)
                    if data is not None and _posted(mine, data):
                        posted = True
                        if posting_hook is not None:
                            posting_hook(ticket)
                        server = _wait_for_server(folder, ticket)
                        if server is not None:
                            if post.settled(mine, ticket):
                                yield Turn(folder, ticket, mine, posted)
                                return
                            _wait_for_unsettled(folder, ticket, server, post)
                            waited = True  # instead of the slot before ours
                    if not waited:
                        fcntl.flock(previous, fcntl.LOCK_EX)
        finally:
            os.close(previous)
        if post is not None:  # writers posting from now on wait for this turn to end
            with ticket_file(folder) as counter:
                note_leader(counter, ticket)
        yield Turn(folder, ticket, mine, posted)
    finally:
        if mine is not None:
            os.close(mine)  # closing releases the lock: the next writer's turn


def _posted(slot: int, data: bytes) -> bool:
    """Write a request into our slot file; False (nothing handed over, the writer takes its
    own turn) when the file cannot take it, e.g. a full disk: a request the leader reads
    only in part fails its check."""
    try:
        return os.pwrite(slot, data, 0) == len(data)
    except OSError as exc:
        log.warning("could not post an order for the writer ahead: %s", exc)
        return False


def _wait_for_server(folder: str, ticket: int) -> int | None:
    """Wait until the turn of the writer that should serve our posted request is over; its
    ticket (None when there is none to wait for but the writer right before ours)."""
    server = _server_of(folder, ticket)
    if server is None:
        return None
    _wait_for_slot(folder, server)
    return server


def _wait_for_slot(folder: str, ticket: int) -> None:
    assert fcntl is not None
    slot = _open(slot_path(folder, ticket))
    try:
        fcntl.flock(slot, fcntl.LOCK_EX)  # held by that writer until its turn is handed on
    finally:
        os.close(slot)


def _wait_for_unsettled(folder: str, ticket: int, server: int, post: Handing) -> None:
    """After the serving writer's turn, without an answer: wait for the nearest writer
    between it and us that was not answered either (it takes a turn of its own first); the
    answered ones need none, so we need not wait for each of them to wake and hand on."""
    for before in range(ticket - 1, server, -1):
        slot = _open(slot_path(folder, before))
        try:
            if not post.settled(slot, before):
                assert fcntl is not None
                fcntl.flock(slot, fcntl.LOCK_EX)
                return
        finally:
            os.close(slot)


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

    return retrying(attempt, attempts)


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

    return retrying(attempt, attempts)


def retrying(attempt: Callable[[], T], attempts: int = MAX_ATTEMPTS) -> T:
    """Run `attempt` again on transient database errors (jittered backoff), at most
    `attempts` times; then one clear `DatabaseError`."""
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
