"""Quotes and orders: freeze the configuration, reserve every part atomically, number it.

The expensive and fallible work happens before the write transaction (rule engine, prices,
PIN checks, promise date); the transaction itself reads the stock rows it needs, plans the
takes, applies them with conditional updates, takes the next gap-free number and writes the
order, its lines, its frozen bill of material, reservations and movements. Any failure rolls
all of it back: an order exists completely or not at all. On an SQLite file an order planned
before its turn that has to queue is handed to the writer ahead of it, which commits it with
its own in one transaction and one fsync, each order in its own savepoint
(`orders.groupcommit`); its request token keeps it from being placed twice.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import delete
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from configurator.catalog.model import Catalog, Picks
from configurator.orders.allocation import BinStock, PartLine, Plan, parts_to_read
from configurator.orders.audit import AuditAction, record
from configurator.orders.auth import Approval, approve_discount
from configurator.orders.configuration import FrozenConfiguration, freeze
from configurator.orders.errors import OrderError
from configurator.orders.fastplan import StalePlanError, guess_plan, remember, taken
from configurator.orders.groupcommit import Handover, Served, order_by_token, run_planned
from configurator.orders.numbering import next_order_number, next_quote_number
from configurator.orders.ormturn import OrmOrder
from configurator.orders.people import customer_name, customer_name_on
from configurator.orders.pricing import Totals, parse_percent, totals
from configurator.orders.promising import PromiseInfo, estimate_promise
from configurator.orders.records import (
    PreparedOrder,
    PreparedTakes,
    apply_frozen,
    audit_discount,
    insert_lines,
    insert_parts,
    order_values,
    write_reservations,
)
from configurator.orders.reserving import Reserved, later_promise, reserve_parts
from configurator.orders.retry import run_write, run_write_core
from configurator.orders.slices import batch_work
from configurator.orders.stockio import ensure_components
from configurator.orders.users import Actor, require_right
from configurator.orders.views import OrderSummary, find_order, summarize, summary_of
from configurator.shop import ShopSettings
from configurator.store.database import references_checked_by_caller
from configurator.store.models import (
    OrderLine,
    OrderPart,
    OrderStatus,
    SalesOrder,
)

MAX_NOTES = 4000
P = ParamSpec("P")
R = TypeVar("R")


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def _check_notes(notes: str) -> str:
    if len(notes) > MAX_NOTES:
        raise OrderError(f"Notes are limited to {MAX_NOTES} characters, got {len(notes)}.")
    return notes


def create_quote(
    engine: Engine,
    *,
    catalog: Catalog,
    settings: ShopSettings,
    picks: Picks,
    actor: Actor,
    today: date,
    customer_id: int | None = None,
    discount_percent: Decimal | str | int = Decimal("0"),
    approval: Approval | None = None,
    notes: str = "",
    now: datetime | None = None,
) -> OrderSummary:
    """A numbered quote, valid for `settings.quote_validity_days`; it reserves nothing."""
    require_right(actor, "quote")
    at = _now(now)
    frozen = freeze(catalog, picks)
    percent = parse_percent(discount_percent)
    approver = approve_discount(
        engine,
        percent=percent,
        limit=settings.discount_limit_percent,
        actor=actor,
        approval=approval,
        now=at,
    )
    priced = totals(frozen.list_price, percent, settings.vat_rate)
    _check_notes(notes)

    def work(session: Session) -> OrderSummary:
        customer_name(session, customer_id)
        order = SalesOrder(
            **order_values(
                frozen,
                priced,
                actor,
                today,
                at,
                settings,
                customer_id,
                approver,
                notes,
                status=OrderStatus.QUOTE,
            )
        )
        ensure_components(session, catalog, set(frozen.bom))
        order.quote_number = next_quote_number(session, today.year)
        session.add(order)
        session.flush()
        assert order.id is not None
        insert_lines(session, order.id, frozen.lines)
        insert_parts(
            session, order.id, tuple(PartLine(p, q) for p, q in sorted(frozen.bom.items()))
        )
        if percent:
            audit_discount(session, order, actor, approver, at)
        return summarize(session, order)

    return run_write(engine, work)


def _batch_work(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` as batch work for the scheduler, except its write turn
    (`orders.slices`: the writer whose turn it is preempts the others' preparation)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with batch_work():
            return function(*args, **kwargs)

    return wrapper


@_batch_work
def place_order(
    engine: Engine,
    *,
    catalog: Catalog,
    settings: ShopSettings,
    actor: Actor,
    today: date,
    picks: Picks | None = None,
    quote: str | None = None,
    customer_id: int | None = None,
    discount_percent: Decimal | str | int | None = None,
    approval: Approval | None = None,
    accept_backorder: bool = False,
    promise: PromiseInfo | None = None,
    notes: str = "",
    now: datetime | None = None,
    via_orm: bool = False,
) -> OrderSummary:
    """Place an order from `picks`, or turn the quote numbered `quote` into an order.

    Reserves every part (through sub-assemblies the shop builds itself) or raises
    `OutOfStockError` naming the missing parts and the day they are expected; with
    `accept_backorder` it is placed anyway, waiting for them, with the later promise date.
    `promise` defaults to the inventory engine's estimate. `via_orm`: an order planned
    before its turn writes through the ORM session's bulk API (`orders.ormturn`) instead of
    the prepared statements; the same rows, more CPU in the turn (kept to measure the two).
    """
    require_right(actor, "order")
    at = _now(now)
    if (picks is None) == (quote is None):
        raise OrderError("Place an order either from picks or from a quote number, not both.")
    quote_row: SalesOrder | None = None
    if quote is not None:
        quote_row = _read_quote(engine, quote, today)
        if quote_row.catalog_id != catalog.id:
            raise OrderError(
                f"Quote {quote} is for catalog {quote_row.catalog_id!r}, "
                f"not the current {catalog.id!r}.",
                hint="Configure the laptop again in the current catalog.",
            )
        picks = quote_row.picks
        if customer_id is None:
            customer_id = quote_row.customer_id
    assert picks is not None
    frozen = freeze(catalog, picks)
    if discount_percent is None:
        percent = quote_row.discount_percent if quote_row is not None else Decimal("0")
    else:
        percent = parse_percent(discount_percent)
    kept_approval = (
        quote_row is not None
        and percent == quote_row.discount_percent
        and quote_row.discount_approved_by is not None
    )
    approver = (
        quote_row.discount_approved_by
        if kept_approval and quote_row is not None
        else approve_discount(
            engine,
            percent=percent,
            limit=settings.discount_limit_percent,
            actor=actor,
            approval=approval,
            now=at,
        )
    )
    priced = totals(frozen.list_price, percent, settings.vat_rate)
    _check_notes(notes)
    if promise is None:
        promise = estimate_promise(
            engine, catalog=catalog, settings=settings, bom=frozen.bom, today=today
        )
    promise.check(today)

    bom = dict(frozen.bom)
    prepared = None
    guess = None
    plan = None
    planned_turn: Callable[[], tuple[dict[str, Any], str | None]] | None = None
    """The write turn of an order planned before it (None: planned inside its turn)."""
    if quote_row is None:  # the row and its lines, converted before the write lock
        values = order_values(
            frozen,
            priced,
            actor,
            today,
            at,
            settings,
            customer_id,
            approver,
            notes,
            status=OrderStatus.ORDERED,
        )
        values["ordered_on"] = today
        values |= {  # final unless a part turns out short inside the turn
            "promised_on": promise.assembly_on,
            "handover_on": promise.handover_on,
            "promise_reason": promise.reason,
        }
        plan = None if percent else guess_plan(engine, bom, catalog.components)
        if plan is not None and via_orm:
            orm = OrmOrder.of(values, frozen.lines, plan, actor=actor, today=today, at=at)
            planned_turn = partial(
                run_write,
                references_checked_by_caller(engine),
                lambda session: _orm_turn(session, orm, customer_id, today),
            )
        elif plan is not None:  # every part whole from its default bin, as far as we know
            guess = PreparedTakes.of(engine.dialect, plan, actor=actor, today=today, at=at)
        prepared = PreparedOrder.of(engine.dialect, values, frozen.lines)
    committed: list[Plan] = []
    handover: Handover | None = None
    """Set when the order may be handed to another writer's commit (`orders.groupcommit`)."""

    def seen(rows: dict[str, list[BinStock]]) -> None:
        remember(engine, rows, catalog.components)

    def planned(
        connection: Connection, token: str | None = None
    ) -> tuple[dict[str, Any], str | None]:
        """The turn of an order planned before it: conditional updates, number, rows. With
        the `token` of its posted request: first whether another writer placed it."""
        assert guess is not None
        order = handover.order if handover is not None else prepared
        assert order is not None
        customer = customer_name_on(connection, customer_id)
        if token is not None:
            found = order_by_token(connection, token)
            if found is not None:
                return order.values | {"id": found[0], "order_number": found[1]}, customer
        if not guess.apply(connection):
            raise StalePlanError  # rolled back; planned inside the turn instead
        row = order.insert(connection, order_number=next_order_number(connection, today.year))
        guess.insert(connection, row["id"])
        return row, customer

    def served(by: Served) -> tuple[dict[str, Any], str | None]:
        """A row committed by the writer ahead of this one (`orders.groupcommit`)."""
        assert handover is not None
        return handover.order.values | {"id": by.order_id, "order_number": by.order_number}, (
            by.customer
        )

    if guess is not None and prepared is not None:
        sibling = references_checked_by_caller(engine)
        if sibling.dialect.name == "sqlite":
            handover = Handover(
                sibling.dialect, prepared, guess, customer_id=customer_id, year=today.year
            )
            planned_turn = partial(run_planned, sibling, handover, planned, served)
        else:
            planned_turn = partial(run_write_core, sibling, planned)
    if planned_turn is not None and plan is not None:
        try:
            row, customer = planned_turn()
        except StalePlanError:
            pass  # the stock moved since it was read: planned inside the turn instead
        else:
            taken(engine, plan.takes)
            return summary_of(row, customer=customer, created_by=actor.name)
    wanted = parts_to_read(bom, catalog.components)  # before the turn it is read in
    token = handover.token if handover is not None else None
    if handover is not None:
        prepared = handover.order  # with the token once posted: the row must carry it

    def work(session: Session) -> OrderSummary:
        customer = customer_name(session, customer_id)
        if token is not None:  # posted, then found stale: unless another writer placed it
            found = order_by_token(session.connection(), token)
            if found is not None:
                assert plan is not None
                committed[:] = [plan]
                return summarize(session, find_order(session, found[1]))
        reserved = reserve_parts(
            session,
            catalog=catalog,
            bom=bom,
            today=today,
            accept_backorder=accept_backorder,
            wanted=wanted,
            seen=seen,
        )
        committed[:] = [reserved.plan]
        final = later_promise(promise, reserved.backorder_date, settings)
        if prepared is None:
            assert quote_row is not None
            return _convert_quote(
                session,
                quote_row,
                frozen=frozen,
                priced=priced,
                reserved=reserved,
                final=final,
                actor=actor,
                approver=approver,
                customer_id=customer_id,
                notes=notes,
                today=today,
                at=at,
                audit=bool(percent) and not kept_approval,
            )
        row = prepared.insert(
            session.connection(),
            backorder=bool(reserved.plan.short),
            promised_on=final.assembly_on,
            handover_on=final.handover_on,
            promise_reason=final.reason,
            order_number=next_order_number(session, today.year),
        )
        insert_parts(session, row["id"], reserved.plan.lines)
        write_reservations(session, row["id"], reserved.plan, actor=actor, today=today, at=at)
        if percent:
            audit_discount(session, row, actor, approver, at)
        return summary_of(row, customer=customer, created_by=actor.name)

    result = run_write(engine, work)
    taken(engine, committed[0].takes)
    return result


