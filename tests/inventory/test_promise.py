from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.inventory.availability import check_availability
from configurator.inventory.calendar import next_working_day
from configurator.inventory.errors import CalendarError, InventoryError
from configurator.inventory.promise import Limit, QueuedJob, promise, schedule
from configurator.shop import WorkshopCalendar

from .factory import CALENDAR, FRI, MON, SAT, THU, TUE, WED, comp, components, snapshot

# CALENDAR: Mon-Fri, 7.5 h x 1 assembler = 450 minutes a day, handover 1 working day later,
# holidays 24-26 Dec 2026.


def test_parts_in_stock_and_a_free_workshop_assemble_today() -> None:
    result = promise(WED, today=WED, calendar=CALENDAR, minutes=40)
    assert (result.assembly_start, result.assembly_date, result.handover_date) == (WED, WED, THU)
    assert result.limit is Limit.NONE
    assert result.explanation == "All parts in stock: assembly Wed 25 Nov, handover Thu 26 Nov."
    assert dict(result.booked) == {WED: 40}


def test_handover_on_friday_assembly_moves_over_the_weekend() -> None:
    result = promise(FRI, today=FRI, calendar=CALENDAR, minutes=40)
    assert (result.assembly_date, result.handover_date) == (FRI, MON)


def test_parts_arriving_on_saturday_are_assembled_on_monday() -> None:
    result = promise(SAT, today=WED, calendar=CALENDAR, minutes=40)
    assert (result.assembly_date, result.handover_date) == (MON, TUE)
    assert result.limit is Limit.PARTS
    assert "(next working day Mon 30 Nov)" in result.explanation


def test_sales_on_a_weekend_start_on_monday() -> None:
    result = promise(SAT, today=SAT, calendar=CALENDAR, minutes=40)
    assert result.assembly_date == MON
    assert result.limit is Limit.NONE
    assert result.explanation == (
        "All parts in stock; the workshop is closed today: assembly Mon 30 Nov, handover Tue 1 Dec."
    )


def test_christmas_holidays_are_skipped() -> None:
    # Wed 23 Dec: assembly that day, handover skips 24-26 Dec (holidays) and Sunday 27 Dec.
    wed = date(2026, 12, 23)
    assert promise(wed, today=wed, calendar=CALENDAR, minutes=40).handover_date == date(
        2026, 12, 28
    )
    # Parts due on Christmas Eve: assembly Mon 28 Dec, handover Tue 29 Dec.
    late = promise(date(2026, 12, 24), today=wed, calendar=CALENDAR, minutes=40)
    assert (late.assembly_date, late.handover_date) == (date(2026, 12, 28), date(2026, 12, 29))


def test_a_fully_booked_workshop_pushes_the_date() -> None:
    booked = {WED: 450, THU: 430}
    result = promise(WED, today=WED, calendar=CALENDAR, minutes=40, booked=booked)
    # Thursday has 20 free minutes, Friday the other 20: assembled Friday, handed over Monday.
    assert (result.assembly_start, result.assembly_date, result.handover_date) == (THU, FRI, MON)
    assert dict(result.booked) == {THU: 20, FRI: 20}
    assert result.limit is Limit.CAPACITY
    assert result.explanation == (
        "All parts are in stock, but the workshop is fully booked from Wed 25 Nov: "
        "assembly Fri 27 Nov, handover Mon 30 Nov."
    )


def test_capacity_after_late_parts_is_still_capacity() -> None:
    result = promise(THU, today=WED, calendar=CALENDAR, minutes=40, booked={THU: 450})
    assert result.assembly_date == FRI
    assert result.limit is Limit.CAPACITY
    assert result.explanation.startswith("All parts are there by 26 Nov, but the workshop")


def test_a_big_order_spreads_over_several_days() -> None:
    # 12 laptops x 40 min = 480 minutes: 450 on Wednesday, 30 on Thursday.
    result = promise(WED, today=WED, calendar=CALENDAR, minutes=480)
    assert (result.assembly_start, result.assembly_date) == (WED, THU)
    assert result.limit is Limit.NONE  # an empty workshop cannot do it faster


def test_two_assemblers_double_the_capacity() -> None:
    two = WorkshopCalendar(hours_per_day=Decimal("7.5"), assemblers=2, handover_days=2)
    result = promise(WED, today=WED, calendar=two, minutes=480, booked={WED: 400})
    assert result.assembly_date == WED
    assert result.handover_date == FRI


