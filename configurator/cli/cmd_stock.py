"""`configurator stock list|receive|expect|adjust`: parts on the shelves and deliveries."""

from __future__ import annotations

import argparse

from configurator.cli.store_args import (
    acting_user,
    actor_options,
    open_store,
    output_options,
    parse_date,
    parse_qty,
    print_json,
    today_of,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stock",
        help="stock per part and bin; receive goods; adjust after a count",
        description="Stock per part and bin (on hand, reserved for orders, available, next "
        "delivery). Receiving goods serves waiting backorders first; adjustments need a reason "
        "and are audited. Changes need --user and the PIN.",
    )
    sub = parser.add_subparsers(dest="stock_command", metavar="WHAT", required=True)
    out, who = output_options(), actor_options()
    listing = sub.add_parser("list", parents=[out], help="parts with on hand/reserved/available")
    listing.add_argument("--part", default=None, help="only parts whose number contains this")
    listing.set_defaults(func=run_list)
    receive = sub.add_parser("receive", parents=[out, who], help="book a delivery into stock")
    receive.add_argument("part", help="part number")
    receive.add_argument("qty", help="units received")
    receive.add_argument("--bin", default=None, help="bin (default: the part's bin)")
    receive.add_argument("--supplier-ref", default="", help="delivery note / PO reference")
    receive.add_argument("--receipt", type=int, default=None, help="id of the expected delivery")
    receive.set_defaults(func=run_receive)
    expect = sub.add_parser("expect", parents=[out, who], help="record an expected delivery")
    expect.add_argument("part", help="part number")
    expect.add_argument("qty", help="units ordered")
    expect.add_argument("--due", required=True, metavar="YYYY-MM-DD", help="expected date")
    expect.add_argument("--supplier-ref", default="", help="purchase order reference")
    expect.set_defaults(func=run_expect)
    adjust = sub.add_parser("adjust", parents=[out, who], help="set the counted quantity")
    adjust.add_argument("part", help="part number")
    adjust.add_argument("--counted", required=True, help="units counted in the bin")
    adjust.add_argument(
        "--reason",
        required=True,
        help="why (kept in the audit log); a count below the reserved quantity is "
        "recorded as a loss and the orders that held the parts become backorders",
    )
    adjust.add_argument("--bin", default=None, help="bin (default: the part's bin)")
    adjust.set_defaults(func=run_adjust)


def run_list(args: argparse.Namespace) -> int:
    from configurator.orders.stock import list_stock

    with open_store(args, today_of(args), parts=True) as app:
        lines = list_stock(app.engine, part=args.part)
    if args.json:
        print_json(lines)
        return 0
    print(f"{'PART':<16} {'BIN':<10} {'ON HAND':>7} {'RESERVED':>8} {'AVAIL':>6}  NEXT DELIVERY")
    for ln in lines:
        nxt = f"{ln.next_receipt_qty} on {ln.next_receipt}" if ln.next_receipt else "-"
        print(
            f"{ln.part:<16} {ln.bin:<10} {ln.on_hand:>7} {ln.reserved:>8} {ln.available:>6}  {nxt}"
        )
    return 0


def run_receive(args: argparse.Namespace) -> int:
    from configurator.orders.stock import receive_goods

    qty = parse_qty(args.qty)
    today = today_of(args)
    with open_store(args, today, parts=True) as app:
        result = receive_goods(
            app.engine,
            part=args.part,
            qty=qty,
            actor=acting_user(app, args),
            today=today,
            bin=args.bin,
            supplier_ref=args.supplier_ref,
            receipt_id=args.receipt,
            catalog=app.catalog,
        )
    if args.json:
        print_json(result)
        return 0
    print(f"Received {result.qty} x {result.part} into {result.bin}: {result.on_hand} on hand.")
    for number, qty_served in result.served.items():
        print(f"  reserved {qty_served} for backorder {number}")
    for build in result.built:
        print(
            f"  backorder {build.order}: {build.units} x {build.part} to build, its parts reserved"
        )
    return 0


def run_expect(args: argparse.Namespace) -> int:
    from configurator.orders.stock import expect_receipt

    qty = parse_qty(args.qty)
    today = today_of(args)
    due = parse_date(args.due, "--due")
    with open_store(args, today, parts=True) as app:
        receipt_id = expect_receipt(
            app.engine,
            part=args.part,
            qty=qty,
            expected_on=due,
            supplier_ref=args.supplier_ref,
            actor=acting_user(app, args),
            today=today,
        )
    if args.json:
        print_json({"receipt": receipt_id, "part": args.part, "qty": qty, "due": due})
    else:
        print(f"Expected delivery #{receipt_id}: {qty} x {args.part} on {due}.")
    return 0


def run_adjust(args: argparse.Namespace) -> int:
    from configurator.orders.stock import record_count

    counted = parse_qty(args.counted, "counted quantity")
    today = today_of(args)
    with open_store(args, today, parts=True) as app:
        done = record_count(
            app.engine,
            part=args.part,
            counted=counted,
            reason=args.reason,
            actor=acting_user(app, args),
            today=today,
            bin=args.bin,
        )
    if args.json:
        print_json(
            {
                "part": args.part,
                "counted": counted,
                "change": done.change,
                "backordered": list(done.backordered),
            }
        )
        return 0
    print(f"{args.part}: counted {counted} ({done.change:+d}).")
    if done.backordered:
        print(
            f"  {len(done.backordered)} order(s) lost reserved parts and wait for stock "
            f"(backorder): {', '.join(done.backordered)}"
        )
    return 0
