"""Order throughput and latency: orders/s with 1 and 8 writer processes, p99 with 4 writers,
on SQLite (WAL, synchronous=FULL, BEGIN IMMEDIATE) and PostgreSQL.

    .venv/bin/python benchmarks/bench_orders.py [--orders 800] [--warmup 10] [--pg-url URL]

Each writer is a separate process that places orders through
`configurator.orders.placing.place_order` (rule-engine validation, prices, one write
transaction that reserves every part with conditional updates, numbers the order gap-free and
writes the order, its lines, frozen BOM, reservations and movements; planned before the turn
once the process knows the stock rows, so the turn runs statements compiled from the models).
The row "SQLite via ORM bulk API" places the same orders with `via_orm=True`: the planned turn
through the ORM session's documented bulk API instead (`orders.ormturn`), to compare the two.
The promise date is passed in, so the figures are the order transaction's
cost; `--with-promise` also runs the inventory estimate (a snapshot read) per order.
The laptop has 13 parts over 12 option groups, like the demo catalog. PostgreSQL runs when
`--pg-url` or $CONFIGURATOR_TEST_PG_URL is set (its public schema is dropped and recreated).
Each writer first places `--warmup` orders that are not counted: a process's first order
pays once for compiling the catalog's rules and the statements (about 50 ms), which a
counter does at start-up, not per order; that first order's time is reported on its own.
With group commit (seventh session, `orders.groupcommit`) one turn can commit the orders of
several writers: "orders per commit" counts them (a writer whose order another's commit
placed has a turn that only reads its answer; it is not a commit). "Commit's turn" is the
time from getting the turn to the end of a turn that committed, "gap" the time from one such
turn's end to the next one's start (the answered writers' short turns lie in between): one
file takes at most orders per commit x 1000 / (turn + gap) orders/s. Inside the turns, the
CPU per order is split into user and system time (the kernel's tick samples it: fair over
hundreds of turns, not per turn) and the time the writer was runnable but waiting for a CPU
is shown (Linux schedstat); the rest of a turn is mostly the commit's fsync.

Prints a Markdown report; benchmarks/results/orders.md keeps the runs. PostgreSQL's public
schema is dropped: point --pg-url at a database of its own, not the tests' one.
Targets (issue 5): >= 500 orders/s through the ORM with 8 writers on SQLite, judged on the
app's order path (SQL and type conversion from the SQLModel models, see docs/store.md,
"Through the ORM?"); p99 < 50 ms with 4 writers. Those two rows run `--repeats` times (3),
each on a new file, and the targets take the median run: the disk's commit rate here swings
between about 2,000 and 4,000 per second from one minute to the next.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing as mp
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from configurator.catalog.model import (
    BomEntry,
    Catalog,
    Component,
    Group,
    GroupKind,
    Option,
    PartQty,
)
from configurator.orders.promising import PromiseInfo
from configurator.shop import ShopSettings
from configurator.store.database import make_engine, references_checked_by_caller
from configurator.store.migrate import upgrade_to_head
from configurator.store.models import Role, Stock, User
from configurator.store.seed import sync_components

TODAY = date(2026, 11, 25)
ORM_ROW = "SQLite via ORM bulk API"
GROUPS = 12
OPTIONS = 3


def bench_catalog() -> Catalog:
    groups = tuple(
        Group(
            f"g{g}",
            f"Group {g}",
            GroupKind.ONE,
            tuple(
                Option(
                    f"o{o}",
                    f"Option {g}.{o}",
                    Decimal(10 * o),
                    default=o == 0,
                    components=(PartQty(f"P-{g}-{o}"),),
                )
                for o in range(OPTIONS)
            ),
        )
        for g in range(GROUPS)
    )
    parts = [f"P-{g}-{o}" for g in range(GROUPS) for o in range(OPTIONS)] + ["PSU"]
    components = {p: Component(p, f"Part {p}", f"BIN-{p}", 10) for p in parts}
    return Catalog(
        id="bench",
        name="Bench",
        currency="EUR",
        base_price=Decimal("499.00"),
        assembly_minutes=40,
        groups=groups,
        bom=(BomEntry(add=(PartQty("PSU"),)),),
        components=components,
        version_hash="b" * 64,
    )


def prepare(engine: Engine, catalog: Catalog) -> None:
    from configurator.orders.users import hash_pin

    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade_to_head(engine, backup_dir=None)
    with Session(engine) as session:
        sync_components(session, catalog)
        for comp in catalog.components.values():
            session.add(Stock(part=comp.id, bin=comp.bin, on_hand=10_000_000))
        session.add(User(name="bench", role=Role.CLERK, pin_hash=hash_pin("1234")))
        session.commit()


def open_engine(url: str, sync: str) -> Engine:
    """The app's engine; `sync="NORMAL"` relaxes SQLite's commit durability (comparison only:
    the app always runs with FULL)."""
    engine = make_engine(url)
    if sync != "FULL" and engine.dialect.name == "sqlite":
        # both the engine and its sibling for planned orders (references_checked_by_caller)
        for each in (engine, references_checked_by_caller(engine)):

            @event.listens_for(each, "connect")
            def _relax(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.execute(f"PRAGMA synchronous = {sync}")

            each.dispose()  # reconnect with the listener in place
    return engine


def raw_commit_rate(folder: Path, n: int = 200) -> float:
    """Bare sqlite3 commits/s (WAL, synchronous=FULL, one tiny insert each): the disk's limit."""
    import sqlite3

    conn = sqlite3.connect(folder / "raw.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (x INTEGER)")
    t0 = time.perf_counter()
    for i in range(n):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (?)", (i,))
        conn.execute("COMMIT")
    rate = n / (time.perf_counter() - t0)
    conn.close()
    return rate


