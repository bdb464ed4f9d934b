"""Opening the database: one SQLite file in WAL mode by default, PostgreSQL by URL.

SQLite is set up for several counters writing at once (measured, see the platform notes):
the driver's own transaction handling is switched off and every transaction starts with
BEGIN IMMEDIATE, so a read-then-write transaction takes the write lock up front instead of
failing with SQLITE_BUSY_SNAPSHOT; WAL lets readers run beside the writer; synchronous=FULL
makes every committed order durable; busy_timeout lets a writer wait its turn.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlmodel import Session, create_engine

from configurator.errors import DatabaseError

SQLITE_BUSY_TIMEOUT_MS = 10_000
WAL_AUTOCHECKPOINT_PAGES = 4000
"""WAL frames after which a commit checkpoints the WAL into the database file (SQLite's
default is 1000). The checkpoint runs inside the COMMIT of the writer that crosses it, while
every other writer waits: mostly one fsync of the database file plus the pages changed since
the last one, and an order changes the same hot pages (stock rows, counter, index nodes)
again and again. Measured with 8 writers (benchmarks/results/orders.md): a checkpoint of
4000 frames costs about 1.5x one of 1000 and comes 4x less often, so its share of each
order's write turn falls by 50-70 %. The WAL still restarts after every checkpoint (at
most ~16 MB with 4 KB pages), and 4000 frames keep the WAL index in its first hash table
(4062 frames)."""
PAGE_SIZE = 1024
"""Page size of new SQLite files (SQLite's default is 4096). A commit writes every page it
changed whole into the WAL, checksums it and has the kernel flush it; an order adds ~6 KB of
rows and index entries spread over a dozen b-trees, so with 4 KB pages it wrote 70 KB per
commit, with 1 KB pages 27 KB (benchmarks/results/orders.md). Only a new, empty file takes
it: the size is fixed by the first write (here: switching the file to WAL), and an existing
store keeps its own (in WAL mode not even VACUUM changes it)."""


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url if isinstance(engine_or_url, str) else str(engine_or_url.url)
    return url.startswith("sqlite")


def sqlite_file(url: str) -> Path | None:
    """The file behind an SQLite URL (None for in-memory or other databases)."""
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


def _configure_sqlite(engine: Engine, *, foreign_keys: bool = True) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # a new file only (see PAGE_SIZE)
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # On the DBAPI connection: a full SQLAlchemy execution costs 0.1 ms of CPU, and this
        # runs for every transaction. Errors ("database is locked") still arrive wrapped.
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            sql = "BEGIN DEFERRED"  # a snapshot; takes no write lock
        else:
            sql = "BEGIN IMMEDIATE"
        try:
            connection.connection.driver_connection.execute(sql)
        except sqlite3.Error as exc:
            raise DBAPIError.instance(sql, (), exc, sqlite3.Error) from exc


READ_ONLY_OPTION = "configurator_read_only"


@contextmanager
def write_transaction(connection: Connection) -> Iterator[None]:
    """A write transaction on `connection` for work that runs only statements on its DBAPI
    cursor (`store.prepared`): on SQLite `BEGIN IMMEDIATE` ... `COMMIT` go straight to the
    driver (SQLAlchemy's begin and commit with their events cost ~20 us of CPU per
    transaction, inside the writers' turn), errors wrapped like SQLAlchemy's own so retries
    see "database is locked"; any exception rolls back. Elsewhere `connection.begin()`."""
    if connection.dialect.name != "sqlite":
        with connection.begin():
            yield
        return
    raw: sqlite3.Connection = connection.connection.driver_connection  # type: ignore[assignment]
    _driver_execute(raw, "BEGIN IMMEDIATE")
    try:
        yield
        _driver_execute(raw, "COMMIT")
    except BaseException:
        if raw.in_transaction:
            raw.rollback()
        raise


def _driver_execute(raw: sqlite3.Connection, sql: str) -> None:
    """Run `sql` (no parameters) on the SQLite driver connection, errors wrapped like
    SQLAlchemy's own (so retries see "database is locked")."""
    try:
        raw.execute(sql)
    except sqlite3.Error as exc:
        raise DBAPIError.instance(sql, (), exc, sqlite3.Error) from exc


class DriverSavepoint:
    """A savepoint on the SQLite driver connection, inside `write_transaction`: group commit
    runs each order it serves in one (`orders.groupcommit`), so a failing order is rolled
    back alone and the others stay."""

    __slots__ = ("_name", "_raw")

    def __init__(self, connection: Connection, name: str) -> None:
        self._raw: sqlite3.Connection = connection.connection.driver_connection  # type: ignore[assignment]
        self._name = name
        _driver_execute(self._raw, f"SAVEPOINT {name}")

    @property
    def transaction_alive(self) -> bool:
        """False when an error ended the whole transaction (nothing left to roll back to)."""
        return self._raw.in_transaction

    def release(self) -> None:
        """Keep what was done since the savepoint (as part of the transaction)."""
        _driver_execute(self._raw, f"RELEASE {self._name}")

    def roll_back(self) -> None:
        """Undo what was done since the savepoint, and end it."""
        _driver_execute(self._raw, f"ROLLBACK TO {self._name}")
        self.release()


def reader(engine: Engine) -> Engine:
    """The same engine for read-only work: on SQLite its transactions start with a deferred
    BEGIN, so listing and showing never wait for (or block) a writer. Never write through it:
    a deferred transaction that reads and then writes fails with SQLITE_BUSY_SNAPSHOT."""
    return engine.execution_options(**{READ_ONLY_OPTION: True})


_siblings: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()
_siblings_lock = threading.Lock()


def references_checked_by_caller(engine: Engine) -> Engine:
    """For SQLite, a second engine on the same file whose connections skip the foreign-key
    lookups (made once per engine, same settings otherwise); PostgreSQL: `engine` itself.

    Only for writes whose every foreign-key value is a row the same transaction has just
    inserted or matched with its own statements: an order planned before its write turn
    (`orders.fastplan`) matches each stock row by id, part and bin in its conditional update
    (its parts and stock rows), refers to its own new order row and to its customer (read in
    the transaction) and signed-in actor (users are never deleted, only deactivated). There
    SQLite's checks are the same lookups done twice: ~15 % of the turn's CPU (alternating
    runs). The pragma has its own connections because switching it in a connection makes
    SQLite prepare every statement again (more than the checks cost). Every other write, and
    PostgreSQL always, keeps the checks."""
    if engine.dialect.name != "sqlite":
        return engine
    with _siblings_lock:
        sibling = _siblings.get(engine)
        if sibling is None:
            sibling = create_engine(
                engine.url,
                connect_args={
                    "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                    "check_same_thread": False,
                },
            )
            _configure_sqlite(sibling, foreign_keys=False)
            _siblings[engine] = sibling
            # closing the store closes the sibling's connections too (files stay unlocked),
            # the one kept for planned turns first back into its pool
            event.listen(engine, "engine_disposed", functools.partial(_dispose_sibling, sibling))
        return sibling


class _Kept:
    """The connection `kept_connection` keeps for one engine, and who uses it."""

    __slots__ = ("connection", "lock", "stale")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.connection: Connection | None = None
        self.stale = False
        """The engine was disposed while the connection was in use: close it when let go."""


_kept: weakref.WeakKeyDictionary[Engine, _Kept] = weakref.WeakKeyDictionary()


def _kept_for(engine: Engine) -> _Kept:
    kept = _kept.get(engine)
    if kept is None:
        with _siblings_lock:
            kept = _kept.get(engine)
            if kept is None:
                kept = _kept[engine] = _Kept()
                event.listen(engine, "engine_disposed", lambda _engine: _dispose(kept))
    return kept


def _dispose(kept: _Kept) -> None:
    """The engine was disposed: close its kept connection now, or when its use ends."""
    if kept.lock.acquire(blocking=False):
        try:
            if kept.connection is not None:
                _close(kept.connection)
                kept.connection = None
        finally:
            kept.lock.release()
    else:
        kept.stale = True


def _dispose_sibling(sibling: Engine, _engine: Engine) -> None:
    _return_kept(sibling)
    sibling.dispose()


def _return_kept(engine: Engine) -> None:
    """Put the connection kept for `engine` back into its pool (unless it is in use), for the
    pool's disposal to close with the others."""
    kept = _kept.get(engine)
    if kept is not None and kept.lock.acquire(blocking=False):
        try:
            if kept.connection is not None:
                kept.connection.close()
                kept.connection = None
        finally:
            kept.lock.release()


def _close(connection: Connection) -> None:
    """Close a kept connection of a disposed engine (not back into the pool it came from)."""
    if not connection.closed and not connection.invalidated:
        connection.connection.detach()
    connection.close()


def _forget_kept_in_child() -> None:
    """A forked child never uses its parent's SQLite connections (SQLite forbids carrying
    one across fork): it opens its own."""
    for kept in list(_kept.values()):
        kept.lock = threading.Lock()
        kept.connection = None
        kept.stale = False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_kept_in_child)


@contextmanager
def kept_connection(engine: Engine) -> Iterator[Connection]:
    """A connection of an SQLite engine that the process keeps between uses, instead of
    checking one out of the pool before each use and returning it after (~101,000
    instructions per order). One per engine: a thread that finds it in use gets a pooled
    connection as before, as do other databases (the pool's pre-ping checks PostgreSQL's
    connections). A use that leaves it in a transaction (or invalidated) returns it to the
    pool (which rolls it back); disposing the engine closes it."""
    if engine.dialect.name != "sqlite":
        with engine.connect() as connection:
            yield connection
        return
    kept = _kept_for(engine)
    if not kept.lock.acquire(blocking=False):  # another thread's turn uses it
        with engine.connect() as pooled:
            yield pooled
        return
    try:
        mine = kept.connection
        if mine is None or mine.closed or mine.invalidated:
            mine = kept.connection = engine.connect()
        try:
            yield mine
        finally:
            if kept.stale:
                kept.connection, kept.stale = None, False
                _close(mine)
            elif not _idle(mine):
                kept.connection = None
                mine.close()  # back to the pool, which rolls it back
    finally:
        kept.lock.release()


def _idle(connection: Connection) -> bool:
    """Whether `connection` can be used again as it is: open, valid, in no transaction."""
    if connection.closed or connection.invalidated or connection.in_transaction():
        return False
    raw: Any = connection.connection.driver_connection
    return raw is not None and not raw.in_transaction


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url`, checked by a first connection; a clear DatabaseError otherwise."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(
            f"The database URL {url!r} is not valid.",
            hint="Use sqlite:///PATH/TO/FILE.sqlite3 or "
            "postgresql+psycopg://USER:PASSWORD@HOST/DBNAME.",
        ) from exc
    path = sqlite_file(url)
    if path is not None and not path.parent.is_dir():
        raise DatabaseError(
            f"The folder of the database file {path} does not exist.",
            hint="Create the folder, or point --database-url at an existing one.",
        )
    kwargs: dict[str, Any] = {"echo": echo}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {
            "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
            "check_same_thread": False,
        }
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(url, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise DatabaseError(
            f"No database driver for {parsed.drivername!r}.",
            hint="For PostgreSQL install the extra: pip install 'configurator[postgres]'.",
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine)
    check_connection(engine)
    return engine


def check_connection(engine: Engine) -> None:
    """Open one connection and read the schema; turn every failure into advice."""
    safe_url = engine.url.render_as_string(hide_password=True)
    try:
        with reader(engine).connect() as conn:  # no write lock: another writer is fine
            if is_sqlite(engine):
                result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
                if result != "ok":
                    raise DatabaseError(
                        f"The database {safe_url} is damaged ({result}).",
                        hint="Restore the latest backup from the data folder's backups/ "
                        "(configurator db backup makes one); the damaged file was left as it is.",
                    )
            else:
                conn.execute(text("SELECT 1"))
            conn.rollback()
    except DatabaseError:
        raise
    except (OperationalError, DBAPIError) as exc:
        detail = str(exc.orig) if exc.orig is not None else str(exc)
        if "file is not a database" in detail or "malformed" in detail:
            raise DatabaseError(
                f"The file behind {safe_url} is not a Configurator database or is damaged "
                f"({detail}).",
                hint="Restore a backup, or start with another --data-dir; nothing was changed.",
            ) from exc
        if "locked" in detail:
            raise DatabaseError(
                f"The database {safe_url} stayed locked by another program for "
                f"{SQLITE_BUSY_TIMEOUT_MS // 1000} s.",
                hint="Close the other Configurator or tool that holds it, then try again.",
            ) from exc
        raise DatabaseError(
            f"The database {safe_url} cannot be opened: {detail.strip()}",
            hint="Check that the server runs and the URL, user and password are right.",
        ) from exc


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any exception."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
