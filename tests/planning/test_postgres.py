"""The planning and workshop SQL on PostgreSQL (CI starts a server; skipped locally without one).

The test works in its own schema on the test server (search_path), so it never disturbs the
store tests' schema on the same database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from configurator.catalog.model import Catalog
from configurator.orders.placing import place_order
from configurator.orders.users import Actor
from configurator.planning.demo_history import generate
from configurator.planning.history import load_history
from configurator.planning.service import planning_overview
from configurator.planning.workshop import finish_assembly, qc_checklist, start_assembly, tick_qc
from configurator.planning.workshop_queue import assembly_queue
from configurator.shop import ShopSettings
from configurator.store.database import session_scope
from configurator.store.models import Receipt, Role, Stock, User
from configurator.store.seed import sync_components
from tests.helpers.postgres import migrated_schema

from .conftest import TODAY, pin_hash

SCHEMA = "planning_test"
pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(catalog: Catalog) -> Iterator[Engine]:
    engine = migrated_schema(SCHEMA)
    with session_scope(engine) as session:
        sync_components(session, catalog)
        for part in catalog.components:
            session.add(Stock(part=part, bin=catalog.components[part].bin, on_hand=20))
        session.add(Receipt(part="CPU-I9", qty=4, expected_on=TODAY))
        session.add(User(name="anna", role=Role.CLERK, pin_hash=pin_hash()))
        session.add(User(name="werner", role=Role.WORKSHOP, pin_hash=pin_hash()))
    yield engine
    engine.dispose()


def test_history_overview_and_workshop_on_postgres(pg: Engine, catalog: Catalog) -> None:
    with session_scope(pg) as session:
        created = generate(session, catalog, today=TODAY, seed=5, weeks=10)
    with session_scope(pg) as session:
        history = load_history(session, today=TODAY, catalog=catalog)
    assert history.orders == created > 0
    overview = planning_overview(pg, catalog, today=TODAY, settings=ShopSettings())
    assert len(overview.reorder) == len(catalog.components)
    assert overview.buildable
    clerk, werner = Actor(1, "anna", Role.CLERK), Actor(2, "werner", Role.WORKSHOP)
    number = place_order(
        pg,
        catalog=catalog,
        settings=ShopSettings(),
        actor=clerk,
        today=TODAY,
        picks={"chassis": "c14", "processor": "r5", "memory": "m16", "accessories": {}},
    ).order_number
    assert number is not None
    queue = assembly_queue(pg, catalog=catalog, settings=ShopSettings(), today=TODAY)
    assert [e.order_number for e in queue] == [number]
    start_assembly(pg, number, actor=werner, today=TODAY)
    for item in qc_checklist(pg, catalog=catalog, number=number).items:
        tick_qc(pg, number, item.index, passed=True, catalog=catalog, actor=werner, today=TODAY)
    done = finish_assembly(
        pg, number, serial_number="PG-1", catalog=catalog, actor=werner, today=TODAY
    )
    assert done.status == "assembled"
