"""`configurator user list|add|pin|deactivate|activate`: the counter's users and their PINs."""

from __future__ import annotations

import argparse

from configurator.cli.store_args import (
    acting_user,
    actor_options,
    open_store,
    output_options,
    print_json,
    today_of,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "user",
        help="users and PINs: list, add, pin, deactivate, activate",
        description="Managers add users and set anyone's PIN; everybody may change their own "
        "PIN (which also lifts a lock-out). Changes need --user and the PIN.",
    )
    sub = parser.add_subparsers(dest="user_command", metavar="WHAT", required=True)
    out, who = output_options(), actor_options()
    sub.add_parser("list", parents=[out], help="all users").set_defaults(func=run_list)
    add = sub.add_parser("add", parents=[out, who], help="add a user (managers)")
    add.add_argument("name", help="login name")
    add.add_argument("--role", required=True, choices=["clerk", "workshop", "manager"])
    add.add_argument("--new-pin", required=True, help="their PIN (4-12 digits)")
    add.add_argument("--full-name", default="", help="name shown on documents")
    add.set_defaults(func=run_add)
    pin = sub.add_parser("pin", parents=[out, who], help="set a new PIN")
    pin.add_argument("name", help="whose PIN (yours, or anyone's as a manager)")
    pin.add_argument("--new-pin", required=True, help="the new PIN (4-12 digits)")
    pin.set_defaults(func=run_pin)
    for verb in ("deactivate", "activate"):
        cmd = sub.add_parser(verb, parents=[out, who], help=f"{verb} a user (managers)")
        cmd.add_argument("name", help="login name")
        cmd.set_defaults(func=run_active, active=verb == "activate")


def run_list(args: argparse.Namespace) -> int:
    from configurator.orders.staff import list_staff

    with open_store(args, today_of(args)) as app:
        staff = list_staff(app.engine)
    if args.json:
        print_json(staff)
        return 0
    for member in staff:
        flags = ("" if member.active else " (inactive)") + (" (locked)" if member.locked else "")
        print(f"{member.name:<12} {member.role:<9} {member.full_name}{flags}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from configurator.orders.staff import add_user

    with open_store(args, today_of(args)) as app:
        member = add_user(
            app.engine,
            actor=acting_user(app, args),
            name=args.name,
            role=args.role,
            pin=args.new_pin,
            full_name=args.full_name,
        )
    if args.json:
        print_json(member)
    else:
        print(f"Added {member.name} ({member.role}).")
    return 0


def run_pin(args: argparse.Namespace) -> int:
    from configurator.orders.staff import set_pin

    with open_store(args, today_of(args)) as app:
        set_pin(app.engine, actor=acting_user(app, args), name=args.name, new_pin=args.new_pin)
    if args.json:
        print_json({"user": args.name, "pin_changed": True})
    else:
        print(f"New PIN set for {args.name}.")
    return 0


def run_active(args: argparse.Namespace) -> int:
    from configurator.orders.staff import set_active

    with open_store(args, today_of(args)) as app:
        set_active(app.engine, actor=acting_user(app, args), name=args.name, active=args.active)
    state = "active" if args.active else "inactive"
    if args.json:
        print_json({"user": args.name, "active": args.active})
    else:
        print(f"{args.name} is {state}.")
    return 0
