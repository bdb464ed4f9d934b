"""Stock projection by hand, and over a real store with a placed order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine

from configurator.catalog.model import Catalog
from configurator.orders.placing import place_order
from configurator.orders.users import Actor
from configurator.planning.projection import project_stock
from configurator.planning.service import planning_overview, read_reservations
from configurator.shop import ShopSettings
from configurator.store.models import Role

from .conftest import TODAY

MONDAY = date(2026, 11, 23)


def test_projection_adds_receipts_and_takes_reservations_and_forecast() -> None:
    projection = project_stock(
        "RAM-16",
        on_hand=10,
        reservations=[(date(2026, 11, 20), 2), (date(2026, 12, 2), 3)],  # overdue, next week
        receipts=[(date(2026, 12, 9), 20)],
        forecast=[4.0, 4.0, 5.0],
        start=MONDAY,
        weeks=4,
    )
    weeks = projection.weeks
    assert [w.week for w in weeks] == [MONDAY + timedelta(days=7 * i) for i in range(4)]
    assert [w.receipts for w in weeks] == [0, 0, 20, 0]
    assert [w.reserved_out for w in weeks] == [2, 3, 0, 0]
    # 10 - 2 - 4 = 4; 4 - 3 - 4 = -3; -3 + 20 - 5 = 12; 12 - 5 (last forecast repeats) = 7
    assert [w.on_hand for w in weeks] == pytest.approx([4.0, -3.0, 12.0, 7.0])
    assert weeks[0].available == pytest.approx(1.0)  # 3 still reserved for next week
    assert projection.runs_out == date(2026, 11, 30)


def test_projection_without_forecast_or_weeks() -> None:
    flat = project_stock(
        "X", on_hand=3, reservations=[], receipts=[], forecast=[], start=MONDAY, weeks=2
    )
    assert [w.on_hand for w in flat.weeks] == [3.0, 3.0]
    assert flat.runs_out is None
    none = project_stock(
        "X", on_hand=3, reservations=[], receipts=[], forecast=[1.0], start=MONDAY, weeks=-1
    )
    assert none.weeks == ()


def test_overview_over_a_store_with_an_open_order(store: Engine, catalog: Catalog) -> None:
    summary = place_order(
        store,
        catalog=catalog,
        settings=ShopSettings(),
        actor=Actor(1, "anna", Role.CLERK),
        today=TODAY,
        picks={"chassis": "c16", "processor": "r7", "memory": "m32", "accessories": {"mouse": 2}},
    )
    reservations = read_reservations(store)
    assert reservations["ACC-MOUSE"] == [(summary.promised_on, 2)]
    overview = planning_overview(store, catalog, today=TODAY, settings=ShopSettings())
    # the open order is this week's: not history yet, so no demand, and no NaN anywhere
    assert overview.report.history.orders == 0
    mouse = overview.projections["ACC-MOUSE"]
    assert mouse.on_hand == 4
    assert mouse.reserved == 2
    assert sum(w.reserved_out for w in mouse.weeks) == 2
    lines = {line.component: line for line in overview.reorder}
    assert lines["ACC-MOUSE"].reserved == 2
    assert lines["CPU-I9"].on_order == 4
    assert lines["CPU-I9"].days_of_cover is None
    assert overview.buildable == []
