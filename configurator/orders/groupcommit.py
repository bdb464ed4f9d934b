"""Group commit on an SQLite file: the writer whose turn it is commits, in its one transaction
and its one fsync, the planned orders of the writers queued right behind it.

Why: every order was its own transaction with its own fsync, and the writers of one file take
turns (`orders.retry.writer_turn`), so one file took at most 1000 / (turn + gap) orders per
second, however short the turn got. PostgreSQL and InnoDB answer the same limit the same way.

How (only orders planned before their turn, `orders.fastplan`: their turn is plain data,
statements and converted parameters, `records.PreparedOrder` / `records.PreparedTakes`):

- A writer that finds the slot before its ticket held, i.e. has to wait, posts its order as a
  request in its own slot file (`Handover.post`): a header (magic, ticket, length, CRC-32) and
  the `marshal`led data (plain values only, never code; a half-written or older request fails
  the header check and is ignored). With it goes a unique request token, stored with the
  order (`sales_order.request_token`, a partial unique index).
- The writer whose turn it is (the leader) runs its own order, then the requests of the
  tickets right after its own, in ticket order, at most `MAX_FOLLOWERS`, stopping at the
  first ticket with no valid request. Each runs inside a SAVEPOINT: its conditional stock
  updates no longer match -> rolled back, answer "stale"; any other error -> rolled back,
  answer "not done"; otherwise released, answer "done" (order id, number, customer). The
  leader compiles each statement from its own models (`Prepared.source`) and runs it only if
  its SQL is the one the follower sent (a follower on other code is "not done"). Then COMMIT
  (one fsync for all), then the answers go into the followers' slot files (at `ANSWER_AT`),
  then the leader hands the turn on as before. Numbers are taken in that order inside the
  transaction, and a rolled-back savepoint gives its number back: gap-free as before.
- A follower woken in the queue reads its answer: "done" -> it returns the order without a
  turn of its own; "stale" -> it plans the order inside a turn of its own, as before; no
  answer or "not done" -> it runs its planned turn itself (and leads the writers behind it).

Crash safety: a follower that runs its own turn after posting first looks its token up
inside its write transaction (`order_by_token`), and its row carries the token, so the unique
index refuses a second copy whichever writer gets there second:
- the leader killed after COMMIT, before the answers: the follower finds no answer, finds its
  token, and returns that order;
- the leader killed before COMMIT: SQLite drops the whole batch; the follower finds neither
  answer nor token and places the order itself;
- a follower killed after posting: its order may still be committed, whole, by the leader;
- a writer woken early because the one before it died can run while the leader still holds
  the write lock: BEGIN IMMEDIATE puts one after the other, and the token settles it.
"""

from __future__ import annotations

import logging
import marshal
import os
import struct
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, TypeVar

from sqlalchemy import bindparam
from sqlalchemy import select as sqla_select
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.sql import ClauseElement

from configurator.orders.fastplan import StalePlanError
from configurator.orders.numbering import next_order_number
from configurator.orders.people import customer_name_on
from configurator.orders.records import PreparedOrder, PreparedTakes
from configurator.orders.retry import (
    Turn,
    drawn,
    note_leader,
    retrying,
    slot_path,
    ticket_file,
    writer_turn,
)
from configurator.orders.stockio import reserve_statement
from configurator.store import database
from configurator.store.database import DriverSavepoint, kept_connection
from configurator.store.models import Movement, OrderLine, OrderPart, Reservation, SalesOrder
from configurator.store.prepared import (
    Holes,
    Prepared,
    digest,
    prepare,
    prepare_insert,
    prepare_insert_rows,
)

T = TypeVar("T")
log = logging.getLogger(__name__)

MAX_FOLLOWERS = 8
"""Requests one leader serves after its own order (the other writers of a busy counter fit)."""
ANSWER_AT = 1 << 20
"""Offset of the answer in a slot file; a request is at offset 0 and must end before it."""
FORMAT = 1
_HEADER = struct.Struct("<4sQII")  # magic, ticket, payload length, CRC-32 of the payload
_REQUEST = b"CGQ1"
_ANSWER = b"CGA1"
_READ = 8192
_SAVEPOINT = "handover"
_MODELS: dict[str, type[Any]] = {
    str(m.__tablename__): m for m in (SalesOrder, OrderLine, OrderPart, Reservation, Movement)
}

