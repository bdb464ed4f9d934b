"""`configurator init`: create (or check) the data folder and the store, then say where they are."""

from __future__ import annotations

import argparse
import json
import os

from configurator.cli.store_args import PIN_ENV
from configurator.errors import UserError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create the data folder and the database (seeded with the demo data) if missing",
        description="Create the data folder, the log file, shop.toml and the database seeded "
        "with the demo catalog and stock. Safe to run again: an existing store is reused. "
        "For real use, `init --no-demo --manager NAME --pin PIN` creates a store without "
        "demo data whose only user is that manager; point shop.toml's `catalog` at the "
        "shop's catalog, and its parts are added at the next start.",
    )
    parser.add_argument(
        "--no-demo",
        action="store_true",
        help="no demo data: the store's first user is the manager given by --manager",
    )
    parser.add_argument(
        "--manager", metavar="NAME", help="with --no-demo: the first user, a manager"
    )
    parser.add_argument(
        "--full-name", default="", metavar="TEXT", help="the manager's name on documents"
    )
    parser.add_argument(
        "--pin", default=None, help=f"the manager's PIN, 4-12 digits (default: ${PIN_ENV})"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def _manager_pin(args: argparse.Namespace) -> str | None:
    """Checked before anything is created, so a forgotten PIN leaves no half-made store."""
    if args.manager is None:
        if not args.no_demo:
            return None
        raise UserError(
            "A store without demo data needs its first user, a manager.",
            hint="Add --manager NAME and --pin PIN (or set the PIN in $CONFIGURATOR_PIN).",
        )
    if not args.no_demo:
        raise UserError(
            "--manager is for a store without demo data (the demo store has its own users).",
            hint="Add --no-demo, or leave out --manager.",
        )
    pin = args.pin or os.environ.get(PIN_ENV)
    if not pin:
        raise UserError(
            f"The manager {args.manager} needs a PIN.",
            hint=f"Pass --pin PIN (4-12 digits) or set {PIN_ENV}.",
        )
    return pin


def run(args: argparse.Namespace) -> int:
    from configurator.bootstrap import open_app

    pin = _manager_pin(args)
    if pin is not None:
        from configurator.orders.users import check_pin_format

        check_pin_format(pin)
    context = open_app(
        data_dir=args.data_dir, database_url=args.database_url, seed_demo=not args.no_demo
    )
    try:
        manager = None
        if pin is not None:
            from configurator.orders.staff import add_first_manager

            manager = add_first_manager(
                context.engine, name=args.manager, pin=pin, full_name=args.full_name
            ).name
            context.catalog  # noqa: B018 - loading it adds the catalog's parts (no stock yet)
        result = {
            "data_dir": str(context.paths.root),
            "database": context.database_label,
            "log_file": str(context.paths.log),
            "settings": str(context.paths.settings),
            "catalog": str(context.catalog_path),
            "created": context.created,
            "manager": manager,
        }
    finally:
        context.close()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        state = "Created" if result["created"] else "Reused"
        print(f"{state} the store: {result['database']}")
        print(f"Data folder:   {result['data_dir']}")
        print(f"Log file:      {result['log_file']}")
        print(f"Shop settings: {result['settings']}")
        print(f"Catalog:       {result['catalog']}")
        if manager:
            print(f"First manager: {manager} (adds the other users: configurator user add)")
    return 0
