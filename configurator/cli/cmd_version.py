"""`configurator version`: the version and the build's git revision."""

from __future__ import annotations

import argparse
import json

from configurator.build_info import build_info


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("version", help="show the version and build revision")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    info = build_info()
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        print(f"configurator {info['version']} (revision {info['revision']})")
        print(f"rule engine: {info['engine']}")
    return 0
