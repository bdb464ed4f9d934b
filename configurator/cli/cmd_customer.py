"""`configurator customer list|add|show`: the shop's customers, as the GUI's customer picker.

Orders and quotes name a customer by id (`order quote --customer ID`); this command lists,
adds and shows them. Adding needs the person doing it (`--user` and PIN), like every change.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from configurator.cli.store_args import (
    acting_user,
    actor_options,
    open_store,
    output_options,
    print_json,
    today_of,
)

if TYPE_CHECKING:
    from configurator.orders.people import CustomerInfo


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "customer",
        help="customers: list, add, show",
        description="The shop's customers (the ids orders and quotes take with --customer). "
        "Adding one needs --user and the PIN.",
    )
    sub = parser.add_subparsers(dest="customer_command", metavar="WHAT", required=True)
    out, who = output_options(), actor_options()
    listing = sub.add_parser("list", parents=[out], help="all customers by name")
    listing.add_argument("--name", default=None, help="only names containing this")
    listing.set_defaults(func=run_list)
    add = sub.add_parser("add", parents=[out, who], help="add a customer")
    add.add_argument("name", help="the customer's name")
    add.add_argument("--email", default="", help="e-mail address")
    add.add_argument("--phone", default="", help="phone number")
    add.add_argument("--address", default="", help="postal address")
    add.set_defaults(func=run_add)
    show = sub.add_parser("show", parents=[out], help="one customer")
    show.add_argument("id", type=int, help="customer id")
    show.set_defaults(func=run_show)


def _print(customer: CustomerInfo) -> None:
    print(f"Customer {customer.id}: {customer.name}")
    for label, value in (
        ("e-mail", customer.email),
        ("phone", customer.phone),
        ("address", customer.address),
    ):
        if value:
            print(f"  {label}: {value}")


def run_list(args: argparse.Namespace) -> int:
    from configurator.orders.people import list_customers

    with open_store(args, today_of(args)) as app:
        customers = list_customers(app.engine)
    if args.name:
        needle = args.name.casefold()
        customers = [c for c in customers if needle in c.name.casefold()]
    if args.json:
        print_json(customers)
        return 0
    print(f"{'ID':>5}  {'NAME':<30} {'E-MAIL':<30} PHONE")
    for c in customers:
        print(f"{c.id:>5}  {c.name:<30} {c.email or '-':<30} {c.phone or '-'}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from configurator.orders.people import create_customer

    with open_store(args, today_of(args)) as app:
        acting_user(app, args)  # who adds it: proven by the PIN like every other change
        customer = create_customer(
            app.engine,
            name=args.name,
            email=args.email,
            phone=args.phone,
            address=args.address,
            now=datetime.now(UTC),
        )
    if args.json:
        print_json(customer)
    else:
        _print(customer)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from configurator.orders.people import get_customer

    with open_store(args, today_of(args)) as app:
        customer = get_customer(app.engine, args.id)
    if args.json:
        print_json(customer)
    else:
        _print(customer)
    return 0
