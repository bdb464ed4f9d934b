"""`configurator doc quote|confirmation|assembly ORDER --out FILE.pdf`: a stored order's PDFs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

KINDS = ("quote", "confirmation", "assembly")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "doc",
        help="print a stored order's quote, order confirmation or assembly sheet to PDF",
        description="Render the quote, the order confirmation or the workshop's assembly "
        "sheet of a stored quote or order (by order number, quote number or #id) to a PDF.",
    )
    parser.add_argument("kind", choices=KINDS, help="which document")
    parser.add_argument("order", metavar="ORDER", help="order number, quote number or #id")
    parser.add_argument("--out", type=Path, required=True, help="PDF file to write")
    parser.add_argument("--paper", choices=["a4", "letter"], default="a4", help="default: a4")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from configurator.bootstrap import open_app
    from configurator.documents.from_order import (
        assembly_from_order,
        confirmation_from_order,
        load_order,
        quote_from_order,
    )
    from configurator.documents.model import Document, Paper
    from configurator.documents.writer import write_pdf

    context = open_app(data_dir=args.data_dir, database_url=args.database_url)
    try:
        stored = load_order(context.engine, args.order)
        catalog = context.catalog
        document: Document
        if args.kind == "quote":
            document = quote_from_order(stored, catalog, context.settings)
        elif args.kind == "confirmation":
            document = confirmation_from_order(stored, catalog, context.settings)
        else:
            document = assembly_from_order(stored, catalog, context.settings)
        saved = write_pdf(document, args.out, paper=Paper(args.paper))
    finally:
        context.close()
    result = {
        "kind": args.kind,
        "order": stored.order.summary.number,
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
        print(f"Wrote the {args.kind} of {result['order']} ({saved.pages} page(s)) to {saved.path}")
    return 0