hook: Callable[[str], None] | None = None
"""Called by a writer in its planned turn at "leading" (its own order written, before it
reads the requests), "served" (the requests run, before COMMIT) and "committed" (after
COMMIT, before the answers): the tests stop a process there."""


class Status(IntEnum):
    """A leader's answer to a posted order."""

    DONE = 1
    STALE = 2
    NOT_DONE = 3


@dataclass(frozen=True, slots=True)
class Served:
    """A follower's order as the leader committed it."""

    order_id: int
    order_number: str
    customer: str | None


def new_token() -> str:
    """A unique request token, time-ordered (new index entries land at the index's end)."""
    return f"{time.time_ns():016x}{os.urandom(8).hex()}"


class Handover:
    """A planned order as it may be handed to the writer ahead of it: `post` makes the request
    the first time it is needed (a writer at the head of the queue never pays for it)."""

    __slots__ = (
        "_customer_id",
        "_dialect",
        "_order",
        "_payload",
        "_takes",
        "_year",
        "order",
        "token",
    )

    def __init__(
        self,
        dialect: Dialect,
        order: PreparedOrder,
        takes: PreparedTakes,
        *,
        customer_id: int | None,
        year: int,
    ) -> None:
        self._dialect = dialect
        self._order = order
        self._takes = takes
        self._customer_id = customer_id
        self._year = year
        self._payload: bytes | None = None
        self.token: str | None = None
        """Set once the order was posted: every later turn of it must carry and check it."""
        self.order = order
        """The order to insert in a turn of its own (with the token once posted)."""

    def post(self, ticket: int) -> bytes | None:
        """The request for the slot of `ticket`, or None when this order cannot be handed
        over (a value left open would need converting, or it is too large)."""
        if self._payload is None:
            token = new_token()
            tokened = self._order.with_token(self._dialect, token)
            order, takes = tokened.plain(), self._takes.plain()
            if order is None or takes is None:
                self._payload = b""
            else:
                data = (FORMAT, token, self._customer_id, self._year, takes, order)
                try:
                    payload = marshal.dumps(data)
                except ValueError:  # a value of a type marshal does not carry: no handover
                    payload = b""
                if not payload or len(payload) + _HEADER.size > ANSWER_AT:
                    self._payload = b""
                else:
                    self._payload = payload
                    self.token, self.order = token, tokened
        if not self._payload:
            return None
        payload = self._payload
        return _HEADER.pack(_REQUEST, ticket, len(payload), zlib.crc32(payload)) + payload

    def settled(self, slot: int, ticket: int) -> bool:
        """Whether the slot file holds an answer for `ticket` that ends its wait: done or
        stale (no answer, or "not done": the writer waits for its own turn)."""
        answer = _answer_in(slot, ticket)
        return answer is not None and answer[0] != Status.NOT_DONE


def run_planned(
    engine: Engine,
    handover: Handover,
    work: Callable[[Connection, str | None], T],
    served: Callable[[Served], T],
) -> T:
    """The write turn of a planned order on an SQLite file: `work(connection, token)` runs it
    (token: the request token once posted, to look up first and insert); unless another
    writer's commit already placed it (`served`). Raises `StalePlanError` when the leader
    found the plan stale (plan inside a turn of its own then, with `handover.token`)."""

    def attempt() -> T:
        with kept_connection(engine) as connection, writer_turn(engine, handover) as turn:
            if turn.posted:
                answer = _read_answer(turn)
                if answer is not None and answer[0] == Status.DONE:
                    return served(Served(answer[1], answer[2], answer[3]))
                if answer is not None and answer[0] == Status.STALE:
                    raise StalePlanError
            answers: list[tuple[int, int, tuple[Any, ...]]] = []
            try:
                with database.write_transaction(connection):
                    result = work(connection, handover.token)
                    if turn.slot is not None:
                        _lead(connection, turn, answers)
                        if hook is not None:
                            hook("served")
                if hook is not None:
                    hook("committed")
                for fd, ticket, answer in answers:  # our order is in: never fail it now
                    _write_answer(fd, ticket, answer)
            finally:
                for fd, _, _ in answers:
                    os.close(fd)
            return result

    return retrying(attempt)


