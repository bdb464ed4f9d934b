"""Weekly demand history from the store's orders: per option, per component, per configuration.

Demand is what customers ordered, on the day they ordered it: every order that got past the
quote stage counts (ordered, in assembly, assembled, handed over); quotes and cancelled orders
do not. Weeks run Monday to Sunday; the current week is left out because it is not over yet
(a half week would look like a collapse in demand). A week in which the workshop calendar has no
working day at all (a closure) is a gap (None), not a week without demand.

Component demand comes from the bill of material frozen into each order, sub-parts of
assemblies the shop built itself included, so it is the real consumption, per configuration as
ordered. The bucketing is pure (`weekly_history`); `read_daily` is the only SQL: it sums per day
and option, per day and part, per day and configuration in the database.
"""

from __future__ import annotations

from collections import Counter
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


LABEL_GROUPS = 4
"""A configuration's label names the options of the first few single-choice groups."""


def configuration_label(catalog: Catalog, picks: Mapping[str, Any]) -> str:
    """'Aurora 16 · Ryzen 9 HX 370 · 32 GB · RTX 5050' from the picks (first groups only)."""
    from configurator.catalog.model import GroupKind

    names: list[str] = []
    for group in catalog.groups:
        if len(names) >= LABEL_GROUPS:
            break
        value = picks.get(group.id)
        if group.kind is GroupKind.MANY or not isinstance(value, str):
            continue
        if group.has_option(value):
            names.append(group.option(value).label)
    return " · ".join(names)


def option_key(group_id: str, option_id: str) -> str:
    return f"{group_id}={option_id}"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _closed(week: date, calendar: WorkshopCalendar | None) -> bool:
    if calendar is None:
        return False
    return not any(calendar.is_working_day(week + timedelta(days=d)) for d in range(7))


@dataclass(frozen=True, slots=True)
class DailyDemand:
    """Demand per day, already summed: what the store's aggregate queries return.

    `orders` is (day, configuration code) per order day and code with the number of orders;
    `boms` the top-level bill of material of each code's most recent order, `picks` its picks
    (for a readable label)."""

    options: list[tuple[date, str, float]]
    parts: list[tuple[date, str, float]]
    orders: list[tuple[date, str, int]]
    boms: Mapping[str, Mapping[str, int]]
    picks: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def daily_demand(orders: Iterable[OrderedConfiguration]) -> DailyDemand:
    """Single orders (tests, imports) in the shape the store's aggregate queries give."""
    options: list[tuple[date, str, float]] = []
    parts: list[tuple[date, str, float]] = []
    counted: list[tuple[date, str, int]] = []
    boms: dict[str, Mapping[str, int]] = {}
    picks: dict[str, Mapping[str, Any]] = {}
    latest: dict[str, date] = {}
    for order in orders:
        options.extend((order.day, key, float(qty)) for key, qty in order.options)
        parts.extend((order.day, part, float(qty)) for part, qty in order.parts)
        counted.append((order.day, order.code, 1))
        if order.code not in latest or order.day >= latest[order.code]:
            latest[order.code] = order.day
            boms[order.code] = dict(order.bom)
            picks[order.code] = dict(key.partition("=")[::2] for key, _ in order.options)
    return DailyDemand(options, parts, counted, boms, picks)


