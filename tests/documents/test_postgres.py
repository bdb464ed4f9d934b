"""Documents of orders stored on PostgreSQL (CI starts a server; skipped locally without one).

The test works in its own schema (search_path), so it never disturbs other tests' schemas on
the same database.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from configurator.catalog.loader import load_catalog_text
from configurator.catalog.model import Catalog, Picks
from configurator.documents.from_order import (
    assembly_from_order,
    confirmation_from_order,
    load_orders,
)
from configurator.documents.order_reads import find_orders, read_details
from configurator.documents.writer import render_pdf, render_sheets
from configurator.orders.placing import create_quote, place_order
from configurator.orders.promising import PromiseInfo
from configurator.orders.stock import receive_goods
from configurator.orders.users import actor_by_name, create_user
from configurator.orders.views import details, find_order
from configurator.shop import ShopSettings
from configurator.store.database import session_scope
from configurator.store.models import Role
from configurator.store.seed import sync_components
from tests.documents.pdfread import read_pdf
from tests.documents.test_cli_quote import MINI_CATALOG
from tests.helpers.postgres import migrated_schema

SCHEMA = "documents_test"
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.postgres


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog_text(MINI_CATALOG, "mini.toml")


@pytest.fixture
def pg(catalog: Catalog) -> Iterator[Engine]:
    engine = migrated_schema(SCHEMA)
    with session_scope(engine) as session:
        sync_components(session, catalog)
        create_user(session, name="anna", role=Role.MANAGER, pin="4711")
    yield engine
    engine.dispose()


def test_orders_on_postgres_print_like_on_sqlite(pg: Engine, catalog: Catalog) -> None:
    with session_scope(pg) as session:
        actor = actor_by_name(session, "anna")
    for part in catalog.components:
        receive_goods(pg, part=part, qty=5, actor=actor, today=TODAY, now=NOW)
    settings = ShopSettings(name="Mini Werkstatt")
    picks: Picks = {"chassis": "c14", "memory": "m32", "keyboard": "de", "ports": {"usbc": 2}}
    quote_summary = create_quote(
        pg, catalog=catalog, settings=settings, picks=picks, actor=actor, today=TODAY, now=NOW
    )
    order = place_order(
        pg,
        catalog=catalog,
        settings=settings,
        actor=actor,
        today=TODAY,
        quote=quote_summary.number,
        promise=PromiseInfo(date(2026, 11, 27), date(2026, 11, 30), "all parts in stock"),
        now=NOW,
    )
    assert order.order_number is not None
    numbers = [order.order_number, quote_summary.number]
    with Session(pg) as session:
        bulk = read_details(session, find_orders(session, numbers))
        single = [details(session, find_order(session, n)) for n in numbers]
        session.rollback()
    assert bulk == single
    stored = load_orders(pg, [order.order_number])[0]
    confirmation = read_pdf(render_pdf(confirmation_from_order(stored, catalog, settings)).data)
    assert f"Order confirmation {order.order_number}" in confirmation.text
    assert "All parts for your laptop are reserved" in confirmation.text
    sheets = render_sheets([assembly_from_order(stored, catalog, settings)] * 2)
    assert sheets.pages == 2
