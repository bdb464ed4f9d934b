"""Planning benchmark: forecast + reorder for 5,000 components over 3 years of weekly history.

    .venv/bin/python benchmarks/bench_planning.py [--components 5000] [--weeks 156] [--runs 5]

Generates (seeded) one weekly series per component with the mix a parts store has: smooth
series with trend and seasonality, erratic ones, intermittent and lumpy ones (most parts are
ordered only now and then), a few with gaps and a few with no demand at all. Then it times, in
one process, the whole planning pass the CLI and the GUI run: classification, the parameter grid
(Holt: 4 passes, Croston-SBA: 4), held-out error, bands, and the reorder figures for every
component. Also reports the forecast error against the naive forecast (MASE) by class, so the
speed is not bought with bad forecasts. Prints Markdown; benchmarks/results/planning.md keeps
the last run. Target: forecast + reorder under 2 s.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import statistics
import tempfile
import time
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

from configurator.catalog.model import (
    BomEntry,
    Catalog,
    Component,
    Group,
    GroupKind,
    Option,
    PartQty,
)
from configurator.planning.forecast import Forecast, ForecastSettings, forecast_many
from configurator.planning.reorder import StockPosition, plan_reorder

TODAY = date(2026, 11, 25)


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    limit = math.exp(-lam)
    k, p = 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def make_series(rng: random.Random, weeks: int) -> list[float | None]:
    kind = rng.random()
    if kind < 0.25:  # smooth: level, trend, yearly season, Poisson noise
        level = rng.uniform(4, 40)
        trend = rng.uniform(-0.01, 0.02) * level
        series: list[float | None] = [
            float(
                _poisson(
                    rng,
                    max(0.1, level + trend * w / 10) * (1 + 0.25 * math.sin(2 * math.pi * w / 52)),
                )
            )
            for w in range(weeks)
        ]
    elif kind < 0.40:  # erratic: frequent but jumpy sizes
        series = [float(rng.choice((1, 2, 3, 10, 15))) for _ in range(weeks)]
    elif kind < 0.80:  # intermittent: rare, similar sizes
        p = rng.uniform(0.05, 0.5)
        series = [float(rng.randint(1, 3)) if rng.random() < p else 0.0 for _ in range(weeks)]
    elif kind < 0.97:  # lumpy: rare and very different sizes
        p = rng.uniform(0.05, 0.4)
        series = [float(rng.choice((1, 8, 20))) if rng.random() < p else 0.0 for _ in range(weeks)]
    else:  # never ordered
        series = [0.0] * weeks
    if rng.random() < 0.05:  # a closure of two weeks: a gap, not zero demand
        start = rng.randrange(max(1, weeks - 2))
        series[start] = series[start + 1] = None
    return series


def build(
    count: int, weeks: int, seed: int
) -> tuple[dict[str, list[float | None]], dict[str, Component], dict[str, StockPosition]]:
    rng = random.Random(seed)
    series: dict[str, list[float | None]] = {}
    components: dict[str, Component] = {}
    stock: dict[str, StockPosition] = {}
    for i in range(count):
        pid = f"P{i:05d}"
        series[pid] = make_series(rng, weeks)
        components[pid] = Component(
            id=pid,
            name=f"Part {i}",
            bin=f"A-{i % 40:02d}",
            lead_time_days=rng.choice((0, 3, 7, 10, 14, 21, 30)),
        )
        on_hand = rng.randint(0, 60)
        stock[pid] = StockPosition(
            pid,
            on_hand=on_hand,
            reserved=rng.randint(0, on_hand // 3) if on_hand else 0,
            incoming=((date(2026, 12, 10), rng.randint(5, 30)),) if rng.random() < 0.2 else (),
        )
    return series, components, stock


def store_catalog(options: int = 6) -> Catalog:
    """A laptop-like catalog built in code: 8 groups of `options` options, one part each."""
    groups = []
    components: dict[str, Component] = {}
    for g in range(8):
        opts = []
        for o in range(options):
            part = f"G{g}-O{o}"
            components[part] = Component(part, f"Part {part}", f"B-{g:02d}", 7 + 3 * o)
            opts.append(
                Option(
                    f"o{o}",
                    f"Option {o}",
                    Decimal(10 * o),
                    default=o == 0,
                    components=(PartQty(part),),
                )
            )
        groups.append(Group(f"g{g}", f"Group {g}", GroupKind.ONE, tuple(opts)))
    components["PSU"] = Component("PSU", "Adapter", "Z-01", 12)
    return Catalog(
        id="bench",
        name="Benchmark laptops",
        currency="EUR",
        base_price=Decimal("499.00"),
        assembly_minutes=40,
        groups=tuple(groups),
        bom=(BomEntry(add=(PartQty("PSU"),)),),
        components=components,
        version_hash="b" * 64,
    )


def bench_store(weeks: int, per_week: float) -> list[str]:
    """Seed a temporary SQLite store with `weeks` of history, then time what the GUI's planning
    view does (read the history, forecast, reorder, projections, buildable) end to end."""
    from configurator.planning.demo_history import generate
    from configurator.planning.service import planning_overview
    from configurator.shop import ShopSettings
    from configurator.store.database import make_engine, session_scope
    from configurator.store.migrate import upgrade_to_head
    from configurator.store.models import Role, Stock, User
    from configurator.store.seed import sync_components

    catalog = store_catalog()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        upgrade_to_head(engine, backup_dir=None)
        with session_scope(engine) as session:
            sync_components(session, catalog)
            for part, comp in catalog.components.items():
                session.add(Stock(part=part, bin=comp.bin, on_hand=40))
            session.add(User(name="bench", role=Role.CLERK, pin_hash="x"))
        t0 = time.perf_counter()
        with session_scope(engine) as session:
            orders = generate(session, catalog, today=TODAY, weeks=weeks, orders_per_week=per_week)
        seeded = time.perf_counter() - t0
        times = []
        for _ in range(3):
            t1 = time.perf_counter()
            overview = planning_overview(engine, catalog, today=TODAY, settings=ShopSettings())
            times.append(time.perf_counter() - t1)
        engine.dispose()
    return [
        f"\n## From the store ({orders} orders over {weeks} weeks, {len(catalog.components)} "
        "parts, SQLite)\n",
        "| step | time |",
        "|---|---:|",
        f"| writing the history (`demo_history.generate`) | {seeded:.2f} s |",
        f"| planning view end to end (`planning_overview`: read, forecast, reorder, "
        f"projections, buildable), best of 3 | {min(times):.3f} s |",
        f"\n{overview.report.history.orders} orders read back; "
        f"{sum(1 for line in overview.reorder if line.needs_order)} parts to order.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--components", type=int, default=5000)
    parser.add_argument("--weeks", type=int, default=156)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--store-orders-per-week",
        type=float,
        default=150.0,
        help="orders per week in the store section (0 skips it)",
    )
    args = parser.parse_args()
    series, components, stock = build(args.components, args.weeks, args.seed)
    settings = ForecastSettings(horizon=12, holdout=13)
    forecast_times: list[float] = []
    reorder_times: list[float] = []
    cpu_times: list[float] = []
    forecasts: dict[str, Forecast] = {}
    lines = []
    for _ in range(args.runs):
        c0 = time.process_time()
        t0 = time.perf_counter()
        forecasts = forecast_many(series, settings)
        t1 = time.perf_counter()
        lines = plan_reorder(
            components, forecasts, stock, today=TODAY, service_level=Decimal("0.95")
        )
        t2 = time.perf_counter()
        cpu_times.append(time.process_time() - c0)
        forecast_times.append(t1 - t0)
        reorder_times.append(t2 - t1)
    totals = [f + r for f, r in zip(forecast_times, reorder_times, strict=True)]
    methods = Counter(f.method.value for f in forecasts.values())
    patterns = Counter(f.pattern.value for f in forecasts.values())
    mase_by_pattern: dict[str, list[float]] = {}
    beats_naive: Counter[str] = Counter()
    judged: Counter[str] = Counter()
    for fc in forecasts.values():
        if fc.mase is not None:
            mase_by_pattern.setdefault(fc.pattern.value, []).append(fc.mase)
        if fc.mae is not None and fc.naive_mae is not None:
            judged[fc.pattern.value] += 1
            beats_naive[fc.pattern.value] += fc.mae < fc.naive_mae
    to_order = sum(1 for line in lines if line.needs_order)
    nan = sum(
        1
        for fc in forecasts.values()
        for v in (*fc.mean, *fc.lower, *fc.upper, fc.sigma)
        if not math.isfinite(v)
    )
    print(f"# Planning benchmark ({args.components} components x {args.weeks} weeks)\n")
    print(
        f"Machine: {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
        f"at the end (a shared machine: wall time includes waiting for a core, CPU time does "
        f"not); best and median of {args.runs} runs.\n"
    )
    print("| step | best | median |")
    print("|---|---:|---:|")
    for name, values in (
        ("forecast (classify, grid, held-out error, band)", forecast_times),
        ("reorder (safety stock, ROP, order-up-to, sort)", reorder_times),
        ("**forecast + reorder** (wall clock)", totals),
        ("forecast + reorder, CPU time of this process", cpu_times),
    ):
        print(f"| {name} | {min(values):.3f} s | {statistics.median(values):.3f} s |")
    print(
        f"\nTarget: forecast + reorder under 2 s -> best wall clock "
        f"{'met' if min(totals) < 2 else 'NOT met'}, median CPU time "
        f"{'met' if statistics.median(cpu_times) < 2 else 'NOT met'}.\n"
    )
    print("| pattern | series | median MASE on held-out weeks | beats naive on those weeks |")
    print("|---|---:|---:|---:|")
    for pattern, n in sorted(patterns.items()):
        values = mase_by_pattern.get(pattern, [])
        mase = f"{statistics.median(values):.2f}" if values else "-"
        share = f"{beats_naive[pattern] / judged[pattern]:.0%}" if judged[pattern] else "-"
        print(f"| {pattern} | {n} | {mase} | {share} |")
    print(
        f"\nMethods: {dict(sorted(methods.items()))}; components to order: {to_order}; "
        f"non-finite values in any forecast: {nan}."
    )
    if args.store_orders_per_week > 0:
        print("\n".join(bench_store(args.weeks, args.store_orders_per_week)))


if __name__ == "__main__":
    main()
