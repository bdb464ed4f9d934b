"""`configurator plan forecast|reorder|buildable`: demand forecast, replenishment, buildable now.

All three read the store (orders for the history, stock and receipts for the rest) and never
write to it. `--csv FILE` writes the table as CSV (for reorder: the purchase suggestion list).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from configurator.cli.store_args import open_store, today_of

if TYPE_CHECKING:
    from configurator.planning.forecast import Forecast


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="demand forecast, reorder suggestions and buildable-now counts",
        description="Forecast weekly demand from the order history (Holt or Croston-SBA, "
        "with the error on held-out weeks), suggest purchases per component from forecast, "
        "lead time and the shop's service level, and count how many of the most ordered "
        "configurations the stock allows now. Methods: docs/planning.md.",
    )
    sub = parser.add_subparsers(dest="plan_command", metavar="WHAT", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON")
    common.add_argument("--csv", type=Path, default=None, metavar="FILE", help="write CSV")
    common.add_argument(
        "--date", default=None, metavar="YYYY-MM-DD", help="today's date (default: today)"
    )
    forecast = sub.add_parser(
        "forecast", parents=[common], help="weekly demand forecast per component or option"
    )
    forecast.add_argument(
        "--options", action="store_true", help="forecast options instead of components"
    )
    forecast.add_argument("--horizon", type=int, default=12, help="weeks ahead (default 12)")
    forecast.add_argument(
        "--weeks", type=int, default=156, help="weeks of history to use (default 156)"
    )
    forecast.set_defaults(func=run_forecast)
    reorder = sub.add_parser(
        "reorder", parents=[common], help="reorder points and the purchase suggestion list"
    )
    reorder.add_argument(
        "--all", action="store_true", help="list every component, not only those to order"
    )
    reorder.add_argument(
        "--review-days", type=int, default=7, help="days between two looks at the list"
    )
    reorder.set_defaults(func=run_reorder)
    buildable = sub.add_parser(
        "buildable", parents=[common], help="how many of the top configurations stock allows"
    )
    buildable.add_argument("--top", type=int, default=10, help="configurations (default 10)")
    buildable.set_defaults(func=run_buildable)


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    from configurator.planning.forecast import PlanningError

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    target = path.expanduser()
    try:
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(buffer.getvalue(), encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        raise PlanningError(
            f"Cannot write {target}: {exc.strerror or exc}.",
            hint="Choose a file in a folder that exists and that you can write to.",
        ) from exc


def _num(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _forecast_json(key: str, label: str, fc: Forecast) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "pattern": fc.pattern.value,
        "method": fc.method.value,
        "params": dict(fc.params),
        "next_week": _num(fc.weekly),
        "mean": [_num(v) for v in fc.mean],
        "lower": [_num(v) for v in fc.lower],
        "upper": [_num(v) for v in fc.upper],
        "sigma": _num(fc.sigma),
        "adi": _num(fc.adi),
        "cv2": _num(fc.cv2),
        "mae": _num(fc.mae),
        "mase": _num(fc.mase),
        "naive_mae": _num(fc.naive_mae),
        "holdout_weeks": fc.holdout_weeks,
        "history_total": sum(v or 0.0 for v in fc.history),
        "notes": list(fc.notes),
    }


def run_forecast(args: argparse.Namespace) -> int:
    from configurator.planning.forecast import ForecastSettings
    from configurator.planning.service import forecast_report, option_label

    today = today_of(args)
    with open_store(args, today) as app:
        catalog = app.catalog
        report = forecast_report(
            app.engine,
            catalog,
            today=today,
            settings=app.settings,
            weeks=args.weeks,
            forecast_settings=ForecastSettings(horizon=args.horizon),
        )
    series = report.options if args.options else report.components

    def label(key: str) -> str:
        if args.options:
            return option_label(catalog, key)
        comp = catalog.components.get(key)
        return comp.name if comp else key

    items = sorted(series.items(), key=lambda kv: (-kv[1].weekly, kv[0]))
    history = report.history
    payload = {
        "today": today.isoformat(),
        "weeks": len(history.weeks),
        "first_week": history.weeks[0].isoformat() if history.weeks else None,
        "orders": history.orders,
        "notes": list(history.notes),
        "kind": "options" if args.options else "components",
        "items": [_forecast_json(k, label(k), fc) for k, fc in items],
    }
    if args.csv:
        _write_csv(
            args.csv,
            ["key", "label", "pattern", "method", "next_week", "lower", "upper", "mae", "mase"],
            [
                [
                    row["key"],
                    row["label"],
                    row["pattern"],
                    row["method"],
                    row["next_week"],
                    row["lower"][0],
                    row["upper"][0],
                    row["mae"],
                    row["mase"],
                ]
                for row in payload["items"]  # type: ignore[attr-defined]
            ],
        )
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    print(
        f"{payload['kind'].capitalize()}: {len(items)}, history {len(history.weeks)} week(s) "  # type: ignore[attr-defined]
        f"from {history.orders} order(s); next-week forecast with "
        f"{int(report.settings.band_level * 100)} % band"
    )
    for note in history.notes:
        print(f"  note: {note}")
    print(f"{'key':<26} {'method':<12} {'next wk':>8} {'band':>13} {'MAE':>6} {'MASE':>5}")
    for key, fc in items:
        mae = f"{fc.mae:.2f}" if fc.mae is not None else "-"
        mase = f"{fc.mase:.2f}" if fc.mase is not None else "-"
        band = f"{fc.lower[0]:.1f}-{fc.upper[0]:.1f}"
        print(f"{key:<26} {fc.method.value:<12} {fc.weekly:>8.2f} {band:>13} {mae:>6} {mase:>5}")
    return 0


def run_reorder(args: argparse.Namespace) -> int:
    from configurator.planning.reorder import purchase_csv, write_purchase_csv
    from configurator.planning.service import reorder_report

    today = today_of(args)
    with open_store(args, today) as app:
        lines = reorder_report(
            app.engine,
            app.catalog,
            today=today,
            settings=app.settings,
            review_days=args.review_days,
        )
        service_level = app.settings.service_level
    shown = [ln for ln in lines if ln.needs_order or args.all]
    if args.csv:
        count = write_purchase_csv(lines, args.csv, only_orders=not args.all)
        if not args.json:
            print(f"Wrote {count} line(s) to {args.csv}")
    if args.json:
        payload = {
            "today": today.isoformat(),
            "service_level": str(service_level),
            "review_days": args.review_days,
            "lines": [
                {
                    "component": ln.component,
                    "name": ln.name,
                    "bin": ln.bin,
                    "order_qty": ln.order_qty,
                    "on_hand": ln.on_hand,
                    "reserved": ln.reserved,
                    "on_order": ln.on_order,
                    "available": ln.available,
                    "weekly_demand": _num(ln.weekly_demand),
                    "days_of_cover": _num(ln.days_of_cover, 1),
                    "safety_stock": _num(ln.safety_stock, 1),
                    "reorder_point": _num(ln.reorder_point, 1),
                    "order_up_to": _num(ln.order_up_to, 1),
                    "lead_time_days": ln.lead_time_days,
                    "expected_arrival": (
                        ln.expected_arrival.isoformat() if ln.expected_arrival else None
                    ),
                    "method": ln.method,
                    "notes": list(ln.notes),
                }
                for ln in shown
            ],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    if not args.csv:
        to_order = sum(1 for ln in lines if ln.needs_order)
        print(
            f"{to_order} of {len(lines)} component(s) to order "
            f"(service level {service_level}, review every {args.review_days} day(s))"
        )
        text = purchase_csv(shown, only_orders=False)
        for row in csv.reader(io.StringIO(text)):
            print(f"{row[0]:<16} {row[3]:>6} {row[9]:>8} {row[11]:>8} {row[14]:>11}  {row[16]}")
    return 0


def run_buildable(args: argparse.Namespace) -> int:
    from configurator.planning.service import buildable_report

    today = today_of(args)
    with open_store(args, today) as app:
        result = buildable_report(
            app.engine, app.catalog, today=today, settings=app.settings, top=args.top
        )
    rows = [
        {
            "code": b.code,
            "label": b.label,
            "units_ordered": b.units_ordered,
            "buildable_now": b.count,
            "limiting": list(b.limiting),
            "built_in_house": dict(b.built_in_house),
        }
        for b in result
    ]
    if args.csv:
        _write_csv(
            args.csv,
            ["code", "units_ordered", "buildable_now", "limiting"],
            [
                [r["code"], r["units_ordered"], r["buildable_now"], " ".join(r["limiting"])]  # type: ignore[arg-type]
                for r in rows
            ],
        )
    if args.json:
        print(json.dumps({"today": today.isoformat(), "configurations": rows}, indent=2))
        return 0
    if not rows:
        print("No orders yet: no configurations to count.")
    for b in result:
        limit = ", ".join(b.limiting) or "-"
        print(
            f"{b.count:>4} buildable  ({b.units_ordered:>3} ordered)  {b.label}  [short: {limit}]"
        )
        if b.label != b.code:
            print(f"{'':>31}{b.code}")
    return 0