def wal_pages_per_order(folder: Path, orders: int = 200) -> tuple[float, int]:
    """WAL pages one order's commit writes and the page size (SQLite, one writer, checkpoints
    off so the WAL only grows): every page an order touches is written whole at its commit."""
    import random
    import sqlite3

    from configurator.orders.placing import place_order
    from configurator.orders.users import actor_by_name

    path = folder / "pages.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    catalog = bench_catalog()
    prepare(engine, catalog)
    for each in (engine, references_checked_by_caller(engine)):
        event.listen(each, "connect", lambda c, _r: c.execute("PRAGMA wal_autocheckpoint = 0"))
        each.dispose()
    with Session(engine) as session:
        actor = actor_by_name(session, "bench")
    rng = random.Random(1)
    settings, promise = ShopSettings(), PromiseInfo(TODAY, TODAY, "bench")

    def place() -> None:
        picks = {g.id: rng.choice(g.options).id for g in catalog.groups}
        place_order(
            engine,
            catalog=catalog,
            settings=settings,
            actor=actor,
            today=TODAY,
            picks=picks,
            promise=promise,
        )

    for _ in range(20):  # warm: the process plans before its turns from here on
        place()
    bare = sqlite3.connect(path)
    page_size = int(bare.execute("PRAGMA page_size").fetchone()[0])
    bare.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    bare.close()
    for _ in range(orders):
        place()
    grown = Path(f"{path}-wal").stat().st_size
    engine.dispose()
    return grown / (page_size + 24) / orders, page_size  # a frame: 24-byte header + the page


