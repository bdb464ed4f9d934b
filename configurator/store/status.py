"""Two questions every start asks of a store, cheaply: is its schema the newest, is it empty.

Plain SQL on the engine, without the models, the seed or Alembic: a start that finds both
answers "as expected" never imports them (see `bootstrap.open_app`).
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from configurator.store.database import reader
from configurator.store.quick_read import migrations_head, stored_revision


def schema_at_head(engine: Engine) -> bool:
    """True when the stored schema revision is the newest one (read without the write lock)."""
    head = migrations_head()
    if head is None:
        return False
    try:
        with reader(engine).connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
            conn.rollback()
    except DBAPIError:  # no such table: a new or foreign database, for the full check
        return False
    return stored_revision(rows) == head


def is_empty(engine: Engine) -> bool:
    """True when the store has neither parts nor users (a fresh database to seed).

    Reads without the write lock, so a start is not held up by another program writing."""
    with reader(engine).connect() as conn:
        found = conn.exec_driver_sql(
            "SELECT (SELECT COUNT(*) FROM component) + (SELECT COUNT(*) FROM app_user)"
        ).scalar()
        conn.rollback()
    return not found
