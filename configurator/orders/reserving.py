"""Reserving an order's parts inside the write transaction: read the stock rows, plan the
takes through every BOM level, refuse or accept a shortage, apply the conditional updates."""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from configurator.catalog.model import Catalog
from configurator.orders.allocation import BinStock, Plan, parts_to_read, plan_allocation
from configurator.orders.errors import OutOfStockError, Shortage
from configurator.orders.promising import PromiseInfo
from configurator.orders.stockio import coverage, ensure_components, read_bins, reserve
from configurator.shop import ShopSettings


@dataclass(frozen=True, slots=True)
class Reserved:
    plan: Plan
    backorder_date: date | None


def reserve_parts(
    session: Session,
    *,
    catalog: Catalog,
    bom: dict[str, int],
    today: date,
    accept_backorder: bool,
    wanted: Set[str] | None = None,
    seen: Callable[[dict[str, list[BinStock]]], None] | None = None,
) -> Reserved:
    """Plan and apply the takes for `bom`; refuse (nothing written) when short and the clerk
    has not accepted a backorder. `wanted`: `parts_to_read(bom, ...)`, if worked out before
    the transaction; `seen` is called with the stock rows as read (`orders.fastplan`)."""
    if wanted is None:
        wanted = parts_to_read(bom, catalog.components)
    rows = read_bins(session, wanted)
    if seen is not None:
        seen(rows)
    ensure_components(session, catalog, set(wanted - rows.keys()))  # no query when all have stock
    plan = plan_allocation(bom, rows, catalog.components)
    short = plan.short
    backorder_date = None
    if short:
        lead = {p: c.lead_time_days for p, c in catalog.components.items()}
        built = {p for p, c in catalog.components.items() if c.made_of}
        cover = coverage(session, short, lead_times=lead, today=today, built=built)
        backorder_date = max(c.due for c in cover.values())
        if not accept_backorder:
            shortages = tuple(
                Shortage(
                    part=part,
                    name=catalog.components[part].name,
                    needed=bom[part],
                    available=bom[part] - qty,
                    due=cover[part].due,
                    source=cover[part].source,
                    reference=cover[part].reference,
                    lead_days=cover[part].lead_days,
                )
                for part, qty in sorted(short.items())
            )
            raise OutOfStockError(shortages, backorder_date)
    reserve(session, plan.takes)
    return Reserved(plan, backorder_date)


def later_promise(
    promise: PromiseInfo, parts_due: date | None, settings: ShopSettings
) -> PromiseInfo:
    """Push the promise behind the day backordered parts arrive (never earlier)."""
    if parts_due is None or parts_due < promise.assembly_on:
        return promise
    from configurator.inventory.calendar import add_working_days, next_working_day

    assembly = next_working_day(settings.calendar, parts_due + timedelta(days=1))
    handover = add_working_days(settings.calendar, assembly, settings.calendar.handover_days)
    reason = f"backorder: parts expected {parts_due:%d %b %Y}"
    return PromiseInfo(assembly, handover, reason)