def weekly_history(
    orders: Iterable[OrderedConfiguration] | DailyDemand,
    *,
    today: date,
    weeks: int | None = None,
    catalog: Catalog | None = None,
    calendar: WorkshopCalendar | None = None,
) -> DemandHistory:
    """Bucket demand into complete weeks before `today`'s week.

    `weeks` limits the history to the most recent weeks (None: from the first order). With a
    catalog, every option and component gets a series, zeros where nothing was ordered, so a
    part without history is visible (and explained) instead of missing.
    """
    daily = orders if isinstance(orders, DailyDemand) else daily_demand(orders)
    end = monday(today)
    days = [day for day, _, _ in daily.orders if day < end]
    notes: list[str] = []
    if weeks is not None and weeks < 0:
        weeks = 0
    if days:
        count = (end - monday(min(days))).days // 7
        if weeks is not None:
            count = min(count, weeks)
    else:
        count = 0
        notes.append("No orders before this week: there is no demand history yet.")
    start = end - timedelta(days=7 * count)
    week_starts = tuple(start + timedelta(days=7 * i) for i in range(count))
    closed = {i for i, w in enumerate(week_starts) if _closed(w, calendar)}

    def index(day: date) -> int | None:
        return (day - start).days // 7 if start <= day < end else None

    # an order on a closed week still counts: that week is open after all
    closed -= {i for day, _, _ in daily.orders if (i := index(day)) is not None}
    if closed:
        notes.append(f"{len(closed)} week(s) with the workshop closed are left out as gaps.")

    def blank() -> list[float | None]:
        return [None if i in closed else 0.0 for i in range(count)]

    options: dict[str, list[float | None]] = {}
    components: dict[str, list[float | None]] = {}
    if catalog is not None:
        for group in catalog.groups:
            for option in group.options:
                options[option_key(group.id, option.id)] = blank()
        for part in catalog.components:
            components[part] = blank()
    for records, series in ((daily.options, options), (daily.parts, components)):
        for day, key, qty in records:
            i = index(day)
            if i is not None:
                row = series.get(key)
                if row is None:
                    row = series[key] = blank()
                row[i] = (row[i] or 0.0) + qty
    units: Counter[str] = Counter()
    for day, code, n in daily.orders:
        if index(day) is not None:
            units[code] += n
    configurations = tuple(
        TopConfiguration(
            code=code,
            units=n,
            bom=dict(daily.boms.get(code, {})),
            label=configuration_label(catalog, daily.picks.get(code, {})) if catalog else "",
        )
        for code, n in sorted(units.items(), key=lambda item: (-item[1], item[0]))
    )
    return DemandHistory(
        weeks=week_starts,
        options=options,
        components=components,
        configurations=configurations,
        orders=sum(units.values()),
        notes=tuple(notes),
    )


def read_daily(session: Session, *, since: date | None = None) -> DailyDemand:
    """Demand per day from the store, summed in SQL (per day and option, per day and part, per
    day and configuration), so years of orders come back as a few thousand rows."""
    from sqlalchemy import func, select

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
    day = order_t.ordered_on
    options = [
        (d, option_key(g, o), float(q))
        for d, g, o, q in rows(
            select(day, line_t.group_id, line_t.option_id, func.sum(line_t.qty))
            .join(orders, order_t.id == line_t.order_id)
            .where(*where, line_t.option_id.is_not(None))
            .group_by(day, line_t.group_id, line_t.option_id)
        )
    ]
    parts = [
        (d, str(p), float(q))
        for d, p, q in rows(
            select(day, part_t.part, func.sum(part_t.qty))
            .join(orders, order_t.id == part_t.order_id)
            .where(*where)
            .group_by(day, part_t.part)
        )
    ]
    code = func.coalesce(func.nullif(order_t.config_code, ""), "order")
    counted = [
        (d, str(c), int(n))
        for d, c, n in rows(select(day, code, func.count()).where(*where).group_by(day, code))
    ]
    latest = rows(select(code, func.max(order_t.id)).where(*where).group_by(code))
    ids = {int(oid): str(c) for c, oid in latest}
    boms: dict[str, dict[str, int]] = {c: {} for c in ids.values()}
    for oid, part, qty in rows(
        select(part_t.order_id, part_t.part, part_t.qty).where(
            part_t.order_id.in_(list(ids)), part_t.parent.is_(None)
        )
    ):
        bom = boms[ids[int(oid)]]
        bom[str(part)] = bom.get(str(part), 0) + int(qty)
    picks = {
        ids[int(oid)]: dict(value or {})
        for oid, value in rows(select(order_t.id, order_t.picks).where(order_t.id.in_(list(ids))))
    }
    return DailyDemand(options, parts, counted, boms, picks)


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
        read_daily(session, since=since),
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
