"""Users and PINs: managers add users and set PINs; everybody may change their own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine

from configurator.errors import UserError
from configurator.orders.auth import authenticate_user
from configurator.orders.staff import add_user, list_staff, set_active, set_pin
from configurator.orders.users import AuthError
from tests.orders.shop_fixtures import actor

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_manager_adds_a_user_who_can_log_in(engine: Engine) -> None:
    mona = actor(engine, "mona")
    added = add_user(engine, actor=mona, name="rita", role="clerk", pin="4321", full_name="Rita")
    assert (added.name, added.role) == ("rita", "clerk")
    assert authenticate_user(engine, "rita", "4321", now=NOW).name == "rita"
    with pytest.raises(UserError, match="exists already"):
        add_user(engine, actor=mona, name="rita", role="clerk", pin="4321")
    with pytest.raises(UserError, match="no role"):
        add_user(engine, actor=mona, name="sam", role="boss", pin="4321")
    with pytest.raises(AuthError, match="4 to 12 digits"):
        add_user(engine, actor=mona, name="sam", role="clerk", pin="12a")
    with pytest.raises(AuthError, match="Only a manager"):
        add_user(engine, actor=actor(engine, "clara"), name="sam", role="clerk", pin="4321")


def test_own_pin_and_managers_reset_a_lockout(engine: Engine) -> None:
    clara = actor(engine, "clara")
    set_pin(engine, actor=clara, name="clara", new_pin="8888")
    assert authenticate_user(engine, "clara", "8888", now=NOW).name == "clara"
    with pytest.raises(AuthError, match="Only a manager"):
        set_pin(engine, actor=clara, name="walt", new_pin="8888")
    for _ in range(3):
        with pytest.raises(AuthError):
            authenticate_user(engine, "walt", "0000", now=NOW)
    assert next(s for s in list_staff(engine) if s.name == "walt").locked
    set_pin(engine, actor=actor(engine, "mona"), name="walt", new_pin="5555")
    assert authenticate_user(engine, "walt", "5555", now=NOW).name == "walt"


def test_deactivated_users_cannot_log_in(engine: Engine) -> None:
    mona = actor(engine, "mona")
    set_active(engine, actor=mona, name="walt", active=False)
    with pytest.raises(AuthError, match="no active user"):
        authenticate_user(engine, "walt", "3333", now=NOW)
    with pytest.raises(UserError, match="deactivate yourself"):
        set_active(engine, actor=mona, name="mona", active=False)
    set_active(engine, actor=mona, name="walt", active=True)
    assert authenticate_user(engine, "walt", "3333", now=NOW).name == "walt"
