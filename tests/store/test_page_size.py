"""New SQLite stores get `PAGE_SIZE` pages (fewer bytes written per commit); a store created
with another page size keeps it, and keeps working, when opened by this code."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from configurator.catalog.model import Catalog
from configurator.orders.placing import place_order
from configurator.store import database
from configurator.store.database import make_engine, references_checked_by_caller
from configurator.store.migrate import upgrade_to_head
from tests.orders.shop_fixtures import PICKS, TODAY, actor, populate, settings


def _page_size(path: Path) -> int:
    with sqlite3.connect(path) as bare:
        return int(bare.execute("PRAGMA page_size").fetchone()[0])


def test_a_new_store_gets_the_page_size(sqlite_url: str) -> None:
    assert database.PAGE_SIZE != 4096  # SQLite's default: the test would prove nothing
    path = Path(str(make_url(sqlite_url).database))
    engine = make_engine(sqlite_url)
    try:
        upgrade_to_head(engine, backup_dir=None)
        for each in (engine, references_checked_by_caller(engine)):
            with each.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA page_size").scalar() == (
                    database.PAGE_SIZE
                )
                assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()
    assert _page_size(path) == database.PAGE_SIZE


def test_an_existing_store_keeps_its_page_size(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    monkeypatch.setattr(database, "PAGE_SIZE", 4096)  # made by an earlier version
    made = make_engine(url)
    populate(made, catalog)
    made.dispose()
    monkeypatch.undo()
    assert _page_size(path) == 4096 != database.PAGE_SIZE
    engine = make_engine(url)
    try:
        upgrade_to_head(engine, backup_dir=None)
        clerk = actor(engine, "clara")
        for _ in range(2):  # the second one is planned before its turn (sibling engine)
            place_order(
                engine, catalog=catalog, settings=settings(), actor=clerk, today=TODAY, picks=PICKS
            )
        for each in (engine, references_checked_by_caller(engine)):
            with each.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA page_size").scalar() == 4096
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            placed = "SELECT count(*) FROM sales_order WHERE order_number IS NOT NULL"
            assert connection.exec_driver_sql(placed).scalar() == 2
    finally:
        engine.dispose()
    assert _page_size(path) == 4096
