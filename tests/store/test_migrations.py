"""Schema migrations: from empty, from the previous schema with data in it, and refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

import configurator.planning.workshop_models  # noqa: F401  (its table is migrated too)
from configurator.errors import DatabaseError
from configurator.store.backup import backup_database
from configurator.store.database import make_engine
from configurator.store.migrate import current_revision, head_revision, upgrade_to, upgrade_to_head
from configurator.store.models import SalesOrder, Stock, User
from tests.helpers.postgres import pg_url_or_skip
from tests.orders.shop_fixtures import reset_pg


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        rev = current_revision(conn)
        conn.rollback()
    return rev


def _no_drift(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
        conn.rollback()
    assert diff == []


def test_from_empty_to_head_matches_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        upgrade_to_head(engine, backup_dir=tmp_path / "backups")
        assert _revision(engine) == head_revision()
        _no_drift(engine)
        upgrade_to_head(engine, backup_dir=tmp_path / "backups")  # a second start: no-op
        assert not (tmp_path / "backups").exists()  # nothing to back up for a new file
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_from_empty_to_head_on_postgresql() -> None:
    engine = reset_pg(pg_url_or_skip())
    try:
        upgrade_to_head(engine, backup_dir=None)
        assert _revision(engine) == head_revision()
        _no_drift(engine)
    finally:
        engine.dispose()


def _fill_first_revision(engine: Engine) -> None:
    """Rows as version 0001 wrote them (no PIN lock-out columns yet)."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO app_user (id, name, full_name, role, active, pin_hash) "
                "VALUES (1, 'anna', 'Anna', 'clerk', true, 'hash')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO component (part, name, bin, lead_time_days, catalog_id) "
                "VALUES ('RAM-8', 'Memory 8 GB', 'C-01', 5, 'demo')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO stock (id, part, bin, on_hand, reserved) "
                "VALUES (1, 'RAM-8', 'C-01', 7, 2)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO sales_order (id, quote_number, status, created_by, created_at,"
                " quoted_on, valid_until, catalog_id, catalog_version, config_code, picks,"
                " base_price,"
                " list_price, discount_percent, discount_amount, total, vat_rate, vat_amount,"
                " backorder, promise_reason, cancel_reason, notes, updated_at) VALUES"
                " (1, 'Q-2026-00001', 'quote', 1, '2026-11-20 10:00:00+00:00', '2026-11-20',"
                " '2026-12-04', 'demo', 'abc', '', '{\"ram\": \"r8\"}', 49900, 49900, 0, 0, 49900,"
                " 1900, 7967, false, '', '', '', '2026-11-20 10:00:00+00:00')"
            )
        )


def _check_data_survived(engine: Engine) -> None:
    with Session(engine) as session:
        user = session.exec(select(User)).one()
        assert (user.name, user.failed_pin_attempts, user.locked_until) == ("anna", 0, None)
        stock = session.exec(select(Stock)).one()
        assert (stock.on_hand, stock.reserved) == (7, 2)
        # columns, not the whole row: also read at revisions before the request token
        picks, total = session.exec(select(col(SalesOrder.picks), col(SalesOrder.total))).one()
        assert picks == {"ram": "r8"}
        assert str(total) == "499.00"


def test_previous_schema_with_data_is_backed_up_and_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    try:
        upgrade_to(engine, "0001")
        _fill_first_revision(engine)
        upgrade_to_head(engine, backup_dir=tmp_path / "backups")
        assert _revision(engine) == head_revision()
        _check_data_survived(engine)
        _no_drift(engine)
    finally:
        engine.dispose()
    backups = list((tmp_path / "backups").glob("*.sqlite3"))
    assert len(backups) == 1
    assert "before-upgrade-from-0001" in backups[0].name
    with sqlite3.connect(backups[0]) as conn:  # the backup is the old schema, data and all
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT on_hand FROM stock").fetchone() == (7,)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(app_user)")}
        assert "failed_pin_attempts" not in columns


@pytest.mark.postgres
def test_previous_schema_with_data_on_postgresql() -> None:
    engine = reset_pg(pg_url_or_skip())
    try:
        upgrade_to(engine, "0001")
        _fill_first_revision(engine)
        upgrade_to_head(engine, backup_dir=None)
        _check_data_survived(engine)
    finally:
        engine.dispose()


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'future.sqlite3'}")
    try:
        upgrade_to_head(engine, backup_dir=None)
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        with pytest.raises(DatabaseError, match="newer version of Configurator") as info:
            upgrade_to_head(engine, backup_dir=tmp_path / "backups")
        assert "0099" in info.value.message
        assert _revision(engine) == "0099"
        assert not (tmp_path / "backups").exists()
    finally:
        engine.dispose()


