"""`configurator catalog check FILE` and `configurator catalog show FILE`.

`check` is the product manager's tool (and a CI step for a shop's catalog repository): every
error and warning with file:line, exit 0 when the catalog loads, 1 when it does not
(`--strict` makes warnings fail too).
`show` prints what a catalog contains, including how many valid configurations it allows.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "catalog",
        help="check or show a catalog file",
        description="Check a catalog file against the catalog format, or show what it holds.",
    )
    commands = parser.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)

    check = commands.add_parser(
        "check",
        help="list every error and warning of a catalog file",
        description="Load a catalog file with every check (expressions, [[tests]], slots, "
        "defaults, cycles) and list all errors and warnings. Exit code: 0 when the "
        "catalog loads, 1 when it has errors.",
    )
    check.add_argument("file", type=Path, metavar="FILE", help="the catalog TOML file")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.add_argument("--strict", action="store_true", help="exit with 1 on warnings too (for CI)")
    check.set_defaults(func=run_check)

    show = commands.add_parser(
        "show",
        help="show a catalog's groups, options, rules and counts",
        description="Show a catalog's groups, options, rules, counts and the number of valid "
        "configurations. The catalog must load without errors.",
    )
    show.add_argument("file", type=Path, metavar="FILE", help="the catalog TOML file")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=run_show)


def run_check(args: argparse.Namespace) -> int:
    from configurator.catalog.diagnostics import sort_diagnostics
    from configurator.catalog.loader import check_catalog_file

    report = check_catalog_file(args.file)
    diagnostics = sort_diagnostics(report.diagnostics)
    failed = bool(report.errors) or (args.strict and bool(report.warnings))
    if args.json:
        catalog = report.catalog
        payload = {
            "file": report.source,
            "ok": not failed,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "catalog": None
            if catalog is None
            else {"id": catalog.id, "name": catalog.name, "version": catalog.version_hash},
            "diagnostics": [d.to_json() for d in diagnostics],
        }
        print(json.dumps(payload, indent=2))
        return 1 if failed else 0
    for diagnostic in diagnostics:
        print(diagnostic.format())
    errors, warnings = len(report.errors), len(report.warnings)
    summary = (
        f"{report.source}: {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
    if report.catalog is not None and not errors:
        catalog = report.catalog
        summary += (
            f"; catalog {catalog.id} loads (version {catalog.short_version}): "
            f"{len(catalog.tests)} tests pass, {len(catalog.slots)} slots hold in every valid "
            "configuration"
        )
    print(summary)
    return 1 if failed else 0


def run_show(args: argparse.Namespace) -> int:
    from configurator.catalog.loader import load_catalog
    from configurator.catalog.summary import catalog_summary, format_summary
    from configurator.rules.handover import engine_for

    catalog = load_catalog(args.file)
    engine = engine_for(catalog)  # the one the linter compiled
    try:
        count = engine.count_configurations()
    finally:
        engine.close()
    summary = catalog_summary(catalog, count.value, exact=count.exact)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(format_summary(summary))
    return 0