def writer(  # noqa: PLR0917 - a process target takes positional args
    url: str,
    count: int,
    warmup: int,
    seed: int,
    with_promise: bool,
    sync: str,
    orm: bool,
    start: Any,
    out: Any,
) -> None:
    import random

    from configurator.orders import retry
    from configurator.orders.placing import place_order
    from configurator.orders.users import actor_by_name

    # inside the write turn (flock + transaction), seconds: wall, CPU, user and system CPU
    # (the kernel splits CPU time by where its tick found the thread: a sample, fair over
    # hundreds of turns), and time runnable but waiting for a CPU (run-queue delay)
    held = [0.0] * 5
    # (start, end, committed) of each turn, system-wide clock; a turn that only read the
    # answer of the writer ahead (group commit: its order was in that writer's commit) did
    # not commit
    turns: list[tuple[float, float, bool]] = []
    original_turn = retry.writer_turn
    waited = _run_queue_clock()
    served = [False]

    @contextmanager
    def timed_turn(engine: Engine, post: Any = None) -> Iterator[Any]:
        with original_turn(engine, post) if post is not None else original_turn(engine) as turn:
            r0, q0 = resource.getrusage(resource.RUSAGE_THREAD), waited()
            t0, c0 = time.perf_counter(), time.process_time()
            served[0] = False
            try:
                yield turn
            finally:
                t1, c1 = time.perf_counter(), time.process_time()
                q1, r1 = waited(), resource.getrusage(resource.RUSAGE_THREAD)
                held[0] += t1 - t0
                held[1] += c1 - c0
                held[2] += r1.ru_utime - r0.ru_utime
                held[3] += r1.ru_stime - r0.ru_stime
                held[4] += q1 - q0
                turns.append((t0, t1, not served[0]))

    retry.writer_turn = timed_turn
    try:  # group commit (seventh session): count the orders another writer committed
        from configurator.orders import groupcommit
    except ImportError:
        pass
    else:
        groupcommit.writer_turn = timed_turn  # type: ignore[attr-defined]
        original_answer = groupcommit._read_answer

        def counted_answer(turn: Any, *handover: Any) -> Any:  # (turn[, handover])
            answer = original_answer(turn, *handover)
            served[0] = answer is not None and answer[0] == groupcommit.Status.DONE
            return answer

        groupcommit._read_answer = counted_answer  # type: ignore[assignment]
    engine = open_engine(url, sync)
    catalog = bench_catalog()
    settings = ShopSettings()
    with Session(engine) as session:
        actor = actor_by_name(session, "bench")
    rng = random.Random(seed)
    promise = None if with_promise else PromiseInfo(TODAY, TODAY, "bench")
    picks = [
        {g.id: rng.choice(g.options).id for g in catalog.groups} for _ in range(count + warmup)
    ]

    def place(p: dict[str, str]) -> float:
        t0 = time.perf_counter()
        place_order(
            engine,
            catalog=catalog,
            settings=settings,
            actor=actor,
            today=TODAY,
            picks=p,
            promise=promise,
            via_orm=orm,
        )
        return time.perf_counter() - t0

    first = [place(p) for p in picks[:warmup]][:1]
    held[:] = [0.0] * 5
    turns.clear()
    start.wait()
    cpu0, r0 = time.process_time(), resource.getrusage(resource.RUSAGE_SELF)
    latencies = [place(p) for p in picks[warmup:]]
    cpu, r1 = time.process_time() - cpu0, resource.getrusage(resource.RUSAGE_SELF)
    switches = (r1.ru_nvcsw - r0.ru_nvcsw, r1.ru_nivcsw - r0.ru_nivcsw)
    out.send((latencies, cpu, held, turns, first, switches))
    engine.dispose()


def _run_queue_clock() -> Callable[[], float]:
    """Seconds the calling thread has waited runnable for a CPU (Linux schedstat; elsewhere
    always 0)."""
    try:
        fd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
    except OSError:
        return lambda: 0.0
    return lambda: int(os.pread(fd, 64, 0).split()[1]) / 1e9


def _share(part: float, other: float) -> float:
    return part / (part + other) if part + other > 0 else float("nan")


