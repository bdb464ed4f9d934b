"""Discounts above the limit need a manager's PIN; every discount is audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from configurator.catalog.model import Catalog
from configurator.orders.auth import Approval, authenticate_user
from configurator.orders.errors import OrderError
from configurator.orders.placing import create_quote, place_order
from configurator.orders.users import AuthError
from configurator.store.models import AuditLog, SalesOrder, User
from tests.orders.shop_fixtures import PICKS, TODAY, actor, settings

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def quote(engine: Engine, catalog: Catalog, **kw: object):  # type: ignore[no-untyped-def]
    return create_quote(
        engine,
        catalog=catalog,
        settings=settings(),
        picks=PICKS,
        actor=actor(engine, "clara"),
        today=TODAY,
        now=NOW,
        **kw,  # type: ignore[arg-type]
    )


def test_small_discount_needs_no_approval_but_is_audited(engine: Engine, catalog: Catalog) -> None:
    q = quote(engine, catalog, discount_percent="5")
    assert q.discount_amount == Decimal("24.95")
    assert q.total == Decimal("474.05")
    with Session(engine) as session:
        audit = session.exec(select(AuditLog)).one()
    assert audit.action == "discount"
    assert audit.approved_by is None
    assert audit.details["percent"] == "5.00"


def test_large_discount_without_a_manager_is_refused(engine: Engine, catalog: Catalog) -> None:
    with pytest.raises(AuthError, match="manager"):
        quote(engine, catalog, discount_percent="10")
    with Session(engine) as session:
        assert session.exec(select(SalesOrder)).first() is None
        assert session.exec(select(AuditLog)).first() is None


def test_wrong_pin_counts_and_locks_after_three(engine: Engine, catalog: Catalog) -> None:
    for attempt in range(3):
        with pytest.raises(AuthError, match="Wrong PIN"):
            quote(engine, catalog, discount_percent="10", approval=Approval("mona", "0000"))
        with Session(engine) as session:
            mona = session.exec(select(User).where(User.name == "mona")).one()
        if attempt < 2:
            assert mona.failed_pin_attempts == attempt + 1
    assert mona.locked_until is not None
    with pytest.raises(AuthError, match="locked"):
        authenticate_user(engine, "mona", "9999", now=NOW)
    assert authenticate_user(engine, "mona", "9999", now=NOW + timedelta(minutes=6)).name == "mona"


def test_a_clerk_pin_does_not_approve(engine: Engine, catalog: Catalog) -> None:
    with pytest.raises(AuthError, match="not a manager"):
        quote(engine, catalog, discount_percent="10", approval=Approval("clara", "1111"))


def test_manager_approves_and_the_order_keeps_the_approval(
    engine: Engine, catalog: Catalog
) -> None:
    q = quote(engine, catalog, discount_percent="12.5", approval=Approval("mona", "9999"))
    assert q.discount_amount == Decimal("62.38")
    order = place_order(
        engine,
        catalog=catalog,
        settings=settings(),
        actor=actor(engine, "clara"),
        today=TODAY,
        quote=q.number,
        now=NOW,
    )
    assert order.discount_percent == Decimal("12.50")
    with Session(engine) as session:
        rows = session.exec(select(AuditLog).where(AuditLog.action == "discount")).all()
        mona = session.exec(select(User).where(User.name == "mona")).one()
    assert len(rows) == 1
    assert rows[0].approved_by == mona.id


@pytest.mark.parametrize("bad", ["-1", "101", "abc", "1.234"])
def test_nonsense_discounts_are_refused(engine: Engine, catalog: Catalog, bad: str) -> None:
    with pytest.raises(OrderError):
        quote(engine, catalog, discount_percent=bad)


def test_a_later_discount_is_a_price_change_in_the_audit_log(
    engine: Engine, catalog: Catalog
) -> None:
    from configurator.orders.repricing import change_discount

    q = quote(engine, catalog)
    clara = actor(engine, "clara")
    with pytest.raises(AuthError, match="manager"):
        change_discount(
            engine,
            q.number,
            settings=settings(),
            actor=clara,
            today=TODAY,
            discount_percent="8",
            reason="loyal customer",
        )
    changed = change_discount(
        engine,
        q.number,
        settings=settings(),
        actor=clara,
        today=TODAY,
        discount_percent="8",
        reason="loyal customer",
        approval=Approval("mona", "9999"),
        now=NOW,
    )
    assert changed.total == Decimal("459.08")
    with Session(engine) as session:
        row = session.exec(select(AuditLog).where(AuditLog.action == "price_change")).one()
    assert row.details["old_total"] == "499.00"
    assert row.details["new_total"] == "459.08"
    assert row.details["reason"] == "loyal customer"
    assert row.approved_by is not None
    with pytest.raises(OrderError, match="reason"):
        change_discount(
            engine,
            q.number,
            settings=settings(),
            actor=clara,
            today=TODAY,
            discount_percent="1",
            reason="",
        )
