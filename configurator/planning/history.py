"""Weekly demand history from the store's orders: per option, per component, per configuration.

Demand is what customers ordered, on the day they ordered it: every order that got past the
quote stage counts (ordered, in assembly, assembled, handed over); quotes and cancelled orders
do not. Weeks run Monday to Sunday; the current week is left out because it is not over yet
(a half week would look like a collapse in demand). A week in which the workshop calendar has no
working day at all (a closure) is a gap (None), not a week without demand.

Component demand comes from the bill of material frozen into each order, sub-parts of
assemblies the shop built itself included, so it is the real consumption, per configuration as
ordered. The bucketing is pure (`weekly_history`); `read_orders` is the only SQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from configurator.catalog.model import Catalog
from configurator.planning.buildable import TopConfiguration
from configurator.planning.reorder import StockPosition
from configurator.shop import WorkshopCalendar

if TYPE_CHECKING:
    from sqlmodel import Session

    from configurator.inventory.snapshot import StockSnapshot

DEMAND_STATES = ("ordered", "in_assembly", "assembled", "handed_over")
"""Order states that count as demand (OrderStatus values)."""


@dataclass(frozen=True, slots=True)
class OrderedConfiguration:
    """One order as planning sees it."""

    day: date
    code: str
    options: tuple[tuple[str, int], ...]
    """("group=option", quantity) per picked option."""
    parts: tuple[tuple[str, int], ...]
    """Every part the order takes, sub-parts of in-house builds included."""
    bom: tuple[tuple[str, int], ...]
    """The top-level bill of material (what "buildable now" starts from)."""


@dataclass(frozen=True, slots=True)
class DemandHistory:
    """Weekly series, oldest week first, all the same length as `weeks`."""

    weeks: tuple[date, ...]
    """The Monday of each week."""
    options: Mapping[str, list[float | None]]
    components: Mapping[str, list[float | None]]
    configurations: tuple[TopConfiguration, ...] = ()
    """Every ordered configuration, most units first."""
    orders: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)


def option_key(group_id: str, option_id: str) -> str:
    return f"{group_id}={option_id}"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _closed(week: date, calendar: WorkshopCalendar | None) -> bool:
    if calendar is None:
        return False
    return not any(calendar.is_working_day(week + timedelta(days=d)) for d in range(7))


def weekly_history(
    orders: Iterable[OrderedConfiguration],
    *,
    today: date,
    weeks: int | None = None,
    catalog: Catalog | None = None,
    calendar: WorkshopCalendar | None = None,
) -> DemandHistory:
    """Bucket orders into complete weeks before `today`'s week.

    `weeks` limits the history to the most recent weeks (None: from the first order). With a
    catalog, every option and component gets a series, zeros where nothing was ordered, so a
    part without history is visible (and explained) instead of missing.
    """
    end = monday(today)
    listed = [o for o in orders if o.day < end]
    notes: list[str] = []
    if weeks is not None and weeks < 0:
        weeks = 0
    if listed:
        first = monday(min(o.day for o in listed))
        count = (end - first).days // 7
        if weeks is not None:
            count = min(count, weeks)
    else:
        count = 0
        notes.append("No orders before this week: there is no demand history yet.")
    start = end - timedelta(days=7 * count)
    week_starts = tuple(start + timedelta(days=7 * i) for i in range(count))
    closed = {i for i, w in enumerate(week_starts) if _closed(w, calendar)}
    if closed:
        notes.append(f"{len(closed)} week(s) with the workshop closed are left out as gaps.")

    def blank() -> list[float | None]:
        return [None if i in closed else 0.0 for i in range(count)]

    options: defaultdict[str, list[float | None]] = defaultdict(blank)
    components: defaultdict[str, list[float | None]] = defaultdict(blank)
    if catalog is not None:
        for group in catalog.groups:
            for option in group.options:
                options[option_key(group.id, option.id)]
        for part in catalog.components:
            components[part]
    units: Counter[str] = Counter()
    boms: dict[str, tuple[tuple[str, int], ...]] = {}
    latest: dict[str, date] = {}
    used = 0
    for order in listed:
        if order.day < start:
            continue
        index = (order.day - start).days // 7
        if index in closed:  # an order on a closed week still counts: reopen that week
            closed.discard(index)
            for series in (*options.values(), *components.values()):
                series[index] = 0.0
        used += 1
        for key, qty in order.options:
            options[key][index] = (options[key][index] or 0.0) + qty
        for part, qty in order.parts:
            components[part][index] = (components[part][index] or 0.0) + qty
        units[order.code] += 1
        if order.code not in latest or order.day >= latest[order.code]:
            latest[order.code] = order.day
            boms[order.code] = order.bom
    configurations = tuple(
        TopConfiguration(code=code, units=n, bom=dict(boms[code]))
        for code, n in sorted(units.items(), key=lambda item: (-item[1], item[0]))
    )
    return DemandHistory(
        weeks=week_starts,
        options=dict(options),
        components=dict(components),
        configurations=configurations,
        orders=used,
        notes=tuple(notes),
    )


def read_orders(session: Session, *, since: date | None = None) -> list[OrderedConfiguration]:
    """Orders that count as demand, with their options and parts: three set queries, each
    filtered by status and date in SQL (a shop with years of orders reads only the window)."""
    from sqlalchemy import select

    from configurator.store.models import OrderLine, OrderPart, SalesOrder

    orders = SalesOrder.__table__  # type: ignore[attr-defined]
    order_t = orders.c
    line_t = OrderLine.__table__.c  # type: ignore[attr-defined]
    part_t = OrderPart.__table__.c  # type: ignore[attr-defined]
    conn = session.connection()

    def rows(statement: Any) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in conn.execute(statement)]

    where = [order_t.status.in_(DEMAND_STATES), order_t.ordered_on.is_not(None)]
    if since is not None:
        where.append(order_t.ordered_on >= since)
    heads: dict[int, tuple[date, str]] = {
        int(oid): (day, str(code or ""))
        for oid, day, code in rows(
            select(order_t.id, order_t.ordered_on, order_t.config_code).where(*where)
        )
    }
    options: defaultdict[int, list[tuple[str, int]]] = defaultdict(list)
    for oid, group_id, option_id, qty in rows(
        select(line_t.order_id, line_t.group_id, line_t.option_id, line_t.qty)
        .join(orders, order_t.id == line_t.order_id)
        .where(*where)
    ):
        if oid in heads and option_id is not None:
            options[oid].append((option_key(group_id, option_id), int(qty)))
    parts: defaultdict[int, list[tuple[str, int]]] = defaultdict(list)
    bom: defaultdict[int, list[tuple[str, int]]] = defaultdict(list)
    for oid, part, qty, parent in rows(
        select(part_t.order_id, part_t.part, part_t.qty, part_t.parent)
        .join(orders, order_t.id == part_t.order_id)
        .where(*where)
    ):
        if oid in heads:
            parts[oid].append((str(part), int(qty)))
            if parent is None:
                bom[oid].append((str(part), int(qty)))
    return [
        OrderedConfiguration(
            day=day,
            code=code or f"order-{oid}",
            options=tuple(options[oid]),
            parts=tuple(parts[oid]),
            bom=tuple(bom[oid]),
        )
        for oid, (day, code) in heads.items()
    ]


def load_history(
    session: Session,
    *,
    today: date,
    weeks: int | None = 156,
    catalog: Catalog | None = None,
    calendar: WorkshopCalendar | None = None,
) -> DemandHistory:
    """`weekly_history` over the store's orders (at most the last `weeks` weeks)."""
    since = monday(today) - timedelta(days=7 * weeks) if weeks is not None else None
    return weekly_history(
        read_orders(session, since=since),
        today=today,
        weeks=weeks,
        catalog=catalog,
        calendar=calendar,
    )


def stock_positions(snapshot: StockSnapshot) -> dict[str, StockPosition]:
    """Planning's view of the inventory snapshot: backorders count as reserved."""
    result: dict[str, StockPosition] = {}
    for part in snapshot:
        stock = snapshot.get(part)
        result[part] = StockPosition(
            component=part,
            on_hand=stock.on_hand,
            reserved=stock.reserved + stock.backordered,
            incoming=tuple((r.due, r.qty) for r in stock.receipts),
        )
    return result