def run(  # noqa: PLR0917 - one call per table row
    url: str,
    writers: int,
    total: int,
    warmup: int,
    with_promise: bool,
    sync: str,
    orm: bool = False,
) -> dict[str, float]:
    engine = make_engine(url)
    prepare(engine, bench_catalog())
    engine.dispose()
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["configurator.orders.placing", "benchmarks.bench_orders"])
    start = ctx.Barrier(writers + 1)
    pipes, procs = [], []
    per = total // writers
    for i in range(writers):
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=writer, args=(url, per, warmup, i, with_promise, sync, orm, start, send)
        )
        proc.start()
        pipes.append(recv)
        procs.append(proc)
    start.wait()
    t0 = time.perf_counter()
    reports = [recv.recv() for recv in pipes]
    wall = time.perf_counter() - t0
    latencies = [lat for report in reports for lat in report[0]]
    cpu = sum(report[1] for report in reports)
    held_wall, held_cpu, held_user, held_sys, held_queued = (
        sum(report[2][i] for report in reports) for i in range(5)
    )
    every = sorted(span for report in reports for span in report[3])
    spans = [span[:2] for span in every if span[2]]
    turns = sorted(b - a for a, b in spans)
    # from one commit's turn to the next (turns of writers served by a commit in between)
    gaps = [max(0.0, b[0] - a[1]) for a, b in itertools.pairwise(spans)]
    firsts = [f for report in reports for f in report[4]]
    voluntary = sum(report[5][0] for report in reports)
    involuntary = sum(report[5][1] for report in reports)
    for proc in procs:
        proc.join()
    latencies.sort()
    gaps.sort()
    return {
        "gap": statistics.fmean(gaps) * 1000 if gaps else 0.0,
        "gap_p99": gaps[int(len(gaps) * 0.99) - 1] * 1000 if len(gaps) > 1 else 0.0,
        "first": statistics.fmean(firsts) * 1000 if firsts else float("nan"),
        "orders": len(latencies),
        "per_s": len(latencies) / wall,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "mean": statistics.fmean(latencies) * 1000,
        "cpu": cpu / len(latencies) * 1000,
        "vcsw": voluntary / len(latencies),
        "ivcsw": involuntary / len(latencies),
        "commits": len(spans),
        "per_commit": len(latencies) / len(spans) if spans else float("nan"),
        "turn": statistics.fmean(turns) * 1000 if turns else float("nan"),
        "held": held_wall / len(latencies) * 1000,
        "held_cpu": held_cpu / len(latencies) * 1000,
        # the precise CPU time split in the proportion of the kernel's user/system samples
        "held_user": held_cpu * _share(held_user, held_sys) / len(latencies) * 1000,
        "held_sys": held_cpu * _share(held_sys, held_user) / len(latencies) * 1000,
        "held_queued": held_queued / len(latencies) * 1000,
        "turn_p99": turns[int(len(turns) * 0.99) - 1] * 1000 if turns else float("nan"),
    }