def _lead(
    connection: Connection, turn: Turn, answers: list[tuple[int, int, tuple[Any, ...]]]
) -> None:
    """Serve the requests posted behind `turn`, in ticket order (of the tickets drawn so far,
    at most `MAX_FOLLOWERS`; one not posted yet is passed over, and looked at again after
    the others, as are tickets drawn meanwhile); `answers` gets (slot file, ticket, answer)
    for each, to write after COMMIT."""
    assert turn.folder is not None
    if hook is not None:
        hook("leading")
    try:
        _serve_all(connection, turn, answers)
    except OSError as exc:  # the queue folder: serve no more, our own order goes on
        log.warning("stopped serving the writers behind: %s", exc)


def _serve_all(
    connection: Connection, turn: Turn, answers: list[tuple[int, int, tuple[Any, ...]]]
) -> None:
    assert turn.folder is not None
    with ticket_file(turn.folder) as counter:
        last = min(drawn(counter), turn.ticket + 1 + MAX_FOLLOWERS)
        if last <= turn.ticket + 1:
            return  # no one behind us (one coming later finds our note and waits for us)
        served: set[int] = set()
        try:
            while True:  # again while requests come in (posted while we served the others)
                before = len(served)
                for ticket in range(turn.ticket + 1, last):
                    if ticket not in served and _serve_ticket(
                        connection, turn.folder, ticket, answers
                    ):
                        served.add(ticket)
                if len(served) == before or len(served) == MAX_FOLLOWERS:
                    break
                last = min(drawn(counter), turn.ticket + 1 + MAX_FOLLOWERS)
        finally:  # whoever posts from now on: the first one not served leads next
            unserved = next((t for t in range(turn.ticket + 1, last) if t not in served), last)
            note_leader(counter, turn.ticket, unserved)


