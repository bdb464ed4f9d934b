"""Availability benchmark: 5,000 components, 100,000 past orders, and the demo catalog's options.

    .venv/bin/python benchmarks/bench_availability.py [--orders 100000] [--components 5000]

Builds a temporary SQLite store (migrated with the real schema) holding a generated catalog's
5,000 components (leaves, sub-assemblies made of leaves, assemblies made of sub-assemblies),
stock in one or two bins per part, open receipts, and 100,000 past orders with their frozen
bills of material (about 1.3 million order_part rows), a few hundred of them still open and some
of those backorders. Then it measures:

1. reading the whole snapshot from the store (what `AvailabilityService.refresh` does),
2. reading only one configuration's parts (what placing an order needs),
3. the availability check per configuration from memory (explosion through every level,
   netting, dates, limiting parts), and check + promise date,
4. per-option status and date impact for every option of the generated catalog and of the
   demo catalog (what the GUI does on every click).

Prints a Markdown report; benchmarks/results/availability.md keeps the last run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, SQLModel

from configurator.catalog.model import (
    Catalog,
    Component,
    Group,
    GroupKind,
    Option,
    PartQty,
    Picks,
)
from configurator.inventory.availability import check_availability
from configurator.inventory.service import AvailabilityService
from configurator.inventory.snapshot import load_snapshot
from configurator.inventory.store_queries import read_booked_minutes
from configurator.inventory.structure import bom_parts
from configurator.rules.bom import bill_of_materials
from configurator.shop import WorkshopCalendar
from configurator.store.database import make_engine, reader
from configurator.store.migrate import upgrade_to_head

TODAY = date(2026, 11, 25)
CALENDAR = WorkshopCalendar(
    hours_per_day=Decimal("7.5"), assemblers=2, holidays=frozenset({date(2026, 12, 24)})
)
GROUPS = 30
OPTIONS_PER_GROUP = 12


def generated_catalog(n_components: int, rnd: random.Random) -> Catalog:
    """Leaves (80 %), sub-assemblies of 2-4 leaves (16 %), assemblies of sub-assemblies and
    leaves (4 %); 30 groups x 12 options, each option taking 1-2 parts of any level."""
    n_top = n_components // 25
    n_sub = n_components * 4 // 25
    n_leaf = n_components - n_top - n_sub
    leaves = [f"L{i:05d}" for i in range(n_leaf)]
    subs = [f"S{i:05d}" for i in range(n_sub)]
    tops = [f"T{i:05d}" for i in range(n_top)]
    components: dict[str, Component] = {}
    for part in leaves:
        components[part] = Component(part, f"Leaf part {part}", "A-01", rnd.randint(3, 30))
    for part in subs:
        made_of = tuple(
            PartQty(p, rnd.randint(1, 2)) for p in rnd.sample(leaves, rnd.randint(2, 4))
        )
        components[part] = Component(
            part,
            f"Sub-assembly {part}",
            "B-01",
            rnd.randint(10, 40),
            made_of=made_of,
            build_minutes=rnd.randint(5, 30),
        )
    for part in tops:
        made_of = tuple(
            [PartQty(p, 1) for p in rnd.sample(subs, rnd.randint(1, 2))]
            + [PartQty(p, rnd.randint(1, 4)) for p in rnd.sample(leaves, rnd.randint(1, 2))]
        )
        components[part] = Component(
            part,
            f"Assembly {part}",
            "C-01",
            rnd.randint(15, 45),
            made_of=made_of,
            build_minutes=rnd.randint(10, 40),
        )
    pool = leaves + subs * 2 + tops * 2
    groups = []
    for g in range(GROUPS):
        options = tuple(
            Option(
                id=f"o{o}",
                label=f"Option {g}.{o}",
                price=Decimal(rnd.randint(0, 300)),
                components=tuple(
                    PartQty(p, rnd.choice((1, 1, 1, 2)))
                    for p in rnd.sample(pool, rnd.randint(1, 2))
                ),
            )
            for o in range(OPTIONS_PER_GROUP)
        )
        groups.append(Group(f"g{g:02d}", f"Group {g}", GroupKind.ONE, options))
    return Catalog(
        id="bench",
        name="Benchmark catalog",
        currency="EUR",
        base_price=Decimal(500),
        assembly_minutes=40,
        groups=tuple(groups),
        components=components,
        version_hash="b" * 64,
    )


def random_picks(catalog: Catalog, rnd: random.Random) -> dict[str, str]:
    return {g.id: rnd.choice(g.options).id for g in catalog.groups}


def _batches(rows: Iterator[dict[str, Any]], size: int = 20_000) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def build_store(path: Path, catalog: Catalog, n_orders: int, rnd: random.Random) -> float:
    """Fill a migrated SQLite store; returns the seconds it took."""
    started = time.perf_counter()
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine, backup_dir=None)
    tables = SQLModel.metadata.tables
    now = datetime(2026, 11, 25, 9, tzinfo=UTC)
    parts = list(catalog.components)
    with engine.begin() as conn:
        conn.execute(
            insert(tables["app_user"]),
            [
                {
                    "name": "bench",
                    "role": "clerk",
                    "pin_hash": "x",
                    "full_name": "",
                    "active": True,
                    "failed_pin_attempts": 0,
                }
            ],
        )
        conn.execute(
            insert(tables["component"]),
            [
                {
                    "part": c.id,
                    "name": c.name,
                    "bin": c.bin,
                    "lead_time_days": c.lead_time_days,
                    "build_minutes": c.build_minutes,
                    "catalog_id": catalog.id,
                }
                for c in catalog.components.values()
            ],
        )
        stock_rows = []
        for part in parts:
            on_hand = rnd.choice((0, 0, 1, 2, 3, 5, 8, 12, 20, 40))
            reserved = rnd.randint(0, on_hand // 3)
            stock_rows.append(
                {"part": part, "bin": "A-01", "on_hand": on_hand, "reserved": reserved}
            )
            if rnd.random() < 0.2:
                stock_rows.append(
                    {"part": part, "bin": "Z-99", "on_hand": rnd.randint(0, 5), "reserved": 0}
                )
        conn.execute(insert(tables["stock"]), stock_rows)
        conn.execute(
            insert(tables["receipt"]),
            [
                {
                    "part": rnd.choice(parts),
                    "qty": rnd.randint(1, 20),
                    "expected_on": TODAY + timedelta(days=rnd.randint(-2, 40)),
                    "supplier_ref": f"PO-{i}",
                    "received": i % 3 == 0,
                    "received_on": None,
                }
                for i in range(3_000)
            ],
        )
        order_ids = range(1, n_orders + 1)
        open_from = n_orders - 400  # the last 400 orders are still in the workshop queue

        def orders() -> Iterator[dict[str, Any]]:
            for oid in order_ids:
                is_open = oid > open_from
                day = TODAY - timedelta(days=(n_orders - oid) * 730 // n_orders)
                yield {
                    "id": oid,
                    "quote_number": f"Q-{oid}",
                    "order_number": f"O-{oid}",
                    "status": rnd.choice(("ordered", "in_assembly")) if is_open else "handed_over",
                    "customer_id": None,
                    "created_by": 1,
                    "created_at": now,
                    "quoted_on": day,
                    "valid_until": day,
                    "ordered_on": day,
                    "catalog_id": catalog.id,
                    "catalog_version": catalog.version_hash,
                    "config_code": "",
                    "picks": {},
                    "base_price": Decimal(500),
                    "list_price": Decimal(900),
                    "discount_percent": Decimal(0),
                    "discount_amount": Decimal(0),
                    "total": Decimal(900),
                    "vat_rate": Decimal("0.19"),
                    "vat_amount": Decimal("143.70"),
                    "backorder": False,
                    "promised_on": TODAY + timedelta(days=rnd.randint(-2, 15)) if is_open else day,
                    "promise_reason": "",
                    "cancel_reason": "",
                    "notes": "",
                    "updated_at": now,
                }

        for batch in _batches(orders()):
            conn.execute(insert(tables["sales_order"]), batch)

        def order_parts() -> Iterator[dict[str, Any]]:
            for oid in order_ids:
                # 12-14 frozen BOM lines per order, as a 12-group laptop has.
                for part in rnd.sample(parts, rnd.randint(12, 14)):
                    short = 1 if oid > open_from and rnd.random() < 0.05 else 0
                    yield {
                        "order_id": oid,
                        "part": part,
                        "qty": 1,
                        "short": short,
                        "parent": None,
                        "built": 0,
                    }

        for batch in _batches(order_parts(), 50_000):
            conn.execute(insert(tables["order_part"]), batch)
    engine.dispose()
    return time.perf_counter() - started


class Timings(list[float]):
    """Wall-clock milliseconds per call, with the process's CPU milliseconds alongside (on a
    shared machine the wall clock also counts the time spent waiting for a core)."""

    def __init__(self) -> None:
        super().__init__()
        self.cpu: list[float] = []


def timed(fn: Callable[[], object], repeat: int) -> Timings:
    out = Timings()
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        fn()
        out.append((time.perf_counter() - started) * 1000)
        out.cpu.append((time.process_time() - cpu) * 1000)
    return out


def summary(values: Timings) -> str:
    wall = sorted(values)
    p95 = wall[min(len(wall) - 1, int(len(wall) * 0.95))]
    cpu = statistics.median(values.cpu)
    return (
        f"wall min {wall[0]:.2f} / p50 {statistics.median(wall):.2f} / p95 {p95:.2f} ms; "
        f"CPU p50 {cpu:.2f} ms"
    )


def demo_figures(rows: list[tuple[str, str]], rnd: random.Random) -> None:
    """Per-option impacts on the demo catalog with the demo stock (no store needed)."""
    from configurator.catalog.loader import load_catalog
    from configurator.inventory.snapshot import IncomingReceipt, StockRow, StockSnapshot
    from configurator.paths import demo_catalog_path, demo_stock_path
    from configurator.store.stockfile import load_stock_file

    if not demo_catalog_path().is_file():
        rows.append(("Demo catalog", "not found: skipped"))
        return
    catalog = load_catalog(demo_catalog_path())
    stock = load_stock_file(demo_stock_path(), catalog)
    snapshot = StockSnapshot.from_values(
        [StockRow(s.part, s.on_hand, 0, s.bin) for s in stock.stock],
        [
            IncomingReceipt(r.part, r.qty, TODAY + timedelta(days=r.due_in_days), r.supplier_ref)
            for r in stock.receipts
        ],
    )
    n_options = sum(len(g.options) for g in catalog.groups)
    defaults: Picks = {g.id: g.default.id for g in catalog.groups if g.default is not None}
    # Fresh service per click: no memoised answers from earlier clicks.
    cold = timed(
        lambda: AvailabilityService(catalog, CALENDAR, snapshot=snapshot).options(defaults, TODAY),
        50,
    )
    service = AvailabilityService(catalog, CALENDAR, snapshot=snapshot)

    def click() -> None:
        group = rnd.choice([g for g in catalog.groups if g.kind is not GroupKind.MANY])
        picks = dict(defaults)
        picks[group.id] = rnd.choice(group.options).id
        service.options(picks, TODAY)

    warm = timed(click, 200)
    rows.append(
        (
            f"Demo catalog: all {n_options} options' status + impact, first click (cold)",
            summary(cold),
        )
    )
    rows.append(
        ("Demo catalog: all options' status + impact, later clicks (shared memo)", summary(warm))
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--components", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    catalog = generated_catalog(args.components, rnd)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        build_seconds = build_store(path, catalog, args.orders, rnd)
        engine = make_engine(f"sqlite:///{path}")
        read = reader(engine)
        with Session(read) as session:
            n_rows = (
                session.connection().exec_driver_sql("SELECT count(*) FROM order_part").scalar()
            )

        def full_refresh() -> None:
            service = AvailabilityService(catalog, CALENDAR, engine=engine)
            service.refresh(TODAY)

        refresh = timed(full_refresh, 20)
        configs = [random_picks(catalog, rnd) for _ in range(500)]
        boms = [bill_of_materials(catalog, p) for p in configs]

        def one_order(bom: dict[str, int]) -> None:
            with Session(read) as session:
                snap = load_snapshot(session, bom_parts(catalog.components, bom))
                booked = read_booked_minutes(
                    session, assembly_minutes=40, today=TODAY, calendar=CALENDAR
                )
                session.rollback()
            check_availability(
                bom, components=catalog.components, snapshot=snap, calendar=CALENDAR, today=TODAY
            )
            del booked

        it = iter(boms * 2)
        per_order = timed(lambda: one_order(next(it)), 200)
        service = AvailabilityService(catalog, CALENDAR, engine=engine)
        service.refresh(TODAY)
        snapshot = service.snapshot
        it2 = iter(boms * 4)
        check_cold = timed(
            lambda: check_availability(
                next(it2),
                components=catalog.components,
                snapshot=snapshot,
                calendar=CALENDAR,
                today=TODAY,
            ),
            2000,
        )
        explode = [
            len(
                check_availability(
                    b,
                    components=catalog.components,
                    snapshot=snapshot,
                    calendar=CALENDAR,
                    today=TODAY,
                ).parts
            )
            for b in boms
        ]
        it3 = iter(configs * 4)

        def config_with_promise() -> None:
            fresh = AvailabilityService(
                catalog,
                CALENDAR,
                snapshot=snapshot,
                booked=service.booked,
            )
            fresh.configuration(next(it3), TODAY)

        with_promise = timed(config_with_promise, 1000)
        it4 = iter(configs * 2)

        def all_options() -> None:
            fresh = AvailabilityService(
                catalog,
                CALENDAR,
                snapshot=snapshot,
                booked=service.booked,
            )
            fresh.options(next(it4), TODAY)

        options_cold = timed(all_options, 30)
        clicking = AvailabilityService(catalog, CALENDAR, snapshot=snapshot, booked=service.booked)
        start = configs[0]

        def click() -> None:
            group = rnd.choice(catalog.groups)
            clicking.options({**start, group.id: rnd.choice(group.options).id}, TODAY)

        options_warm = timed(click, 100)
        engine.dispose()
    rows.insert(
        0,
        (
            "Store",
            f"{args.components:,} components, {args.orders:,} orders, "
            f"{n_rows:,} order_part rows (built in {build_seconds:.0f} s)",
        ),
    )
    rows.append(
        (
            "Full snapshot from the store (refresh: stock, receipts, backorders, booked minutes)",
            summary(refresh),
        )
    )
    rows.append(("One order from the store: read its BOM's parts only + check", summary(per_order)))
    rows.append(
        (
            "Availability check per configuration from memory "
            f"({min(explode)}-{max(explode)} parts after explosion)",
            summary(check_cold),
        )
    )
    rows.append(
        ("Check + promise date per configuration (BOM from picks, no memo)", summary(with_promise))
    )
    rows.append(
        (
            f"Generated catalog: all {GROUPS * OPTIONS_PER_GROUP} options' status + impact, cold",
            summary(options_cold),
        )
    )
    rows.append(
        (
            f"Generated catalog: all {GROUPS * OPTIONS_PER_GROUP} options, later clicks "
            "(one option changed, shared memo)",
            summary(options_warm),
        )
    )
    demo_figures(rows, rnd)
    print(
        f"# Availability benchmark\n\nPython {sys.version.split()[0]}, seed {args.seed}, "
        f"{date.today()}.\n"
    )
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Load average while measuring (2 cores, shared): {load}.\n")
    print("| What | Time |\n|---|---|")
    for what, value in rows:
        print(f"| {what} | {value} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
