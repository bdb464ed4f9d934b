"""`configurator init`: create (or check) the data folder and the store, then say where they are."""

from __future__ import annotations

import argparse
import json


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create the data folder and the database (seeded with the demo data) if missing",
        description="Create the data folder, the log file, shop.toml and the database seeded "
        "with the demo catalog and stock. Safe to run again: an existing store is reused.",
    )
    parser.add_argument("--no-demo", action="store_true", help="create an empty store")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from configurator.bootstrap import open_app

    context = open_app(
        data_dir=args.data_dir, database_url=args.database_url, seed_demo=not args.no_demo
    )
    try:
        result = {
            "data_dir": str(context.paths.root),
            "database": context.database_label,
            "log_file": str(context.paths.log),
            "settings": str(context.paths.settings),
            "catalog": str(context.catalog_path),
            "created": context.created,
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
    return 0