def _median_run(results: list[dict[str, float]], key: str) -> dict[str, float]:
    """The run whose `key` is the median of the runs' (the lower middle one of an even
    number): its other figures describe the same run."""
    ordered = sorted(results, key=lambda r: r[key])
    return ordered[(len(ordered) - 1) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=800, help="orders per run (800)")
    parser.add_argument(
        "--warmup", type=int, default=10, help="uncounted orders per writer first (10)"
    )
    parser.add_argument("--pg-url", default=os.environ.get("CONFIGURATOR_TEST_PG_URL"))
    parser.add_argument("--with-promise", action="store_true", help="estimate promises too")
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="runs of the two target rows (SQLite, 4 and 8 writers), each on a new file (3)",
    )
    args = parser.parse_args()
    rows: list[tuple[str, int, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        raw = raw_commit_rate(folder)
        pages, page_size = wal_pages_per_order(folder)
        runs: list[tuple[str, str, str, int, bool]] = []
        for writers in (1, 4, 8):
            for k in range(1 if writers == 1 else max(1, args.repeats)):
                runs.append(
                    (
                        "SQLite",
                        f"sqlite:///{folder / f'full-{writers}-{k}.sqlite3'}",
                        "FULL",
                        writers,
                        False,
                    )
                )
        runs.append((ORM_ROW, f"sqlite:///{folder / 'orm-8.sqlite3'}", "FULL", 8, True))
        for writers in (1, 8):
            runs.append(
                (
                    "SQLite sync=NORMAL",
                    f"sqlite:///{folder / f'normal-{writers}.sqlite3'}",
                    "NORMAL",
                    writers,
                    False,
                )
            )
        if args.pg_url:
            runs += [("PostgreSQL", args.pg_url, "FULL", w, False) for w in (1, 4, 8)]
        for name, url, sync, writers, orm in runs:
            result = run(url, writers, args.orders, args.warmup, args.with_promise, sync, orm)
            rows.append((name, writers, result))
            print(
                f"{name:<20} {writers} writer(s): {result['per_s']:7.0f} orders/s, "
                f"p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms",
                file=sys.stderr,
            )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Machine: {os.cpu_count()} cores, load average {load:.1f} at the end of the run.")
    print(f"Bare SQLite commits/s on this disk (WAL, synchronous=FULL): {raw:.0f}.")
    print(
        f"WAL written per order (SQLite, one writer, planned turns): {pages:.1f} pages of "
        f"{page_size} bytes, {pages * (page_size + 24) / 1024:.1f} KiB.\n"
    )
    print(
        "| store | writers | orders | orders/s | mean ms | p50 ms | p99 ms | CPU ms/order "
        "| context switches per order (voluntary / involuntary) "
        "| orders per commit | commit's turn ms (mean / p99) | CPU in turns ms/order "
        "(user / system) | waiting for a CPU in turns ms/order | gap ms (mean / p99) "
        "| first order ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, writers, r in rows:
        gap = f"{r['gap']:.2f} / {r['gap_p99']:.2f}" if name.startswith("SQLite") else "-"
        print(
            f"| {name} | {writers} | {r['orders']:.0f} | {r['per_s']:.0f} | {r['mean']:.1f} | "
            f"{r['p50']:.1f} | {r['p99']:.1f} | {r['cpu']:.2f} | "
            f"{r['vcsw']:.1f} / {r['ivcsw']:.1f} | {r['per_commit']:.2f} | "
            f"{r['turn']:.2f} / {r['turn_p99']:.2f} | "
            f"{r['held_cpu']:.2f} ({r['held_user']:.2f} / {r['held_sys']:.2f}) | "
            f"{r['held_queued']:.2f} | {gap} | {r['first']:.0f} |"
        )
    eights = [r for name, w, r in rows if name == "SQLite" and w == 8]
    fours = [r for name, w, r in rows if name == "SQLite" and w == 4]
    eight = _median_run(eights, "per_s")
    four = _median_run(fours, "p99")
    eight_runs = " / ".join(f"{r['per_s']:.0f}" for r in eights)
    four_runs = " / ".join(f"{r['p99']:.1f}" for r in fours)
    print()
    print(
        f"Target >= 500 orders/s through the ORM with 8 writers on SQLite (the app's order "
        f"path: statements from the SQLModel models, compiled by SQLAlchemy; docs/store.md, "
        f"'Through the ORM?'), the median of {len(eights)} runs "
        f"({eight_runs}): {eight['per_s']:.0f} "
        f"({'met' if eight['per_s'] >= 500 else 'NOT met'}): one commit every "
        f"{eight['turn'] + eight['gap']:.2f} ms with {eight['per_commit']:.2f} orders (group "
        f"commit); a commit's turn (transaction + fsync) takes {eight['turn']:.2f} ms (per "
        f"order {eight['held_cpu']:.2f} ms of CPU and {eight['held_queued']:.2f} ms waiting for "
        f"a CPU in turns) and the next commit's turn starts {eight['gap']:.2f} ms later."
    )
    via_orm = next(r for name, w, r in rows if name == ORM_ROW)
    print(
        f"For comparison, the ORM session's bulk API (same orders, 8 writers; not the app's "
        f"path): {via_orm['per_s']:.0f} orders/s; its turn takes "
        f"{via_orm['held']:.2f} ms ({via_orm['held_cpu']:.2f} ms of it CPU, "
        f"{via_orm['held_cpu'] - eight['held_cpu']:+.2f} ms against the prepared statements)."
    )
    print(
        f"Target p99 < 50 ms with 4 writers on SQLite, the median of {len(fours)} runs "
        f"({four_runs} ms): {four['p99']:.1f} ms "
        f"({'met' if four['p99'] < 50 else 'NOT met'})."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
