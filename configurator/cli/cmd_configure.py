"""`configurator configure`: the engine's state for some picks, as a table or as JSON.

Exit codes: 0 the picks are fine (complete or not), 1 some pick was dropped (it conflicts with
earlier picks, or a code names something the catalog no longer has), 2 bad input.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from configurator.catalog.model import Catalog
    from configurator.rules.engine import Engine
    from configurator.rules.state import ConfigState


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "configure",
        help="show selectable options, explanations and price for some picks",
        description="Show what the rule engine says about some picks: per group the options "
        "that can still be picked, why the others cannot, the price and whether the laptop "
        "is complete. Exit code 1 when a pick had to be dropped.",
    )
    parser.add_argument(
        "--catalog", type=Path, default=None, help="catalog file (default: the demo catalog)"
    )
    parser.add_argument(
        "--pick",
        action="append",
        default=[],
        metavar="GROUP=OPTION",
        help="a pick, in order; repeatable. GROUP=none for an optional group, "
        "GROUP=OPTION*2 for a quantity in a many group",
    )
    parser.add_argument("--code", default=None, help="start from a configuration code")
    parser.add_argument("--json", action="store_true", help="print JSON (schema: docs/engine.md)")
    parser.set_defaults(func=run)


def _repairs(engine: Engine, state: ConfigState) -> list[dict[str, Any]]:
    """For each pick dropped because of a conflict: what would have to change to take it."""
    out = []
    for dropped in state.dropped:
        if dropped.explanation is None:
            continue
        result = engine.pick(state, dropped.group, dropped.option)
        if result.repair is not None:
            out.append(result.repair.to_dict())
    return out


def run(args: argparse.Namespace) -> int:
    from configurator.catalog.loader import load_catalog
    from configurator.cli.effective_picks import parse_picks
    from configurator.paths import demo_catalog_path
    from configurator.rules.handover import engine_for

    path = args.catalog or demo_catalog_path()
    catalog = load_catalog(path)  # lints it: the linter's compiled engine is handed over
    picks = parse_picks(catalog, args.pick, args.code)
    engine = engine_for(catalog)
    state = engine.state(picks)
    repairs = _repairs(engine, state)
    if args.json:
        print(
            json.dumps(
                {**state.to_dict(), "valid": not state.dropped, "repairs": repairs}, indent=2
            )
        )
    else:
        print(format_state(catalog, state, repairs))
    return 1 if state.dropped else 0


def format_state(catalog: Catalog, state: ConfigState, repairs: list[dict[str, Any]]) -> str:
    """A plain-text table: per group its pick, then every option with a mark and the reason."""
    lines = [
        f"{catalog.name} ({catalog.id})",
        f"price so far: {state.price} {catalog.currency}    "
        f"complete: {'yes' if state.complete else 'no'}",
    ]
    if state.code:
        lines.append(f"code: {state.code}")
    for dropped in state.dropped:
        lines.append(f"DROPPED {dropped.group}={dropped.option}: {dropped.reason}")
    for repair in repairs:
        changes = ", ".join(
            f"{c['group']} {c['before']['option']} -> "
            f"{c['after']['option'] if c['after'] else '(cleared)'}"
            for c in repair["changes"]
        )
        lines.append(f"  to take {repair['group']}={repair['option']}: change {changes}")
    for group_state in state.groups:
        group = catalog.group(group_state.group)
        if group.kind.value == "many":
            pick = f"{group_state.count} picked ({group.min}..{group.max})"
        elif group_state.decided:
            value = state.picks.get(group.id)
            pick = "none" if value is None else str(value)
            pick += " (default)" if group_state.default else ""
        else:
            pick = "-"
        lines.append(f"{group.label} [{group.id}]: {pick}")
        for option in group_state.options:
            mark = "*" if option.picked else ("+" if option.selectable else "x")
            name = option.option if option.option is not None else "none"
            extra = (
                f"  qty {option.qty}, up to {option.max_qty}" if group.kind.value == "many" else ""
            )
            reason = f"  -- {option.explanation.text}" if option.explanation else ""
            lines.append(f"  {mark} {name}{extra}{reason}")
    for hint in state.hints:
        lines.append(f"hint ({hint.rule}): {hint.message}")
    return "\n".join(lines)
