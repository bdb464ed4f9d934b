"""`configurator workshop queue|start|qc|finish|back|history`: the workshop at the command line.

Everything that changes an order needs the person doing it: `--user NAME` (or the
CONFIGURATOR_USER variable) and their PIN (`--pin`, or the CONFIGURATOR_PIN variable so it stays
out of the shell history), as for every other command.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from configurator.cli.store_args import (
    PIN_ENV,
    USER_ENV,
    acting_user,
    actor_options,
    open_store,
    print_json,
    today_of,
)
from configurator.errors import UserError

if TYPE_CHECKING:
    from configurator.planning.workshop import Checklist


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "workshop",
        help="assembly queue, start/finish, QC checklist",
        description="The workshop's queue (by promise date, booked into the workshop's "
        "capacity), starting and finishing an assembly with the serial number, and the QC "
        "checklist of the assembly sheet ticked item by item; a failed check sends the order "
        "back to the queue with its reason. Everything is recorded with who and when.",
    )
    sub = parser.add_subparsers(dest="workshop_command", metavar="WHAT", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON")
    common.add_argument(
        "--date", default=None, metavar="YYYY-MM-DD", help="today's date (default: today)"
    )
    who = actor_options()  # --user / --pin with the same $CONFIGURATOR_USER / _PIN defaults

    sub.add_parser("queue", parents=[common], help="the assembly queue").set_defaults(
        func=run_queue
    )
    start = sub.add_parser("start", parents=[common, who], help="start assembling an order")
    start.add_argument("order", help="order number")
    start.set_defaults(func=run_start)
    qc = sub.add_parser(
        "qc", parents=[common, who], help="show the QC checklist, or tick items with --user"
    )
    qc.add_argument("order", help="order number")
    qc.add_argument(
        "--pass",
        dest="passed",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="item N passed (1-based; repeat)",
    )
    qc.add_argument("--fail", type=int, default=None, metavar="N", help="item N failed")
    qc.add_argument("--reason", default="", help="why the item failed (required with --fail)")
    qc.set_defaults(func=run_qc)
    finish = sub.add_parser("finish", parents=[common, who], help="finish with a serial number")
    finish.add_argument("order", help="order number")
    finish.add_argument("--serial", required=True, help="the laptop's serial number")
    finish.set_defaults(func=run_finish)
    back = sub.add_parser("back", parents=[common, who], help="send an order back to the queue")
    back.add_argument("order", help="order number")
    back.add_argument("--reason", required=True, help="why")
    back.set_defaults(func=run_back)
    history = sub.add_parser("history", parents=[common], help="an order's workshop trail")
    history.add_argument("order", help="order number")
    history.set_defaults(func=run_history)


def run_queue(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from configurator.planning.workshop_queue import assembly_queue

    today = today_of(args)
    with open_store(args, today) as app:
        queue = assembly_queue(app.engine, catalog=app.catalog, settings=app.settings, today=today)
    if args.json:
        print_json([asdict(e) | {"late": e.late} for e in queue])
        return 0
    if not queue:
        print("The assembly queue is empty.")
    for e in queue:
        flag = " LATE" if e.late else ""
        waiting = f"  waits for {', '.join(e.waiting_for)}" if e.waiting_for else ""
        who = f" ({e.started_by})" if e.started_by else ""
        print(
            f"{e.position:>3}. {e.order_number:<12} {e.status:<12}{who} promised "
            f"{e.promised_on or '-'}, planned {e.planned_finish}{flag}  {e.customer or ''}"
            f"{waiting}"
        )
    return 0


def _summary(args: argparse.Namespace, summary: Any, verb: str) -> int:
    if args.json:
        from dataclasses import asdict

        print_json(asdict(summary))
    else:
        print(f"{summary.number}: {verb} ({summary.status})")
    return 0


def run_start(args: argparse.Namespace) -> int:
    from configurator.planning.workshop import start_assembly

    today = today_of(args)
    with open_store(args, today) as app:
        summary = start_assembly(app.engine, args.order, actor=acting_user(app, args), today=today)
    return _summary(args, summary, "assembly started")


def _show_checklist(args: argparse.Namespace, checklist: Checklist) -> None:
    if args.json:
        from dataclasses import asdict

        print_json(asdict(checklist) | {"complete": checklist.complete})
        return
    print(f"{checklist.order_number} ({checklist.status}), QC round {checklist.round}")
    for item in checklist.items:
        mark = {None: "[ ]", True: "[x]", False: "[!]"}[item.passed]
        by = f"  - {item.by}" if item.by else ""
        note = f": {item.note}" if item.note else ""
        print(f"  {mark} {item.index + 1}. {item.text}{by}{note}")


def run_qc(args: argparse.Namespace) -> int:
    from configurator.planning.workshop import qc_checklist, tick_qc

    today = today_of(args)
    with open_store(args, today) as app:
        ticks = [(n, True) for n in args.passed]
        if args.fail is not None:
            ticks.append((args.fail, False))
        if ticks and not args.user:
            raise UserError(
                f"Ticking QC items needs --user NAME (or ${USER_ENV}) and the PIN.",
                hint=f"The PIN comes from --pin or ${PIN_ENV}.",
            )
        checklist = qc_checklist(app.engine, catalog=app.catalog, number=args.order)
        if ticks:
            actor = acting_user(app, args)
            for number, passed in ticks:
                checklist = tick_qc(
                    app.engine,
                    args.order,
                    number - 1,
                    passed=passed,
                    catalog=app.catalog,
                    actor=actor,
                    today=today,
                    reason=args.reason if not passed else "",
                )
    _show_checklist(args, checklist)
    return 0


def run_finish(args: argparse.Namespace) -> int:
    from configurator.planning.workshop import finish_assembly

    today = today_of(args)
    with open_store(args, today) as app:
        summary = finish_assembly(
            app.engine,
            args.order,
            serial_number=args.serial,
            catalog=app.catalog,
            actor=acting_user(app, args),
            today=today,
        )
    return _summary(args, summary, f"assembled, serial {args.serial.strip()}")


def run_back(args: argparse.Namespace) -> int:
    from configurator.planning.workshop import send_back

    today = today_of(args)
    with open_store(args, today) as app:
        summary = send_back(
            app.engine, args.order, reason=args.reason, actor=acting_user(app, args), today=today
        )
    return _summary(args, summary, "sent back to the queue")


def run_history(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from configurator.planning.workshop import workshop_history

    today = today_of(args)
    with open_store(args, today) as app:
        events = workshop_history(app.engine, args.order)
    if args.json:
        print_json([asdict(e) for e in events])
        return 0
    for e in events:
        item = f" item {e.item + 1}" if e.item is not None else ""
        extra = f" serial {e.serial_number}" if e.serial_number else ""
        text = f": {e.text}" if e.text else ""
        print(f"{e.at:%Y-%m-%d %H:%M} {e.user:<10} {e.kind}{item}{extra}{text}")
    return 0
