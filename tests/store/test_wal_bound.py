"""The SQLite WAL is checkpointed and restarted every `WAL_AUTOCHECKPOINT_PAGES` frames, by
every connection the store opens (the planned orders' sibling engine too): it never grows
without bound, however many writes come."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from configurator.catalog.model import Catalog
from configurator.orders.placing import create_quote
from configurator.store import database
from configurator.store.database import make_engine, references_checked_by_caller
from tests.orders.shop_fixtures import PICKS, TODAY, actor, settings

LIMIT = 60


def _frames(wal: Path, page_size: int) -> float:
    return (wal.stat().st_size - 32) / (page_size + 24) if wal.exists() else 0.0


def test_the_wal_restarts_after_each_checkpoint(
    sqlite_url: str, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "WAL_AUTOCHECKPOINT_PAGES", LIMIT)
    path = Path(str(make_url(sqlite_url).database))
    wal = path.with_name(f"{path.name}-wal")
    engine = make_engine(sqlite_url)
    try:
        for each in (engine, references_checked_by_caller(engine)):
            with each.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == LIMIT
        clerk = actor(engine, "clara")
        with sqlite3.connect(path) as bare:
            page_size = int(bare.execute("PRAGMA page_size").fetchone()[0])
            bare.execute("PRAGMA wal_checkpoint(TRUNCATE)")

        def quote() -> None:
            create_quote(
                engine, catalog=catalog, settings=settings(), picks=PICKS, actor=clerk, today=TODAY
            )

        quote()
        per_write = _frames(wal, page_size)
        assert per_write > 0
        writes = int(5 * LIMIT / per_write) + 1  # five times the limit in all
        largest = 0.0
        for _ in range(writes):
            quote()
            largest = max(largest, _frames(wal, page_size))
        # the WAL restarts from its start after each checkpoint: it ends at most one write
        # past the limit, whatever was written in all
        assert writes * per_write >= 5 * LIMIT
        assert largest <= LIMIT + 2 * per_write
    finally:
        engine.dispose()
