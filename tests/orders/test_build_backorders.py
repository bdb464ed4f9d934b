"""A backordered sub-assembly is filled by a delivery of its parts: the reservation moves to
the parts and the build is planned (the order's BOM says what to build from what)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from configurator.catalog.model import Catalog
from configurator.orders.backorders import assemblies_using
from configurator.orders.lifecycle import advance_order
from configurator.orders.placing import place_order
from configurator.orders.stock import receive_goods
from configurator.orders.views import OrderSummary, get_order
from configurator.store.models import Reservation
from tests.orders.shop_fixtures import PICKS, TODAY, actor, settings, stock_of
from tests.orders.test_order_flow import movements_match_stock

OLED = {**PICKS, "screen": "oled"}


def _place(engine: Engine, catalog: Catalog, **kw: object) -> OrderSummary:
    return place_order(
        engine,
        catalog=catalog,
        settings=settings(),
        actor=actor(engine, "clara"),
        today=TODAY,
        picks=OLED,
        **kw,  # type: ignore[arg-type]
    )


def _use_up_the_oled_screens(engine: Engine, catalog: Catalog) -> OrderSummary:
    """The shelf's DSP-OLED and two built from the two panels; the fourth order waits."""
    for _ in range(3):
        _place(engine, catalog)
    waiting = _place(engine, catalog, accept_backorder=True)
    assert waiting.backorder
    assert stock_of(engine, "PNL-OLED") == (2, 2)
    return waiting


def _parts(engine: Engine, number: str) -> dict[tuple[str, str | None], tuple[int, int, int]]:
    return {(p.part, p.parent): (p.qty, p.short, p.built) for p in get_order(engine, number).parts}


def test_assemblies_using_follows_every_level(catalog: Catalog) -> None:
    assert assemblies_using("PNL-OLED", catalog.components) == {"DSP-OLED"}
    assert assemblies_using("BZL-14", catalog.components) == {"DSP-OLED"}
    assert assemblies_using("RAM-8", catalog.components) == set()


def test_a_panel_delivery_builds_the_waiting_screen(engine: Engine, catalog: Catalog) -> None:
    waiting = _use_up_the_oled_screens(engine, catalog)
    assert _parts(engine, waiting.number)[("DSP-OLED", None)] == (1, 1, 0)
    walt = actor(engine, "walt")
    result = receive_goods(engine, part="PNL-OLED", qty=1, actor=walt, today=TODAY, catalog=catalog)
    assert result.served == {}  # nobody waited for the panel itself
    assert [(b.order, b.part, b.units) for b in result.built] == [(waiting.number, "DSP-OLED", 1)]
    parts = _parts(engine, waiting.number)
    assert parts[("DSP-OLED", None)] == (1, 0, 1)  # no longer short: built in-house
    assert parts[("PNL-OLED", "DSP-OLED")] == (1, 0, 0)
    assert parts[("BZL-14", "DSP-OLED")] == (1, 0, 0)
    assert stock_of(engine, "PNL-OLED") == (3, 3)
    assert stock_of(engine, "BZL-14") == (5, 3)
    assert stock_of(engine, "DSP-OLED") == (1, 1)  # the shelf's one, for the first order
    details = get_order(engine, waiting.number)
    assert not details.summary.backorder
    with Session(engine) as session:
        held = session.exec(
            select(Reservation.part, Reservation.qty).where(
                Reservation.order_id == details.summary.id, Reservation.state == "held"
            )
        ).all()
    assert ("PNL-OLED", 1) in held
    assert ("BZL-14", 1) in held
    assert all(part != "DSP-OLED" for part, _qty in held)
    movements_match_stock(engine)
    # The order can go to the workshop now, and assembling consumes the parts.
    advance_order(engine, waiting.number, actor=walt, today=TODAY)
    advance_order(engine, waiting.number, actor=walt, today=TODAY, serial_number="SN-B1")
    assert stock_of(engine, "PNL-OLED") == (2, 2)
    movements_match_stock(engine)


