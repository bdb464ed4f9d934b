"""`configurator selftest`: prove an installation works, end to end, without touching real data.

Runs in a temporary data folder: opens the main window offscreen, loads the demo catalog,
configures a complete laptop with the rule engine, places an order (accepting a backorder) and
renders the quote, the order confirmation and the assembly sheet. Exit 0 when every step
worked; otherwise 1 and the step that failed. The installer smoke test runs it from the
unpacked package.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from configurator.bootstrap import AppContext
    from configurator.catalog.model import Catalog
    from configurator.rules.state import ConfigState

DOCUMENTS = ("quote", "confirmation", "assembly-sheet")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "selftest",
        help="check this installation end to end in a temporary data folder",
        description="Open the main window offscreen, configure a laptop, place an order and "
        "render its three PDFs, all in a temporary data folder. Exit 0 when all worked.",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="folder for the three PDFs (default: temporary)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


@dataclass
class _Report:
    steps: list[dict[str, Any]] = field(default_factory=list)

    def step(self, name: str, action: Callable[[], str]) -> None:
        started = time.perf_counter()
        detail = action()
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        self.steps.append({"step": name, "ms": elapsed, "detail": detail})


def complete_configuration(catalog: Catalog) -> ConfigState:
    """Defaults first, then the first selectable option of every undecided group."""
    from configurator.catalog.model import GroupKind
    from configurator.rules.handover import engine_for

    engine = engine_for(catalog)
    try:
        state = engine.state({})
        for _ in range(len(catalog.groups) + 1):
            if state.complete:
                return state
            for group_state in state.groups:
                group = catalog.group(group_state.group)
                if group_state.decided or group.kind is GroupKind.MANY:
                    continue
                choice = next(o.option for o in group_state.options if o.selectable)
                result = engine.pick(state, group.id, choice)
                if result.state is None:
                    raise RuntimeError(f"the engine offered {group.id}={choice} but refused it")
                state = result.state
                break
            else:
                break
        if not state.complete:
            raise RuntimeError("the rule engine could not complete a configuration")
        return state
    finally:
        engine.close()


def _run_steps(report: _Report, data_dir: Path, out_dir: Path) -> None:
    from configurator.bootstrap import open_app
    from configurator.documents.from_order import (
        assembly_from_order,
        confirmation_from_order,
        load_order,
        quote_from_order,
    )
    from configurator.documents.model import Document
    from configurator.documents.writer import write_pdf
    from configurator.orders.auth import authenticate_user
    from configurator.orders.placing import place_order
    from configurator.store.models import Role
    from configurator.store.seed import DEMO_USERS
    from configurator.ui.smoke import show_main_window_offscreen

    holder: dict[str, Any] = {}
    today = date.today()

    def open_store() -> str:
        opened = open_app(data_dir=data_dir, today=today)
        holder["context"] = opened
        return opened.database_label

    report.step("open a new store with the demo data", open_store)
    context: AppContext = holder["context"]
    try:
        report.step("load the catalog", lambda: context.catalog.id)
        report.step("show the main window offscreen", lambda: show_main_window_offscreen(context))

        def configure() -> str:
            holder["state"] = complete_configuration(context.catalog)
            return str(holder["state"].code)

        report.step("configure a complete laptop", configure)

        def order() -> str:
            manager = next(u for u in DEMO_USERS if u.role is Role.MANAGER)
            now = datetime.now(UTC)
            actor = authenticate_user(context.engine, manager.name, manager.pin, now=now)
            summary = place_order(
                context.engine,
                catalog=context.catalog,
                settings=context.settings,
                actor=actor,
                today=today,
                picks=holder["state"].picks,
                accept_backorder=True,
            )
            holder["number"] = summary.number
            return str(summary.number)

        report.step("place an order", order)
        stored = load_order(context.engine, holder["number"])
        builders: dict[str, Callable[..., Document]] = {
            "quote": quote_from_order,
            "confirmation": confirmation_from_order,
            "assembly-sheet": assembly_from_order,
        }
        for name in DOCUMENTS:

            def render(name: str = name) -> str:
                document = builders[name](stored, context.catalog, context.settings)
                saved = write_pdf(document, out_dir / f"{name}.pdf")
                return f"{saved.path} ({saved.pages} page(s))"

            report.step(f"render the {name.replace('-', ' ')}", render)
    finally:
        context.close()


def run(args: argparse.Namespace) -> int:
    from configurator.errors import UserError

    data_dir = Path(tempfile.mkdtemp(prefix="configurator-selftest-"))
    out_dir = args.out or data_dir / "pdfs"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        shutil.rmtree(data_dir, ignore_errors=True)
        raise UserError(
            f"The self-test cannot write its PDFs to {out_dir}: {exc.strerror or exc}.",
            hint="Choose another folder with --out.",
        ) from exc
    report = _Report()
    failure: str | None = None
    try:
        _run_steps(report, data_dir / "data", out_dir)
    except Exception as exc:  # a self-test reports every failure as its result
        done = len(report.steps)
        failure = f"step {done + 1} failed: {type(exc).__name__}: {exc}"
    finally:
        if args.out is not None:
            shutil.rmtree(data_dir, ignore_errors=True)
    if args.json:
        print(json.dumps({"ok": failure is None, "steps": report.steps, "error": failure}))
    else:
        for number, step in enumerate(report.steps, 1):
            print(f"{number}. {step['step']}: ok ({step['ms']} ms) {step['detail']}")
        print(f"selftest FAILED: {failure}" if failure else "selftest passed")
    return 1 if failure else 0