def _orm_turn(
    session: Session, orm: OrmOrder, customer_id: int | None, today: date
) -> tuple[dict[str, Any], str | None]:
    """The turn of an order planned before it, through the ORM session (`orders.ormturn`)."""
    customer = customer_name(session, customer_id)
    if not orm.apply(session):
        raise StalePlanError  # rolled back; planned inside the turn instead
    return orm.insert(session, year=today.year), customer


def _convert_quote(
    session: Session,
    quote_row: SalesOrder,
    *,
    frozen: FrozenConfiguration,
    priced: Totals,
    reserved: Reserved,
    final: PromiseInfo,
    actor: Actor,
    approver: int | None,
    customer_id: int | None,
    notes: str,
    today: date,
    at: datetime,
    audit: bool,
) -> OrderSummary:
    """The quote's own row becomes the order (its number stays as the quote number)."""
    order = find_order(session, quote_row.quote_number or f"#{quote_row.id}", for_update=True)
    _check_still_quote(order, quote_row)
    old_total = order.total
    apply_frozen(order, frozen, priced, approver, at)
    if old_total != order.total:
        record(
            session,
            action=AuditAction.PRICE_CHANGE,
            entity="order",
            entity_id=order.quote_number or str(order.id),
            user_id=actor.id,
            at=at,
            old_total=old_total,
            new_total=order.total,
            reason="quote turned into an order at current prices",
        )
    if notes:
        order.notes = notes
    order.customer_id = customer_id
    session.execute(delete(OrderLine).where(OrderLine.order_id == order.id))  # type: ignore[arg-type]
    session.execute(delete(OrderPart).where(OrderPart.order_id == order.id))  # type: ignore[arg-type]
    order.status = OrderStatus.ORDERED
    order.ordered_on = today
    order.backorder = bool(reserved.plan.short)
    order.promised_on = final.assembly_on
    order.handover_on = final.handover_on
    order.promise_reason = final.reason
    order.order_number = next_order_number(session, today.year)
    session.add(order)
    session.flush()
    assert order.id is not None
    insert_lines(session, order.id, frozen.lines)
    insert_parts(session, order.id, reserved.plan.lines)
    write_reservations(session, order.id, reserved.plan, actor=actor, today=today, at=at)
    if audit:
        audit_discount(session, order, actor, approver, at)
    return summarize(session, order)


def _read_quote(engine: Engine, number: str, today: date) -> SalesOrder:
    from configurator.store.database import reader

    with Session(reader(engine), expire_on_commit=False) as session:
        order = find_order(session, number)
        session.expunge(order)
        session.rollback()
    if order.status != OrderStatus.QUOTE:
        raise OrderError(
            f"{number} is not an open quote (it is {order.status}).",
            hint="Only quotes can be turned into orders.",
        )
    if order.valid_until < today:
        raise OrderError(
            f"Quote {number} expired on {order.valid_until}.",
            hint="Make a new quote with today's prices and stock.",
        )
    return order


def _check_still_quote(order: SalesOrder, seen: SalesOrder) -> None:
    if order.status != OrderStatus.QUOTE or order.catalog_version != seen.catalog_version:
        raise OrderError(
            f"Quote {order.quote_number} changed while the order was placed "
            f"(it is now {order.status}).",
            hint="Open it again and retry.",
        )
