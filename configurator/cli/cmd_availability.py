"""`configurator availability`: per-part availability and the promise date of a configuration.

Stock comes from the store (the data folder's database, or --database-url), with the workshop
minutes already booked by queued orders; or, with --stock FILE, from a stock file in the demo
stock format (no store needed: handy for tests and for checking a catalog before it ships).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from configurator.errors import UserError

if TYPE_CHECKING:
    from datetime import date

    from configurator.inventory.service import AvailabilityService


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "availability",
        help="per-part availability and the promise date of a configuration",
        description="Explode the configuration's bill of material through every made_of "
        "level, show on hand / reserved / available / next receipt per part and when it can be "
        "there, and the promise (assembly and handover) date with its reason. Many-groups take "
        "repeated picks or quantities (--pick ports=usbc*2); optional groups take group=none.",
    )
    parser.add_argument(
        "--pick", action="append", default=[], metavar="GROUP=OPTION", help="a pick; repeat"
    )
    parser.add_argument(
        "--catalog", type=Path, default=None, help="catalog TOML file (default: the shop's)"
    )
    parser.add_argument(
        "--stock",
        type=Path,
        default=None,
        help="read stock from this stock file instead of the store (receipts due_in_days "
        "count from --date)",
    )
    parser.add_argument("--quantity", type=int, default=1, help="number of laptops (default 1)")
    parser.add_argument(
        "--date", default=None, metavar="YYYY-MM-DD", help="today's date (default: today)"
    )
    parser.add_argument(
        "--options", action="store_true", help="also every option's status and date impact"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def _today(raw: str | None) -> date:
    from datetime import date

    if raw is None:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise UserError(f"--date {raw!r} is not a date like 2026-11-25.") from exc


def _service_from_stock_file(
    args: argparse.Namespace, today: date
) -> tuple[AvailabilityService, list[str]]:
    from datetime import timedelta

    from configurator.catalog.loader import load_catalog
    from configurator.inventory.service import AvailabilityService
    from configurator.inventory.snapshot import IncomingReceipt, StockRow, StockSnapshot
    from configurator.paths import DataPaths, default_data_dir, demo_catalog_path
    from configurator.shop import load_shop_settings
    from configurator.store.stockfile import load_stock_file

    settings = load_shop_settings(DataPaths(args.data_dir or default_data_dir()).settings)
    catalog = load_catalog(args.catalog or settings.catalog_file or demo_catalog_path())
    stock = load_stock_file(args.stock, catalog)
    snapshot = StockSnapshot.from_values(
        [StockRow(line.part, line.on_hand, 0, line.bin) for line in stock.stock],
        [
            IncomingReceipt(r.part, r.qty, today + timedelta(days=r.due_in_days), r.supplier_ref)
            for r in stock.receipts
        ],
    )
    notes = [f"stock from {args.stock}; no orders queued in the workshop"]
    return AvailabilityService(catalog, settings.calendar, snapshot=snapshot), notes


def _service_from_store(
    args: argparse.Namespace, today: date
) -> tuple[AvailabilityService, list[str]]:
    from configurator.bootstrap import open_app
    from configurator.catalog.loader import load_catalog
    from configurator.inventory.service import AvailabilityService
    from configurator.store.database import reader

    with open_app(data_dir=args.data_dir, database_url=args.database_url, today=today) as app:
        catalog = load_catalog(args.catalog) if args.catalog else app.catalog
        service = AvailabilityService(catalog, app.settings.calendar, engine=reader(app.engine))
        service.refresh(today)
        label = app.database_label
    return service, [f"stock from {label}"]


def run(args: argparse.Namespace) -> int:
    from configurator.cli.effective_picks import effective_picks, parse_picks
    from configurator.inventory.report import (
        availability_dict,
        options_dict,
        part_rows,
        promise_dict,
    )
    from configurator.rules.bom import validate

    today = _today(args.date)
    if args.quantity < 1:
        raise UserError(f"--quantity must be at least 1, got {args.quantity}.")
    service, notes = (
        _service_from_stock_file(args, today) if args.stock else _service_from_store(args, today)
    )
    catalog = service.catalog
    picks = effective_picks(catalog, parse_picks(catalog, args.pick))
    notes += [f"not a valid complete configuration: {v.message}" for v in validate(catalog, picks)]
    result = service.configuration(picks, today, args.quantity)
    options = service.options(picks, today) if args.options else None
    if args.json:
        data = {
            "catalog": catalog.id,
            "picks": picks,
            "quantity": args.quantity,
            "bom": dict(service.bill_of_materials(picks)),
            **availability_dict(result.availability),
            "promise": promise_dict(result.promise),
            "notes": notes,
        }
        if options is not None:
            data["options"] = options_dict(options)
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    header = (
        *("PART", "NAME", "NEED", "ON HAND", "RESERVED"),
        *("AVAIL", "NEXT RECEIPT", "READY", "FROM"),
    )
    rows = [header, *part_rows(result.availability)]
    widths = [min(max(len(row[i]) for row in rows), 40) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell[:40].ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    print()
    print(f"Parts: {result.availability.reason}.")
    print(f"Promise: {result.explanation}")
    if options is not None:
        print()
        for group in catalog.groups:
            print(f"{group.label}:")
            for option in group.options:
                item = options[group.id][option.id]
                mark = "*" if item.current else " "
                impact = f" ({item.impact})" if item.impact else ""
                print(f"  {mark} {option.label}: {item.status.text}{impact}")
    for note in notes:
        print(f"note: {note}")
    return 0
