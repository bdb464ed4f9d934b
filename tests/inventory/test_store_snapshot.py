"""`load_snapshot` and the service on a real store (SQLite file; PostgreSQL when configured),
with stock changed by the real order flow."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from configurator.catalog.model import Catalog
from configurator.inventory.availability import Source
from configurator.inventory.service import AvailabilityService
from configurator.inventory.snapshot import load_snapshot
from configurator.inventory.store_queries import read_booked_minutes
from configurator.inventory.structure import bom_parts
from configurator.orders.placing import place_order
from configurator.rules.bom import bill_of_materials
from configurator.store.database import reader
from configurator.store.models import Receipt, Stock
from tests.orders.shop_fixtures import PICKS, STOCK, TODAY, actor, settings

RTX = {**PICKS, "chassis": "c16", "gpu": "rtx"}


def snapshot_of(engine: Engine):  # type: ignore[no-untyped-def]
    with Session(reader(engine)) as session:
        return load_snapshot(session)


def test_snapshot_reads_stock_and_open_receipts(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(Stock(part="CHS-14", bin="A-09", on_hand=3, reserved=1))
        session.add(
            Receipt(
                part="RAM-8",
                qty=7,
                expected_on=date(2026, 11, 1),
                received=True,
                received_on=date(2026, 11, 2),
            )
        )
        session.commit()
    snap = snapshot_of(engine)
    for part, qty in STOCK.items():
        extra = 3 if part == "CHS-14" else 0
        assert snap.get(part).on_hand == qty + extra, part
    chs = snap.get("CHS-14")
    assert (chs.reserved, chs.available) == (1, 12)
    gpu = snap.get("GPU-RTX")
    assert [(r.qty, r.due, r.supplier_ref) for r in gpu.receipts] == [
        (2, date(2026, 12, 3), "PO-1")
    ]
    assert snap.get("RAM-8").receipts == ()  # received deliveries are stock, not incoming


def test_orders_reserve_and_backorders_wait_for_the_receipt(
    engine: Engine, catalog: Catalog
) -> None:
    common = {"catalog": catalog, "settings": settings(), "actor": actor(engine, "clara")}
    place_order(engine, today=TODAY, picks=PICKS, **common)  # type: ignore[arg-type]
    place_order(engine, today=TODAY, picks=RTX, accept_backorder=True, **common)  # type: ignore[arg-type]
    snap = snapshot_of(engine)
    assert snap.get("CHS-14").reserved == 1
    assert snap.get("RAM-8").reserved == 4  # 2 modules x 2 laptops
    gpu = snap.get("GPU-RTX")
    assert (gpu.on_hand, gpu.reserved, gpu.backordered, gpu.available) == (0, 0, 1, -1)

    service = AvailabilityService(
        catalog, settings().calendar, engine=engine, bom_of=bill_of_materials
    )
    service.refresh(TODAY)
    # The receipt of 2 serves the backorder first, then one more laptop; a third waits for a
    # new supplier order (30 days lead time).
    one = service.configuration(RTX, TODAY)
    assert one.availability.part("GPU-RTX").source is Source.RECEIPT
    assert one.ready == date(2026, 12, 3)
    two = service.configuration(RTX, TODAY, quantity=2)
    assert two.ready == TODAY + timedelta(days=30)
    assert "GPU-RTX" in two.availability.reason


def test_booked_minutes_come_from_queued_orders(engine: Engine, catalog: Catalog) -> None:
    common = {"catalog": catalog, "settings": settings(), "actor": actor(engine, "clara")}
    first = place_order(engine, today=TODAY, picks=PICKS, **common)  # type: ignore[arg-type]
    place_order(engine, today=TODAY, picks=PICKS, **common)  # type: ignore[arg-type]
    with Session(reader(engine)) as session:
        booked = read_booked_minutes(
            session, assembly_minutes=60, today=TODAY, calendar=settings().calendar
        )
    assert first.promised_on == TODAY
    assert booked == {TODAY: 120}
    # Seen from a later day, the unassembled orders still need the workshop (on that day).
    friday = TODAY + timedelta(days=2)
    with Session(reader(engine)) as session:
        later = read_booked_minutes(
            session,
            assembly_minutes=60,
            today=friday + timedelta(days=1),
            calendar=settings().calendar,
        )
    assert later == {friday + timedelta(days=3): 120}  # Saturday -> Monday


def test_a_snapshot_of_just_one_boms_parts(engine: Engine, catalog: Catalog) -> None:
    common = {"catalog": catalog, "settings": settings(), "actor": actor(engine, "clara")}
    place_order(engine, today=TODAY, picks=RTX, accept_backorder=True, **common)  # type: ignore[arg-type]
    bom = bill_of_materials(catalog, {**RTX, "screen": "oled"})
    parts = bom_parts(catalog.components, bom)
    assert parts == set(bom) | {"PNL-OLED", "BZL-14"}
    with Session(reader(engine)) as session:
        some = load_snapshot(session, parts)
    everything = snapshot_of(engine)
    assert set(some) == parts & set(everything)
    for part in parts:
        assert some.get(part) == everything.get(part)
    assert some.get("GPU-RTX").backordered == 1
