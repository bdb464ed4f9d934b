"""Per-option status and date impact, through the service."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from configurator.catalog.model import Catalog, Component, Picks
from configurator.inventory.errors import BomCycleError
from configurator.inventory.options import (
    StockStatus,
    alternatives,
    impact_text,
    option_parts,
    option_status,
)
from configurator.inventory.promise import Limit
from configurator.inventory.service import AvailabilityService
from configurator.inventory.snapshot import StockSnapshot

from .factory import (
    CALENDAR,
    FRI,
    MON,
    THU,
    TUE,
    WED,
    comp,
    components,
    laptop_catalog,
    option,
    simple_bom,
    snapshot,
)

CATALOG = laptop_catalog()


def service(snap: StockSnapshot, booked: dict[date, int] | None = None) -> AvailabilityService:
    return AvailabilityService(CATALOG, CALENDAR, snapshot=snap, booked=booked, bom_of=simple_bom)


def status(group: str, option: str, snap: StockSnapshot):  # type: ignore[no-untyped-def]
    return option_status(
        CATALOG.group(group).option(option),
        components=CATALOG.components,
        snapshot=snap,
        calendar=CALENDAR,
        today=WED,
    )


def test_status_in_stock_low_and_out() -> None:
    snap = snapshot(
        {"CHS-14": 9, "CHS-16": 3, "DSP-FHD": 0, "PNL-OLED": 1, "BZL": 4, "USB": 0},
        [("DSP-FHD", 5, date(2026, 12, 1))],  # before its 7 days' lead time
    )
    assert status("chassis", "c14", snap).text == "in stock"
    low = status("chassis", "c16", snap)
    assert (low.status, low.text, low.limiting) == (StockStatus.LOW, "low: 3 left", ("CHS-16",))
    out = status("screen", "fhd", snap)
    assert (out.status, out.text, out.ready) == (
        StockStatus.OUT,
        "out, back on 1 Dec",
        date(2026, 12, 1),
    )
    built = status("screen", "oled", snap)
    assert (built.status, built.text) == (StockStatus.OUT, "out, built in-house by 26 Nov")
    assert status("extras", "usb", snap).text == "out, lead time 3 days"
    assert status("extras", "dock", snap).text == "out, lead time 14 days"


def test_overdue_deliveries_and_options_without_parts() -> None:
    overdue = snapshot({}, [("USB", 2, date(2026, 11, 20))])
    result = status("extras", "usb", overdue)
    assert (result.status, result.text, result.ready) == (
        StockStatus.LOW,
        "low: delivery overdue",
        WED,
    )
    nothing = option_status(
        option("none"),
        components=CATALOG.components,
        snapshot=overdue,
        calendar=CALENDAR,
        today=WED,
    )
    assert (nothing.status, nothing.text) == (StockStatus.NO_PARTS, "")


def test_low_threshold_scales_with_the_quantity_an_option_takes() -> None:
    parts = {"RAM": comp("RAM", "RAM module", lead=5)}
    from configurator.inventory.options import option_status as check

    two = option("r", {"RAM": 2})
    kwargs = {"components": parts, "calendar": CALENDAR, "today": WED}
    # Two modules a laptop: 8 available cover this one and 3 more -> in stock; 7 does not.
    assert check(two, snapshot=snapshot({"RAM": 8}), **kwargs).status is StockStatus.IN_STOCK  # type: ignore[arg-type]
    assert check(two, snapshot=snapshot({"RAM": 7}), **kwargs).status is StockStatus.LOW  # type: ignore[arg-type]
    assert option_parts(two, 3) == {"RAM": 6}


def test_an_out_sub_assembly_waiting_for_a_part_is_back_when_the_part_is() -> None:
    snap = snapshot({"BZL": 2}, [("PNL-OLED", 1, date(2026, 12, 7))])
    result = status("screen", "oled", snap)
    assert result.text == "out, back on 8 Dec"  # panel due Monday 7 Dec, built that day
    assert result.limiting == ("PNL-OLED",)


def test_alternatives_swap_one_groups_and_add_to_many_groups() -> None:
    picks: Picks = {"chassis": "c14", "extras": {"usb": 4}}
    alts = {(a.group, a.option): a for a in alternatives(CATALOG, picks)}
    assert alts[("chassis", "c14")].current
    assert alts[("chassis", "c16")].picks == {"chassis": "c16", "extras": {"usb": 4}}
    assert alts[("screen", "fhd")].picks == {**picks, "screen": "fhd"}
    assert alts[("extras", "usb")].current  # max_qty 4 reached: nothing to add
    assert alts[("extras", "dock")].picks == {"chassis": "c14", "extras": {"usb": 4, "dock": 1}}
    assert len(alts) == 6


def test_impact_text() -> None:
    assert impact_text(0) == ""
    assert impact_text(1) == "+1 day"
    assert impact_text(4) == "+4 days"
    assert impact_text(-2) == "-2 days"


def test_option_impacts_are_measured_against_the_current_picks() -> None:
    snap = snapshot(
        {"CHS-14": 5, "CHS-16": 0, "DSP-FHD": 5, "PNL-OLED": 0, "BZL": 5, "USB": 10, "DOCK": 1},
        [("CHS-16", 2, date(2026, 12, 1)), ("PNL-OLED", 3, FRI)],
    )
    svc = service(snap)
    picks: Picks = {"chassis": "c14", "screen": "fhd"}
    current = svc.configuration(picks, WED)
    assert current.availability.in_stock
    assert (current.promise.assembly_date, current.handover) == (WED, THU)
    options = svc.options(picks, WED)
    assert options["chassis"]["c14"].current
    assert options["chassis"]["c14"].impact == ""
    # c16 arrives Tue 1 Dec: assembly that day, handover Wed 2 Dec = 6 days after Thu 26 Nov.
    assert options["chassis"]["c16"].handover == date(2026, 12, 2)
    assert options["chassis"]["c16"].impact == "+6 days"
    assert options["chassis"]["c16"].status.text == "out, back on 1 Dec"
    # OLED: panel Friday, display built Friday, there Monday: assembly Mon, handover Tue.
    assert options["screen"]["oled"].handover == TUE
    assert options["screen"]["oled"].delta_days == 5
    assert options["extras"]["usb"].impact == ""
    assert options["extras"]["dock"].status.status is StockStatus.LOW
    # Seen from the OLED configuration, going back to FHD is 5 days earlier.
    back = svc.options({"chassis": "c14", "screen": "oled"}, WED)
    assert back["screen"]["fhd"].impact == "-5 days"


def test_shared_stock_is_netted_across_the_picks() -> None:
    # One dock in stock: a second dock waits for a supplier order (14 days).
    svc = service(snapshot({"CHS-14": 5, "DSP-FHD": 5, "DOCK": 1}))
    picks: Picks = {"chassis": "c14", "screen": "fhd", "extras": {"dock": 1}}
    assert svc.configuration(picks, WED).availability.in_stock
    with_two = {**picks, "extras": {"dock": 2}}
    assert svc.configuration(with_two, WED).ready == WED + timedelta(days=14)


def test_booked_workshop_and_refresh() -> None:
    snap = snapshot({"CHS-14": 5, "DSP-FHD": 5})
    picks: Picks = {"chassis": "c14", "screen": "fhd"}
    svc = service(snap, booked={WED: 450, THU: 450})
    result = svc.configuration(picks, WED)
    assert result.promise.limit is Limit.CAPACITY
    assert (result.promise.assembly_date, result.handover) == (FRI, MON)
    assert "fully booked" in result.explanation
    svc.replace(snapshot({"CHS-14": 0, "DSP-FHD": 5}), booked={})
    assert svc.configuration(picks, WED).ready == WED + timedelta(days=12)
    assert svc.booked == {}
    with pytest.raises(RuntimeError, match="no database"):
        svc.refresh(WED)


def test_memoised_answers_are_the_same_objects() -> None:
    svc = service(snapshot({"CHS-14": 5, "DSP-FHD": 5}))
    bom = {"CHS-14": 1, "DSP-FHD": 1}
    assert svc.check(bom, WED) is svc.check(dict(reversed(bom.items())), WED)
    assert svc.option_status("chassis", "c14", WED) is svc.option_status("chassis", "c14", WED)


def test_a_catalog_with_a_made_of_cycle_is_refused_up_front() -> None:
    from dataclasses import replace

    parts: dict[str, Component] = dict(CATALOG.components)
    parts["BZL"] = comp("BZL", made_of={"DSP-OLED": 1})
    with pytest.raises(BomCycleError, match="DSP-OLED -> BZL -> DSP-OLED"):
        AvailabilityService(replace(CATALOG, components=parts), CALENDAR)


def combo_catalog() -> Catalog:
    """Options without components of their own: the chassis part depends on the colour, as in
    the demo catalog ([[bom]] entries per chassis x colour)."""
    from dataclasses import replace

    from configurator.catalog.model import BomEntry, Group, GroupKind, PartQty

    parts = components(
        *(
            comp(f"CHS-{size}-{col}", f"Chassis {size} {col}", lead=12)
            for size in (14, 16)
            for col in ("SLV", "BLU")
        ),
        comp("SSD", "SSD", lead=3),
    )
    groups = (
        Group("chassis", "Chassis", GroupKind.ONE, (option("c14"), option("c16"))),
        Group("colour", "Colour", GroupKind.ONE, (option("silver"), option("blue"))),
        Group("ssd", "SSD", GroupKind.ONE, (option("s1", {"SSD": 1}),)),
    )
    bom = tuple(
        BomEntry(
            add=(PartQty(f"CHS-{size}-{col}"),),
            when=f"chassis == 'c{size}' and colour == '{name}'",
        )
        for size in (14, 16)
        for col, name in (("SLV", "silver"), ("BLU", "blue"))
    )
    return replace(laptop_catalog(), groups=groups, components=parts, bom=bom)


def test_status_follows_the_parts_an_option_brings_through_bom_entries() -> None:
    from configurator.rules.bom import bill_of_materials

    catalog = combo_catalog()
    snap = snapshot(
        {"CHS-14-SLV": 5, "CHS-16-SLV": 2, "SSD": 9},
        [("CHS-14-BLU", 3, date(2026, 12, 2))],
    )
    svc = AvailabilityService(catalog, CALENDAR, snapshot=snap, bom_of=bill_of_materials)
    options = svc.options({"chassis": "c14", "colour": "silver", "ssd": "s1"}, WED)
    assert options["colour"]["silver"].status.text == "in stock"
    assert options["colour"]["blue"].status.text == "out, back on 2 Dec"
    assert options["colour"]["blue"].status.limiting == ("CHS-14-BLU",)
    assert options["colour"]["blue"].impact == "+7 days"  # handover Thu 26 Nov -> Thu 3 Dec
    assert options["chassis"]["c16"].status.text == "low: 2 left"
    assert options["chassis"]["c14"].status.text == "in stock"
    assert options["ssd"]["s1"].status.text == "in stock"
    # Before the chassis is chosen, a colour brings no part yet: no badge, no impact.
    undecided = svc.options({"colour": "silver"}, WED)
    assert undecided["colour"]["blue"].status.status is StockStatus.NO_PARTS
    assert undecided["colour"]["blue"].impact == ""
    assert undecided["chassis"]["c14"].status.text == "in stock"
