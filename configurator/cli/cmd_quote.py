"""`configurator quote`: a quote PDF for any configuration, without an order or a store.

The picks are checked by the rule engine exactly as an order would be (an invalid or
incomplete configuration is refused with the rules' messages); the letterhead, VAT and locale
come from the data folder's shop.toml when there is one.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from configurator.errors import UserError

if TYPE_CHECKING:
    pass


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "quote",
        help="render a quote PDF for a configuration (no order, no store needed)",
        description="Render a quote PDF for the configuration given by --pick. Many-groups "
        "take repeated picks (--pick ports=usbc --pick ports=usbc) or quantities "
        "(--pick ports=usbc*2); optional groups take --pick group=none.",
    )
    parser.add_argument(
        "--catalog",
        type=Path,
        default=None,
        help="catalog TOML file (default: the shop's catalog from shop.toml, else the demo)",
    )
    parser.add_argument(
        "--pick",
        action="append",
        default=[],
        metavar="GROUP=OPTION",
        help="a pick; repeat for every group",
    )
    parser.add_argument("--out", type=Path, required=True, help="PDF file to write")
    parser.add_argument("--customer", default="Walk-in customer", help="customer name")
    parser.add_argument("--notes", default="", help="notes printed on the quote")
    parser.add_argument("--number", default=None, help="quote number (default: from date+code)")
    parser.add_argument(
        "--date", default=None, metavar="YYYY-MM-DD", help="quote date (default: today)"
    )
    parser.add_argument("--paper", choices=["a4", "letter"], default="a4", help="default: a4")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


MAX_LENGTHS = {"--customer": 200, "--number": 40, "--notes": 5000}
"""What a quote can show: a name of a few lines, a number that fits its field and barcodes."""


def check_lengths(args: argparse.Namespace) -> None:
    """Refuse overlong texts up front, with the limit, instead of a cut or a layout failure."""
    for option, limit in MAX_LENGTHS.items():
        value = getattr(args, option.lstrip("-")) or ""
        if len(value) > limit:
            raise UserError(
                f"{option} is {len(value):,} characters long; a quote takes at most {limit}.",
                hint=f"Shorten {option} to {limit} characters or fewer.",
            )


def run(args: argparse.Namespace) -> int:
    import hashlib
    from datetime import date

    from configurator.catalog.loader import load_catalog
    from configurator.cli.effective_picks import order_picks, parse_picks
    from configurator.documents.build import quote_document
    from configurator.documents.model import Customer, Paper
    from configurator.documents.writer import write_pdf
    from configurator.orders.configuration import freeze
    from configurator.paths import DataPaths, default_data_dir, demo_catalog_path, resource
    from configurator.shop import load_shop_settings

    check_lengths(args)
    try:
        today = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError as exc:
        raise UserError(f"--date {args.date!r} is not a date like 2026-11-25.") from exc
    shop_file = DataPaths(args.data_dir or default_data_dir()).settings
    if not shop_file.is_file():  # no data folder yet: the letterhead the app would start with
        shop_file = resource("demo", "shop.toml")
    settings = load_shop_settings(shop_file)
    catalog = load_catalog(args.catalog or settings.catalog_file or demo_catalog_path())
    frozen = freeze(catalog, order_picks(catalog, parse_picks(catalog, args.pick)))
    digest = hashlib.sha256(frozen.config_code.encode()).hexdigest()[:6].upper()
    number = args.number or f"Q-{today:%Y%m%d}-{digest}"
    document = quote_document(
        catalog=catalog,
        picks=frozen.picks,
        settings=settings,
        today=today,
        customer=Customer(name=args.customer),
        quote_number=number,
        configuration_code=frozen.config_code,
        notes=args.notes,
    )
    saved = write_pdf(document, args.out, paper=Paper(args.paper))
    result = {
        "path": str(saved.path),
        "pages": saved.pages,
        "bytes": saved.size,
        "quote_number": number,
        "configuration_code": frozen.config_code,
        "total": str(document.offer.totals.gross),
        "warnings": list(saved.warnings),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for warning in saved.warnings:
            print(f"warning: {warning}")
        print(f"Wrote quote {number} ({saved.pages} page(s)) to {saved.path}")
    return 0
