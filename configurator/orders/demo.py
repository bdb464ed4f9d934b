"""A few weeks of recent demo orders in every state, written through the real order flow.

Older history (a year of handed-over orders for the planning views) comes from
`configurator.planning.demo_history`; these recent ones hold real reservations, consumed
parts and movements, so the stock, orders and workshop views show live data. Parts for the
orders already assembled are booked in first as past deliveries, so the demo stock file still
describes today's shelves.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from configurator.catalog.model import Catalog, GroupKind, Picks
from configurator.orders.errors import OrderError
from configurator.orders.lifecycle import advance_order, cancel_order
from configurator.orders.placing import create_quote, place_order
from configurator.orders.promising import PromiseInfo
from configurator.orders.retry import run_write
from configurator.orders.stock import stock_row
from configurator.orders.users import Actor, actor_by_name
from configurator.shop import ShopSettings
from configurator.store.models import Customer, Movement, MovementKind

# (days ago, final state, discount %) for each demo order, oldest first
PLAN: tuple[tuple[int, str, str], ...] = (
    (34, "handed_over", "0"),
    (30, "handed_over", "3"),
    (27, "cancelled", "0"),
    (24, "handed_over", "0"),
    (20, "handed_over", "5"),
    (16, "assembled", "0"),
    (19, "quote_expired", "0"),
    (10, "in_assembly", "0"),
    (8, "ordered", "2"),
    (6, "ordered", "0"),
    (4, "quote", "4"),
    (3, "ordered", "0"),
    (2, "quote", "0"),
    (1, "ordered", "0"),
)


def random_configurations(catalog: Catalog, rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Complete valid configurations, built like a clerk would: group by group, always
    choosing among the options the rule engine still allows (so no dead ends)."""
    from configurator.rules.handover import engine_for

    rules = engine_for(catalog)
    try:
        return [_random_configuration(rules, catalog, rng) for _ in range(count)]
    finally:
        rules.close()


def _random_configuration(rules: Any, catalog: Catalog, rng: random.Random) -> dict[str, Any]:
    """One configuration from an open rule engine (see random_configurations)."""
    picks: dict[str, Any] = {}
    for group in catalog.groups:
        state = rules.state(picks).group(group.id)
        if group.kind is GroupKind.MANY:
            chosen: dict[str, int] = {}
            target = rng.randint(group.min, min(group.max, group.min + 2))
            for _ in range(target):
                picks[group.id] = dict(chosen)
                options = [
                    o.option
                    for o in rules.state(picks).group(group.id).options
                    if o.selectable and o.option is not None
                ]
                if not options:
                    break
                pick = rng.choice(options)
                chosen[pick] = chosen.get(pick, 0) + 1
            picks[group.id] = chosen
        else:
            choices: list[str | None] = list(state.selectable)
            picks[group.id] = rng.choice(choices)
    if not rules.state(picks).complete:  # pragma: no cover - the engine forbids dead ends
        raise OrderError("The demo could not complete a configuration.")
    return picks


def _past_delivery(  # noqa: PLR0917 - private step of the demo seed
    engine: Engine,
    catalog: Catalog,
    bom: Mapping[str, int],
    actor: Actor,
    day: date,
    at: datetime,
) -> None:
    """Book the parts of one past order in as a delivery (one transaction for all of them)."""

    def work(session: Session) -> None:
        for part, qty in sorted(bom.items()):
            bin_ = catalog.components[part].bin
            row = stock_row(session, part, bin_)
            row.on_hand += qty
            session.add(row)
            session.add(
                Movement(
                    at=at,
                    on_day=day,
                    kind=MovementKind.RECEIPT,
                    part=part,
                    bin=bin_,
                    on_hand_delta=qty,
                    user_id=actor.id,
                    reason="delivery (demo history)",
                )
            )

    run_write(engine, work)


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC) + timedelta(minutes=rng.randint(0, 480))


def seed_recent_orders(
    engine: Engine,
    *,
    catalog: Catalog,
    settings: ShopSettings,
    today: date,
    seed: int = 2026,
) -> int:
    """Write the demo's recent quotes and orders; returns how many."""
    rng = random.Random(seed)
    with Session(engine) as session:
        clerks = [actor_by_name(session, n) for n in ("anna", "ben")]
        workshop = actor_by_name(session, "werner")
        manager = actor_by_name(session, "maria")
        customers = [c.id for c in session.exec(select(Customer)).all()]
    written = 0
    configurations = random_configurations(catalog, rng, len(PLAN))
    for (days_ago, final, discount), picks in zip(PLAN, configurations, strict=True):
        day = today - timedelta(days=days_ago)
        clerk = clerks[written % len(clerks)]
        customer = customers[written % len(customers)] if customers else None
        seller = manager if Decimal(discount) > settings.discount_limit_percent else clerk
        if final in ("quote", "quote_expired"):
            create_quote(
                engine,
                catalog=catalog,
                settings=settings,
                picks=picks,
                actor=seller,
                today=day,
                customer_id=customer,
                discount_percent=discount,
                now=_at(day, rng),
            )
        else:
            _order(
                engine,
                catalog,
                settings,
                picks,
                seller,
                workshop,
                day,
                today,
                final,
                customer,
                discount,
                rng,
            )
        written += 1
    return written


def _order(  # noqa: PLR0917 - private step of seed_recent_orders
    engine: Engine,
    catalog: Catalog,
    settings: ShopSettings,
    picks: Picks,
    seller: Actor,
    workshop: Actor,
    day: date,
    today: date,
    final: str,
    customer: int | None,
    discount: str,
    rng: random.Random,
) -> None:
    from configurator.orders.configuration import freeze

    consumed = final in ("assembled", "handed_over")
    if final in ("in_assembly", "assembled", "handed_over"):
        # their parts arrived for them (and for assembled laptops left again): what is
        # available on the shelves stays exactly what the demo stock file says
        _past_delivery(engine, catalog, freeze(catalog, picks).bom, workshop, day, _at(day, rng))
    promise = PromiseInfo(day + timedelta(days=2), day + timedelta(days=3), "demo order")
    if not consumed and final != "cancelled":
        from configurator.orders.promising import estimate_promise

        promise = estimate_promise(
            engine,
            catalog=catalog,
            settings=settings,
            bom=freeze(catalog, picks).bom,
            today=today,
        )
    order = place_order(
        engine,
        catalog=catalog,
        settings=settings,
        actor=seller,
        today=day,
        picks=picks,
        customer_id=customer,
        discount_percent=discount,
        accept_backorder=True,
        promise=promise,
        now=_at(day, rng),
    )
    if final == "cancelled":
        cancel_order(
            engine,
            order.number,
            actor=seller,
            today=day + timedelta(days=1),
            reason="customer chose another model",
            now=_at(day + timedelta(days=1), rng),
        )
        return
    steps = {"ordered": 0, "in_assembly": 1, "assembled": 2, "handed_over": 3}[final]
    for step in range(steps):
        when = day + timedelta(days=2 + step)
        advance_order(
            engine,
            order.number,
            actor=workshop if step < 2 else seller,
            today=when,
            serial_number=f"AUR-{when.year}-D{order.id:05d}" if step == 1 else None,
            now=_at(when, rng),
        )