def test_a_foreign_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE invoices (id integer primary key)"))
        with pytest.raises(DatabaseError, match="no Configurator schema version"):
            upgrade_to_head(engine, backup_dir=None)
        assert _revision(engine) is None
    finally:
        engine.dispose()


def test_online_backup_is_a_consistent_copy(tmp_path: Path, sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        path = backup_database(engine, tmp_path / "backups")
    finally:
        engine.dispose()
    assert path.parent == tmp_path / "backups"
    assert not list(path.parent.glob("*.partial"))
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM app_user").fetchone() == (3,)


@pytest.mark.postgres
def test_postgresql_backup_explains_pg_dump(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        with pytest.raises(DatabaseError, match="PostgreSQL's tools") as info:
            backup_database(engine, Path("unused"))
        assert "pg_dump" in (info.value.hint or "")
        assert "configurator:configurator@" not in (info.value.hint or "")
    finally:
        engine.dispose()


def _indexes(engine: Engine) -> dict[str, str]:
    """Index name -> its definition, for every table."""
    query = (
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        if engine.dialect.name == "sqlite"
        else "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
    )
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(query).all()
        conn.rollback()
    return {str(name): str(sql) for name, sql in rows}


def _check_0005_up_and_down(engine: Engine) -> None:
    from alembic import command

    from configurator.store.migrate import alembic_config

    upgrade_to(engine, "0004")
    _fill_first_revision(engine)
    before = _indexes(engine)
    assert {"ix_movement_order_id", "ix_reservation_state"} <= before.keys()
    assert "WHERE" not in before["ix_sales_order_customer_id"]
    upgrade_to(engine, "0005")
    after = _indexes(engine)
    assert not {"ix_movement_order_id", "ix_reservation_state"} & after.keys()
    assert "customer_id IS NOT NULL" in after["ix_sales_order_customer_id"]
    _check_data_survived(engine)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0004")
    assert _indexes(engine) == before
    _check_data_survived(engine)
    upgrade_to_head(engine, backup_dir=None)  # the schema the other tests expect


def test_0005_drops_the_indexes_orders_wrote_for_no_reader_and_downgrades(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'shop.sqlite3'}")
    try:
        _check_0005_up_and_down(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_0005_up_and_down_on_postgresql() -> None:
    engine = reset_pg(pg_url_or_skip())
    try:
        _check_0005_up_and_down(engine)
    finally:
        engine.dispose()


def _order_with_token(conn: Any, order_id: int, token: str | None) -> None:
    conn.execute(
        text(
            "INSERT INTO sales_order (id, quote_number, status, created_by, created_at,"
            " quoted_on, valid_until, catalog_id, catalog_version, config_code, picks,"
            " base_price, list_price, discount_percent, discount_amount, total, vat_rate,"
            " vat_amount, backorder, promise_reason, cancel_reason, notes, updated_at,"
            " request_token) VALUES (:id, :quote, 'quote', 1, '2026-11-20 10:00:00+00:00',"
            " '2026-11-20', '2026-12-04', 'demo', 'abc', '', '{}', 49900, 49900, 0, 0, 49900,"
            " 1900, 7967, false, '', '', '', '2026-11-20 10:00:00+00:00', :token)"
        ),
        {"id": order_id, "quote": f"Q-2026-{order_id:05d}", "token": token},
    )


def _check_0006_up_and_down(engine: Engine) -> None:
    from alembic import command

    from configurator.store.migrate import alembic_config

    upgrade_to(engine, "0005")
    _fill_first_revision(engine)
    before = _indexes(engine)
    upgrade_to(engine, "0006")
    index = _indexes(engine)["ix_sales_order_request_token"]
    assert "UNIQUE" in index.upper()
    assert "request_token IS NOT NULL" in index  # orders without a token skip it
    _check_data_survived(engine)
    with engine.begin() as conn:  # many orders without a token, one with each token
        _order_with_token(conn, 2, None)
        _order_with_token(conn, 3, "t-1")
    with pytest.raises(IntegrityError), engine.begin() as conn:
        _order_with_token(conn, 4, "t-1")
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM sales_order WHERE id > 1"))
        command.downgrade(alembic_config(conn), "0005")
    assert _indexes(engine) == before
    assert "request_token" not in {c["name"] for c in inspect(engine).get_columns("sales_order")}
    _check_data_survived(engine)
    upgrade_to_head(engine, backup_dir=None)  # the schema the other tests expect


def test_0006_adds_the_request_token_and_downgrades(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'shop.sqlite3'}")
    try:
        _check_0006_up_and_down(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_0006_up_and_down_on_postgresql() -> None:
    engine = reset_pg(pg_url_or_skip())
    try:
        _check_0006_up_and_down(engine)
    finally:
        engine.dispose()
