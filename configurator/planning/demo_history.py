"""A year of believable order history for the demo store, so the planning views are not empty.

Seeded and deterministic: the same catalog, `today` and seed give the same orders. What makes it
believable rather than uniform noise:

* a pool of valid configurations (every one accepted by the rule engine via `orders.freeze`),
  a few of them far more popular than the rest, so "top configurations" means something;
* options with a popularity of their own that drifts over the year (a new processor gains share,
  an old screen fades), so option series have trends;
* a weekly volume with growth and seasonality (summer lull, back-to-school, Christmas peak),
  orders falling on the workshop's working days with Poisson noise;
* rare options and the parts behind them ordered only now and then: intermittent series.

History orders are written as handed over, with their lines and frozen bill of material but no
reservations or stock movements: their parts left the shop long ago, so today's stock (the sum of
its movements) is not touched. Call it before seeding open orders, so order numbers follow dates.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from configurator.catalog.model import Catalog, GroupKind, PickValue
from configurator.errors import UserError
from configurator.shop import WorkshopCalendar

if TYPE_CHECKING:
    from sqlmodel import Session

    from configurator.orders.configuration import FrozenConfiguration
    from configurator.rules.engine import Engine

SEASON = {1: 0.8, 2: 0.85, 3: 0.95, 4: 0.95, 5: 0.9, 6: 0.85, 7: 0.7, 8: 0.9, 9: 1.25, 10: 1.1}
SEASON |= {11: 1.15, 12: 1.35}
"""Monthly demand factors: summer lull, back to school, Christmas."""
POOL_SIZE = 60
SAMPLE_TRIES = 4000
STALE_TRIES = 200


@dataclass(frozen=True, slots=True)
class _Choice:
    value: str | None
    weight: float
    drift: float

    def at(self, t: float) -> float:
        return self.weight * max(0.05, 1.0 + self.drift * (t - 0.5))


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method; fine for the small daily rates of one shop."""
    limit = math.exp(-lam)
    k = 0
    p = rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _choices(catalog: Catalog, rng: random.Random) -> dict[str, list[_Choice]]:
    """Per "one"/"optional" group: options with a Zipf-like popularity and a yearly drift."""
    result: dict[str, list[_Choice]] = {}
    for group in catalog.groups:
        if group.kind is GroupKind.MANY:
            continue
        ids: list[str | None] = [o.id for o in group.options]
        if group.kind is GroupKind.OPTIONAL:
            ids.append(None)
        default = group.default.id if group.default else None
        rest = [i for i in ids if i != default]
        rng.shuffle(rest)
        ranked = [default, *rest] if default in ids else rest
        result[group.id] = [
            _Choice(value, 1.0 / (rank + 1) ** 1.3, rng.uniform(-0.8, 1.2))
            for rank, value in enumerate(ranked)
        ]
    return result


def _pick_many(catalog: Catalog, group_id: str, rng: random.Random) -> dict[str, int]:
    group = catalog.group(group_id)
    low = group.min
    high = max(low, min(group.max, low + 2))
    wanted = rng.randint(low, high) if low else (1 if rng.random() < 0.45 else 0)
    picks: dict[str, int] = {}
    options = list(group.options)
    weights = [1.0 / (i + 1) for i in range(len(options))]
    for _ in range(wanted * 3):
        if sum(picks.values()) >= wanted:
            break
        option = rng.choices(options, weights)[0]
        if picks.get(option.id, 0) < option.max_qty:
            picks[option.id] = picks.get(option.id, 0) + 1
    return picks


def _sample(
    catalog: Catalog, choices: Mapping[str, list[_Choice]], rng: random.Random
) -> dict[str, PickValue]:
    picks: dict[str, PickValue] = {}
    for group in catalog.groups:
        if group.kind is GroupKind.MANY:
            picks[group.id] = _pick_many(catalog, group.id, rng)
        else:
            options = choices[group.id]
            picks[group.id] = rng.choices(options, [c.weight for c in options])[0].value
    return picks


def _guided_sample(
    engine: Engine, catalog: Catalog, choices: Mapping[str, list[_Choice]], rng: random.Random
) -> dict[str, PickValue] | None:
    """Pick group by group among the options the rule engine still allows (no dead ends), in
    proportion to their popularity; None when a "many" group finds no allowed multiset."""
    picks: dict[str, PickValue] = {}
    for group in catalog.groups:
        if group.kind is GroupKind.MANY:
            for _ in range(20):
                proposal = _pick_many(catalog, group.id, rng)
                if engine.is_satisfiable({**picks, group.id: proposal}):
                    picks[group.id] = proposal
                    break
            else:
                return None
            continue
        candidates = list(choices[group.id])
        while candidates:
            choice = rng.choices(candidates, [c.weight for c in candidates])[0]
            if engine.is_satisfiable({**picks, group.id: choice.value}):
                picks[group.id] = choice.value
                break
            candidates.remove(choice)
        else:
            return None
    return picks


