"""The workshop flow on a real store: queue, start, QC ticks, send-back, finish, trail."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.engine import Engine

from configurator.catalog.model import Catalog, Picks
from configurator.orders.errors import OrderError
from configurator.orders.placing import place_order
from configurator.orders.users import Actor, AuthError
from configurator.planning.workshop import (
    finish_assembly,
    qc_checklist,
    send_back,
    start_assembly,
    tick_qc,
    workshop_history,
)
from configurator.planning.workshop_queue import assembly_queue
from configurator.shop import ShopSettings, WorkshopCalendar
from configurator.store.models import Role

from .conftest import TODAY

CLERK = Actor(1, "anna", Role.CLERK)
WERNER = Actor(2, "werner", Role.WORKSHOP)
BASIC: Picks = {"chassis": "c14", "processor": "r5", "memory": "m16", "accessories": {}}
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
# one assembler with 40 minutes a day for 40-minute laptops: one laptop per working day
SETTINGS = ShopSettings(calendar=WorkshopCalendar(hours_per_day=Decimal("0.67")))


def place(store: Engine, catalog: Catalog, picks: Picks = BASIC) -> str:
    summary = place_order(
        store, catalog=catalog, settings=SETTINGS, actor=CLERK, today=TODAY, picks=picks, now=NOW
    )
    assert summary.order_number is not None
    return summary.order_number


def test_queue_puts_work_in_progress_first_then_promise_date(
    store: Engine, catalog: Catalog
) -> None:
    first, second, third = (place(store, catalog) for _ in range(3))
    start_assembly(store, second, actor=WERNER, today=TODAY, now=NOW)
    queue = assembly_queue(store, catalog=catalog, settings=SETTINGS, today=TODAY)
    assert [e.order_number for e in queue] == [second, first, third]
    assert queue[0].status == "in_assembly"
    assert queue[0].started_by == "werner"
    assert [e.position for e in queue] == [1, 2, 3]
    # one laptop a day: the capacity spreads them over consecutive working days
    assert [e.planned_finish for e in queue] == [
        date(2026, 11, 25),
        date(2026, 11, 26),
        date(2026, 11, 27),
    ]
    assert all(e.minutes == 40 for e in queue)


def test_qc_round_pass_and_finish_records_who_and_when(store: Engine, catalog: Catalog) -> None:
    number = place(store, catalog)
    with pytest.raises(OrderError, match="in assembly"):
        tick_qc(store, number, 0, passed=True, catalog=catalog, actor=WERNER, today=TODAY)
    start_assembly(store, number, actor=WERNER, today=TODAY, now=NOW)
    checklist = qc_checklist(store, catalog=catalog, number=number)
    texts = [item.text for item in checklist.items]
    # the assembly sheet's list: the components' checks (chassis, mainboard, adapter) and more
    assert "Hinges open to 180 degrees without noise." in texts
    assert "Adapter charges the laptop." in texts
    assert checklist.round == 1
    assert not checklist.complete
    with pytest.raises(OrderError, match=r"QC item\(s\) 1"):
        finish_assembly(
            store, number, serial_number="SN1", catalog=catalog, actor=WERNER, today=TODAY
        )
    for item in checklist.items:
        result = tick_qc(
            store, number, item.index, passed=True, catalog=catalog, actor=WERNER, today=TODAY
        )
    assert result.complete
    assert result.items[0].by == "werner"
    summary = finish_assembly(
        store, number, serial_number=" SN-0001 ", catalog=catalog, actor=WERNER, today=TODAY
    )
    assert summary.status == "assembled"
    kinds = [e.kind for e in workshop_history(store, number)]
    assert kinds == ["start", *["qc_pass"] * len(texts), "finish"]
    assert workshop_history(store, number)[-1].serial_number == "SN-0001"
    assert all(e.user == "werner" for e in workshop_history(store, number))


def test_failed_check_sends_the_order_back_with_the_reason(store: Engine, catalog: Catalog) -> None:
    number = place(store, catalog)
    start_assembly(store, number, actor=WERNER, today=TODAY, now=NOW)
    tick_qc(store, number, 0, passed=True, catalog=catalog, actor=WERNER, today=TODAY)
    with pytest.raises(OrderError, match="needs a reason"):
        tick_qc(store, number, 1, passed=False, catalog=catalog, actor=WERNER, today=TODAY)
    after = tick_qc(
        store,
        number,
        1,
        passed=False,
        reason="left hinge squeaks",
        catalog=catalog,
        actor=WERNER,
        today=TODAY,
    )
    assert after.status == "ordered"
    assert after.items[1].passed is False
    assert after.items[1].note == "left hinge squeaks"
    history = workshop_history(store, number)
    assert [e.kind for e in history] == ["start", "qc_pass", "qc_fail", "sent_back"]
    assert "left hinge squeaks" in history[-1].text
    # back in the queue, and the next start opens a fresh round
    queue = assembly_queue(store, catalog=catalog, settings=SETTINGS, today=TODAY)
    assert queue[0].status == "ordered"
    start_assembly(store, number, actor=WERNER, today=TODAY)
    fresh = qc_checklist(store, catalog=catalog, number=number)
    assert fresh.round == 2
    assert all(item.passed is None for item in fresh.items)


def test_bad_input_is_refused(store: Engine, catalog: Catalog) -> None:
    number = place(store, catalog)
    with pytest.raises(AuthError):
        start_assembly(store, number, actor=CLERK, today=TODAY)
    with pytest.raises(OrderError, match="no order"):
        start_assembly(store, "2026-99999", actor=WERNER, today=TODAY)
    start_assembly(store, number, actor=WERNER, today=TODAY)
    with pytest.raises(OrderError, match="only an ordered laptop"):
        start_assembly(store, number, actor=WERNER, today=TODAY)
    with pytest.raises(OrderError, match="there is no item 99"):
        tick_qc(store, number, 98, passed=True, catalog=catalog, actor=WERNER, today=TODAY)
    with pytest.raises(OrderError, match="serial number"):
        finish_assembly(
            store, number, serial_number=" ", catalog=catalog, actor=WERNER, today=TODAY
        )
    with pytest.raises(OrderError, match="needs a reason"):
        send_back(store, number, reason="", actor=WERNER, today=TODAY)
    summary = send_back(store, number, reason="waiting for a screw", actor=WERNER, today=TODAY)
    assert summary.status == "ordered"
