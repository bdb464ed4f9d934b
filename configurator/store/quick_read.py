"""What the first window needs, read with the standard library only (no SQLAlchemy, no Alembic).

Importing sqlmodel, SQLAlchemy and Alembic costs about a second of CPU, far more than the
login window may take to appear. This module answers the two questions a start asks first:

- is the store's schema at the newest revision? (`migrations_head` reads the revision ids from
  the shipped migration files as text; `stored_revision` reads `alembic_version`);
- who may sign in? (`login_users`, an SQLite file read-only through `sqlite3`).

Whenever it cannot vouch for an answer (PostgreSQL, an older or unknown schema, a locked or
damaged file, anything unexpected) it answers None, and the caller takes the full path through
`store.database` and `store.migrate`, which reports every problem clearly. It never writes.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"


@dataclass(frozen=True, slots=True)
class LoginUser:
    """An active user, as the login list shows them (no PIN hash leaves the store)."""

    name: str
    full_name: str
    role: str


# Alembic's own file layout: `revision: str = "0003"`, `down_revision: ... = "0002"` (or None,
# or a tuple of ids for a merge), each at the start of a line.
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"""["']([^"']+)["']""")


def migrations_head(versions_dir: Path = VERSIONS_DIR) -> str | None:
    """The newest revision id among the migration files, as Alembic would find it.

    None when there is no single head (no files, a branch) or a file cannot be read: the
    caller then asks Alembic itself. Plain text, not an import: importing a migration
    imports Alembic.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for file in sorted(versions_dir.glob("*.py")):
            values = {
                key: _QUOTED.findall(value)
                for key, value in _ASSIGNMENT.findall(file.read_text(encoding="utf-8"))
            }
            revision = values.get("revision", [])
            if len(revision) != 1:
                continue
            revisions.add(revision[0])
            parents.update(values.get("down_revision", []))
    except (OSError, UnicodeDecodeError):
        return None
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def sqlite_path(url: str) -> Path | None:
    """The file of a plain `sqlite:///PATH` URL; None for anything else (PostgreSQL, memory,
    URLs with options), which the full path handles."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or "%" in url:
        return None
    path = url[len(prefix) :]
    if not path or path == ":memory:":
        return None
    return Path(path)


def _rows(connection: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    return list(connection.execute(sql).fetchall())


def stored_revision(rows: Iterable[tuple[Any, ...]]) -> str | None:
    """The one revision in `alembic_version` rows; None for none or several."""
    found = [str(row[0]) for row in rows]
    return found[0] if len(found) == 1 else None


def login_users(url: str, *, head: str | None = None) -> list[LoginUser] | None:
    """Active users by name from an up-to-date SQLite store; None when that cannot be said
    without the full path (see the module docstring)."""
    path = sqlite_path(url)
    if path is None or not path.is_file():
        return None
    head = head if head is not None else migrations_head()
    if head is None:
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        revision = stored_revision(_rows(connection, "SELECT version_num FROM alembic_version"))
        if revision != head:
            return None
        rows = _rows(
            connection,
            "SELECT name, full_name, role FROM app_user WHERE active ORDER BY name",
        )
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    users = [LoginUser(str(name), str(full or ""), str(role)) for name, full, role in rows]
    return users or None  # no users: a store still to be seeded takes the full path
