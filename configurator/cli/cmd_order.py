"""`configurator order quote|place|cancel|advance|show|list`: quotes and orders.

A configuration is given as picks (`--pick group=option`, repeatable) or a configuration
code (`--code`). Discounts above the shop's limit need a manager: `--manager NAME` with
`--manager-pin` (or $CONFIGURATOR_MANAGER_PIN).
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, Any

from configurator.cli.store_args import (
    acting_user,
    actor_options,
    open_store,
    output_options,
    print_json,
    today_of,
)
from configurator.errors import UserError

if TYPE_CHECKING:
    from configurator.bootstrap import AppContext
    from configurator.orders.auth import Approval
    from configurator.orders.views import OrderDetails, OrderSummary

MANAGER_PIN_ENV = "CONFIGURATOR_MANAGER_PIN"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "order",
        help="quotes and orders: quote, place, cancel, advance, show, list",
        description="Quote a configuration (reserves nothing), place an order (reserves every "
        "part atomically, or names the missing ones; --backorder accepts the later date), "
        "advance it through assembly to handover, or cancel it (releases its parts).",
    )
    sub = parser.add_subparsers(dest="order_command", metavar="WHAT", required=True)
    out, who = output_options(), actor_options()
    config = argparse.ArgumentParser(add_help=False)
    config.add_argument(
        "--pick", action="append", default=[], metavar="GROUP=OPTION", help="a pick (repeat)"
    )
    config.add_argument("--code", default=None, help="a configuration code instead of picks")
    config.add_argument("--customer", type=int, default=None, help="customer id")
    config.add_argument("--discount", default=None, metavar="PERCENT", help="discount in %%")
    config.add_argument("--manager", default=None, help="approving manager (large discounts)")
    config.add_argument("--manager-pin", default=None, help=f"(default: ${MANAGER_PIN_ENV})")
    config.add_argument("--notes", default="", help="notes for the documents")

    quote = sub.add_parser("quote", parents=[out, who, config], help="make a quote")
    quote.set_defaults(func=run_quote)
    place = sub.add_parser("place", parents=[out, who, config], help="place an order")
    place.add_argument("--quote", default=None, help="turn this quote into the order")
    place.add_argument(
        "--backorder", action="store_true", help="accept a later date when parts are missing"
    )
    place.set_defaults(func=run_place)
    cancel = sub.add_parser("cancel", parents=[out, who], help="cancel a quote or an order")
    cancel.add_argument("number", help="order or quote number")
    cancel.add_argument("--reason", required=True, help="why (kept in the audit log)")
    cancel.set_defaults(func=run_cancel)
    advance = sub.add_parser(
        "advance", parents=[out, who], help="next step: in assembly, assembled, handed over"
    )
    advance.add_argument("number", help="order number")
    advance.add_argument("--serial", default=None, help="serial number (when assembled)")
    advance.set_defaults(func=run_advance)
    show = sub.add_parser("show", parents=[out], help="one order with lines and parts")
    show.add_argument("number", help="order or quote number")
    show.set_defaults(func=run_show)
    listing = sub.add_parser("list", parents=[out], help="orders and quotes, newest first")
    listing.add_argument("--status", default=None, help="only this status")
    listing.add_argument("--customer", default=None, help="customer name contains")
    listing.add_argument("--limit", type=int, default=50, help="at most this many (50)")
    listing.set_defaults(func=run_list)


def _picks(args: argparse.Namespace, app: AppContext) -> dict[str, Any]:
    """The configuration to quote or order, with defaults applied as `configure` does."""
    from configurator.cli.effective_picks import order_picks

    return order_picks(app.catalog, _given_picks(args, app))


def _given_picks(args: argparse.Namespace, app: AppContext) -> dict[str, Any]:
    from configurator.cli.effective_picks import parse_picks

    if args.code and args.pick:
        raise UserError("Give either --pick options or a --code, not both.")
    if args.code:
        from configurator.rules.code import decode_code

        return dict(decode_code(args.code, app.catalog))
    if not args.pick:
        raise UserError(
            "Which laptop? Give the picks or a configuration code.",
            hint="e.g. --pick chassis=c14 --pick memory=ram16 ... or --code CODE",
        )
    return parse_picks(app.catalog, args.pick)


def _approval(args: argparse.Namespace) -> Approval | None:
    from configurator.orders.auth import Approval

    if not args.manager:
        return None
    pin = args.manager_pin or os.environ.get(MANAGER_PIN_ENV)
    if not pin:
        raise UserError(
            f"Approval by {args.manager} needs their PIN.",
            hint=f"Pass --manager-pin PIN or set {MANAGER_PIN_ENV}.",
        )
    return Approval(args.manager, pin)


def _print_summary(summary: OrderSummary, as_json: bool) -> None:
    if as_json:
        print_json(summary)
        return
    what = "Quote" if summary.status == "quote" else "Order"
    print(f"{what} {summary.number}: {summary.status}, total {summary.total}")
    if summary.status == "quote":
        print(f"  valid until {summary.valid_until}")
    if summary.promised_on:
        back = " (backorder)" if summary.backorder else ""
        print(f"  assembly {summary.promised_on}, handover {summary.handover_on}{back}")


def run_quote(args: argparse.Namespace) -> int:
    from configurator.orders.placing import create_quote

    today = today_of(args)
    with open_store(args, today) as app:
        summary = create_quote(
            app.engine,
            catalog=app.catalog,
            settings=app.settings,
            picks=_picks(args, app),
            actor=acting_user(app, args),
            today=today,
            customer_id=args.customer,
            discount_percent=args.discount or "0",
            approval=_approval(args),
            notes=args.notes,
        )
    _print_summary(summary, args.json)
    return 0


def run_place(args: argparse.Namespace) -> int:
    from configurator.orders.placing import place_order

    today = today_of(args)
    with open_store(args, today) as app:
        if args.quote and (args.pick or args.code):
            raise UserError("Give either --quote or the configuration, not both.")
        summary = place_order(
            app.engine,
            catalog=app.catalog,
            settings=app.settings,
            actor=acting_user(app, args),
            today=today,
            picks=None if args.quote else _picks(args, app),
            quote=args.quote,
            customer_id=args.customer,
            discount_percent=args.discount,
            approval=_approval(args),
            accept_backorder=args.backorder,
            notes=args.notes,
        )
    _print_summary(summary, args.json)
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    from configurator.orders.lifecycle import cancel_order

    today = today_of(args)
    with open_store(args, today) as app:
        summary = cancel_order(
            app.engine, args.number, actor=acting_user(app, args), today=today, reason=args.reason
        )
    _print_summary(summary, args.json)
    return 0


def run_advance(args: argparse.Namespace) -> int:
    from configurator.planning.workshop import advance_through_workshop

    today = today_of(args)
    with open_store(args, today) as app:
        summary = advance_through_workshop(
            app.engine,
            args.number,
            catalog=app.catalog,
            actor=acting_user(app, args),
            today=today,
            serial_number=args.serial,
        )
    _print_summary(summary, args.json)
    return 0


def _print_details(details: OrderDetails) -> None:
    s = details.summary
    _print_summary(s, False)
    print(f"  customer: {s.customer or '-'}; created by {s.created_by} on {s.quoted_on}")
    print(
        f"  catalog {details.catalog_id} ({details.catalog_version[:12]}), "
        f"code {details.config_code}"
    )
    for ln in details.lines:
        qty = f"{ln.qty} x " if ln.qty != 1 else ""
        print(f"    {ln.group_label}: {qty}{ln.option_label}  {ln.unit_price * ln.qty}")
    if s.discount_amount:
        by = f", approved by {details.discount_approved_by}" if details.discount_approved_by else ""
        print(f"  discount {s.discount_percent} %: -{s.discount_amount}{by}")
    print(f"  total {s.total} (VAT {s.vat_amount})")
    print("  parts:")
    for p in details.parts:
        state = f"short {p.short}" if p.short else f"reserved {p.reserved}/{p.qty}"
        for_ = f" for {p.parent}" if p.parent else ""
        print(f"    {p.qty} x {p.part}{for_}  {state}  {' '.join(p.bins)}")
    if details.serial_number:
        print(f"  serial {details.serial_number}")
    if details.cancel_reason:
        print(f"  cancelled on {details.cancelled_on}: {details.cancel_reason}")


def run_show(args: argparse.Namespace) -> int:
    from configurator.orders.views import get_order

    with open_store(args, today_of(args)) as app:
        details = get_order(app.engine, args.number)
    if args.json:
        print_json(details)
    else:
        _print_details(details)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from configurator.orders.views import list_orders
    from configurator.store.models import OrderStatus

    if args.status and args.status not in {s.value for s in OrderStatus}:
        raise UserError(
            f"There is no order status {args.status!r}.",
            hint="Use one of: " + ", ".join(s.value for s in OrderStatus) + ".",
        )
    if args.limit < 1:
        raise UserError("--limit must be at least 1.")
    with open_store(args, today_of(args)) as app:
        orders = list_orders(
            app.engine, status=args.status, customer=args.customer, limit=args.limit
        )
    if args.json:
        print_json(orders)
        return 0
    print(f"{'NUMBER':<14} {'STATUS':<12} {'DATE':<10} {'TOTAL':>10}  CUSTOMER")
    for o in orders:
        print(
            f"{o.number:<14} {o.status:<12} {o.ordered_on or o.quoted_on!s:<10} "
            f"{o.total:>10}  {o.customer or '-'}"
        )
    return 0