def _pool(
    catalog: Catalog, choices: Mapping[str, list[_Choice]], rng: random.Random
) -> list[tuple[FrozenConfiguration, float]]:
    """Valid configurations with a popularity each (a few far more popular than the rest)."""
    from configurator.orders.configuration import freeze
    from configurator.orders.errors import OrderError

    pool: dict[str, FrozenConfiguration] = {}
    seen: set[str] = set()
    stale = 0  # tries in a row without anything new: a small catalog is exhausted early
    for _ in range(SAMPLE_TRIES):
        if len(pool) >= POOL_SIZE or stale > STALE_TRIES:
            break
        picks = _sample(catalog, choices, rng)
        key = repr(
            sorted(
                (g, sorted(v.items()) if isinstance(v, Mapping) else v) for g, v in picks.items()
            )
        )
        if key in seen:
            stale += 1
            continue
        seen.add(key)
        stale = 0
        try:
            frozen = freeze(catalog, picks)
        except OrderError:
            continue
        pool.setdefault(frozen.config_code, frozen)
    if len(pool) < POOL_SIZE // 2 and stale <= STALE_TRIES:
        # a tightly ruled catalog: few random picks are valid, so let the engine steer
        from configurator.rules.handover import engine_for

        engine = engine_for(catalog)
        try:
            for _ in range(POOL_SIZE):
                guided = _guided_sample(engine, catalog, choices, rng)
                if guided is None:
                    continue
                try:
                    frozen = freeze(catalog, guided)
                except OrderError:
                    continue
                pool.setdefault(frozen.config_code, frozen)
        finally:
            engine.close()
    if not pool:
        raise UserError(
            f"No valid configuration of catalog {catalog.id!r} was found, so no demo history "
            "can be generated.",
            hint="Check the catalog with `configurator catalog check`.",
        )
    ordered = sorted(pool.values(), key=lambda f: f.config_code)
    rng.shuffle(ordered)
    return [(frozen, 1.0 / (rank + 1) ** 0.9) for rank, frozen in enumerate(ordered)]


def _weight_at(
    frozen: FrozenConfiguration, base: float, choices: Mapping[str, list[_Choice]], t: float
) -> float:
    weight = base
    for group_id, options in choices.items():
        picked = frozen.picks.get(group_id)
        for choice in options:
            if choice.value == picked:
                weight *= choice.at(t) / choice.weight
                break
    return weight


def _next_working(calendar: WorkshopCalendar, day: date, days: int) -> date:
    current = day
    moved = 0
    for _ in range(366):
        if moved >= days and calendar.is_working_day(current):
            return current
        current += timedelta(days=1)
        if calendar.is_working_day(current):
            moved += 1
    return current


