"""Opening the application's world: data folder, log, settings, database, catalog.

Both clients (CLI and GUI) start here. The first start creates the data folder, the log file,
`shop.toml` and an SQLite database in WAL mode seeded with the demo catalog and stock; later
starts reuse them. Every failure the user can fix is a `UserError` that says what to do, and
nothing that exists is ever overwritten: a corrupt or foreign database file is left alone.
"""

from __future__ import annotations

import logging
import os
import shutil
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
    engine: Engine
    settings: ShopSettings
    catalog_path: Path
    created: bool
    """True when this start created the database (first start)."""
    _catalog: Catalog | None = field(default=None, repr=False)

    @property
    def catalog(self) -> Catalog:
        """The shop's catalog, loaded once (a broken file is a CatalogError listing all errors).

        Loading also brings renamed parts, new bins or lead times into the store, so commands
        that never touch the catalog (order list, db backup) pay for neither at start-up.
        """
        if self._catalog is None:
            from configurator.catalog.loader import load_catalog

            catalog = load_catalog(self.catalog_path)
            if not self.created:
                _sync_components(self.engine, catalog, self.catalog_path.name)
            self._catalog = catalog
        return self._catalog

    @property
    def database_label(self) -> str:
        """The database for people: the file path, or the URL without its password."""
        from configurator.store.database import sqlite_file

        path = sqlite_file(self.database_url)
        if path is not None:
            return str(path)
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


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
    from configurator.store.database import make_engine
    from configurator.store.migrate import upgrade_to_head
    from configurator.store.seed import is_empty
    from configurator.store.seed import seed_demo as seed_demo_data

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
    url = resolve_database_url(paths, database_url)
    engine = make_engine(url)
    try:
        upgrade_to_head(engine, backup_dir=paths.backups)
        context = AppContext(
            paths=paths,
            database_url=url,
            engine=engine,
            settings=settings,
            catalog_path=catalog_path,
            created=False,
        )
        if is_empty(engine):
            context.created = True  # the seed writes the parts itself: no sync on load
            if seed_demo:
                seed_demo_data(
                    engine,
                    catalog=context.catalog,
                    stock_file=demo_stock_path(),
                    today=today or date.today(),
                    settings=settings,
                )
                log.info("Seeded a new store with the demo catalog and stock at %s", url)
        log.info("Opened store %s (catalog %s)", context.database_label, catalog_path.name)
    except BaseException:
        engine.dispose()
        raise
    return context
