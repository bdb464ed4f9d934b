"""`configurator db upgrade|backup`: schema migrations and backups of the store."""

from __future__ import annotations

import argparse
from pathlib import Path

from configurator.cli.store_args import print_json


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "db",
        help="upgrade the database schema; back it up",
        description="The app upgrades the schema at every start (backing up an SQLite file "
        "first); these commands do it explicitly. PostgreSQL is backed up with pg_dump.",
    )
    sub = parser.add_subparsers(dest="db_command", metavar="WHAT", required=True)
    upgrade = sub.add_parser("upgrade", help="migrate the schema to this version")
    upgrade.add_argument("--json", action="store_true", help="print JSON")
    upgrade.set_defaults(func=run_upgrade)
    backup = sub.add_parser("backup", help="copy the SQLite database while it stays in use")
    backup.add_argument(
        "--out", type=Path, default=None, help="folder (default: the data folder's backups/)"
    )
    backup.add_argument("--json", action="store_true", help="print JSON")
    backup.set_defaults(func=run_backup)


def _engine(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from configurator.bootstrap import resolve_database_url
    from configurator.paths import DataPaths, default_data_dir
    from configurator.store.database import make_engine

    paths = DataPaths(args.data_dir or default_data_dir())
    paths.ensure()
    url = resolve_database_url(paths, args.database_url)
    return paths, make_engine(url)


def run_upgrade(args: argparse.Namespace) -> int:
    from configurator.store.migrate import current_revision, head_revision, upgrade_to_head

    paths, engine = _engine(args)
    try:
        with engine.connect() as conn:
            before = current_revision(conn)
            conn.rollback()
        upgrade_to_head(engine, backup_dir=paths.backups)
        after = head_revision()
    finally:
        engine.dispose()
    if args.json:
        print_json({"before": before, "after": after, "changed": before != after})
    elif before == after:
        print(f"The schema is up to date ({after}).")
    else:
        print(f"Upgraded the schema from {before or 'empty'} to {after}.")
    return 0


def run_backup(args: argparse.Namespace) -> int:
    from configurator.store.backup import backup_database

    paths, engine = _engine(args)
    try:
        path = backup_database(engine, args.out or paths.backups)
    finally:
        engine.dispose()
    if args.json:
        print_json({"backup": str(path), "bytes": path.stat().st_size})
    else:
        print(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
    return 0
