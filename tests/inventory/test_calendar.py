from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from configurator.inventory.calendar import (
    add_working_days,
    build_days,
    check_calendar,
    day_label,
    next_working_day,
    short_date,
    working_days_between,
)
from configurator.inventory.errors import CalendarError
from configurator.shop import WorkshopCalendar

from .factory import CALENDAR, FRI, MON, SAT, THU, TUE, WED


def test_next_working_day_skips_weekend_and_holidays() -> None:
    assert next_working_day(CALENDAR, WED) == WED
    assert next_working_day(CALENDAR, SAT) == MON
    # 24-26 Dec 2026 are holidays (Thu-Sat), 27 Dec is a Sunday.
    assert next_working_day(CALENDAR, date(2026, 12, 24)) == date(2026, 12, 28)


def test_add_working_days_counts_only_working_days() -> None:
    assert add_working_days(CALENDAR, WED, 0) == WED
    assert add_working_days(CALENDAR, WED, 1) == THU
    assert add_working_days(CALENDAR, THU, 2) == MON
    assert add_working_days(CALENDAR, SAT, 1) == TUE
    assert add_working_days(CALENDAR, date(2026, 12, 23), 1) == date(2026, 12, 28)
    with pytest.raises(ValueError, match="days must be >= 0"):
        add_working_days(CALENDAR, WED, -1)


def test_working_days_between_is_the_inverse_of_add() -> None:
    for start in (WED, FRI, SAT, date(2026, 12, 22)):
        for days in range(8):
            end = add_working_days(CALENDAR, start, days)
            base = next_working_day(CALENDAR, start)
            assert working_days_between(CALENDAR, base, end) == days
    assert working_days_between(CALENDAR, MON, WED) == 0


def test_build_days_are_whole_working_days() -> None:
    assert build_days(CALENDAR, 0) == 0
    assert build_days(CALENDAR, 15) == 1
    assert build_days(CALENDAR, 450) == 1  # 7.5 h x 1 assembler
    assert build_days(CALENDAR, 451) == 2
    two = WorkshopCalendar(hours_per_day=Decimal("7.5"), assemblers=2)
    assert build_days(two, 900) == 1


def test_calendars_without_capacity_are_refused() -> None:
    with pytest.raises(CalendarError, match="no working weekdays"):
        check_calendar(WorkshopCalendar(working_weekdays=frozenset()))
    with pytest.raises(CalendarError, match="no assembly time"):
        check_calendar(WorkshopCalendar(hours_per_day=Decimal("0")))
    with pytest.raises(CalendarError, match="between 0"):
        check_calendar(WorkshopCalendar(working_weekdays=frozenset({7})))
    with pytest.raises(CalendarError, match="handover_days"):
        check_calendar(WorkshopCalendar(handover_days=-1))
    with pytest.raises(CalendarError, match="no working day within"):
        next_working_day(WorkshopCalendar(working_weekdays=frozenset()), WED)


def test_dates_read_naturally() -> None:
    assert short_date(date(2026, 12, 3), WED) == "3 Dec"
    assert short_date(date(2027, 1, 4), WED) == "4 Jan 2027"
    assert day_label(date(2026, 12, 3), WED) == "Thu 3 Dec"
