"""Schema migrations, run programmatically at every start (no alembic.ini at runtime).

An SQLite file with an older schema is backed up first; a database written by a newer version
of Configurator is refused (migrating it "down" would lose data); an unknown database that has
tables but no schema version is refused too. The revision is read without the write lock, so
an up-to-date store opens while another program writes. The upgrade runs in one transaction
that takes the write lock (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so two
counters starting at once migrate once.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from configurator.errors import DatabaseError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK = 7_314_159  # advisory lock key: one migrating process at a time


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package ships its revisions
        raise RuntimeError("no migration revisions found")
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _check_known(connection: Connection, current: str | None, safe_url: str) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    if current is None:
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
        if tables:
            raise DatabaseError(
                f"The database {safe_url} has tables ({', '.join(sorted(tables)[:5])} ...) "
                "but no Configurator schema version.",
                hint="Point --database-url at an empty database or a Configurator database; "
                "nothing was changed.",
            )
        return
    try:
        script.get_revision(current)
    except CommandError as exc:
        raise DatabaseError(
            f"The database {safe_url} was written by a newer version of Configurator "
            f"(schema {current}; this version knows up to {head_revision()}).",
            hint="Install the newer version of Configurator, or restore a backup made with "
            "this version; nothing was changed.",
        ) from exc


def upgrade_to_head(engine: Engine, *, backup_dir: Path | None) -> None:
    """Bring the schema to the newest revision; back up an older SQLite file first."""
    safe_url = engine.url.render_as_string(hide_password=True)
    head = head_revision()
    from configurator.store.database import reader

    # Read the revision without the write lock (a deferred BEGIN on SQLite): a start while
    # another program writes must not wait for it when there is nothing to migrate.
    with reader(engine).connect() as conn:
        current = current_revision(conn)
        _check_known(conn, current, safe_url)
        conn.rollback()
    if current == head:
        return
    if current is not None and backup_dir is not None and engine.dialect.name == "sqlite":
        from configurator.store.backup import backup_database

        path = backup_database(engine, backup_dir, label=f"before-upgrade-from-{current}")
        log.info("backed up %s to %s before migrating", safe_url, path)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        now = current_revision(conn)  # another process may have migrated meanwhile
        _check_known(conn, now, safe_url)
        if now == head:
            return
        log.info("migrating %s from %s to %s", safe_url, now or "empty", head)
        command.upgrade(alembic_config(conn), "head")


def upgrade_to(engine: Engine, revision: str) -> None:
    """Migrate to a given revision (tests build databases at older schemas with it)."""
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
