"""Backups of the store: SQLite's online backup API (consistent while others write).

PostgreSQL is backed up with its own tool; we say how instead of pretending.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from configurator.errors import DatabaseError
from configurator.store.database import sqlite_file


def backup_file_name(label: str, *, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S-%f")
    return f"configurator-{stamp}-{label}.sqlite3"


def backup_database(engine: Engine, dest_dir: Path, *, label: str = "manual") -> Path:
    """Copy the SQLite database into `dest_dir` while it stays in use; returns the new file.

    The copy is written under a temporary name and renamed, so a crash never leaves a file
    that looks like a complete backup but is not.
    """
    url = engine.url.render_as_string(hide_password=True)
    source = sqlite_file(str(engine.url))
    if source is None:
        if engine.dialect.name == "postgresql":
            raise DatabaseError(
                f"Backups of the PostgreSQL database {url} are made with PostgreSQL's tools.",
                hint="Run: pg_dump --format=custom --file=configurator.dump "
                f"'{engine.url.render_as_string(hide_password=True).replace('+psycopg', '')}' "
                "(restore with pg_restore).",
            )
        raise DatabaseError(f"The database {url} cannot be backed up by Configurator.")
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            f"The backup folder {dest_dir} cannot be created: {exc.strerror or exc}.",
            hint="Choose a writable folder.",
        ) from exc
    target = dest_dir / backup_file_name(label)
    partial = target.with_name(target.name + ".partial")
    raw = engine.raw_connection()
    try:
        src = raw.driver_connection
        if not isinstance(src, sqlite3.Connection):  # pragma: no cover - sqlite URL, sqlite driver
            raise DatabaseError(f"The database {url} is not an SQLite database.")
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            f"The backup of {source} into {dest_dir} failed: {exc}.",
            hint="Check free disk space and write access to the backup folder.",
        ) from exc
    finally:
        raw.close()
    return target
