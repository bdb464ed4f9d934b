"""Promise dates: the earliest assembly slot given the parts and the workshop's capacity.

Assembly can start on the first working day on or after both today and the day the parts are
there. From that day on, the order takes the free minutes of each working day (capacity =
hours per day x assemblers, minus the minutes already booked by queued orders) until its
assembly minutes are covered; the day that happens is the assembly date. Handover follows
`handover_days` working days later (QC, burn-in, packing). Weekends and holidays have no
capacity. The result says in plain words whether the parts or the workshop set the date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

from configurator.catalog.model import Catalog
from configurator.inventory.availability import Availability, Source
from configurator.inventory.calendar import (
    HORIZON_DAYS,
    add_working_days,
    check_calendar,
    day_label,
    next_working_day,
    short_date,
)
from configurator.inventory.errors import CalendarError, InventoryError
from configurator.shop import WorkshopCalendar


class Limit(StrEnum):
    """What sets the promise date."""

    NONE = "none"
    """Parts in stock and the workshop has room on the first working day."""
    PARTS = "parts"
    CAPACITY = "capacity"


@dataclass(frozen=True, slots=True)
class Promise:
    """When the laptop can be assembled and handed over, and why not earlier."""

    today: date
    parts_ready: date
    assembly_start: date
    assembly_date: date
    """The working day assembly is finished."""
    handover_date: date
    limit: Limit
    explanation: str
    minutes: int
    booked: Mapping[date, int]
    """Minutes this order takes per working day (to book it into a queue)."""


def _booked_check(booked: Mapping[date, int]) -> None:
    for day, minutes in booked.items():
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
            raise InventoryError(
                f"Booked workshop minutes on {day} are {minutes!r}; they must be whole minutes "
                ">= 0."
            )


def promise(
    parts_ready: date | Availability,
    *,
    today: date,
    calendar: WorkshopCalendar,
    minutes: int,
    booked: Mapping[date, int] | None = None,
    build_minutes: Mapping[str, int] | None = None,
) -> Promise:
    """The promise for an order of `minutes` workshop time whose parts are there on
    `parts_ready` (a date, or an `Availability` whose limiting parts then explain the date).

    With `build_minutes` (part -> workshop minutes to build one unit, the catalog's
    `build_minutes`) and an `Availability`, the in-house builds it chose are workshop work
    too: each is booked into the free minutes from the day its own parts are there (deepest
    sub-assemblies first), is ready the working day after it is finished, and the assembly
    waits for it. So a full workshop delays a build, and the promise books its minutes."""
    check_calendar(calendar)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise InventoryError(f"Assembly minutes must be a whole number >= 0, got {minutes!r}.")
    booked = booked or {}
    _booked_check(booked)
    availability = parts_ready if isinstance(parts_ready, Availability) else None
    ready = parts_ready.ready if isinstance(parts_ready, Availability) else parts_ready
    builds = _builds(availability, build_minutes)
    if builds:
        assert availability is not None
        ready, earliest, start, finish, taken = _plan_with_builds(
            availability, builds, today=today, calendar=calendar, minutes=minutes, booked=booked
        )
        empty_finish = _plan_with_builds(
            availability, builds, today=today, calendar=calendar, minutes=minutes, booked={}
        )[3]
    else:
        earliest = next_working_day(calendar, max(today, ready))
        start, finish, taken = _fill(calendar, earliest, minutes, booked)
        empty_finish = _fill(calendar, earliest, minutes, {})[1] if booked else finish
    handover = add_working_days(calendar, finish, calendar.handover_days)
    if booked and empty_finish < finish:
        limit = Limit.CAPACITY
    elif ready > today:
        limit = Limit.PARTS
    else:
        limit = Limit.NONE
    explanation = _explain(
        limit=limit,
        today=today,
        ready=ready,
        earliest=earliest,
        finish=finish,
        handover=handover,
        availability=availability,
    )
    return Promise(
        today=today,
        parts_ready=ready,
        assembly_start=start,
        assembly_date=finish,
        handover_date=handover,
        limit=limit,
        explanation=explanation,
        minutes=sum(taken.values()) if builds else minutes,
        booked=MappingProxyType(taken),
    )


def build_minutes_of(catalog: Catalog) -> dict[str, int]:
    """Workshop minutes to build one unit of each sub-assembly the shop builds itself."""
    return {
        part: comp.build_minutes or 0 for part, comp in catalog.components.items() if comp.made_of
    }


def _builds(
    availability: Availability | None, build_minutes: Mapping[str, int] | None
) -> dict[str, int]:
    """Workshop minutes of each in-house build the availability chose (deepest last)."""
    if availability is None or build_minutes is None:
        return {}
    return {
        line.part: build_minutes.get(line.part, 0) * line.build_units
        for line in availability.parts
        if line.source is Source.BUILD and line.build_units
    }


def _plan_with_builds(
    availability: Availability,
    builds: Mapping[str, int],
    *,
    today: date,
    calendar: WorkshopCalendar,
    minutes: int,
    booked: Mapping[date, int],
) -> tuple[date, date, date, date, dict[date, int]]:
    """Book the builds, then the assembly: (parts date for the assembly, earliest assembly
    day, first day of workshop work, assembly date, minutes taken per day)."""
    load = dict(booked)
    taken: dict[date, int] = {}
    ready_at: dict[str, date] = {}
    first: date | None = None
    for line in reversed(availability.parts):  # sub-assembly parts come after their parents
        if line.part not in builds:
            continue
        parts = [
            ready_at.get(child.part, child.ready)
            for child in availability.parts
            if line.part in child.needed_for
        ]
        begin = next_working_day(calendar, max([today, *parts]))
        start, done, used = _fill(calendar, begin, builds[line.part], load)
        for day, used_minutes in used.items():
            load[day] = load.get(day, 0) + used_minutes
            taken[day] = taken.get(day, 0) + used_minutes
        first = min(first or start, start)
        ready_at[line.part] = add_working_days(calendar, done, 1) if used else begin
    ready = max(
        (ready_at.get(line.part, line.ready) for line in availability.parts if line.top_level),
        default=today,
    )
    earliest = next_working_day(calendar, max(today, ready))
    start, finish, used = _fill(calendar, earliest, minutes, load)
    for day, used_minutes in used.items():
        taken[day] = taken.get(day, 0) + used_minutes
    return ready, earliest, min(first or start, start), finish, taken


def _fill(
    calendar: WorkshopCalendar, earliest: date, minutes: int, booked: Mapping[date, int]
) -> tuple[date, date, dict[date, int]]:
    """Take free minutes day by day from `earliest`: (first day, last day, minutes per day)."""
    capacity = calendar.minutes_per_day
    taken: dict[date, int] = {}
    remaining = minutes
    start: date | None = None
    day = earliest
    for _ in range(HORIZON_DAYS):
        if calendar.is_working_day(day):
            if remaining == 0:
                return day, day, taken
            free = capacity - booked.get(day, 0)
            if free > 0:
                use = min(free, remaining)
                taken[day] = use
                remaining -= use
                start = start or day
                if remaining == 0:
                    return start, day, taken
        day += timedelta(days=1)
    raise CalendarError(
        f"The workshop has no free capacity within {HORIZON_DAYS} days after {earliest}.",
        hint="Check the queued orders and [workshop] hours_per_day/assemblers in shop.toml.",
    )


def _explain(
    *,
    limit: Limit,
    today: date,
    ready: date,
    earliest: date,
    finish: date,
    handover: date,
    availability: Availability | None,
) -> str:
    assembly = f"assembly {day_label(finish, today)}, handover {day_label(handover, today)}"
    if limit is Limit.CAPACITY:
        parts = (
            "All parts are in stock"
            if ready <= today
            else f"All parts are there by {short_date(ready, today)}"
        )
        return (
            f"{parts}, but the workshop is fully booked from {day_label(earliest, today)}: "
            f"{assembly}."
        )
    if limit is Limit.PARTS:
        why = (
            availability.reason
            if availability is not None
            else f"parts there on {short_date(ready, today)}"
        )
        why = why[0].upper() + why[1:]
        shifted = "" if earliest == ready else f" (next working day {day_label(earliest, today)})"
        return f"{why}{shifted}: {assembly}."
    if earliest > today:
        return f"All parts in stock; the workshop is closed today: {assembly}."
    return f"All parts in stock: {assembly}."


@dataclass(frozen=True, slots=True)
class QueuedJob:
    """An order waiting for the workshop: its key, when its parts are there, its minutes."""

    key: str
    parts_ready: date
    minutes: int


def schedule(
    jobs: Iterable[QueuedJob],
    *,
    today: date,
    calendar: WorkshopCalendar,
    booked: Mapping[date, int] | None = None,
) -> tuple[dict[str, Promise], dict[date, int]]:
    """Book `jobs` one after the other (in the order given, e.g. by order date) and return each
    job's promise and the minutes booked per day afterwards (input for the next promise)."""
    load: dict[date, int] = dict(booked or {})
    promises: dict[str, Promise] = {}
    for job in jobs:
        result = promise(
            job.parts_ready, today=today, calendar=calendar, minutes=job.minutes, booked=load
        )
        promises[job.key] = result
        for day, minutes in result.booked.items():
            load[day] = load.get(day, 0) + minutes
    return promises, load
