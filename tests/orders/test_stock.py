"""Stock at the counter: receiving, expected deliveries, adjustments, and their refusals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from configurator.catalog.model import Catalog
from configurator.orders.errors import OrderError
from configurator.orders.placing import place_order
from configurator.orders.stock import (
    adjust_stock,
    expect_receipt,
    list_stock,
    receive_goods,
    record_count,
)
from configurator.orders.users import AuthError
from configurator.store.models import AuditLog, Movement, OrderPart, Receipt, SalesOrder
from tests.orders.shop_fixtures import PICKS, TODAY, actor, settings, stock_of


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"part": "RAM-8", "qty": 2.5}, OrderError, "whole number"),
        ({"part": "RAM-8", "qty": True}, OrderError, "whole number"),
        ({"part": "RAM-8", "qty": 0}, OrderError, "between 1 and"),
        ({"part": "RAM-8", "qty": -4}, OrderError, "between 1 and"),
        ({"part": "NOPE", "qty": 1}, OrderError, "no part 'NOPE'"),
        ({"part": "RAM-8", "qty": 1, "receipt_id": 999}, OrderError, "no expected delivery"),
    ],
)
def test_bad_receipts_are_refused_and_write_nothing(
    engine: Engine, kwargs: dict, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        receive_goods(engine, actor=actor(engine, "walt"), today=TODAY, **kwargs)
    assert stock_of(engine, "RAM-8") == (20, 0)
    with Session(engine) as session:
        assert session.exec(select(Movement)).first() is None


def test_receiving_into_a_new_bin_and_listing(engine: Engine) -> None:
    result = receive_goods(
        engine, part="RAM-8", qty=5, actor=actor(engine, "walt"), today=TODAY, bin="OVERFLOW"
    )
    assert (result.bin, result.on_hand, result.served) == ("OVERFLOW", 5, {})
    lines = list_stock(engine, part="RAM-8")
    assert sorted((ln.bin, ln.on_hand) for ln in lines) == [("C-01", 20), ("OVERFLOW", 5)]
    gpu = list_stock(engine, part="GPU-RTX")[0]
    assert (gpu.available, gpu.next_receipt, gpu.next_receipt_qty) == (0, date(2026, 12, 3), 2)


def test_expected_deliveries_must_be_in_the_future(engine: Engine) -> None:
    walt = actor(engine, "walt")
    with pytest.raises(OrderError, match="in the past"):
        expect_receipt(
            engine,
            part="RAM-8",
            qty=3,
            expected_on=date(2026, 11, 1),
            supplier_ref="PO-9",
            actor=walt,
            today=TODAY,
        )
    receipt_id = expect_receipt(
        engine,
        part="RAM-8",
        qty=3,
        expected_on=date(2026, 12, 1),
        supplier_ref="PO-9",
        actor=walt,
        today=TODAY,
    )
    receive_goods(engine, part="RAM-8", qty=3, actor=walt, today=TODAY, receipt_id=receipt_id)
    with Session(engine) as session:
        receipt = session.get(Receipt, receipt_id)
        assert receipt is not None
        assert (receipt.received, receipt.received_on) == (True, TODAY)
    with pytest.raises(OrderError, match="was booked in"):
        receive_goods(engine, part="RAM-8", qty=3, actor=walt, today=TODAY, receipt_id=receipt_id)


def test_adjustment_is_audited_and_checked(engine: Engine, catalog: Catalog) -> None:
    walt = actor(engine, "walt")
    place_order(
        engine,
        catalog=catalog,
        settings=settings(),
        actor=actor(engine, "clara"),
        today=TODAY,
        picks=PICKS,
    )
    with pytest.raises(OrderError, match="needs a reason"):
        adjust_stock(engine, part="RAM-8", counted=5, reason=" ", actor=walt, today=TODAY)
    with pytest.raises(OrderError, match=">= 0"):
        adjust_stock(engine, part="RAM-8", counted=-1, reason="x", actor=walt, today=TODAY)
    with pytest.raises(AuthError, match="may not adjust"):
        adjust_stock(
            engine, part="RAM-8", counted=5, reason="x", actor=actor(engine, "clara"), today=TODAY
        )
    assert (
        adjust_stock(engine, part="RAM-8", counted=17, reason="count", actor=walt, today=TODAY)
        == -3
    )
    assert stock_of(engine, "RAM-8") == (17, 2)
    with Session(engine) as session:
        audit = session.exec(select(AuditLog).where(AuditLog.action == "stock_adjustment")).one()
        move = session.exec(select(Movement).where(Movement.kind == "adjustment")).one()
    assert audit.details == {"old_on_hand": 20, "new_on_hand": 17, "reason": "count"}
    assert (move.on_hand_delta, move.reason) == (-3, "count")


def test_a_count_below_the_reservations_records_the_loss_and_backorders_the_newest(
    engine: Engine, catalog: Catalog
) -> None:
    """RAM-8: 20 on hand; three orders hold 2 each. Counting 3 loses 3 held units: the newest
    order gives up both of its units, the one before it one unit."""
    walt, clara = actor(engine, "walt"), actor(engine, "clara")
    numbers = [
        place_order(
            engine, catalog=catalog, settings=settings(), actor=clara, today=TODAY, picks=PICKS
        ).order_number
        for _ in range(3)
    ]
    with pytest.raises(OrderError, match="needs a reason"):
        record_count(engine, part="RAM-8", counted=3, reason=" ", actor=walt, today=TODAY)
    done = record_count(
        engine, part="RAM-8", counted=3, reason="water damage", actor=walt, today=TODAY
    )
    assert done.change == -17
    assert done.backordered == (numbers[1], numbers[2])
    assert stock_of(engine, "RAM-8") == (3, 3)
    with Session(engine) as session:
        short = {
            number: (backorder, part_short)
            for number, backorder, part_short in session.exec(
                select(SalesOrder.order_number, SalesOrder.backorder, OrderPart.short)
                .join(OrderPart, OrderPart.order_id == SalesOrder.id)  # type: ignore[arg-type]
                .where(OrderPart.part == "RAM-8")
            ).all()
        }
        audit = session.exec(select(AuditLog).where(AuditLog.action == "stock_adjustment")).one()
    assert short == {numbers[0]: (False, 0), numbers[1]: (True, 1), numbers[2]: (True, 2)}
    assert audit.details["backordered"] == [numbers[1], numbers[2]]
    # A delivery serves them like any backorder.
    served = receive_goods(engine, part="RAM-8", qty=3, actor=walt, today=TODAY)
    assert served.served == {numbers[1]: 1, numbers[2]: 2}


def test_lost_stock_is_taken_from_open_orders_only(engine: Engine, catalog: Catalog) -> None:
    """Held reservations are found through the open orders (ordered, in assembly): an order in
    assembly gives up its units like an ordered one, an assembled order's consumed units and a
    cancelled order's released ones are not touched. RAM-8: 20 on hand, 2 per order."""
    from configurator.orders.lifecycle import advance_order, cancel_order

    walt, clara = actor(engine, "walt"), actor(engine, "clara")

    def place() -> str:
        summary = place_order(
            engine, catalog=catalog, settings=settings(), actor=clara, today=TODAY, picks=PICKS
        )
        assert summary.order_number is not None
        return summary.order_number

    assembled, in_assembly, cancelled, ordered = place(), place(), place(), place()
    for step in (None, "SN-LOST-1"):
        advance_order(engine, assembled, actor=walt, today=TODAY, serial_number=step)
    advance_order(engine, in_assembly, actor=walt, today=TODAY)
    cancel_order(engine, cancelled, actor=clara, today=TODAY, reason="changed mind")
    assert stock_of(engine, "RAM-8") == (18, 4)  # the assembled order consumed its two
    done = record_count(engine, part="RAM-8", counted=1, reason="dropped", actor=walt, today=TODAY)
    assert done.change == -17
    assert done.backordered == (in_assembly, ordered)  # both gave up theirs (newest first)
    assert stock_of(engine, "RAM-8") == (1, 1)
    with Session(engine) as session:
        waiting = dict(
            session.exec(
                select(SalesOrder.order_number, OrderPart.short)
                .join(OrderPart, OrderPart.order_id == SalesOrder.id)  # type: ignore[arg-type]
                .where(OrderPart.part == "RAM-8")
            ).all()
        )
    assert waiting == {assembled: 0, in_assembly: 1, cancelled: 0, ordered: 2}
