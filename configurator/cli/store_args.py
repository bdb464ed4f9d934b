"""Shared pieces of the store commands (`stock`, `order`, `db`): who is acting, today's date,
quantities, JSON output. Not a command module itself (no `cmd_` prefix)."""

from __future__ import annotations

import argparse
import json
import os
from datetime import date
from typing import TYPE_CHECKING, Any

from configurator.errors import UserError

if TYPE_CHECKING:
    from configurator.bootstrap import AppContext
    from configurator.orders.users import Actor

PIN_ENV = "CONFIGURATOR_PIN"
USER_ENV = "CONFIGURATOR_USER"


def output_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON")
    common.add_argument(
        "--date", default=None, metavar="YYYY-MM-DD", help="today's date (default: today)"
    )
    return common


def actor_options() -> argparse.ArgumentParser:
    who = argparse.ArgumentParser(add_help=False)
    who.add_argument(
        "--user", default=os.environ.get(USER_ENV), help=f"your user name (default: ${USER_ENV})"
    )
    who.add_argument("--pin", default=None, help=f"your PIN (default: ${PIN_ENV})")
    return who


def today_of(args: argparse.Namespace) -> date:
    raw = getattr(args, "date", None)
    if raw is None:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise UserError(f"--date {raw!r} is not a date like 2026-11-25.") from exc


def parse_date(raw: str, option: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise UserError(f"{option} {raw!r} is not a date like 2026-12-03.") from exc


def parse_qty(raw: str, what: str = "quantity") -> int:
    """A whole number from the command line, with a clear message for '2.5' or '-1'."""
    text = raw.strip()
    if not text.lstrip("-").isdigit():
        raise UserError(f"The {what} must be a whole number, got {raw!r}.")
    return int(text)


def open_store(args: argparse.Namespace, today: date, *, parts: bool = False) -> AppContext:
    """The store; `parts=True` also loads the catalog, which brings its parts into the store
    (stock commands need every catalog part there, even before anything was ordered)."""
    from configurator.bootstrap import open_app

    app = open_app(data_dir=args.data_dir, database_url=args.database_url, today=today)
    if parts:
        try:
            app.catalog  # noqa: B018 - loading the catalog syncs its parts into the store
        except BaseException:
            app.close()
            raise
    return app


def acting_user(app: AppContext, args: argparse.Namespace) -> Actor:
    """The user behind a change, proven by their PIN (wrong PINs count towards a lock-out)."""
    from datetime import UTC, datetime

    from configurator.orders.auth import authenticate_user

    if not args.user:
        raise UserError(
            "This changes the store and needs the person doing it.",
            hint=f"Pass --user NAME (or set {USER_ENV}) and the PIN (--pin or {PIN_ENV}).",
        )
    pin = args.pin or os.environ.get(PIN_ENV)
    if not pin:
        raise UserError(
            f"{args.user} needs a PIN for this.", hint=f"Pass --pin PIN or set {PIN_ENV}."
        )
    return authenticate_user(app.engine, args.user, pin, now=datetime.now(UTC))


def print_json(payload: Any) -> None:
    from configurator.orders.views import to_jsonable

    print(json.dumps(to_jsonable(payload), indent=2, ensure_ascii=False))
