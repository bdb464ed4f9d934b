"""Changing the price of an open quote or order afterwards: a new discount.

Every change is a `price_change` row in the audit log with the old and new totals and who
approved it; a discount above the shop's limit needs a manager, exactly as when quoting.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.engine import Engine
from sqlmodel import Session

from configurator.orders.audit import AuditAction, record
from configurator.orders.auth import Approval, approve_discount
from configurator.orders.errors import OrderError
from configurator.orders.pricing import parse_percent, totals
from configurator.orders.retry import run_write
from configurator.orders.users import Actor, require_right
from configurator.orders.views import OrderSummary, find_order, summarize
from configurator.shop import ShopSettings
from configurator.store.models import OrderStatus

REPRICEABLE = frozenset({OrderStatus.QUOTE, OrderStatus.ORDERED})


def change_discount(
    engine: Engine,
    number: str,
    *,
    settings: ShopSettings,
    actor: Actor,
    today: date,
    discount_percent: Decimal | str | int,
    reason: str,
    approval: Approval | None = None,
    now: datetime | None = None,
) -> OrderSummary:
    """Give an open quote or order a new discount (on its frozen list price)."""
    require_right(actor, "quote")
    at = now or datetime.now(UTC)
    percent = parse_percent(discount_percent)
    reason = reason.strip()
    if not reason:
        raise OrderError("A price change needs a reason.", hint="e.g. --reason 'loyal customer'")
    approver = approve_discount(
        engine,
        percent=percent,
        limit=settings.discount_limit_percent,
        actor=actor,
        approval=approval,
        now=at,
    )

    def work(session: Session) -> OrderSummary:
        order = find_order(session, number, for_update=True)
        if OrderStatus(order.status) not in REPRICEABLE:
            raise OrderError(
                f"{number} is {order.status}; only quotes and orders not yet in assembly "
                "can be repriced."
            )
        if order.status == OrderStatus.QUOTE and order.valid_until < today:
            raise OrderError(
                f"Quote {number} expired on {order.valid_until}.",
                hint="Make a new quote with today's prices and stock.",
            )
        old_total, old_percent = order.total, order.discount_percent
        priced = totals(order.list_price, percent, order.vat_rate)
        order.discount_percent = priced.discount_percent
        order.discount_amount = priced.discount_amount
        order.discount_approved_by = approver
        order.total = priced.total
        order.vat_amount = priced.vat_amount
        order.updated_at = at
        session.add(order)
        record(
            session,
            action=AuditAction.PRICE_CHANGE,
            entity="order",
            entity_id=order.order_number or order.quote_number or str(order.id),
            user_id=actor.id,
            approved_by=approver,
            at=at,
            old_discount_percent=old_percent,
            new_discount_percent=priced.discount_percent,
            old_total=old_total,
            new_total=priced.total,
            reason=reason,
        )
        session.flush()
        return summarize(session, order)

    return run_write(engine, work)
