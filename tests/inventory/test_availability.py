from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pytest

from configurator.catalog.model import Component
from configurator.inventory.availability import Availability, Source, check_availability
from configurator.inventory.errors import BomCycleError, InventoryError, UnknownPartError
from configurator.inventory.snapshot import StockSnapshot
from configurator.inventory.structure import build_structure

from .factory import CALENDAR, FRI, MON, THU, WED, comp, components, snapshot

DISPLAY = components(
    comp("CHS", "Chassis 14", lead=12),
    comp(
        "DSP",
        "Display assembly 14, 2.8K OLED",
        lead=20,
        made_of={"PNL": 1, "BZL": 1},
        build_minutes=15,
    ),
    comp("PNL", "2.8K OLED panel", lead=30),
    comp("BZL", "Bezel 14", lead=5),
)


def check(
    bom: Mapping[str, int],
    snap: StockSnapshot,
    parts: Mapping[str, Component] = DISPLAY,
    today: date = WED,
    quantity: int = 1,
) -> Availability:
    return check_availability(
        bom, components=parts, snapshot=snap, calendar=CALENDAR, today=today, quantity=quantity
    )


def test_everything_in_stock_is_ready_today() -> None:
    result = check({"CHS": 1, "DSP": 1}, snapshot({"CHS": 2, "DSP": 1}))
    assert result.ready == WED
    assert result.in_stock
    assert result.reason == "all parts in stock"
    assert [line.part for line in result.parts] == ["CHS", "DSP"]
    chs = result.part("CHS")
    assert (chs.on_hand, chs.reserved, chs.available, chs.needed, chs.remaining) == (2, 0, 2, 1, 1)
    assert chs.source is Source.STOCK
    with pytest.raises(KeyError):
        result.part("PNL")  # a sub-assembly in stock is not exploded


def test_reserved_units_are_not_available() -> None:
    result = check(
        {"CHS": 1}, snapshot({"CHS": 3}, [("CHS", 5, date(2026, 12, 3))], reserved={"CHS": 3})
    )
    chs = result.part("CHS")
    assert chs.available == 0
    assert chs.source is Source.RECEIPT
    assert result.ready == date(2026, 12, 3)
    assert result.reason == "waiting for Chassis 14 (CHS), due 3 Dec"
    assert chs.next_receipt is not None
    assert chs.next_receipt.qty == 5


def test_receipts_are_taken_in_due_order_until_the_shortfall_is_covered() -> None:
    snap = snapshot(
        {"CHS": 1},
        [
            ("CHS", 1, date(2026, 12, 1)),
            ("CHS", 2, date(2026, 12, 2)),
            ("CHS", 9, date(2026, 12, 4)),
        ],
    )
    assert check({"CHS": 1}, snap).ready == WED
    assert check({"CHS": 2}, snap).ready == date(2026, 12, 1)
    assert check({"CHS": 4}, snap).ready == date(2026, 12, 2)
    assert check({"CHS": 5}, snap).ready == date(2026, 12, 4)
    # More than stock + all receipts: a new supplier order, 12 calendar days.
    over = check({"CHS": 14}, snap)
    assert over.ready == WED + timedelta(days=12)
    assert over.part("CHS").source is Source.LEAD_TIME
    assert over.reason == (
        "waiting for Chassis 14 (CHS): none available or on order, supplier lead time 12 days, "
        "due 7 Dec"
    )


def test_a_new_supplier_order_beats_a_later_receipt() -> None:
    # 12 days lead time is 7 Dec; the receipt is due 20 Dec.
    result = check({"CHS": 1}, snapshot({}, [("CHS", 4, date(2026, 12, 20))]))
    assert result.part("CHS").source is Source.LEAD_TIME
    assert result.ready == date(2026, 12, 7)


def test_backorders_get_the_next_receipt_first() -> None:
    snap = snapshot(
        {"CHS": 1},
        [("CHS", 2, THU), ("CHS", 3, FRI)],
        reserved={"CHS": 1},
        backorders={"CHS": 2},
    )
    # available = 1 - 1 - 2 = -2: the 2 units due Thursday go to the waiting backorder.
    assert check({"CHS": 1}, snap).ready == FRI


def test_overdue_receipts_count_from_today_and_say_so() -> None:
    result = check({"CHS": 1}, snapshot({}, [("CHS", 1, date(2026, 11, 20))]))
    assert result.ready == WED
    assert result.limiting == ()
    assert result.part("CHS").source is Source.RECEIPT
    assert result.part("CHS").describe(WED) == "waiting for Chassis 14 (CHS), overdue since 20 Nov"


