"""Users, roles and PINs: who may do what, and proof that a manager approved something.

PINs are hashed with argon2 (argon2-cffi); three wrong PINs lock the user for a few minutes,
so a four-digit PIN cannot be guessed at the counter or through the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from configurator.errors import UserError
from configurator.store.models import Role, User

MAX_PIN_ATTEMPTS = 3
LOCKOUT = timedelta(minutes=5)
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
"""OWASP's minimum argon2id profile (19 MiB, 2 passes): a short PIN's real protection is the
lock-out, and the library default (64 MiB, 4 lanes) cost ~0.6 s per check on the counter PCs'
two cores, paid at every login and every manager approval. Older hashes keep verifying with
the parameters stored in them."""


class AuthError(UserError):
    """A wrong PIN, an unknown or locked user, or a role that may not do this."""


@dataclass(frozen=True, slots=True)
class Actor:
    """The authenticated person behind an action (written into movements and the audit log)."""

    id: int
    name: str
    role: Role


ROLE_RIGHTS: dict[Role, frozenset[str]] = {
    Role.CLERK: frozenset({"quote", "order", "cancel", "receive", "handover"}),
    Role.WORKSHOP: frozenset({"assemble", "receive", "adjust", "handover"}),
    Role.MANAGER: frozenset(
        {"quote", "order", "cancel", "receive", "adjust", "assemble", "handover", "approve"}
    ),
}


def hash_pin(pin: str) -> str:
    check_pin_format(pin)
    return _hasher.hash(pin)


def check_pin_format(pin: str) -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise AuthError(
            "A PIN is 4 to 12 digits.", hint="Choose a PIN of digits only, at least four."
        )


def create_user(session: Session, *, name: str, role: Role, pin: str, full_name: str = "") -> User:
    name = name.strip()
    if not name:
        raise UserError("A user needs a name.")
    if session.exec(select(User).where(User.name == name)).first() is not None:
        raise UserError(f"A user named {name!r} exists already.", hint="Choose another name.")
    user = User(name=name, full_name=full_name, role=Role(role), pin_hash=hash_pin(pin))
    session.add(user)
    session.flush()
    return user


def _actor(user: User) -> Actor:
    assert user.id is not None
    return Actor(id=user.id, name=user.name, role=Role(user.role))


def find_user(session: Session, name: str) -> User:
    user = session.exec(select(User).where(User.name == name)).first()
    if user is None or not user.active:
        known = ", ".join(session.exec(select(User.name).where(User.active)).all())
        raise AuthError(f"There is no active user named {name!r}.", hint=f"Known users: {known}.")
    return user


def authenticate(session: Session, name: str, pin: str, *, now: datetime) -> Actor:
    """Check `pin` for user `name`; counts failures and locks after MAX_PIN_ATTEMPTS.

    The failure counter is written in the caller's transaction; callers commit it even when
    they then refuse the action (see `orders.service.authenticate_user`).
    """
    user = find_user(session, name)
    if user.locked_until is not None and user.locked_until > now:
        raise AuthError(
            f"User {name!r} is locked after {MAX_PIN_ATTEMPTS} wrong PINs.",
            hint=f"Try again after {user.locked_until:%H:%M} UTC.",
        )
    try:
        _hasher.verify(user.pin_hash, pin)
    except (VerificationError, InvalidHashError):
        user.failed_pin_attempts += 1
        left = MAX_PIN_ATTEMPTS - user.failed_pin_attempts
        if left <= 0:
            user.locked_until = now + LOCKOUT
            user.failed_pin_attempts = 0
            hint = f"The user is locked for {int(LOCKOUT.total_seconds() // 60)} minutes."
        else:
            hint = f"{left} attempt(s) left before a short lock-out."
        session.add(user)
        raise AuthError(f"Wrong PIN for {name!r}.", hint=hint) from None
    if user.failed_pin_attempts or user.locked_until is not None:
        user.failed_pin_attempts = 0
        user.locked_until = None
        session.add(user)
    return _actor(user)


def require_right(actor: Actor, right: str) -> None:
    if right not in ROLE_RIGHTS[actor.role]:
        allowed = sorted(r.value for r, rights in ROLE_RIGHTS.items() if right in rights)
        raise AuthError(
            f"{actor.name} ({actor.role.value}) may not {right}.",
            hint=f"Ask someone with the role {' or '.join(allowed)}.",
        )


def actor_by_name(session: Session, name: str) -> Actor:
    """The actor for a user without a PIN check (seeding, tests, already-logged-in GUI)."""
    return _actor(find_user(session, name))