def _serve_ticket(
    connection: Connection,
    folder: str,
    ticket: int,
    answers: list[tuple[int, int, tuple[Any, ...]]],
) -> bool:
    """Serve the request of `ticket` if there is one (False: none, or served already)."""
    try:
        fd = os.open(slot_path(folder, ticket), os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        request = _read_request(fd, ticket)
        if request is None:
            os.close(fd)
            return False
        if _answered(fd, ticket):  # served by another writer already
            os.close(fd)
            return False
        answer = _serve(connection, request)
    except BaseException:
        os.close(fd)
        raise
    answers.append((fd, ticket, answer))
    return True


def _serve(connection: Connection, request: Any) -> tuple[Any, ...]:
    """One follower's order inside a savepoint: the answer (status, order id, number,
    customer)."""
    try:
        fmt, _token, customer_id, year, takes, order = request
        update_digest, updates, inserts = takes
        order_source, order_digest, order_params, number_at, lines = order
        if fmt != FORMAT:
            return (Status.NOT_DONE, 0, "", None)
        update = reserve_statement(connection.dialect)
        statement = rebuild(connection.dialect, order_source)
        rows = [
            (rebuild(connection.dialect, source), sql, Holes.from_plain("order_id", params, at))
            for source, sql, params, at in (*lines, *inserts)
        ]
        if (
            digest(update.sql) != update_digest
            or digest(statement.sql) != order_digest
            or any(digest(s.sql) != sent for s, sent, _ in rows)
        ):
            return (Status.NOT_DONE, 0, "", None)  # another version of the statements
        order_params = list(order_params)
    except (TypeError, ValueError, KeyError, IndexError):
        return (Status.NOT_DONE, 0, "", None)
    savepoint = DriverSavepoint(connection, _SAVEPOINT)
    try:
        customer = customer_name_on(connection, customer_id)
        if updates and update.run(connection, updates) != len(updates):
            savepoint.roll_back()
            return (Status.STALE, 0, "", None)
        number = next_order_number(connection, year)
        order_params[number_at] = number
        order_id = int(statement.fetch(connection, tuple(order_params))[0][0])
        for each, _, holes in rows:
            each.run(connection, holes.fill(order_id))
    except Exception:
        if not savepoint.transaction_alive:  # the error ended the transaction
            raise
        savepoint.roll_back()
        return (Status.NOT_DONE, 0, "", None)
    savepoint.release()
    return (Status.DONE, order_id, number, customer)


def rebuild(dialect: Dialect, source: Any) -> Prepared:
    """The statement a follower described (`Prepared.source`), compiled from our models."""
    kind, table, columns, *rest = source
    model = _MODELS[table]
    if kind == "insert":
        (returning,) = rest
        return prepare_insert(dialect, model, tuple(columns), returning=returning)
    if kind == "rows":
        count, shared = rest
        return prepare_insert_rows(dialect, model, tuple(columns), int(count), shared=tuple(shared))
    raise ValueError(f"unknown statement kind {kind!r}")


def _read_request(fd: int, ticket: int) -> Any:
    data = _read(fd, 0, _REQUEST, ticket)
    if data is None:
        return None
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None


def _read(fd: int, offset: int, magic: bytes, ticket: int) -> bytes | None:
    """The payload at `offset` if it is a whole `magic` record for `ticket`."""
    data = os.pread(fd, _READ, offset)  # the whole record, mostly: its length says
    if len(data) < _HEADER.size:
        return None
    found, at_ticket, length, crc = _HEADER.unpack_from(data)
    if found != magic or at_ticket != ticket or length > ANSWER_AT:
        return None
    end = _HEADER.size + length
    if end > len(data):
        data += os.pread(fd, end - len(data), offset + len(data))
    payload = data[_HEADER.size : end]
    if len(payload) != length or zlib.crc32(payload) != crc:
        return None
    return payload


def _answered(fd: int, ticket: int) -> bool:
    head = os.pread(fd, _HEADER.size, ANSWER_AT)
    return len(head) == _HEADER.size and _HEADER.unpack(head)[:2] == (_ANSWER, ticket)


def _write_answer(fd: int, ticket: int, answer: tuple[Any, ...]) -> None:
    """The answer for `ticket` (after COMMIT). If it cannot be written, that writer finds
    none and looks its order up by its token: slower, never wrong."""
    payload = marshal.dumps(tuple(int(a) if isinstance(a, Status) else a for a in answer))
    record = _HEADER.pack(_ANSWER, ticket, len(payload), zlib.crc32(payload)) + payload
    try:
        os.pwrite(fd, record, ANSWER_AT)
    except OSError as exc:
        log.warning("could not answer the writer of ticket %d: %s", ticket, exc)


def _read_answer(turn: Turn) -> tuple[Any, ...] | None:
    assert turn.slot is not None
    return _answer_in(turn.slot, turn.ticket)


def _answer_in(slot: int, ticket: int) -> tuple[Any, ...] | None:
    """(status, order id, number, customer) from the slot file, if answered for `ticket`."""
    data = _read(slot, ANSWER_AT, _ANSWER, ticket)
    if data is None:
        return None
    try:
        answer = marshal.loads(data)
        status, order_id, number, customer = answer
        return (Status(status), int(order_id), str(number), customer)
    except (EOFError, ValueError, TypeError):
        return None


def order_by_token(connection: Connection, token: str) -> tuple[int, str] | None:
    """The id and number of the order with this request token, inside the write turn."""
    statement = prepare("order_by_token", connection.dialect, _select_by_token)
    rows = statement.fetch(connection, statement.one({"token": token}))
    return (int(rows[0][0]), str(rows[0][1])) if rows else None


def _select_by_token() -> ClauseElement:
    table = SalesOrder.__table__  # type: ignore[attr-defined]
    return sqla_select(table.c.id, table.c.order_number).where(
        table.c.request_token == bindparam("token")
    )
