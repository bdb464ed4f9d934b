"""Working-day arithmetic over the shop's `WorkshopCalendar` (weekdays, holidays, capacity).

Supplier lead times are calendar days (a parcel also travels on Saturdays); everything the
workshop does (in-house builds, assembly, handover preparation) counts in working days.
"""

from __future__ import annotations

from datetime import date, timedelta

from configurator.inventory.errors import CalendarError
from configurator.shop import WorkshopCalendar

HORIZON_DAYS = 3 * 366
"""How far ahead any search looks before it gives up with a clear error (no endless loops)."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def check_calendar(calendar: WorkshopCalendar) -> None:
    """Refuse a calendar on which nothing could ever be assembled."""
    if not calendar.working_weekdays:
        raise CalendarError(
            "The workshop calendar has no working weekdays.",
            hint="Set [workshop] working_weekdays in shop.toml, e.g. [0, 1, 2, 3, 4].",
        )
    if not calendar.working_weekdays <= set(range(7)):
        raise CalendarError(
            f"The workshop working weekdays {sorted(calendar.working_weekdays)} are not all "
            "between 0 (Monday) and 6 (Sunday).",
            hint="Fix [workshop] working_weekdays in shop.toml.",
        )
    if calendar.minutes_per_day <= 0:
        raise CalendarError(
            "The workshop has no assembly time per day "
            f"({calendar.hours_per_day} hours x {calendar.assemblers} assemblers).",
            hint="Set [workshop] hours_per_day and assemblers in shop.toml to positive numbers.",
        )
    if calendar.handover_days < 0:
        raise CalendarError(
            f"The workshop handover_days is {calendar.handover_days}; it cannot be negative.",
            hint="Set [workshop] handover_days in shop.toml to 0 or more.",
        )


def next_working_day(calendar: WorkshopCalendar, day: date) -> date:
    """The first working day on or after `day`."""
    current = day
    for _ in range(HORIZON_DAYS):
        if calendar.is_working_day(current):
            return current
        current += timedelta(days=1)
    raise CalendarError(
        f"The workshop calendar has no working day within {HORIZON_DAYS} days after {day}.",
        hint="Check [workshop] working_weekdays and holidays in shop.toml.",
    )


def add_working_days(calendar: WorkshopCalendar, day: date, days: int) -> date:
    """The `days`-th working day after `day` (0: `day` itself if it is a working day, else the
    next one)."""
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")
    current = next_working_day(calendar, day)
    for _ in range(days):
        current = next_working_day(calendar, current + timedelta(days=1))
    return current


def working_days_between(calendar: WorkshopCalendar, start: date, end: date) -> int:
    """Working days in (start, end]: how many working days `end` lies after `start`."""
    if end <= start:
        return 0
    count = 0
    current = start + timedelta(days=1)
    while current <= end:
        if calendar.is_working_day(current):
            count += 1
        current += timedelta(days=1)
    return count


def build_days(calendar: WorkshopCalendar, minutes: int) -> int:
    """Working days an in-house build of `minutes` takes: whole days, at least one.

    A build is finished at the end of a working day at the earliest, so a 15-minute display
    assembly built from parts in stock today is ready for assembly on the next working day.
    """
    if minutes <= 0:
        return 0
    per_day = calendar.minutes_per_day
    return max(1, -(-minutes // per_day))


def short_date(day: date, today: date | None = None) -> str:
    """'3 Dec' (with the year when it differs from today's): locale-free, for explanations."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    if today is not None and day.year != today.year:
        text += f" {day.year}"
    return text


def day_label(day: date, today: date | None = None) -> str:
    """'Thu 3 Dec' for promise explanations."""
    return f"{_WEEKDAYS[day.weekday()]} {short_date(day, today)}"
