"""Statements compiled once per dialect and run with ready driver parameters.

Placing an order runs about ten statements, four of them executemany of a dozen rows. Through
SQLAlchemy Core each execution re-derives its cache key, builds an execution context and runs
every value of every row through the column type's bind processor: about 0.3 ms of CPU per
bulk insert, most of an order's CPU and all of it inside the write lock. A `Prepared` is the
same Core statement compiled once for the dialect (so the SQL and the column types still come
from the models); values go through the very same bind processors, but values shared by all
rows are converted once, and the rows go to the driver with `exec_driver_sql` on the caller's
connection (the same transaction, events and error wrapping). About 4x less CPU per statement.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import bindparam
from sqlalchemy.engine import Connection, CursorResult, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import Date, TypeEngine

from configurator.store.models import ScaledDecimal, UtcDateTime

Params = tuple[Any, ...] | dict[str, Any]
Processor = Callable[[Any], Any] | None

_CACHE: dict[tuple[str, str, str], Prepared] = {}
_INSERTS: dict[tuple[Any, ...], Prepared] = {}
"""(model, columns, returning or row count [and shared columns], dialect name, paramstyle)
-> its INSERT."""
_HOLES: dict[tuple[str, str], list[int]] = {}
"""(statement SQL, column) -> the positions of the column's parameters (`Prepared.holes`)."""
ROW_SUFFIX = "__r"
"""Bind names of a multi-row insert: the column's name, this, the row's index."""
MAX_ROWS_PER_INSERT = 64
"""Rows per multi-row INSERT (`insert_rows`): far below SQLite's bound-variable limit."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """One compiled statement: its driver SQL and, per bind parameter in driver order, the
    name and the bind processor of its type (None when the driver takes the value as is)."""

    sql: str
    names: tuple[str, ...]
    processors: tuple[Processor, ...]
    positional: bool
    source: tuple[Any, ...] = ()
    """How to compile it again (an INSERT made by `prepare_insert` or `prepare_insert_rows`:
    kind, table, columns, ...; empty otherwise): another process that is handed the
    converted parameters compiles the statement from its own models (`rebuild`) instead of
    running SQL it was sent."""
    _layouts: dict[tuple[str, ...], _Layout] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """`layout` by the names given as shared (worked out once per statement and set of
    names, not for every order's rows)."""
    _positions: dict[str, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """`_slots`' positions by name."""

    def _convert(self, name: str, value: Any) -> Any:
        proc = self.processors[self.names.index(name)]
        return value if proc is None else proc(value)

    def _slots(self, name: str, value: Any) -> list[tuple[int, Any]]:
        """(position, converted value) of each positional parameter named `name` (its
        positions looked up once per statement: the order number is filled in inside the
        turn); `ValueError` for a name the statement does not have."""
        at = self._positions.get(name)
        if at is None:
            at = self._positions[name] = tuple(i for i, n in enumerate(self.names) if n == name)
        if not at:
            raise ValueError(f"{name!r} is not a parameter of the statement")
        proc = self.processors[at[0]]
        converted = value if proc is None else proc(value)
        return [(i, converted) for i in at]

    def one(self, values: Mapping[str, Any]) -> Params:
        """The driver parameters for one execution (every bind name must be in `values`)."""
        return self.many((values,))[0]

    def many(self, rows: Iterable[Mapping[str, Any]], /, **shared: Any) -> list[Params]:
        """Driver parameters for an executemany; `shared` values (the same for every row, like
        the order id or the timestamp) are converted once and override the rows'."""
        layout = self.layout(tuple(shared))
        names, positional = self.names, self.positional
        if not layout.shared_at and not layout.converted:  # the rows' values as they are
            get = layout.get
            if positional:
                return [get(row) for row in rows]
            return [dict(zip(names, get(row), strict=True)) for row in rows]
        template = layout.template(shared)
        plain, converted = layout.plain, layout.converted_at
        out: list[Params] = []
        for row in rows:
            values = template.copy()
            for i, name in plain:
                values[i] = row[name]
            for i, name, proc in converted:
                values[i] = proc(row[name])
            out.append(tuple(values) if positional else dict(zip(names, values, strict=True)))
        return out

    def many_of(
        self, items: Sequence[Any], row: Callable[[Any], Mapping[str, Any]]
    ) -> list[Params]:
        """`many` of `row(item)` for each of `items`, each item's parameters remembered by
        its identity (`remember_each`; `row` a function of the item alone)."""
        return remember_each(
            self.layout(()).memo(row, "params"), items, lambda item: self.one(row(item))
        )

    def layout(self, shared: tuple[str, ...]) -> _Layout:
        """How this statement's parameters split into `shared` ones and a row's own (made
        once per set of shared names)."""
        found = self._layouts.get(shared)
        if found is None:
            found = self._layouts[shared] = _Layout.of(self, shared)
        return found

    def replace(self, params: Params, **values: Any) -> Params:
        """`params` with some values changed (converted): fill in what is only known inside the
        transaction, e.g. the order number, without converting the rest again."""
        return self.replace_all([params], **values)[0]

    def replace_all(self, params: Iterable[Params], /, **values: Any) -> list[Params]:
        """`replace` for several parameter sets (e.g. the order id into every line)."""
        if not self.positional:
            converted = {name: self._convert(name, value) for name, value in values.items()}
            return [params_set | converted for params_set in params]  # type: ignore[operator]
        slots = sorted(slot for name, value in values.items() for slot in self._slots(name, value))
        if len(slots) == 1:  # the common case (an order id): one slice-and-join per row
            i, value = slots[0]
            rows = cast("Iterable[tuple[Any, ...]]", params)
            return [(*p[:i], value, *p[i + 1 :]) for p in rows]
        out: list[Params] = []
        for params_set in params:
            values_list = list(params_set)
            for i, value in slots:
                values_list[i] = value
            out.append(tuple(values_list))
        return out

    def holes(self, params: Iterable[Params], name: str) -> Holes:
        """`params` (converted) with the value of `name` (in a multi-row insert: of every
        row, `prepare_insert_rows`) to be filled in later, split around it now: inside the
        write turn, `Holes.fill` only joins the pieces with the value (half the CPU of
        `replace_all` for the order id of a dozen rows)."""
        indexes = _HOLES.get((self.sql, name))
        if indexes is None:
            prefix = f"{name}{ROW_SUFFIX}"
            found = [i for i, n in enumerate(self.names) if n == name or n.startswith(prefix)]
            if not found:
                raise KeyError(name)
            indexes = _HOLES[(self.sql, name)] = found
        proc = self.processors[indexes[0]]
        return Holes(name, proc, [*params], indexes, self.positional)

    def execute(self, connection: Connection, params: Params | list[Params]) -> CursorResult[Any]:
        """Run it through SQLAlchemy's execution on `connection` (a list runs as executemany)."""
        return connection.exec_driver_sql(self.sql, params)

    def run(self, connection: Connection, params: Params | list[Params]) -> int:
        """Run it on the DBAPI cursor of `connection` (inside its transaction) and return the
        row count; a list of parameter sets runs as one executemany. Driver errors arrive as
        SQLAlchemy's `DBAPIError`s, like from `execute`, so retries and messages see no
        difference; what is skipped is SQLAlchemy's per-statement execution context (about
        0.1 ms of CPU a statement, inside the write lock)."""
        cursor: Any = connection.connection.cursor()
        try:
            if isinstance(params, list):
                cursor.executemany(self.sql, params)
            else:
                cursor.execute(self.sql, params)
            return int(cursor.rowcount)
        except connection.dialect.loaded_dbapi.Error as exc:
            raise _wrapped(connection, self.sql, params, exc) from exc
        finally:
            cursor.close()

    def fetch(self, connection: Connection, params: Params) -> list[tuple[Any, ...]]:
        """Run a query (or an INSERT ... RETURNING) like `run` and return all its rows."""
        cursor: Any = connection.connection.cursor()
        try:
            cursor.execute(self.sql, params)
            return [tuple(row) for row in cursor.fetchall()]
        except connection.dialect.loaded_dbapi.Error as exc:
            raise _wrapped(connection, self.sql, params, exc) from exc
        finally:
            cursor.close()


def row_getter(names: Sequence[str]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A function taking the values of `names` from a row, as a tuple in that order (one C
    call, `operator.itemgetter`, instead of a Python loop over the names)."""
    if len(names) == 1:
        (name,) = names
        return lambda row: (row[name],)
    if not names:
        return lambda row: ()
    return cast("Callable[[Mapping[str, Any]], tuple[Any, ...]]", itemgetter(*names))


class Holes:
    """Parameter sets with one column's value left open (see `Prepared.holes`)."""

    __slots__ = ("_count", "_indexes", "_name", "_params", "_pieces", "_proc", "_stride")

    def __init__(
        self,
        name: str,
        proc: Processor,
        params: list[Params],
        indexes: list[int],
        positional: bool,
    ) -> None:
        self._name = name
        self._proc = proc
        self._params = params
        self._indexes = tuple(indexes) if positional else None
        self._count = len(indexes)
        self._pieces: list[tuple[tuple[Any, ...], tuple[Any, ...]]] | None = None
        self._stride: tuple[int, int] | None = None
        if not positional:
            return
        first = indexes[0]
        if len(indexes) == 1:  # one hole per set: keep the halves around it
            rows = cast("list[tuple[Any, ...]]", params)
            self._pieces = [(p[:first], p[first + 1 :]) for p in rows]
            return
        step = indexes[1] - first
        if step <= 0 or indexes != list(range(first, indexes[-1] + 1, step)):
            raise ValueError(f"{name}: holes at irregular positions {indexes}")
        self._stride = (first, step)  # a multi-row insert: the same column of every row

    def __len__(self) -> int:
        return len(self._params)

    def plain(self) -> tuple[list[tuple[Any, ...]], tuple[int, ...]] | None:
        """The parameter sets and the positions of the open value in each, as plain data (to
        hand to another process, `from_plain`); None when the value would need converting or
        the parameters are named."""
        if self._indexes is None or self._proc is not None:
            return None
        return cast("list[tuple[Any, ...]]", self._params), self._indexes

    @classmethod
    def from_plain(
        cls, name: str, params: Iterable[Sequence[Any]], indexes: Iterable[int]
    ) -> Holes:
        """The holes `plain` described, made again in another process (the value to fill in
        needs no converting there). Raises `ValueError` for holes no statement makes."""
        return cls(name, None, [tuple(p) for p in params], list(indexes), positional=True)

    def fill(self, value: Any) -> list[Params]:
        """The parameter sets with `value` (converted by the column's type) in every hole."""
        if self._proc is not None:
            value = self._proc(value)
        if self._pieces is not None:
            one = (value,)
            return [head + one + tail for head, tail in self._pieces]
        if self._stride is not None:
            start, step = self._stride
            out: list[Params] = []
            for p in self._params:
                values = list(p)
                values[start::step] = [value] * self._count  # one slice for every row's hole
                out.append(tuple(values))
            return out
        named = cast("list[dict[str, Any]]", self._params)
        return [p | {self._name: value} for p in named]


_DIGESTS: dict[str, bytes] = {}


def digest(sql: str) -> bytes:
    """A short fingerprint of a statement's SQL (cached): what a writer handing its rows to
    another sends instead of the SQL, for that one to check it compiled the same statement."""
    found = _DIGESTS.get(sql)
    if found is None:
        found = _DIGESTS[sql] = hashlib.blake2b(sql.encode(), digest_size=12).digest()
    return found


def _wrapped(connection: Connection, sql: str, params: Any, exc: Exception) -> Exception:
    """The driver error as SQLAlchemy wraps it (so retries see "database is locked")."""
    dialect = connection.dialect
    return DBAPIError.instance(sql, params, exc, dialect.loaded_dbapi.Error, dialect=dialect)


def prepare(
    key: str,
    dialect: Dialect,
    build: Callable[[], ClauseElement],
    *,
    column_keys: Iterable[str] | None = None,
) -> Prepared:
    """The statement `build()` returns, compiled for `dialect` (an INSERT or UPDATE for exactly
    `column_keys`); cached under `key`, a name for the statement that must always build it the
    same way."""
    cache_key = (key, dialect.name, str(dialect.paramstyle))
    found = _CACHE.get(cache_key)
    if found is not None:
        return found
    keys = list(column_keys) if column_keys is not None else None
    compiled = build().compile(dialect=dialect, column_keys=keys)
    assert isinstance(compiled, SQLCompiler)
    binds = compiled.binds
    names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(binds)
    if keys is not None and not set(names) <= set(keys):
        missing = ", ".join(sorted(set(names) - set(keys)))
        raise ValueError(
            f"{key}: the statement also needs {missing} (columns with a Python-side default "
            "get no value here: list them)"
        )
    processors = tuple(_processor(binds[name].type, dialect) for name in names)
    prepared = Prepared(compiled.string, names, processors, bool(compiled.positional))
    _CACHE[cache_key] = prepared
    return prepared


MAX_REMEMBERED = 4096
"""Converted values a processor remembers (`_remembering`) before it starts afresh."""
_MISSING = object()


_MEMOS: dict[tuple[Any, ...], dict[Any, Any]] = {}
"""What `_remembering` processors converted, one memo per column type (its class and
arguments) and dialect: every parameter of that type shares it."""


def _processor(type_: TypeEngine[Any], dialect: Dialect) -> Processor:
    """The column type's bind processor for `dialect`; for the types whose conversion is a
    function of the value alone (`_pure_value_type`), remembering what it converted, in one
    memo for all parameters of the same type and dialect (an order's timestamp is bound as
    the order's creation and update time, its reservations' and its movements' time: one
    conversion instead of four)."""
    proc = type_.dialect_impl(dialect).bind_processor(dialect)
    kind = _pure_value_type(type_)
    if proc is None or kind is None:
        return proc
    key = (
        type(type_),
        type_._static_cache_key,  # the type's arguments, as SQLAlchemy keys it
        getattr(type_, "places", None),
        type(dialect),
        dialect.name,
        str(dialect.paramstyle),
    )
    return _remembering(proc, kind, _MEMOS.setdefault(key, {}))


def _pure_value_type(type_: TypeEngine[Any]) -> type | None:
    """The Python type of the values `type_` converts as a function of the value alone, so
    equal values (e.g. 12.5 and 12.50; one instant in two time zones) convert alike: money
    and percentages (scaled integers), UTC timestamps, dates. None for every other type."""
    if isinstance(type_, ScaledDecimal):
        return Decimal
    if isinstance(type_, UtcDateTime):
        return datetime
    if isinstance(type_, Date):
        return date
    return None


def _remembering(
    proc: Callable[[Any], Any], kind: type, memo: dict[Any, Any]
) -> Callable[[Any], Any]:
    """`proc`, remembering its result for each value of exactly `kind` (up to
    `MAX_REMEMBERED`). An order converts the same few prices, the same day and its own
    timestamp again and again (19 amounts, 6 dates and the timestamp 4 times): each
    conversion runs the type's Python code, ~10,000-20,000 instructions, against ~1,500 for
    the lookup. A value that fails to convert is not remembered: it fails every time.
    `memo`: shared with the other processors of the same type and dialect (`_processor`)."""

    def convert(value: Any) -> Any:
        if value.__class__ is not kind:
            return proc(value)
        try:
            found = memo.get(value, _MISSING)
        except TypeError:  # a signalling NaN has no hash
            return proc(value)
        if found is _MISSING:
            found = proc(value)
            if len(memo) >= MAX_REMEMBERED:
                memo.clear()
            memo[value] = found
        return found

    return convert


def prepare_insert(
    dialect: Dialect, model: type[Any], columns: Sequence[str], *, returning: str | None = None
) -> Prepared:
    """An INSERT into `model`'s table of exactly `columns` (RETURNING `returning`)."""
    fast = (model, tuple(columns), returning, dialect.name, dialect.paramstyle)
    found = _INSERTS.get(fast)  # every order asks several times: no key string to build
    if found is not None:
        return found
    table = model.__table__
    key = f"insert:{table.name}:{','.join(columns)}:{returning or ''}"

    def build() -> ClauseElement:
        if returning is not None:
            return table.insert().returning(table.c[returning])  # type: ignore[no-any-return]
        return table.insert().inline()  # type: ignore[no-any-return]  # no implicit RETURNING

    prepared = prepare(key, dialect, build, column_keys=columns)
    prepared = _INSERTS[fast] = replace(
        prepared, source=("insert", str(table.name), tuple(map(str, columns)), returning)
    )
    return prepared


def prepare_insert_rows(
    dialect: Dialect,
    model: type[Any],
    columns: Sequence[str],
    count: int,
    *,
    shared: Collection[str] = (),
) -> Prepared:
    """One INSERT of `count` rows into `model`'s table (`INSERT ... VALUES (...), (...)`) of
    exactly `columns`. Its parameters are, in this order, those of `prepare_insert`'s
    statement for the first row, then for each further row those not in `shared`: a column in
    `shared` has one value for every row, bound once (a numbered `?NNN` parameter that each
    row names again). Every bound value costs the driver a conversion, and a text value a
    copy too: ~800 instructions inside the write turn (the movements of an order share six
    of their ten columns). Named as `prepare_insert`'s parameters, `COLUMN` for a shared
    column and `COLUMN__rI` for row I's value. Only for qmark drivers (SQLite)."""
    shared_set = frozenset(shared)
    fast = (model, tuple(columns), count, shared_set, dialect.name, dialect.paramstyle)
    found = _INSERTS.get(fast)
    if found is not None:
        return found
    table = model.__table__
    key = f"insert-rows:{table.name}:{','.join(columns)}:{count}"

    def build() -> ClauseElement:
        rows: list[dict[str, Any]] = [
            {c: bindparam(f"{c}{ROW_SUFFIX}{i}") for c in columns} for i in range(count)
        ]
        return table.insert().values(rows)  # type: ignore[no-any-return]

    prepared = prepare(key, dialect, build)
    single = prepare_insert(dialect, model, columns)
    expected = tuple(f"{n}{ROW_SUFFIX}{i}" for i in range(count) for n in single.names)
    if prepared.names != expected:  # pragma: no cover - a SQLAlchemy that orders them otherwise
        raise ValueError(f"{key}: the rows' parameters are not in row order")
    # the bind parameters of rows after the first are untyped: convert like a single row
    prepared = Prepared(
        prepared.sql,
        prepared.names,
        single.processors * count,
        prepared.positional,
        ("rows", str(table.name), tuple(map(str, columns)), count, tuple(sorted(shared_set))),
    )
    if shared_set:
        prepared = _numbered(prepared, shared_set, key)
    _INSERTS[fast] = prepared
    return prepared


def _numbered(prepared: Prepared, shared: frozenset[str], key: str) -> Prepared:
    """`prepared` (qmark, names `COLUMN__rI`) with one numbered parameter per shared column."""
    pieces = prepared.sql.split("?")
    if not prepared.positional or len(pieces) != len(prepared.names) + 1:
        raise ValueError(f"{key}: shared values need a qmark statement with one ? per value")
    number: dict[str, int] = {}
    names: list[str] = []
    processors: list[Processor] = []
    sql = [pieces[0]]
    for name, proc, piece in zip(prepared.names, prepared.processors, pieces[1:], strict=True):
        column = name.rpartition(ROW_SUFFIX)[0]
        unique = column if column in shared else name
        if unique not in number:
            number[unique] = len(names) + 1
            names.append(unique)
            processors.append(proc)
        sql += (f"?{number[unique]}", piece)
    return Prepared(
        "".join(sql), tuple(names), tuple(processors), positional=True, source=prepared.source
    )


def insert_rows(
    dialect: Dialect,
    model: type[Any],
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    *,
    shared: Mapping[str, Any],
    open_column: str,
    max_rows: int = MAX_ROWS_PER_INSERT,
) -> tuple[tuple[Prepared, Holes], ...]:
    """`rows` (each row's values of the `columns` not in `shared`; `shared`: the values every
    row has, `open_column` among them, to be filled in later) converted for the driver and
    ready to run with `Holes.fill`. With positional parameters (SQLite) the rows go into
    multi-row INSERTs of up to `MAX_ROWS_PER_INSERT` rows with the shared values bound once
    (`prepare_insert_rows`): one statement execution instead of one per row (a third less CPU
    for a dozen rows: one reset, step and GIL hand-over instead of a dozen); otherwise one
    executemany of `prepare_insert`'s statement."""
    single = prepare_insert(dialect, model, columns)
    if not single.positional:
        return ((single, single.holes(single.many(rows, **shared), open_column)),)
    layout = single.layout(tuple(shared))
    owns = [layout.own(row) for row in rows]
    return _row_inserts(dialect, model, columns, layout, owns, shared, open_column, max_rows)


MAX_ITEMS_REMEMBERED = 4096
"""Items whose values `remember_each` keeps per statement, row function and use."""


def remember_each(
    memo: dict[int, tuple[Any, Any]], items: Sequence[Any], make: Callable[[Any], Any]
) -> list[Any]:
    """`make(item)` for each of `items`, remembered in `memo` by the item's identity: for
    immutable values (frozen dataclasses) that orders share, like the fast plan's stock
    takes and bill-of-material lines. An entry keeps its item, so the id in its key is still
    that item's; the caller starts a new memo at `MAX_ITEMS_REMEMBERED` (`_Layout.memo`)."""
    out = []
    for item in items:
        found = memo.get(id(item))
        if found is None:
            found = memo[id(item)] = (item, make(item))
        out.append(found[1])
    return out


def insert_rows_of(
    dialect: Dialect,
    model: type[Any],
    columns: Sequence[str],
    items: Sequence[Any],
    row: Callable[[Any], Mapping[str, Any]],
    *,
    shared: Mapping[str, Any],
    open_column: str,
    max_rows: int = MAX_ROWS_PER_INSERT,
) -> tuple[tuple[Prepared, Holes], ...]:
    """`insert_rows` of `row(item)` for each of `items`: immutable values (frozen
    dataclasses) that orders share, like the fast plan's stock takes and bill-of-material
    lines, and `row` a function of the item alone (a module-level function). Each item's
    converted values are remembered per statement and row function, by the item's identity
    (an entry keeps the item, so its id stays its own; at most `MAX_ITEMS_REMEMBERED`): an
    order's dozen takes are the same objects as earlier orders', and making their rows anew
    (a dict per row and table, then its values taken out) cost more than the lookups."""
    single = prepare_insert(dialect, model, columns)
    if not single.positional:
        rows = [row(item) for item in items]
        return insert_rows(
            dialect, model, columns, rows, shared=shared, open_column=open_column, max_rows=max_rows
        )
    layout = single.layout(tuple(shared))
    owns = remember_each(layout.memo(row, "own"), items, lambda item: layout.own(row(item)))
    return _row_inserts(dialect, model, columns, layout, owns, shared, open_column, max_rows)


def _row_inserts(  # noqa: PLR0917 - private, the two callers above
    dialect: Dialect,
    model: type[Any],
    columns: Sequence[str],
    layout: _Layout,
    owns: Sequence[tuple[Any, ...]],
    shared: Mapping[str, Any],
    open_column: str,
    max_rows: int,
) -> tuple[tuple[Prepared, Holes], ...]:
    """The multi-row INSERTs of rows whose own values (`_Layout.own`) are `owns`: their
    parameters are the first row's in the single-row INSERT's order (a shared column's value
    in its place), then each further row's own values."""
    template = layout.template(shared)
    own_at = layout.own_at
    out: list[tuple[Prepared, Holes]] = []
    for start in range(0, len(owns), max_rows):
        chunk = owns[start : start + max_rows]
        statement = layout.statements.get(len(chunk))
        if statement is None:
            statement = layout.statements[len(chunk)] = prepare_insert_rows(
                dialect, model, columns, len(chunk), shared=shared
            )
        flat = template.copy()
        for i, value in zip(own_at, chunk[0], strict=True):
            flat[i] = value
        for own in chunk[1:]:
            flat += own
        if len(flat) != len(statement.names):  # pragma: no cover - a layout bug
            raise ValueError(f"{model.__name__}: {len(flat)} values for {len(statement.names)}")
        out.append((statement, statement.holes([tuple(flat)], open_column)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Layout:
    """How a statement's parameters split into the shared ones (the same for every row:
    `shared_at`, their positions, names and processors) and a row's own (`own`: taken in
    parameter order by `get`, then converted at the positions of `converted`; `own_at`, their
    positions); for `Prepared.many` and for `insert_rows`, which also keeps here the
    multi-row INSERTs made so far, by row count, and what `insert_rows_of` remembers."""

    shared_at: tuple[tuple[int, str, Processor], ...]
    own_at: tuple[int, ...]
    get: Callable[[Mapping[str, Any]], tuple[Any, ...]]
    converted: tuple[tuple[int, Callable[[Any], Any]], ...]
    size: int
    plain: tuple[tuple[int, str], ...]
    """`many`'s view of the own values: (position, name) of those passed as they are..."""
    converted_at: tuple[tuple[int, str, Callable[[Any], Any]], ...]
    """...and (position, name, processor) of those converted (a row is a mapping there)."""
    statements: dict[int, Prepared] = field(default_factory=dict)
    memos: dict[tuple[Callable[[Any], Mapping[str, Any]], str], dict[int, tuple[Any, Any]]] = field(
        default_factory=dict
    )

    def memo(self, row: Callable[[Any], Mapping[str, Any]], use: str) -> dict[int, tuple[Any, Any]]:
        """What `remember_each` keeps for rows made by `row` and used as `use` ("own" values
        of a multi-row insert, "params" of `Prepared.many_of`), started anew when full."""
        found = self.memos.get((row, use))
        if found is None or len(found) >= MAX_ITEMS_REMEMBERED:
            found = self.memos[row, use] = {}
        return found

    @classmethod
    def of(cls, prepared: Prepared, shared: tuple[str, ...]) -> _Layout:
        named = list(zip(prepared.names, prepared.processors, strict=True))
        own = [(i, n, p) for i, (n, p) in enumerate(named) if n not in shared]
        return cls(
            tuple((i, n, p) for i, (n, p) in enumerate(named) if n in shared),
            tuple(i for i, _, _ in own),
            row_getter([n for _, n, _ in own]),
            tuple((j, p) for j, (_, _, p) in enumerate(own) if p is not None),
            len(named),
            tuple((i, n) for i, n, p in own if p is None),
            tuple((i, n, p) for i, n, p in own if p is not None),
        )

    def template(self, shared: Mapping[str, Any]) -> list[Any]:
        """A parameter list with the shared values converted in their places."""
        template: list[Any] = [None] * self.size
        for i, name, proc in self.shared_at:
            value = shared[name]
            template[i] = value if proc is None else proc(value)
        return template

    def own(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        """A row's own values, converted, in parameter order."""
        values = self.get(row)
        if not self.converted:
            return values
        own = list(values)
        for j, proc in self.converted:
            own[j] = proc(own[j])
        return tuple(own)