def test_out_sub_assembly_is_built_from_parts_in_stock() -> None:
    result = check({"DSP": 1}, snapshot({"PNL": 1, "BZL": 1}))
    dsp = result.part("DSP")
    assert dsp.source is Source.BUILD
    assert (dsp.build_units, dsp.build_days) == (1, 1)
    assert result.ready == THU  # built Wednesday, there for assembly on Thursday
    assert result.part("PNL").needed_for == ("DSP",)
    assert not result.part("PNL").top_level
    assert [line.part for line in result.limiting] == ["DSP"]
    assert result.reason == (
        "Display assembly 14, 2.8K OLED (DSP) is built in-house (1 x, 1 working day), ready 26 Nov"
    )


def test_build_time_counts_working_days_across_the_weekend() -> None:
    result = check({"DSP": 1}, snapshot({"PNL": 1, "BZL": 1}), today=FRI)
    assert result.ready == MON


def test_long_builds_take_several_working_days() -> None:
    parts = dict(DISPLAY)
    parts["DSP"] = comp("DSP", lead=60, made_of={"PNL": 1, "BZL": 1}, build_minutes=200)
    # 3 x 200 = 600 minutes at 450 per day: 2 working days (Wed, Thu), there on Friday.
    result = check({"DSP": 3}, snapshot({"PNL": 3, "BZL": 3}), parts)
    assert result.part("DSP").build_days == 2
    assert result.ready == FRI


def test_sub_assembly_waits_for_its_parts_receipt() -> None:
    result = check({"DSP": 1}, snapshot({"BZL": 5}, [("PNL", 2, date(2026, 12, 3))]))
    assert result.part("DSP").source is Source.BUILD
    assert result.part("PNL").source is Source.RECEIPT
    assert result.ready == date(2026, 12, 4)
    assert [line.part for line in result.limiting] == ["PNL"]
    assert result.reason == (
        "waiting for 2.8K OLED panel (PNL), due 3 Dec, to build Display assembly 14, 2.8K OLED"
    )


def test_sub_assembly_receipt_wins_when_building_is_slower() -> None:
    # Panel only by lead time (30 days); the finished display arrives Friday.
    result = check({"DSP": 1}, snapshot({"BZL": 5}, [("DSP", 1, FRI)]))
    assert result.part("DSP").source is Source.RECEIPT
    assert result.ready == FRI
    with pytest.raises(KeyError):
        result.part("PNL")  # not built, so its parts are not needed


def test_sub_assembly_lead_time_when_building_is_slower() -> None:
    result = check({"DSP": 1}, snapshot({"BZL": 5}))
    # Display lead time 20 days < panel lead time 30 days + build.
    assert result.part("DSP").source is Source.LEAD_TIME
    assert result.ready == WED + timedelta(days=20)


def test_only_the_missing_units_are_built() -> None:
    result = check({"DSP": 3}, snapshot({"DSP": 1, "PNL": 5, "BZL": 5}))
    assert result.part("DSP").build_units == 2
    assert result.part("PNL").needed == 2
    assert result.part("BZL").needed == 2


def test_quantities_multiply_down_the_tree() -> None:
    parts = components(
        comp("TOP", lead=50, made_of={"MID": 2}, build_minutes=10),
        comp("MID", lead=50, made_of={"LEAF": 3}, build_minutes=10),
        comp("LEAF", lead=5),
    )
    result = check({"TOP": 2}, snapshot({"LEAF": 12}), parts)
    assert result.part("TOP").build_units == 2
    assert result.part("MID").needed == 4
    assert result.part("LEAF").needed == 12
    assert result.part("LEAF").source is Source.STOCK
    # LEAF in stock Wed -> MID built Wed, there Thu -> TOP built Thu, there Fri.
    assert result.ready == FRI
    assert result.part("MID").level == 1
    assert result.part("LEAF").level == 2
    # One LEAF fewer: 12 needed, 11 in stock, so LEAF comes by lead time (5 days: Mon 30 Nov),
    # MID is built Monday (there Tue), TOP built Tuesday (there Wed 2 Dec).
    short = check({"TOP": 2}, snapshot({"LEAF": 11}), parts)
    assert short.part("LEAF").ready == MON
    assert short.ready == date(2026, 12, 2)
    assert [line.part for line in short.limiting] == ["LEAF"]


