"""Opening the application's world: data folder, log, settings, database, catalog.

Both clients (CLI and GUI) start here. The first start creates the data folder, the log file,
`shop.toml` and an SQLite database in WAL mode seeded with the demo catalog and stock; later
starts reuse them. Every failure the user can fix is a `UserError` that says what to do, and
nothing that exists is ever overwritten: a corrupt or foreign database file is left alone.

Opening has two steps so the GUI can show its login list before the expensive part:
`prepare_app` (folders, log, settings: milliseconds) and `AppContext.open_store` (SQLAlchemy,
the schema check, seeding: about a second of imports). `open_app` does both, as before.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from configurator.errors import UserError
from configurator.logging_setup import setup_logging
from configurator.paths import (
    DATABASE_URL_ENV,
    DataPaths,
    default_data_dir,
    demo_catalog_path,
    demo_stock_path,
    resource,
)
from configurator.shop import ShopSettings, load_shop_settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from configurator.catalog.model import Catalog

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    """What every command and window needs; passed in explicitly, never a global."""

    paths: DataPaths
    database_url: str
    settings: ShopSettings
    catalog_path: Path
    created: bool = False
    """True when this start created the database (first start)."""
    _engine: Engine | None = field(default=None, repr=False)
    _catalog: Catalog | None = field(default=None, repr=False)
    _catalog_error: UserError | None = field(default=None, repr=False)
    _seeding: bool = field(default=False, repr=False)
    """The demo seed writes the catalog's parts itself: its catalog load skips the sync."""
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    """The GUI opens the store and loads the catalog on a worker thread: one opening only."""

    @property
    def engine(self) -> Engine:
        """The open store; opened (migrated, seeded on a first start) on first use."""
        engine = self._engine
        if engine is None:
            self.open_store()
            engine = self._engine
            assert engine is not None
        return engine

    @property
    def store_open(self) -> bool:
        return self._engine is not None

    def open_store(self, *, today: date | None = None, seed_demo: bool = True) -> None:
        """Connect, check (and if needed migrate) the schema, seed an empty store; idempotent.

        `today` decides the dates of the seeded demo data (receipts due in N days, past orders).
        """
        with self._lock:
            if self._engine is None:
                self._engine = _open_store(self, today=today, seed_demo=seed_demo)

    @property
    def catalog(self) -> Catalog:
        """The shop's catalog, loaded once (a broken file is a CatalogError listing all errors).

        Loading also brings renamed parts, new bins or lead times into the store, so commands
        that never touch the catalog (order list, db backup) pay for neither at start-up. The
        full check runs once per catalog version (see `catalog_cache`).
        """
        with self._lock:
            if self._catalog_error is not None:
                raise self._catalog_error
            if self._catalog is None:
                from configurator.catalog_cache import load_catalog_once_checked

                try:
                    catalog = load_catalog_once_checked(
                        self.catalog_path, self.paths.root / "cache"
                    )
                except UserError as exc:
                    self._catalog_error = exc
                    raise
                if not self._seeding:
                    _sync_components(self.engine, catalog, self.catalog_path.name)
                self._catalog = catalog
            return self._catalog

    @property
    def database_label(self) -> str:
        """The database for people: the file path, or the URL without its password."""
        from configurator.store.quick_read import sqlite_path

        path = sqlite_path(self.database_url)
        if path is not None:
            return str(path)
        from sqlalchemy.engine import make_url

        from configurator.store.database import sqlite_file

        path = sqlite_file(self.database_url)
        if path is not None:
            return str(path)
        # From the URL, not the engine: the label is logged while the store is being opened.
        return make_url(self.database_url).render_as_string(hide_password=True)

    def __enter__(self) -> AppContext:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()


def resolve_database_url(paths: DataPaths, database_url: str | None) -> str:
    return database_url or os.environ.get(DATABASE_URL_ENV) or paths.sqlite_url()


def _ensure_shop_settings(paths: DataPaths) -> None:
    if not paths.settings.exists():
        shutil.copyfile(resource("demo", "shop.toml"), paths.settings)


def _sync_components(engine: Engine, catalog: Catalog, catalog_name: str) -> None:
    """Bring the catalog's part data into an existing store (no write lock when in sync)."""
    from configurator.store.database import session_scope
    from configurator.store.seed import components_in_sync, sync_components

    if components_in_sync(engine, catalog):
        return
    with session_scope(engine) as session:
        changed = sync_components(session, catalog)
    if changed:
        log.info("Updated %d parts from the catalog %s", changed, catalog_name)


def open_app(
    *,
    data_dir: Path | None = None,
    database_url: str | None = None,
    today: date | None = None,
    seed_demo: bool = True,
) -> AppContext:
    """Open (and on first start create) the data folder and the store.

    `today` decides the dates of the seeded demo data (receipts due in N days, past orders).
    """
    context = prepare_app(data_dir=data_dir, database_url=database_url)
    context.open_store(today=today, seed_demo=seed_demo)
    return context


def prepare_app(*, data_dir: Path | None = None, database_url: str | None = None) -> AppContext:
    """The data folder, log and settings, without opening the store (see the module doc)."""
    paths = DataPaths(data_dir or default_data_dir())
    paths.ensure()
    setup_logging(paths.log)
    _ensure_shop_settings(paths)
    settings = load_shop_settings(paths.settings)
    catalog_path = settings.catalog_file or demo_catalog_path()
    if not catalog_path.is_file():
        raise UserError(
            f"The catalog file {catalog_path} named in {paths.settings} does not exist.",
            hint="Fix the 'catalog' line in shop.toml, or empty it to use the demo catalog.",
        )
    return AppContext(
        paths=paths,
        database_url=resolve_database_url(paths, database_url),
        settings=settings,
        catalog_path=catalog_path,
    )


def _open_store(context: AppContext, *, today: date | None, seed_demo: bool) -> Engine:
    from configurator.store.database import make_engine
    from configurator.store.status import is_empty, schema_at_head

    url = context.database_url
    engine = make_engine(url)
    try:
        if not schema_at_head(engine):  # Alembic is imported only when there is something to do
            from configurator.store.migrate import upgrade_to_head

            upgrade_to_head(engine, backup_dir=context.paths.backups)
        if is_empty(engine):
            from configurator.store.seed import seed_demo as seed_demo_data

            context.created = True
            if seed_demo:
                context._seeding = True
                seed_demo_data(
                    engine,
                    catalog=context.catalog,
                    stock_file=demo_stock_path(),
                    today=today or date.today(),
                    settings=context.settings,
                )
                log.info("Seeded a new store with the demo data at %s", url)
        log.info("Opened store %s (catalog %s)", context.database_label, context.catalog_path.name)
    except BaseException:
        context._engine = None
        engine.dispose()
        raise
    return engine
