"""`configurator doc quote|confirmation|assembly ORDER... --out FILE.pdf`: a stored order's PDFs.

Assembly sheets of several orders go into one PDF (the workshop's print run), each sheet from
a new page with its own "page N of M".
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from configurator.errors import UserError

KINDS = ("quote", "confirmation", "assembly")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "doc",
        help="print a stored order's quote, order confirmation or assembly sheet to PDF",
        description="Render the quote, the order confirmation or the workshop's assembly "
        "sheet of a stored quote or order (by order number, quote number or #id) to a PDF. "
        "Assembly sheets of several orders go into one PDF.",
    )
    parser.add_argument("kind", choices=KINDS, help="which document")
    parser.add_argument(
        "orders",
        nargs="+",
        metavar="ORDER",
        help="order number, quote number or #id (several for assembly sheets)",
    )
    parser.add_argument("--out", type=Path, required=True, help="PDF file to write")
    parser.add_argument("--paper", choices=["a4", "letter"], default="a4", help="default: a4")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from configurator.bootstrap import open_app
    from configurator.documents.from_order import (
        assembly_from_order,
        confirmation_from_order,
        load_orders,
        quote_from_order,
    )
    from configurator.documents.model import Document, Paper
    from configurator.documents.writer import write_pdf, write_sheets

    if args.kind != "assembly" and len(args.orders) > 1:
        raise UserError(
            f"A {args.kind} is made for one order at a time, got {len(args.orders)}.",
            hint="Run the command once per order; only assembly sheets are printed in batches.",
        )
    paper = Paper(args.paper)
    with open_app(data_dir=args.data_dir, database_url=args.database_url) as context:
        stored = load_orders(context.engine, args.orders)
        catalog, settings = context.catalog, context.settings
        if args.kind == "assembly":
            sheets = [assembly_from_order(order, catalog, settings) for order in stored]
            saved = (
                write_pdf(sheets[0], args.out, paper=paper)
                if len(sheets) == 1
                else write_sheets(sheets, args.out, paper=paper)
            )
        else:
            document: Document = (
                quote_from_order(stored[0], catalog, settings)
                if args.kind == "quote"
                else confirmation_from_order(stored[0], catalog, settings)
            )
            saved = write_pdf(document, args.out, paper=paper)
    numbers = [order.order.summary.number for order in stored]
    result = {
        "kind": args.kind,
        "orders": numbers,
        "path": str(saved.path),
        "pages": saved.pages,
        "bytes": saved.size,
        "warnings": list(saved.warnings),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for warning in saved.warnings:
            print(f"warning: {warning}")
        what = (
            f"the {args.kind} of {numbers[0]}"
            if len(numbers) == 1
            else (f"{len(numbers)} assembly sheets")
        )
        print(f"Wrote {what} ({saved.pages} page(s)) to {saved.path}")
    return 0
