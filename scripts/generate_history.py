#!/usr/bin/env python3
"""Write a seeded, deterministic year (or more) of believable order history into a store.

    .venv/bin/python scripts/generate_history.py [--data-dir DIR | --database-url URL]
        [--weeks 52] [--seed 2026] [--orders-per-week 16] [--date YYYY-MM-DD]

The orders end before the week of --date and are handed over (no stock is touched); the same
catalog, seed and date always give the same orders. A new store's demo seed already does this
(configurator.planning.demo_history.generate); use this script to add history to another store,
e.g. a PostgreSQL test server, or to make a longer history for the planning views.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--orders-per-week", type=float, default=16.0)
    parser.add_argument("--date", default=None, help="today (default: today)")
    args = parser.parse_args(argv)

    from configurator.bootstrap import open_app
    from configurator.errors import UserError
    from configurator.planning.demo_history import generate
    from configurator.store.database import session_scope

    try:
        today = date.fromisoformat(args.date) if args.date else date.today()
        app = open_app(data_dir=args.data_dir, database_url=args.database_url, today=today)
        try:
            with session_scope(app.engine) as session:
                count = generate(
                    session,
                    app.catalog,
                    today=today,
                    seed=args.seed,
                    weeks=args.weeks,
                    orders_per_week=args.orders_per_week,
                    calendar=app.settings.calendar,
                    vat_rate=app.settings.vat_rate,
                )
        finally:
            app.close()
    except (UserError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {count} handed-over orders over {args.weeks} weeks into {app.database_label}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
