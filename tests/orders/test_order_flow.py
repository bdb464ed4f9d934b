"""The order flow on a real database: quote, order, reservations, lifecycle, cancel."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from configurator.catalog.model import Catalog
from configurator.orders.errors import InvalidConfigurationError, OrderError, OutOfStockError
from configurator.orders.lifecycle import advance_order, cancel_order
from configurator.orders.placing import create_quote, place_order
from configurator.orders.users import AuthError
from configurator.orders.views import get_order, list_orders
from configurator.store.models import (
    AuditLog,
    Movement,
    OrderPart,
    Reservation,
    SalesOrder,
    Stock,
)
from tests.orders.shop_fixtures import PICKS, TODAY, actor, settings, stock_of


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def movements_match_stock(engine: Engine) -> None:
    """Invariant: the stock of every part equals the sum of its movements (after the opening)."""
    with Session(engine) as session:
        for row in session.exec(select(Stock)).all():
            moved = session.exec(
                select(func.coalesce(func.sum(Movement.reserved_delta), 0)).where(
                    Movement.part == row.part, Movement.bin == row.bin
                )
            ).one()
            assert moved == row.reserved, row.part
            assert 0 <= row.reserved <= row.on_hand


def place(engine: Engine, catalog: Catalog, picks: dict | None = None, **kw: object):  # type: ignore[no-untyped-def]
    return place_order(
        engine,
        catalog=catalog,
        settings=settings(),
        actor=actor(engine, "clara"),
        today=TODAY,
        picks=picks or PICKS,
        **kw,  # type: ignore[arg-type]
    )


def test_quote_is_numbered_priced_and_reserves_nothing(engine: Engine, catalog: Catalog) -> None:
    picks = {**PICKS, "ram": "r32", "acc": {"mouse": 2}}
    quote = create_quote(
        engine,
        catalog=catalog,
        settings=settings(),
        picks=picks,
        actor=actor(engine, "clara"),
        today=TODAY,
    )
    assert quote.number == "Q-2026-00001"
    assert quote.status == "quote"
    assert quote.valid_until == TODAY + timedelta(days=14)
    assert quote.list_price == Decimal("499.00") + Decimal("120.00") + 2 * Decimal("19.90")
    assert quote.total == quote.list_price
    assert quote.vat_amount == (quote.total * Decimal("0.19") / Decimal("1.19")).quantize(
        Decimal("0.01")
    )
    assert stock_of(engine, "RAM-16") == (4, 0)
    assert count(engine, Reservation) == 0
    details = get_order(engine, quote.number)
    assert [(ln.group_id, ln.option_id, ln.qty) for ln in details.lines] == [
        ("chassis", "c14", 1),
        ("screen", "fhd", 1),
        ("ram", "r32", 1),
        ("acc", "mouse", 2),
    ]
    assert {p.part: p.qty for p in details.parts}["RAM-16"] == 2


def test_order_reserves_every_part_and_freezes_the_configuration(
    engine: Engine, catalog: Catalog
) -> None:
    order = place(engine, catalog, {**PICKS, "acc": {"mouse": 1, "bag": 1}})
    assert order.number == "2026-00001"
    assert order.status == "ordered"
    assert not order.backorder
    assert order.promised_on is not None
    assert order.promised_on >= TODAY
    assert order.handover_on is not None
    assert order.handover_on > order.promised_on
    for part, reserved in {
        "CHS-14": 1,
        "DSP-FHD": 1,
        "RAM-8": 2,
        "PSU-65": 1,
        "ACC-BAG": 1,
    }.items():
        assert stock_of(engine, part)[1] == reserved
    details = get_order(engine, order.number)
    assert details.catalog_id == "testshop"
    assert details.catalog_version == catalog.version_hash
    assert details.picks["acc"] == {"mouse": 1, "bag": 1}
    assert all(p.reserved == p.qty for p in details.parts)
    movements_match_stock(engine)


def test_missing_parts_are_named_and_nothing_is_written(engine: Engine, catalog: Catalog) -> None:
    before = {m: count(engine, m) for m in (SalesOrder, Reservation, Movement, OrderPart)}
    picks = {**PICKS, "chassis": "c16", "gpu": "rtx"}
    with pytest.raises(OutOfStockError) as info:
        place(engine, catalog, picks)
    assert "GPU-RTX" in info.value.message
    assert [s.part for s in info.value.shortages] == ["GPU-RTX"]
    assert info.value.shortages[0].due == date(2026, 12, 3)
    assert info.value.backorder_date == date(2026, 12, 3)
    assert {m: count(engine, m) for m in before} == before
    assert stock_of(engine, "CHS-16") == (5, 0)
    # the failed order did not use up a number
    assert place(engine, catalog).number == "2026-00001"


def test_backorder_waits_for_the_delivery_and_is_served_by_it(
    engine: Engine, catalog: Catalog
) -> None:
    from configurator.orders.stock import receive_goods

    picks = {**PICKS, "chassis": "c16", "gpu": "rtx"}
    order = place(engine, catalog, picks, accept_backorder=True)
    assert order.backorder
    assert order.promised_on is not None
    assert order.promised_on > date(2026, 12, 3)
    assert stock_of(engine, "CHS-16") == (5, 1)  # what is there is reserved
    with pytest.raises(OrderError, match="waits for parts"):
        advance_order(engine, order.number, actor=actor(engine, "walt"), today=TODAY)
    result = receive_goods(
        engine,
        part="GPU-RTX",
        qty=2,
        actor=actor(engine, "walt"),
        today=TODAY,
        supplier_ref="PO-1",
    )
    assert result.served == {order.number: 1}
    assert result.receipt_id is not None
    assert stock_of(engine, "GPU-RTX") == (2, 1)
    assert not get_order(engine, order.number).summary.backorder
    advance_order(engine, order.number, actor=actor(engine, "walt"), today=TODAY)
    movements_match_stock(engine)


def test_a_subassembly_out_of_stock_is_built_from_its_parts(
    engine: Engine, catalog: Catalog
) -> None:
    oled = {**PICKS, "screen": "oled"}
    place(engine, catalog, oled)  # takes the one DSP-OLED on the shelf
    second = place(engine, catalog, oled)  # builds one from panel + bezel
    parts = {(p.part, p.parent): p for p in get_order(engine, second.number).parts}
    assert parts[("DSP-OLED", None)].built == 1
    assert parts[("PNL-OLED", "DSP-OLED")].qty == 1
    assert stock_of(engine, "PNL-OLED") == (2, 1)
    assert stock_of(engine, "BZL-14") == (5, 1)
    place(engine, catalog, oled)  # the second panel
    with pytest.raises(OutOfStockError, match="DSP-OLED"):
        place(engine, catalog, oled)


def test_lifecycle_consumes_parts_and_records_the_serial(engine: Engine, catalog: Catalog) -> None:
    order = place(engine, catalog)
    walt = actor(engine, "walt")
    assert advance_order(engine, order.number, actor=walt, today=TODAY).status == "in_assembly"
    with pytest.raises(OrderError, match="serial number"):
        advance_order(engine, order.number, actor=walt, today=TODAY)
    done = advance_order(engine, order.number, actor=walt, today=TODAY, serial_number="SN-1")
    assert done.status == "assembled"
    assert stock_of(engine, "RAM-8") == (18, 0)
    assert stock_of(engine, "CHS-14") == (9, 0)
    handed = advance_order(engine, order.number, actor=actor(engine, "clara"), today=TODAY)
    assert handed.status == "handed_over"
    with pytest.raises(OrderError, match="cannot be advanced"):
        advance_order(engine, order.number, actor=walt, today=TODAY)
    other = place(engine, catalog)
    advance_order(engine, other.number, actor=walt, today=TODAY)
    with pytest.raises(OrderError, match="already on order"):
        advance_order(engine, other.number, actor=walt, today=TODAY, serial_number="SN-1")
    details = get_order(engine, order.number)
    assert details.serial_number == "SN-1"
    assert details.assembled_on == TODAY
    with Session(engine) as session:
        kinds = session.exec(
            select(Movement.kind).where(Movement.order_id == details.summary.id)
        ).all()
    assert set(kinds) == {"reservation", "consumption"}


def test_cancel_releases_reservations_and_is_audited(engine: Engine, catalog: Catalog) -> None:
    order = place(engine, catalog)
    assert stock_of(engine, "RAM-8") == (20, 2)
    with pytest.raises(OrderError, match="reason"):
        cancel_order(engine, order.number, actor=actor(engine, "clara"), today=TODAY, reason=" ")
    cancelled = cancel_order(
        engine, order.number, actor=actor(engine, "clara"), today=TODAY, reason="customer left"
    )
    assert cancelled.status == "cancelled"
    assert stock_of(engine, "RAM-8") == (20, 0)
    with Session(engine) as session:
        audit = session.exec(select(AuditLog).where(AuditLog.action == "cancellation")).one()
        assert audit.entity_id == order.number
        assert audit.details["reason"] == "customer left"
        states = set(session.exec(select(Reservation.state)).all())
    assert states == {"released"}
    with pytest.raises(OrderError, match="already cancelled"):
        cancel_order(engine, order.number, actor=actor(engine, "clara"), today=TODAY, reason="x")
    movements_match_stock(engine)


@pytest.mark.parametrize(
    ("picks", "message"),
    [
        ({**PICKS, "gpu": "rtx"}, "RTX card needs the 16-inch"),
        ({"chassis": "c14"}, "not chosen yet"),
        ({**PICKS, "ram": "r64"}, "no option 'r64'"),
        ({**PICKS, "tpm": "yes"}, "no group 'tpm'"),
        ({**PICKS, "acc": {"mouse": -1}}, "quantity -1"),
        ({**PICKS, "chassis": None}, "cannot be none"),
    ],
)
def test_invalid_configurations_are_refused_before_anything_is_written(
    engine: Engine, catalog: Catalog, picks: dict, message: str
) -> None:
    with pytest.raises(InvalidConfigurationError, match=message):
        place(engine, catalog, picks)
    assert count(engine, SalesOrder) == 0
    assert count(engine, Movement) == 0


def test_a_workshop_user_may_not_sell(engine: Engine, catalog: Catalog) -> None:
    with pytest.raises(AuthError, match="may not order"):
        place_order(
            engine,
            catalog=catalog,
            settings=settings(),
            actor=actor(engine, "walt"),
            today=TODAY,
            picks=PICKS,
        )


def test_quote_becomes_an_order_and_expired_quotes_are_refused(
    engine: Engine, catalog: Catalog
) -> None:
    clara = actor(engine, "clara")
    quote = create_quote(
        engine, catalog=catalog, settings=settings(), picks=PICKS, actor=clara, today=TODAY
    )
    order = place_order(
        engine,
        catalog=catalog,
        settings=settings(),
        actor=clara,
        today=TODAY + timedelta(days=3),
        quote=quote.number,
    )
    assert order.quote_number == quote.number
    assert order.order_number == "2026-00001"
    assert order.status == "ordered"
    assert len(list_orders(engine)) == 1
    with pytest.raises(OrderError, match="not an open quote"):
        place_order(
            engine,
            catalog=catalog,
            settings=settings(),
            actor=clara,
            today=TODAY,
            quote=quote.number,
        )
    old = create_quote(
        engine, catalog=catalog, settings=settings(), picks=PICKS, actor=clara, today=TODAY
    )
    with pytest.raises(OrderError, match="expired"):
        place_order(
            engine,
            catalog=catalog,
            settings=settings(),
            actor=clara,
            today=TODAY + timedelta(days=15),
            quote=old.number,
        )


def test_numbers_are_gap_free_and_restart_each_year(engine: Engine, catalog: Catalog) -> None:
    numbers = []
    for i in range(4):
        numbers.append(place(engine, catalog).number)
        with pytest.raises(InvalidConfigurationError):
            place(engine, catalog, {"chassis": "c14"})
        if i == 1:
            with pytest.raises(OutOfStockError):
                place(engine, catalog, {**PICKS, "chassis": "c16", "gpu": "rtx"})
    assert numbers == [f"2026-0000{i}" for i in range(1, 5)]
    next_year = place_order(
        engine,
        catalog=catalog,
        settings=settings(),
        actor=actor(engine, "clara"),
        today=date(2027, 1, 4),
        picks=PICKS,
    )
    assert next_year.number == "2027-00001"
    with Session(engine) as session:
        assert (
            session.exec(
                select(func.count())
                .select_from(SalesOrder)
                .where(col(SalesOrder.order_number).is_not(None))
            ).one()
            == 5
        )


def test_a_part_added_to_the_catalog_later_is_known_to_the_store(
    engine: Engine, catalog: Catalog
) -> None:
    """The shop edited its catalog (a new keyboard part) after the store was seeded."""
    from dataclasses import replace

    from configurator.catalog.model import Component, Group, GroupKind, Option, PartQty

    keyboard = Group(
        "kbd",
        "Keyboard",
        GroupKind.ONE,
        (Option("de", "German", Decimal("0"), components=(PartQty("KBD-DE"),)),),
    )
    newer = replace(
        catalog,
        groups=(*catalog.groups, keyboard),
        components={**catalog.components, "KBD-DE": Component("KBD-DE", "Keyboard DE", "K-1", 7)},
    )
    picks = {**PICKS, "kbd": "de"}
    quote = create_quote(
        engine,
        catalog=newer,
        settings=settings(),
        picks=picks,
        actor=actor(engine, "clara"),
        today=TODAY,
    )
    assert quote.status == "quote"
    with pytest.raises(OutOfStockError, match="KBD-DE"):
        place(engine, newer, picks)
    order = place(engine, newer, picks, accept_backorder=True)
    assert order.backorder
