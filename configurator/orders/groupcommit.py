"""Group commit on an SQLite file: the writer whose turn it is commits, in its one transaction
and its one fsync, the planned orders of the writers queued right behind it.

Why: every order was its own transaction with its own fsync, and the writers of one file take
turns (`orders.retry.writer_turn`), so one file took at most 1000 / (turn + gap) orders per
second, however short the turn got. PostgreSQL and InnoDB answer the same limit the same way.

How (only orders planned before their turn, `orders.fastplan`: their turn is plain data,
statements and converted parameters, `records.PreparedOrder` / `records.PreparedTakes`):

- A writer that finds the slot before its ticket held, i.e. has to wait, posts its order as a
  request in its own slot file (`Handover.post`): a header (magic, ticket, length, CRC-32) and
  the `marshal`led request (plain values only, never code; a half-written or older request
  fails the header check and is ignored): its shape (the statements, made once per set of
  statements, `_encode`) and its values as one flat tuple. With it goes a unique request
  token, stored with the order (`sales_order.request_token`, a partial unique index).
- The writer whose turn it is (the leader) runs its own order, then the requests of the
  tickets right after its own, in ticket order, at most `MAX_FOLLOWERS`, stopping at the
  first ticket with no valid request. Each runs inside a SAVEPOINT: its conditional stock
  updates no longer match -> rolled back, answer "stale"; any other error -> rolled back,
  answer "not done"; otherwise released, answer "done" (order id, number, customer). The
  leader compiles each statement from its own models (`Prepared.source`) and runs it only if
  its SQL is the one the follower sent (a follower on other code is "not done"), once per
  shape (`_shape_of`). Then COMMIT
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
    Params,
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
FORMAT = 2
_HEADER = struct.Struct("<4sQII")  # magic, ticket, payload length, CRC-32 of the payload
_SHAPE_SIZE = struct.Struct("<I")  # the length of a request's shape, after the header
_REQUEST = b"CGQ2"
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
        "_settled",
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
        self._settled: tuple[int, tuple[Any, ...]] | None = None
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
            payload = _encode(token, self._customer_id, self._year, self._takes, tokened) or b""
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
        if answer is None or answer[0] == Status.NOT_DONE:
            return False
        self._settled = (ticket, answer)  # final: `run_planned` need not read it again
        return True

    def settled_answer(self, ticket: int) -> tuple[Any, ...] | None:
        """The answer `settled` found for `ticket`, if it found one."""
        found = self._settled
        return found[1] if found is not None and found[0] == ticket else None


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
                answer = _read_answer(turn, handover)
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


@dataclass(frozen=True, slots=True)
class Request:
    """A follower's order as read from its slot: its shape (`_Shape`, the statements) as
    sent, and its values (token, customer id, year, then every parameter, flat)."""

    shape: bytes
    values: tuple[Any, ...]

    @property
    def token(self) -> Any:
        return self.values[0] if self.values else None


@dataclass(frozen=True, slots=True)
class _Shape:
    """The statements of a request, compiled from our models and checked against the
    digests sent, and how to cut its flat values into their parameters."""

    update: Prepared
    updates: tuple[int, int]
    """Rows of the stock update and parameters per row."""
    order: Prepared
    order_size: int
    number_at: int
    inserts: tuple[tuple[Prepared, tuple[int, ...], int, int], ...]
    """(statement, positions of the order id, parameter sets, parameters per set), lines
    first, then the frozen bill of material, reservations and movements."""
    size: int
    """Values of a request of this shape."""


MAX_SHAPES = 64
"""Request shapes a leader remembers (one per statement set: orders of 13 parts have one)."""
_shapes: dict[bytes, _Shape | None] = {}
"""A leader's compiled request shapes, by the shape's bytes."""
_encoded: dict[tuple[Any, ...], tuple[bytes | None, Any, Any, Any]] = {}
"""A follower's marshalled shapes (`_shape_bytes`)."""
_FIXED = 3  # token, customer id, year


def _encode(
    token: str, customer_id: int | None, year: int, takes: PreparedTakes, order: PreparedOrder
) -> bytes | None:
    """A request's payload: the length of the shape, the shape (how to compile each statement
    from the models, its SQL's digest, where the open values go, how many parameters: the
    same for every order with the same statements, so made once, `_shape_bytes`) and the
    values as one flat tuple (loads in half the time of nested ones). None when the order
    cannot be handed over: a value left open would need converting, a value `marshal` does
    not carry, or parameter sets that do not fit their statement."""
    inserts = (*order.lines, *takes.inserts)
    shape = _shape_bytes(takes.update, len(takes.updates), order.statement, inserts)
    if shape is None or not isinstance(order.order, tuple):
        return None
    flat: list[Any] = [token, customer_id, year]
    width = len(takes.update.names)
    for row in takes.updates:
        if not isinstance(row, tuple) or len(row) != width:
            return None
        flat += row
    flat += order.order
    for statement, holes in inserts:
        plain = holes.plain()
        if plain is None:
            return None
        width = len(statement.names)
        for params in plain[0]:
            if len(params) != width:
                return None
            flat += params
    try:
        values = marshal.dumps(tuple(flat))
    except ValueError:  # a value of a type marshal does not carry: no handover
        return None
    return _SHAPE_SIZE.pack(len(shape)) + shape + values


_Inserts = tuple[tuple[Prepared, Holes], ...]


def _shape_bytes(
    update: Prepared, updates: int, statement: Prepared, inserts: _Inserts
) -> bytes | None:
    """The marshalled shape of a request with these statements (remembered by the statements'
    identity and the row counts: an entry keeps its statements alive, so an id in its key
    is still theirs); None when one of them cannot be handed over."""
    key = (id(update), updates, id(statement), *((id(s), len(h)) for s, h in inserts))
    found = _encoded.get(key)
    if found is None:
        if len(_encoded) >= MAX_SHAPES:
            _encoded.clear()
        found = _encoded[key] = (
            _describe(update, updates, statement, inserts),
            update,
            statement,
            inserts,
        )
    return found[0]


