"""The promise date of a new order, from the inventory engine (parts through every BOM level,
workshop capacity, orders already queued), read outside the write transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session

from configurator.catalog.model import Catalog
from configurator.orders.errors import OrderError
from configurator.shop import ShopSettings
from configurator.store.database import reader


@dataclass(frozen=True, slots=True)
class PromiseInfo:
    """Planned assembly day, handover day and the reason in plain words."""

    assembly_on: date
    handover_on: date
    reason: str = ""

    def check(self, today: date) -> None:
        if self.assembly_on < today:
            raise OrderError(
                f"The assembly date {self.assembly_on} is in the past (today is {today}).",
                hint="Choose today or a later date.",
            )
        if self.handover_on < self.assembly_on:
            raise OrderError(
                f"The handover date {self.handover_on} is before the assembly date "
                f"{self.assembly_on}."
            )


def estimate_promise(
    engine: Engine,
    *,
    catalog: Catalog,
    settings: ShopSettings,
    bom: Mapping[str, int],
    today: date,
) -> PromiseInfo:
    """When a laptop with this bill of material can be assembled and handed over."""
    from configurator.inventory.availability import check_availability
    from configurator.inventory.promise import build_minutes_of, promise
    from configurator.inventory.snapshot import load_snapshot
    from configurator.inventory.store_queries import read_booked_minutes
    from configurator.inventory.structure import bom_parts

    with Session(reader(engine)) as session:
        # Only this BOM's parts (through made_of): ~10 ms instead of ~80 ms with 5,000 parts.
        snapshot = load_snapshot(session, bom_parts(catalog.components, bom))
        booked = read_booked_minutes(
            session,
            assembly_minutes=catalog.assembly_minutes,
            today=today,
            calendar=settings.calendar,
        )
        session.rollback()
    availability = check_availability(
        bom,
        components=catalog.components,
        snapshot=snapshot,
        calendar=settings.calendar,
        today=today,
    )
    result = promise(
        availability,
        today=today,
        calendar=settings.calendar,
        minutes=catalog.assembly_minutes,
        booked=booked,
        build_minutes=build_minutes_of(catalog),
    )
    return PromiseInfo(result.assembly_date, result.handover_date, result.explanation)
