"""Gap-free order numbers per year.

The counter row is bumped with one upsert in the same transaction that writes the order, so a
failed or rolled-back order never consumes a number and two writers can never get the same one
(SQLite: the transaction holds the write lock; PostgreSQL: the upsert locks the counter row
until commit). The numbers are taken last in the transaction to hold that lock briefly.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from configurator.store.prepared import prepare

ORDER_SERIES = "order"
QUOTE_SERIES = "quote"

_UPSERT = text(
    "INSERT INTO counter (series, year, value) VALUES (:series, :year, 1) "
    "ON CONFLICT (series, year) DO UPDATE SET value = counter.value + 1 "
    "RETURNING value"
)


def next_value(session: Session | Connection, series: str, year: int) -> int:
    connection = session if isinstance(session, Connection) else session.connection()
    upsert = prepare("counter", connection.dialect, lambda: _UPSERT)
    params = upsert.one({"series": series, "year": year})
    return int(upsert.fetch(connection, params)[0][0])


def order_number(year: int, value: int) -> str:
    return f"{year}-{value:05d}"


def quote_number(year: int, value: int) -> str:
    return f"Q-{year}-{value:05d}"


def next_order_number(session: Session | Connection, year: int) -> str:
    return order_number(year, next_value(session, ORDER_SERIES, year))


def next_quote_number(session: Session, year: int) -> str:
    return quote_number(year, next_value(session, QUOTE_SERIES, year))