def _describe(
    update: Prepared, updates: int, statement: Prepared, inserts: _Inserts
) -> bytes | None:
    if "order_number" not in statement.names:
        return None
    number_at = statement.names.index("order_number")
    if statement.processors[number_at] is not None or not statement.source:
        return None
    described = []
    for each, holes in inserts:
        plain = holes.plain()
        if plain is None or not each.source:
            return None
        described.append(
            (each.source, digest(each.sql), tuple(plain[1]), len(holes), len(each.names))
        )
    return marshal.dumps(
        (
            FORMAT,
            digest(update.sql),
            updates,
            len(update.names),
            statement.source,
            digest(statement.sql),
            len(statement.names),
            number_at,
            tuple(described),
        )
    )


def _decode(payload: bytes) -> Request | None:
    """The request in a payload whose header checked out (None: not one of ours)."""
    if len(payload) < _SHAPE_SIZE.size:
        return None
    (length,) = _SHAPE_SIZE.unpack_from(payload)
    end = _SHAPE_SIZE.size + length
    if end > len(payload):
        return None
    try:
        values = marshal.loads(memoryview(payload)[end:])
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(values, tuple):
        return None
    return Request(payload[_SHAPE_SIZE.size : end], values)


def _shape_of(dialect: Dialect, shape: bytes) -> _Shape | None:
    """The statements of a request shape, compiled from our models (remembered per shape:
    every order of the same statements sends the same bytes); None when the shape is not
    one we can run (another version of the statements, or not a shape at all)."""
    try:
        return _shapes[shape]
    except KeyError:
        pass
    try:
        found = _compile_shape(dialect, marshal.loads(shape))
    except Exception:  # another process's bytes: whatever they hold, they are not ours
        # (a statement our models cannot compile raises SQLAlchemy's own errors, which
        # must not end the leader's turn and with it the leader's own order)
        found = None
    if len(_shapes) >= MAX_SHAPES:
        _shapes.clear()
    _shapes[shape] = found
    return found


def _compile_shape(dialect: Dialect, described: Any) -> _Shape | None:
    (
        fmt,
        update_digest,
        update_rows,
        update_width,
        order_source,
        order_digest,
        order_size,
        number_at,
        inserts,
    ) = described
    if fmt != FORMAT:
        return None
    update = reserve_statement(dialect)
    statement = rebuild(dialect, order_source)
    rows = [
        (rebuild(dialect, source), sent, tuple(int(i) for i in at), int(count), int(width))
        for source, sent, at, count, width in inserts
    ]
    if (
        digest(update.sql) != update_digest
        or digest(statement.sql) != order_digest
        or any(digest(each.sql) != sent for each, sent, _, _, _ in rows)
        or (update_rows and update_width != len(update.names))
        or any(not isinstance(n, int) or n < 0 for n in (update_rows, update_width, number_at))
        or order_size != len(statement.names)
        or number_at >= order_size
        or statement.names[number_at] != "order_number"
        or any(width != len(each.names) or count < 0 for each, _, _, count, width in rows)
        or any(not at or not all(0 <= i < width for i in at) for _, _, at, _, width in rows)
    ):
        return None  # another version of the statements
    size = _FIXED + update_rows * update_width + order_size
    size += sum(count * width for _, _, _, count, width in rows)
    return _Shape(
        update,
        (int(update_rows), int(update_width)),
        statement,
        int(order_size),
        int(number_at),
        tuple((each, at, count, width) for each, _, at, count, width in rows),
        size,
    )


def _serve(connection: Connection, request: Request) -> tuple[Any, ...]:
    """One follower's order inside a savepoint: the answer (status, order id, number,
    customer)."""
    shape = _shape_of(connection.dialect, request.shape)
    values = request.values
    if shape is None or len(values) != shape.size:
        return (Status.NOT_DONE, 0, "", None)  # another version of the statements
    _token, customer_id, year = values[:_FIXED]
    at = _FIXED
    rows, width = shape.updates
    updates: list[Params] = [values[i : i + width] for i in range(at, at + rows * width, width)]
    at += rows * width
    order_params = list(values[at : at + shape.order_size])
    at += shape.order_size
    inserts = []
    for statement, holes_at, count, size in shape.inserts:
        params = [values[i : i + size] for i in range(at, at + count * size, size)]
        inserts.append((statement, Holes.from_plain("order_id", params, holes_at)))
        at += count * size
    savepoint = DriverSavepoint(connection, _SAVEPOINT)
    try:
        customer = customer_name_on(connection, customer_id)
        if updates and shape.update.run(connection, updates) != len(updates):
            savepoint.roll_back()
            return (Status.STALE, 0, "", None)
        number = next_order_number(connection, year)
        order_params[shape.number_at] = number
        order_id = int(shape.order.fetch(connection, tuple(order_params))[0][0])
        for each, holes in inserts:
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


def _read_request(fd: int, ticket: int) -> Request | None:
    data = _read(fd, 0, _REQUEST, ticket)
    return None if data is None else _decode(data)


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


def _read_answer(turn: Turn, handover: Handover | None = None) -> tuple[Any, ...] | None:
    """The answer for our turn's ticket: the one `Handover.settled` found in the queue (a
    settled answer is final), else read from our slot file (a writer that waited without
    asking, or for a writer that may have served it since)."""
    if handover is not None:
        found = handover.settled_answer(turn.ticket)
        if found is not None:
            return found
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
