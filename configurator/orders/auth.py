"""PIN checks that survive the refusal: a wrong PIN's failure count is committed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.engine import Engine
from sqlmodel import Session

from configurator.orders.retry import run_write
from configurator.orders.users import Actor, AuthError, authenticate
from configurator.store.models import Role


@dataclass(frozen=True, slots=True)
class Approval:
    """A manager's name and PIN, typed in at the counter to approve a large discount."""

    manager: str
    pin: str


def authenticate_user(engine: Engine, name: str, pin: str, *, now: datetime) -> Actor:
    """Check the PIN in its own transaction, so failures count even though we refuse."""

    def work(session: Session) -> tuple[Actor | None, AuthError | None]:
        try:
            return authenticate(session, name, pin, now=now), None
        except AuthError as exc:
            return None, exc

    actor, error = run_write(engine, work)
    if error is not None:
        raise error
    assert actor is not None
    return actor


def approve_discount(
    engine: Engine,
    *,
    percent: Decimal,
    limit: Decimal,
    actor: Actor,
    approval: Approval | None,
    now: datetime,
) -> int | None:
    """The id of the manager who approves `percent`, or None when no approval is needed."""
    if percent <= limit:
        return None
    if actor.role is Role.MANAGER:
        return actor.id
    if approval is None:
        raise AuthError(
            f"A discount of {percent} % is above the limit of {limit} %; "
            "it needs a manager's approval.",
            hint="Ask a manager to enter their name and PIN.",
        )
    manager = authenticate_user(engine, approval.manager, approval.pin, now=now)
    if manager.role is not Role.MANAGER:
        raise AuthError(
            f"{manager.name} is a {manager.role.value}, not a manager; "
            f"a discount of {percent} % needs a manager.",
        )
    return manager.id
