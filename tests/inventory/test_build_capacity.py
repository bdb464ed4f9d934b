"""In-house builds of sub-assemblies are workshop work: the promise books their minutes into
the workshop's capacity, a full workshop delays them, and queued orders' builds count in the
minutes already booked."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.inventory.availability import check_availability
from configurator.inventory.promise import Limit, promise

from .factory import CALENDAR, FRI, MON, THU, WED, comp, components, snapshot

# CALENDAR: Mon-Fri, 450 workshop minutes a day, handover 1 working day after assembly.
PARTS = components(
    comp("CHS", "Chassis 14", lead=12),
    comp("DSP", "Display assembly 14", lead=20, made_of={"PNL": 1, "BZL": 1}, build_minutes=100),
    comp("PNL", "2.8K OLED panel", lead=30),
    comp("BZL", "Bezel 14", lead=5),
)
BUILD_MINUTES = {"DSP": 100}


def _built_display(units: int = 1, today: date = WED):  # type: ignore[no-untyped-def]
    stock = snapshot({"CHS": units, "PNL": units, "BZL": units})
    result = check_availability(
        {"CHS": 1, "DSP": 1} if units == 1 else {"CHS": units, "DSP": units},
        components=PARTS,
        snapshot=stock,
        calendar=CALENDAR,
        today=today,
    )
    assert result.part("DSP").build_units == units
    return result


def test_a_free_workshop_builds_today_and_assembles_tomorrow() -> None:
    availability = _built_display()
    result = promise(
        availability, today=WED, calendar=CALENDAR, minutes=60, build_minutes=BUILD_MINUTES
    )
    # The same dates as without booking the build (the build's own day, then assembly) ...
    plain = promise(availability, today=WED, calendar=CALENDAR, minutes=60)
    assert (result.assembly_date, result.handover_date) == (THU, FRI)
    assert (plain.assembly_date, plain.handover_date) == (THU, FRI)
    # ... but the build's 100 minutes are booked on the day it is done.
    assert dict(result.booked) == {WED: 100, THU: 60}
    assert result.minutes == 160
    assert result.assembly_start == WED
    assert dict(plain.booked) == {THU: 60}


def test_a_fully_booked_build_day_delays_the_build_and_the_assembly() -> None:
    availability = _built_display()
    booked = {WED: 400, THU: 450}  # Wednesday has 50 minutes left, Thursday none
    result = promise(
        availability,
        today=WED,
        calendar=CALENDAR,
        minutes=60,
        booked=booked,
        build_minutes=BUILD_MINUTES,
    )
    # The build takes Wednesday's 50 minutes and 50 on Friday, is ready Monday, assembled then.
    assert dict(result.booked) == {WED: 50, FRI: 50, MON: 60}
    assert result.assembly_date == MON
    assert result.limit is Limit.CAPACITY
    # Counting the build only as a day of lead time would have promised Friday.
    plain = promise(availability, today=WED, calendar=CALENDAR, minutes=60, booked=booked)
    assert plain.assembly_date == FRI


def test_builds_of_several_units_take_several_days() -> None:
    availability = _built_display(units=6)  # 600 build minutes, 450 a day
    result = promise(
        availability, today=WED, calendar=CALENDAR, minutes=360, build_minutes=BUILD_MINUTES
    )
    # Built Wednesday and Thursday, ready Friday (a build is done at the end of its day).
    assert dict(result.booked) == {WED: 450, THU: 150, FRI: 360}
    assert result.assembly_date == FRI


def test_without_a_build_nothing_changes() -> None:
    stock = snapshot({"CHS": 1, "DSP": 1})
    availability = check_availability(
        {"CHS": 1, "DSP": 1}, components=PARTS, snapshot=stock, calendar=CALENDAR, today=WED
    )
    with_builds = promise(
        availability, today=WED, calendar=CALENDAR, minutes=60, build_minutes=BUILD_MINUTES
    )
    plain = promise(availability, today=WED, calendar=CALENDAR, minutes=60)
    assert with_builds == plain


@settings(max_examples=60, deadline=None)
@given(
    loads=st.lists(st.integers(min_value=0, max_value=450), min_size=10, max_size=10),
    units=st.integers(min_value=1, max_value=8),
)
def test_booking_builds_never_promises_earlier_and_never_overbooks(
    loads: list[int], units: int
) -> None:
    availability = _built_display(units=units)
    days = [d for d in (date(2026, 11, 25 + i) for i in range(6)) if d.weekday() < 5]
    days += [date(2026, 12, i) for i in range(1, 5)]
    booked = dict(zip(days, loads, strict=False))
    result = promise(
        availability,
        today=WED,
        calendar=CALENDAR,
        minutes=60 * units,
        booked=booked,
        build_minutes=BUILD_MINUTES,
    )
    plain = promise(availability, today=WED, calendar=CALENDAR, minutes=60 * units, booked=booked)
    assert result.assembly_date >= plain.assembly_date
    assert sum(result.booked.values()) == 60 * units + 100 * units
    for day, minutes in result.booked.items():
        assert booked.get(day, 0) + minutes <= CALENDAR.minutes_per_day
        assert CALENDAR.is_working_day(day)
