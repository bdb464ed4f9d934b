"""The command line: `configurator [GLOBAL OPTIONS] [COMMAND ...]`.

Without a command the GUI starts. Each command lives in its own module `cmd_*.py` in this
package and exposes `register(subparsers)`; this module finds them, so adding a command never
means editing a central list. Handlers take the parsed arguments and return an exit code.
Errors the user can fix (`UserError`) go to stderr with exit code 2; nothing else is caught here.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

import configurator.cli as cli_package
from configurator.errors import UserError


def _command_modules() -> list[str]:
    return sorted(
        f"{cli_package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(cli_package.__path__)
        if info.name.startswith("cmd_")
    )


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="data folder (database, logs, documents, shop.toml); "
        "default: the per-user data folder, or $CONFIGURATOR_DATA_DIR",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="SQLAlchemy URL of the store, e.g. postgresql+psycopg://user:pw@host/db; "
        "default: an SQLite file in the data folder, or $CONFIGURATOR_DATABASE_URL",
    )


def build_parser() -> argparse.ArgumentParser:
    from configurator import __version__  # importlib.metadata: not on the GUI's start path

    parser = argparse.ArgumentParser(
        prog="configurator",
        description="Assemble-to-order laptop configurator. Without a command, the app starts.",
    )
    parser.add_argument("--version", action="version", version=f"configurator {__version__}")
    add_global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for module_name in _command_modules():
        module = importlib.import_module(module_name)
        module.register(subparsers)
    return parser


def run(argv: Sequence[str]) -> int:
    """Parse `argv` and run the command (or the GUI); returns the process exit code."""
    args_list = list(argv)
    wants_help = any(a in ("-h", "--help", "--version") for a in args_list)
    if not wants_help and not _has_command(args_list):
        from configurator.ui.launch import launch_gui

        return launch_gui(args_list)
    parser = build_parser()
    args = parser.parse_args(args_list)
    try:
        code: int = args.func(args)
    except UserError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(exc.hint, file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    return code


def _has_command(argv: list[str]) -> bool:
    """True when argv names a subcommand (anything not an option or an option's value)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--data-dir", "--database-url"):
            skip = True
            continue
        if not arg.startswith("-"):
            return True
    return False