def test_parts_explanation_names_the_waiting_part() -> None:
    parts = components(comp("PNL", "2.8K OLED panel", lead=30))
    availability = check_availability(
        {"PNL": 1},
        components=parts,
        snapshot=snapshot({}, [("PNL", 3, date(2026, 12, 3))]),
        calendar=CALENDAR,
        today=WED,
    )
    result = promise(availability, today=WED, calendar=CALENDAR, minutes=40)
    assert result.limit is Limit.PARTS
    assert result.explanation == (
        "Waiting for 2.8K OLED panel (PNL), due 3 Dec: assembly Thu 3 Dec, handover Fri 4 Dec."
    )


def test_schedule_books_jobs_one_after_the_other() -> None:
    jobs = [QueuedJob(f"o{i}", WED, 200) for i in range(4)]
    promises, load = schedule(jobs, today=WED, calendar=CALENDAR)
    assert [promises[f"o{i}"].assembly_date for i in range(4)] == [WED, WED, THU, THU]
    assert load == {WED: 450, THU: 350}
    nxt = promise(WED, today=WED, calendar=CALENDAR, minutes=200, booked=load)
    assert nxt.assembly_date == FRI


def test_bad_input_is_refused() -> None:
    with pytest.raises(InventoryError, match="Assembly minutes"):
        promise(WED, today=WED, calendar=CALENDAR, minutes=-5)
    with pytest.raises(InventoryError, match="Booked workshop minutes"):
        promise(WED, today=WED, calendar=CALENDAR, minutes=5, booked={WED: -1})
    with pytest.raises(CalendarError, match="no working weekdays"):
        promise(WED, today=WED, calendar=WorkshopCalendar(working_weekdays=frozenset()), minutes=5)
    full = {WED + timedelta(days=i): 450 for i in range(4 * 366)}
    with pytest.raises(CalendarError, match="no free capacity"):
        promise(WED, today=WED, calendar=CALENDAR, minutes=5, booked=full)


# --- properties -----------------------------------------------------------------------

calendars = st.builds(
    WorkshopCalendar,
    working_weekdays=st.frozensets(st.integers(0, 6), min_size=1),
    hours_per_day=st.sampled_from([Decimal("4"), Decimal("7.5"), Decimal("8")]),
    assemblers=st.integers(1, 3),
    holidays=st.frozensets(st.dates(date(2026, 11, 20), date(2027, 1, 31)), max_size=12),
    handover_days=st.integers(0, 3),
)
days = st.dates(date(2026, 11, 20), date(2027, 1, 31))
bookings = st.dictionaries(days, st.integers(0, 1500), max_size=20)


@settings(max_examples=150, deadline=None)
@given(
    cal=calendars,
    today=days,
    ready=days,
    minutes=st.integers(0, 2000),
    extra=st.integers(1, 500),
    booked=bookings,
)
def test_promise_properties(
    *,
    cal: WorkshopCalendar,
    today: date,
    ready: date,
    minutes: int,
    extra: int,
    booked: dict[date, int],
) -> None:
    result = promise(ready, today=today, calendar=cal, minutes=minutes, booked=booked)
    # Assembly on working days, never before today or before the parts.
    assert cal.is_working_day(result.assembly_date)
    assert cal.is_working_day(result.handover_date)
    assert result.assembly_date >= max(today, ready)
    assert result.assembly_start <= result.assembly_date <= result.handover_date
    assert result.assembly_start == next_working_day(cal, result.assembly_start)
    # Never more booked than the capacity, and exactly the minutes needed.
    assert sum(result.booked.values()) == minutes
    for day, used in result.booked.items():
        assert cal.is_working_day(day)
        assert used + booked.get(day, 0) <= max(cal.minutes_per_day, booked.get(day, 0))
    # Monotone: more minutes, later parts, or a busier workshop never give an earlier date.
    more = promise(ready, today=today, calendar=cal, minutes=minutes + extra, booked=booked)
    assert more.assembly_date >= result.assembly_date
    later = promise(
        ready + timedelta(days=extra % 30),
        today=today,
        calendar=cal,
        minutes=minutes,
        booked=booked,
    )
    assert later.assembly_date >= result.assembly_date
    busier = dict(booked)
    busier[result.assembly_date] = busier.get(result.assembly_date, 0) + extra
    assert (
        promise(ready, today=today, calendar=cal, minutes=minutes, booked=busier).assembly_date
        >= result.assembly_date
    )
    # An empty workshop is never slower, and CAPACITY is claimed only when it would be faster.
    free = promise(ready, today=today, calendar=cal, minutes=minutes)
    assert free.assembly_date <= result.assembly_date
    assert (result.limit is Limit.CAPACITY) == (free.assembly_date < result.assembly_date)


def test_a_bare_parts_date_is_explained_by_its_date() -> None:
    result = promise(FRI, today=WED, calendar=CALENDAR, minutes=40)
    assert result.explanation == "Parts there on 27 Nov: assembly Fri 27 Nov, handover Mon 30 Nov."