def generate(
    session: Session,
    catalog: Catalog,
    *,
    today: date,
    seed: int = 2026,
    weeks: int = 52,
    orders_per_week: float = 16.0,
    calendar: WorkshopCalendar | None = None,
    vat_rate: Decimal = Decimal("0.19"),
) -> int:
    """Write `weeks` weeks of handed-over orders ending before `today`'s week; returns how many.

    Needs the store's users (the orders are created by the first clerk) and writes in the
    caller's transaction.
    """
    from sqlalchemy import insert
    from sqlmodel import select

    from configurator.orders.pricing import totals
    from configurator.store.models import (
        Customer,
        OrderLine,
        OrderPart,
        OrderStatus,
        SalesOrder,
        User,
    )
    from configurator.store.seed import sync_components

    if weeks < 1 or orders_per_week <= 0:
        raise UserError(
            f"Demo history needs at least one week and a positive volume, got {weeks} "
            f"week(s) at {orders_per_week} orders per week."
        )
    calendar = calendar or WorkshopCalendar()
    rng = random.Random(seed)
    users = session.exec(select(User).order_by(User.id)).all()  # type: ignore[arg-type]
    if not users:
        raise UserError(
            "The store has no users yet, so the demo history has no one to record orders.",
            hint="Seed the demo users first (configurator init does both).",
        )
    creator = next((u for u in users if u.role == "clerk"), users[0])
    assert creator.id is not None  # rows read back from the store have ids
    customers = [c.id for c in session.exec(select(Customer)).all()]
    sync_components(session, catalog)
    choices = _choices(catalog, rng)
    pool = _pool(catalog, choices, rng)
    start = today - timedelta(days=today.weekday()) - timedelta(days=7 * weeks)
    planned: list[tuple[date, FrozenConfiguration]] = []
    for day_index in range(7 * weeks):
        day = start + timedelta(days=day_index)
        if not calendar.is_working_day(day):
            continue
        t = day_index / (7 * weeks)
        per_day = orders_per_week / max(1, len(calendar.working_weekdays))
        lam = per_day * (0.85 + 0.3 * t) * SEASON[day.month]
        count = _poisson(rng, lam)
        if count:
            weights = [_weight_at(f, w, choices, t) for f, w in pool]
            planned.extend((day, f) for f in rng.choices([f for f, _ in pool], weights, k=count))
    numbers = _reserve_numbers(session, [day.year for day, _ in planned])
    rows: list[dict[str, Any]] = []
    for serial, (day, frozen) in enumerate(planned, start=1):
        money = totals(frozen.list_price, Decimal("0"), vat_rate)
        assembled = _next_working(calendar, day, rng.randint(1, 4))
        handed = _next_working(calendar, assembled, calendar.handover_days)
        if handed >= today:  # history is in the past: late orders were simply quicker
            handed = max(day, today - timedelta(days=1))
            assembled = min(assembled, handed)
        at = datetime.combine(day, time(9, 0), tzinfo=UTC) + timedelta(minutes=rng.randint(0, 540))
        rows.append(
            {
                "order_number": numbers[serial - 1],
                "status": OrderStatus.HANDED_OVER.value,
                "customer_id": rng.choice(customers) if customers and rng.random() < 0.3 else None,
                "created_by": creator.id,
                "created_at": at,
                "quoted_on": day,
                "valid_until": day + timedelta(days=14),
                "ordered_on": day,
                "catalog_id": frozen.catalog_id,
                "catalog_version": frozen.catalog_version,
                "config_code": frozen.config_code,
                "picks": frozen.picks,
                "base_price": frozen.base_price,
                "list_price": money.list_price,
                "discount_percent": money.discount_percent,
                "discount_amount": money.discount_amount,
                "total": money.total,
                "vat_rate": money.vat_rate,
                "vat_amount": money.vat_amount,
                "backorder": False,
                "promised_on": assembled,
                "handover_on": handed,
                "promise_reason": "All parts in stock (demo history).",
                "serial_number": f"AUR-{day.year}-{serial:06d}",
                "assembled_on": assembled,
                "handed_over_on": handed,
                "cancel_reason": "",
                "notes": "",
                "updated_at": datetime.combine(handed, time(17, 0), tzinfo=UTC),
            }
        )
    if not rows:
        return 0
    table = SalesOrder.__table__  # type: ignore[attr-defined]
    ids: list[int] = list(
        session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        ).scalars()
    )
    lines: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    for order_id, (_, frozen) in zip(ids, planned, strict=True):
        for position, line in enumerate(frozen.lines, start=1):
            lines.append(
                {
                    "order_id": order_id,
                    "position": position,
                    "group_id": line.group_id,
                    "group_label": line.group_label,
                    "option_id": line.option_id,
                    "option_label": line.option_label,
                    "qty": line.qty,
                    "unit_price": line.unit_price,
                }
            )
        parts.extend(
            {"order_id": order_id, "part": p, "qty": q, "short": 0, "built": 0}
            for p, q in frozen.bom.items()
        )
    if lines:
        session.execute(insert(OrderLine.__table__), lines)  # type: ignore[attr-defined]
    if parts:
        session.execute(insert(OrderPart.__table__), parts)  # type: ignore[attr-defined]
    session.flush()
    return len(rows)


def _reserve_numbers(session: Session, years: list[int]) -> list[str]:
    """Gap-free order numbers for orders in date order: one counter bump per year.

    The bump is a single upsert that adds the year's count, so the numbers are taken in the
    caller's transaction exactly like `orders.numbering` takes one.
    """
    from sqlalchemy import text

    from configurator.orders.numbering import ORDER_SERIES, order_number

    bump = text(
        "INSERT INTO counter (series, year, value) VALUES (:series, :year, :n) "
        "ON CONFLICT (series, year) DO UPDATE SET value = counter.value + :n "
        "RETURNING value"
    )
    first: dict[int, int] = {}
    for year in sorted(set(years)):
        n = years.count(year)
        last = int(
            session.execute(bump, {"series": ORDER_SERIES, "year": year, "n": n}).scalar_one()
        )
        first[year] = last - n + 1
    numbers: list[str] = []
    for year in years:
        numbers.append(order_number(year, first[year]))
        first[year] += 1
    return numbers