def test_no_build_while_another_part_is_missing(engine: Engine, catalog: Catalog) -> None:
    waiting = _use_up_the_oled_screens(engine, catalog)
    walt = actor(engine, "walt")
    # Take the free bezels away first: a panel alone cannot make a screen.
    from configurator.orders.stock import record_count

    record_count(engine, part="BZL-14", counted=2, reason="damaged", actor=walt, today=TODAY)
    result = receive_goods(engine, part="PNL-OLED", qty=1, actor=walt, today=TODAY, catalog=catalog)
    assert result.built == ()
    assert _parts(engine, waiting.number)[("DSP-OLED", None)] == (1, 1, 0)
    assert stock_of(engine, "PNL-OLED") == (3, 2)  # the new panel stays free
    assert get_order(engine, waiting.number).summary.backorder
    # The bezel arrives: now the screen can be built.
    result = receive_goods(engine, part="BZL-14", qty=1, actor=walt, today=TODAY, catalog=catalog)
    assert [(b.order, b.units) for b in result.built] == [(waiting.number, 1)]
    assert not get_order(engine, waiting.number).summary.backorder
    movements_match_stock(engine)


def test_oldest_waiting_order_is_built_first(engine: Engine, catalog: Catalog) -> None:
    first = _use_up_the_oled_screens(engine, catalog)
    second = _place(engine, catalog, accept_backorder=True)
    walt = actor(engine, "walt")
    result = receive_goods(engine, part="PNL-OLED", qty=1, actor=walt, today=TODAY, catalog=catalog)
    assert [b.order for b in result.built] == [first.number]
    assert get_order(engine, second.number).summary.backorder
    result = receive_goods(engine, part="PNL-OLED", qty=5, actor=walt, today=TODAY, catalog=catalog)
    assert [b.order for b in result.built] == [second.number]
    assert stock_of(engine, "PNL-OLED") == (8, 4)
    movements_match_stock(engine)


def test_the_screen_itself_arriving_still_serves_it_directly(
    engine: Engine, catalog: Catalog
) -> None:
    waiting = _use_up_the_oled_screens(engine, catalog)
    walt = actor(engine, "walt")
    result = receive_goods(engine, part="DSP-OLED", qty=1, actor=walt, today=TODAY, catalog=catalog)
    assert result.served == {waiting.number: 1}
    assert result.built == ()
    assert _parts(engine, waiting.number)[("DSP-OLED", None)] == (1, 0, 0)
    # A later panel delivery finds nobody waiting and stays free.
    after = receive_goods(engine, part="PNL-OLED", qty=1, actor=walt, today=TODAY, catalog=catalog)
    assert after.built == ()
    assert stock_of(engine, "PNL-OLED") == (3, 2)
    movements_match_stock(engine)


def test_without_the_catalog_only_direct_backorders_are_served(
    engine: Engine, catalog: Catalog
) -> None:
    waiting = _use_up_the_oled_screens(engine, catalog)
    result = receive_goods(engine, part="PNL-OLED", qty=1, actor=actor(engine, "walt"), today=TODAY)
    assert result.built == ()
    assert get_order(engine, waiting.number).summary.backorder


def test_queued_builds_take_workshop_minutes(engine: Engine, catalog: Catalog) -> None:
    from configurator.inventory.store_queries import read_booked_minutes
    from configurator.store.database import reader

    calendar = settings().calendar
    first = _place(engine, catalog)  # the shelf's screen: assembly only
    second = _place(engine, catalog)  # a screen built from panel + bezel first
    assert _parts(engine, second.number)[("DSP-OLED", None)] == (1, 0, 1)
    with Session(reader(engine)) as session:
        booked = read_booked_minutes(
            session, assembly_minutes=catalog.assembly_minutes, today=TODAY, calendar=calendar
        )
    build = catalog.components["DSP-OLED"].build_minutes
    assert build == 15
    assert sum(booked.values()) == 2 * catalog.assembly_minutes + build
    assert second.promised_on is not None
    assert booked[second.promised_on] >= catalog.assembly_minutes + build
    assert first.promised_on == TODAY
