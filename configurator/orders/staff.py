"""Managing the counter's users: add one, set a PIN, deactivate. Managers only, except that
everybody may change their own PIN."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from configurator.errors import UserError
from configurator.orders.retry import run_write
from configurator.orders.users import Actor, AuthError, create_user, find_user, hash_pin
from configurator.store.database import reader
from configurator.store.models import Role, User


@dataclass(frozen=True, slots=True)
class StaffMember:
    name: str
    full_name: str
    role: str
    active: bool
    locked: bool


def _require_manager(actor: Actor, what: str) -> None:
    if actor.role is not Role.MANAGER:
        raise AuthError(f"Only a manager may {what}.", hint="Ask a manager to do it.")


def list_staff(engine: Engine) -> list[StaffMember]:
    with Session(reader(engine)) as session:
        rows = session.exec(select(User).order_by(col(User.name))).all()
        result = [
            StaffMember(u.name, u.full_name, u.role, u.active, u.locked_until is not None)
            for u in rows
        ]
        session.rollback()
    return result


def add_user(
    engine: Engine, *, actor: Actor, name: str, role: str, pin: str, full_name: str = ""
) -> StaffMember:
    _require_manager(actor, "add users")
    try:
        role_value = Role(role)
    except ValueError:
        raise UserError(
            f"There is no role {role!r}.", hint="Use clerk, workshop or manager."
        ) from None

    def work(session: Session) -> StaffMember:
        user = create_user(session, name=name, role=role_value, pin=pin, full_name=full_name)
        return StaffMember(user.name, user.full_name, user.role, user.active, False)

    return run_write(engine, work)


def add_first_manager(engine: Engine, *, name: str, pin: str, full_name: str = "") -> StaffMember:
    """The first user of a store made without demo data: a manager, who then adds the others.

    Needs nobody's PIN, so it is refused as soon as the store has any user (checked inside
    the write transaction: two counters setting up the same store cannot both succeed)."""

    def work(session: Session) -> StaffMember:
        if session.exec(select(User.id).limit(1)).first() is not None:
            raise UserError(
                "This store has users already; its first manager was set up before.",
                hint="Sign in as a manager and use `configurator user add`.",
            )
        user = create_user(session, name=name, role=Role.MANAGER, pin=pin, full_name=full_name)
        return StaffMember(user.name, user.full_name, user.role, user.active, False)

    return run_write(engine, work)


def set_pin(engine: Engine, *, actor: Actor, name: str, new_pin: str) -> None:
    """A new PIN (which also lifts a lock-out); your own, or anyone's as a manager."""
    if name != actor.name:
        _require_manager(actor, "set another user's PIN")
    pin_hash = hash_pin(new_pin)  # checks the format; slow on purpose, so before the lock

    def work(session: Session) -> None:
        user = find_user(session, name)
        user.pin_hash = pin_hash
        user.failed_pin_attempts = 0
        user.locked_until = None
        session.add(user)

    run_write(engine, work)


def set_active(engine: Engine, *, actor: Actor, name: str, active: bool) -> None:
    _require_manager(actor, "activate or deactivate users")
    if name == actor.name and not active:
        raise UserError("You cannot deactivate yourself.", hint="Ask another manager.")

    def work(session: Session) -> None:
        user = session.exec(select(User).where(User.name == name)).first()
        if user is None:
            raise UserError(f"There is no user named {name!r}.")
        user.active = active
        session.add(user)

    run_write(engine, work)
