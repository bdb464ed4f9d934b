"""Stock at the counter and in the workshop: list, receive goods, adjust after a count.

Receiving books the goods in and then serves waiting backorders, oldest order first, by
reserving the new units for them. An adjustment needs a reason, may not go below what is
reserved for orders, and lands in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from configurator.catalog.model import Catalog
from configurator.orders.audit import AuditAction, record
from configurator.orders.backorders import (
    BuildServed,
    clear_backorder_flags,
    serve_backorders,
    serve_builds,
)
from configurator.orders.errors import OrderError
from configurator.orders.retry import run_write
from configurator.orders.users import Actor, require_right
from configurator.store.database import reader
from configurator.store.models import (
    Component,
    Movement,
    MovementKind,
    Receipt,
    Stock,
)

MAX_QTY = 1_000_000


@dataclass(frozen=True, slots=True)
class StockLine:
    part: str
    name: str
    bin: str
    on_hand: int
    reserved: int
    available: int
    next_receipt: date | None
    next_receipt_qty: int


@dataclass(frozen=True, slots=True)
class ReceiveResult:
    part: str
    bin: str
    qty: int
    on_hand: int
    receipt_id: int | None
    served: dict[str, int]
    """Backorders that got parts from this delivery: order number -> units reserved."""
    built: tuple[BuildServed, ...] = ()
    """Backordered sub-assemblies now built from parts reserved for them (needs the catalog)."""


def check_qty(qty: object, what: str = "quantity") -> int:
    """A positive whole number, else a clear error (bools, floats, strings are refused)."""
    if isinstance(qty, bool) or not isinstance(qty, int):
        raise OrderError(f"The {what} must be a whole number, got {qty!r}.")
    if qty <= 0 or qty > MAX_QTY:
        raise OrderError(f"The {what} must be between 1 and {MAX_QTY}, got {qty}.")
    return qty


def _component(session: Session, part: str) -> Component:
    comp = session.get(Component, part)
    if comp is None:
        raise OrderError(
            f"There is no part {part!r} in the store.",
            hint="Use a part number from the catalog (configurator stock list shows them).",
        )
    return comp


def list_stock(engine: Engine, *, part: str | None = None) -> list[StockLine]:
    """Every part and bin with on hand, reserved, available and the next open receipt."""
    with Session(reader(engine)) as session:
        query = (
            select(Component, Stock)
            .join(Stock, col(Stock.part) == col(Component.part), isouter=True)
            .order_by(col(Component.part), col(Stock.bin))
        )
        if part:
            query = query.where(col(Component.part).ilike(f"%{part}%"))
        rows = session.exec(query).all()
        receipts = session.exec(
            select(col(Receipt.part), col(Receipt.expected_on), col(Receipt.qty))
            .where(col(Receipt.received).is_(False))
            .order_by(col(Receipt.expected_on), col(Receipt.id))
        ).all()
        session.expunge_all()  # keep the rows readable: rollback would expire them
        session.rollback()
    first: dict[str, tuple[date, int]] = {}
    for r_part, due, qty in receipts:
        first.setdefault(r_part, (due, qty))
    result = []
    for comp, stock in rows:
        nxt = first.get(comp.part)
        on_hand = stock.on_hand if stock else 0
        reserved = stock.reserved if stock else 0
        result.append(
            StockLine(
                part=comp.part,
                name=comp.name,
                bin=stock.bin if stock else comp.bin,
                on_hand=on_hand,
                reserved=reserved,
                available=on_hand - reserved,
                next_receipt=nxt[0] if nxt else None,
                next_receipt_qty=nxt[1] if nxt else 0,
            )
        )
    return result


def stock_row(session: Session, part: str, bin_: str) -> Stock:
    """The stock row of a part in a bin (created empty when the bin is new), locked on
    PostgreSQL until commit."""
    row = session.exec(
        select(Stock).where(Stock.part == part, Stock.bin == bin_).with_for_update()
    ).first()
    if row is None:
        row = Stock(part=part, bin=bin_, on_hand=0, reserved=0)
        session.add(row)
        session.flush()
    return row


def expect_receipt(
    engine: Engine,
    *,
    part: str,
    qty: int,
    expected_on: date,
    supplier_ref: str,
    actor: Actor,
    today: date,
) -> int:
    """Record a delivery the supplier confirmed (not in stock yet); returns its id."""
    require_right(actor, "receive")
    check_qty(qty)
    if expected_on < today:
        raise OrderError(
            f"The expected date {expected_on} is in the past (today is {today}).",
            hint="Book goods that already arrived with 'stock receive'.",
        )

    def work(session: Session) -> int:
        _component(session, part)
        receipt = Receipt(part=part, qty=qty, expected_on=expected_on, supplier_ref=supplier_ref)
        session.add(receipt)
        session.flush()
        assert receipt.id is not None
        return receipt.id

    return run_write(engine, work)


def receive_goods(
    engine: Engine,
    *,
    part: str,
    qty: int,
    actor: Actor,
    today: date,
    bin: str | None = None,
    supplier_ref: str = "",
    receipt_id: int | None = None,
    now: datetime | None = None,
    catalog: Catalog | None = None,
) -> ReceiveResult:
    """Book `qty` units into a bin (the part's default bin unless given) and serve backorders.

    With `receipt_id` (or a `supplier_ref` matching an open receipt of the part) that expected
    delivery is marked received. With the `catalog`, backordered sub-assemblies made of the
    part are built from the parts now there (`orders.builds`), after the orders waiting for
    the part itself.
    """
    require_right(actor, "receive")
    check_qty(qty)
    at = now or datetime.now(UTC)

    def work(session: Session) -> ReceiveResult:
        comp = _component(session, part)
        bin_ = (bin or comp.bin).strip()
        receipt = _match_receipt(session, part, receipt_id, supplier_ref)
        row = stock_row(session, part, bin_)
        assert row.id is not None
        ref = supplier_ref or (receipt.supplier_ref if receipt else "")
        session.execute(
            update(Stock).where(col(Stock.id) == row.id).values(on_hand=Stock.on_hand + qty)
        )
        if receipt is not None:
            receipt.received = True
            receipt.received_on = today
            session.add(receipt)
        session.add(
            Movement(
                at=at,
                on_day=today,
                kind=MovementKind.RECEIPT,
                part=part,
                bin=bin_,
                on_hand_delta=qty,
                receipt_id=receipt.id if receipt else None,
                user_id=actor.id,
                reason=f"delivery {ref}".strip(),
            )
        )
        served = serve_backorders(session, part, row.id, bin_, qty, actor, today, at)
        built: tuple[BuildServed, ...] = ()
        if catalog is not None:
            built = serve_builds(
                session, part, components=catalog.components, actor=actor, today=today, at=at
            )
            clear_backorder_flags(session, [b.order_id for b in built])
        session.flush()
        session.refresh(row)
        receipt_ref = receipt.id if receipt else None
        return ReceiveResult(part, bin_, qty, row.on_hand, receipt_ref, served, built)

    return run_write(engine, work)


def _match_receipt(
    session: Session, part: str, receipt_id: int | None, supplier_ref: str
) -> Receipt | None:
    if receipt_id is not None:
        receipt = session.get(Receipt, receipt_id)
        if receipt is None or receipt.part != part:
            raise OrderError(f"There is no expected delivery #{receipt_id} of {part}.")
        if receipt.received:
            raise OrderError(f"Delivery #{receipt_id} was booked in on {receipt.received_on}.")
        return receipt
    if supplier_ref:
        return session.exec(
            select(Receipt)
            .where(
                Receipt.part == part,
                Receipt.supplier_ref == supplier_ref,
                col(Receipt.received).is_(False),
            )
            .order_by(col(Receipt.expected_on))
        ).first()
    return None


@dataclass(frozen=True, slots=True)
class Adjustment:
    change: int
    backordered: tuple[str, ...] = ()
    """Orders whose reserved parts were lost: they wait for stock now."""


def adjust_stock(
    engine: Engine,
    *,
    part: str,
    counted: int,
    reason: str,
    actor: Actor,
    today: date,
    bin: str | None = None,
    now: datetime | None = None,
) -> int:
    """Set the on-hand count of a part in a bin after a stock count; returns the change."""
    return record_count(
        engine,
        part=part,
        counted=counted,
        reason=reason,
        actor=actor,
        today=today,
        bin=bin,
        now=now,
    ).change


def record_count(
    engine: Engine,
    *,
    part: str,
    counted: int,
    reason: str,
    actor: Actor,
    today: date,
    bin: str | None = None,
    now: datetime | None = None,
) -> Adjustment:
    """Set the on-hand count after a stock count. A count below what orders hold records a
    real loss: the newest holding orders become backorders (named in the result)."""
    from configurator.orders.losses import unreserve_lost

    require_right(actor, "adjust")
    if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
        raise OrderError(f"The counted quantity must be a whole number >= 0, got {counted!r}.")
    reason = reason.strip()
    if not reason:
        raise OrderError("A stock adjustment needs a reason.", hint="e.g. --reason 'annual count'")
    at = now or datetime.now(UTC)

    def work(session: Session) -> Adjustment:
        comp = _component(session, part)
        bin_ = (bin or comp.bin).strip()
        row = stock_row(session, part, bin_)
        backordered: list[str] = []
        if counted < row.reserved:
            backordered = unreserve_lost(
                session,
                row,
                row.reserved - counted,
                actor=actor,
                today=today,
                at=at,
                reason=reason,
            )
            session.refresh(row)
        delta = counted - row.on_hand
        if delta == 0:
            return Adjustment(0)
        old = row.on_hand
        row.on_hand = counted
        session.add(row)
        extra: dict[str, Any] = {"backordered": backordered} if backordered else {}
        session.add(
            Movement(
                at=at,
                on_day=today,
                kind=MovementKind.ADJUSTMENT,
                part=part,
                bin=bin_,
                on_hand_delta=delta,
                user_id=actor.id,
                reason=reason,
            )
        )
        record(
            session,
            action=AuditAction.STOCK_ADJUSTMENT,
            entity="stock",
            entity_id=f"{part}@{bin_}",
            user_id=actor.id,
            at=at,
            old_on_hand=old,
            new_on_hand=counted,
            reason=reason,
            **extra,
        )
        return Adjustment(delta, tuple(backordered))

    return run_write(engine, work)