def test_shared_parts_are_netted_once() -> None:
    # One bezel in stock: the BOM line takes it, and the display built in-house needs another.
    result = check({"DSP": 1, "BZL": 1}, snapshot({"PNL": 1, "BZL": 1}))
    bzl = result.part("BZL")
    assert bzl.needed == 2
    assert bzl.top_level
    assert bzl.needed_for == ("DSP",)
    assert bzl.source is Source.LEAD_TIME
    assert result.ready == date(2026, 11, 30) + timedelta(days=1)  # bezel Mon 30 Nov, build
    # With two bezels both needs are covered.
    assert check({"DSP": 1, "BZL": 1}, snapshot({"PNL": 1, "BZL": 2})).ready == THU


def test_parts_shared_by_two_sub_assemblies_are_summed() -> None:
    parts = components(
        comp("A", lead=40, made_of={"S": 2}, build_minutes=5),
        comp("B", lead=40, made_of={"S": 3}, build_minutes=5),
        comp("S", lead=4),
    )
    result = check({"A": 1, "B": 1}, snapshot({"S": 5}), parts)
    assert result.part("S").needed == 5
    assert result.part("S").needed_for == ("A", "B")
    assert result.ready == THU
    assert check({"A": 1, "B": 1}, snapshot({"S": 4}), parts).part("S").source is Source.LEAD_TIME


def test_quantity_scales_the_whole_bom() -> None:
    snap = snapshot({"CHS": 3, "DSP": 3})
    assert check({"CHS": 1, "DSP": 1}, snap, quantity=3).ready == WED
    result = check({"CHS": 1, "DSP": 1}, snap, quantity=4)
    assert result.part("CHS").needed == 4
    assert result.ready > WED


def test_empty_bom_is_ready_today() -> None:
    assert check({}, snapshot()).ready == WED


def test_made_of_cycles_are_refused_with_the_cycle() -> None:
    parts = components(
        comp("A", made_of={"B": 1}), comp("B", made_of={"C": 1}), comp("C", made_of={"A": 1})
    )
    with pytest.raises(BomCycleError, match=r"A -> B -> C -> A"):
        check({"A": 1}, snapshot(), parts)
    with pytest.raises(BomCycleError, match=r"X -> X"):
        build_structure(components(comp("X", made_of={"X": 1})))


def test_made_of_naming_an_undefined_part_is_refused() -> None:
    with pytest.raises(UnknownPartError, match=r"A -> GHOST"):
        build_structure(components(comp("A", made_of={"GHOST": 1})))


def test_bad_boms_are_refused() -> None:
    with pytest.raises(UnknownPartError, match="NOPE"):
        check({"NOPE": 1}, snapshot())
    with pytest.raises(InventoryError, match="asks for 0 x CHS"):
        check({"CHS": 0}, snapshot())
    with pytest.raises(InventoryError, match="number of laptops"):
        check({"CHS": 1}, snapshot(), quantity=0)


def test_a_build_that_ends_up_slower_than_buying_is_bought() -> None:
    """Found by hypothesis: building 2 x P0 looked faster from the top, but once P1 and P2
    (shared with the BOM's own lines) were netted, the build ended on 14 Dec while P0's own
    lead time brings it on 11 Dec. The re-plan buys P0 instead."""
    parts = components(
        comp("P0", lead=16, made_of={"P2": 1, "P1": 2, "P3": 1}, build_minutes=1),
        comp("P1", lead=16, made_of={"P2": 3, "P3": 1}, build_minutes=1),
        comp("P2", lead=15, made_of={"P3": 1}, build_minutes=322),
        comp("P3", lead=0),
    )
    result = check({"P1": 1, "P2": 1, "P0": 3}, snapshot(dict.fromkeys(parts, 1)), parts)
    assert result.part("P0").source is Source.LEAD_TIME
    assert result.ready == WED + timedelta(days=16)
    for line in result.parts:
        if line.source is Source.BUILD:
            assert line.ready <= WED + timedelta(days=line.lead_time_days)


def test_builds_serve_waiting_backorders_first() -> None:
    # One display is backordered: a new order's build makes two, so it needs two panels.
    snap = snapshot({"PNL": 1, "BZL": 5}, [("PNL", 4, date(2026, 12, 3))], backorders={"DSP": 1})
    result = check({"DSP": 1}, snap)
    assert result.part("DSP").build_units == 2
    assert result.part("PNL").needed == 2
    assert result.ready == date(2026, 12, 4)  # the second panel comes with the receipt
    assert check({"DSP": 1}, snapshot({"PNL": 2, "BZL": 5}, backorders={"DSP": 1})).ready == THU
