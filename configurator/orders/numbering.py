"""Gap-free order numbers per year.

The counter row is bumped with one upsert in the same transaction that writes the order, so a
failed or rolled-back order never consumes a number and two writers can never get the same one
(SQLite: the transaction holds the write lock; PostgreSQL: the upsert locks the counter row
until commit). The numbers are taken last in the transaction to hold that lock briefly.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlmodel import Session, col

from configurator.store.models import Counter
from configurator.store.prepared import prepare

ORDER_SERIES = "order"
QUOTE_SERIES = "quote"


@functools.cache
def counter_upsert(dialect: str) -> Any:
    """The dialect's upsert that bumps a `Counter` row and returns the new value, built from
    the model (both dialects spell it `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`)."""
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        make(Counter)
        .values(series=bindparam("series"), year=bindparam("year"), value=bindparam("first", 1))
        .on_conflict_do_update(
            index_elements=[col(Counter.series), col(Counter.year)],
            set_={"value": col(Counter.value) + bindparam("step", 1)},
        )
        .returning(col(Counter.value))
    )


def next_value(session: Session | Connection, series: str, year: int) -> int:
    connection = session if isinstance(session, Connection) else session.connection()
    dialect = connection.dialect
    upsert = prepare("counter", dialect, lambda: counter_upsert(dialect.name))
    params = upsert.one({"series": series, "year": year, "first": 1, "step": 1})
    return int(upsert.fetch(connection, params)[0][0])


def order_number(year: int, value: int) -> str:
    return f"{year}-{value:05d}"


def quote_number(year: int, value: int) -> str:
    return f"Q-{year}-{value:05d}"


def next_order_number(session: Session | Connection, year: int) -> str:
    return order_number(year, next_value(session, ORDER_SERIES, year))


def next_quote_number(session: Session, year: int) -> str:
    return quote_number(year, next_value(session, QUOTE_SERIES, year))
